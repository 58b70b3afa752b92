//! `atsctl validate --ats lever` and `atsctl apply --ats lever` against the fake Lever
//! (`support::fake_lever`): real HTTP on 127.0.0.1, exit codes, what reached Lever (the fake's
//! request log), de-duplication across runs and interruptions, 429 handling, and that the API
//! key and signature tokens never leak.

use std::time::Duration;

use serde_json::Value;

use crate::support::fake_lever::{CreateShape, FakeLever, FakeLeverConfig, Fault, FaultRule, KeySeen, RateLimit};
use crate::support::{self, home, stderr, stdout};

const KEY: &str = "lever-key-3c1f9a7d52e8";
/// A key whose every appearance in output is a leak.
const CANARY_KEY: &str = "canary-lever-key-7b2d4e9f01a6";
const STAGES_ONLY_KEY: &str = "lever-key-stages-only-91ce";
const HOOK_URL: &str = "https://hooks.hipeople.example/lever";
const EVENT: &str = "candidateStageChange";
/// `validate` for HiPeople on Lever.
const VALIDATE: &[&str] = &["validate", "hipeople", "--ats", "lever"];
/// `apply` for HiPeople on Lever, webhooks to [`HOOK_URL`], without asking.
const APPLY_YES: &[&str] = &[
    "apply",
    "hipeople",
    "--ats",
    "lever",
    "--webhook-url",
    HOOK_URL,
    "--yes",
];

fn config() -> FakeLeverConfig {
    FakeLeverConfig::default()
        .key(KEY, &["stages", "webhooks"])
        .key(CANARY_KEY, &["stages", "webhooks"])
        .key(STAGES_ONLY_KEY, &["stages"])
}

/// `atsctl <args>` pointed at `fake` with `key`.
fn run(fake: &FakeLever, key: &str, args: &[&str]) -> std::process::Output {
    let home = home();
    command(fake, &home, key).args(args).output().expect("atsctl runs")
}

fn command(fake: &FakeLever, home: &tempfile::TempDir, key: &str) -> assert_cmd::Command {
    let mut command = support::atsctl(home);
    command
        .env("ATSCTL_LEVER_URL", fake.url())
        .env("ATSCTL_LEVER_API_KEY", key)
        .timeout(Duration::from_secs(90));
    command
}

fn validate(fake: &FakeLever, extra: &[&str]) -> std::process::Output {
    let mut args = VALIDATE.to_vec();
    args.extend_from_slice(extra);
    run(fake, KEY, &args)
}

fn apply(fake: &FakeLever, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["apply", "hipeople", "--ats", "lever", "--webhook-url", HOOK_URL];
    args.extend_from_slice(extra);
    run(fake, KEY, &args)
}

fn code(output: &std::process::Output) -> i32 {
    output.status.code().expect("exit code")
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is JSON ({error}): {}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

fn explain(output: &std::process::Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    )
}

/// The report's words with every run of spaces and line breaks as one space: the terminal
/// wraps long fixes.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn tokens(fake: &FakeLever) -> Vec<String> {
    fake.webhooks()
        .into_iter()
        .map(|webhook| webhook.signature_token)
        .collect()
}

#[test]
fn lever_validate_without_reference_check_exits_1_naming_the_stage() {
    let fake = FakeLever::start(
        config()
            .stages(&["New applicant", "Phone screen", "Offer"])
            .webhook(HOOK_URL, EVENT),
    );
    let output = validate(&fake, &[]);
    assert_eq!(code(&output), 1, "{}", explain(&output));
    let text = words(&stdout(&output));
    assert!(text.starts_with("✘ 1 required item missing"), "verdict first: {text}");
    assert!(text.contains("Pipeline stages › Reference check: missing"), "{text}");
    assert!(
        text.contains("Add a pipeline stage named \"Reference check\""),
        "{text}"
    );
    assert!(
        text.contains("ask Lever Support"),
        "the manifest's help is passed on: {text}"
    );

    let report = json(&validate(&fake, &["--format", "json"]));
    assert_eq!(report["verdict"], "findings");
    assert_eq!(report["stages"][0]["name"], "Reference check");
    assert_eq!(report["stages"][0]["status"], "missing");
    assert_eq!(report["webhooks"][0]["status"], "present", "only the stage is missing");
    assert_eq!(fake.count("POST", "/webhooks"), 0, "validate only reads");
}

#[test]
fn lever_validate_with_the_stage_but_no_webhook_exits_1_naming_the_webhook() {
    let fake = FakeLever::start(config().stages(&["Phone screen", "  reference CHECK ", "Offer"]));
    let output = validate(&fake, &["--webhook-url", HOOK_URL]);
    assert_eq!(code(&output), 1, "{}", explain(&output));
    let text = words(&stdout(&output));
    assert!(
        text.contains(EVENT) && text.contains("no candidateStageChange webhook"),
        "{text}"
    );
    assert!(
        text.contains(&format!("atsctl apply hipeople --ats lever --webhook-url {HOOK_URL}")),
        "{text}"
    );
    assert!(
        text.contains("switch on \"Candidate stage change\" in Settings → Integrations and API → Webhooks"),
        "the toggle no API reads is named: {text}"
    );
    let report = json(&validate(&fake, &["--webhook-url", HOOK_URL, "--format", "json"]));
    assert_eq!(
        report["stages"][0]["status"], "present",
        "case and surrounding space are ignored"
    );
    assert_eq!(report["stages"][0]["matched"]["text"], "  reference CHECK ");
    assert_eq!(report["webhooks"][0]["event"], EVENT);
    assert_eq!(report["webhooks"][0]["status"], "missing");
    assert_eq!(report["webhooks"][0]["toggle_label"], "Candidate stage change");
}

#[test]
fn lever_validate_passes_after_apply() {
    let fake = FakeLever::start(config());
    let applied = apply(&fake, &["--yes"]);
    assert_eq!(code(&applied), 0, "{}", explain(&applied));
    let output = validate(&fake, &["--webhook-url", HOOK_URL]);
    assert_eq!(code(&output), 0, "{}", explain(&output));
    assert!(
        stdout(&output).starts_with("✔ HiPeople can use this credential: 2 present, 0 missing"),
        "{}",
        stdout(&output)
    );
    let report = json(&validate(&fake, &["--webhook-url", HOOK_URL, "--format", "json"]));
    assert_eq!(report["verdict"], "ok");
    assert_eq!(report["webhooks"][0]["matching"][0]["url"], HOOK_URL);
    assert_eq!(
        report["webhooks"][0]["matching"][0]["id"],
        fake.webhooks()[0].id.as_str()
    );
    // A webhook at another URL does not satisfy --webhook-url.
    let elsewhere = validate(&fake, &["--webhook-url", "https://hooks.other.example/x"]);
    assert_eq!(code(&elsewhere), 1, "{}", explain(&elsewhere));
    assert!(words(&stdout(&elsewhere)).contains("none pointing at https://hooks.other.example/x"));
}

#[test]
fn lever_apply_twice_creates_exactly_one_webhook() {
    let fake = FakeLever::start(config());
    let first = apply(&fake, &["--yes"]);
    assert_eq!(code(&first), 0, "{}", explain(&first));
    assert!(
        stdout(&first).contains("1 created by this run; 1 of 1 in place"),
        "{}",
        explain(&first)
    );
    let second = apply(&fake, &["--yes"]);
    assert_eq!(code(&second), 0, "{}", explain(&second));
    assert!(stdout(&second).contains("Nothing to create"), "{}", explain(&second));
    assert_eq!(
        fake.count("POST", "/webhooks"),
        1,
        "the log shows one POST: {:?}",
        fake.requests()
    );
    let webhooks = fake.webhooks();
    assert_eq!(webhooks.len(), 1);
    assert_eq!(
        (webhooks[0].url.as_str(), webhooks[0].event.as_str()),
        (HOOK_URL, EVENT)
    );
    let post = fake
        .requests()
        .into_iter()
        .find(|request| request.method == "POST")
        .expect("the POST is logged");
    assert_eq!(
        post.body.as_deref(),
        Some(format!("event={EVENT} url={HOOK_URL}").as_str())
    );
    assert!(
        stdout(&second).contains("A Lever Super Admin switches on \"Candidate stage change\""),
        "the toggle is named even when nothing was created"
    );
}

#[test]
fn lever_interrupted_apply_then_rerun_leaves_one_webhook() {
    // The first POST creates the webhook but its answer is lost, and Lever stays unreachable
    // for the listing that would confirm it: the run must stop without guessing.
    let fake = FakeLever::start(
        config()
            .fault(FaultRule::new("POST", Some("/webhooks"), Fault::DropAfterCreate, 1))
            .fault(FaultRule::new("GET", Some("/webhooks"), Fault::Drop, 20).after(1)),
    );
    let interrupted = apply(&fake, &["--yes"]);
    assert_eq!(code(&interrupted), 4, "{}", explain(&interrupted));
    let message = stderr(&interrupted);
    assert!(message.contains("it may exist now"), "{message}");
    assert!(message.contains("run the same command again"), "{message}");
    assert_eq!(fake.webhooks().len(), 1, "Lever did create it");

    fake.set_faults(Vec::new());
    let rerun = apply(&fake, &["--yes"]);
    assert_eq!(code(&rerun), 0, "{}", explain(&rerun));
    assert!(stdout(&rerun).contains("Nothing to create"), "{}", explain(&rerun));
    assert_eq!(fake.webhooks().len(), 1, "still exactly one webhook");
    assert_eq!(fake.count("POST", "/webhooks"), 1, "{:?}", fake.requests());
}

#[test]
fn lever_lost_create_answers_are_recovered_by_listing_not_by_posting_again() {
    for fault in [Fault::DropAfterCreate, Fault::ErrorAfterCreate] {
        let fake = FakeLever::start(config().fault(FaultRule::new("POST", Some("/webhooks"), fault, 1)));
        let output = apply(&fake, &["--yes"]);
        assert_eq!(code(&output), 0, "{fault:?}: {}", explain(&output));
        assert!(
            stdout(&output).contains("listing found it, so it was not sent again"),
            "{}",
            explain(&output)
        );
        assert_eq!(fake.count("POST", "/webhooks"), 1, "{fault:?}: {:?}", fake.requests());
        assert_eq!(fake.webhooks().len(), 1, "{fault:?}");
        // The listing carries the token, so it is still shown once.
        assert!(stdout(&output).contains(&tokens(&fake)[0]), "{}", explain(&output));
    }
}

#[test]
fn lever_a_post_that_never_reached_lever_is_tried_again_after_checking() {
    // Answered 500 before anything was created: the listing shows nothing, so one more POST.
    let fake = FakeLever::start(config().fault(FaultRule::new("POST", Some("/webhooks"), Fault::ServerError, 1)));
    let output = apply(&fake, &["--yes"]);
    assert_eq!(code(&output), 0, "{}", explain(&output));
    assert_eq!(fake.count("POST", "/webhooks"), 2, "{:?}", fake.requests());
    assert_eq!(fake.webhooks().len(), 1);
    let methods: Vec<String> = fake
        .requests()
        .iter()
        .map(|request| format!("{} {} {}", request.method, request.path, request.status))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /v1/webhooks 200",
            "POST /v1/webhooks 500",
            "GET /v1/webhooks 200",
            "POST /v1/webhooks 201"
        ],
        "a listing sits between the two POSTs"
    );
}

#[test]
fn lever_both_create_response_shapes_show_the_token_once() {
    for shape in [CreateShape::Data, CreateShape::NestedData] {
        let fake = FakeLever::start(FakeLeverConfig {
            create_shape: shape,
            token_in_list: false,
            ..config()
        });
        let output = apply(&fake, &["--yes"]);
        assert_eq!(code(&output), 0, "{shape:?}: {}", explain(&output));
        let token = &tokens(&fake)[0];
        let text = stdout(&output);
        assert!(
            text.contains("Signature token for candidateStageChange (shown once; copy it now):"),
            "{shape:?}: {text}"
        );
        assert_eq!(text.matches(token.as_str()).count(), 1, "{shape:?}: {text}");
        assert!(text.contains("ATSCTL_WEBHOOK_SECRET"), "{text}");
        assert!(text.contains("Give it to HiPeople"), "{text}");
        assert!(
            !stderr(&output).contains(token.as_str()),
            "{shape:?}: the token reached stderr"
        );
    }
}

#[test]
fn lever_429s_are_waited_out_and_every_page_is_read() {
    for retry_after in [false, true] {
        // Two requests a second against a client pacing at ten, and one record per page.
        let fake = FakeLever::start(FakeLeverConfig {
            rate_limit: Some(RateLimit {
                retry_after,
                ..RateLimit::strict(2)
            }),
            max_page: 1,
            ..config()
                .stages(&["Phone screen", "Reference check", "Offer"])
                .webhook("https://other.example/a", "applicationCreated")
                .webhook(HOOK_URL, EVENT)
        });
        let output = validate(&fake, &["--webhook-url", HOOK_URL, "-v"]);
        assert_eq!(code(&output), 0, "retry_after={retry_after}: {}", explain(&output));
        assert!(fake.count_status(429) > 0, "the limit was hit: {:?}", fake.requests());
        let ok_pages = |path: &str| {
            fake.requests()
                .iter()
                .filter(|request| request.path == path && request.status == 200)
                .count()
        };
        assert_eq!(ok_pages("/v1/stages"), 3, "one page per stage");
        assert_eq!(ok_pages("/v1/webhooks"), 2, "one page per webhook");
        assert!(
            fake.requests()
                .iter()
                .any(|request| request.query.as_deref().is_some_and(|query| query.contains("offset="))),
            "later pages pass the opaque offset"
        );
        // The HTTP layer labels every wait after a 429 this way, with or without the header.
        assert!(
            stderr(&output).contains("(429 Retry-After)"),
            "waits are shown with -v: {}",
            stderr(&output)
        );
    }
}

#[test]
fn lever_a_rate_limited_create_is_resent_without_duplicates() {
    let fake = FakeLever::start(FakeLeverConfig {
        rate_limit: Some(RateLimit::strict(1)),
        ..config()
    });
    let output = apply(&fake, &["--yes"]);
    assert_eq!(code(&output), 0, "{}", explain(&output));
    assert_eq!(fake.webhooks().len(), 1);
    let created = fake
        .requests()
        .iter()
        .filter(|request| request.method == "POST" && request.status == 201)
        .count();
    assert_eq!(created, 1, "{:?}", fake.requests());
    assert!(
        fake.count_status(429) > 0,
        "the POST right after the listing met the limit: {:?}",
        fake.requests()
    );
}

#[test]
fn lever_dry_run_sends_no_post() {
    let fake = FakeLever::start(config());
    let output = apply(&fake, &["--dry-run"]);
    assert_eq!(code(&output), 1, "something would be created: {}", explain(&output));
    assert!(
        stdout(&output).contains("Plan\n  1 of 1 to create; nothing was sent but reads"),
        "{}",
        explain(&output)
    );
    assert!(
        stdout(&output).contains("candidateStageChange ┆ to create"),
        "{}",
        explain(&output)
    );
    assert_eq!(fake.count("POST", "/webhooks"), 0);
    assert!(fake.requests().iter().all(|request| request.method == "GET"));
    assert!(fake.webhooks().is_empty());
}

#[test]
fn lever_apply_without_a_terminal_or_yes_exits_2() {
    let fake = FakeLever::start(config());
    let output = apply(&fake, &[]);
    assert_eq!(code(&output), 2, "{}", explain(&output));
    assert!(
        stderr(&output).contains("no terminal to confirm"),
        "{}",
        explain(&output)
    );
    assert!(stderr(&output).contains("--yes"), "{}", explain(&output));
    assert_eq!(fake.count("POST", "/webhooks"), 0);
}

#[test]
fn lever_wrong_key_exits_3() {
    let fake = FakeLever::start(config());
    for args in [VALIDATE, APPLY_YES] {
        let output = run(&fake, "not-a-lever-key-000", args);
        assert_eq!(code(&output), 3, "{args:?}: {}", explain(&output));
        assert!(
            stderr(&output).contains("Lever rejected the API key (401"),
            "{}",
            explain(&output)
        );
    }
    assert_eq!(fake.count("POST", "/webhooks"), 0);
}

#[test]
fn lever_closed_port_exits_4() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let home = home();
    for args in [VALIDATE, APPLY_YES] {
        let output = support::atsctl(&home)
            .args(args)
            .env("ATSCTL_LEVER_URL", format!("http://127.0.0.1:{port}/v1"))
            .env("ATSCTL_LEVER_API_KEY", KEY)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("runs");
        assert_eq!(code(&output), 4, "{args:?}: {}", explain(&output));
        assert!(
            stderr(&output).contains("Lever could not be reached"),
            "{}",
            explain(&output)
        );
    }
}

#[test]
fn lever_key_and_token_never_leak() {
    let fake = FakeLever::start(FakeLeverConfig {
        echo_key_in_errors: true,
        ..config()
    });
    let home = home();
    let applied = command(&fake, &home, CANARY_KEY)
        .args(APPLY_YES)
        .arg("-vv")
        .output()
        .expect("runs");
    assert_eq!(code(&applied), 0, "{}", explain(&applied));
    let token = tokens(&fake).remove(0);
    let validated = command(&fake, &home, CANARY_KEY)
        .args(["validate", "hipeople", "--ats", "lever", "-vv", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(code(&validated), 0, "{}", explain(&validated));
    // A server that repeats a rejected key in its error body: -vv shows the body, redacted.
    let rejected_key = format!("{CANARY_KEY}-revoked");
    let rejected = command(&fake, &home, &rejected_key)
        .args(["validate", "hipeople", "--ats", "lever", "-vv"])
        .output()
        .expect("runs");
    assert_eq!(code(&rejected), 3, "{}", explain(&rejected));
    assert!(
        stderr(&rejected).contains("Invalid API key ***"),
        "{}",
        explain(&rejected)
    );
    // Apply's JSON, rejected with the key echoed back: the failure's message is redacted too.
    let rejected_json = command(&fake, &home, &rejected_key)
        .args(APPLY_YES)
        .args(["--format", "json", "-vv"])
        .output()
        .expect("runs");
    assert_eq!(code(&rejected_json), 3, "{}", explain(&rejected_json));
    assert_eq!(json(&rejected_json)["failure"]["kind"], "rejected");
    for output in [&applied, &validated, &rejected, &rejected_json] {
        assert!(
            !stderr(output).contains(CANARY_KEY),
            "the key reached stderr: {}",
            explain(output)
        );
        assert!(
            !stdout(output).contains(CANARY_KEY),
            "the key reached stdout: {}",
            explain(output)
        );
        assert!(
            !stderr(output).contains(&token),
            "the token reached stderr: {}",
            explain(output)
        );
    }
    assert!(
        stderr(&applied).contains("POST"),
        "-vv shows the requests: {}",
        explain(&applied)
    );
    assert_eq!(stdout(&applied).matches(token.as_str()).count(), 1, "shown once");
    assert!(!stdout(&validated).contains(&token), "validate never shows a token");
}

#[test]
fn lever_store_token_without_a_store_says_so_and_still_shows_it() {
    let fake = FakeLever::start(config());
    let home = home();
    let output = command(&fake, &home, KEY)
        .args(APPLY_YES)
        .arg("--store-token")
        .env("ATSCTL_CREDENTIAL_STORE", "secret-service")
        // A bus that cannot exist: the Secret Service is unavailable, whatever the machine has.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/atsctl-test-bus")
        .output()
        .expect("runs");
    assert_eq!(code(&output), 0, "{}", explain(&output));
    let token = tokens(&fake).remove(0);
    let message = stderr(&output);
    assert!(
        message.contains("--store-token: the signature token cannot be stored"),
        "{message}"
    );
    assert!(message.contains("never writes secrets to a plain file"), "{message}");
    assert!(!message.contains(&token));
    assert!(stdout(&output).contains(&token), "{}", explain(&output));
    assert!(
        std::fs::read_dir(home.path()).map_or(true, |entries| entries.count() == 0),
        "nothing was written to HOME"
    );
}

#[test]
fn lever_webhook_url_must_be_https() {
    let fake = FakeLever::start(config());
    let home = home();
    let output = command(&fake, &home, KEY)
        .args([
            "apply",
            "hipeople",
            "--ats",
            "lever",
            "--webhook-url",
            "http://hooks.hipeople.example/lever",
            "--yes",
        ])
        .output()
        .expect("runs");
    assert_eq!(code(&output), 2, "{}", explain(&output));
    assert!(stderr(&output).contains("plain http://"), "{}", explain(&output));
    let missing = command(&fake, &home, KEY)
        .args(["apply", "hipeople", "--ats", "lever", "--yes"])
        .output()
        .expect("runs");
    assert_eq!(code(&missing), 2, "{}", explain(&missing));
    assert!(
        stderr(&missing).contains("--webhook-url is required"),
        "{}",
        explain(&missing)
    );
    assert!(fake.requests().is_empty(), "nothing is sent before the URL is settled");
}

#[test]
fn lever_key_without_webhook_access_is_a_finding() {
    let fake = FakeLever::start(config());
    let validated = run(
        &fake,
        STAGES_ONLY_KEY,
        &["validate", "hipeople", "--ats", "lever", "--format", "json"],
    );
    assert_eq!(code(&validated), 1, "{}", explain(&validated));
    let report = json(&validated);
    assert_eq!(report["stages"][0]["status"], "present");
    assert_eq!(report["webhooks"][0]["status"], "no_access");
    assert!(
        report["webhooks"][0]["note"]
            .as_str()
            .unwrap()
            .contains("Forbidden: This API key does not have access to webhooks"),
        "Lever's {{code, message}} is quoted: {report}"
    );
    let applied = run(&fake, STAGES_ONLY_KEY, APPLY_YES);
    assert_eq!(code(&applied), 1, "{}", explain(&applied));
    assert!(
        stderr(&applied).contains("no access to webhooks (403"),
        "{}",
        explain(&applied)
    );
    assert_eq!(fake.count("POST", "/webhooks"), 0);
}

#[test]
fn lever_webhooks_elsewhere_are_left_alone_and_later_pages_are_read() {
    let mut config = config().webhook("https://other.example/hook", EVENT);
    for index in 0..4 {
        config = config.webhook(&format!("https://vendor.example/{index}"), "applicationCreated");
    }
    let fake = FakeLever::start(FakeLeverConfig { max_page: 2, ..config });
    let first = apply(&fake, &["--yes"]);
    assert_eq!(code(&first), 0, "{}", explain(&first));
    assert!(
        stdout(&first).contains("1 more at other URLs (left alone)"),
        "{}",
        explain(&first)
    );
    assert_eq!(fake.webhooks().len(), 6, "one created beside the five");
    assert_eq!(fake.count("DELETE", "/webhooks"), 0);
    // The new one is on the last of four pages now; the rerun must still find it.
    fake.clear_log();
    let second = apply(&fake, &["--yes"]);
    assert_eq!(code(&second), 0, "{}", explain(&second));
    assert!(stdout(&second).contains("Nothing to create"), "{}", explain(&second));
    assert_eq!(fake.count("GET", "/webhooks"), 3, "{:?}", fake.requests());
    assert_eq!(fake.count("POST", "/webhooks"), 0);
}

#[test]
fn lever_region_conflicting_with_lever_url_is_a_usage_error() {
    let fake = FakeLever::start(config());
    let output = validate(&fake, &["--region", "eu"]);
    assert_eq!(code(&output), 2, "{}", explain(&output));
    assert!(
        stderr(&output).contains("--region eu name different hosts"),
        "{}",
        explain(&output)
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn lever_api_key_from_stdin() {
    let fake = FakeLever::start(config().webhook(HOOK_URL, EVENT));
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "hipeople", "--ats", "lever", "--api-key-stdin"])
        .env("ATSCTL_LEVER_URL", fake.url())
        .write_stdin(format!("{KEY}\n"))
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    assert_eq!(code(&output), 0, "{}", explain(&output));
    assert!(
        stdout(&output).contains("API key from stdin (--api-key-stdin)"),
        "{}",
        explain(&output)
    );
    let both = command(&fake, &home, KEY)
        .args(["validate", "hipeople", "--ats", "lever", "--api-key-stdin"])
        .write_stdin(format!("{KEY}\n"))
        .output()
        .expect("runs");
    assert_eq!(code(&both), 2, "{}", explain(&both));
    assert!(stderr(&both).contains("use one"), "{}", explain(&both));
}

#[test]
fn lever_without_any_key_is_a_usage_error_naming_the_ways() {
    let fake = FakeLever::start(config());
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "hipeople", "--ats", "lever"])
        .env("ATSCTL_LEVER_URL", fake.url())
        .output()
        .expect("runs");
    assert_eq!(code(&output), 2, "{}", explain(&output));
    assert!(
        stderr(&output).contains("no Lever credential found"),
        "{}",
        explain(&output)
    );
    assert!(stderr(&output).contains("ATSCTL_LEVER_API_KEY"), "{}", explain(&output));
    assert!(fake.requests().is_empty());
}

#[test]
fn lever_a_long_paginated_run_stays_under_the_default_limit() {
    // Lever's documented limit (10/s, bursts to 20) and two records per page: 26 requests.
    let mut config = config();
    for index in 0..44 {
        config = config.webhook(&format!("https://vendor.example/{index}"), "applicationCreated");
    }
    let fake = FakeLever::start(FakeLeverConfig {
        max_page: 2,
        ..config.webhook(HOOK_URL, EVENT)
    });
    let output = validate(&fake, &["--webhook-url", HOOK_URL]);
    assert_eq!(code(&output), 0, "{}", explain(&output));
    assert_eq!(fake.count("GET", "/webhooks"), 23, "every page is read");
    assert_eq!(fake.count_status(429), 0, "pacing keeps a healthy run clear of 429s");
}

#[test]
fn lever_fake_checks_its_inputs_like_the_documented_api() {
    let fake = FakeLever::start(config().webhook(HOOK_URL, EVENT));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        // reqwest is built without a bundled crypto provider; atsctl installs ring the same way.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();
        let send = |request: reqwest::RequestBuilder| async move {
            let response = request.basic_auth(KEY, None::<&str>).send().await.expect("sent");
            let status = response.status().as_u16();
            let body = response.text().await.expect("body");
            (status, body)
        };
        let url = |path: &str| format!("{}{path}", fake.url());
        let (status, body) = send(client.get(url("/webhooks?limit=0"))).await;
        assert_eq!(
            (status, body.contains("limit must be between 1 and 100")),
            (400, true),
            "{body}"
        );
        let (status, _) = send(client.get(url("/webhooks?offset=not-an-offset"))).await;
        assert_eq!(status, 400, "offsets are opaque and checked");
        let (status, body) = send(
            client
                .post(url("/webhooks"))
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(
                    serde_json::json!({ "url": HOOK_URL, "event": "candidateTeleported", "configuration": {} })
                        .to_string(),
                ),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        let error: Value = serde_json::from_str(&body).expect("JSON error");
        assert_eq!(error["code"], "BadRequest", "errors are {{code, message}}");
        let id = fake.webhooks()[0].id.clone();
        let (status, body) = send(client.delete(url(&format!("/webhooks/{id}")))).await;
        assert_eq!((status, body.as_str()), (204, ""));
        let (status, _) = send(client.delete(url(&format!("/webhooks/{id}")))).await;
        assert_eq!(status, 404);
        let (status, body) = send(client.get(url("/users"))).await;
        assert_eq!(status, 404, "{body}");
    });
    assert!(fake.webhooks().is_empty());
    assert!(
        fake.requests().iter().all(|request| request.key == KeySeen::Known(0)),
        "the log names the key by index only"
    );
}

#[test]
fn lever_apply_json_carries_the_outcome_its_exit_code_and_why() {
    let fake = FakeLever::start(config());
    let dry = apply(&fake, &["--dry-run", "--format", "json"]);
    assert_eq!(code(&dry), 1, "{}", explain(&dry));
    let value = json(&dry);
    assert_eq!(
        (&value["command"], &value["outcome"], &value["exit_code"]),
        (&"apply".into(), &"would_create".into(), &1.into())
    );
    assert_eq!(value["reason"], "1 of 1 to create; nothing was sent but reads");
    assert_eq!(value["items"][0]["status"], "missing");
    assert_eq!(fake.count("POST", "/webhooks"), 0);

    // Without --yes a script is asked nothing, and nothing is created.
    let unasked = apply(&fake, &["--format", "json"]);
    assert_eq!(
        (code(&unasked), &json(&unasked)["outcome"]),
        (1, &"would_create".into())
    );
    assert_eq!(fake.count("POST", "/webhooks"), 0);

    let created = apply(&fake, &["--yes", "--format", "json"]);
    assert_eq!(code(&created), 0, "{}", explain(&created));
    let value = json(&created);
    assert_eq!(
        (&value["outcome"], &value["exit_code"], &value["reason"]),
        (
            &"created".into(),
            &0.into(),
            &"1 created by this run; 1 of 1 in place".into()
        )
    );
    assert_eq!(value["method"], "api");
    assert_eq!(value["target"], HOOK_URL);
    let item = &value["items"][0];
    assert_eq!((&item["key"], &item["status"]), (&EVENT.into(), &"created".into()));
    assert_eq!(item["id"], fake.webhooks()[0].id.as_str());
    assert!(
        value["next_steps"][0]
            .as_str()
            .is_some_and(|step| step.contains("\"Candidate stage change\"")),
        "{value}"
    );
    // The signature token is the one secret the terminal shows; JSON says where Lever shows it.
    assert!(!stdout(&created).contains(&tokens(&fake)[0]), "{}", explain(&created));
    assert!(
        item["notes"][0]
            .as_str()
            .is_some_and(|note| note.contains("Lever shows it")),
        "{value}"
    );

    let again = apply(&fake, &["--yes", "--format", "json"]);
    assert_eq!((code(&again), &json(&again)["outcome"]), (0, &"nothing_to_do".into()));
    assert_eq!(fake.count("POST", "/webhooks"), 1);

    let rejected = run(
        &fake,
        "not-a-lever-key-000",
        &[APPLY_YES, &["--format", "json"]].concat(),
    );
    assert_eq!(code(&rejected), 3, "{}", explain(&rejected));
    let value = json(&rejected);
    assert_eq!(
        (&value["outcome"], &value["exit_code"], &value["failure"]["kind"]),
        (&"failed".into(), &3.into(), &"rejected".into())
    );
    assert!(
        value["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("Lever rejected the API key (401")),
        "{value}"
    );
}
