//! `webhooks verify --ats ashby`: the `Ashby-Signature` header (`sha256=<hex>`) is required and
//! read first; it signs the raw body.

use atsctl::ashby::verify::{self, SIGNATURE_HEADER};
use atsctl::webhooks::Secrets;

use crate::cli::CliError;
use crate::cli::ats::delivery::Checked;

/// Checks one delivery signed with `signature` (the header's value); the body is read only once
/// the signature parses.
pub(crate) fn verify(
    signature: Option<&str>,
    secrets: &Secrets,
    read_body: impl FnOnce() -> Result<Vec<u8>, CliError>,
) -> Result<Checked, CliError> {
    let header = signature.ok_or_else(|| {
        CliError::usage(format!(
            "an Ashby delivery's signature is in its `{SIGNATURE_HEADER}` header: pass it with --signature"
        ))
        .with_help("e.g. --signature 'sha256=3f1c…'")
    })?;
    let digest = verify::parse_signature(header).map_err(|error| {
        CliError::usage(format!("cannot check the signature: {error}")).with_help(format!(
            "pass the `{SIGNATURE_HEADER}` header's value: `sha256=<64 hex digits>`"
        ))
    })?;
    let body = read_body()?;
    // The HMAC covers exactly these bytes; the body is read only to name the event.
    let secret = verify::verify(secrets, &body, &digest);
    let (event, event_id, body_problem) = match verify::read_body(&body) {
        Ok(read) => {
            let problem = read.action.is_none().then(|| "the body has no `action`".to_owned());
            let event_id = read.dedupe_key();
            (read.action, event_id, problem)
        }
        Err(error) => (None, None, Some(error.to_string())),
    };
    Ok(Checked {
        event,
        event_id,
        secret,
        body_problem,
    })
}
