//! The integration test suite, one binary so it links once. Each module drives the real
//! `atsctl` binary in an isolated environment (see `support`).

mod support;

mod apply;
mod auth;
mod cli;
mod lever;
mod lint;
mod plan;
mod plan_facts;
mod plan_golden;
mod plan_html;
mod setup;
mod validate;
mod webhooks;
