//! Fuzz targets: what Greenhouse's and Lever's APIs answer, through the public clients that
//! classify those answers (`greenhouse::verify_accepted` and `check_credential` with a v1 key
//! and with v3 client credentials; Lever's `stages`, `webhooks`, `create_webhook` and
//! `verify_accepted`), against a local server that sends the fuzzed answer. Invariants: every
//! call returns (an outcome or an error, never a panic or a hang), and the server was asked.
//!
//! Greenhouse answers never carry a 429 or 5xx status here: the HTTP layer retries those with
//! real backoff waits before any classifier sees them (the Greenhouse check has no knob to turn
//! retries off), so they would only slow the run. Lever's client takes a retry policy, so its
//! target sends every status with retries off.

use std::sync::OnceLock;
use std::time::Duration;

use atsctl::greenhouse::{self, CheckOptions, Credential, V1Key, V3Credentials};
use atsctl::http::{BaseUrl, RetryPolicy, Secret};
use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::manifest::{self, Manifest};
use atsctl::profile::Origin;

use super::answer_server::{Answer, AnswerServer, runtime};

pub(super) const DICTIONARY: &[&str] = &[
    "Content-Type: application/json\n",
    "Content-Type: text/html\n",
    "Location: https://developers.greenhouse.io/\n",
    "{\"message\":\"This API Key does not have permission for this endpoint\"}",
    "{\"message\":\"Invalid Basic Auth credentials\"}",
    "{\"code\":\"Unauthorized\",\"message\":\"Invalid API key\"}",
    "{\"data\":[],\"hasNext\":true,\"next\":\"abc\"}",
    "[{\"id\":1}]",
    "\"id\":",
    "<!DOCTYPE html>",
    "\"access_token\"",
    "401\n",
    "403\n",
    "404\n",
    "410\n",
    "301\n",
    "422\n",
];

/// Long enough for a debug build on a loaded machine; the local server answers at once.
const TIMEOUT: Duration = Duration::from_secs(20);

fn manifest() -> &'static Manifest {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let bundled = manifest::bundled("hipeople").expect("hipeople is bundled");
        manifest::load(bundled.file, bundled.text)
            .manifest
            .expect("the bundled manifest loads")
    })
}

fn greenhouse_server() -> &'static AnswerServer {
    static SERVER: OnceLock<AnswerServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        AnswerServer::start(
            Answer::json(200, "[]"),
            vec![
                (
                    "/token",
                    Answer::json(
                        200,
                        r#"{"access_token":"fuzz-access-token","token_type":"Bearer","expires_in":3600}"#,
                    ),
                ),
                ("/introspect", Answer::json(200, r#"{"active":true}"#)),
            ],
        )
    })
}

pub(super) fn greenhouse(input: &[u8]) {
    let mut answer = Answer::parse(input);
    if answer.status == 429 || answer.status >= 500 {
        answer.status = 200 + answer.status % 100;
    }
    let server = greenhouse_server();
    server.set(answer, usize::MAX);
    let url = BaseUrl::parse("fuzz", &server.url()).expect("a loopback URL");
    let mut options = CheckOptions::new(url.clone(), url);
    options.timeout = TIMEOUT;
    let v1 = Credential::V1(V1Key {
        key: Secret::new("fuzz-harvest-key"),
        origin: Origin::Env("ATSCTL_HARVEST_API_KEY"),
    });
    let v3 = Credential::V3(V3Credentials {
        client_id: "fuzz-client".to_owned(),
        client_secret: Secret::new("fuzz-client-secret"),
        user_id: None,
        secret_origin: Origin::Env("ATSCTL_GREENHOUSE_CLIENT_SECRET"),
    });
    let before = server.requests();
    runtime().block_on(async {
        let _ = greenhouse::verify_accepted(&v1, &options).await;
        let _ = greenhouse::check_credential(manifest(), &v1, &options).await;
        let _ = greenhouse::check_credential(manifest(), &v3, &options).await;
    });
    assert!(server.requests() > before + 2, "the checks reached the server");
}

fn lever_server() -> &'static AnswerServer {
    static SERVER: OnceLock<AnswerServer> = OnceLock::new();
    // Requests after the fuzzed one get the last page of an empty list, so a fuzzed
    // `hasNext: true` is followed once, not forever.
    SERVER.get_or_init(|| AnswerServer::start(Answer::json(200, r#"{"data":[],"hasNext":false}"#), Vec::new()))
}

pub(super) fn lever(input: &[u8]) {
    let answer = Answer::parse(input);
    let server = lever_server();
    let base = BaseUrl::parse("fuzz", &format!("{}/v1", server.url())).expect("a loopback URL");
    let options = LeverOptions {
        timeout: TIMEOUT,
        requests_per_second: 100_000,
        retry: RetryPolicy {
            max_attempts: 1,
            max_rate_limited: 0,
            ..RetryPolicy::default()
        },
        events: None,
        budget: TIMEOUT,
    };
    let client = LeverClient::new(base, Secret::new("fuzz-lever-key"), &options).expect("a client");
    let before = server.requests();
    runtime().block_on(async {
        server.set(answer.clone(), 1);
        let _ = client.stages().await;
        server.set(answer.clone(), 1);
        let _ = client.webhooks().await;
        server.set(answer.clone(), 1);
        let _ = client
            .create_webhook("https://hooks.example/lever", "candidateHired")
            .await;
        server.set(answer, 1);
        let _ = lever::verify_accepted(&client).await;
    });
    assert!(server.requests() >= before + 4, "every call reached the server");
}
