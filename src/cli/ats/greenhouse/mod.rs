//! Greenhouse in the binary: its `validate` (credential resolution, progress, report) and its
//! `apply` (the guided web hook checklist).

pub(crate) mod apply;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod setup_webhooks;
