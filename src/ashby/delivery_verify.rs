//! `webhooks verify --ats ashby`: the `Ashby-Signature` header (`sha256=<hex>`) is required and
//! read first; it signs the raw body.

use super::verify::{self, SIGNATURE_HEADER};
use crate::ats::delivery_check::unusable;
use crate::ats::{DeliveryCheck, Failure};
use crate::webhooks::Secrets;

/// The `Ashby-Signature` header's value, which every Ashby delivery carries.
pub(crate) fn read_signature(given: Option<&str>) -> Result<Option<Vec<u8>>, Failure> {
    let header = given.ok_or_else(missing_signature)?;
    verify::parse_signature(header).map(Some).map_err(|error| {
        unusable(
            format!("cannot check the signature: {error}"),
            &[format!(
                "pass the `{SIGNATURE_HEADER}` header's value: `sha256=<64 hex digits>`"
            )],
        )
    })
}

fn missing_signature() -> Failure {
    unusable(
        format!("an Ashby delivery's signature is in its `{SIGNATURE_HEADER}` header: pass it with --signature"),
        &["e.g. --signature 'sha256=3f1c…'".to_owned()],
    )
}

/// The HMAC covers exactly these bytes; the body is read only to name the event.
pub(crate) fn verify_delivery(secrets: &Secrets, body: &[u8], given: Option<&[u8]>) -> Result<DeliveryCheck, Failure> {
    let digest = given.ok_or_else(missing_signature)?;
    let secret = verify::verify(secrets, body, digest);
    let (event, event_id, body_problem) = match verify::read_body(body) {
        Ok(read) => {
            let problem = read.action.is_none().then(|| "the body has no `action`".to_owned());
            let event_id = read.dedupe_key();
            (read.action, event_id, problem)
        }
        Err(error) => (None, None, Some(error.to_string())),
    };
    Ok(DeliveryCheck {
        event,
        event_id,
        secret,
        body_problem,
    })
}
