//! Greenhouse in the binary: its `validate` (credential resolution, progress, report); its
//! `apply` is the generic guided checklist (`crate::cli::apply::guided`).

pub(crate) mod delivery;
pub(crate) mod setup_check;
pub(crate) mod setup_credential;
pub(crate) mod setup_equivalent;
pub(crate) mod validate;
