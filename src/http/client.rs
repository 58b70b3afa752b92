//! The HTTP client every outside-API module uses: explicit timeouts, no redirects, credentials
//! attached per request, a bounded body, and the retry loop around the [`Pacer`], all inside the
//! run's [`Deadline`].

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use tokio::time::Instant;
use url::Url;

use super::base_url::BaseUrl;
use super::deadline::Deadline;
use super::events::{Event, EventHook, WaitReason};
use super::pacer::{Pacer, PacerStop, RateLimitHeaders};
use super::retry::{RetryPolicy, wait_after_429};
use super::secret::Secret;
use crate::redact;

pub use reqwest::Method;

/// Connection settings.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Time to establish a TCP + TLS connection.
    pub connect_timeout: Duration,
    /// Time for one whole request, from sending to the last body byte.
    pub request_timeout: Duration,
    pub retry: RetryPolicy,
    pub user_agent: String,
    /// Bodies are cut here: enough for an error message or a first page, and a bound on what a
    /// misbehaving server can make us hold.
    pub max_body_bytes: usize,
    /// When the run must be over: requests are cut short and waits refused past it.
    pub deadline: Deadline,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("atsctl/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_body_bytes: 1 << 20,
            deadline: Deadline::NONE,
        }
    }
}

impl ClientOptions {
    /// Options with one request timeout; the connect timeout is the smaller of it and 5 s.
    pub fn with_timeout(timeout: Duration) -> Self {
        let timeout = timeout.max(Duration::from_millis(50));
        Self {
            connect_timeout: timeout.min(Duration::from_secs(5)),
            request_timeout: timeout,
            ..Self::default()
        }
    }
}

/// How a request proves who it is.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    /// HTTP Basic with a key as the user name: Harvest v1 and Lever send the key and no
    /// password.
    Basic {
        user: Secret,
        password: Option<Secret>,
    },
    /// HTTP Basic with OAuth client credentials (token and introspection endpoints): the client
    /// id is public, the secret is not.
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
    Bearer(Secret),
}

impl Auth {
    /// The `Authorization` header value, marked sensitive. The base64 it carries for Basic is
    /// registered with the redactor as a whole, so an echo of the header is recognised even
    /// where only its public part (the client id) would otherwise survive.
    fn header_value(&self) -> Result<Option<HeaderValue>, String> {
        let text = match self {
            Self::None => return Ok(None),
            Self::Basic { user, password } => {
                basic_credentials(user.expose(), password.as_ref().map_or("", Secret::expose))
            }
            Self::ClientCredentials {
                client_id,
                client_secret,
            } => basic_credentials(client_id, client_secret.expose()),
            Self::Bearer(token) => format!("Bearer {}", token.expose()),
        };
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            "the credential holds a line break or another character that cannot travel in an HTTP header".to_owned()
        })?;
        value.set_sensitive(true);
        Ok(Some(value))
    }
}

/// `Basic base64(user:password)` (RFC 7617), with the encoded part registered for redaction.
fn basic_credentials(user: &str, password: &str) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    redact::register_encoded(&encoded);
    format!("Basic {encoded}")
}

/// A request body. It may carry tokens (an introspection form), so `Debug` shows only its kind
/// and size; the secrets in it are registered with the redactor through their [`Secret`]s.
#[derive(Clone)]
enum Body {
    Form(String),
    Json(String),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Form(text) => write!(f, "Form({} bytes)", text.len()),
            Self::Json(text) => write!(f, "Json({} bytes)", text.len()),
        }
    }
}

/// One request, built against a [`BaseUrl`] so it cannot leave that host.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    auth: Auth,
    body: Option<Body>,
    retry_safe: bool,
}

impl Request {
    /// A GET of `path` under `base`. GETs are retried on transient failures.
    pub fn get(base: &BaseUrl, path: &str) -> Self {
        Self::new(Method::GET, base, path, true)
    }

    /// A POST of `path` under `base`, not retried after it may have reached the server unless
    /// marked [`Request::retry_safe`].
    pub fn post(base: &BaseUrl, path: &str) -> Self {
        Self::new(Method::POST, base, path, false)
    }

    fn new(method: Method, base: &BaseUrl, path: &str, retry_safe: bool) -> Self {
        Self {
            method,
            url: base.join(path),
            auth: Auth::None,
            body: None,
            retry_safe,
        }
    }

    /// Adds a query parameter. Never put a secret here: URLs appear in verbose output.
    #[must_use]
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.url.query_pairs_mut().append_pair(key, value);
        self
    }

    #[must_use]
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// An `application/x-www-form-urlencoded` body of public `pairs` and `secret_pairs`, whose
    /// values are exposed only here, when the body is built.
    #[must_use]
    pub fn form(mut self, pairs: &[(&str, &str)], secret_pairs: &[(&str, &Secret)]) -> Self {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in pairs {
            serializer.append_pair(key, value);
        }
        for (key, secret) in secret_pairs {
            serializer.append_pair(key, secret.expose());
        }
        self.body = Some(Body::Form(serializer.finish()));
        self
    }

    /// A JSON body (Lever's `POST /webhooks`).
    #[must_use]
    pub fn json(mut self, value: &serde_json::Value) -> Self {
        self.body = Some(Body::Json(value.to_string()));
        self
    }

    /// Marks a non-GET request as safe to repeat (it changes nothing, like an OAuth token
    /// request).
    #[must_use]
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.retry_safe = safe;
        self
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// `GET https://host/path?query`, for messages (redacted: a query may echo what a server
    /// put in a `next` link).
    pub fn describe(&self) -> String {
        redact::redact(&format!("{} {}", self.method, self.url))
    }
}

/// A complete response: status, headers and a (bounded) body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The body was longer than `max_body_bytes` and was cut.
    pub truncated: bool,
}

impl Response {
    /// A response for unit tests of the code that reads answers; an empty `content_type` sends
    /// no Content-Type header.
    #[cfg(test)]
    pub(crate) fn for_test(status: u16, content_type: &str, body: &str) -> Self {
        let mut headers = HeaderMap::new();
        if !content_type.is_empty() {
            headers.insert(
                reqwest::header::CONTENT_TYPE,
                reqwest::header::HeaderValue::from_str(content_type).expect("a valid header value"),
            );
        }
        Self {
            status,
            headers,
            body: Bytes::from(body.to_owned()),
            truncated: false,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The media type, lower case, without parameters.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type")
            .map(|value| value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
    }

    /// The body parsed as JSON, or `None` when it is not JSON.
    pub fn json_value(&self) -> Option<serde_json::Value> {
        if self.truncated {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// Whether the body is an HTML page rather than an API answer.
    pub fn is_html(&self) -> bool {
        if self
            .media_type()
            .is_some_and(|media| media == "text/html" || media == "application/xhtml+xml")
        {
            return true;
        }
        let start = String::from_utf8_lossy(&self.body[..self.body.len().min(256)])
            .trim_start()
            .to_ascii_lowercase();
        start.starts_with("<!doctype html") || start.starts_with("<html")
    }

    /// `message` of a JSON error body (`{"message": "..."}`), or `error` (OAuth errors), redacted
    /// and at most [`MAX_MESSAGE_CHARS`] characters, for messages.
    pub fn error_message(&self) -> Option<String> {
        let value = self.json_value()?;
        ["message", "error_description", "error"]
            .iter()
            .find_map(|key| value.get(key).and_then(serde_json::Value::as_str))
            .map(|message| redact::excerpt(message, MAX_MESSAGE_CHARS))
    }

    /// The first `max` characters of the body on one line, redacted before it is cut, for
    /// messages.
    pub fn excerpt(&self, max: usize) -> String {
        redact::excerpt(&String::from_utf8_lossy(&self.body), max)
    }

    /// The `Location` header, redacted, for messages about a redirect that was not followed.
    pub fn location(&self) -> Option<String> {
        self.header("location")
            .map(|location| redact::excerpt(location, MAX_MESSAGE_CHARS))
    }

    /// Why a success body cannot be read, for messages: cut at the size limit, an HTML page, or
    /// something else that is not JSON.
    pub fn unreadable_body(&self) -> String {
        if self.truncated {
            format!(
                "a body larger than the {} atsctl reads (it stopped there)",
                format_bytes(self.body.len())
            )
        } else if self.is_html() {
            "an HTML page".to_owned()
        } else {
            "a body that is not JSON".to_owned()
        }
    }
}

/// Server messages quoted in errors are cut here (after redaction): enough to read, not a page.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// `1 MiB`, `512 KiB`, `100 bytes`.
pub fn format_bytes(bytes: usize) -> String {
    match bytes {
        bytes if bytes >= 1 << 20 && bytes % (1 << 20) == 0 => format!("{} MiB", bytes >> 20),
        bytes if bytes >= 1 << 10 && bytes % (1 << 10) == 0 => format!("{} KiB", bytes >> 10),
        bytes => format!("{bytes} bytes"),
    }
}

/// The request could not be completed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HttpError {
    /// No response: refused, reset, DNS, TLS, timeout. After retries where allowed.
    #[error("{request}: {reason} (after {attempts} attempt(s))")]
    Unreachable {
        request: String,
        reason: String,
        attempts: u32,
    },
    /// 5xx answers only, after retries.
    #[error("{request}: the server kept answering {status} (after {attempts} attempt(s))")]
    ServerError {
        request: String,
        status: u16,
        attempts: u32,
    },
    /// 429 after 429, or a `Retry-After` longer than the retry policy waits for.
    #[error(
        "{request}: still rate limited after {attempts} attempt(s); the server accepts requests again at {accepts_at} (in {wait_seconds} s)"
    )]
    RateLimited {
        request: String,
        attempts: u32,
        wait_seconds: u64,
        /// An HTTP date (`Fri, 01 May 2026 10:00:00 GMT`).
        accepts_at: String,
    },
    /// The server holds requests (a 429's `Retry-After`, an exhausted rate-limit window) until
    /// after the run's deadline: nothing was waited for.
    #[error(
        "{request}: the server accepts requests again at {accepts_at} (in {wait_seconds} s), beyond the {} left of this run's time limit; stopped instead of waiting",
        seconds(.time_left)
    )]
    HeldBeyondDeadline {
        request: String,
        wait_seconds: u64,
        /// An HTTP date (`Fri, 01 May 2026 10:00:00 GMT`).
        accepts_at: String,
        time_left: Duration,
    },
    /// The run's time limit ran out before the request was answered.
    #[error("{request}: the run's time limit ({}) ran out{}", seconds(.budget), last_failure(.last))]
    OutOfTime {
        request: String,
        budget: Duration,
        /// What went wrong on the attempt before, if any.
        last: Option<String>,
    },
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

impl HttpError {
    /// The server is holding requests back (429s, an exhausted rate-limit window), as opposed
    /// to not answering.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. } | Self::HeldBeyondDeadline { .. })
    }
}

fn seconds(duration: &Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{seconds:.1} s")
    }
}

fn last_failure(last: &Option<String>) -> String {
    last.as_deref()
        .map_or_else(String::new, |reason| format!(" (the attempt before: {reason})"))
}

/// When a wait of `wait` from now ends, as an HTTP date and whole seconds.
fn accepts_at(wait: Duration) -> (String, u64) {
    let at = SystemTime::now().checked_add(wait).unwrap_or_else(SystemTime::now);
    let whole_seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    (httpdate::fmt_http_date(at), whole_seconds)
}

/// The ATS holds `request` back for `wait`, longer than what is left of `deadline`.
fn held_beyond_deadline(request: String, wait: Duration, deadline: Deadline) -> HttpError {
    let (accepts_at, wait_seconds) = accepts_at(wait);
    HttpError::HeldBeyondDeadline {
        request,
        wait_seconds,
        accepts_at,
        time_left: deadline.remaining().unwrap_or_default(),
    }
}

/// An HTTP client with timeouts, no redirects and the retry loop. Cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    options: ClientOptions,
    events: Option<EventHook>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl HttpClient {
    pub fn new(options: ClientOptions, events: Option<EventHook>) -> Result<Self, HttpError> {
        // reqwest is built with rustls but without a bundled crypto provider (the default,
        // aws-lc, needs a C toolchain and CMake); ring, already in the tree, is installed instead.
        // A second install is refused, which is fine: one is in place.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .connect_timeout(options.connect_timeout)
            .timeout(options.request_timeout)
            .user_agent(options.user_agent.clone())
            // No redirects at all. Requests carry credentials in headers, and an API we call
            // has no reason to redirect; a 3xx comes back to the caller as is, so a credential
            // can never follow a redirect to another host (DESIGN.md, "Contract").
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| HttpError::Setup(error_reason(&error)))?;
        Ok(Self {
            client,
            options,
            events,
        })
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// The same client (connections, hook) bound by another deadline: `apply` starts a fresh
    /// budget for each phase, since a person may take their time between them.
    #[must_use]
    pub fn with_deadline(&self, deadline: Deadline) -> Self {
        let mut client = self.clone();
        client.options.deadline = deadline;
        client
    }

    fn emit(&self, event: Event) {
        if let Some(hook) = &self.events {
            hook(event);
        }
    }

    /// Sends `request` under `pacer`, retrying what is safe to retry, within the deadline:
    ///
    /// - 429: waits for `Retry-After` (or the rate-limit reset, or a backoff), pausing the whole
    ///   pacer, then resends; up to `max_rate_limited` times;
    /// - connection errors before anything was sent: retried for every method;
    /// - timeouts, dropped connections and 5xx: retried only for GETs and requests marked
    ///   [`Request::retry_safe`], with exponential backoff and jitter, `max_attempts` in all;
    /// - each attempt's timeout is cut to the time left; a wait (rate limit, `Retry-After`,
    ///   backoff) that would end after the deadline is not begun: the error says when the
    ///   server accepts requests again ([`HttpError::HeldBeyondDeadline`]) or that time ran out
    ///   ([`HttpError::OutOfTime`]).
    ///
    /// Any other status (including 3xx, 4xx) is returned for the caller to classify.
    pub async fn send(&self, pacer: &Pacer, request: &Request) -> Result<Response, HttpError> {
        let policy = self.options.retry;
        let deadline = self.options.deadline;
        let description = request.describe();
        let authorization = request.auth.header_value().map_err(HttpError::Setup)?;
        let mut failures = 0u32;
        let mut rate_limited = 0u32;
        let mut attempt = 0u32;
        let mut last: Option<String> = None;
        loop {
            let timeout = deadline.clamp(self.options.request_timeout);
            if timeout.is_zero() {
                return Err(self.out_of_time(&description, last));
            }
            attempt += 1;
            let permit = match pacer.acquire_before(deadline).await {
                Ok(permit) => permit,
                Err(PacerStop::HeldUntil(until)) => {
                    let wait = until.saturating_duration_since(Instant::now());
                    return Err(held_beyond_deadline(description, wait, deadline));
                }
                Err(PacerStop::OutOfTime) => return Err(self.out_of_time(&description, last)),
            };
            if permit.waited() >= Duration::from_millis(20) {
                self.emit(Event::Wait {
                    request: description.clone(),
                    reason: WaitReason::RateLimit,
                    delay: permit.waited(),
                });
            }
            // The wait for the permit may have used some of the time left.
            let timeout = deadline.clamp(self.options.request_timeout);
            if timeout.is_zero() {
                return Err(self.out_of_time(&description, last));
            }
            let started = Instant::now();
            match self.execute(request, authorization.as_ref(), timeout).await {
                Ok(response) => {
                    let rate = RateLimitHeaders::from_headers(&response.headers);
                    permit.observe(&rate);
                    drop(permit);
                    let excerpt = (!response.is_success()).then(|| response.excerpt(MAX_MESSAGE_CHARS));
                    self.emit(Event::Response {
                        request: description.clone(),
                        status: response.status,
                        elapsed: started.elapsed(),
                        attempt,
                        rate,
                        excerpt,
                    });
                    if response.status == 429 {
                        rate_limited += 1;
                        let wait = wait_after_429(response.header("retry-after"), rate.reset, SystemTime::now())
                            .unwrap_or_else(|| policy.backoff(rate_limited));
                        if !deadline.allows(wait) {
                            return Err(held_beyond_deadline(description, wait, deadline));
                        }
                        if rate_limited > policy.max_rate_limited || wait > policy.max_retry_after {
                            let (at, wait_seconds) = accepts_at(wait);
                            return Err(HttpError::RateLimited {
                                request: description,
                                attempts: attempt,
                                wait_seconds: wait_seconds.max(1),
                                accepts_at: at,
                            });
                        }
                        self.emit(Event::Wait {
                            request: description.clone(),
                            reason: WaitReason::RetryAfter,
                            delay: wait,
                        });
                        pacer.pause_for(wait);
                        continue;
                    }
                    if response.status >= 500 && request.retry_safe {
                        failures += 1;
                        if failures >= policy.max_attempts {
                            return Err(HttpError::ServerError {
                                request: description,
                                status: response.status,
                                attempts: attempt,
                            });
                        }
                        last = Some(format!("answered {}", response.status));
                        self.backoff(&description, failures, &last).await?;
                        continue;
                    }
                    return Ok(response);
                }
                Err(failure) => {
                    drop(permit);
                    let reason = redact::redact(&failure.reason);
                    self.emit(Event::Failure {
                        request: description.clone(),
                        reason: reason.clone(),
                        attempt,
                    });
                    failures += 1;
                    if deadline.is_past() {
                        return Err(self.out_of_time(&description, Some(reason)));
                    }
                    let may_retry = request.retry_safe || failure.before_sending;
                    if !may_retry || failures >= policy.max_attempts {
                        return Err(HttpError::Unreachable {
                            request: description,
                            reason,
                            attempts: attempt,
                        });
                    }
                    last = Some(reason);
                    self.backoff(&description, failures, &last).await?;
                }
            }
        }
    }

    fn out_of_time(&self, description: &str, last: Option<String>) -> HttpError {
        HttpError::OutOfTime {
            request: description.to_owned(),
            budget: self.options.deadline.budget().unwrap_or_default(),
            last,
        }
    }

    /// Sleeps before retry number `retry`, unless the sleep would outlast the deadline.
    async fn backoff(&self, description: &str, retry: u32, last: &Option<String>) -> Result<(), HttpError> {
        let delay = self.options.retry.backoff(retry);
        if !self.options.deadline.allows(delay) {
            return Err(self.out_of_time(description, last.clone()));
        }
        self.emit(Event::Wait {
            request: description.to_owned(),
            reason: WaitReason::Backoff,
            delay,
        });
        tokio::time::sleep(delay).await;
        Ok(())
    }

    async fn execute(
        &self,
        request: &Request,
        authorization: Option<&HeaderValue>,
        timeout: Duration,
    ) -> Result<Response, Failure> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone())
            .timeout(timeout)
            .header(ACCEPT, "application/json");
        if let Some(value) = authorization {
            builder = builder.header(AUTHORIZATION, value.clone());
        }
        match &request.body {
            Some(Body::Form(form)) => {
                builder = builder
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(form.clone());
            }
            Some(Body::Json(json)) => {
                builder = builder.header(CONTENT_TYPE, "application/json").body(json.clone());
            }
            None => {}
        }
        let mut response = builder.send().await.map_err(|error| Failure {
            before_sending: error.is_connect(),
            reason: error_reason(&error),
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let mut truncated = false;
        // Read chunk by chunk up to the bound: a server cannot make us hold more than
        // `max_body_bytes`, whatever it declares or sends.
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = self.options.max_body_bytes.saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        truncated = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(error) => {
                    return Err(Failure {
                        before_sending: false,
                        reason: error_reason(&error),
                    });
                }
            }
        }
        Ok(Response {
            status,
            headers,
            body: Bytes::from(body),
            truncated,
        })
    }
}

struct Failure {
    /// The connection failed before the request could reach the server.
    before_sending: bool,
    reason: String,
}

/// A short reason for a reqwest error: the innermost cause ("Connection refused"), without the
/// URL reqwest puts in its own message (the caller adds the request).
fn error_reason(error: &reqwest::Error) -> String {
    let mut innermost: &dyn std::error::Error = error;
    while let Some(source) = innermost.source() {
        innermost = source;
    }
    let cause = innermost.to_string();
    let cause = cause.split(" (os error").next().unwrap_or(&cause).to_owned();
    if error.is_timeout() {
        "timed out".to_owned()
    } else if error.is_connect() {
        format!("cannot connect: {cause}")
    } else {
        cause
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_credentials_keep_the_id_public_and_the_whole_header_secret() {
        let auth = Auth::ClientCredentials {
            client_id: "public-client-id".to_owned(),
            client_secret: Secret::new("client-credentials-canary-61f0"),
        };
        let value = auth.header_value().unwrap().expect("a header");
        assert!(value.is_sensitive());
        let encoded = value.to_str().unwrap().strip_prefix("Basic ").unwrap().to_owned();
        assert_eq!(redact::redact(&format!("echo: {encoded}")), "echo: ***");
        assert_eq!(
            redact::redact("client public-client-id"),
            "client public-client-id",
            "the id alone is no secret"
        );
    }

    #[test]
    fn a_credential_that_cannot_be_a_header_is_refused_without_showing_it() {
        let auth = Auth::Bearer(Secret::new("line\nbreak-canary-0a1b"));
        let reason = auth.header_value().unwrap_err();
        assert!(reason.contains("line break") && !reason.contains("canary"), "{reason}");
    }

    #[test]
    fn bodies_do_not_show_in_debug_output() {
        let base = BaseUrl::parse("X", "http://127.0.0.1:9").unwrap();
        let token = Secret::new("form-body-canary-7c2d");
        let request = Request::post(&base, "introspect").form(&[("hint", "access_token")], &[("token", &token)]);
        let debug = format!("{request:?}");
        assert!(!debug.contains("form-body-canary"), "{debug}");
        assert!(debug.contains("Form(") && debug.contains("bytes"), "{debug}");
    }

    #[test]
    fn texts_taken_from_a_response_are_redacted() {
        let _key = Secret::new("response-text-canary-93e1");
        let mut response = Response::for_test(
            302,
            "application/json",
            r#"{"message":"bad key response-text-canary-93e1"}"#,
        );
        response.headers.insert(
            "location",
            HeaderValue::from_static("https://user:pw@elsewhere.example/?k=response-text-canary-93e1"),
        );
        assert_eq!(response.error_message().as_deref(), Some("bad key ***"));
        assert_eq!(
            response.location().as_deref(),
            Some("https://***@elsewhere.example/?k=***")
        );
        assert!(!response.excerpt(20).contains("response-t"), "{}", response.excerpt(20));
    }

    #[test]
    fn a_cut_body_says_so() {
        let mut response = Response::for_test(200, "application/json", &"[".repeat(1 << 20));
        response.truncated = true;
        assert!(response.json_value().is_none());
        assert_eq!(
            response.unreadable_body(),
            "a body larger than the 1 MiB atsctl reads (it stopped there)"
        );
        assert_eq!(format_bytes(512 << 10), "512 KiB");
        assert_eq!(format_bytes(100), "100 bytes");
        assert_eq!(
            Response::for_test(200, "text/html", "<html>").unreadable_body(),
            "an HTML page"
        );
    }

    #[test]
    fn errors_say_when_the_server_accepts_requests_again() {
        let error = HttpError::HeldBeyondDeadline {
            request: "GET http://127.0.0.1:9/v1/jobs".to_owned(),
            wait_seconds: 86_400,
            accepts_at: "Sun, 29 Nov 2026 17:28:40 GMT".to_owned(),
            time_left: Duration::from_millis(4_900),
        };
        assert!(error.is_rate_limited());
        assert_eq!(
            error.to_string(),
            "GET http://127.0.0.1:9/v1/jobs: the server accepts requests again at Sun, 29 Nov 2026 17:28:40 GMT (in 86400 s), beyond the 4.9 s left of this run's time limit; stopped instead of waiting"
        );
        let (at, seconds) = accepts_at(Duration::from_millis(1500));
        assert_eq!(seconds, 2, "partial seconds round up");
        assert!(at.ends_with(" GMT"), "{at}");
    }
}
