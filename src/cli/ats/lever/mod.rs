//! Lever in the binary: the session `apply` and the wizard's webhook step use, and its `apply`
//! (create the missing webhooks through the API).

pub(crate) mod apply;
pub(crate) mod session;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod setup_webhooks;
