//! `webhooks verify --ats greenhouse`: the `Signature` header is required and read first.

use atsctl::webhooks::delivery::{self, MalformedBody};
use atsctl::webhooks::{Secrets, signature};

use crate::cli::CliError;
use crate::cli::ats::delivery::{Checked, signature_problem};

/// Checks one delivery signed with `signature` (the header's value); the body is read only once
/// the signature parses.
pub(crate) fn verify(
    signature: Option<&str>,
    secrets: &Secrets,
    read_body: impl FnOnce() -> Result<Vec<u8>, CliError>,
) -> Result<Checked, CliError> {
    // The signature is read before the body: without one there is nothing to check.
    let header = signature.ok_or_else(|| {
        CliError::usage("a Greenhouse delivery's signature is in its `Signature` header: pass it with --signature")
            .with_help("e.g. --signature 'sha256 3f1c…' (the hex digits alone also work)")
    })?;
    let signature = signature::parse_greenhouse(header).map_err(signature_problem)?;
    let body = read_body()?;
    Ok(verify_body(secrets, &body, &signature))
}

/// Greenhouse signs the raw body: the HMAC is checked first, over exactly these bytes, and the
/// body is read only to say which event it reports. Tampered bytes are invalid, whether or not
/// they are still JSON (as `listen` answers 401 for them).
fn verify_body(secrets: &Secrets, body: &[u8], signature: &[u8]) -> Checked {
    let secret = signature::verify_greenhouse(secrets, body, signature);
    let (event, body_problem) = match delivery::greenhouse(body) {
        Ok(parsed) => match parsed.action {
            Some(action) => (Some(action), None),
            None => (None, Some(MalformedBody::Missing("action").to_string())),
        },
        Err(error) => (None, Some(error.to_string())),
    };
    Checked {
        event,
        event_id: None,
        secret,
        body_problem,
    }
}
