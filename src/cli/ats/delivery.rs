//! What `webhooks verify` learns from one delivery, whichever ATS signed it.

use atsctl::webhooks::signature::SignatureFormatError;

use crate::cli::CliError;

/// What `verify` found in one body.
pub(crate) struct Checked {
    pub(crate) event: Option<String>,
    pub(crate) event_id: Option<String>,
    /// Which secret signed it, if any.
    pub(crate) secret: Option<usize>,
    /// Why the body, though checked, is not a readable delivery.
    pub(crate) body_problem: Option<String>,
}

pub(crate) fn signature_problem(error: SignatureFormatError) -> CliError {
    CliError::usage(format!("cannot check the signature: {error}"))
        .with_help("pass the `Signature` header's value: `sha256 <64 hex digits>`, or the hex digits alone")
}
