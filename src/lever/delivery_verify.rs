//! `webhooks verify --ats lever`: the signature travels in the body; a `--signature` given on
//! the command line must agree with it.

use crate::ats::delivery_check::{hex_signature_problem, unusable};
use crate::ats::{DeliveryCheck, Failure};
use crate::webhooks::delivery::{self, MalformedBody};
use crate::webhooks::{Secrets, signature};

/// `--signature`, optional: Lever's own is in the body.
pub(crate) fn read_signature(given: Option<&str>) -> Result<Option<Vec<u8>>, Failure> {
    given
        .map(signature::parse_hex)
        .transpose()
        .map_err(|error| hex_signature_problem(&error))
}

/// Lever signs `token + triggeredAt`, fields of the body itself: without them there is nothing
/// to check (exit 2). Nothing else in the body is signed, so nothing else decides validity.
pub(crate) fn verify(secrets: &Secrets, body: &[u8], given: Option<&[u8]>) -> Result<DeliveryCheck, Failure> {
    let cannot_check = |error: &MalformedBody| {
        unusable(
            format!("cannot check this Lever delivery: {error}; Lever signs the body's `token` and `triggeredAt`"),
            &[],
        )
    };
    let parsed = delivery::lever(body).map_err(|error| cannot_check(&error))?;
    let (token, triggered_at, in_body) = parsed.signed_fields().map_err(|error| cannot_check(&error))?;
    // A signature that is not an HMAC matches no secret: invalid, like a wrong one.
    let in_body = signature::parse_hex(in_body).ok();
    let signed_by = |signature: &[u8]| signature::verify_lever(secrets, token, &triggered_at.text, signature);
    let verified = in_body.as_deref().and_then(signed_by);
    // Both must hold: the body's signature, and the one given on the command line.
    let secret = match given {
        Some(given) => verified.filter(|_| signed_by(given).is_some()),
        None => verified,
    };
    let body_problem = parsed
        .event
        .is_none()
        .then(|| MalformedBody::Missing("event").to_string());
    Ok(DeliveryCheck {
        event: parsed.event.clone(),
        event_id: Some(token.to_owned()),
        secret,
        body_problem,
    })
}
