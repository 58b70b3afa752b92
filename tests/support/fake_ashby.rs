//! A fake Ashby API on 127.0.0.1 for tests and demos: real HTTP (tokio + hyper 1), every call a
//! POST of JSON to `/<category>.<method>`, as `https://api.ashbyhq.com` is laid out.
//!
//! It follows `reference/ashby/README.md`: the API key as the Basic user name with an empty
//! password; 401 without a key, 403 for a wrong or deactivated key, 403 carrying
//! `missing_endpoint_permission` (in `errorInfo.code`, in `errors[]` as a string, or in
//! `errors[].message`, as configured) for a key without the endpoint's permission, checked
//! against the catalog's endpoint table; `success: false` on a 200 for what would be a 4xx
//! (`invalid_input` for a bad body or `limit`, `webhook_not_found`, a duplicate webhook);
//! `apiKey.info` listing the key's scopes as `<module>:<access>`; lists answering at most
//! `limit` (1–100) records with `moreDataAvailable`; `webhook.create/info/update/delete` (no list:
//! Ashby has none); and a token-bucket rate limit per key answering 429 with the report
//! endpoints' body shape, with or without `Retry-After` and `X-RateLimit-Scope`.
//!
//! Faults can be injected per endpoint: drop the connection or answer 500 before doing
//! anything, or create the webhook and then drop the connection, answer 500, or hang until the
//! client gives up (a run killed between the request and its answer). Every request is logged
//! with its endpoint, a summary of its body (never a secret token), which configured key it used
//! (by index, never the key) and the status sent.
//!
//! Used by `tests/ashby.rs` and by `examples/fake_ashby.rs`, which includes this file.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

/// The catalog's endpoint table: which permission each endpoint requires.
const ENDPOINTS: &str = include_str!("../../catalog/ashby/ashby-endpoint-permissions.tsv");

/// `webhook.create`'s documented `webhookType` enum (reference, §7).
pub const CREATABLE_TYPES: [&str; 17] = [
    "applicationSubmit",
    "applicationUpdate",
    "candidateHire",
    "candidateStageChange",
    "candidateDelete",
    "candidateMerge",
    "interviewPlanTransition",
    "interviewScheduleCreate",
    "interviewScheduleUpdate",
    "jobPostingUpdate",
    "jobPostingPublish",
    "jobPostingUnpublish",
    "offerCreate",
    "offerUpdate",
    "offerDelete",
    "pushToHRIS",
    "surveySubmit",
];

/// Every read permission of the catalog with a module label, for a key that may read anything.
pub const ALL_READS: [&str; 9] = [
    "jobsRead",
    "candidatesRead",
    "interviewsRead",
    "hiringProcessMetadataRead",
    "organizationRead",
    "offersRead",
    "apiKeysRead",
    "approvalsRead",
    "reportsRead",
];

/// An API key, its permission ids (`candidatesRead`) and its name.
#[derive(Debug, Clone)]
pub struct FakeKey {
    pub key: String,
    pub permissions: Vec<String>,
    pub title: String,
}

/// Where a missing-permission 403 puts `missing_endpoint_permission` (reference, §2: the docs
/// name `errorInfo.code`; third-party code sees `errors[]` strings and `{message}` objects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForbiddenShape {
    ErrorInfo,
    ErrorsString,
    ErrorsObject,
}

/// A token bucket per key: `per_second` tokens a second, holding at most `burst`.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
    /// Send `Retry-After` (whole seconds) on 429s.
    pub retry_after: bool,
    /// Send `X-RateLimit-Scope: integration-partner`, as Ashby does when it throttles a
    /// partner's combined traffic (changelog 2026-10-14).
    pub partner_scope: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection without answering, before doing anything.
    Drop,
    /// Answer 500 before doing anything.
    ServerError,
    /// `webhook.create` only: create the webhook, then close the connection unanswered.
    DropAfterCreate,
    /// `webhook.create` only: create the webhook, then answer 500.
    ErrorAfterCreate,
    /// `webhook.create` only: create the webhook, then never answer (until the client leaves or
    /// the fake stops): the caller of a killed run never learns the outcome.
    HangAfterCreate,
}

impl Fault {
    fn after_create(self) -> bool {
        matches!(
            self,
            Self::DropAfterCreate | Self::ErrorAfterCreate | Self::HangAfterCreate
        )
    }
}

/// Applies `fault` to `times` requests to `endpoint` (`None`: any), after letting the first
/// `skip` of them through.
#[derive(Debug, Clone)]
pub struct FaultRule {
    pub endpoint: Option<String>,
    pub fault: Fault,
    pub times: u32,
    pub skip: u32,
}

impl FaultRule {
    pub fn new(endpoint: Option<&str>, fault: Fault, times: u32) -> Self {
        Self {
            endpoint: endpoint.map(str::to_owned),
            fault,
            times,
            skip: 0,
        }
    }

    #[must_use]
    pub fn after(mut self, skip: u32) -> Self {
        self.skip = skip;
        self
    }
}

#[derive(Debug, Clone)]
pub struct FakeAshbyConfig {
    pub keys: Vec<FakeKey>,
    /// `apiKey.info` lists `scopes`; when false it answers with title and date only.
    pub scopes_in_key_info: bool,
    pub forbidden_shape: ForbiddenShape,
    pub rate_limit: Option<RateLimit>,
    pub faults: Vec<FaultRule>,
    /// Refuse a second webhook for the same type and URL (what one integration sees in
    /// production; reference, §7).
    pub reject_duplicates: bool,
    /// Ashby's ping of a new webhook's URL fails, so it is saved disabled.
    pub ping_fails: bool,
    /// Webhook types `webhook.create` accepts besides its documented enum.
    pub extra_creatable_types: Vec<String>,
    /// Webhooks that exist at start, as (type, url).
    pub webhooks: Vec<(String, String)>,
    /// Records each list holds.
    pub records_per_list: usize,
    /// Added before every answer.
    pub latency: Duration,
    /// Print each request to stderr as it is handled (for demos).
    pub echo: bool,
    /// A careless server: the 403 for a wrong key repeats the key (tests check redaction).
    pub echo_key_in_errors: bool,
}

impl Default for FakeAshbyConfig {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            scopes_in_key_info: true,
            forbidden_shape: ForbiddenShape::ErrorInfo,
            rate_limit: Some(RateLimit {
                per_second: 20,
                burst: 20,
                retry_after: true,
                partner_scope: false,
            }),
            faults: Vec::new(),
            reject_duplicates: true,
            ping_fails: false,
            extra_creatable_types: Vec::new(),
            webhooks: Vec::new(),
            records_per_list: 3,
            latency: Duration::ZERO,
            echo: false,
            echo_key_in_errors: false,
        }
    }
}

impl FakeAshbyConfig {
    /// Adds a key with these permission ids.
    #[must_use]
    pub fn key(mut self, key: &str, permissions: &[&str]) -> Self {
        self.keys.push(FakeKey {
            key: key.to_owned(),
            permissions: permissions.iter().map(|id| (*id).to_owned()).collect(),
            title: format!("key {}", self.keys.len() + 1),
        });
        self
    }

    #[must_use]
    pub fn webhook(mut self, webhook_type: &str, url: &str) -> Self {
        self.webhooks.push((webhook_type.to_owned(), url.to_owned()));
        self
    }

    #[must_use]
    pub fn fault(mut self, rule: FaultRule) -> Self {
        self.faults.push(rule);
        self
    }
}

/// Which configured key a request used; the key itself is never stored in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySeen {
    None,
    Unknown,
    /// The index in [`FakeAshbyConfig::keys`].
    Known(usize),
}

#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    /// The endpoint, `candidate.list` (the path without its `/`).
    pub endpoint: String,
    /// `type=… url=…` for a webhook create, the JSON body otherwise (secret tokens removed).
    pub body: Option<String>,
    pub key: KeySeen,
    /// 0 when the connection was dropped or left hanging on purpose.
    pub status: u16,
    /// `success` of the answer, when it had one.
    pub success: Option<bool>,
    pub fault: Option<Fault>,
}

/// A webhook held by the fake.
#[derive(Debug, Clone)]
pub struct StoredWebhook {
    pub id: String,
    pub webhook_type: String,
    pub url: String,
    pub secret_token: String,
    pub enabled: bool,
}

impl StoredWebhook {
    fn json(&self, with_token: bool) -> Value {
        let mut value = json!({
            "id": self.id,
            "enabled": self.enabled,
            "requestUrl": self.url,
            "webhookType": self.webhook_type,
        });
        if with_token {
            value["secretToken"] = json!(self.secret_token);
        }
        value
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

struct State {
    config: FakeAshbyConfig,
    permissions: HashMap<String, Option<String>>,
    log: Vec<LoggedRequest>,
    webhooks: Vec<StoredWebhook>,
    buckets: HashMap<String, Bucket>,
    serial: u64,
}

impl State {
    fn new(config: FakeAshbyConfig) -> Self {
        let mut permissions = HashMap::new();
        for line in ENDPOINTS.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (Some(endpoint), Some(permission)) = (fields.first(), fields.get(3)) else {
                continue;
            };
            let callable = !permission.starts_with("none");
            permissions.insert((*endpoint).to_owned(), callable.then(|| (*permission).to_owned()));
        }
        let mut state = Self {
            config,
            permissions,
            log: Vec::new(),
            webhooks: Vec::new(),
            buckets: HashMap::new(),
            serial: 0,
        };
        let seeded = state.config.webhooks.clone();
        for (webhook_type, url) in seeded {
            state.add_webhook(&webhook_type, &url, "seeded-token");
        }
        state
    }

    fn add_webhook(&mut self, webhook_type: &str, url: &str, token: &str) -> StoredWebhook {
        self.serial += 1;
        let serial = self.serial;
        let webhook = StoredWebhook {
            id: format!("3ae2b801-{:04x}-41ef-ad28-{serial:012x}", serial % 0xffff),
            webhook_type: webhook_type.to_owned(),
            url: url.to_owned(),
            secret_token: token.to_owned(),
            enabled: !self.config.ping_fails,
        };
        self.webhooks.push(webhook.clone());
        webhook
    }

    fn take_fault(&mut self, endpoint: &str, after_create: bool) -> Option<Fault> {
        let rule = self.config.faults.iter_mut().find(|rule| {
            rule.times > 0
                && rule.endpoint.as_deref().is_none_or(|wanted| wanted == endpoint)
                && rule.fault.after_create() == after_create
        })?;
        if rule.skip > 0 {
            rule.skip -= 1;
            return None;
        }
        rule.times -= 1;
        Some(rule.fault)
    }

    fn allow(&mut self, key: &str) -> bool {
        let Some(limit) = self.config.rate_limit else {
            return true;
        };
        let now = Instant::now();
        let capacity = f64::from(limit.burst.max(1));
        let bucket = self.buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * f64::from(limit.per_second);
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A running fake. Dropping it stops the server.
pub struct FakeAshby {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    created: Arc<tokio::sync::Notify>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeAshby {
    /// Starts on a free port of 127.0.0.1.
    pub fn start(config: FakeAshbyConfig) -> Self {
        Self::start_on(config, 0).expect("the fake Ashby starts")
    }

    /// Starts on `port` (0 = any free port).
    pub fn start_on(config: FakeAshbyConfig, port: u16) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::new(config)));
        let created = Arc::new(tokio::sync::Notify::new());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread_state = Arc::clone(&state);
        let thread_created = Arc::clone(&created);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                tokio::select! {
                    () = serve(listener, thread_state, thread_created) => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        });
        Ok(Self {
            address,
            state,
            created,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The base URL to put in `ATSCTL_ASHBY_URL`: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request so far, in arrival order (control endpoints excluded).
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// The endpoints called so far, in order.
    pub fn endpoints(&self) -> Vec<String> {
        self.requests().into_iter().map(|request| request.endpoint).collect()
    }

    /// Requests to `endpoint`.
    pub fn count(&self, endpoint: &str) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.endpoint == endpoint)
            .count()
    }

    /// The webhooks the fake holds now.
    pub fn webhooks(&self) -> Vec<StoredWebhook> {
        self.lock().webhooks.clone()
    }

    /// Waits until the fake holds at least `count` webhooks: a test's signal that a create
    /// reached it, without sleeping.
    pub async fn wait_for_webhooks(&self, count: usize) {
        loop {
            let notified = self.created.notified();
            tokio::pin!(notified);
            // Registered before the count is read, so a create in between is not missed.
            notified.as_mut().enable();
            if self.lock().webhooks.len() >= count {
                return;
            }
            notified.await;
        }
    }

    /// Changes the configuration while running.
    pub fn update(&self, change: impl FnOnce(&mut FakeAshbyConfig)) {
        change(&mut self.lock().config);
    }

    /// Forgets the log and the rate-limit buckets (not the webhooks).
    pub fn clear_log(&self) {
        let mut state = self.lock();
        state.log.clear();
        state.buckets.clear();
    }

    /// Blocks until the server stops (for the example binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Drop for FakeAshby {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>, created: Arc<tokio::sync::Notify>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        let created = Arc::clone(&created);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let state = Arc::clone(&state);
                let created = Arc::clone(&created);
                async move { handle(state, created, request).await }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Reply = hyper::Response<Full<Bytes>>;

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Value,
}

impl Answer {
    fn json(status: u16, body: Value) -> Self {
        Self {
            status,
            headers: vec![("x-ashby-request-id".to_owned(), "01JFAKE0000000000000000000".to_owned())],
            body,
        }
    }

    fn success(results: Value) -> Self {
        Self::json(200, json!({ "success": true, "results": results }))
    }

    /// Ashby's error envelope: `errors` (deprecated codes) and `errorInfo`.
    fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            json!({
                "success": false,
                "errors": [code],
                "errorInfo": { "code": code, "message": message, "requestId": "01JFAKE0000000000000000000" }
            }),
        )
    }
}

enum Outcome {
    Answer(Answer),
    Drop,
    Hang,
}

async fn handle(
    state: Arc<Mutex<State>>,
    created: Arc<tokio::sync::Notify>,
    request: hyper::Request<Incoming>,
) -> Result<Reply, std::io::Error> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let authorization = header("authorization");
    let content_type = header("content-type");
    let body = match Limited::new(request.into_body(), 64 * 1024).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    if let Some(control) = path.strip_prefix("/_fake/") {
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let answer = match (method.as_str(), control) {
            ("GET", "webhooks") => Answer::json(
                200,
                Value::Array(state.webhooks.iter().map(|webhook| webhook.json(false)).collect()),
            ),
            ("GET", "log") => Answer::json(200, Value::Array(state.log.iter().map(log_json).collect())),
            ("POST", "reset") => {
                state.log.clear();
                state.buckets.clear();
                Answer::json(200, json!({ "reset": true }))
            }
            _ => Answer::error(404, "not_found", "unknown control endpoint"),
        };
        return Ok(reply(answer));
    }
    let latency = state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .config
        .latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let endpoint = path.trim_start_matches('/').to_owned();
    let (outcome, key_seen, fault, echo, made) = {
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let before = state.webhooks.len();
        let (outcome, key_seen, fault) = route(
            &mut state,
            &method,
            &endpoint,
            authorization.as_deref(),
            content_type.as_deref(),
            &body,
        );
        let made = state.webhooks.len() > before;
        (outcome, key_seen, fault, state.config.echo, made)
    };
    let (status, success) = match &outcome {
        Outcome::Answer(answer) => (answer.status, answer.body.get("success").and_then(Value::as_bool)),
        Outcome::Drop | Outcome::Hang => (0, None),
    };
    let summary = body_summary(&endpoint, &body);
    if echo {
        let fault_text = fault.map_or_else(String::new, |fault| format!(" [fault {fault:?}]"));
        let body_text = summary
            .as_deref()
            .map_or_else(String::new, |summary| format!(" {summary}"));
        let mut stderr = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(
            &mut stderr,
            format_args!("fake ashby: {method} /{endpoint}{body_text} key={key_seen:?} → {status}{fault_text}\n"),
        );
    }
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .log
        .push(LoggedRequest {
            method,
            endpoint,
            body: summary,
            key: key_seen,
            status,
            success,
            fault,
        });
    if made {
        created.notify_waiters();
    }
    match outcome {
        Outcome::Answer(answer) => Ok(reply(answer)),
        // Returning an error makes hyper close the connection without an answer.
        Outcome::Drop => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault: dropped connection",
        )),
        Outcome::Hang => {
            std::future::pending::<()>().await;
            unreachable!("a pending future never completes")
        }
    }
}

fn route(
    state: &mut State,
    method: &str,
    endpoint: &str,
    authorization: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> (Outcome, KeySeen, Option<Fault>) {
    let answer = Outcome::Answer;
    let user = basic_user(authorization);
    let key_index = user
        .as_deref()
        .filter(|user| !user.is_empty())
        .and_then(|user| state.config.keys.iter().position(|key| key.key == user));
    let key_seen = match (&user, key_index) {
        (None, _) => KeySeen::None,
        (Some(_), None) => KeySeen::Unknown,
        (Some(_), Some(index)) => KeySeen::Known(index),
    };
    // Reference, §2: no key → 401; a wrong or deactivated key → 403, each with words of its own.
    let Some(index) = key_index else {
        return match user.filter(|user| !user.is_empty()) {
            None => (
                answer(Answer::error(401, "unauthenticated", "No API key was provided")),
                key_seen,
                None,
            ),
            Some(user) => {
                let message = if state.config.echo_key_in_errors {
                    format!("The API key {user} is invalid or has been deactivated")
                } else {
                    "The API key is invalid or has been deactivated".to_owned()
                };
                (answer(Answer::error(403, "invalid_api_key", &message)), key_seen, None)
            }
        };
    };
    let key = state.config.keys[index].clone();
    if !state.allow(&key.key) {
        let limit = state.config.rate_limit.expect("a bucket implies a limit");
        let mut limited = Answer::json(
            429,
            json!({
                "success": false,
                "errors": ["Rate limit exceeded"],
                "errorInfo": { "code": "rate_limit_exceeded", "message": "Rate limit exceeded for this API key. Try again in 1 second." }
            }),
        );
        if limit.retry_after {
            limited.headers.push(("Retry-After".to_owned(), "1".to_owned()));
        }
        if limit.partner_scope {
            limited
                .headers
                .push(("X-RateLimit-Scope".to_owned(), "integration-partner".to_owned()));
        }
        return (answer(limited), key_seen, None);
    }
    if let Some(fault) = state.take_fault(endpoint, false) {
        let outcome = match fault {
            Fault::Drop => Outcome::Drop,
            _ => answer(Answer::error(500, "internal_error", "Internal server error")),
        };
        return (outcome, key_seen, Some(fault));
    }
    let Some(required) = state.permissions.get(endpoint).cloned() else {
        return (answer(Answer::error(404, "not_found", "Not found")), key_seen, None);
    };
    let Some(required) = required else {
        // Implemented by partners, called by Ashby: not on Ashby's API.
        return (answer(Answer::error(404, "not_found", "Not found")), key_seen, None);
    };
    if method != "POST" {
        return (
            answer(Answer::error(405, "method_not_allowed", "Use POST")),
            key_seen,
            None,
        );
    }
    if required != "unknown" && !key.permissions.contains(&required) {
        let message = format!("The API key is missing the {required} permission");
        let body = match state.config.forbidden_shape {
            ForbiddenShape::ErrorInfo => json!({
                "success": false,
                "errorInfo": { "code": "missing_endpoint_permission", "message": message }
            }),
            ForbiddenShape::ErrorsString => json!({ "success": false, "errors": ["missing_endpoint_permission"] }),
            ForbiddenShape::ErrorsObject => json!({
                "success": false,
                "errors": [{ "message": "missing_endpoint_permission", "parameter": null }]
            }),
        };
        return (answer(Answer::json(403, body)), key_seen, None);
    }
    // Reference, §1: the JSON body needs `Content-Type: application/json`.
    let parsed: Option<Value> = serde_json::from_slice(body).ok().filter(Value::is_object);
    let (true, Some(request)) = (
        content_type.is_some_and(|value| value.starts_with("application/json")),
        parsed,
    ) else {
        return (
            answer(Answer::error(200, "invalid_input", "Request payload is malformed")),
            key_seen,
            None,
        );
    };
    let text = |name: &str| {
        request
            .get(name)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
    };
    let outcome = match endpoint {
        "apiKey.info" => {
            let mut results = json!({ "title": key.title, "createdAt": "2026-01-05T10:00:00.000Z" });
            if state.config.scopes_in_key_info {
                results["scopes"] = json!(key.permissions.iter().map(|id| scope_of(id)).collect::<Vec<_>>());
            }
            answer(Answer::success(results))
        }
        "webhook.create" => {
            let (Some(webhook_type), Some(url), Some(token)) =
                (text("webhookType"), text("requestUrl"), text("secretToken"))
            else {
                return (
                    answer(Answer::error(
                        200,
                        "invalid_input",
                        "webhookType, requestUrl and secretToken are required",
                    )),
                    key_seen,
                    None,
                );
            };
            if !CREATABLE_TYPES.contains(&webhook_type)
                && !state
                    .config
                    .extra_creatable_types
                    .iter()
                    .any(|extra| extra == webhook_type)
            {
                return (
                    answer(Answer::error(
                        200,
                        "invalid_input",
                        &format!("Invalid webhookType {webhook_type}"),
                    )),
                    key_seen,
                    None,
                );
            }
            if state.config.reject_duplicates
                && state
                    .webhooks
                    .iter()
                    .any(|existing| existing.webhook_type == webhook_type && existing.url == url)
            {
                return (
                    answer(Answer::json(
                        200,
                        json!({
                            "success": false,
                            "errors": [{ "message": "Duplicate webhook: a webhook for this URL and event already exists", "parameter": "requestUrl" }]
                        }),
                    )),
                    key_seen,
                    None,
                );
            }
            let made = state.add_webhook(webhook_type, url, token);
            if let Some(fault) = state.take_fault(endpoint, true) {
                let outcome = match fault {
                    Fault::DropAfterCreate => Outcome::Drop,
                    Fault::HangAfterCreate => Outcome::Hang,
                    _ => answer(Answer::error(500, "internal_error", "Internal server error")),
                };
                return (outcome, key_seen, Some(fault));
            }
            answer(Answer::success(made.json(true)))
        }
        "webhook.info" | "webhook.update" | "webhook.delete" => {
            let Some(id) = text("webhookId") else {
                return (
                    answer(Answer::error(200, "invalid_input", "webhookId is required")),
                    key_seen,
                    None,
                );
            };
            let Some(position) = state.webhooks.iter().position(|webhook| webhook.id == id) else {
                return (
                    answer(Answer::error(200, "webhook_not_found", "Webhook not found")),
                    key_seen,
                    None,
                );
            };
            match endpoint {
                "webhook.info" => answer(Answer::success(state.webhooks[position].json(false))),
                "webhook.delete" => {
                    state.webhooks.remove(position);
                    answer(Answer::success(json!({ "webhookId": id })))
                }
                _ => {
                    let webhook = &mut state.webhooks[position];
                    if let Some(enabled) = request.get("enabled").and_then(Value::as_bool) {
                        webhook.enabled = enabled;
                    }
                    if let Some(url) = text("requestUrl") {
                        webhook.url = url.to_owned();
                    }
                    if let Some(token) = text("secretToken") {
                        webhook.secret_token = token.to_owned();
                    }
                    answer(Answer::success(webhook.json(true)))
                }
            }
        }
        list if list.ends_with(".list") => {
            match request.get("limit") {
                Some(limit) if !limit.as_u64().is_some_and(|limit| (1..=100).contains(&limit)) => answer(
                    Answer::error(200, "invalid_input", "limit must be an integer between 1 and 100"),
                ),
                limit => {
                    let wanted = limit
                        .and_then(Value::as_u64)
                        .map_or(100, |limit| usize::try_from(limit).unwrap_or(100));
                    let total = state.config.records_per_list;
                    let shown = wanted.min(total);
                    let records: Vec<Value> = (0..shown)
                        .map(|index| json!({ "id": format!("{list}-{index:04}"), "name": format!("Record {index}") }))
                        .collect();
                    let mut body = json!({ "success": true, "results": records, "moreDataAvailable": shown < total });
                    if shown < total {
                        body["nextCursor"] = json!(format!("cursor-{shown}"));
                    }
                    answer(Answer::json(200, body))
                }
            }
        }
        // Any other endpoint: a success, so a test that forbids it must look at the log.
        _ => answer(Answer::success(json!({}))),
    };
    (outcome, key_seen, None)
}

/// `candidatesRead` → `candidates:read`: how `apiKey.info` names a permission.
pub fn scope_of(permission_id: &str) -> String {
    for (suffix, access) in [("Read", "read"), ("Write", "write"), ("Delete", "delete")] {
        if let Some(module) = permission_id.strip_suffix(suffix) {
            return format!("{module}:{access}");
        }
    }
    permission_id.to_owned()
}

fn reply(answer: Answer) -> Reply {
    let mut builder = hyper::Response::builder()
        .status(answer.status)
        .header("content-type", "application/json; charset=utf-8");
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(answer.body.to_string())))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
}

fn basic_user(authorization: Option<&str>) -> Option<String> {
    let encoded = authorization?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, _password) = text.split_once(':')?;
    Some(user.to_owned())
}

/// What the log keeps of a body: never a secret token.
fn body_summary(endpoint: &str, body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let Ok(mut value) = serde_json::from_slice::<Value>(body) else {
        return Some(format!("{} bytes", body.len()));
    };
    if endpoint == "webhook.create" {
        let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("?").to_owned();
        return Some(format!("type={} url={}", text("webhookType"), text("requestUrl")));
    }
    if let Some(fields) = value.as_object_mut() {
        fields.remove("secretToken");
    }
    Some(value.to_string())
}

fn log_json(request: &LoggedRequest) -> Value {
    json!({
        "method": request.method,
        "endpoint": request.endpoint,
        "body": request.body,
        "key": format!("{:?}", request.key),
        "status": request.status,
        "success": request.success,
        "fault": request.fault.map(|fault| format!("{fault:?}")),
    })
}
