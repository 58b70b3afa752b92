//! The integration test suite, one binary so it links once. Each module drives the real
//! `atsctl` binary in an isolated environment (see `support`).

mod support;

mod apply;
mod auth;
mod cli;
mod lever;
mod lint;
mod listen_limits;
mod plan;
mod setup;
mod validate;
mod webhooks;
