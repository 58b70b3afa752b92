//! Judging one request from what it carries alone: its signature, its body and (Lever) its
//! age. What depends on earlier deliveries (duplicates) or on the manifest (expected or not) is
//! the tracker's; what depends on the transport (method, size, read time) is the server's.

use std::time::SystemTime;

use sha2::{Digest, Sha256};

use super::signature::Secrets;
use super::{Verdict, clip};
use crate::manifest::Ats;

/// What the receiver knows of one request once the transport has delivered it whole.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The signature header of the ATS (Greenhouse's `Signature`, Ashby's `Ashby-Signature`), raw.
    pub signature: Option<&'a [u8]>,
    /// The header naming the delivery's id (Greenhouse's `Greenhouse-Event-ID`), raw.
    pub event_id: Option<&'a [u8]>,
    pub body: &'a [u8],
}

/// The judgement of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub kind: Kind,
    /// The HTTP status to answer.
    pub status: u16,
    /// Greenhouse's `action` or Lever's `event`, when readable.
    pub event: Option<String>,
    /// `Greenhouse-Event-ID`, or Lever's `token`.
    pub event_id: Option<String>,
    /// Which secret verified it (0-based).
    pub secret: Option<usize>,
    /// For an authentic delivery, the SHA-256 of exactly what its signature covers (Greenhouse:
    /// the raw body; Lever: `token` then `triggeredAt`). The event id is not signed and can be
    /// changed by whoever replays a captured delivery; this cannot, so two deliveries with the
    /// same digest are one delivery sent twice.
    pub signed_digest: Option<[u8; 32]>,
    pub reason: Option<String>,
}

/// The three ways a request can turn out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Signed with a configured secret and well formed: a real delivery of `event`.
    Authentic,
    /// A Greenhouse ping or undocumented action: answered 200, never counted.
    Ping,
    /// Refused with this verdict.
    Rejected(Verdict),
}

impl Inspection {
    /// A refusal decided before the body was judged (method, size, read time).
    pub fn rejected(verdict: Verdict, status: u16, reason: impl Into<String>) -> Self {
        Self {
            kind: Kind::Rejected(verdict),
            status,
            event: None,
            event_id: None,
            secret: None,
            signed_digest: None,
            reason: Some(reason.into()),
        }
    }

    pub(crate) fn with(mut self, event: Option<String>, event_id: Option<String>) -> Self {
        self.event = event;
        self.event_id = event_id;
        self
    }
}

/// Judges requests for one ATS with one set of secrets. Holds no per-delivery state, so one
/// inspector serves every connection at once.
#[derive(Debug, Clone)]
pub struct Inspector {
    ats: Ats,
    secrets: Secrets,
}

impl Inspector {
    pub fn new(ats: Ats, secrets: Secrets) -> Self {
        Self { ats, secrets }
    }

    pub fn ats(&self) -> Ats {
        self.ats
    }

    /// Judges `request`, received at `now`.
    pub fn inspect(&self, request: &Request<'_>, now: SystemTime) -> Inspection {
        (self.ats.spec().inspect)(&self.secrets, request, now)
    }
}

pub(crate) fn header_text(raw: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(raw).ok()?.trim();
    (!text.is_empty()).then(|| clip(text))
}

pub(crate) fn refuse(verdict: Verdict, status: u16, reason: impl Into<String>) -> Inspection {
    Inspection::rejected(verdict, status, reason)
}

pub(crate) fn ping(event: Option<String>, event_id: Option<String>, secret: Option<usize>, reason: &str) -> Inspection {
    Inspection {
        kind: Kind::Ping,
        status: 200,
        event,
        event_id,
        secret,
        signed_digest: None,
        reason: Some(reason.to_owned()),
    }
}

pub(crate) fn authentic(
    event: Option<String>,
    event_id: Option<String>,
    secret: usize,
    signed_digest: [u8; 32],
) -> Inspection {
    Inspection {
        kind: Kind::Authentic,
        status: 200,
        event,
        event_id,
        secret: Some(secret),
        signed_digest: Some(signed_digest),
        reason: None,
    }
}

/// SHA-256 of `parts` in order, as one message.
pub(crate) fn digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// `12 minutes`, `40 seconds`, `3 days`: enough to see how far off a clock or a replay is.
pub(crate) fn describe_millis(millis: i64) -> String {
    let seconds = millis / 1000;
    match seconds {
        ..120 => format!("{seconds} seconds"),
        120..7200 => format!("{} minutes", seconds / 60),
        7200..172_800 => format!("{} hours", seconds / 3600),
        _ => format!("{} days", seconds / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::webhooks::signature::{sign_greenhouse, sign_lever};

    const SECRET: &[u8] = b"test-secret";

    fn greenhouse() -> Inspector {
        Inspector::new(Ats::Greenhouse, Secrets::single(SECRET))
    }

    fn signed<'a>(body: &'a [u8], header: &'a str, id: &'a str) -> Request<'a> {
        Request {
            signature: Some(header.as_bytes()),
            event_id: Some(id.as_bytes()),
            body,
        }
    }

    #[test]
    fn greenhouse_verdicts() {
        let body = br#"{"action":"hire_candidate","payload":{}}"#;
        let header = sign_greenhouse(SECRET, body);
        let now = SystemTime::now();
        let good = greenhouse().inspect(&signed(body, &header, "ev-1"), now);
        assert_eq!((good.kind, good.status, good.secret), (Kind::Authentic, 200, Some(0)));
        assert_eq!(good.event.as_deref(), Some("hire_candidate"));
        assert_eq!(good.event_id.as_deref(), Some("ev-1"));

        let wrong = sign_greenhouse(b"other", body);
        let bad = greenhouse().inspect(&signed(body, &wrong, "ev-1"), now);
        assert_eq!((bad.kind, bad.status), (Kind::Rejected(Verdict::InvalidSignature), 401));
        assert_eq!(
            bad.event.as_deref(),
            Some("hire_candidate"),
            "the event is still reported"
        );

        let malformed = greenhouse().inspect(&signed(body, "sha256 nothex", "ev-1"), now);
        assert_eq!(
            (malformed.kind, malformed.status),
            (Kind::Rejected(Verdict::InvalidSignature), 401)
        );
        assert!(
            malformed
                .reason
                .as_deref()
                .is_some_and(|reason| reason.contains("malformed"))
        );

        let binary = Request {
            signature: Some(&[0xff, 0x00]),
            event_id: None,
            body,
        };
        assert_eq!(
            greenhouse().inspect(&binary, now).kind,
            Kind::Rejected(Verdict::InvalidSignature)
        );

        let unsigned = greenhouse().inspect(
            &Request {
                signature: None,
                event_id: None,
                body,
            },
            now,
        );
        assert_eq!(
            (unsigned.kind, unsigned.status),
            (Kind::Rejected(Verdict::Unsigned), 401)
        );

        let truncated = &body[..body.len() - 3];
        assert_eq!(greenhouse().inspect(&signed(truncated, &header, "x"), now).status, 401);
    }

    #[test]
    fn the_signed_digest_covers_exactly_what_is_signed() {
        let body = br#"{"action":"hire_candidate","payload":{}}"#;
        let header = sign_greenhouse(SECRET, body);
        let now = SystemTime::now();
        let first = greenhouse().inspect(&signed(body, &header, "ev-1"), now);
        let renamed = greenhouse().inspect(&signed(body, &header, "ev-2"), now);
        let expected: [u8; 32] = Sha256::digest(body).into();
        assert_eq!(first.signed_digest, Some(expected));
        assert_eq!(renamed.signed_digest, first.signed_digest, "the event id is not signed");
        let wrong = greenhouse().inspect(&signed(body, &sign_greenhouse(b"other", body), "ev-3"), now);
        assert_eq!(wrong.signed_digest, None, "only authentic deliveries carry one");

        let lever = Inspector::new(Ats::Lever, Secrets::single(SECRET));
        let at = 1_700_000_000_000;
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
        let inspect = |body: &[u8]| {
            let request = Request {
                signature: None,
                event_id: None,
                body,
            };
            lever.inspect(&request, now).signed_digest
        };
        let expected: [u8; 32] = Sha256::digest(format!("tok-1{at}")).into();
        assert_eq!(inspect(&lever_body("tok-1", at, SECRET)), Some(expected));
    }

    #[test]
    fn greenhouse_pings_and_unknown_actions_get_200() {
        let now = SystemTime::now();
        for body in [
            br#"{"action":"ping"}"#.as_slice(),
            br#"{"web_hook_id":1}"#,
            br#"{"action":"job_teleported"}"#,
        ] {
            let unsigned = greenhouse().inspect(
                &Request {
                    signature: None,
                    event_id: None,
                    body,
                },
                now,
            );
            assert_eq!(
                (unsigned.kind, unsigned.status),
                (Kind::Ping, 200),
                "{}",
                String::from_utf8_lossy(body)
            );
            let header = sign_greenhouse(SECRET, body);
            let signed = greenhouse().inspect(&signed(body, &header, "p"), now);
            assert_eq!((signed.kind, signed.status), (Kind::Ping, 200));
        }
        // Wrongly signed stays refused even for an unknown action: a wrong secret is what the
        // person setting up needs to learn.
        let body = br#"{"action":"ping"}"#;
        let wrong = sign_greenhouse(b"other", body);
        assert_eq!(greenhouse().inspect(&signed(body, &wrong, "p"), now).status, 401);
        // Unsigned garbage is refused, not taken for a ping.
        let garbage = greenhouse().inspect(
            &Request {
                signature: None,
                event_id: None,
                body: b"\x00\x01",
            },
            now,
        );
        assert_eq!(garbage.kind, Kind::Rejected(Verdict::Unsigned));
    }

    #[test]
    fn greenhouse_signed_but_not_json_is_malformed() {
        let body = b"not json";
        let header = sign_greenhouse(SECRET, body);
        let inspection = greenhouse().inspect(&signed(body, &header, "m"), SystemTime::now());
        assert_eq!(
            (inspection.kind, inspection.status),
            (Kind::Rejected(Verdict::Malformed), 400)
        );
    }

    fn lever_body(token: &str, at: i64, secret: &[u8]) -> Vec<u8> {
        let signature = sign_lever(secret, token, &at.to_string());
        format!(
            r#"{{"id":"d1","event":"candidateStageChange","triggeredAt":{at},"token":"{token}","signature":"{signature}","data":{{}}}}"#
        )
        .into_bytes()
    }

    #[test]
    fn lever_verdicts() {
        let lever = Inspector::new(Ats::Lever, Secrets::single(SECRET));
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_000);
        let at = 1_700_000_000_000 - 1000;
        let inspect = |body: &[u8]| {
            lever.inspect(
                &Request {
                    signature: None,
                    event_id: None,
                    body,
                },
                now,
            )
        };

        let good = inspect(&lever_body("tok-1", at, SECRET));
        assert_eq!((good.kind, good.status), (Kind::Authentic, 200));
        assert_eq!(good.event_id.as_deref(), Some("tok-1"));
        assert_eq!(good.event.as_deref(), Some("candidateStageChange"));

        assert_eq!(
            inspect(&lever_body("tok-1", at, b"other")).kind,
            Kind::Rejected(Verdict::InvalidSignature)
        );

        let stale = inspect(&lever_body("tok-2", at - 6 * 60 * 1000, SECRET));
        assert_eq!((stale.kind, stale.status), (Kind::Rejected(Verdict::Replayed), 401));
        assert!(
            stale.reason.as_deref().is_some_and(|reason| reason.contains("ago")),
            "{stale:?}"
        );
        let ahead = inspect(&lever_body("tok-3", at + 6 * 60 * 1000, SECRET));
        assert_eq!(ahead.kind, Kind::Rejected(Verdict::Replayed));
        assert_eq!(
            inspect(&lever_body("tok-4", at - 4 * 60 * 1000, SECRET)).kind,
            Kind::Authentic
        );

        let unsigned = inspect(br#"{"event":"candidateStageChange","token":"t","triggeredAt":1}"#);
        assert_eq!(
            (unsigned.kind, unsigned.status),
            (Kind::Rejected(Verdict::Unsigned), 401)
        );
        assert_eq!(inspect(b"{").kind, Kind::Rejected(Verdict::Malformed));
        let bad_hex = inspect(br#"{"event":"e","token":"t","triggeredAt":1,"signature":"xyz"}"#);
        assert_eq!(bad_hex.kind, Kind::Rejected(Verdict::InvalidSignature));
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(describe_millis(40_000), "40 seconds");
        assert_eq!(describe_millis(12 * 60_000), "12 minutes");
        assert_eq!(describe_millis(5 * 3_600_000), "5 hours");
        assert_eq!(describe_millis(3 * 86_400_000), "3 days");
    }
}
