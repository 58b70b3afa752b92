//! Ashby in the binary: the session `apply` and `setup` share, its `apply` (create the missing
//! webhooks through the API), and its steps of the `setup` wizard.

pub(crate) mod apply;
pub(crate) mod session;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod setup_webhooks;
