//! `webhooks verify` on one delivery, whichever ATS signed it: the signature given on the command
//! line is read first (without one an ATS that carries it in a header has nothing to check), then
//! the raw body is judged by the ATS's folder. Its answer is a [`DeliveryCheck`]; a signature or
//! body that cannot be checked at all is a [`Failure`] of kind `Usage`.

use super::{Failure, FailureKind};
use crate::webhooks::signature::SignatureFormatError;

/// What `webhooks verify` found in one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryCheck {
    /// The event the body names (Greenhouse's and Ashby's `action`, Lever's `event`).
    pub event: Option<String>,
    /// The delivery's id when the body carries one (Lever's `token`, Ashby's action id).
    pub event_id: Option<String>,
    /// Which secret signed it, counting from 0; `None`: none did.
    pub secret: Option<usize>,
    /// Why the body, though checked, is not a readable delivery.
    pub body_problem: Option<String>,
}

/// A delivery that cannot be checked: exit 2 with `message` and `help`.
pub(crate) fn unusable(message: impl Into<String>, help: &[String]) -> Failure {
    Failure {
        kind: FailureKind::Usage,
        message: message.into(),
        help: help.to_vec(),
    }
}

/// A hex signature (Greenhouse's header, Lever's body field) that does not parse.
pub(crate) fn hex_signature_problem(error: &SignatureFormatError) -> Failure {
    unusable(
        format!("cannot check the signature: {error}"),
        &["pass the `Signature` header's value: `sha256 <64 hex digits>`, or the hex digits alone".to_owned()],
    )
}

/// [`super::AtsSpec::read_signature`]: the signature given, parsed (`None`: none given, and the
/// ATS carries its own in the body).
pub type ReadSignature = fn(Option<&str>) -> Result<Option<Vec<u8>>, Failure>;

/// [`super::AtsSpec::verify_delivery`]: the secrets, the raw body, the signature read above.
pub type VerifyDelivery = fn(&crate::webhooks::Secrets, &[u8], Option<&[u8]>) -> Result<DeliveryCheck, Failure>;
