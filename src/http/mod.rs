//! The HTTP layer shared by every outside-API module (Greenhouse, Lever): base-URL checks,
//! secrets that do not leak, a client with timeouts, bounded bodies and no redirects, a retry
//! loop that honours `Retry-After`, a pacer that keeps under announced rate limits, and a
//! deadline that bounds all of it.
//!
//! A module for a new API builds one [`HttpClient`] and one [`Pacer`] per credential and host,
//! with the run's [`Deadline`] in its [`ClientOptions`], builds each [`Request`] from a
//! [`BaseUrl`], and sends it with [`HttpClient::send`]; it then classifies the [`Response`] by
//! its own API's rules. Texts taken from a response for messages ([`Response::excerpt`],
//! [`Response::error_message`], [`Response::location`]) are already redacted
//! ([`crate::redact`]).

mod base_url;
mod client;
mod deadline;
mod events;
mod pacer;
mod retry;
mod secret;

pub use base_url::{BaseUrl, BaseUrlError, is_loopback};
pub use client::{
    Auth, ClientOptions, HttpClient, HttpError, MAX_MESSAGE_CHARS, Method, Request, Response, format_bytes,
};
pub use deadline::Deadline;
pub use events::{Event, EventHook, WaitReason};
pub use pacer::{Pacer, PacerConfig, PacerSnapshot, PacerStop, Permit, RateLimitHeaders};
pub use retry::{RetryPolicy, parse_reset, parse_retry_after, wait_after_429};
pub use secret::Secret;
