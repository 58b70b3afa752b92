//! Load generator for `atsctl webhooks listen`: sends signed Greenhouse `candidate_stage_change`
//! deliveries over C kept-alive HTTP/1.1 connections and reports deliveries per second and
//! latency percentiles. Bounded in count (--requests) and time (--max-seconds).
//!
//! ```sh
//! ATSCTL_WEBHOOK_SECRET=bench-secret cargo run --release --example webhook_load -- \
//!     --addr 127.0.0.1:8787 --requests 20000 --concurrency 16
//! ```
//!
//! The secret comes from `ATSCTL_WEBHOOK_SECRET`, as for atsctl itself. Each delivery carries a
//! unique `Greenhouse-Event-ID` and a unique body (the example with a `load_sequence` field
//! first, signed on its own), so the receiver judges every one as new: it counts a body it has
//! seen before as a repeat, whatever its event id.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atsctl::webhooks::signature::sign_greenhouse;
use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[derive(Debug, Parser)]
struct Args {
    /// The listener's address.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Deliveries to send in all.
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    /// Connections sending at once (each sends its next delivery when the last is answered).
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Stop sending after this many seconds even if not all requests went out.
    #[arg(long, default_value_t = 60)]
    max_seconds: u64,
    /// The body to send.
    #[arg(
        long,
        default_value = "tests/fixtures/greenhouse-webhook-examples/candidate_stage_change.json"
    )]
    body: PathBuf,
}

#[derive(Default)]
struct WorkerResult {
    latencies: Vec<Duration>,
    non_200: usize,
    errors: usize,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let Ok(secret) = std::env::var("ATSCTL_WEBHOOK_SECRET") else {
        let _ = writeln!(std::io::stderr(), "set ATSCTL_WEBHOOK_SECRET to the listener's secret");
        return std::process::ExitCode::from(2);
    };
    let body = match std::fs::read(&args.body) {
        Ok(body) => Bytes::from(body),
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "cannot read {}: {error}", args.body.display());
            return std::process::ExitCode::from(2);
        }
    };
    if !body.starts_with(b"{") {
        let _ = writeln!(std::io::stderr(), "{} is not a JSON object", args.body.display());
        return std::process::ExitCode::from(2);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = writeln!(std::io::stderr(), "cannot start tokio: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let results = runtime.block_on(run(&args, body, Arc::from(secret.as_bytes())));
    let elapsed = started.elapsed();
    report(&args, &results, elapsed)
}

async fn run(args: &Args, body: Bytes, secret: Arc<[u8]>) -> Vec<WorkerResult> {
    let next = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let mut workers = Vec::new();
    for _ in 0..args.concurrency.max(1) {
        let next = Arc::clone(&next);
        let body = body.clone();
        let secret = Arc::clone(&secret);
        let (addr, total) = (args.addr, args.requests);
        workers.push(tokio::spawn(async move {
            worker(addr, total, deadline, next, body, secret).await
        }));
    }
    let mut results = Vec::new();
    for worker in workers {
        if let Ok(result) = worker.await {
            results.push(result);
        }
    }
    results
}

/// One kept-alive connection, sending deliveries until all are claimed or time is up. A
/// broken connection is replaced.
async fn worker(
    addr: SocketAddr,
    total: usize,
    deadline: Instant,
    next: Arc<AtomicUsize>,
    body: Bytes,
    secret: Arc<[u8]>,
) -> WorkerResult {
    let mut result = WorkerResult::default();
    let mut sender = None;
    while Instant::now() < deadline {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= total {
            break;
        }
        if sender.is_none() {
            sender = connect(addr).await;
        }
        let Some(connection) = sender.as_mut() else {
            result.errors += 1;
            continue;
        };
        let body = numbered(&body, index);
        let request = Request::post("/")
            .header("host", addr.to_string())
            .header("content-type", "application/json")
            .header("signature", sign_greenhouse(&secret, &body))
            .header("greenhouse-event-id", format!("load-{index}"))
            .body(Full::new(body));
        let Ok(request) = request else {
            result.errors += 1;
            continue;
        };
        let sent = Instant::now();
        match connection.send_request(request).await {
            Ok(response) => {
                let status = response.status();
                // Read the answer whole, so the connection is ready for the next request.
                let _ = response.into_body().collect().await;
                result.latencies.push(sent.elapsed());
                if status != 200 {
                    result.non_200 += 1;
                }
            }
            Err(_) => {
                result.errors += 1;
                sender = None;
            }
        }
    }
    result
}

/// `body` (a JSON object) with `"load_sequence": index` as its first field.
fn numbered(body: &[u8], index: usize) -> Bytes {
    let mut numbered = format!("{{\"load_sequence\":{index},").into_bytes();
    numbered.extend_from_slice(&body[1..]);
    Bytes::from(numbered)
}

async fn connect(addr: SocketAddr) -> Option<hyper::client::conn::http1::SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr).await.ok()?;
    let _ = stream.set_nodelay(true);
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.ok()?;
    tokio::spawn(connection);
    Some(sender)
}

fn report(args: &Args, results: &[WorkerResult], elapsed: Duration) -> std::process::ExitCode {
    let mut latencies: Vec<Duration> = results
        .iter()
        .flat_map(|result| result.latencies.iter().copied())
        .collect();
    latencies.sort();
    let answered = latencies.len();
    let non_200: usize = results.iter().map(|result| result.non_200).sum();
    let errors: usize = results.iter().map(|result| result.errors).sum();
    let percentile = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        // Nearest rank.
        let rank = ((p / 100.0) * answered as f64).ceil().max(1.0) as usize;
        latencies[rank.min(answered) - 1].as_secs_f64() * 1000.0
    };
    let rate = answered as f64 / elapsed.as_secs_f64().max(f64::EPSILON);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "requests={} concurrency={} answered={answered} non_200={non_200} errors={errors}",
        args.requests, args.concurrency
    );
    let _ = writeln!(out, "elapsed_s={:.3} deliveries_per_s={rate:.0}", elapsed.as_secs_f64());
    let _ = writeln!(
        out,
        "latency_ms p50={:.3} p90={:.3} p99={:.3} max={:.3}",
        percentile(50.0),
        percentile(90.0),
        percentile(99.0),
        percentile(100.0)
    );
    if non_200 + errors > 0 || answered < args.requests {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}
