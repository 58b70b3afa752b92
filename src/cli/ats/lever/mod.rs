//! Lever in the binary: the session `validate` and `setup`'s check use, and its `validate`
//! report. Its `apply` is the generic create flow (`crate::cli::apply`).

pub(crate) mod delivery;
pub(crate) mod session;
pub(crate) mod setup_check;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod validate;
