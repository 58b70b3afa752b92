//! Helpers for the webhook tests: signing like Greenhouse and Lever (with `hmac` directly, not
//! through atsctl's own code), a raw HTTP/1.1 client that can also send broken requests, and
//! a running `atsctl webhooks listen` whose output is collected.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Longest any single wait in these tests may take before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(30);

fn hmac_hex(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// The `Signature` header Greenhouse sends: `sha256 <hex HMAC of the raw body>`.
pub fn greenhouse_signature(secret: &str, body: &[u8]) -> String {
    format!("sha256 {}", hmac_hex(secret, body))
}

/// A Lever delivery body signed with `secret`, triggered `age` ago.
pub fn lever_body(secret: &str, event: &str, token: &str, age: Duration) -> Vec<u8> {
    let triggered_at = now_millis() - i64::try_from(age.as_millis()).expect("small");
    let signature = hmac_hex(secret, format!("{token}{triggered_at}").as_bytes());
    serde_json::json!({
        "id": format!("delivery-{token}"),
        "event": event,
        "triggeredAt": triggered_at,
        "token": token,
        "signature": signature,
        "data": {"candidateId": "c-1", "toStageId": "s-2"},
    })
    .to_string()
    .into_bytes()
}

pub fn now_millis() -> i64 {
    i64::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_millis(),
    )
    .expect("fits")
}

/// The example bodies, by action, as bytes.
pub fn greenhouse_examples() -> Vec<(String, Vec<u8>)> {
    let mut examples: Vec<(String, Vec<u8>)> = std::fs::read_dir(super::fixture("greenhouse-webhook-examples"))
        .expect("examples folder")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let action = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("named")
                .to_owned();
            (action, std::fs::read(&path).expect("readable"))
        })
        .collect();
    examples.sort();
    examples
}

pub fn greenhouse_example(action: &str) -> Vec<u8> {
    std::fs::read(super::fixture(&format!("greenhouse-webhook-examples/{action}.json"))).expect("example exists")
}

/// `body` (a JSON object) with `"test_sequence": n` as its first field: a different delivery
/// of the same event, as far as signatures go.
pub fn numbered(body: &[u8], n: usize) -> Vec<u8> {
    assert_eq!(body.first(), Some(&b'{'), "a JSON object");
    let mut numbered = format!("{{\"test_sequence\":{n},").into_bytes();
    numbered.extend_from_slice(&body[1..]);
    numbered
}

/// An HTTP response, as far as these tests care.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Sends `request` as is on a fresh connection and reads the response until the server closes.
pub fn send_raw(addr: SocketAddr, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the listener");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    stream.write_all(request).expect("send");
    read_response(stream)
}

fn read_response(mut stream: TcpStream) -> Response {
    let mut raw = Vec::new();
    // The server closes after its answer (`Connection: close`); a reset after a complete
    // answer is still an answer.
    let mut buffer = [0_u8; 8192];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(read) => raw.extend_from_slice(&buffer[..read]),
            Err(error) if !raw.is_empty() && error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!("reading the response: {error}"),
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Response { status, body }
}

/// A POST of `body` with `headers`, declaring the body's true length.
pub fn post(addr: SocketAddr, headers: &[(&str, &str)], body: &[u8]) -> Response {
    post_declaring(addr, headers, body, body.len())
}

/// A signed Greenhouse delivery of `body` as raw HTTP/1.1 bytes, with `Connection: close` or
/// kept alive.
pub fn greenhouse_request(secret: &str, body: &[u8], event_id: &str, keep_alive: bool) -> Vec<u8> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let mut request = format!(
        "POST /webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nSignature: {}\r\nGreenhouse-Event-ID: {event_id}\r\nConnection: {connection}\r\n\r\n",
        body.len(),
        greenhouse_signature(secret, body)
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

/// A POST whose `Content-Length` says `declared` whatever `body` holds.
pub fn post_declaring(addr: SocketAddr, headers: &[(&str, &str)], body: &[u8], declared: usize) -> Response {
    let mut request = format!(
        "POST /webhooks HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\nConnection: close\r\n"
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    send_raw(addr, &bytes)
}

/// A POST whose body is sent in chunks, without any declared length.
pub fn post_chunked(addr: SocketAddr, body: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the listener");
    stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let head =
        format!("POST /webhooks HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    for chunk in body.chunks(64 * 1024) {
        // The server may answer 413 and stop reading before the last chunk: not an error here.
        if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).is_err()
            || stream.write_all(chunk).is_err()
            || stream.write_all(b"\r\n").is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    read_response(stream)
}

/// A POST that sends only its headers, declaring `declared` bytes to come, and reads the answer
/// before sending anything more.
pub fn post_headers_only(addr: SocketAddr, declared: usize) -> Response {
    let request =
        format!("POST /webhooks HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n");
    send_raw(addr, request.as_bytes())
}

/// How a listener process ended, with everything it wrote.
#[derive(Debug)]
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// stdout's JSON lines.
    pub fn records(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
            .collect()
    }

    /// The verdicts of stdout's JSON lines, in order.
    pub fn verdicts(&self) -> Vec<String> {
        self.records()
            .iter()
            .map(|record| record["verdict"].as_str().expect("verdict").to_owned())
            .collect()
    }
}

/// A running `atsctl webhooks listen`.
pub struct Listener {
    child: Child,
    pub addr: SocketAddr,
    stdout: Option<JoinHandle<String>>,
    stderr: Option<JoinHandle<String>>,
    stderr_so_far: Arc<Mutex<String>>,
}

impl Listener {
    /// Starts `atsctl webhooks listen <args> --addr 127.0.0.1:0` with `secret` in the
    /// environment, and waits until it prints the address it bound.
    pub fn start(home: &tempfile::TempDir, secret: &str, args: &[&str]) -> Listener {
        let isolated = super::atsctl(home);
        let mut command = std::process::Command::new(isolated.get_program());
        command.args(isolated.get_args());
        for (key, value) in isolated.get_envs() {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        if let Some(dir) = isolated.get_current_dir() {
            command.current_dir(dir);
        }
        command
            .args(["webhooks", "listen"])
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .env("ATSCTL_WEBHOOK_SECRET", secret)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("start atsctl webhooks listen");
        let mut stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        let stdout = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stdout.read_to_string(&mut text);
            text
        });
        let (found, address) = mpsc::channel();
        let stderr_so_far = Arc::new(Mutex::new(String::new()));
        let collected = Arc::clone(&stderr_so_far);
        let stderr = std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("listening on http://").nth(1) {
                    let _ = found.send(rest.trim().to_owned());
                }
                let mut text = collected.lock().expect("lock");
                text.push_str(&line);
                text.push('\n');
            }
            collected.lock().expect("lock").clone()
        });
        let addr = match address.recv_timeout(PATIENCE) {
            Ok(addr) => addr.parse().expect("a socket address"),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the listener never printed its address; stderr: {}",
                    stderr_so_far.lock().expect("lock")
                );
            }
        };
        Listener {
            child,
            addr,
            stdout: Some(stdout),
            stderr: Some(stderr),
            stderr_so_far,
        }
    }

    pub fn post(&self, headers: &[(&str, &str)], body: &[u8]) -> Response {
        post(self.addr, headers, body)
    }

    /// A Greenhouse delivery of `body`, signed with `secret`, with this event id.
    pub fn deliver_greenhouse(&self, secret: &str, body: &[u8], event_id: &str) -> Response {
        let signature = greenhouse_signature(secret, body);
        self.post(&[("Signature", &signature), ("Greenhouse-Event-ID", event_id)], body)
    }

    /// Sends SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let status = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
    }

    /// Waits for the process to end by itself.
    pub fn finish(mut self) -> Finished {
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "the listener did not exit; stderr so far: {}",
                    self.stderr_so_far.lock().expect("lock")
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stdout = self
            .stdout
            .take()
            .map(|thread| thread.join().expect("stdout reader"))
            .unwrap_or_default();
        let stderr = self
            .stderr
            .take()
            .map(|thread| thread.join().expect("stderr reader"))
            .unwrap_or_default();
        Finished {
            code: status.code(),
            stdout,
            stderr,
        }
    }

    /// Ctrl-C, then [`Listener::finish`].
    pub fn stop(self) -> Finished {
        self.interrupt();
        self.finish()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // A failing test must not leave a listener behind.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The readers end with the process's pipes. One that panicked fails the test, unless
        // the test is failing already.
        let readers = [
            self.stdout.take().map(|thread| thread.join().map(drop)),
            self.stderr.take().map(|thread| thread.join().map(drop)),
        ];
        if readers.iter().flatten().any(Result::is_err) && !std::thread::panicking() {
            panic!("a reader of the listener's output panicked");
        }
    }
}
