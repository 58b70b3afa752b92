//! The integration test suite, one binary so it links once. Each module drives the real
//! `atsctl` binary in an isolated environment (see `support`).

mod support;

mod apply;
mod ashby;
mod auth;
mod cli;
mod hardening_net;
mod lever;
mod lint;
mod plan;
mod setup;
mod validate;
mod validate_token;
mod webhooks;
