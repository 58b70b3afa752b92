//! Lever in the binary: the session `validate` and `apply` share, its `validate` report and its
//! `apply` (create the missing webhooks through the API).

pub(crate) mod apply;
pub(crate) mod session;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod setup_webhooks;
