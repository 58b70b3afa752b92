//! Ashby as an outside system: check an API key against what a partner manifest's `ashby:`
//! section needs, create the partner's webhooks, and verify Ashby's signed deliveries.
//!
//! The rest of the program sees a small interface:
//! - [`manifest`]: the `ashby:` section ([`manifest::RawAshby`] as written,
//!   [`manifest::AshbySetup`] validated, [`manifest::validate`]);
//! - [`AshbyClient`]: an API key and a base URL over the shared [`crate::http`] layer (the key as
//!   the Basic user name, paced requests, bounded retries of read-only calls);
//! - [`check::check`]: section + client → [`report::AshbyReport`] (what `validate` shows): one
//!   `apiKey.info` when the key may call it, else one safe probe per needed read permission;
//! - [`apply::plan`] and [`apply::create`]: create the missing webhooks with `webhook.create`,
//!   recording each in a [`state::StateFile`], because Ashby cannot list webhooks;
//! - [`verify::inspect`]: judge one delivery (`Ashby-Signature: sha256=<hex>`, the ping, the
//!   dedupe key); [`verify_accepted`]: whether Ashby takes the key at all (`auth status --check`).
//!
//! Facts follow `reference/ashby/README.md` (cited as "reference, §n"). Nothing here prints.
//! Secrets (the API key, secret tokens) travel as [`Secret`]s and are redacted from every message
//! built from a server's answer.

mod answer;
pub mod apply;
pub mod check;
mod check_seam;
mod check_view;
pub(crate) mod checklist;
mod client;
pub mod credential;
mod delivery_verify;
pub mod manifest;
pub mod report;
pub mod seam;
pub mod secret_token;
pub mod state;
pub(crate) mod upgrade;
pub mod verify;
mod verify_key;
mod webhook_creation;

use std::time::Duration;

pub use client::{AshbyClient, CreateError, CreatedWebhook, ProbeOutcome, WebhookLookup};
pub use verify_key::verify_accepted;

use crate::http::{self, BaseUrl, HttpError};
use crate::profile::{Origin, Valued};
use crate::redact::redact;

/// Ashby's API (reference, §1).
pub const DEFAULT_URL: &str = "https://api.ashbyhq.com";
/// The API key, the Basic user name of every request.
pub const ENV_API_KEY: &str = "ATSCTL_ASHBY_API_KEY";
/// The base URL; plain `http://` only to a loopback host.
pub const ENV_URL: &str = "ATSCTL_ASHBY_URL";

/// How hard to try.
#[derive(Clone)]
pub struct AshbyOptions {
    /// Per request; the connect timeout is the smaller of this and 5 s.
    pub timeout: Duration,
    /// Requests per second. Ashby publishes no general limit (reference, §5), only that per-key
    /// limits exist; a check sends about a dozen requests, so a low rate costs nothing.
    pub requests_per_second: u32,
    /// Retries of read-only calls on 5xx and connection errors, and of any call on 429.
    pub retry: http::RetryPolicy,
    /// Sees every request's outcome, for `-v` output. Events never carry secrets.
    pub events: Option<http::EventHook>,
}

impl std::fmt::Debug for AshbyOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AshbyOptions")
            .field("timeout", &self.timeout)
            .field("requests_per_second", &self.requests_per_second)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for AshbyOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            requests_per_second: 5,
            retry: http::RetryPolicy::default(),
            events: None,
        }
    }
}

/// Why an Ashby operation could not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Ashby refused the API key itself: missing (401), wrong or deactivated (403 without
    /// `missing_endpoint_permission`). Exit 3.
    Rejected,
    /// The key is valid but lacks the endpoint's permission (403 `missing_endpoint_permission`).
    NoAccess,
    /// Ashby answered a write with an error and did nothing (`success: false`).
    Refused,
    /// Ashby could not be reached, kept failing, or answered something that is not its API.
    Unreachable,
    /// Bad input: a base URL or webhook URL that cannot be used, a state file that cannot be
    /// read.
    Usage,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct AshbyError {
    pub kind: ErrorKind,
    pub message: String,
    pub help: Vec<String>,
}

impl AshbyError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            help: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// `work`, or this error if it has not finished within `timeout` (a phase's whole budget:
    /// requests, retries and waits for rate limits).
    pub(crate) async fn unless_done_within<T>(
        timeout: Duration,
        work: impl Future<Output = Result<T, AshbyError>>,
    ) -> Result<T, AshbyError> {
        tokio::time::timeout(timeout, work).await.unwrap_or_else(|_elapsed| {
            Err(AshbyError::new(
                ErrorKind::Unreachable,
                format!("Ashby did not finish within {} s", timeout.as_secs_f64()),
            )
            .with_help("raise --timeout, or check the network and ATSCTL_ASHBY_URL"))
        })
    }

    /// The same error with every secret in play (every [`Secret`] registers itself) masked.
    #[must_use]
    pub fn redacted(mut self) -> Self {
        self.message = redact(&self.message);
        self.help = self.help.iter().map(|line| redact(line)).collect();
        self
    }
}

impl From<HttpError> for AshbyError {
    fn from(error: HttpError) -> Self {
        let help = match &error {
            HttpError::RateLimited { .. } => "another client may be using the same API key; try again in a minute",
            _ => "check the network and ATSCTL_ASHBY_URL, or raise --timeout",
        };
        AshbyError::new(ErrorKind::Unreachable, format!("Ashby could not be reached: {error}")).with_help(help)
    }
}

/// Where the Ashby API is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedUrl {
    pub url: BaseUrl,
    /// `ATSCTL_ASHBY_URL`, `profile work`, `default`.
    pub source: String,
}

/// Picks the API base URL: `configured` is what credential resolution found
/// (`ATSCTL_ASHBY_URL`, else the profile's URL), otherwise Ashby's own host. Checked before any
/// key is sent to it: HTTPS, or plain HTTP to a loopback host.
pub fn resolve_url(configured: Option<&Valued<String>>) -> Result<ResolvedUrl, AshbyError> {
    let (name, value) = match configured {
        Some(valued) => (
            match &valued.origin {
                Origin::Env(name) => (*name).to_owned(),
                other => other.to_string(),
            },
            valued.value.as_str(),
        ),
        None => ("default".to_owned(), DEFAULT_URL),
    };
    let url = BaseUrl::parse(&name, value).map_err(|error| AshbyError::new(ErrorKind::Usage, error.to_string()))?;
    Ok(ResolvedUrl { url, source: name })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Secret;

    #[tokio::test(start_paused = true)]
    async fn work_past_its_time_limit_is_an_unreachable_error_naming_the_limit() {
        let never = std::future::pending::<Result<(), AshbyError>>();
        let error = AshbyError::unless_done_within(Duration::from_secs(5), never)
            .await
            .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Unreachable);
        assert_eq!(error.message, "Ashby did not finish within 5 s");
        assert!(error.help[0].contains("--timeout"));
        let done = AshbyError::unless_done_within(Duration::from_secs(5), async { Ok(7) }).await;
        assert_eq!(done.unwrap(), 7);
    }

    #[test]
    fn the_default_is_ashbys_host_and_the_environment_wins() {
        let resolved = resolve_url(None).unwrap();
        assert_eq!(resolved.url.to_string(), DEFAULT_URL);
        assert_eq!(
            resolved.url.join("apiKey.info").as_str(),
            "https://api.ashbyhq.com/apiKey.info"
        );
        assert_eq!(resolved.source, "default");
        let fake = Valued {
            value: "http://127.0.0.1:4020".to_owned(),
            origin: Origin::Env(ENV_URL),
        };
        let resolved = resolve_url(Some(&fake)).unwrap();
        assert_eq!(
            resolved.url.join("/job.list").as_str(),
            "http://127.0.0.1:4020/job.list"
        );
        assert_eq!(resolved.source, ENV_URL);
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused_naming_the_variable() {
        let remote = Valued {
            value: "http://api.ashbyhq.com".to_owned(),
            origin: Origin::Env(ENV_URL),
        };
        let error = resolve_url(Some(&remote)).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Usage);
        assert!(error.message.starts_with("ATSCTL_ASHBY_URL="), "{}", error.message);
        assert!(error.message.contains("plain http://"), "{}", error.message);
    }

    #[test]
    fn http_errors_are_unreachable_and_redaction_covers_help() {
        let error: AshbyError = HttpError::ServerError {
            request: "POST http://127.0.0.1:9/job.list".into(),
            status: 502,
            attempts: 3,
        }
        .into();
        assert_eq!(error.kind, ErrorKind::Unreachable);
        assert!(
            error.message.contains("POST http://127.0.0.1:9/job.list"),
            "{}",
            error.message
        );
        let _key = Secret::new("canary-ashby-key-5521");
        let error = AshbyError::new(ErrorKind::Rejected, "no canary-ashby-key-5521")
            .with_help("was canary-ashby-key-5521")
            .redacted();
        assert_eq!((error.message.as_str(), error.help[0].as_str()), ("no ***", "was ***"));
    }
}
