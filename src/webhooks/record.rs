//! What became of one delivery: the record `webhooks listen --format json` prints, one per line.
//! Field names and verdict values are a contract for scripts.

use serde::Serialize;

use crate::manifest::Ats;

/// The outcome of one delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Signed with a configured secret, and one of the webhooks the manifest expects.
    Verified,
    /// Signed with a configured secret, but no webhook of the manifest sends this event.
    Unexpected,
    /// Signed, and already received (same `Greenhouse-Event-ID`, or same Lever `token`).
    Duplicate,
    /// Greenhouse's save-time ping, or any action Greenhouse does not document: answered 200 so
    /// the web hook is saved enabled, never counted.
    Ping,
    /// A signature is present but no configured secret produced it (or it is not readable).
    InvalidSignature,
    /// No signature at all.
    Unsigned,
    /// Correctly signed, but Lever's `triggeredAt` is too far from now.
    Replayed,
    /// The body is larger than the receiver accepts.
    TooLarge,
    /// Not a delivery: wrong method, unreadable body, not JSON.
    Malformed,
}

impl Verdict {
    pub const ALL: [Verdict; 9] = [
        Self::Verified,
        Self::Unexpected,
        Self::Duplicate,
        Self::Ping,
        Self::InvalidSignature,
        Self::Unsigned,
        Self::Replayed,
        Self::TooLarge,
        Self::Malformed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Unexpected => "unexpected",
            Self::Duplicate => "duplicate",
            Self::Ping => "ping",
            Self::InvalidSignature => "invalid_signature",
            Self::Unsigned => "unsigned",
            Self::Replayed => "replayed",
            Self::TooLarge => "too_large",
            Self::Malformed => "malformed",
        }
    }

    /// Whether the receiver refused the delivery (answered 4xx).
    pub fn is_rejection(self) -> bool {
        matches!(
            self,
            Self::InvalidSignature | Self::Unsigned | Self::Replayed | Self::TooLarge | Self::Malformed
        )
    }
}

/// One delivery as received and judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    /// When the request arrived, RFC 3339 UTC with milliseconds.
    pub received_at: String,
    pub ats: Ats,
    /// Greenhouse's `action` or Lever's `event`, when the body could be read.
    pub event: Option<String>,
    /// The manifest's name for the webhook this delivery belongs to (for Lever, the event).
    pub webhook: Option<String>,
    pub verdict: Verdict,
    /// The HTTP status answered.
    pub status: u16,
    /// `Greenhouse-Event-ID`, or Lever's `token`.
    pub event_id: Option<String>,
    /// Which configured secret verified it, counting from 1 (useful while rotating).
    pub secret: Option<usize>,
    /// Why it was rejected or not counted, in a few words.
    pub reason: Option<String>,
}
