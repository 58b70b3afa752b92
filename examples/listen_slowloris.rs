//! Slow-client load for `atsctl webhooks listen` (issue 10, W1): many connections from one
//! address trickle a request head one byte a second (slowloris), others sit silent, and
//! meanwhile a signed delivery goes out on a fresh connection every half second. Reports how
//! fast those deliveries were answered and how many slow connections stayed open.
//!
//! ```sh
//! ATSCTL_WEBHOOK_SECRET=bench-secret cargo run --release --example listen_slowloris -- \
//!     --addr 127.0.0.1:8787 --slow 2000 --idle 600 --seconds 30
//! ```
//!
//! Bounded: loopback addresses only, at most 20,000 connections, at most 300 seconds, every
//! delivery given up after 5 seconds. A slow or silent connection the listener closes is opened
//! again at once, as an attacker would, so the pressure holds for the whole run.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use atsctl::webhooks::open_files::raise_open_file_limit;
use atsctl::webhooks::signature::sign_greenhouse;
use clap::Parser;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[derive(Debug, Parser)]
struct Args {
    /// The listener's address (loopback only).
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Connections trickling a request head, one byte a second.
    #[arg(long, default_value_t = 2000)]
    slow: usize,
    /// Connections that connect and send nothing.
    #[arg(long, default_value_t = 0)]
    idle: usize,
    /// How long the run lasts.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Seconds to let the slow connections build up before the first delivery.
    #[arg(long, default_value_t = 3)]
    warm_up: u64,
    /// The delivery body (a JSON object); each delivery numbers it so each is distinct.
    #[arg(
        long,
        default_value = "tests/fixtures/greenhouse-webhook-examples/candidate_stage_change.json"
    )]
    body: PathBuf,
}

const MAX_CONNECTIONS: usize = 20_000;
const MAX_SECONDS: u64 = 300;
const DELIVERY_EVERY: Duration = Duration::from_millis(500);
const DELIVERY_PATIENCE: Duration = Duration::from_secs(5);

/// What the slow and silent connections went through.
#[derive(Default)]
struct Pressure {
    open: AtomicUsize,
    opened: AtomicU64,
    closed_by_listener: AtomicU64,
    answered_408: AtomicU64,
    connect_failures: AtomicU64,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let fail = |message: String| {
        let _ = writeln!(std::io::stderr(), "{message}");
        std::process::ExitCode::from(2)
    };
    if !args.addr.ip().is_loopback() {
        return fail(format!(
            "{} is not a loopback address; this load stays on this machine",
            args.addr
        ));
    }
    if args.slow + args.idle > MAX_CONNECTIONS || args.seconds > MAX_SECONDS {
        return fail(format!(
            "at most {MAX_CONNECTIONS} connections and {MAX_SECONDS} seconds"
        ));
    }
    // This side holds as many sockets as the listener does.
    let wanted = u64::try_from(args.slow + args.idle + 256).unwrap_or(u64::MAX);
    if let Some(limit) = raise_open_file_limit(wanted)
        && limit < wanted
    {
        return fail(format!(
            "the open-file limit ({limit}) is below the {wanted} this run needs"
        ));
    }
    let Ok(secret) = std::env::var("ATSCTL_WEBHOOK_SECRET") else {
        return fail("set ATSCTL_WEBHOOK_SECRET to the listener's secret".to_owned());
    };
    let body = match std::fs::read(&args.body) {
        Ok(body) if body.starts_with(b"{") => body,
        Ok(_) => return fail(format!("{} is not a JSON object", args.body.display())),
        Err(error) => return fail(format!("cannot read {}: {error}", args.body.display())),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => return fail(format!("cannot start tokio: {error}")),
    };
    runtime.block_on(run(args, secret, body))
}

async fn run(args: Args, secret: String, body: Vec<u8>) -> std::process::ExitCode {
    let end = tokio::time::Instant::now() + Duration::from_secs(args.seconds);
    let pressure = Arc::new(Pressure::default());
    let mut crowd = Vec::new();
    for index in 0..args.slow + args.idle {
        let pressure = Arc::clone(&pressure);
        let trickle = index < args.slow;
        crowd.push(tokio::spawn(async move {
            let _ = tokio::time::timeout_at(end, hold(args.addr, trickle, &pressure)).await;
        }));
    }
    tokio::time::sleep(Duration::from_secs(args.warm_up)).await;

    let mut latencies = Vec::new();
    let (mut failures, mut non_200, mut open_at_send) = (0_usize, 0_usize, Vec::new());
    let mut sequence = 0_usize;
    while tokio::time::Instant::now() + DELIVERY_PATIENCE < end {
        sequence += 1;
        let mut numbered = format!("{{\"slowloris_sequence\":{sequence},").into_bytes();
        numbered.extend_from_slice(&body[1..]);
        open_at_send.push(pressure.open.load(Ordering::Relaxed));
        let sent = Instant::now();
        match tokio::time::timeout(DELIVERY_PATIENCE, deliver(args.addr, &secret, &numbered, sequence)).await {
            Ok(Ok(200)) => latencies.push(sent.elapsed()),
            Ok(Ok(_)) => {
                non_200 += 1;
                latencies.push(sent.elapsed());
            }
            Ok(Err(_)) | Err(_) => failures += 1,
        }
        tokio::time::sleep(DELIVERY_EVERY).await;
    }
    for task in crowd {
        let _ = task.await;
    }

    latencies.sort();
    let percentile = |p: usize| {
        latencies
            .get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)))
            .map_or(f64::NAN, |latency| latency.as_secs_f64() * 1000.0)
    };
    open_at_send.sort_unstable();
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "deliveries={} answered_200={} non_200={non_200} failed_or_over_5s={failures}",
        sequence,
        latencies.len() - non_200
    );
    let _ = writeln!(
        out,
        "latency_ms p50={:.2} p90={:.2} p99={:.2} max={:.2}",
        percentile(50),
        percentile(90),
        percentile(99),
        latencies
            .last()
            .map_or(f64::NAN, |latency| latency.as_secs_f64() * 1000.0)
    );
    let _ = writeln!(
        out,
        "slow_and_idle_open_at_send min={} median={} max={}",
        open_at_send.first().copied().unwrap_or(0),
        open_at_send.get(open_at_send.len() / 2).copied().unwrap_or(0),
        open_at_send.last().copied().unwrap_or(0)
    );
    let _ = writeln!(
        out,
        "crowd opened={} closed_by_listener={} answered_408={} connect_failures={}",
        pressure.opened.load(Ordering::Relaxed),
        pressure.closed_by_listener.load(Ordering::Relaxed),
        pressure.answered_408.load(Ordering::Relaxed),
        pressure.connect_failures.load(Ordering::Relaxed)
    );
    if failures == 0 && non_200 == 0 && !latencies.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// One slow (or silent) client for the whole run: connect, trickle (or wait), and when the
/// listener closes the connection, connect again.
async fn hold(addr: SocketAddr, trickle: bool, pressure: &Pressure) {
    let head = b"POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    loop {
        let Ok(stream) = TcpStream::connect(addr).await else {
            pressure.connect_failures.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        pressure.opened.fetch_add(1, Ordering::Relaxed);
        pressure.open.fetch_add(1, Ordering::Relaxed);
        let (mut reader, mut writer) = stream.into_split();
        let mut answer = Vec::new();
        let feed = async {
            if trickle {
                for byte in head.iter().chain(std::iter::repeat(&b'a')) {
                    if writer.write_all(&[*byte]).await.is_err() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
            std::future::pending::<()>().await;
        };
        tokio::select! {
            _ = reader.read_to_end(&mut answer) => {}
            () = feed => {}
        }
        pressure.open.fetch_sub(1, Ordering::Relaxed);
        pressure.closed_by_listener.fetch_add(1, Ordering::Relaxed);
        if answer.starts_with(b"HTTP/1.1 408") {
            pressure.answered_408.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Sends one signed delivery on a fresh connection; the status answered.
async fn deliver(addr: SocketAddr, secret: &str, body: &[u8], sequence: usize) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nSignature: {}\r\nGreenhouse-Event-ID: slowloris-{sequence}\r\nConnection: close\r\n\r\n",
        body.len(),
        sign_greenhouse(secret.as_bytes(), body)
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    let status = answer
        .split(|byte| *byte == b' ')
        .nth(1)
        .and_then(|code| std::str::from_utf8(code).ok()?.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    Ok(status)
}
