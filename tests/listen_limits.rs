//! The `webhooks listen` receiver against slow and silent clients, in process over real TCP on
//! 127.0.0.1 with a paused tokio clock: deadlines are checked to the second without waiting
//! for them (the clock jumps only when every task is waiting), and "a delivery was not
//! delayed" is a fact about the clock rather than a race against it.

use std::time::Duration;

use atsctl::manifest::Ats;
use atsctl::webhooks::open_files::raise_open_file_limit;
use atsctl::webhooks::server::{self, Limits, Received};
use atsctl::webhooks::{Inspector, Kind, Secrets};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::support::webhooks::{greenhouse_example, greenhouse_request};

const SECRET: &str = "whsec-limits-41c2";
const HEADER_DEADLINE: Duration = Duration::from_secs(5);

/// A receiver running in this test's runtime, and every request it judged.
struct Receiver {
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    served: JoinHandle<()>,
    judged: JoinHandle<Vec<Received>>,
}

impl Receiver {
    async fn start(limits: Limits) -> Self {
        let listener = server::bind("127.0.0.1:0".parse().expect("an address")).expect("bind");
        let addr = listener.local_addr().expect("address");
        let inspector = Inspector::new(Ats::Greenhouse, Secrets::single(SECRET.as_bytes()));
        let (events, mut received) = mpsc::channel(64);
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(server::serve(listener, inspector, limits, events, async move {
            let _ = stopped.await;
        }));
        let judged = tokio::spawn(async move {
            let mut all = Vec::new();
            while let Some(one) = received.recv().await {
                all.push(one);
            }
            all
        });
        Self {
            addr,
            stop: Some(stop),
            served,
            judged,
        }
    }

    /// Stops accepting and returns what was judged. Connections still open keep their tasks
    /// (and their copy of the channel) until they end, so close them all first.
    async fn finish(mut self) -> Vec<Received> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.served.await.expect("the server task ends without panicking");
        self.judged.await.expect("the collector ends")
    }
}

fn limits() -> Limits {
    Limits {
        header_read_timeout: HEADER_DEADLINE,
        ..Limits::default()
    }
}

/// One signed `candidate_stage_change` delivery, kept alive or not.
fn delivery(event_id: &str, keep_alive: bool) -> Vec<u8> {
    greenhouse_request(
        SECRET,
        &greenhouse_example("candidate_stage_change"),
        event_id,
        keep_alive,
    )
}

/// Reads one response from a kept-alive connection: its status and body.
async fn read_response(stream: &mut TcpStream) -> (u16, String) {
    let mut raw = Vec::new();
    let mut byte = [0_u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        let read = stream.read(&mut byte).await.expect("read the head");
        assert_eq!(read, 1, "closed mid-head: {}", String::from_utf8_lossy(&raw));
        raw.push(byte[0]);
    }
    let head = String::from_utf8(raw).expect("text");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status");
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("a content-length");
    let mut body = vec![0_u8; length];
    stream.read_exact(&mut body).await.expect("read the body");
    (status, String::from_utf8(body).expect("text"))
}

/// Everything the server sends until it closes the connection.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw).await {
        Ok(_) => {}
        // Closing with bytes of ours unread makes the kernel send a reset: still a close.
        Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {}
        Err(error) => panic!("reading until closed: {error}"),
    }
    String::from_utf8_lossy(&raw).into_owned()
}

/// Makes room for a few hundred sockets on each side in this one process.
fn room_for_sockets(count: u64) {
    let limit = raise_open_file_limit(4096).unwrap_or(u64::MAX);
    assert!(
        limit >= count + 256,
        "this test needs {count} sockets; the open-file limit is {limit}"
    );
}

#[tokio::test(start_paused = true)]
async fn headers_trickled_a_byte_a_second_get_408_at_the_deadline_from_their_first_byte() {
    let receiver = Receiver::start(limits()).await;
    let slow = TcpStream::connect(receiver.addr).await.expect("connect");
    let started = Instant::now();
    let (mut from_server, mut to_server) = slow.into_split();
    let head = b"POST /webhooks HTTP/1.1\r\nHost: x\r\nSignature: sha256 0123456789abcdef";
    // A byte a second, half a second off the whole seconds so no byte is in flight when the
    // deadline strikes: trickling does not push the deadline back.
    let trickle = async {
        for (index, byte) in head.iter().enumerate() {
            to_server.write_all(&[*byte]).await.expect("the server still reads");
            let pause = if index == 0 { 1500 } else { 1000 };
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        std::future::pending::<()>().await;
    };
    let mut answer = Vec::new();
    tokio::select! {
        read = from_server.read_to_end(&mut answer) => { read.expect("read the answer"); }
        () = trickle => unreachable!("the trickle never ends by itself"),
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408 Request Timeout\r\n"), "{answer:?}");
    assert!(
        answer.ends_with("refused: the request headers did not arrive in time\n"),
        "{answer:?}"
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= HEADER_DEADLINE && elapsed < HEADER_DEADLINE + Duration::from_secs(1),
        "closed after {elapsed:?}"
    );
    drop((from_server, to_server));
    assert!(
        receiver.finish().await.is_empty(),
        "an incomplete request is not a delivery"
    );
}

#[tokio::test(start_paused = true)]
async fn a_connection_that_sends_nothing_is_closed_without_an_answer() {
    let receiver = Receiver::start(limits()).await;
    let mut silent = TcpStream::connect(receiver.addr).await.expect("connect");
    let started = Instant::now();
    assert_eq!(read_until_closed(&mut silent).await, "", "nothing to answer");
    assert_eq!(started.elapsed(), HEADER_DEADLINE);
    drop(silent);
    assert!(receiver.finish().await.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_kept_alive_connection_is_answered_then_closed_quietly_when_idle() {
    let receiver = Receiver::start(limits()).await;
    let mut client = TcpStream::connect(receiver.addr).await.expect("connect");
    for event_id in ["ka-1", "ka-2"] {
        client.write_all(&delivery(event_id, true)).await.expect("send");
        assert_eq!(read_response(&mut client).await, (200, "ok\n".to_owned()));
    }
    let idle_from = Instant::now();
    assert_eq!(
        read_until_closed(&mut client).await,
        "",
        "an idle connection is not a timed-out request"
    );
    assert_eq!(idle_from.elapsed(), HEADER_DEADLINE);
    drop(client);
    let judged = receiver.finish().await;
    assert_eq!(judged.len(), 2);
    assert!(judged.iter().all(|one| one.inspection.kind == Kind::Authentic));
}

/// The reproducer, scaled to a test: slow connections trickling headers and silent ones
/// holding sockets open, and a signed delivery answered at once. "At once" is exact: on a
/// paused clock, a delivery stuck behind them would only be served after the clock jumped to
/// their deadline.
#[tokio::test(start_paused = true)]
async fn slow_and_silent_connections_do_not_delay_a_delivery() {
    const SLOW: usize = 200;
    const SILENT: usize = 100;
    room_for_sockets(2 * (SLOW + SILENT + 1) as u64);
    let receiver = Receiver::start(limits()).await;
    let started = Instant::now();
    let mut slow = Vec::new();
    for _ in 0..SLOW {
        let mut stream = TcpStream::connect(receiver.addr).await.expect("connect");
        stream.write_all(b"P").await.expect("first byte");
        slow.push(stream);
    }
    let mut silent = Vec::new();
    for _ in 0..SILENT {
        silent.push(TcpStream::connect(receiver.addr).await.expect("connect"));
    }
    for stream in &mut slow {
        stream.write_all(b"O").await.expect("second byte");
    }

    let mut client = TcpStream::connect(receiver.addr).await.expect("connect");
    client
        .write_all(&delivery("through-the-crowd", false))
        .await
        .expect("send");
    assert_eq!(read_response(&mut client).await.0, 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "the delivery waited {:?} behind slow connections",
        started.elapsed()
    );

    // Then every slow one is refused at its deadline and every silent one closed.
    for stream in &mut slow {
        let answer = read_until_closed(stream).await;
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer:?}");
    }
    for stream in &mut silent {
        assert_eq!(read_until_closed(stream).await, "");
    }
    assert!(
        started.elapsed() <= HEADER_DEADLINE + Duration::from_secs(1),
        "all closed by their deadline, not later: {:?}",
        started.elapsed()
    );
    drop((slow, silent, client));
    let judged = receiver.finish().await;
    assert_eq!(judged.len(), 1, "only the delivery is a request");
    assert_eq!(judged[0].inspection.kind, Kind::Authentic);
    assert_eq!(judged[0].inspection.event_id.as_deref(), Some("through-the-crowd"));
}

/// The cap is a backstop, not the defence: at the cap a new connection waits in the kernel's
/// backlog until a deadline frees a place. Hence a cap far above what slow clients can fill
/// (`Limits::default`), and short deadlines.
#[tokio::test(start_paused = true)]
async fn at_the_connection_cap_a_new_connection_waits_for_a_deadline_to_free_a_place() {
    const CAP: usize = 20;
    let receiver = Receiver::start(Limits {
        max_connections: CAP,
        ..limits()
    })
    .await;
    let started = Instant::now();
    let mut slow = Vec::new();
    for _ in 0..CAP {
        let mut stream = TcpStream::connect(receiver.addr).await.expect("connect");
        stream.write_all(b"P").await.expect("first byte");
        slow.push(stream);
    }
    let mut client = TcpStream::connect(receiver.addr).await.expect("the backlog takes it");
    client.write_all(&delivery("after-the-cap", false)).await.expect("send");
    assert_eq!(read_response(&mut client).await.0, 200);
    assert!(
        started.elapsed() >= HEADER_DEADLINE,
        "answered after {:?}, before any place was free",
        started.elapsed()
    );
    drop((slow, client));
    assert_eq!(receiver.finish().await.len(), 1);
}

/// Slow clients closed at their deadline reconnect in a burst. The kernel must queue them all
/// until they are accepted: with tokio's default backlog of 128 it dropped SYNs, and a delivery
/// caught in the burst waited a second for its retransmission.
#[tokio::test]
async fn a_burst_of_a_thousand_connections_fits_the_accept_backlog() {
    const BURST: usize = 1000;
    let system_cap: usize = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(4096);
    assert!(
        system_cap >= BURST,
        "net.core.somaxconn is {system_cap}: the system caps every backlog below this test's burst"
    );
    room_for_sockets(BURST as u64);
    // Bound, never accepting: every connection waits in the backlog.
    let listener = server::bind("127.0.0.1:0".parse().expect("an address")).expect("bind");
    let addr = listener.local_addr().expect("address");
    let burst = tokio::task::spawn_blocking(move || {
        (0..BURST)
            .map(|_| std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500)))
            .collect::<Result<Vec<_>, _>>()
    });
    let connected = burst
        .await
        .expect("the burst runs")
        .expect("every connection is queued");
    assert_eq!(connected.len(), BURST);
    drop(listener);
}

#[test]
fn the_default_cap_outnumbers_a_two_thousand_connection_trickle() {
    let defaults = Limits::default();
    assert!(defaults.max_connections >= 10_000, "{defaults:?}");
    assert!(defaults.header_read_timeout <= HEADER_DEADLINE, "{defaults:?}");
}
