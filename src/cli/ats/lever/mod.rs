//! Lever in the binary: the credential and
//! scripted-equivalent parts of the `setup` wizard. Its `validate` and `apply` are the
//! generic flows.

pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
