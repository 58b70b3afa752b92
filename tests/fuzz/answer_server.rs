//! A real HTTP server on 127.0.0.1 that answers whatever the fuzzer says: the response
//! classifiers are reached through the public clients (Greenhouse's check, Lever's client), so
//! each fuzzed answer travels through hyper, reqwest and the retry loop the way a hostile
//! server's would.
//!
//! An input file is an answer written like HTTP: a first line with the status, `Name: value`
//! header lines, an empty line, then the body. Parsing is lenient (mutations break the shape):
//! a status that cannot be read becomes 200, header lines that are not valid HTTP are dropped.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

/// One answer to send.
#[derive(Debug, Clone)]
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) body: Bytes,
}

impl Answer {
    pub(super) fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![(
                hyper::header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            )],
            body: Bytes::from(body.to_owned()),
        }
    }

    /// Reads an answer file. Headers the transport owns (length, encoding, connection) and
    /// headers that make a client wait (`Retry-After`, rate limits) are dropped: waits are the
    /// pacer's business, tested with paused clocks, and would only slow the fuzzer down.
    pub(super) fn parse(input: &[u8]) -> Self {
        let (head, body) = match find(input, b"\n\n") {
            Some(at) => (&input[..at], &input[at + 2..]),
            None => (input, &b""[..]),
        };
        let mut lines = head.split(|byte| *byte == b'\n');
        let status = lines
            .next()
            .and_then(|line| std::str::from_utf8(line).ok())
            .and_then(|line| line.trim().parse::<u16>().ok())
            .filter(|status| (200..=599).contains(status))
            .unwrap_or(200);
        let headers = lines
            .filter_map(|line| {
                let colon = line.iter().position(|byte| *byte == b':')?;
                let name = HeaderName::from_bytes(line[..colon].trim_ascii()).ok()?;
                let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii()).ok()?;
                let lower = name.as_str();
                let owned_by_transport = matches!(
                    lower,
                    "content-length" | "transfer-encoding" | "connection" | "keep-alive" | "upgrade" | "te" | "trailer"
                );
                let makes_a_wait =
                    lower == "retry-after" || lower.contains("ratelimit") || lower.contains("rate-limit");
                (!owned_by_transport && !makes_a_wait).then_some((name, value))
            })
            .collect();
        Self {
            status,
            headers,
            body: Bytes::copy_from_slice(body),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

struct State {
    /// The fuzzed answer, for the next `uses` requests that no fixed route takes.
    answer: Answer,
    uses: usize,
    /// What the others get (for example the last page of a list).
    fallback: Answer,
    /// Fixed answers by path suffix (a token endpoint that works, say).
    routes: Vec<(&'static str, Answer)>,
    requests: usize,
}

pub(super) struct AnswerServer {
    address: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl AnswerServer {
    /// Starts a server on the shared runtime.
    pub(super) fn start(fallback: Answer, routes: Vec<(&'static str, Answer)>) -> Self {
        let state = Arc::new(Mutex::new(State {
            answer: fallback.clone(),
            uses: 0,
            fallback,
            routes,
            requests: 0,
        }));
        let listener = runtime()
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1");
        let address = listener.local_addr().expect("address");
        let shared = Arc::clone(&state);
        runtime().spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
                        let answer = next_answer(&state, request.uri().path());
                        async move { Ok::<_, Infallible>(respond(answer)) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { address, state }
    }

    pub(super) fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Answers the next `uses` requests with `answer`.
    pub(super) fn set(&self, answer: Answer, uses: usize) {
        let mut state = self.state.lock().expect("state");
        state.answer = answer;
        state.uses = uses;
    }

    /// Requests answered so far.
    pub(super) fn requests(&self) -> usize {
        self.state.lock().expect("state").requests
    }
}

fn next_answer(state: &Mutex<State>, path: &str) -> Answer {
    let mut state = state.lock().expect("state");
    state.requests += 1;
    if let Some((_, answer)) = state.routes.iter().find(|(suffix, _)| path.ends_with(suffix)) {
        return answer.clone();
    }
    if state.uses > 0 {
        state.uses -= 1;
        return state.answer.clone();
    }
    state.fallback.clone()
}

fn respond(answer: Answer) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(answer.body));
    *response.status_mut() = hyper::StatusCode::from_u16(answer.status).unwrap_or(hyper::StatusCode::OK);
    for (name, value) in answer.headers {
        response.headers_mut().append(name, value);
    }
    response
}

/// One runtime for the servers and the clients under test, shared by the targets.
pub(super) fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

#[test]
fn answers_parse_leniently() {
    let answer =
        Answer::parse(b"403\nContent-Type: application/json\nRetry-After: 5\nBad Header\n\n{\"message\":\"no\"}");
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.headers.len(),
        1,
        "Retry-After and the malformed line are dropped"
    );
    assert_eq!(&answer.body[..], b"{\"message\":\"no\"}");
    assert_eq!(Answer::parse(b"99999\n\nx").status, 200);
    assert_eq!(Answer::parse(b"").body.len(), 0);
}
