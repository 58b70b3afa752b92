//! A fake Lever Data API on 127.0.0.1 for tests and demos: real HTTP (tokio + hyper 1) under
//! `/v1`, the way `https://api.lever.co/v1` is laid out.
//!
//! It follows the reference README ("Lever"): the API key as the Basic user name with an empty
//! password (401 for an unknown key), per-key access to resources (403 `{code, message}` for a
//! key without it), `GET /stages`, `GET /webhooks`, `POST /webhooks` answering 201 with the
//! signature token in `data.configuration.signatureToken` (or in the docs' nested `data.data`
//! shape when configured), `DELETE /webhooks/:id` → 204, lists paged with `limit` (1–100) and
//! an opaque `offset` answered with `hasNext`/`next`, and a token-bucket rate limit per key
//! (default 10 requests/second, bursts to 20) answering 429 beyond it, with or without
//! `Retry-After`.
//!
//! Faults can be injected per method and path: drop the connection or answer 500 before doing
//! anything, or create the webhook and then drop the connection or answer 500 (the answer of a
//! create that worked is lost: an interrupted run). Every request is logged with its method,
//! path, query, a summary of its body, which configured key it used (by index, never the key)
//! and the status sent.
//!
//! Used by `tests/lever.rs` and by `examples/fake_lever.rs`, which includes this file.

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

use super::handler_panics::{Reply, catching_panics, fail_on_handler_panics};

/// The API prefix, as in `https://api.lever.co/v1`.
pub const PREFIX: &str = "/v1";

/// Lever's webhook events (reference README, "Lever").
pub const EVENTS: [&str; 10] = [
    "applicationCreated",
    "candidateHired",
    "candidateStageChange",
    "candidateArchiveChange",
    "candidateDeleted",
    "interviewCreated",
    "interviewUpdated",
    "interviewDeleted",
    "contactCreated",
    "contactUpdated",
];

/// A pipeline like a fresh Lever account's, with HiPeople's "Reference check".
pub const DEFAULT_STAGES: [&str; 6] = [
    "New applicant",
    "Reached out",
    "Phone screen",
    "On-site interview",
    "Reference check",
    "Offer",
];

/// An API key and the resources (`stages`, `webhooks`) it may use.
#[derive(Debug, Clone)]
pub struct FakeKey {
    pub key: String,
    pub resources: Vec<String>,
}

/// Where `POST /webhooks` puts the created webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateShape {
    /// `{data: {id, url, event, configuration: {signatureToken}}}`, as real clients read it.
    Data,
    /// `{data: {data: {...}}}`, as Lever's docs show it.
    NestedData,
}

/// A token bucket per key: `per_second` tokens a second, holding at most `burst`.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
    /// Send `Retry-After` (whole seconds) on 429s; Lever's docs do not promise one.
    pub retry_after: bool,
}

impl RateLimit {
    /// `per_second` with no burst beyond it.
    pub fn strict(per_second: u32) -> Self {
        Self {
            per_second,
            burst: per_second.max(1),
            retry_after: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Close the connection without answering, before doing anything.
    Drop,
    /// Answer 500 before doing anything.
    ServerError,
    /// `POST /webhooks` only: create the webhook, then close the connection unanswered.
    DropAfterCreate,
    /// `POST /webhooks` only: create the webhook, then answer 500.
    ErrorAfterCreate,
}

impl Fault {
    fn after_create(self) -> bool {
        matches!(self, Self::DropAfterCreate | Self::ErrorAfterCreate)
    }
}

/// Applies `fault` to `times` requests with `method` and `path` (after `/v1`; `None` matches
/// any path), after letting the first `skip` of them through.
#[derive(Debug, Clone)]
pub struct FaultRule {
    pub method: String,
    pub path: Option<String>,
    pub fault: Fault,
    pub times: u32,
    pub skip: u32,
}

impl FaultRule {
    pub fn new(method: &str, path: Option<&str>, fault: Fault, times: u32) -> Self {
        Self {
            method: method.to_owned(),
            path: path.map(str::to_owned),
            fault,
            times,
            skip: 0,
        }
    }

    /// Lets the first `skip` matching requests through untouched.
    #[must_use]
    pub fn after(mut self, skip: u32) -> Self {
        self.skip = skip;
        self
    }
}

#[derive(Debug, Clone)]
pub struct FakeLeverConfig {
    pub keys: Vec<FakeKey>,
    /// Stage texts, in pipeline order.
    pub stages: Vec<String>,
    /// Webhooks that exist at start, as (url, event).
    pub webhooks: Vec<(String, String)>,
    pub create_shape: CreateShape,
    pub rate_limit: Option<RateLimit>,
    /// The most records per page whatever `limit` asks (Lever's own cap is 100).
    pub max_page: usize,
    pub faults: Vec<FaultRule>,
    /// `GET /webhooks` shows each webhook's `configuration.signatureToken`.
    pub token_in_list: bool,
    /// Added before every answer.
    pub latency: Duration,
    /// Print each request to stderr as it is handled (for demos).
    pub echo: bool,
    /// A careless server: the 401 message repeats the key it was given (tests check that atsctl
    /// redacts it).
    pub echo_key_in_errors: bool,
}

impl Default for FakeLeverConfig {
    fn default() -> Self {
        Self {
            keys: Vec::new(),
            stages: DEFAULT_STAGES.iter().map(|stage| (*stage).to_owned()).collect(),
            webhooks: Vec::new(),
            create_shape: CreateShape::Data,
            // Reference README, "Lever": about 10 requests/second per key, bursts to 20.
            rate_limit: Some(RateLimit {
                per_second: 10,
                burst: 20,
                retry_after: false,
            }),
            max_page: 100,
            faults: Vec::new(),
            token_in_list: true,
            latency: Duration::ZERO,
            echo: false,
            echo_key_in_errors: false,
        }
    }
}

impl FakeLeverConfig {
    /// Adds a key with access to `resources` (`stages`, `webhooks`).
    #[must_use]
    pub fn key(mut self, key: &str, resources: &[&str]) -> Self {
        self.keys.push(FakeKey {
            key: key.to_owned(),
            resources: resources.iter().map(|resource| (*resource).to_owned()).collect(),
        });
        self
    }

    #[must_use]
    pub fn stages(mut self, stages: &[&str]) -> Self {
        self.stages = stages.iter().map(|stage| (*stage).to_owned()).collect();
        self
    }

    #[must_use]
    pub fn webhook(mut self, url: &str, event: &str) -> Self {
        self.webhooks.push((url.to_owned(), event.to_owned()));
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
    /// The index in [`FakeLeverConfig::keys`].
    Known(usize),
}

#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    /// The full path, `/v1/webhooks`.
    pub path: String,
    pub query: Option<String>,
    /// `event=… url=…` for a webhook create, `N bytes` for other bodies, `None` when empty.
    pub body: Option<String>,
    pub key: KeySeen,
    /// 0 when the connection was dropped on purpose.
    pub status: u16,
    pub fault: Option<Fault>,
}

/// A webhook held by the fake.
#[derive(Debug, Clone)]
pub struct StoredWebhook {
    pub id: String,
    pub url: String,
    pub event: String,
    pub signature_token: String,
    pub created_at: u64,
}

impl StoredWebhook {
    fn json(&self, with_token: bool) -> Value {
        let mut configuration = json!({ "conditions": null });
        if with_token {
            configuration["signatureToken"] = json!(self.signature_token);
        }
        json!({
            "id": self.id,
            "url": self.url,
            "event": self.event,
            "configuration": configuration,
            "createdAt": self.created_at,
        })
    }
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

struct State {
    config: FakeLeverConfig,
    log: Vec<LoggedRequest>,
    webhooks: Vec<StoredWebhook>,
    buckets: HashMap<String, Bucket>,
    serial: u64,
}

impl State {
    fn new(config: FakeLeverConfig) -> Self {
        let mut state = Self {
            config,
            log: Vec::new(),
            webhooks: Vec::new(),
            buckets: HashMap::new(),
            serial: 0,
        };
        let seeded = state.config.webhooks.clone();
        for (url, event) in seeded {
            state.add_webhook(&url, &event);
        }
        state
    }

    fn add_webhook(&mut self, url: &str, event: &str) -> StoredWebhook {
        self.serial += 1;
        let serial = self.serial;
        let webhook = StoredWebhook {
            id: format!("6b2e0f3c-{:04x}-4c1d-9a7e-{serial:012x}", serial % 0xffff),
            url: url.to_owned(),
            event: event.to_owned(),
            signature_token: format!(
                "lvr-sig-{serial:04}-{:016x}",
                serial.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            ),
            created_at: 1_767_225_600_000 + serial * 1000,
        };
        self.webhooks.push(webhook.clone());
        webhook
    }

    /// Takes one use of the first rule matching the request and the fault's phase.
    fn take_fault(&mut self, method: &str, path: &str, after_create: bool) -> Option<Fault> {
        let rule = self.config.faults.iter_mut().find(|rule| {
            rule.times > 0
                && rule.method.eq_ignore_ascii_case(method)
                && rule.path.as_deref().is_none_or(|wanted| wanted == path)
                && rule.fault.after_create() == after_create
        })?;
        if rule.skip > 0 {
            rule.skip -= 1;
            return None;
        }
        rule.times -= 1;
        Some(rule.fault)
    }

    /// Spends a token of `key`'s bucket; `false` when there is none (429).
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
pub struct FakeLever {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
    /// Panics of request handlers, to fail the test on drop.
    panics: Arc<Mutex<Vec<String>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeLever {
    /// Starts on a free port of 127.0.0.1.
    pub fn start(config: FakeLeverConfig) -> Self {
        Self::start_on(config, 0).expect("the fake Lever starts")
    }

    /// Starts on `port` (0 = any free port).
    pub fn start_on(config: FakeLeverConfig, port: u16) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::new(config)));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread_state = Arc::clone(&state);
        let panics = Arc::new(Mutex::new(Vec::new()));
        let thread_panics = Arc::clone(&panics);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                tokio::select! {
                    () = serve(listener, thread_state, thread_panics) => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        });
        Ok(Self {
            address,
            state,
            panics,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The base URL to put in `ATSCTL_LEVER_URL`: `http://127.0.0.1:PORT/v1`.
    pub fn url(&self) -> String {
        format!("http://{}{PREFIX}", self.address)
    }

    /// `http://127.0.0.1:PORT`, for the `/_fake/*` control endpoints.
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().log.clone()
    }

    /// Fails the test unless the fake received at least one request: for tests whose point is
    /// what atsctl did with the answers, so that a run that never reached the fake cannot pass.
    pub fn assert_hit(&self) {
        assert!(!self.requests().is_empty(), "the fake Lever received no request");
    }

    /// Requests with `method` to `path` (after `/v1`, e.g. `/webhooks`).
    pub fn count(&self, method: &str, path: &str) -> usize {
        let full = format!("{PREFIX}{path}");
        self.requests()
            .iter()
            .filter(|request| request.method == method && request.path == full)
            .count()
    }

    pub fn count_status(&self, status: u16) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.status == status)
            .count()
    }

    /// The webhooks the fake holds now.
    pub fn webhooks(&self) -> Vec<StoredWebhook> {
        self.lock().webhooks.clone()
    }

    /// Replaces the fault rules.
    pub fn set_faults(&self, faults: Vec<FaultRule>) {
        self.lock().config.faults = faults;
    }

    /// Changes the configuration while running.
    pub fn update(&self, change: impl FnOnce(&mut FakeLeverConfig)) {
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

impl Drop for FakeLever {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        fail_on_handler_panics("Lever", &self.panics);
    }
}

async fn serve(listener: tokio::net::TcpListener, state: Arc<Mutex<State>>, panics: Arc<Mutex<Vec<String>>>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        let panics = Arc::clone(&panics);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let state = Arc::clone(&state);
                catching_panics(Arc::clone(&panics), handle(state, request))
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// An answer before it is logged; `None` body for 204.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Some(body.to_string()),
        }
    }

    /// Lever's error shape: `{code, message}`.
    fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(status, &json!({ "code": code, "message": message }))
    }

    fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: None,
        }
    }
}

/// What the handler decided: answer, or drop the connection.
enum Outcome {
    Answer(Answer),
    Drop,
}

async fn handle(state: Arc<Mutex<State>>, request: hyper::Request<Incoming>) -> Result<Reply, std::io::Error> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = match Limited::new(request.into_body(), 64 * 1024).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    // Control endpoints for the example; never logged, never rate limited.
    if let Some(control) = path.strip_prefix("/_fake/") {
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let answer = match (method.as_str(), control) {
            ("GET", "webhooks") => Answer::json(
                200,
                &Value::Array(state.webhooks.iter().map(|webhook| webhook.json(false)).collect()),
            ),
            ("GET", "log") => Answer::json(200, &Value::Array(state.log.iter().map(log_json).collect())),
            ("POST", "reset") => {
                state.log.clear();
                state.buckets.clear();
                Answer::json(200, &json!({ "reset": true }))
            }
            _ => Answer::error(404, "NotFound", "unknown control endpoint"),
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
    let (outcome, key_seen, fault, echo) = {
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (outcome, key_seen, fault) = route(
            &mut state,
            &method,
            &path,
            query.as_deref(),
            authorization.as_deref(),
            &body,
        );
        (outcome, key_seen, fault, state.config.echo)
    };
    let status = match &outcome {
        Outcome::Answer(answer) => answer.status,
        Outcome::Drop => 0,
    };
    let summary = body_summary(&method, &path, &body);
    if echo {
        let shown = query
            .as_deref()
            .map_or_else(|| path.clone(), |query| format!("{path}?{query}"));
        let fault_text = fault.map_or_else(String::new, |fault| format!(" [fault {fault:?}]"));
        let body_text = summary
            .as_deref()
            .map_or_else(String::new, |summary| format!(" {{{summary}}}"));
        let mut stderr = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(
            &mut stderr,
            format_args!("fake lever: {method} {shown}{body_text} key={key_seen:?} → {status}{fault_text}\n"),
        );
    }
    state
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .log
        .push(LoggedRequest {
            method,
            path,
            query,
            body: summary,
            key: key_seen,
            status,
            fault,
        });
    match outcome {
        Outcome::Answer(answer) => Ok(reply(answer)),
        // Returning an error makes hyper close the connection without an answer.
        Outcome::Drop => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault: dropped connection",
        )),
    }
}

fn route(
    state: &mut State,
    method: &str,
    path: &str,
    query: Option<&str>,
    authorization: Option<&str>,
    body: &[u8],
) -> (Outcome, KeySeen, Option<Fault>) {
    let answer = |answer: Answer| Outcome::Answer(answer);
    let Some(api_path) = path.strip_prefix(PREFIX).filter(|rest| rest.starts_with('/')) else {
        return (answer(Answer::error(404, "NotFound", "Not found")), KeySeen::None, None);
    };
    // The key is the Basic user name; the password is empty.
    let user = basic_user(authorization);
    let key_index = user
        .as_deref()
        .and_then(|user| state.config.keys.iter().position(|key| key.key == user));
    let key_seen = match (&user, key_index) {
        (None, _) => KeySeen::None,
        (Some(_), None) => KeySeen::Unknown,
        (Some(_), Some(index)) => KeySeen::Known(index),
    };
    let Some(index) = key_index else {
        let message = match (&user, state.config.echo_key_in_errors) {
            (Some(user), true) => format!("Invalid API key {user}"),
            _ => "Invalid API key".to_owned(),
        };
        return (answer(Answer::error(401, "Unauthorized", &message)), key_seen, None);
    };
    let key = state.config.keys[index].clone();
    if !state.allow(&key.key) {
        let mut limited = Answer::error(429, "TooManyRequests", "Rate limit exceeded");
        if state.config.rate_limit.is_some_and(|limit| limit.retry_after) {
            limited.headers.push(("Retry-After".to_owned(), "1".to_owned()));
        }
        return (answer(limited), key_seen, None);
    }
    if let Some(fault) = state.take_fault(method, api_path, false) {
        let outcome = match fault {
            Fault::Drop => Outcome::Drop,
            _ => answer(Answer::error(500, "InternalServerError", "Internal server error")),
        };
        return (outcome, key_seen, Some(fault));
    }
    let segments: Vec<&str> = api_path.split('/').filter(|segment| !segment.is_empty()).collect();
    let Some(resource) = segments.first().copied() else {
        return (answer(Answer::error(404, "NotFound", "Not found")), key_seen, None);
    };
    if !["stages", "webhooks"].contains(&resource) {
        return (answer(Answer::error(404, "NotFound", "Not found")), key_seen, None);
    }
    if !key.resources.iter().any(|allowed| allowed == resource) {
        return (
            answer(Answer::error(
                403,
                "Forbidden",
                &format!("This API key does not have access to {resource}"),
            )),
            key_seen,
            None,
        );
    }
    let params: HashMap<String, String> = query
        .map(|query| url::form_urlencoded::parse(query.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    match (method, segments.as_slice()) {
        ("GET", ["stages"]) => {
            let stages: Vec<Value> = state
                .config
                .stages
                .iter()
                .enumerate()
                .map(|(index, text)| json!({ "id": format!("a1c4e2f0-5b6d-4e7f-8a9b-{index:012x}"), "text": text }))
                .collect();
            (answer(page(&stages, &params, state.config.max_page)), key_seen, None)
        }
        ("GET", ["webhooks"]) => {
            let with_token = state.config.token_in_list;
            let webhooks: Vec<Value> = state.webhooks.iter().map(|webhook| webhook.json(with_token)).collect();
            (answer(page(&webhooks, &params, state.config.max_page)), key_seen, None)
        }
        ("POST", ["webhooks"]) => {
            let request: Value = match serde_json::from_slice(body) {
                Ok(value) => value,
                Err(_) => return (answer(Answer::error(400, "BadRequest", "Invalid JSON")), key_seen, None),
            };
            let url = request.get("url").and_then(Value::as_str).filter(|url| !url.is_empty());
            let event = request.get("event").and_then(Value::as_str);
            let (Some(url), Some(event)) = (url, event) else {
                return (
                    answer(Answer::error(400, "BadRequest", "url and event are required")),
                    key_seen,
                    None,
                );
            };
            if !EVENTS.contains(&event) {
                return (
                    answer(Answer::error(400, "BadRequest", &format!("Unknown event {event}"))),
                    key_seen,
                    None,
                );
            }
            if request
                .get("configuration")
                .is_some_and(|configuration| !configuration.is_object())
            {
                return (
                    answer(Answer::error(400, "BadRequest", "configuration must be an object")),
                    key_seen,
                    None,
                );
            }
            let created = state.add_webhook(url, event);
            if let Some(fault) = state.take_fault(method, api_path, true) {
                let outcome = match fault {
                    Fault::DropAfterCreate => Outcome::Drop,
                    _ => answer(Answer::error(500, "InternalServerError", "Internal server error")),
                };
                return (outcome, key_seen, Some(fault));
            }
            let body = match state.config.create_shape {
                CreateShape::Data => json!({ "data": created.json(true) }),
                CreateShape::NestedData => json!({ "data": { "data": created.json(true) } }),
            };
            (answer(Answer::json(201, &body)), key_seen, None)
        }
        ("DELETE", ["webhooks", id]) => {
            let before = state.webhooks.len();
            state.webhooks.retain(|webhook| webhook.id != *id);
            let status = if state.webhooks.len() < before {
                Answer::empty(204)
            } else {
                Answer::error(404, "NotFound", "Webhook not found")
            };
            (answer(status), key_seen, None)
        }
        _ => (
            answer(Answer::error(405, "MethodNotAllowed", "Method not allowed")),
            key_seen,
            None,
        ),
    }
}

/// One page of `records` by `limit` and the opaque `offset`.
fn page(records: &[Value], params: &HashMap<String, String>, max_page: usize) -> Answer {
    let limit = match params.get("limit") {
        None => 100,
        Some(text) => match text.parse::<usize>() {
            Ok(limit) if (1..=100).contains(&limit) => limit,
            _ => return Answer::error(400, "BadRequest", "limit must be between 1 and 100"),
        },
    };
    let start = match params.get("offset") {
        None => 0,
        Some(offset) => match decode_offset(offset) {
            Some(start) if start <= records.len() => start,
            _ => return Answer::error(400, "BadRequest", "Invalid offset"),
        },
    };
    let end = (start + limit.min(max_page.max(1))).min(records.len());
    let has_next = end < records.len();
    let mut body = json!({ "data": records[start..end].to_vec(), "hasNext": has_next });
    if has_next {
        body["next"] = json!(encode_offset(end));
    }
    Answer::json(200, &body)
}

/// Offsets are opaque to clients; scramble the position so tests catch a client computing one.
const OFFSET_MASK: u64 = 0x5eed_1e7e_0ff5_e7ab;

fn encode_offset(position: usize) -> String {
    format!("{:016x}", (position as u64) ^ OFFSET_MASK)
}

fn decode_offset(text: &str) -> Option<usize> {
    let value = u64::from_str_radix(text, 16).ok()?;
    usize::try_from(value ^ OFFSET_MASK).ok()
}

fn reply(answer: Answer) -> Reply {
    let mut builder = hyper::Response::builder().status(answer.status);
    if answer.body.is_some() {
        builder = builder.header("content-type", "application/json; charset=utf-8");
    }
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(answer.body.unwrap_or_default())))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
}

/// The user name of a Basic header.
fn basic_user(authorization: Option<&str>) -> Option<String> {
    let encoded = authorization?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, _password) = text.split_once(':')?;
    Some(user.to_owned())
}

/// What the log keeps of a body: for a webhook create its event and URL (neither is secret).
fn body_summary(method: &str, path: &str, body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    if method == "POST"
        && path.ends_with("/webhooks")
        && let Ok(value) = serde_json::from_slice::<Value>(body)
    {
        let text = |key: &str| value.get(key).and_then(Value::as_str).unwrap_or("?").to_owned();
        return Some(format!("event={} url={}", text("event"), text("url")));
    }
    Some(format!("{} bytes", body.len()))
}

fn log_json(request: &LoggedRequest) -> Value {
    json!({
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "body": request.body,
        "key": format!("{:?}", request.key),
        "status": request.status,
        "fault": request.fault.map(|fault| format!("{fault:?}")),
    })
}

#[cfg(test)]
mod handler_panics {
    use super::*;

    async fn panicking_handler() -> Result<Reply, std::io::Error> {
        panic!("boom in a handler")
    }

    #[tokio::test]
    async fn a_panicking_handler_is_answered_500_and_recorded() {
        let panics = Arc::new(Mutex::new(Vec::new()));
        let reply = catching_panics(Arc::clone(&panics), panicking_handler())
            .await
            .expect("answered");
        assert_eq!(reply.status(), 500);
        assert_eq!(*panics.lock().unwrap(), ["boom in a handler"]);
    }

    #[test]
    #[should_panic(expected = "a request handler of the fake Lever panicked: boom")]
    fn a_recorded_panic_fails_the_test_when_the_fake_is_dropped() {
        fail_on_handler_panics("Lever", &Mutex::new(vec!["boom".to_owned()]));
    }
}
