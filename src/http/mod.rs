//! The HTTP layer shared by every outside-API module (Greenhouse now, Lever next): base-URL
//! checks, secrets that do not leak, a client with timeouts and no redirects, a retry loop that
//! honours `Retry-After`, and a pacer that keeps under announced rate limits.
//!
//! A module for a new API builds one [`HttpClient`] and one [`Pacer`] per credential and host,
//! builds each [`Request`] from a [`BaseUrl`], and sends it with [`HttpClient::send`]; it then
//! classifies the [`Response`] by its own API's rules.

mod base_url;
mod client;
mod events;
mod pacer;
mod retry;
mod secret;

pub use base_url::{BaseUrl, BaseUrlError, is_loopback};
pub use client::{Auth, ClientOptions, HttpClient, HttpError, Method, Request, Response};
pub use events::{Event, EventHook, WaitReason};
pub use pacer::{Pacer, PacerConfig, PacerSnapshot, Permit, RateLimitHeaders};
pub use retry::{RetryPolicy, parse_reset, parse_retry_after};
pub use secret::{Secret, redact};
