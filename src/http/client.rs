//! The HTTP client every outside-API module uses: explicit timeouts, no redirects, credentials
//! attached per request, a bounded body, and the retry loop around the [`Pacer`].

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap};
use url::Url;

use super::base_url::BaseUrl;
use super::events::{Event, EventHook, WaitReason};
use super::pacer::{Pacer, RateLimitHeaders};
use super::retry::{RetryPolicy, parse_retry_after};
use super::secret::{Secret, redact};

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
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            user_agent: concat!("atsctl/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_body_bytes: 1 << 20,
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
    /// HTTP Basic. Harvest v1 uses the key as user and no password; OAuth token endpoints use
    /// the client id and secret.
    Basic {
        user: Secret,
        password: Option<Secret>,
    },
    Bearer(Secret),
}

impl Auth {
    fn secrets(&self) -> Vec<&Secret> {
        match self {
            Self::None => Vec::new(),
            Self::Basic { user, password } => std::iter::once(user).chain(password).collect(),
            Self::Bearer(token) => vec![token],
        }
    }
}

/// One request, built against a [`BaseUrl`] so it cannot leave that host.
#[derive(Debug, Clone)]
pub struct Request {
    method: Method,
    url: Url,
    auth: Auth,
    /// `application/x-www-form-urlencoded` body; a secret because it may carry tokens.
    form: Option<Secret>,
    form_secrets: Vec<Secret>,
    /// `application/json` body; a secret for the same reason as `form`.
    json: Option<Secret>,
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
            form: None,
            form_secrets: Vec::new(),
            json: None,
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

    /// A form body. `secret_values` lists values to redact from anything shown later.
    #[must_use]
    pub fn form(mut self, pairs: &[(&str, &str)], secret_values: &[&Secret]) -> Self {
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in pairs {
            serializer.append_pair(key, value);
        }
        self.form = Some(Secret::new(serializer.finish()));
        self.form_secrets = secret_values.iter().map(|secret| (*secret).clone()).collect();
        self
    }

    /// A JSON body (Lever's `POST /webhooks`).
    #[must_use]
    pub fn json(mut self, value: &serde_json::Value) -> Self {
        self.json = Some(Secret::new(value.to_string()));
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

    /// `GET https://host/path?query`, for messages.
    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.url)
    }

    fn secrets(&self) -> Vec<&Secret> {
        let mut secrets = self.auth.secrets();
        secrets.extend(self.form_secrets.iter());
        secrets
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

    /// `message` of a JSON error body (`{"message": "..."}`), or `error` (OAuth errors).
    pub fn error_message(&self) -> Option<String> {
        let value = self.json_value()?;
        ["message", "error_description", "error"]
            .iter()
            .find_map(|key| value.get(key).and_then(serde_json::Value::as_str))
            .map(str::to_owned)
    }

    /// The first `max` characters of the body on one line, for messages.
    pub fn excerpt(&self, max: usize) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut excerpt: String = one_line.chars().take(max).collect();
        if one_line.chars().count() > max {
            excerpt.push('…');
        }
        excerpt
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
    /// 429 after 429, or a `Retry-After` too long to wait for.
    #[error("{request}: still rate limited after {attempts} attempt(s); wait {wait_seconds} s and try again")]
    RateLimited {
        request: String,
        attempts: u32,
        wait_seconds: u64,
    },
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
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

    fn emit(&self, event: Event) {
        if let Some(hook) = &self.events {
            hook(event);
        }
    }

    /// Sends `request` under `pacer`, retrying what is safe to retry:
    ///
    /// - 429: waits for `Retry-After` (or the rate-limit reset, or a backoff), pausing the whole
    ///   pacer, then resends; up to `max_rate_limited` times.
    /// - connection errors before anything was sent: retried for every method;
    /// - timeouts, dropped connections and 5xx: retried only for GETs and requests marked
    ///   [`Request::retry_safe`], with exponential backoff and jitter, `max_attempts` in all.
    ///
    /// Any other status (including 3xx, 4xx) is returned for the caller to classify.
    pub async fn send(&self, pacer: &Pacer, request: &Request) -> Result<Response, HttpError> {
        let policy = self.options.retry;
        let description = request.describe();
        let mut failures = 0u32;
        let mut rate_limited = 0u32;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let permit = pacer.acquire().await;
            if permit.waited() >= Duration::from_millis(20) {
                self.emit(Event::Wait {
                    request: description.clone(),
                    reason: WaitReason::RateLimit,
                    delay: permit.waited(),
                });
            }
            let started = Instant::now();
            match self.execute(request).await {
                Ok(response) => {
                    let rate = RateLimitHeaders::from_headers(&response.headers);
                    permit.observe(&rate);
                    drop(permit);
                    let excerpt = (!response.is_success()).then(|| redact(&response.excerpt(300), &request.secrets()));
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
                        let wait = response
                            .header("retry-after")
                            .and_then(|value| parse_retry_after(value, std::time::SystemTime::now()))
                            .or(rate.reset)
                            .unwrap_or_else(|| policy.backoff(rate_limited));
                        if rate_limited > policy.max_rate_limited || wait > policy.max_retry_after {
                            return Err(HttpError::RateLimited {
                                request: description,
                                attempts: attempt,
                                wait_seconds: wait.as_secs().max(1),
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
                        self.backoff(&description, failures).await;
                        continue;
                    }
                    return Ok(response);
                }
                Err(failure) => {
                    drop(permit);
                    self.emit(Event::Failure {
                        request: description.clone(),
                        reason: failure.reason.clone(),
                        attempt,
                    });
                    failures += 1;
                    let may_retry = request.retry_safe || failure.before_sending;
                    if !may_retry || failures >= policy.max_attempts {
                        return Err(HttpError::Unreachable {
                            request: description,
                            reason: failure.reason,
                            attempts: attempt,
                        });
                    }
                    self.backoff(&description, failures).await;
                }
            }
        }
    }

    async fn backoff(&self, description: &str, retry: u32) {
        let delay = self.options.retry.backoff(retry);
        self.emit(Event::Wait {
            request: description.to_owned(),
            reason: WaitReason::Backoff,
            delay,
        });
        tokio::time::sleep(delay).await;
    }

    async fn execute(&self, request: &Request) -> Result<Response, Failure> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone())
            .header(ACCEPT, "application/json");
        builder = match &request.auth {
            Auth::None => builder,
            Auth::Basic { user, password } => builder.basic_auth(user.expose(), password.as_ref().map(Secret::expose)),
            Auth::Bearer(token) => builder.bearer_auth(token.expose()),
        };
        if let Some(form) = &request.form {
            builder = builder
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(form.expose().to_owned());
        }
        if let Some(json) = &request.json {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(json.expose().to_owned());
        }
        let mut response = builder.send().await.map_err(|error| Failure {
            before_sending: error.is_connect(),
            reason: error_reason(&error),
        })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let mut truncated = false;
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
