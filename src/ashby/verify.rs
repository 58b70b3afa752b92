//! Ashby's webhook deliveries: the signature, the ping, the event name and the dedupe key.
//!
//! - Signature: header `Ashby-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed
//!   with the webhook's secret token (reference, §7 "Verifying deliveries"). It is checked over
//!   the bytes received, before the body is parsed, in constant time, with the shared
//!   [`Secrets`] (several while a token is rotated) — the same HMAC as Greenhouse's, so the
//!   shared verifier is reused and only the header differs.
//! - Event name: only in the body, `action` (no event header is documented).
//! - Ping: `{"action": "ping", "data": {"webhookActionType": "ping"}}`, sent when a webhook is
//!   created or edited; anything but 2xx saves the webhook disabled. Whether pings are signed is
//!   not documented, so an unsigned ping is answered 200 (and never counted); a ping signed with
//!   another token is refused, which makes a wrong token visible the moment the webhook is saved.
//! - Dedupe: `webhookActionId` is the same across retries *and* across the related webhooks one
//!   event triggers (`candidateHire` also sends `applicationUpdate` and `candidateStageChange`),
//!   so the key is the id *and* the action.
//! - Refusals are 401: Ashby does not retry a 401 (reference, §7 "Retries"), so a wrong token
//!   loses those deliveries for good — the receiver must say so loudly.
//!
//! [`inspect`] returns the shared [`Inspection`], so the receiver and its tracker handle Ashby
//! like the other two; `src/webhooks` calls it with the `Ashby-Signature` header.

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::manifest::AshbySetup;
use crate::webhooks::delivery::MalformedBody;
use crate::webhooks::signature::{self, Secrets};
use crate::webhooks::{ExpectedWebhook, Inspection, Kind, Verdict, clip};

/// The header Ashby signs with (not `X-Ashby-Signature`, which some catalogues print).
pub const SIGNATURE_HEADER: &str = "Ashby-Signature";
/// The `action` of the save-time ping.
pub const PING_ACTION: &str = "ping";

/// Why an `Ashby-Signature` value cannot be read. Never quotes the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the Ashby-Signature header is empty")]
    Empty,
    #[error("the Ashby-Signature scheme is not `sha256`; Ashby sends `sha256=<hex>`")]
    Scheme,
    #[error("the Ashby-Signature digest is not 64 hexadecimal digits (an HMAC-SHA256)")]
    NotHex,
}

/// Reads `sha256=<hex>` (scheme case-insensitive, hex either case), or bare hex digits.
pub fn parse_signature(value: &str) -> Result<Vec<u8>, SignatureError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SignatureError::Empty);
    }
    let digits = match value.split_once('=') {
        Some((scheme, digits)) if scheme.trim().eq_ignore_ascii_case("sha256") => digits,
        Some(_) => return Err(SignatureError::Scheme),
        None => value,
    };
    signature::parse_hex(digits).map_err(|_| SignatureError::NotHex)
}

/// The header value Ashby would send for `body`: `sha256=<lower-case hex>`. For tests, load
/// generators and demos.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    // The Greenhouse signer computes the same HMAC over the raw body; only the header differs.
    let greenhouse = signature::sign_greenhouse(secret, body);
    format!("sha256={}", greenhouse.trim_start_matches("sha256 "))
}

/// Which secret (0-based) signed `body`, or `None`.
pub fn verify(secrets: &Secrets, body: &[u8], digest: &[u8]) -> Option<usize> {
    signature::verify_greenhouse(secrets, body, digest)
}

/// What an Ashby body says: `{"webhookActionId"?, "action", "data"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AshbyBody {
    /// `action`, clipped.
    pub action: Option<String>,
    /// `webhookActionId`, clipped; absent from the OpenAPI schemas, so optional.
    pub webhook_action_id: Option<String>,
}

impl AshbyBody {
    /// `webhookActionId/action`: one per event per webhook type, the same across retries.
    pub fn dedupe_key(&self) -> Option<String> {
        Some(dedupe_key(self.webhook_action_id.as_deref()?, self.action.as_deref()?))
    }
}

/// The key that tells a retry from a new delivery: related webhooks share `webhookActionId`,
/// so it is paired with the action.
pub fn dedupe_key(webhook_action_id: &str, action: &str) -> String {
    clip(&format!("{webhook_action_id}/{action}"))
}

#[derive(Deserialize)]
struct RawBody {
    action: Option<Value>,
    #[serde(rename = "webhookActionId")]
    webhook_action_id: Option<Value>,
}

/// Reads the two fields that matter; the payload itself is never looked at.
pub fn read_body(body: &[u8]) -> Result<AshbyBody, MalformedBody> {
    let value: Value = serde_json::from_slice(body).map_err(|error| MalformedBody::NotJson(error.to_string()))?;
    if !value.is_object() {
        return Err(MalformedBody::NotObject);
    }
    let raw: RawBody = serde_json::from_value(value).map_err(|_| MalformedBody::NotObject)?;
    let text = |value: Option<Value>, name: &'static str| match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(clip(&text))),
        Some(_) => Err(MalformedBody::WrongType(name)),
    };
    Ok(AshbyBody {
        action: text(raw.action, "action")?,
        webhook_action_id: text(raw.webhook_action_id, "webhookActionId")?,
    })
}

/// Judges one request from its `Ashby-Signature` header (raw) and body.
pub fn inspect(secrets: &Secrets, signature_header: Option<&[u8]>, body: &[u8]) -> Inspection {
    let Some(header) = signature_header else {
        // Only a ping may come unsigned: answered 200 so the webhook is saved enabled.
        return match read_body(body) {
            Ok(read) if read.action.as_deref() == Some(PING_ACTION) => ping(&read, None),
            Ok(read) => refuse(Verdict::Unsigned, format!("no {SIGNATURE_HEADER} header"), Some(&read)),
            Err(_) => refuse(Verdict::Unsigned, format!("no {SIGNATURE_HEADER} header"), None),
        };
    };
    let digest = std::str::from_utf8(header)
        .map_err(|_| format!("the {SIGNATURE_HEADER} header is not text"))
        .and_then(|text| parse_signature(text).map_err(|error| error.to_string()));
    let digest = match digest {
        Ok(digest) => digest,
        Err(reason) => return refuse(Verdict::InvalidSignature, reason, read_body(body).ok().as_ref()),
    };
    let Some(secret) = verify(secrets, body, &digest) else {
        let read = read_body(body).ok();
        let reason = if read.as_ref().and_then(|read| read.action.as_deref()) == Some(PING_ACTION) {
            "the ping's signature matches no configured secret token: Ashby saves the webhook disabled; check the token"
        } else {
            "the signature matches no configured secret token; Ashby does not retry a 401, so this delivery is lost"
        };
        return refuse(Verdict::InvalidSignature, reason.to_owned(), read.as_ref());
    };
    let read = match read_body(body) {
        Ok(read) => read,
        Err(error) => {
            return Inspection {
                secret: Some(secret),
                ..Inspection::rejected(Verdict::Malformed, 400, error.to_string())
            };
        }
    };
    match read.action.as_deref() {
        Some(PING_ACTION) => ping(&read, Some(secret)),
        Some(_) => Inspection {
            kind: Kind::Authentic,
            status: 200,
            event: read.action.clone(),
            event_id: read.dedupe_key(),
            secret: Some(secret),
            // Ashby signs the raw body, so its digest names the delivery whatever ids say.
            signed_digest: Some(Sha256::digest(body).into()),
            reason: read
                .webhook_action_id
                .is_none()
                .then(|| "no webhookActionId: retries cannot be told apart".to_owned()),
        },
        None => Inspection {
            secret: Some(secret),
            ..Inspection::rejected(Verdict::Malformed, 400, MalformedBody::Missing("action").to_string())
        },
    }
}

/// The webhooks `setup` expects, for the tracker: one per webhook type, named by its type.
pub fn expected_webhooks(setup: &AshbySetup) -> Vec<ExpectedWebhook> {
    setup
        .webhooks
        .iter()
        .map(|webhook| ExpectedWebhook {
            name: webhook.webhook_type.name.clone(),
            event: webhook.webhook_type.name.clone(),
        })
        .collect()
}

fn ping(read: &AshbyBody, secret: Option<usize>) -> Inspection {
    Inspection {
        kind: Kind::Ping,
        status: 200,
        event: read.action.clone(),
        event_id: read.webhook_action_id.clone(),
        secret,
        signed_digest: None,
        reason: Some(if secret.is_some() {
            "Ashby's ping (signed), sent when a webhook is saved".to_owned()
        } else {
            "Ashby's ping, unsigned, sent when a webhook is saved".to_owned()
        }),
    }
}

fn refuse(verdict: Verdict, reason: String, read: Option<&AshbyBody>) -> Inspection {
    Inspection {
        event: read.and_then(|read| read.action.clone()),
        event_id: read.and_then(AshbyBody::dedupe_key),
        ..Inspection::rejected(verdict, 401, reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"8b943c474f5d1e1712f13e1a870b485c9b6b2b57";
    const BODY: &[u8] = br#"{"webhookActionId":"75395d87-4044-4dc4-bc29-0cec185e5f06","action":"candidateStageChange","data":{"application":{"id":"a1"}}}"#;

    fn secrets() -> Secrets {
        Secrets::single(SECRET)
    }

    #[test]
    fn the_signature_is_sha256_equals_hmac_of_the_raw_body() {
        // RFC 4231 test case 2 through Ashby's header form.
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let header = sign(SECRET, BODY);
        let inspection = inspect(&secrets(), Some(header.as_bytes()), BODY);
        assert_eq!(inspection.kind, Kind::Authentic);
        assert_eq!(inspection.status, 200);
        assert_eq!(inspection.event.as_deref(), Some("candidateStageChange"));
        assert_eq!(
            inspection.event_id.as_deref(),
            Some("75395d87-4044-4dc4-bc29-0cec185e5f06/candidateStageChange")
        );
        assert_eq!(inspection.secret, Some(0));
    }

    #[test]
    fn one_changed_byte_or_another_token_is_refused_with_401() {
        let header = sign(SECRET, BODY);
        let mut changed = BODY.to_vec();
        let at = changed.len() - 5;
        changed[at] ^= 1;
        let inspection = inspect(&secrets(), Some(header.as_bytes()), &changed);
        assert_eq!(inspection.kind, Kind::Rejected(Verdict::InvalidSignature));
        assert_eq!(inspection.status, 401);
        assert!(inspection.reason.unwrap().contains("does not retry a 401"));
        let other = sign(b"another-token", BODY);
        assert_eq!(inspect(&secrets(), Some(other.as_bytes()), BODY).status, 401);
        // Re-serialized JSON is a different body.
        let reserialized = serde_json::to_vec(&serde_json::from_slice::<Value>(BODY).unwrap()).unwrap();
        if reserialized != BODY {
            assert_eq!(inspect(&secrets(), Some(header.as_bytes()), &reserialized).status, 401);
        }
    }

    #[test]
    fn rotation_and_header_forms() {
        let rotated = Secrets::parse("old-token, 8b943c474f5d1e1712f13e1a870b485c9b6b2b57").unwrap();
        let header = sign(SECRET, BODY);
        assert_eq!(inspect(&rotated, Some(header.as_bytes()), BODY).secret, Some(1));
        let upper = header.replacen("sha256=", "SHA256=", 1).to_uppercase();
        assert_eq!(parse_signature(&upper).unwrap(), parse_signature(&header).unwrap());
        assert!(
            parse_signature(header.trim_start_matches("sha256=")).is_ok(),
            "bare hex"
        );
        assert_eq!(parse_signature(""), Err(SignatureError::Empty));
        assert_eq!(parse_signature("sha1=abcd"), Err(SignatureError::Scheme));
        assert_eq!(parse_signature("sha256=abcd"), Err(SignatureError::NotHex));
        assert_eq!(
            parse_signature(&header.replace('=', " ")),
            Err(SignatureError::NotHex),
            "Greenhouse's space form is not Ashby's"
        );
        let malformed = inspect(&secrets(), Some(b"sha256=zz"), BODY);
        assert_eq!(malformed.kind, Kind::Rejected(Verdict::InvalidSignature));
        assert_eq!(inspect(&secrets(), Some(&[0xff, 0xfe]), BODY).status, 401);
    }

    #[test]
    fn pings_are_answered_200_signed_or_not_but_a_wrong_token_is_refused() {
        let ping_body = br#"{"action":"ping","data":{"webhookActionType":"ping"}}"#;
        let unsigned = inspect(&secrets(), None, ping_body);
        assert_eq!((unsigned.kind, unsigned.status), (Kind::Ping, 200));
        let signed = inspect(&secrets(), Some(sign(SECRET, ping_body).as_bytes()), ping_body);
        assert_eq!((signed.kind, signed.secret), (Kind::Ping, Some(0)));
        let wrong = inspect(&secrets(), Some(sign(b"x", ping_body).as_bytes()), ping_body);
        assert_eq!(wrong.status, 401);
        assert!(wrong.reason.unwrap().contains("saves the webhook disabled"));
    }

    #[test]
    fn unsigned_deliveries_and_broken_bodies() {
        let unsigned = inspect(&secrets(), None, BODY);
        assert_eq!(unsigned.kind, Kind::Rejected(Verdict::Unsigned));
        assert_eq!(unsigned.event.as_deref(), Some("candidateStageChange"));
        for (body, verdict) in [
            (&b"not json"[..], Verdict::Malformed),
            (&b"[1,2]"[..], Verdict::Malformed),
            (&br#"{"data":{}}"#[..], Verdict::Malformed),
            (&br#"{"action":7}"#[..], Verdict::Malformed),
        ] {
            let inspection = inspect(&secrets(), Some(sign(SECRET, body).as_bytes()), body);
            assert_eq!(
                inspection.kind,
                Kind::Rejected(verdict),
                "{}",
                String::from_utf8_lossy(body)
            );
            assert_eq!(inspection.status, 400);
            assert_eq!(inspection.secret, Some(0), "authentic, just unreadable");
        }
    }

    #[test]
    fn related_webhooks_share_the_action_id_but_not_the_dedupe_key() {
        let id = "75395d87-4044-4dc4-bc29-0cec185e5f06";
        let keys: Vec<String> = ["candidateHire", "applicationUpdate", "candidateStageChange"]
            .iter()
            .map(|action| {
                let body = format!(r#"{{"webhookActionId":"{id}","action":"{action}","data":{{}}}}"#);
                let inspection = inspect(
                    &secrets(),
                    Some(sign(SECRET, body.as_bytes()).as_bytes()),
                    body.as_bytes(),
                );
                inspection.event_id.unwrap()
            })
            .collect();
        let distinct: std::collections::BTreeSet<&String> = keys.iter().collect();
        assert_eq!(distinct.len(), 3, "{keys:?}");
        let without_id = br#"{"action":"offerCreate","data":{}}"#;
        let inspection = inspect(&secrets(), Some(sign(SECRET, without_id).as_bytes()), without_id);
        assert_eq!((inspection.kind, inspection.event_id), (Kind::Authentic, None));
        let huge = format!(r#"{{"webhookActionId":"{}","action":"offerCreate"}}"#, "x".repeat(5000));
        let read = read_body(huge.as_bytes()).unwrap();
        assert!(read.dedupe_key().unwrap().chars().count() <= crate::webhooks::MAX_FIELD_CHARS + 1);
    }
}
