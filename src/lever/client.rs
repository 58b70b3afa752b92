//! The Lever Data API client: one API key, one base URL, over the shared HTTP layer.
//!
//! What it adds to [`crate::http`] is Lever's rules (reference README, "Lever"):
//! - the key is the Basic user name with an empty password;
//! - about 10 requests/second per key: at most that many per second (a [`Pacer`] that knows the
//!   limit up front, since Lever's docs promise no rate-limit headers); a 429 still pauses
//!   everything and backs off exponentially, or for `Retry-After` when Lever sends one;
//! - GETs are retried on 5xx and connection errors a bounded number of times; `POST /webhooks`
//!   never is, because Lever has no idempotency key and a blind retry makes a duplicate — the
//!   caller gets [`CreateError::Ambiguous`] and re-lists before trying again;
//! - errors are `{code, message}`; 401 is a bad key, 403 a key without the resource;
//! - lists are paged with `limit` (1–100) and an opaque `offset`, answered with `hasNext`/`next`;
//!   a list is followed for at most [`MAX_PAGES`] pages and [`MAX_LIST_BYTES`], so a server whose
//!   `hasNext` never ends costs a bounded time and memory, then a clear error.

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::time::Duration;

use serde_json::{Value, json};

use super::records::{self, Stage, Webhook};
use super::{ErrorKind, LeverError, LeverOptions};
use crate::http::{
    Auth, BaseUrl, ClientOptions, Deadline, HttpClient, HttpError, Method, Pacer, PacerConfig, Request, Response,
    Secret,
};

/// The most records Lever returns per page.
const PAGE_LIMIT: &str = "100";
/// The most pages of one list followed: 10,000 records at Lever's 100 a page, far more stages or
/// webhooks than an account has, so a server that never says `hasNext: false` is stopped.
pub const MAX_PAGES: usize = 100;
/// The most body bytes read for one list, all pages together.
pub const MAX_LIST_BYTES: usize = 32 << 20;
/// Lever's offsets are short opaque tokens; a longer `next` is not Lever's.
const MAX_OFFSET_BYTES: usize = 2048;

/// A Lever API key bound to one base URL.
#[derive(Debug, Clone)]
pub struct LeverClient {
    http: HttpClient,
    pacer: Pacer,
    base: BaseUrl,
    key: Secret,
    budget: Duration,
}

/// What `POST /webhooks` returned.
#[derive(Debug, Clone)]
pub struct Created {
    /// The created webhook, when the answer could be read (either documented shape).
    pub webhook: Option<Webhook>,
}

/// Why `POST /webhooks` did not clearly succeed.
#[derive(Debug, Clone)]
pub enum CreateError {
    /// Lever answered, and did not create the webhook (a 4xx: bad key, no access, invalid
    /// input, still rate limited). Nothing to recover.
    Refused(LeverError),
    /// The request may have reached Lever and been acted on (no answer, a dropped connection, a
    /// timeout, a 5xx): the webhook may exist now. List before trying again.
    Ambiguous(LeverError),
}

impl LeverClient {
    pub fn new(base: BaseUrl, key: Secret, options: &LeverOptions) -> Result<Self, LeverError> {
        let client_options = ClientOptions {
            retry: options.retry,
            deadline: Deadline::after(options.budget),
            ..ClientOptions::with_timeout(options.timeout)
        };
        let http = HttpClient::new(client_options, options.events.clone())?;
        Ok(Self {
            http,
            pacer: pacer(options.requests_per_second),
            base,
            key,
            budget: options.budget,
        })
    }

    /// The same client (connections and pacing shared) with its budget starting again now: for
    /// each phase of a command a person may pause between (`apply` lists, asks, then creates).
    #[must_use]
    pub fn with_fresh_budget(&self) -> Self {
        let mut client = self.clone();
        client.http = self.http.with_deadline(Deadline::after(self.budget));
        client
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base
    }

    fn auth(&self) -> Auth {
        // Reference README, "Lever": "API key as Basic user name with empty password".
        Auth::Basic {
            user: self.key.clone(),
            password: None,
        }
    }

    /// Every pipeline stage (`GET /stages`), and how many records could not be read.
    pub async fn stages(&self) -> Result<(Vec<Stage>, usize), LeverError> {
        self.list("stages", records::parse_stage).await
    }

    /// Every webhook (`GET /webhooks`), and how many records could not be read.
    pub async fn webhooks(&self) -> Result<(Vec<Webhook>, usize), LeverError> {
        self.list("webhooks", records::parse_webhook).await
    }

    /// One `GET /stages?limit=1`: the cheapest request that needs a valid key. Changes nothing.
    pub async fn probe_stages(&self) -> Result<(), LeverError> {
        let request = Request::get(&self.base, "stages").auth(self.auth()).query("limit", "1");
        let response = self
            .http
            .send(&self.pacer, &request)
            .await
            .map_err(|error| LeverError::from(error).redacted())?;
        let body = self.classify(&request, &response, "stages")?;
        records::parse_page(&body).map_err(|problem| {
            LeverError::new(
                ErrorKind::Unreachable,
                format!("{}: not a Lever list: {problem}", request.describe()),
            )
        })?;
        Ok(())
    }

    /// All records of a list, following `next` while `hasNext`, each read with `parse` as its
    /// page arrives (so only the parsed records are kept); with how many could not be read.
    async fn list<T>(&self, resource: &str, parse: fn(&Value) -> Option<T>) -> Result<(Vec<T>, usize), LeverError> {
        let mut records = Vec::new();
        let mut skipped = 0;
        let mut offset: Option<String> = None;
        // Hashes of the offsets seen: a server repeating one is stopped at once.
        let hasher = RandomState::new();
        let mut seen = HashSet::new();
        let mut bytes = 0usize;
        for _ in 0..MAX_PAGES {
            let mut request = Request::get(&self.base, resource)
                .auth(self.auth())
                .query("limit", PAGE_LIMIT);
            if let Some(offset) = &offset {
                request = request.query("offset", offset);
            }
            let response = self.http.send(&self.pacer, &request).await?;
            bytes += response.body.len();
            let body = self.classify(&request, &response, resource)?;
            let page = records::parse_page(&body).map_err(|problem| {
                LeverError::new(
                    ErrorKind::Unreachable,
                    format!("{}: not a Lever list: {problem}", request.describe()),
                )
            })?;
            for value in &page.data {
                match parse(value) {
                    Some(record) => records.push(record),
                    None => skipped += 1,
                }
            }
            let Some(next) = page.next else {
                return Ok((records, skipped));
            };
            if bytes > MAX_LIST_BYTES {
                return Err(self.list_too_long(
                    resource,
                    &format!(
                        "its pages add up to more than {}",
                        crate::http::format_bytes(MAX_LIST_BYTES)
                    ),
                ));
            }
            if next.len() > MAX_OFFSET_BYTES {
                return Err(LeverError::new(
                    ErrorKind::Unreachable,
                    format!(
                        "{}: Lever gave a `next` offset of {} bytes, longer than any Lever offset; stopping",
                        request.describe(),
                        next.len()
                    ),
                ));
            }
            if !seen.insert(hasher.hash_one(&next)) {
                return Err(LeverError::new(
                    ErrorKind::Unreachable,
                    format!(
                        "{}: Lever gave the same `next` offset twice; stopping",
                        request.describe()
                    ),
                ));
            }
            offset = Some(next);
        }
        Err(self.list_too_long(
            resource,
            &format!("it still said `hasNext` after {MAX_PAGES} pages ({PAGE_LIMIT} records a page)"),
        ))
    }

    fn list_too_long(&self, resource: &str, why: &str) -> LeverError {
        LeverError::new(
            ErrorKind::Unreachable,
            format!(
                "GET {}: stopped reading the list: {why}, more than any Lever account holds",
                self.base.join(resource)
            ),
        )
        .with_help(format!(
            "is {} the Lever Data API? A server that never ends a list is not",
            self.base
        ))
    }

    /// `POST /webhooks` with `{url, event, configuration: {}}`, sent once.
    pub async fn create_webhook(&self, url: &str, event: &str) -> Result<Created, CreateError> {
        let request = Request::post(&self.base, "webhooks")
            .auth(self.auth())
            .json(&json!({ "url": url, "event": event, "configuration": {} }));
        let response = match self.http.send(&self.pacer, &request).await {
            Ok(response) => response,
            // A 429 is refused before Lever does anything; the loop in `send` already waited
            // and resent (safe: nothing was created) until it gave up.
            Err(error @ HttpError::RateLimited { .. }) => return Err(CreateError::Refused(error.into())),
            Err(error @ HttpError::Setup(_)) => return Err(CreateError::Refused(error.into())),
            // No answer: it may have been created.
            Err(error) => {
                return Err(CreateError::Ambiguous(
                    LeverError::new(
                        ErrorKind::Unreachable,
                        format!("no answer to the create request: {error}"),
                    )
                    .redacted(),
                ));
            }
        };
        if response.status >= 500 {
            return Err(CreateError::Ambiguous(
                self.status_error(&request, &response, "webhooks"),
            ));
        }
        match self.classify(&request, &response, "webhooks") {
            Ok(body) => Ok(Created {
                webhook: records::parse_created(&body),
            }),
            Err(error) => Err(CreateError::Refused(error)),
        }
    }

    /// A 2xx JSON body, or the error the status means.
    fn classify(&self, request: &Request, response: &Response, resource: &str) -> Result<Value, LeverError> {
        if response.is_success() {
            if response.status == 204 {
                return Ok(Value::Null);
            }
            return response.json_value().ok_or_else(|| {
                LeverError::new(
                    ErrorKind::Unreachable,
                    format!(
                        "{}: answered {} with {}",
                        request.describe(),
                        response.status,
                        response.unreadable_body()
                    ),
                )
                .with_help(format!("is {} the Lever Data API? It should end in /v1", self.base))
            });
        }
        Err(self.status_error(request, response, resource))
    }

    fn status_error(&self, request: &Request, response: &Response, resource: &str) -> LeverError {
        let said = lever_message(response).map_or_else(String::new, |message| format!(": {message}"));
        let status = response.status;
        let error = match status {
            401 => LeverError::new(
                ErrorKind::Rejected,
                format!("Lever rejected the API key ({status}{said})"),
            )
            .with_help(format!(
                "check {} (or the profile's key); Lever API keys are managed in Settings → Integrations and API",
                super::ENV_API_KEY
            )),
            403 => LeverError::new(
                ErrorKind::NoAccess,
                format!("the API key has no access to {resource} ({status}{said})"),
            )
            .with_help(format!(
                "give the key access to {resource} where Lever API keys are managed (Settings → Integrations and API), or use a key that has it"
            )),
            404 => LeverError::new(
                ErrorKind::Unreachable,
                format!("{}: answered 404{said}", request.describe()),
            )
            .with_help(format!("is {} the Lever Data API? It should end in /v1", self.base)),
            300..=399 => LeverError::new(
                ErrorKind::Unreachable,
                format!(
                    "{}: answered {status} (a redirect{}); atsctl does not follow redirects with a credential",
                    request.describe(),
                    response
                        .location()
                        .map_or_else(String::new, |location| format!(" to {location}"))
                ),
            ),
            500.. => LeverError::new(
                ErrorKind::Unreachable,
                format!("{}: Lever answered {status}{said}", request.describe()),
            ),
            // A GET that Lever finds malformed means this is not the API we know.
            _ if request.method() == Method::GET => LeverError::new(
                ErrorKind::Unreachable,
                format!("{}: Lever answered {status}{said}", request.describe()),
            ),
            _ => LeverError::new(
                ErrorKind::Refused,
                format!("{}: Lever refused the request ({status}{said})", request.describe()),
            ),
        };
        error.redacted()
    }
}

/// `code: message` of a Lever error body, or the start of whatever it was.
fn lever_message(response: &Response) -> Option<String> {
    if let Some(value) = response.json_value() {
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        return match (text("code"), text("message")) {
            (Some(code), Some(message)) => Some(format!("{code}: {message}")),
            (None, Some(message)) | (Some(message), None) => Some(message),
            (None, None) => None,
        };
    }
    if response.body.is_empty() || response.is_html() {
        return None;
    }
    Some(response.excerpt(160))
}

/// `requests_per_second` per one-second window (plus a margin), the unit Lever documents.
///
/// A fixed window lets at most twice the rate into any sliding second (the end of one window
/// and the start of the next), which Lever's "bursts to 20" covers (reference README, "Lever").
/// Counting per second rather than spacing one request per 100 ms also keeps the pacer right if
/// Lever ever sends `X-RateLimit-Limit`: the shared pacer applies an announced limit per window.
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
    use tokio::time::Instant;

    use super::*;
    use crate::http::RateLimitHeaders;

    /// On a paused clock: the second passes without waiting, and the timing is exact.
    #[tokio::test(start_paused = true)]
    async fn no_more_than_the_documented_rate_per_second() {
        let pacer = pacer(10);
        let started = Instant::now();
        for _ in 0..10 {
            pacer.acquire().await.observe(&RateLimitHeaders::default());
        }
        assert_eq!(started.elapsed(), Duration::ZERO, "ten go at once");
        pacer.acquire().await.observe(&RateLimitHeaders::default());
        let elapsed = started.elapsed();
        assert_eq!(
            elapsed,
            Duration::from_millis(1050),
            "the eleventh waits for the next second (and the 50 ms margin)"
        );
    }

    #[test]
    fn lever_error_bodies_read_as_code_and_message() {
        let response = |body: &str, content_type: &str| Response::for_test(403, content_type, body);
        assert_eq!(
            lever_message(&response(
                r#"{"code":"Forbidden","message":"no access"}"#,
                "application/json"
            ))
            .as_deref(),
            Some("Forbidden: no access")
        );
        assert_eq!(
            lever_message(&response(r#"{"message":"only"}"#, "application/json")).as_deref(),
            Some("only")
        );
        assert_eq!(
            lever_message(&response("<html><body>x</body></html>", "text/html")),
            None
        );
        assert_eq!(
            lever_message(&response("plain   words", "text/plain")).as_deref(),
            Some("plain words")
        );
    }

    fn client() -> LeverClient {
        let base = BaseUrl::parse("X", "http://127.0.0.1:9/v1").unwrap();
        LeverClient::new(base, Secret::new("canary-lever-key-0001"), &LeverOptions::default()).unwrap()
    }

    fn answer(status: u16, body: &str) -> Response {
        Response::for_test(status, "application/json", body)
    }

    #[test]
    fn statuses_are_classified_by_lever_rules() {
        let client = client();
        let request = Request::get(client.base_url(), "stages");
        let kind = |status: u16, body: &str| client.classify(&request, &answer(status, body), "stages").unwrap_err();
        assert_eq!(
            kind(401, r#"{"code":"Unauthorized","message":"Invalid API key"}"#).kind,
            ErrorKind::Rejected
        );
        let forbidden = kind(403, r#"{"code":"Forbidden","message":"no stages for you"}"#);
        assert_eq!(forbidden.kind, ErrorKind::NoAccess);
        assert!(
            forbidden.message.contains("no access to stages"),
            "{}",
            forbidden.message
        );
        assert!(forbidden.message.contains("no stages for you"), "{}", forbidden.message);
        assert_eq!(kind(404, "{}").kind, ErrorKind::Unreachable);
        assert_eq!(
            kind(422, r#"{"message":"bad"}"#).kind,
            ErrorKind::Unreachable,
            "a GET Lever finds malformed"
        );
        let post = Request::post(client.base_url(), "webhooks");
        let refused = client
            .classify(&post, &answer(422, r#"{"message":"bad url"}"#), "webhooks")
            .unwrap_err();
        assert_eq!(refused.kind, ErrorKind::Refused);
        assert!(refused.message.contains("bad url"), "{}", refused.message);
        assert_eq!(kind(502, "{}").kind, ErrorKind::Unreachable);
        let ok = client
            .classify(&request, &answer(200, r#"{"data":[]}"#), "stages")
            .unwrap();
        assert_eq!(ok["data"], json!([]));
        let html = client
            .classify(&request, &answer(200, "<!DOCTYPE html><html></html>"), "stages")
            .unwrap_err();
        assert!(html.message.contains("HTML"), "{}", html.message);
    }

    #[test]
    fn an_echoed_key_is_redacted() {
        let client = client();
        let request = Request::get(client.base_url(), "stages");
        let error = client
            .classify(
                &request,
                &answer(
                    401,
                    r#"{"code":"Unauthorized","message":"key canary-lever-key-0001 is unknown"}"#,
                ),
                "stages",
            )
            .unwrap_err();
        assert!(!error.message.contains("canary-lever-key-0001"), "{}", error.message);
        assert!(error.message.contains("key *** is unknown"), "{}", error.message);
    }
}
