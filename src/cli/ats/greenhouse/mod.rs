//! Greenhouse in the binary: its `apply` (the guided web hook checklist) and its steps of the
//! `setup` wizard.

pub(crate) mod apply;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod setup_webhooks;
