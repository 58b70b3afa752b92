//! The HTTP receiver: hyper 1 over tokio, HTTP/1.1 only (Greenhouse and Lever post over HTTP/1.1
//! through whatever TLS proxy fronts this). Every request is bounded in header size, header
//! read time, body size, body read time and answer write time, and connections are capped; each
//! request is judged by the [`Inspector`] and sent, with its arrival time, over a channel.
//!
//! Slow clients are the threat that matters: in production every delivery may come through one
//! tunnel or proxy address, so a per-address cap is no defence. Instead an idle connection is
//! cheap (a task and a socket, no HTTP buffers until its first byte), the cap is far above what
//! a trickle of slow clients can fill before the header deadline closes them, and a request
//! that completes is answered whatever else is open.
//!
//! The server keeps no state between requests: duplicates and progress are the receiving end's
//! ([`super::Tracker`]), since neither changes the HTTP status answered.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, mpsc};

use super::connection_io::ConnectionIo;
use super::inspect::{Inspection, Inspector, Kind, Request};
use super::{MAX_BODY_BYTES, Verdict};

/// The bounds every connection and request is held to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger bodies are answered 413.
    pub max_body_bytes: usize,
    /// Request line and headers together; larger gets hyper's 431.
    pub max_header_bytes: usize,
    /// How long a connection may stay silent before its first byte, how long the request line
    /// and headers may take from their first byte (then 408), and how long a kept-alive
    /// connection may sit idle before its next request.
    pub header_read_timeout: Duration,
    /// Time to send the body once the headers are in (then 408).
    pub body_read_timeout: Duration,
    /// How long an answer may wait for the client to take any of it.
    pub write_timeout: Duration,
    /// Connections served at once; more wait in the kernel's backlog until one closes.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: MAX_BODY_BYTES,
            max_header_bytes: 32 * 1024,
            // Greenhouse and Lever send a request's head in one go; five seconds is generous
            // for them and keeps a slow client's hold on a connection short.
            header_read_timeout: Duration::from_secs(5),
            body_read_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            // Far above a 2,000-connection trickle, each held at most ten seconds (five of
            // silence, five of headers). Lowered to fit the open-file limit: see
            // `Limits::within_open_files`.
            max_connections: 10_000,
        }
    }
}

impl Limits {
    /// These limits with the connection cap lowered, when needed, to fit `open_files`
    /// descriptors (see [`super::open_files`]); unchanged when the limit is unknown.
    #[must_use]
    pub fn within_open_files(mut self, open_files: Option<u64>) -> Self {
        if let Some(open_files) = open_files {
            self.max_connections = super::open_files::connections_within(open_files, self.max_connections);
        }
        self
    }
}

/// Past the body limit, this much more is read and thrown away before answering 413, so a
/// client that sent a body without a length gets to read the answer: closing a socket with
/// unread data makes the kernel reset the connection, and the client never sees the 413.
const DRAIN_BYTES: usize = 4 * 1024 * 1024;

/// One request, judged.
#[derive(Debug, Clone)]
pub struct Received {
    pub at: SystemTime,
    pub inspection: Inspection,
}

struct Context {
    inspector: Inspector,
    limits: Limits,
    events: mpsc::Sender<Received>,
}

/// Connections the kernel holds for the receiver before it accepts them (capped by the system,
/// `net.core.somaxconn` on Linux). tokio's default of 128 overflows when a few hundred slow
/// clients that were closed reconnect at once: the kernel then drops SYNs, and a real delivery
/// caught in the burst waits a second for its retransmission.
pub const ACCEPT_BACKLOG: u32 = 4096;

/// A listening socket on `addr` for [`serve`], with [`ACCEPT_BACKLOG`]. Must be called inside a
/// tokio runtime.
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As std and tokio do on Unix: a port left in TIME_WAIT by the last run can be reused.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// What a client caught mid-request by the header deadline reads before the connection closes
/// (hyper itself would close without a word).
fn request_timeout_answer() -> Vec<u8> {
    let body = "refused: the request headers did not arrive in time\n";
    format!(
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Serves `listener` until `shutdown` completes, sending every judged request on `events`.
/// When `events` is full, requests wait: the receiving end sets the pace, memory stays flat.
pub async fn serve(
    listener: TcpListener,
    inspector: Inspector,
    limits: Limits,
    events: mpsc::Sender<Received>,
    shutdown: impl Future<Output = ()>,
) {
    let context = Arc::new(Context {
        inspector,
        limits,
        events,
    });
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(limits.max_header_bytes)
        // hyper refuses (panics on) buffers under 8 KiB.
        .max_buf_size(limits.max_header_bytes.max(8192) * 2)
        // A client may send several requests and then shut down its sending side: every one of
        // them is still answered (without this hyper drops the connection on the early EOF).
        .half_close(true)
        .keep_alive(true);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            () = &mut shutdown => break,
            permit = Arc::clone(&connections).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_closed) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                // Out of file descriptors and the like: wait a little instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let context = Arc::clone(&context);
        let builder = Arc::clone(&builder);
        tokio::spawn(async move {
            let _permit = permit;
            serve_connection(stream, &builder, context).await;
        });
    }
}

/// Serves one connection to its end.
async fn serve_connection(stream: TcpStream, builder: &http1::Builder, context: Arc<Context>) {
    let limits = context.limits;
    // Until its first byte a connection costs a task and a socket: hyper's buffers come after.
    // `peek` waits for a byte without taking it (`readable` may report a fresh socket ready
    // before anything arrived); zero bytes is the client closing.
    let mut first = [0_u8; 1];
    if !matches!(
        tokio::time::timeout(limits.header_read_timeout, stream.peek(&mut first)).await,
        Ok(Ok(1..))
    ) {
        return;
    }
    let _ = stream.set_nodelay(true);
    let mut io = ConnectionIo::new(stream, limits.write_timeout);
    let service = service_fn(move |request| handle(request, Arc::clone(&context)));
    // A connection error (client gone, bad request line, a deadline) ends that connection only;
    // hyper has already answered what it could.
    let served = builder.serve_connection(TokioIo::new(&mut io), service).await;
    if let Err(error) = served
        && error.is_timeout()
        && io.read_since_write()
    {
        let _ = tokio::time::timeout(limits.write_timeout, io.write_all(&request_timeout_answer())).await;
        let _ = tokio::time::timeout(limits.write_timeout, io.shutdown()).await;
    }
}

async fn handle(request: hyper::Request<Incoming>, context: Arc<Context>) -> Result<Response<Full<Bytes>>, Infallible> {
    let at = SystemTime::now();
    let inspection = judge(request, &context).await;
    let response = respond(&inspection);
    // With nobody listening any more the delivery is still answered; there is nothing to tell.
    let _ = context.events.send(Received { at, inspection }).await;
    Ok(response)
}

async fn judge(request: hyper::Request<Incoming>, context: &Context) -> Inspection {
    let limits = &context.limits;
    if request.method() != Method::POST {
        return Inspection::rejected(
            Verdict::Malformed,
            405,
            format!("method {} not allowed; deliveries are POSTs", request.method()),
        );
    }
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_body_bytes as u64) {
        return too_large(limits);
    }
    let (parts, mut body) = request.into_parts();
    let read = tokio::time::timeout(limits.body_read_timeout, read_body(&mut body, limits.max_body_bytes)).await;
    let body = match read {
        Err(_elapsed) => {
            let reason = format!(
                "the body did not arrive within {} seconds",
                limits.body_read_timeout.as_secs()
            );
            return Inspection::rejected(Verdict::Malformed, 408, reason);
        }
        Ok(BodyRead::TooLarge) => return too_large(limits),
        Ok(BodyRead::Failed) => {
            return Inspection::rejected(
                Verdict::Malformed,
                400,
                "the body could not be read (connection closed early?)",
            );
        }
        Ok(BodyRead::Complete(body)) => body,
    };
    let scheme = &context.inspector.ats().spec().signature;
    let header = |name: Option<&str>| name.and_then(|name| parts.headers.get(name)).map(HeaderValue::as_bytes);
    let request = Request {
        signature: header(scheme.header),
        event_id: header(scheme.event_id_header),
        body: &body,
    };
    context.inspector.inspect(&request, SystemTime::now())
}

fn too_large(limits: &Limits) -> Inspection {
    Inspection::rejected(
        Verdict::TooLarge,
        413,
        format!("the body is larger than {} bytes", limits.max_body_bytes),
    )
}

enum BodyRead {
    Complete(Bytes),
    TooLarge,
    Failed,
}

async fn read_body(body: &mut Incoming, max: usize) -> BodyRead {
    let mut collected = BytesMut::new();
    let mut total = 0_usize;
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else { return BodyRead::Failed };
        let Ok(data) = frame.into_data() else { continue }; // trailers: nothing to keep
        total = total.saturating_add(data.len());
        if total > max.saturating_add(DRAIN_BYTES) {
            return BodyRead::TooLarge;
        }
        if total <= max {
            collected.extend_from_slice(&data);
        }
    }
    if total > max {
        BodyRead::TooLarge
    } else {
        BodyRead::Complete(collected.freeze())
    }
}

fn respond(inspection: &Inspection) -> Response<Full<Bytes>> {
    let text = match inspection.kind {
        Kind::Authentic => "ok\n".to_owned(),
        Kind::Ping => "ok: ping or unknown action, not counted\n".to_owned(),
        Kind::Rejected(verdict) => format!("refused: {}\n", verdict.as_str()),
    };
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = StatusCode::from_u16(inspection.status).unwrap_or(StatusCode::BAD_REQUEST);
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    if inspection.status == 405 {
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
    }
    if matches!(inspection.kind, Kind::Rejected(Verdict::TooLarge | Verdict::Malformed)) {
        // The rest of the request may still be on the wire: do not read it as a next request.
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
