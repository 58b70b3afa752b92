//! The integration test suite, one binary so it links once. Each module drives the real
//! `atsctl` binary in an isolated environment (see `support`).

mod support;

mod apply;
mod apply_created;
mod apply_html;
mod ashby;
mod ashby_cli;
mod auth;
mod cli;
mod diff;
mod fuzz;
mod hardening_net;
mod lever;
mod lint;
mod lint_golden;
mod lint_inputs;
mod listen_limits;
mod man;
mod plan;
mod plan_facts;
mod plan_golden;
mod plan_html;
mod profile_file;
mod sarif;
mod setup;
mod startup_order;
mod validate;
mod validate_golden;
mod validate_token;
mod webhooks;
