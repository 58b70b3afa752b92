//! What the HTTP layer reports while it works, for `-v` output and progress. Events never carry
//! secrets: URLs hold none (credentials travel in headers and bodies), and response excerpts
//! and failure reasons pass [`crate::redact`] before they are put in an event.

use std::sync::Arc;
use std::time::Duration;

use super::pacer::RateLimitHeaders;

/// Receives events; called from any task, so it must be cheap and thread-safe.
pub type EventHook = Arc<dyn Fn(Event) + Send + Sync>;

/// One thing that happened to one request.
#[derive(Debug, Clone)]
pub enum Event {
    /// A response arrived (any status).
    Response {
        /// `GET https://host/path?query`
        request: String,
        status: u16,
        elapsed: Duration,
        /// 1 for the first try.
        attempt: u32,
        rate: RateLimitHeaders,
        /// The start of a non-2xx body, redacted; `None` for successes (they may hold tokens).
        excerpt: Option<String>,
    },
    /// No response: connection refused, reset, timed out.
    Failure {
        request: String,
        reason: String,
        attempt: u32,
    },
    /// A deliberate pause before (re)sending.
    Wait {
        request: String,
        reason: WaitReason,
        delay: Duration,
    },
}

/// Why a request waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The pacer held it back to stay under the announced rate limit.
    RateLimit,
    /// The server answered 429 and said when to come back.
    RetryAfter,
    /// Backing off after a transient failure.
    Backoff,
}

impl WaitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RateLimit => "rate limit",
            Self::RetryAfter => "429 Retry-After",
            Self::Backoff => "backoff",
        }
    }
}
