//! A hostile HTTP server on 127.0.0.1 for the hardening tests: each request goes to a handler
//! that answers whatever the test wants (echo the credentials it was sent, hold requests back
//! for a day, page forever), so atsctl's defences are checked against real HTTP.
//!
//! One thread per connection, `Connection: close` on every answer. Every read has a timeout,
//! request heads and bodies have size caps, and a handler that panics fails the test when the
//! server is dropped.

#![allow(dead_code, unreachable_pub)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;

const MAX_HEAD_BYTES: usize = 64 * 1024;
const MAX_BODY_BYTES: usize = 1 << 20;
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// One request as the handler sees it.
#[derive(Debug, Clone)]
pub struct HostileRequest {
    pub method: String,
    /// The path without the query.
    pub path: String,
    pub query: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HostileRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The `Authorization` header as sent (`Basic …`, `Bearer …`), or empty.
    pub fn authorization(&self) -> &str {
        self.header("authorization").unwrap_or_default()
    }

    /// `user:password` of a Basic `Authorization` header, decoded.
    pub fn basic_decoded(&self) -> Option<String> {
        let encoded = self.authorization().strip_prefix("Basic ")?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
        String::from_utf8(bytes).ok()
    }

    /// The user name of a Basic `Authorization` header (the key, for Harvest v1 and Lever).
    pub fn basic_user(&self) -> Option<String> {
        let decoded = self.basic_decoded()?;
        Some(
            decoded
                .split_once(':')
                .map_or(decoded.clone(), |(user, _)| user.to_owned()),
        )
    }

    /// A query parameter, decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        let query = self.query.as_deref()?;
        url::form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    }
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.into(),
        }
    }

    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self::new(status, "text/plain", body.into())
    }

    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

type Handler = dyn Fn(&HostileRequest) -> Answer + Send + Sync;

/// A running hostile server; stops accepting when dropped.
pub struct HostileServer {
    url: String,
    hits: Arc<AtomicUsize>,
    panicked: Arc<Mutex<Option<String>>>,
    stop: Arc<AtomicBool>,
}

impl HostileServer {
    pub fn start(handler: impl Fn(&HostileRequest) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let hits = Arc::new(AtomicUsize::new(0));
        let panicked = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        {
            let (hits, panicked, stop) = (Arc::clone(&hits), Arc::clone(&panicked), Arc::clone(&stop));
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (handler, hits, panicked) = (Arc::clone(&handler), Arc::clone(&hits), Arc::clone(&panicked));
                    std::thread::spawn(move || serve(stream, &*handler, &hits, &panicked));
                }
            });
        }
        Self {
            url,
            hits,
            panicked,
            stop,
        }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Requests answered so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
        let panic = self.panicked.lock().map(|panic| panic.clone()).unwrap_or_default();
        if let Some(message) = panic
            && !std::thread::panicking()
        {
            panic!("a hostile-server handler panicked: {message}");
        }
    }
}

fn serve(stream: TcpStream, handler: &Handler, hits: &AtomicUsize, panicked: &Mutex<Option<String>>) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let Ok(writer) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let Some(request) = read_request(&mut reader) else {
        return;
    };
    let answer = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request))) {
        Ok(answer) => answer,
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                .unwrap_or_default();
            if let Ok(mut slot) = panicked.lock() {
                slot.get_or_insert(message);
            }
            Answer::text(500, "handler panicked")
        }
    };
    hits.fetch_add(1, Ordering::SeqCst);
    let mut head = format!("HTTP/1.1 {} Hostile\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        answer.body.len()
    ));
    let mut writer = writer;
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(&answer.body);
    let _ = writer.flush();
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<HostileRequest> {
    let mut head_bytes = 0;
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (target, None),
    };
    let mut headers = Vec::new();
    loop {
        line.clear();
        let read = reader.read_line(&mut line).ok()?;
        head_bytes += read;
        if read == 0 || head_bytes > MAX_HEAD_BYTES {
            return None;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY_BYTES);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(HostileRequest {
        method,
        path,
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}
