//! Webhook deliveries from Greenhouse and Lever: checking their signatures, reading what they
//! report, and keeping track of which of a manifest's webhooks have arrived.
//!
//! The pieces, in the order a delivery meets them:
//! - [`server`] receives HTTP requests (bounded in size, time and connections, the cap fitted
//!   to the process's [`open_files`] limit) and hands each one to [`inspect`], which decides
//!   from the request alone what it is: authentic, a ping, or rejected (with the HTTP status to
//!   answer).
//! - [`signature`] holds the two signing schemes, compared in constant time; [`delivery`] reads
//!   the few body fields that matter.
//! - [`tracker`] turns inspections into [`DeliveryRecord`]s: it drops duplicates (same event id
//!   or same signed content), maps events to the manifest's webhooks and reports progress. It is plain data, so the binary renders it
//!   and tests drive it without a socket.

pub mod clock;
mod connection_io;
pub mod delivery;
pub mod inspect;
pub mod open_files;
mod record;
pub mod server;
pub mod signature;
pub mod tracker;

use std::time::Duration;

pub use inspect::{Inspection, Inspector, Kind, Request};
pub use record::{DeliveryRecord, Verdict};
pub use signature::Secrets;
pub use tracker::{ExpectedWebhook, Progress, Tracker, WebhookProgress};

/// The environment variable holding the webhook secret (Greenhouse) or signature token (Lever);
/// several comma-separated while one is rotated. Secrets never come from argv.
pub const SECRET_ENV: &str = "ATSCTL_WEBHOOK_SECRET";

/// Largest body accepted. Greenhouse's largest documented example is under 8 KiB; a megabyte
/// leaves room for long custom fields while keeping a flood of requests cheap to refuse.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How far a Lever delivery's `triggeredAt` may be from this machine's clock, either way.
pub const LEVER_MAX_SKEW: Duration = Duration::from_secs(5 * 60);

/// Longest event name or event id kept from a request. Real ones are under 64 characters; the
/// cap keeps hostile input from bloating records and terminal output.
pub const MAX_FIELD_CHARS: usize = 128;

/// `text` cut to [`MAX_FIELD_CHARS`] characters.
pub(crate) fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_FIELD_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
