//! Fuzz targets: webhook delivery bodies and signature headers, through the public functions of
//! `atsctl::webhooks` (`delivery`, `signature`, and the `Inspector` that `listen` and `verify`
//! use). Invariants: an answer always comes back with a real HTTP status; event names are
//! clipped; a body signed with a configured secret is never refused as badly signed; a
//! signature made for a body verifies, with the secret that made it; only a signature that
//! verifies makes a delivery authentic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use atsctl::manifest::Ats;
use atsctl::webhooks::signature::{self, Secrets};
use atsctl::webhooks::{Inspection, Inspector, Kind, MAX_FIELD_CHARS, Request, Verdict, delivery};

pub(super) const DELIVERY_DICTIONARY: &[&str] = &[
    "\"action\"",
    "\"payload\"",
    "\"event\"",
    "\"token\"",
    "\"triggeredAt\"",
    "\"signature\"",
    "\"data\"",
    "\"candidate_stage_change\"",
    "\"candidateHired\"",
    "\"ping\"",
    "1764000000000",
    "-1",
    "1e400",
    "18446744073709551616",
    "null",
    "true",
    "[]",
    "{}",
    "\"\\ud800\"",
    "\"\\u00e9\"",
    "{\"action\":",
];

pub(super) const SIGNATURE_DICTIONARY: &[&str] = &[
    "sha256 ",
    "SHA256\t",
    "sha1 ",
    "0123456789abcdef",
    "ABCDEF",
    "g",
    ",",
    " , ",
    "\n",
    "\u{a0}",
];

/// A fixed "now" near the corpus's Lever timestamps, so results do not depend on the day.
fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_764_000_000)
}

const SECRET: &[u8] = b"fuzz-webhook-secret";

fn check(inspection: &Inspection) {
    assert!((100..=599).contains(&inspection.status), "{inspection:?}");
    if let Some(event) = &inspection.event {
        assert!(
            event.chars().count() <= MAX_FIELD_CHARS + 1,
            "an unclipped event: {inspection:?}"
        );
    }
}

/// The input is a delivery body.
pub(super) fn read_delivery(body: &[u8]) {
    let _ = delivery::greenhouse(body);
    if let Ok(lever) = delivery::lever(body) {
        let _ = lever.signed_fields();
    }
    // Signed correctly, so the inspector goes past the signature to the body.
    let header = signature::sign_greenhouse(SECRET, body);
    let greenhouse = Inspector::new(Ats::Greenhouse, Secrets::single(SECRET)).inspect(
        &Request {
            signature: Some(header.as_bytes()),
            event_id: Some(b"fuzz-event-1"),
            body,
        },
        now(),
    );
    check(&greenhouse);
    assert_ne!(
        greenhouse.kind,
        Kind::Rejected(Verdict::InvalidSignature),
        "a correctly signed body refused as badly signed: {greenhouse:?}"
    );
    let unsigned = Inspector::new(Ats::Greenhouse, Secrets::single(SECRET)).inspect(
        &Request {
            signature: None,
            event_id: None,
            body,
        },
        now(),
    );
    check(&unsigned);
    assert_ne!(unsigned.kind, Kind::Authentic, "an unsigned body counted: {unsigned:?}");
    let lever = Inspector::new(Ats::Lever, Secrets::single(SECRET)).inspect(
        &Request {
            signature: None,
            event_id: None,
            body,
        },
        now(),
    );
    check(&lever);
}

/// The input is a `Signature` header value, a newline, then the body it claims to sign.
pub(super) fn read_signature(input: &[u8]) {
    let (header, body) = match input.iter().position(|byte| *byte == b'\n') {
        Some(at) => (&input[..at], &input[at + 1..]),
        None => (input, &b""[..]),
    };
    let text = String::from_utf8_lossy(header);
    let parsed = signature::parse_greenhouse(&text);
    if let Ok(mac) = &parsed {
        assert_eq!(mac.len(), 32, "an HMAC-SHA256 is 32 bytes");
    }
    if let Ok(mac) = signature::parse_hex(&text) {
        assert_eq!(mac.len(), 32);
    }
    if let Some(secrets) = Secrets::parse(&text) {
        assert!(!secrets.is_empty());
        let _ = signature::verify_greenhouse(&secrets, body, &[0; 32]);
    }
    // Rotation: the signature of the second secret verifies as the second.
    let secrets = Secrets::parse("old-fuzz-secret, fuzz-webhook-secret").expect("two secrets");
    let made = signature::sign_greenhouse(SECRET, body);
    let mac = signature::parse_greenhouse(&made).expect("our own signature parses");
    assert_eq!(signature::verify_greenhouse(&secrets, body, &mac), Some(1));
    let token = text.as_ref();
    let lever_mac = signature::parse_hex(&signature::sign_lever(SECRET, token, "1764000000000")).expect("hex");
    assert_eq!(
        signature::verify_lever(&secrets, token, "1764000000000", &lever_mac),
        Some(1)
    );
    // The raw header through the inspector: authentic only if it really verifies.
    let inspection = Inspector::new(Ats::Greenhouse, secrets.clone()).inspect(
        &Request {
            signature: Some(header),
            event_id: Some(header),
            body,
        },
        now(),
    );
    check(&inspection);
    if inspection.kind == Kind::Authentic {
        let verifies = std::str::from_utf8(header)
            .ok()
            .and_then(|text| signature::parse_greenhouse(text).ok())
            .is_some_and(|mac| signature::verify_greenhouse(&secrets, body, &mac).is_some());
        assert!(verifies, "authentic without a verifying signature: {inspection:?}");
    }
}
