//! A fake Greenhouse on 127.0.0.1 for tests and demos: real HTTP (tokio + hyper 1) playing
//! auth.greenhouse.io (`POST /token`, `POST /introspect`) on one port and Harvest v1 and v3 on
//! another, so a credential that reaches the wrong host shows up in the log.
//!
//! It follows the reference README ("Greenhouse Harvest API"): per-key v1 permissions checked
//! against the catalog's endpoint templates, per-client v3 scopes, customers' access tokens for a
//! partner's client as if by authorisation code (`FakeAuthorization`), empty v3 lists for an acting
//! user who is not a Site Admin, the documented error bodies, `X-RateLimit-*` headers with a
//! fixed window per credential, `Link` pagination. Faults: latency, 500s, dropped connections,
//! introspection off, and a "v1 retired" mode. Every request is logged without its secrets.
//!
//! Used by `tests/validate.rs` and by `examples/fake_greenhouse.rs`, which includes this file.

#![allow(dead_code, unreachable_pub)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use atsctl::catalog::{Catalog, Method, normalize_label};
use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

use super::handler_panics::{Reply, catching_panics, fail_on_handler_panics};

/// The v1 permission message (reference README, "v1/v2").
pub const NO_PERMISSION: &str = "This API Key does not have permission for this endpoint";

#[derive(Debug, Clone)]
pub struct FakeUser {
    pub id: u64,
    pub name: String,
    /// The introspection `user_role`.
    pub role: String,
    pub site_admin: bool,
}

/// A Harvest v3 OAuth client.
#[derive(Debug, Clone)]
pub struct FakeClient {
    pub client_id: String,
    pub client_secret: String,
    pub scopes: Vec<String>,
    /// The acting user when the token request has no `sub`.
    pub default_user: u64,
}

/// A customer's authorisation of a partner's client, as if by the authorisation-code grant: the
/// access token the partner holds and what introspection says about it. Its scopes are those the
/// customer granted, which stay fixed when the client's own scopes change.
#[derive(Debug, Clone)]
pub struct FakeAuthorization {
    pub access_token: String,
    /// The client the token was issued to.
    pub client_id: String,
    pub scopes: Vec<String>,
    /// The authorising user or service account (`sub`).
    pub sub: u64,
    /// The introspection `user_role`: `service_account`, `site_admin`, `basic`, ...
    pub role: String,
    /// `false`: expired or revoked; introspection answers `{"active": false}`, Harvest 401.
    pub active: bool,
}

impl FakeAuthorization {
    /// Lists return records only for a Site Admin or a service account (which a Site Admin made).
    fn sees_records(&self) -> bool {
        matches!(self.role.as_str(), "site_admin" | "service_account")
    }
}

/// A Harvest v1 API key and the permission labels ticked for it.
#[derive(Debug, Clone)]
pub struct FakeKey {
    pub key: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub limit: u32,
    pub window: Duration,
    /// Send `X-RateLimit-Reset` on every v1 response, not only on 429s (v3 always does).
    pub announce_reset_v1: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// `expires_in` seconds, as Greenhouse's docs show.
    ExpiresIn,
    /// `expires_at` ISO time, as a live tenant sends.
    ExpiresAt,
}

#[derive(Debug, Clone)]
pub struct FakeConfig {
    pub organization_id: u64,
    pub organization_name: String,
    pub users: Vec<FakeUser>,
    pub clients: Vec<FakeClient>,
    /// Customers' access tokens for partner clients (authorisation code).
    pub authorizations: Vec<FakeAuthorization>,
    pub keys: Vec<FakeKey>,
    pub rate_limit: Option<RateLimit>,
    /// Added before every answer.
    pub latency: Duration,
    /// The first N Harvest requests answer 500.
    pub fail_first: u32,
    /// The first N Harvest requests (before `fail_first`) lose their connection unanswered.
    pub drop_first: u32,
    /// The next N Harvest requests (after the faults above) answer 429 with `Retry-After: 1`,
    /// as if another client had used up the window.
    pub throttle_first: u32,
    pub introspection: bool,
    /// Introspection leaves out the claims (organization and user role).
    pub introspection_without_claims: bool,
    /// Harvest v1/v2 answer every path with a 404 HTML page, as a retired API might.
    pub v1_retired: bool,
    pub expiry: Expiry,
    /// Records on every list.
    pub records: u64,
    /// Print each request to stderr as it is handled (for demos).
    pub echo: bool,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            organization_id: 4242,
            organization_name: "Acme Recruiting".to_owned(),
            users: vec![
                FakeUser {
                    id: 101,
                    name: "Ada Admin".to_owned(),
                    role: "site_admin".to_owned(),
                    site_admin: true,
                },
                FakeUser {
                    id: 202,
                    name: "Basil Basic".to_owned(),
                    role: "basic".to_owned(),
                    site_admin: false,
                },
            ],
            clients: Vec::new(),
            authorizations: Vec::new(),
            keys: Vec::new(),
            rate_limit: None,
            latency: Duration::ZERO,
            fail_first: 0,
            drop_first: 0,
            throttle_first: 0,
            introspection: true,
            introspection_without_claims: false,
            v1_retired: false,
            expiry: Expiry::ExpiresAt,
            records: 3,
            echo: false,
        }
    }
}

impl FakeConfig {
    pub const ADMIN: u64 = 101;
    pub const BASIC_USER: u64 = 202;

    #[must_use]
    pub fn client(mut self, client_id: &str, client_secret: &str, scopes: &[String]) -> Self {
        self.clients.push(FakeClient {
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            scopes: scopes.to_vec(),
            default_user: Self::ADMIN,
        });
        self
    }

    /// A customer's access token for `authorization.client_id` (which should also be a client,
    /// so the partner can introspect with it).
    #[must_use]
    pub fn authorization(mut self, authorization: FakeAuthorization) -> Self {
        self.authorizations.push(authorization);
        self
    }

    #[must_use]
    pub fn key(mut self, key: &str, permissions: &[String]) -> Self {
        self.keys.push(FakeKey {
            key: key.to_owned(),
            permissions: permissions.to_vec(),
        });
        self
    }
}

/// Which listener a request reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    Auth,
    Harvest,
}

/// How a request authenticated; the credential itself is never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthKind {
    None,
    Basic,
    Bearer,
    Other,
}

#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub host: Host,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub auth: AuthKind,
    /// 0 when the connection was dropped on purpose.
    pub status: u16,
}

struct TokenInfo {
    client_id: String,
    user: u64,
}

struct Window {
    started: Instant,
    count: u32,
}

struct Shared {
    config: Mutex<FakeConfig>,
    log: Mutex<Vec<LoggedRequest>>,
    tokens: Mutex<HashMap<String, TokenInfo>>,
    windows: Mutex<HashMap<String, Window>>,
    harvest_seen: Mutex<u32>,
    harvest_base: String,
    /// Panics of request handlers, to fail the test on drop.
    panics: Arc<Mutex<Vec<String>>>,
}

/// A running fake. Dropping it stops the server.
pub struct FakeGreenhouse {
    auth: SocketAddr,
    harvest: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeGreenhouse {
    /// Starts on two free ports of 127.0.0.1.
    pub fn start(config: FakeConfig) -> Self {
        Self::start_on(config, 0, 0).expect("the fake Greenhouse starts")
    }

    /// Starts on the given ports (0 = any free port).
    pub fn start_on(config: FakeConfig, auth_port: u16, harvest_port: u16) -> std::io::Result<Self> {
        let auth_listener = std::net::TcpListener::bind(("127.0.0.1", auth_port))?;
        let harvest_listener = std::net::TcpListener::bind(("127.0.0.1", harvest_port))?;
        auth_listener.set_nonblocking(true)?;
        harvest_listener.set_nonblocking(true)?;
        let auth = auth_listener.local_addr()?;
        let harvest = harvest_listener.local_addr()?;
        let shared = Arc::new(Shared {
            config: Mutex::new(config),
            log: Mutex::new(Vec::new()),
            tokens: Mutex::new(HashMap::new()),
            windows: Mutex::new(HashMap::new()),
            harvest_seen: Mutex::new(0),
            harvest_base: format!("http://{harvest}"),
            panics: Arc::new(Mutex::new(Vec::new())),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let auth_listener = tokio::net::TcpListener::from_std(auth_listener).expect("auth listener");
                let harvest_listener = tokio::net::TcpListener::from_std(harvest_listener).expect("harvest listener");
                tokio::select! {
                    () = serve(auth_listener, Host::Auth, Arc::clone(&thread_shared)) => {}
                    () = serve(harvest_listener, Host::Harvest, Arc::clone(&thread_shared)) => {}
                    _ = stopped => {}
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        });
        Ok(Self {
            auth,
            harvest,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    pub fn auth_url(&self) -> String {
        format!("http://{}", self.auth)
    }

    pub fn harvest_url(&self) -> String {
        format!("http://{}", self.harvest)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.shared.log.lock().unwrap().clone()
    }

    /// Fails the test unless the fake received at least one request: for tests whose point is
    /// what atsctl did with the answers, so that a run that never reached the fake cannot pass.
    pub fn assert_hit(&self) {
        assert!(!self.requests().is_empty(), "the fake Greenhouse received no request");
    }

    pub fn harvest_requests(&self) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.host == Host::Harvest)
            .collect()
    }

    pub fn count_status(&self, status: u16) -> usize {
        self.requests()
            .iter()
            .filter(|request| request.status == status)
            .count()
    }

    /// Changes the configuration of the running fake: requests after this see the change (a
    /// test grants a missing scope between two checks of one `atsctl` run, say).
    pub fn configure(&self, change: impl FnOnce(&mut FakeConfig)) {
        change(&mut self.shared.config.lock().unwrap());
    }

    /// Forgets the log, tokens and rate-limit windows (between benchmark runs).
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Blocks until the server stops (for the example binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for FakeGreenhouse {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        fail_on_handler_panics("Greenhouse", &self.shared.panics);
    }
}

impl Shared {
    fn reset(&self) {
        self.log.lock().unwrap().clear();
        self.tokens.lock().unwrap().clear();
        self.windows.lock().unwrap().clear();
        *self.harvest_seen.lock().unwrap() = 0;
    }

    fn stats(&self) -> Value {
        let log = self.log.lock().unwrap();
        let mut by_status: HashMap<String, usize> = HashMap::new();
        let mut by_method: HashMap<String, usize> = HashMap::new();
        for request in log.iter().filter(|request| request.host == Host::Harvest) {
            *by_status.entry(request.status.to_string()).or_default() += 1;
            *by_method.entry(request.method.clone()).or_default() += 1;
        }
        json!({
            "requests": log.len(),
            "harvest_requests": log.iter().filter(|request| request.host == Host::Harvest).count(),
            "rate_limited": log.iter().filter(|request| request.status == 429).count(),
            "distinct_harvest_requests": log
                .iter()
                .filter(|request| request.host == Host::Harvest)
                .map(|request| (request.method.as_str(), request.path.as_str(), request.query.as_deref()))
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            "by_status": by_status,
            "by_method": by_method,
        })
    }
}

async fn serve(listener: tokio::net::TcpListener, host: Host, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                catching_panics(Arc::clone(&shared.panics), handle(shared, host, request))
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// An answer before it is logged: status, extra headers, body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    content_type: &'static str,
    body: String,
}

impl Answer {
    fn json(status: u16, body: &Value) -> Self {
        Self {
            status,
            headers: Vec::new(),
            content_type: "application/json; charset=utf-8",
            body: body.to_string(),
        }
    }

    fn message(status: u16, message: &str) -> Self {
        Self::json(status, &json!({ "message": message }))
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

async fn handle(shared: Arc<Shared>, host: Host, request: hyper::Request<Incoming>) -> Result<Reply, std::io::Error> {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let authorization = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let auth_kind = match authorization.as_deref() {
        None => AuthKind::None,
        Some(value) if value.starts_with("Basic ") => AuthKind::Basic,
        Some(value) if value.starts_with("Bearer ") => AuthKind::Bearer,
        Some(_) => AuthKind::Other,
    };
    let body = match Limited::new(request.into_body(), 64 * 1024).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => Bytes::new(),
    };
    // Control endpoints for the example and the benchmark; never logged.
    if path == "/_fake/stats" {
        return Ok(reply(Answer::json(200, &shared.stats())));
    }
    if path == "/_fake/reset" && method == "POST" {
        shared.reset();
        return Ok(reply(Answer::json(200, &json!({ "reset": true }))));
    }
    let (latency, echo) = {
        let config = shared.config.lock().unwrap();
        (config.latency, config.echo)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let answer = match host {
        Host::Auth => Some(auth_route(&shared, &method, &path, authorization.as_deref(), &body)),
        Host::Harvest => harvest_route(&shared, &method, &path, query.as_deref(), authorization.as_deref()),
    };
    let status = answer.as_ref().map_or(0, |answer| answer.status);
    if echo {
        let shown = query
            .as_deref()
            .map_or_else(|| path.clone(), |query| format!("{path}?{query}"));
        let mut stderr = std::io::stderr().lock();
        let _ = std::io::Write::write_fmt(
            &mut stderr,
            format_args!("fake {host:?}: {method} {shown} auth={auth_kind:?} → {status}\n"),
        );
    }
    shared.log.lock().unwrap().push(LoggedRequest {
        host,
        method,
        path,
        query,
        auth: auth_kind,
        status,
    });
    match answer {
        Some(answer) => Ok(reply(answer)),
        // Returning an error makes hyper close the connection without an answer.
        None => Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault: dropped connection",
        )),
    }
}

fn reply(answer: Answer) -> Reply {
    let mut builder = hyper::Response::builder()
        .status(answer.status)
        .header("content-type", answer.content_type);
    for (name, value) in &answer.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(answer.body)))
        .unwrap_or_else(|_| hyper::Response::new(Full::new(Bytes::new())))
}

/// `user:password` of a Basic header.
fn basic_credentials(authorization: Option<&str>) -> Option<(String, String)> {
    let encoded = authorization?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

fn form(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

fn auth_route(shared: &Shared, method: &str, path: &str, authorization: Option<&str>, body: &[u8]) -> Answer {
    let config = shared.config.lock().unwrap().clone();
    let client = basic_credentials(authorization).and_then(|(id, secret)| {
        config
            .clients
            .iter()
            .find(|client| client.client_id == id && client.client_secret == secret)
            .cloned()
    });
    match (method, path) {
        ("POST", "/token") => {
            // Token errors as documented: no or unknown credentials 401 invalid_client.
            let Some(client) = client else {
                return Answer::json(401, &json!({ "error": "invalid_client" }));
            };
            let fields = form(body);
            if fields.get("grant_type").map(String::as_str) != Some("client_credentials") {
                return Answer::json(400, &json!({ "error": "unsupported_grant_type" }));
            }
            let user = match fields.get("sub") {
                Some(sub) => match sub
                    .parse::<u64>()
                    .ok()
                    .filter(|id| config.users.iter().any(|user| user.id == *id))
                {
                    Some(id) => id,
                    None => {
                        return Answer::json(
                            400,
                            &json!({ "error": "invalid_request", "error_description": "unknown user" }),
                        );
                    }
                },
                None => client.default_user,
            };
            let mut tokens = shared.tokens.lock().unwrap();
            let serial = tokens.len() + 1;
            let encode = |value: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
            let token = format!(
                "{}.{}.fake-signature-{serial}",
                encode(&json!({"alg": "none", "typ": "JWT"})),
                encode(&json!({"sub": user.to_string(), "client_id": client.client_id, "jti": serial}))
            );
            tokens.insert(
                token.clone(),
                TokenInfo {
                    client_id: client.client_id.clone(),
                    user,
                },
            );
            let mut body = json!({ "access_token": token, "token_type": "Bearer" });
            match config.expiry {
                Expiry::ExpiresIn => body["expires_in"] = json!(3600),
                Expiry::ExpiresAt => {
                    body["expires_at"] = json!(iso_time(SystemTime::now() + Duration::from_secs(3600)))
                }
            }
            Answer::json(200, &body)
        }
        ("POST", "/introspect") => {
            if !config.introspection {
                return Answer::json(404, &json!({ "error": "not_found" }));
            }
            if client.is_none() {
                return Answer::json(401, &json!({ "error": "invalid_client" }));
            }
            let fields = form(body);
            let tokens = shared.tokens.lock().unwrap();
            let token = fields.get("token");
            if let Some(authorization) = token.and_then(|token| {
                config
                    .authorizations
                    .iter()
                    .find(|authorization| &authorization.access_token == token)
            }) {
                return introspect_authorization(&config, authorization);
            }
            let Some(info) = token.and_then(|token| tokens.get(token)) else {
                return Answer::json(200, &json!({ "active": false }));
            };
            let scopes = config
                .clients
                .iter()
                .find(|client| client.client_id == info.client_id)
                .map(|client| client.scopes.join(" "));
            let mut body = json!({
                "active": true,
                "client_id": info.client_id,
                "sub": info.user.to_string(),
                "scope": scopes.unwrap_or_default(),
            });
            if !config.introspection_without_claims {
                let role = config
                    .users
                    .iter()
                    .find(|user| user.id == info.user)
                    .map_or("basic", |user| user.role.as_str());
                body["https://auth.greenhouse.io/claims"] = json!({
                    "organization": { "id": config.organization_id, "name": config.organization_name },
                    "user_role": role,
                });
            }
            Answer::json(200, &body)
        }
        _ => Answer::json(404, &json!({ "error": "not_found" })),
    }
}

/// Introspection of a customer's token, with the claims Greenhouse adds (unless left out).
fn introspect_authorization(config: &FakeConfig, authorization: &FakeAuthorization) -> Answer {
    if !authorization.active {
        return Answer::json(200, &json!({ "active": false }));
    }
    let mut body = json!({
        "active": true,
        "client_id": authorization.client_id,
        "sub": authorization.sub.to_string(),
        "scope": authorization.scopes.join(" "),
    });
    if !config.introspection_without_claims {
        body["https://auth.greenhouse.io/claims"] = json!({
            "organization": { "id": config.organization_id, "name": config.organization_name },
            "user_role": authorization.role,
        });
    }
    Answer::json(200, &body)
}

/// `None` drops the connection (a fault).
fn harvest_route(
    shared: &Shared,
    method: &str,
    path: &str,
    query: Option<&str>,
    authorization: Option<&str>,
) -> Option<Answer> {
    let config = shared.config.lock().unwrap().clone();
    {
        let mut seen = shared.harvest_seen.lock().unwrap();
        *seen += 1;
        if *seen <= config.drop_first {
            return None;
        }
        if *seen <= config.drop_first + config.fail_first {
            return Some(Answer::message(500, "Internal Server Error"));
        }
        if *seen <= config.drop_first + config.fail_first + config.throttle_first {
            return Some(Answer::message(429, "Rate limit exceeded").header("Retry-After", "1"));
        }
    }
    let params: HashMap<String, String> = query
        .map(|query| url::form_urlencoded::parse(query.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    if path.starts_with("/v1/") || path.starts_with("/v2/") {
        return Some(v1_route(shared, &config, method, path, &params, authorization));
    }
    if path.starts_with("/v3/") {
        return Some(v3_route(shared, &config, method, path, query, &params, authorization));
    }
    Some(Answer::message(404, "Resource not found"))
}

/// Counts a request against `credential`'s fixed window, anchored at its first request.
/// Returns the rate-limit headers, and whether the request is over the limit.
fn rate(shared: &Shared, config: &FakeConfig, credential: &str, announce_reset: bool) -> (Vec<(String, String)>, bool) {
    let Some(limit) = config.rate_limit else {
        return (Vec::new(), false);
    };
    let now = Instant::now();
    let mut windows = shared.windows.lock().unwrap();
    let window = windows
        .entry(credential.to_owned())
        .or_insert(Window { started: now, count: 0 });
    if now >= window.started + limit.window {
        *window = Window { started: now, count: 0 };
    }
    let over = window.count >= limit.limit;
    if !over {
        window.count += 1;
    }
    let left = (window.started + limit.window).saturating_duration_since(now);
    // Epoch seconds, rounded up, as Harvest v3 sends them.
    let reset_epoch = (SystemTime::now() + left)
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() + u64::from(since.subsec_nanos() > 0));
    let mut headers = vec![
        ("X-RateLimit-Limit".to_owned(), limit.limit.to_string()),
        (
            "X-RateLimit-Remaining".to_owned(),
            limit.limit.saturating_sub(window.count).to_string(),
        ),
    ];
    if announce_reset || over {
        headers.push(("X-RateLimit-Reset".to_owned(), reset_epoch.to_string()));
    }
    if over {
        let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        headers.push(("Retry-After".to_owned(), seconds.max(1).to_string()));
    }
    (headers, over)
}

fn with_headers(mut answer: Answer, headers: Vec<(String, String)>) -> Answer {
    answer.headers.extend(headers);
    answer
}

/// The catalog's v1/v2 endpoints as (method, segments, permission label).
fn v1_routes() -> &'static Vec<(Method, Vec<String>, String)> {
    static ROUTES: OnceLock<Vec<(Method, Vec<String>, String)>> = OnceLock::new();
    ROUTES.get_or_init(|| {
        let mut routes = Vec::new();
        for permission in Catalog::bundled().harvest.permissions() {
            for endpoint in permission.endpoints() {
                if let Some(path) = endpoint.path() {
                    let segments = path
                        .split('/')
                        .filter(|segment| !segment.is_empty())
                        .map(str::to_owned)
                        .collect();
                    routes.push((endpoint.method, segments, permission.label().to_owned()));
                }
            }
        }
        routes
    })
}

fn is_placeholder(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn v1_route(
    shared: &Shared,
    config: &FakeConfig,
    method: &str,
    path: &str,
    params: &HashMap<String, String>,
    authorization: Option<&str>,
) -> Answer {
    if config.v1_retired {
        return Answer {
            status: 404,
            headers: Vec::new(),
            content_type: "text/html; charset=utf-8",
            body: "<!DOCTYPE html><html><head><title>Page not found</title></head><body><h1>Harvest v1 is no longer available</h1></body></html>".to_owned(),
        };
    }
    // The key is the Basic user name; the password is empty.
    let key =
        basic_credentials(authorization).and_then(|(user, _)| config.keys.iter().find(|key| key.key == user).cloned());
    let Some(key) = key else {
        return Answer::message(401, "Invalid Basic Auth credentials");
    };
    let (headers, over) = rate(
        shared,
        config,
        &format!("key:{}", key.key),
        config.rate_limit.is_some_and(|limit| limit.announce_reset_v1),
    );
    if over {
        return with_headers(Answer::message(429, "Rate limit exceeded"), headers);
    }
    let Ok(method) = method.parse::<Method>() else {
        return with_headers(Answer::message(404, "Resource not found"), headers);
    };
    let segments: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let route = v1_routes()
        .iter()
        .filter(|(route_method, route_segments, _)| {
            *route_method == method
                && route_segments.len() == segments.len()
                && route_segments
                    .iter()
                    .zip(&segments)
                    .all(|(template, actual)| is_placeholder(template) || template == actual)
        })
        .max_by_key(|(_, route_segments, _)| route_segments.iter().filter(|segment| !is_placeholder(segment)).count());
    let Some((_, template, label)) = route else {
        return with_headers(Answer::message(404, "Resource not found"), headers);
    };
    let allowed = key
        .permissions
        .iter()
        .any(|permission| normalize_label(permission) == normalize_label(label));
    if !allowed {
        return with_headers(Answer::message(403, NO_PERMISSION), headers);
    }
    if method != Method::Get {
        // Writes would succeed here; tests assert that none ever arrives.
        return with_headers(Answer::json(201, &json!({ "id": 999_001 })), headers);
    }
    let ids: Vec<u64> = (1..=config.records).map(|n| 1000 + n).collect();
    for (template, actual) in template.iter().zip(&segments) {
        if !is_placeholder(template) {
            continue;
        }
        let known = match template.as_str() {
            "{field_type}" => [
                "offer",
                "candidate",
                "application",
                "job",
                "rejection_question",
                "referral_question",
                "user_attribute",
            ]
            .contains(actual),
            _ => actual.parse::<u64>().is_ok_and(|id| ids.contains(&id)),
        };
        if !known {
            return with_headers(Answer::message(404, "Resource not found"), headers);
        }
    }
    let resource = segments
        .iter()
        .rev()
        .find(|segment| segment.parse::<u64>().is_err())
        .copied()
        .unwrap_or("record");
    let last_is_id = template
        .last()
        .is_some_and(|segment| is_placeholder(segment) && segment != "{field_type}");
    let single =
        last_is_id || ["job_post", "current_offer", "hiring_team", "eeoc", "activity_feed"].contains(&resource);
    if single {
        let id = segments
            .last()
            .and_then(|segment| segment.parse::<u64>().ok())
            .unwrap_or(ids[0]);
        return with_headers(
            Answer::json(200, &json!({ "id": id, "name": format!("{resource} {id}") })),
            headers,
        );
    }
    let per_page = params
        .get("per_page")
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let page = params
        .get("page")
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(1)
        .max(1);
    let records: Vec<Value> = ids
        .iter()
        .skip(usize::try_from((page - 1) * per_page).unwrap_or(usize::MAX))
        .take(usize::try_from(per_page).unwrap_or(usize::MAX))
        .map(|id| json!({ "id": id, "name": format!("{resource} {id}") }))
        .collect();
    let last = config.records.div_ceil(per_page).max(1);
    let mut answer = Answer::json(200, &Value::Array(records));
    // RFC 5988 pagination, as Harvest v1 sends it.
    let link = |page: u64, rel: &str| {
        format!(
            "<{}{path}?page={page}&per_page={per_page}>; rel=\"{rel}\"",
            shared.harvest_base
        )
    };
    let mut links = Vec::new();
    if page < last {
        links.push(link(page + 1, "next"));
    }
    if page > 1 {
        links.push(link(page - 1, "prev"));
    }
    links.push(link(last, "last"));
    answer = answer.header("Link", links.join(", "));
    with_headers(answer, headers)
}

fn v3_route(
    shared: &Shared,
    config: &FakeConfig,
    method: &str,
    path: &str,
    query: Option<&str>,
    params: &HashMap<String, String>,
    authorization: Option<&str>,
) -> Answer {
    let unauthorized = || {
        Answer::json(
            401,
            &json!({ "message": "Unauthorized", "errors": [{ "message": "Invalid or expired access token" }] }),
        )
    };
    let Some(token) = authorization.and_then(|value| value.strip_prefix("Bearer ")) else {
        return unauthorized();
    };
    // What the token may do: a client-credentials token has its client's scopes now; a
    // customer's token has the scopes of its authorisation.
    let (client_id, scopes, site_admin) = {
        let tokens = shared.tokens.lock().unwrap();
        let authorization = config
            .authorizations
            .iter()
            .find(|authorization| authorization.access_token == token && authorization.active);
        match (tokens.get(token), authorization) {
            (Some(info), _) => (
                info.client_id.clone(),
                config
                    .clients
                    .iter()
                    .find(|client| client.client_id == info.client_id)
                    .map(|client| client.scopes.clone())
                    .unwrap_or_default(),
                config
                    .users
                    .iter()
                    .any(|candidate| candidate.id == info.user && candidate.site_admin),
            ),
            (None, Some(authorization)) => (
                authorization.client_id.clone(),
                authorization.scopes.clone(),
                authorization.sees_records(),
            ),
            (None, None) => return unauthorized(),
        }
    };
    let (headers, over) = rate(shared, config, &format!("client:{client_id}"), true);
    if over {
        return with_headers(
            Answer::json(429, &json!({ "message": "Too Many Requests", "errors": [] })),
            headers,
        );
    }
    // v3 routes before it checks scopes: an unknown path is 404 whatever the token.
    let scope = Catalog::bundled()
        .harvest
        .scopes()
        .iter()
        .find(|scope| scope.list_path() == Some(path))
        .map(|scope| scope.name().to_owned());
    let (Some(scope), "GET") = (scope, method) else {
        return with_headers(
            Answer::json(404, &json!({ "message": "Not Found", "errors": [] })),
            headers,
        );
    };
    if !scopes.contains(&scope) {
        return with_headers(
            Answer::json(
                403,
                &json!({ "message": "Forbidden", "errors": [{ "message": format!("missing scope {scope}") }] }),
            ),
            headers,
        );
    }
    if params.contains_key("cursor") && query.is_some_and(|query| query.contains('&')) {
        return with_headers(
            Answer::json(
                422,
                &json!({ "message": "Unprocessable Content", "errors": [{ "message": "cursor must be the only parameter" }] }),
            ),
            headers,
        );
    }
    let mut records: Vec<Value> = if !site_admin {
        // Lists come back 200 and empty for an acting user who is not a Site Admin.
        Vec::new()
    } else if path == "/v3/users" {
        config
            .users
            .iter()
            .map(|user| json!({ "id": user.id, "name": user.name, "site_admin": user.site_admin, "disabled": false }))
            .collect()
    } else {
        (1..=config.records).map(|n| json!({ "id": 5000 + n })).collect()
    };
    if let Some(ids) = params.get("ids") {
        let wanted: Vec<&str> = ids.split(',').collect();
        records.retain(|record| {
            record
                .get("id")
                .is_some_and(|id| wanted.contains(&id.to_string().as_str()))
        });
    }
    let per_page = params
        .get("per_page")
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, 500);
    let offset = params
        .get("cursor")
        .and_then(|cursor| cursor.strip_prefix("c"))
        .and_then(|offset| offset.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<Value> = records.iter().skip(offset).take(per_page).cloned().collect();
    let mut answer = Answer::json(200, &Value::Array(page));
    if offset + per_page < records.len() {
        // An opaque cursor that must then be the only parameter.
        answer = answer.header(
            "Link",
            format!(
                "<{}{path}?cursor=c{}>; rel=\"next\"",
                shared.harvest_base,
                offset + per_page
            ),
        );
    }
    with_headers(answer, headers)
}

/// `2026-11-23T05:00:00Z`
fn iso_time(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
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
    #[should_panic(expected = "a request handler of the fake Greenhouse panicked: boom")]
    fn a_recorded_panic_fails_the_test_when_the_fake_is_dropped() {
        fail_on_handler_panics("Greenhouse", &Mutex::new(vec!["boom".to_owned()]));
    }
}
