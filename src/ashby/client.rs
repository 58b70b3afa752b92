//! The Ashby API client: one API key, one base URL, over the shared HTTP layer.
//!
//! What it adds to [`crate::http`] is Ashby's rules (reference, §1–§3, §7):
//! - every call is a POST of a JSON body to `/<category>.<method>`, the key as the Basic user
//!   name with an empty password;
//! - reads are POSTs too, so the only reads this client sends are the catalog's safe probes
//!   ([`AshbyClient::probe`] takes a [`SafeProbe`], which only the catalog can make) and
//!   `webhook.info` for an id `apply` recorded; they are marked safe to repeat, so 5xx and
//!   dropped connections are retried a bounded number of times;
//! - `webhook.create` is sent once: Ashby documents no idempotency key, so a lost answer is
//!   [`CreateError::Ambiguous`] and the caller decides (see [`super::apply`]);
//! - no rate limit is published (reference, §5): a fixed modest rate, with 429s paused for
//!   `Retry-After` by the shared retry loop.

use std::time::Duration;

use serde_json::{Value, json};

use super::answer::{self, Answer};
use super::{AshbyError, AshbyOptions, ErrorKind};
use crate::catalog::ashby::{AshbyCatalog, SafeProbe};
use crate::http::{Auth, BaseUrl, ClientOptions, HttpClient, HttpError, Pacer, PacerConfig, Request, Response, Secret};

const WEBHOOK_CREATE: &str = "webhook.create";
/// Longest text of a server's answer put into a message.
const MAX_WORDS: usize = 300;
const WEBHOOK_INFO: &str = "webhook.info";

/// An Ashby API key bound to one base URL. Cheap to clone.
#[derive(Debug, Clone)]
pub struct AshbyClient {
    http: HttpClient,
    pacer: Pacer,
    base: BaseUrl,
    key: Secret,
}

/// What a safe probe learned.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeOutcome {
    /// `success: true`: the key has the probe's permission. `results` as answered.
    Granted(Value),
    /// The key lacks the probe's permission (`missing_endpoint_permission`).
    Missing { said: String },
    /// `success: false` for another reason; the permission is neither shown nor refuted.
    Failed { said: String },
}

/// A webhook as `webhook.create` and `webhook.info` return it (`secretToken` is never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedWebhook {
    /// `None` when a `success: true` answer carried no readable id.
    pub id: Option<String>,
    /// `false` when Ashby's ping of the URL failed: the webhook then exists but sends nothing
    /// (reference, §7 "Ping").
    pub enabled: Option<bool>,
    pub request_url: Option<String>,
    pub webhook_type: Option<String>,
}

/// Why `webhook.create` did not clearly create a webhook.
#[derive(Debug, Clone)]
pub enum CreateError {
    /// Ashby already has a webhook for this URL and type and refused a second one. Not in
    /// Ashby's docs: one public integration sees it "repeatedly in production logs" and matches
    /// `duplicate webhook` in the message (reference, §7).
    Duplicate { said: String },
    /// Ashby answered and created nothing (a rejected key, a missing permission, invalid input).
    Refused(AshbyError),
    /// The request may have reached Ashby and been acted on (no answer, a dropped connection, a
    /// timeout, a 5xx): the webhook may exist now.
    Ambiguous(AshbyError),
}

/// What `webhook.info` says about a recorded id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookLookup {
    Found(CreatedWebhook),
    /// `webhook_not_found`: deleted since, or made in another organization.
    NotFound,
    /// The key lacks API Keys: Read, so the id cannot be looked up.
    NoAccess {
        said: String,
    },
}

impl AshbyClient {
    pub fn new(base: BaseUrl, key: Secret, options: &AshbyOptions) -> Result<Self, AshbyError> {
        let client_options = ClientOptions {
            retry: options.retry,
            ..ClientOptions::with_timeout(options.timeout)
        };
        let http = HttpClient::new(client_options, options.events.clone())?;
        Ok(Self {
            http,
            pacer: pacer(options.requests_per_second),
            base,
            key,
        })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    /// The API key, for redacting messages built elsewhere and for naming state records.
    pub fn key(&self) -> &Secret {
        &self.key
    }

    fn auth(&self) -> Auth {
        // Reference, §2: "API key as user name, empty password".
        Auth::Basic {
            user: self.key.clone(),
            password: None,
        }
    }

    fn request(&self, endpoint: &str, body: &Value) -> Request {
        Request::post(&self.base, endpoint).auth(self.auth()).json(body)
    }

    /// Sends one safe probe (its catalog body, at most one record). Changes nothing, so it is
    /// retried like a GET. Errors only for what stops a check: a rejected key, no Ashby.
    pub async fn probe(&self, probe: &SafeProbe) -> Result<ProbeOutcome, AshbyError> {
        let request = self.request(probe.endpoint(), probe.body()).retry_safe(true);
        let response = self.send(&request).await?;
        match answer::classify(&response) {
            Answer::Success(results) => Ok(ProbeOutcome::Granted(results)),
            Answer::PermissionMissing { said } => Ok(ProbeOutcome::Missing {
                said: self.words(&said),
            }),
            Answer::Failure(failure) => Ok(ProbeOutcome::Failed {
                said: self.words(&failure.describe()),
            }),
            Answer::KeyRejected { status, said } => Err(self.rejected(status, &said)),
            Answer::NotAshby { reason } => Err(self.not_ashby(&request, &reason)),
        }
    }

    /// `webhook.create {webhookType, requestUrl, secretToken}`, sent once.
    pub async fn create_webhook(
        &self,
        webhook_type: &str,
        request_url: &str,
        secret_token: &Secret,
    ) -> Result<CreatedWebhook, CreateError> {
        let body = json!({
            "webhookType": webhook_type,
            "requestUrl": request_url,
            "secretToken": secret_token.expose(),
        });
        let request = self.request(WEBHOOK_CREATE, &body);
        let response = match self.http.send(&self.pacer, &request).await {
            Ok(response) => response,
            // A 429 is refused before Ashby does anything; the shared loop already waited and
            // resent until it gave up. A setup error never sent anything.
            Err(error @ (HttpError::RateLimited { .. } | HttpError::Setup(_))) => {
                return Err(CreateError::Refused(AshbyError::from(error).redacted()));
            }
            Err(error) => {
                return Err(CreateError::Ambiguous(
                    AshbyError::new(
                        ErrorKind::Unreachable,
                        format!("no answer to {WEBHOOK_CREATE}: {error}"),
                    )
                    .redacted(),
                ));
            }
        };
        if response.status >= 500 {
            return Err(CreateError::Ambiguous(
                AshbyError::new(
                    ErrorKind::Unreachable,
                    format!(
                        "{}: Ashby answered {} ({})",
                        request.describe(),
                        response.status,
                        self.words(&answer::body_text(&response))
                    ),
                )
                .redacted(),
            ));
        }
        let refused = |error: AshbyError| CreateError::Refused(error.redacted());
        match answer::classify(&response) {
            Answer::Success(results) => Ok(parse_webhook(&results)),
            Answer::Failure(failure) if failure.mentions("duplicate") || failure.mentions("already exists") => {
                Err(CreateError::Duplicate {
                    said: self.words(&failure.describe()),
                })
            }
            Answer::Failure(failure) => Err(refused(AshbyError::new(
                ErrorKind::Refused,
                format!(
                    "Ashby refused {WEBHOOK_CREATE} for {webhook_type}: {}",
                    failure.describe()
                ),
            ))),
            Answer::PermissionMissing { said } => Err(refused(self.no_permission(WEBHOOK_CREATE, &said))),
            Answer::KeyRejected { status, said } => Err(refused(self.rejected(status, &said))),
            Answer::NotAshby { reason } => Err(refused(self.not_ashby(&request, &reason))),
        }
    }

    /// `webhook.info {webhookId}`: read-only, for ids `apply` recorded (Ashby cannot list
    /// webhooks, reference §7).
    pub async fn webhook_info(&self, id: &str) -> Result<WebhookLookup, AshbyError> {
        let request = self.request(WEBHOOK_INFO, &json!({ "webhookId": id })).retry_safe(true);
        let response = self.send(&request).await?;
        match answer::classify(&response) {
            Answer::Success(results) => Ok(WebhookLookup::Found(parse_webhook(&results))),
            // Third-party code reports `webhook_not_found` / "Webhook not found" (reference, §3).
            Answer::Failure(failure) if failure.mentions("not_found") || failure.mentions("not found") => {
                Ok(WebhookLookup::NotFound)
            }
            Answer::Failure(failure) => Err(AshbyError::new(
                ErrorKind::Unreachable,
                format!(
                    "{}: Ashby answered {}",
                    request.describe(),
                    self.words(&failure.describe())
                ),
            )),
            Answer::PermissionMissing { said } => Ok(WebhookLookup::NoAccess {
                said: self.words(&said),
            }),
            Answer::KeyRejected { status, said } => Err(self.rejected(status, &said)),
            Answer::NotAshby { reason } => Err(self.not_ashby(&request, &reason)),
        }
    }

    async fn send(&self, request: &Request) -> Result<Response, AshbyError> {
        self.http
            .send(&self.pacer, request)
            .await
            .map_err(|error| AshbyError::from(error).redacted())
    }

    /// `text` from a server with every secret in play masked (the key and any secret token are
    /// [`Secret`]s, which register themselves; the redactor also finds them inside base64).
    pub(super) fn scrub(&self, text: &str) -> String {
        crate::redact::redact(text)
    }

    /// A server's words for a message: redacted first, then cut to [`MAX_WORDS`] characters.
    fn words(&self, text: &str) -> String {
        crate::redact::excerpt(text, MAX_WORDS)
    }

    fn rejected(&self, status: u16, said: &str) -> AshbyError {
        let what = if status == 401 {
            "Ashby did not accept the request's API key"
        } else {
            "Ashby rejected the API key (wrong or deactivated)"
        };
        AshbyError::new(ErrorKind::Rejected, format!("{what} ({status}: {})", self.words(said))).with_help(format!(
            "check {} (or the profile's key); Ashby API keys are managed in {}",
            super::ENV_API_KEY,
            super::manifest::API_KEYS_PLACE
        ))
    }

    fn no_permission(&self, endpoint: &str, said: &str) -> AshbyError {
        let catalog = AshbyCatalog::bundled();
        let needed = catalog
            .endpoint(endpoint)
            .and_then(|endpoint| endpoint.permission.as_deref())
            .and_then(|id| catalog.permission(id));
        let mut error = AshbyError::new(
            ErrorKind::NoAccess,
            format!("the API key may not call {endpoint} ({})", self.words(said)),
        );
        if let Some(permission) = needed {
            let module = catalog
                .modules
                .iter()
                .find(|module| module.key == permission.module)
                .map_or(permission.module.as_str(), |module| module.display_name());
            error = error.with_help(format!(
                "tick \"{module}: {}\" ({}) on the key in {}, or use a key that has it",
                permission.access.label(),
                permission.id,
                super::manifest::API_KEYS_PLACE
            ));
        }
        error
    }

    fn not_ashby(&self, request: &Request, reason: &str) -> AshbyError {
        AshbyError::new(
            ErrorKind::Unreachable,
            format!("{}: {}", request.describe(), self.words(reason)),
        )
        .with_help(format!(
            "is {} Ashby's API? It should be {} or a loopback test server",
            self.base,
            super::DEFAULT_URL
        ))
    }
}

/// The webhook in `results`, read field by field: a record without them is still a success.
fn parse_webhook(results: &Value) -> CreatedWebhook {
    let text = |key: &str| {
        results
            .get(key)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .map(crate::webhooks::clip)
    };
    CreatedWebhook {
        id: text("id"),
        enabled: results.get("enabled").and_then(Value::as_bool),
        request_url: text("requestUrl"),
        webhook_type: text("webhookType"),
    }
}

/// `requests_per_second` per one-second window, at most four in flight. Rate-limit headers, if
/// Ashby ever sends them, take over (the shared pacer applies an announced limit per window).
fn pacer(requests_per_second: u32) -> Pacer {
    Pacer::with_limit(
        PacerConfig {
            default_window: Duration::from_secs(1),
            safety_margin: Duration::from_millis(50),
            max_in_flight: 4,
        },
        requests_per_second.max(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_webhooks_are_read_field_by_field() {
        let full = parse_webhook(&json!({
            "id": "3ae2b801-19f6-41ef-ad28-214bd731948f",
            "enabled": false,
            "requestUrl": "https://hooks.example/ashby",
            "secretToken": "never-kept",
            "webhookType": "candidateHire"
        }));
        assert_eq!(full.id.as_deref(), Some("3ae2b801-19f6-41ef-ad28-214bd731948f"));
        assert_eq!(full.enabled, Some(false));
        assert!(!format!("{full:?}").contains("never-kept"));
        let empty = parse_webhook(&Value::Null);
        assert_eq!(
            empty,
            CreatedWebhook {
                id: None,
                enabled: None,
                request_url: None,
                webhook_type: None
            }
        );
        let long = parse_webhook(&json!({ "id": "x".repeat(10_000) }));
        assert!(long.id.unwrap().chars().count() <= crate::webhooks::MAX_FIELD_CHARS + 1);
    }

    #[test]
    fn echoed_keys_are_redacted_in_every_form_before_anything_is_cut() {
        let base = BaseUrl::parse("X", "http://127.0.0.1:9").unwrap();
        let key = "canary-ashby-key-77a1";
        let client = AshbyClient::new(base, Secret::new(key), &AshbyOptions::default()).unwrap();
        let basic = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, format!("{key}:"));
        let echoed = format!("denied for Basic {basic} ({key})");
        let said = client.words(&echoed);
        // The shared redactor masks the key inside its base64 form; what is left of the Basic
        // value (`Og==`, the encoded `:`) says nothing.
        assert!(!said.contains(key) && !said.contains(&basic[..12]), "{said}");
        assert!(
            said.starts_with("denied for Basic ***") && said.ends_with("(***)"),
            "{said}"
        );
        // A key that straddles the cut must not survive as a prefix.
        let long = format!("{}{key}", "x".repeat(MAX_WORDS - 5));
        let cut = client.words(&long);
        assert!(!cut.contains("canary"), "{cut}");
        assert!(cut.chars().count() <= MAX_WORDS + 1);
        let _token = Secret::new("tok-0123456789abcdef");
        assert_eq!(client.words("bad tok-0123456789abcdef"), "bad ***");
        let response = Response::for_test(502, "text/plain", &format!("upstream   saw\n{key}"));
        let error = client.not_ashby(
            &Request::post(client.base_url(), "job.list"),
            &answer::body_text(&response),
        );
        assert!(!error.message.contains(key), "{}", error.message);
    }

    #[test]
    fn a_missing_permission_on_create_names_api_keys_write() {
        let base = BaseUrl::parse("X", "http://127.0.0.1:9").unwrap();
        let client = AshbyClient::new(base, Secret::new("k-canary-0042"), &AshbyOptions::default()).unwrap();
        let error = client.no_permission(WEBHOOK_CREATE, "missing_endpoint_permission for k-canary-0042");
        assert_eq!(error.kind, ErrorKind::NoAccess);
        assert!(!error.message.contains("k-canary-0042"), "{}", error.message);
        assert!(
            error.help[0]
                .starts_with("tick \"API Keys: Write\" (apiKeysWrite) on the key in Admin → Integrations → API Keys"),
            "{}",
            error.help[0]
        );
    }
}
