//! `webhooks verify --ats lever`: the signature is in the body; `--signature` must agree with it.

use atsctl::webhooks::delivery::{self, MalformedBody};
use atsctl::webhooks::{Secrets, signature};

use crate::cli::CliError;
use crate::cli::ats::delivery::{Checked, signature_problem};

/// Checks one delivery; `signature`, when given, must sign it too.
pub(crate) fn verify(
    signature: Option<&str>,
    secrets: &Secrets,
    read_body: impl FnOnce() -> Result<Vec<u8>, CliError>,
) -> Result<Checked, CliError> {
    let given = signature.map(signature::parse_hex).transpose();
    let given = given.map_err(signature_problem)?;
    let body = read_body()?;
    verify_body(secrets, &body, given.as_deref())
}

/// Lever signs `token + triggeredAt`, fields of the body itself: without them there is nothing
/// to check (exit 2). Nothing else in the body is signed, so nothing else decides validity.
fn verify_body(secrets: &Secrets, body: &[u8], given: Option<&[u8]>) -> Result<Checked, CliError> {
    let cannot_check = |error: &MalformedBody| {
        CliError::usage(format!(
            "cannot check this Lever delivery: {error}; Lever signs the body's `token` and `triggeredAt`"
        ))
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
    Ok(Checked {
        event: parsed.event.clone(),
        event_id: Some(token.to_owned()),
        secret,
        body_problem,
    })
}
