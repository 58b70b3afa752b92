//! A minimal Chrome DevTools Protocol client: launch headless Chromium, attach to one page,
//! send commands and collect events over the DevTools websocket. Every wait is bounded.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// How long any one answer from the browser may take.
const ANSWER: Duration = Duration::from_secs(30);

/// The Chromium to test with: `$CHROME`, else `chromium` or `chromium-browser` on the PATH.
pub(crate) fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// A running headless Chromium, killed on drop.
pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Every event received so far, in order: `(session, method, params)`.
    pub(crate) events: Vec<(Option<String>, String, Value)>,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub(crate) fn launch(binary: &Path) -> Self {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Command::new(binary)
            .args([
                "--headless=new",
                // The test may run as root (CI containers), where the sandbox cannot start.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--mute-audio",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", binary.display()));
        // Chromium prints the DevTools address on stderr once it listens.
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(address) = line.strip_prefix("DevTools listening on ") {
                    let _ = sender.send(address.trim().to_owned());
                }
            }
        });
        let address = match receiver.recv_timeout(ANSWER) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("Chromium did not print its DevTools address within {ANSWER:?}");
            }
        };
        let url = url::Url::parse(&address).expect("DevTools address is a URL");
        let host = format!(
            "{}:{}",
            url.host_str().expect("host"),
            url.port().expect("DevTools port")
        );
        let stream = TcpStream::connect(&host).expect("connect to DevTools");
        stream.set_read_timeout(Some(ANSWER)).expect("read timeout");
        let (socket, _) = tungstenite::client(address.as_str(), stream).expect("DevTools websocket handshake");
        Self {
            child,
            socket,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    fn receive(&mut self) -> Value {
        loop {
            match self.socket.read() {
                Ok(Message::Text(text)) => return serde_json::from_str(text.as_str()).expect("DevTools sends JSON"),
                Ok(Message::Binary(bytes)) => return serde_json::from_slice(&bytes).expect("DevTools sends JSON"),
                Ok(_) => {}
                Err(error) => panic!("DevTools connection failed or timed out: {error}"),
            }
        }
    }

    fn record(&mut self, message: Value) {
        if let Some(method) = message["method"].as_str() {
            let session = message["sessionId"].as_str().map(str::to_owned);
            self.events
                .push((session, method.to_owned(), message["params"].clone()));
        }
    }

    /// Sends a command (to a page when `session` is given) and returns its result.
    pub(crate) fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("send to DevTools");
        let deadline = Instant::now() + ANSWER;
        loop {
            assert!(Instant::now() < deadline, "no answer to {method} within {ANSWER:?}");
            let answer = self.receive();
            if answer["id"] == id {
                assert!(answer["error"].is_null(), "{method} failed: {}", answer["error"]);
                return answer["result"].clone();
            }
            self.record(answer);
        }
    }

    /// Waits for an event of `method` after the first `seen` events.
    pub(crate) fn wait_for(&mut self, method: &str, seen: usize) -> Value {
        let deadline = Instant::now() + ANSWER;
        loop {
            if let Some((_, _, params)) = self.events[seen..].iter().find(|(_, name, _)| name == method) {
                return params.clone();
            }
            assert!(Instant::now() < deadline, "no {method} within {ANSWER:?}");
            let message = self.receive();
            self.record(message);
        }
    }

    /// Opens a new page and returns its session id.
    pub(crate) fn new_page(&mut self) -> String {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        attached["sessionId"].as_str().expect("session id").to_owned()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A page in the browser: navigation, script evaluation, real mouse clicks, screenshots.
pub(crate) struct Page<'a> {
    pub(crate) browser: &'a mut Browser,
    pub(crate) session: String,
}

impl Page<'_> {
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.browser.call(Some(&session), method, params)
    }

    /// Runs `expression` and returns its value (awaiting it when it is a promise).
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        );
        assert!(
            result["exceptionDetails"].is_null(),
            "`{expression}` threw: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Loads `url` (or reloads with `None`) and waits for the load event.
    pub(crate) fn load(&mut self, url: Option<&str>) {
        let seen = self.browser.events.len();
        match url {
            Some(url) => {
                self.call("Page.navigate", json!({ "url": url }));
            }
            None => {
                self.call("Page.reload", json!({ "ignoreCache": true }));
            }
        }
        self.browser.wait_for("Page.loadEventFired", seen);
    }

    /// Clicks the centre of the element `selector` finds, as a person would with a mouse.
    pub(crate) fn click(&mut self, selector: &str) {
        let selector_json = serde_json::to_string(selector).expect("selector");
        let rect = self.eval(&format!(
            "(() => {{ const e = document.querySelector({selector_json}); if (!e) return null; \
             e.scrollIntoView({{block: 'center'}}); const r = e.getBoundingClientRect(); \
             return {{x: r.x + r.width / 2, y: r.y + r.height / 2}}; }})()"
        ));
        assert!(!rect.is_null(), "nothing matches {selector}");
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": rect["x"], "y": rect["y"], "button": "left", "clickCount": 1 }),
            );
        }
    }

    pub(crate) fn viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        );
    }

    /// A PNG of the viewport, or of the whole page with `full_page`.
    pub(crate) fn screenshot(&mut self, full_page: bool) -> Vec<u8> {
        use base64::Engine as _;
        let mut params = json!({ "format": "png" });
        if full_page {
            let size =
                self.eval("({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight})");
            params["captureBeyondViewport"] = json!(true);
            params["clip"] = json!({ "x": 0, "y": 0, "width": size["w"], "height": size["h"], "scale": 1 });
        }
        let shot = self.call("Page.captureScreenshot", params);
        base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().expect("screenshot data"))
            .expect("screenshot is base64")
    }
}
