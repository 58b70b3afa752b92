//! The integration test suite, one binary so it links once. Each module drives the real
//! `atsctl` binary in an isolated environment (see `support`).

mod support;

mod apply;
mod ashby;
mod auth;
mod cli;
mod hardening_net;
mod fuzz;
mod lever;
mod lint;
mod lint_inputs;
mod man;
mod plan;
mod sarif;
mod setup;
mod validate;
mod webhooks;
