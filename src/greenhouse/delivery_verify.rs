//! `webhooks verify --ats greenhouse`: the `Signature` header is required and read first; the
//! HMAC covers the raw body.

use crate::ats::delivery_check::{hex_signature_problem, unusable};
use crate::ats::{DeliveryCheck, Failure};
use crate::webhooks::delivery::{self, MalformedBody};
use crate::webhooks::{Secrets, signature};

/// The `Signature` header's value, which every Greenhouse delivery carries.
pub(crate) fn read_signature(given: Option<&str>) -> Result<Option<Vec<u8>>, Failure> {
    let header = given.ok_or_else(missing_signature)?;
    signature::parse_greenhouse(header)
        .map(Some)
        .map_err(|error| hex_signature_problem(&error))
}

fn missing_signature() -> Failure {
    unusable(
        "a Greenhouse delivery's signature is in its `Signature` header: pass it with --signature",
        &["e.g. --signature 'sha256 3f1c…' (the hex digits alone also work)".to_owned()],
    )
}

/// Greenhouse signs the raw body: the HMAC is checked first, over exactly these bytes, and the
/// body is read only to say which event it reports. Tampered bytes are invalid, whether or not
/// they are still JSON (as `listen` answers 401 for them).
pub(crate) fn verify(secrets: &Secrets, body: &[u8], given: Option<&[u8]>) -> Result<DeliveryCheck, Failure> {
    let signature = given.ok_or_else(missing_signature)?;
    let secret = signature::verify_greenhouse(secrets, body, signature);
    let (event, body_problem) = match delivery::greenhouse(body) {
        Ok(parsed) => match parsed.action {
            Some(action) => (Some(action), None),
            None => (None, Some(MalformedBody::Missing("action").to_string())),
        },
        Err(error) => (None, Some(error.to_string())),
    };
    Ok(DeliveryCheck {
        event,
        event_id: None,
        secret,
        body_problem,
    })
}
