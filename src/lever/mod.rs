//! Lever as an outside system: check that a customer's Lever account has what a partner manifest
//! needs (pipeline stages, webhooks), and create the missing webhooks through the API.
//!
//! The rest of the program sees a small interface:
//! - [`LeverClient`]: an API key and a base URL over the shared [`crate::http`] layer (Basic auth,
//!   pacing at Lever's documented 10 requests/second, backoff on 429, bounded GET retries);
//! - [`check::check`]: manifest + client → [`report::LeverReport`] (what `validate` shows);
//! - [`apply::plan`] and [`apply::create_missing`]: manifest + client + webhook URL →
//!   [`apply::ApplyPlan`] → [`apply::ApplyOutcome`], de-duplicated by URL + event because Lever
//!   has no idempotency key (reference README, "Lever");
//! - [`token`]: where `apply --store-token` files a webhook's signature token;
//! - [`verify_accepted`]: whether Lever takes the key at all (`auth status --check`).
//!
//! Nothing here prints. Secrets (the API key, signature tokens) travel as [`crate::http::Secret`]s and are
//! redacted from every message built from a server's answer.

pub mod apply;
pub mod check;
mod check_seam;
mod check_view;
pub mod checklist;
mod client;
pub mod credential;
pub mod delivery;
mod delivery_verify;
pub mod records;
pub mod report;
pub mod seam;
pub mod token;
pub(crate) mod upgrade;
mod verify;
mod webhook_creation;
pub mod webhook_url;

use std::time::Duration;

pub use client::{CreateError, Created, LeverClient, MAX_LIST_BYTES, MAX_PAGES};
pub use verify::verify_accepted;

use crate::http::{self, BaseUrl, HttpError};
use crate::lever::credential::LeverRegion;
use crate::profile::{Origin, Valued};
use crate::redact::redact;

/// The Data API of US accounts (and the default).
pub const DEFAULT_URL: &str = "https://api.lever.co/v1";
/// The Data API of EU accounts (reference README, "Lever").
pub const EU_URL: &str = "https://api.eu.lever.co/v1";
pub const ENV_API_KEY: &str = crate::profile::ENV_LEVER_API_KEY;
pub const ENV_URL: &str = crate::profile::ENV_LEVER_URL;

/// Where Lever's Super Admin switches event groups on; no API reads or sets it.
pub const TOGGLE_PLACE: &str = "Settings → Integrations and API → Webhooks";

/// How long one operation (a check, the listing before `apply`, the creates) may take unless told
/// otherwise (`--timeout`).
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

/// How hard to try.
#[derive(Clone)]
pub struct LeverOptions {
    /// Per request; the connect timeout is the smaller of this and 5 s.
    pub timeout: Duration,
    /// For all the requests of one operation, from its start ([`LeverClient::new`], then
    /// [`LeverClient::with_fresh_budget`]): retries and waits for rate limits included.
    pub budget: Duration,
    /// Requests per second. Lever allows about 10 per key, with bursts to 20 (reference README,
    /// "Lever"); staying at 10 keeps a healthy run clear of 429s.
    pub requests_per_second: u32,
    /// Retries of GETs on 5xx and connection errors, and of any request on 429.
    pub retry: http::RetryPolicy,
    /// Sees every request's outcome, for `-v` output. Events never carry secrets.
    pub events: Option<http::EventHook>,
}

impl std::fmt::Debug for LeverOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeverOptions")
            .field("timeout", &self.timeout)
            .field("budget", &self.budget)
            .field("requests_per_second", &self.requests_per_second)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for LeverOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            budget: DEFAULT_BUDGET,
            requests_per_second: 10,
            retry: http::RetryPolicy {
                // Lever's limit is per second and it says to back off exponentially: several
                // short backoffs fit where one long Retry-After would not.
                max_rate_limited: 8,
                ..http::RetryPolicy::default()
            },
            events: None,
        }
    }
}

/// Why a Lever operation could not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Lever refused the API key itself (401).
    Rejected,
    /// The key is valid but has no access to a resource (403).
    NoAccess,
    /// Lever answered a write with a 4xx and did nothing (invalid URL or event, say).
    Refused,
    /// Lever could not be reached, kept failing, or answered something that is not its API.
    Unreachable,
    /// Bad input: a base URL or webhook URL that cannot be used, a manifest without Lever.
    Usage,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct LeverError {
    pub kind: ErrorKind,
    pub message: String,
    pub help: Vec<String>,
}

impl LeverError {
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

    /// The same error with every secret in play (and any credential in a URL or header value)
    /// replaced by `***` ([`crate::redact`]).
    #[must_use]
    pub fn redacted(mut self) -> Self {
        self.message = redact(&self.message);
        self.help = self.help.iter().map(|line| redact(line)).collect();
        self
    }
}

impl From<HttpError> for LeverError {
    fn from(error: HttpError) -> Self {
        let (message, help) = if error.is_rate_limited() {
            (
                format!("Lever is holding back requests for this API key: {error}"),
                "another client may be using the same API key; run again after that time, or give --timeout enough time to wait",
            )
        } else if matches!(error, HttpError::OutOfTime { .. }) {
            (
                format!("Lever did not answer in time: {error}"),
                "raise --timeout, or check the network and ATSCTL_LEVER_URL / --region",
            )
        } else {
            (
                format!("Lever could not be reached: {error}"),
                "check the network and ATSCTL_LEVER_URL / --region, or raise --timeout",
            )
        };
        LeverError::new(ErrorKind::Unreachable, message).with_help(help)
    }
}

/// Where the Lever API is, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedUrl {
    pub url: BaseUrl,
    /// `ATSCTL_LEVER_URL`, `--region eu`, `profile work`, `default`.
    pub source: String,
}

/// Picks the API base URL. `configured` is what the credential resolution found
/// (`ATSCTL_LEVER_URL`, else the profile's URL or region); `region` is `--region`.
///
/// A flag beats a profile. `ATSCTL_LEVER_URL` and a `--region` naming a different host are a
/// conflict, not a silent choice: the key would otherwise go to a host the user did not mean.
pub fn resolve_url(
    configured: Option<&Valued<String>>,
    region: Option<LeverRegion>,
) -> Result<ResolvedUrl, LeverError> {
    let parse = |name: &str, value: &str| {
        BaseUrl::parse(name, value).map_err(|error| LeverError::new(ErrorKind::Usage, error.to_string()))
    };
    match (configured, region) {
        (Some(valued), Some(region)) if matches!(valued.origin, Origin::Env(_)) => {
            let from_env = parse(ENV_URL, &valued.value)?;
            let from_region = parse("--region", region.base_url())?;
            if from_env != from_region {
                return Err(LeverError::new(
                    ErrorKind::Usage,
                    format!(
                        "{ENV_URL}={} and --region {} name different hosts",
                        valued.value,
                        region.as_str()
                    ),
                )
                .with_help(format!("unset {ENV_URL} or drop --region")));
            }
            Ok(ResolvedUrl {
                url: from_env,
                source: ENV_URL.to_owned(),
            })
        }
        (_, Some(region)) => Ok(ResolvedUrl {
            url: parse("--region", region.base_url())?,
            source: format!("--region {}", region.as_str()),
        }),
        (Some(valued), None) => {
            let name = match &valued.origin {
                Origin::Env(name) => (*name).to_owned(),
                other => other.to_string(),
            };
            Ok(ResolvedUrl {
                url: parse(&name, &valued.value)?,
                source: name,
            })
        }
        (None, None) => Ok(ResolvedUrl {
            url: parse("the default Lever URL", DEFAULT_URL)?,
            source: "default".to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_url(value: &str) -> Valued<String> {
        Valued {
            value: value.to_owned(),
            origin: Origin::Env(ENV_URL),
        }
    }

    #[test]
    fn region_eu_picks_the_eu_host() {
        let resolved = resolve_url(None, Some(LeverRegion::Eu)).unwrap();
        assert_eq!(resolved.url.to_string(), EU_URL);
        assert_eq!(
            resolved.url.join("webhooks").as_str(),
            "https://api.eu.lever.co/v1/webhooks"
        );
        assert_eq!(resolved.source, "--region eu");
        assert_eq!(EU_URL, LeverRegion::Eu.base_url(), "one EU host across the program");
    }

    #[test]
    fn the_default_is_the_us_host() {
        let resolved = resolve_url(None, None).unwrap();
        assert_eq!(resolved.url.to_string(), DEFAULT_URL);
        assert_eq!(
            resolve_url(None, Some(LeverRegion::Us)).unwrap().url.to_string(),
            DEFAULT_URL
        );
    }

    #[test]
    fn the_environment_url_is_used_and_must_agree_with_region() {
        let fake = env_url("http://127.0.0.1:4010/v1");
        let resolved = resolve_url(Some(&fake), None).unwrap();
        assert_eq!(resolved.url.join("/stages").as_str(), "http://127.0.0.1:4010/v1/stages");
        assert_eq!(resolved.source, ENV_URL);
        let error = resolve_url(Some(&fake), Some(LeverRegion::Eu)).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Usage);
        assert!(error.message.contains("--region eu"), "{}", error.message);
        let same = env_url("https://api.eu.lever.co/v1/");
        assert_eq!(
            resolve_url(Some(&same), Some(LeverRegion::Eu)).unwrap().url.to_string(),
            EU_URL
        );
    }

    #[test]
    fn a_flag_beats_a_profile_url() {
        let profile = Valued {
            value: EU_URL.to_owned(),
            origin: Origin::Profile("work".to_owned()),
        };
        assert_eq!(resolve_url(Some(&profile), None).unwrap().source, "profile work");
        let resolved = resolve_url(Some(&profile), Some(LeverRegion::Us)).unwrap();
        assert_eq!(resolved.url.to_string(), DEFAULT_URL);
    }

    #[test]
    fn plain_http_to_a_remote_host_is_refused() {
        let error = resolve_url(Some(&env_url("http://api.lever.co/v1")), None).unwrap_err();
        assert_eq!(error.kind, ErrorKind::Usage);
        assert!(error.message.contains("plain http://"), "{}", error.message);
    }

    #[test]
    fn http_errors_are_unreachable_and_name_the_request() {
        let error: LeverError = HttpError::Unreachable {
            request: "GET http://127.0.0.1:9/v1/stages".into(),
            reason: "cannot connect: Connection refused".into(),
            attempts: 3,
        }
        .into();
        assert_eq!(error.kind, ErrorKind::Unreachable);
        assert!(
            error.message.contains("GET http://127.0.0.1:9/v1/stages"),
            "{}",
            error.message
        );
    }

    #[test]
    fn redaction_covers_message_and_help() {
        let _key = crate::http::Secret::new("canary-lever-key-1234");
        let error = LeverError::new(ErrorKind::Rejected, "bad key canary-lever-key-1234")
            .with_help("was canary-lever-key-1234")
            .redacted();
        assert_eq!(error.message, "bad key ***");
        assert_eq!(error.help, vec!["was ***".to_owned()]);
    }
}
