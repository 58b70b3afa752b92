//! atsctl: partner integration manifests for applicant tracking systems, and the checks that
//! run against them.
//!
//! Data flows one way: a manifest file is loaded with spans, validated into a [`manifest::Manifest`]
//! against the [`catalog::Catalog`], turned into a [`plan::Checklist`] (or a check report), and
//! rendered by the binary. Nothing in this library prints.

pub mod acceptance;
pub mod ashby;
mod atomic_write;
pub mod ats;
pub mod catalog;
pub mod diagnostic;
pub mod diff;
pub mod document;
mod file_lock;
pub mod greenhouse;
pub mod guided;
pub mod http;
pub mod lever;
pub mod manifest;
pub mod plan;
pub mod profile;
pub mod redact;
mod text_blob;
pub mod webhooks;
