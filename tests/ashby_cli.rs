//! `--ats ashby` through the real binary against the fake Ashby (`support::fake_ashby`): plan
//! and lint of the example manifest, `validate` (every read granted, one module removed, a wrong
//! key, and the request log holding only catalog safe probes), `apply` (creates, a second run
//! creates none, a run killed after its first create resumes without a duplicate), and a signed
//! delivery through `webhooks verify` and `webhooks listen`. Canary keys and tokens must appear
//! nowhere.

use std::process::{Output, Stdio};
use std::time::Duration;

use atsctl::ashby::verify::sign;
use atsctl::catalog::ashby::AshbyCatalog;
use serde_json::Value;

use crate::support::fake_ashby::{ALL_READS, FakeAshby, FakeAshbyConfig, Fault, FaultRule};
use crate::support::secrets::assert_secret_nowhere;
use crate::support::webhooks::Listener;
use crate::support::{atsctl, home, stderr, stdout};

const MANIFEST: &str = "examples/manifests/acme-sourcing-ashby.yaml";
/// Every read and API Keys write; its every appearance in output or files is a leak.
const CANARY_KEY: &str = "canary-ashby-cli-key-8d2f61";
const NO_CANDIDATES_KEY: &str = "ashby-cli-key-no-candidates-40a7";
const HOOK_URL: &str = "https://hooks.acme-sourcing.example/ashby";

fn config() -> FakeAshbyConfig {
    let mut every: Vec<&str> = ALL_READS.to_vec();
    every.push("apiKeysWrite");
    let no_candidates: Vec<&str> = ALL_READS
        .iter()
        .copied()
        .filter(|id| !matches!(*id, "candidatesRead" | "apiKeysRead"))
        .collect();
    FakeAshbyConfig::default()
        .key(CANARY_KEY, &every)
        .key(NO_CANDIDATES_KEY, &no_candidates)
}

fn command(fake: &FakeAshby, home: &tempfile::TempDir, key: &str) -> assert_cmd::Command {
    let mut command = atsctl(home);
    command
        .env("ATSCTL_ASHBY_URL", fake.url())
        .env("ATSCTL_ASHBY_API_KEY", key);
    command
}

fn validate(fake: &FakeAshby, home: &tempfile::TempDir, key: &str, extra: &[&str]) -> Output {
    command(fake, home, key)
        .args(["validate", "--ats", "ashby", "--manifest", MANIFEST])
        .args(extra)
        .output()
        .expect("runs")
}

fn apply(fake: &FakeAshby, home: &tempfile::TempDir, extra: &[&str]) -> Output {
    command(fake, home, CANARY_KEY)
        .args(["apply", "--ats", "ashby", "--manifest", MANIFEST])
        .args(extra)
        .output()
        .expect("runs")
}

/// The same command as a `std::process::Command`, to spawn and kill.
fn std_command(isolated: &assert_cmd::Command) -> std::process::Command {
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
    command.stdin(Stdio::null());
    command
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exited")
}

/// Every request the fake saw is a catalog safe probe, sent as the catalog writes it.
fn assert_only_safe_probes(fake: &FakeAshby) {
    let catalog = AshbyCatalog::bundled();
    let requests = fake.requests();
    assert!(!requests.is_empty(), "validate asked Ashby something");
    for request in requests {
        let probe = catalog
            .probe(&request.endpoint)
            .unwrap_or_else(|| panic!("{} is not a safe probe", request.endpoint));
        let body: Value = serde_json::from_str(request.body.as_deref().unwrap_or("null")).expect("JSON body");
        assert_eq!(&body, probe.body(), "{}", request.endpoint);
    }
}

#[test]
fn ashby_plan_prints_the_key_form_and_the_webhooks() {
    let home = home();
    let output = atsctl(&home)
        .args(["plan", "--ats", "ashby", "--manifest", MANIFEST, "--width", "120"])
        .output()
        .expect("runs");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "Acme Sourcing (example) on Ashby — setup checklist",
        "Where: Admin → Integrations → API Keys",
        "Integration Partner: Acme Sourcing (optional)",
        "hiringProcessMetadataRead",
        "Allow access to confidential jobs and projects? (optional)",
        "candidateStageChange",
        "candidateHire",
    ] {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
}

#[test]
fn ashby_lint_suggests_the_module_and_the_webhook_type() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(crate::support::repo_root().join(MANIFEST)).expect("the example");
    let broken = text
        .replace("- module: Candidates", "- module: Candidats")
        .replace("- type: candidateHire", "- type: candidateHir");
    let path = dir.path().join("broken-ashby.yaml");
    std::fs::write(&path, broken).expect("write");
    let output = atsctl(&home())
        .args(["lint", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(code(&output), 1);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|finding| {
            (
                finding["code"].as_str().unwrap_or_default().to_owned(),
                finding["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "unknown-ashby-module".to_owned(),
                "did you mean `Candidates`?".to_owned()
            ),
            (
                "unknown-ashby-webhook-type".to_owned(),
                "did you mean `candidateHire`?".to_owned()
            ),
        ]
    );
}

#[test]
fn ashby_validate_every_read_granted_exits_0_with_only_safe_probes() {
    let fake = FakeAshby::start(config());
    let home = home();
    let output = validate(&fake, &home, CANARY_KEY, &["--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["verdict"], "ok");
    assert_eq!(report["checked_by"], "api_key_info");
    assert_eq!(report["summary"]["required_missing"], 0);
    assert_only_safe_probes(&fake);
    assert_secret_nowhere(&home, CANARY_KEY, [&output]);
}

#[test]
fn ashby_validate_one_module_removed_exits_1_naming_it_and_the_fix() {
    let fake = FakeAshby::start(config());
    let home = home();
    let output = validate(&fake, &home, NO_CANDIDATES_KEY, &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    // Verdict first, then the missing module with its fix and how it was found.
    assert!(
        text.starts_with("✘ 1 required item missing: 3 granted, 1 missing, 3 unverified"),
        "{text}"
    );
    assert!(
        text.contains(
            "☐ Tick \"Candidates: Read\" (candidatesRead) on the API key in Admin → Integrations → API Keys."
        ),
        "{text}"
    );
    assert!(
        text.contains("Candidates: Read: missing — probe candidate.list"),
        "{text}"
    );
    // What no API shows is to check by hand, never granted.
    assert!(text.contains("Could not be checked (3): check by hand"), "{text}");
    // Without API Keys read, one smallest-page probe per needed read module, and nothing else.
    assert_only_safe_probes(&fake);
    let endpoints = fake.endpoints();
    assert_eq!(endpoints[0], "apiKey.info");
    assert!(endpoints.contains(&"candidate.list".to_owned()), "{endpoints:?}");
}

#[test]
fn ashby_validate_wrong_key_exits_3_without_echoing_it() {
    let fake = FakeAshby::start(config());
    let home = home();
    let wrong = "canary-ashby-wrong-key-19c3";
    let output = validate(&fake, &home, wrong, &["-vv"]);
    assert_eq!(code(&output), 3, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Ashby rejected the API key"),
        "{}",
        stderr(&output)
    );
    assert_secret_nowhere(&home, wrong, [&output]);
    assert_only_safe_probes(&fake);
}

#[test]
fn ashby_validate_reads_the_key_from_stdin_and_names_the_ways_without_one() {
    let fake = FakeAshby::start(config());
    let home = home();
    let piped = atsctl(&home)
        .env("ATSCTL_ASHBY_URL", fake.url())
        .args(["validate", "--ats", "ashby", "--manifest", MANIFEST, "--api-key-stdin"])
        .write_stdin(format!("{NO_CANDIDATES_KEY}\n"))
        .output()
        .expect("runs");
    assert_eq!(code(&piped), 1, "{}", stderr(&piped));
    assert!(
        stdout(&piped).contains("API key from stdin (--api-key-stdin)"),
        "{}",
        stdout(&piped)
    );
    let missing = atsctl(&home)
        .env("ATSCTL_ASHBY_URL", fake.url())
        .args(["validate", "--ats", "ashby", "--manifest", MANIFEST])
        .output()
        .expect("runs");
    assert_eq!(code(&missing), 2);
    let said = stderr(&missing);
    assert!(said.contains("no Ashby credential found"), "{said}");
    assert!(said.contains("ATSCTL_ASHBY_API_KEY"), "{said}");
    assert!(said.contains("atsctl auth login --ats ashby"), "{said}");
}

#[test]
fn ashby_plain_http_to_a_remote_host_is_refused_before_sending_the_key() {
    let home = home();
    let output = atsctl(&home)
        .env("ATSCTL_ASHBY_URL", "http://api.ashbyhq.com")
        .env("ATSCTL_ASHBY_API_KEY", CANARY_KEY)
        .args(["validate", "--ats", "ashby", "--manifest", MANIFEST])
        .output()
        .expect("runs");
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("ATSCTL_ASHBY_URL="), "{}", stderr(&output));
    assert_secret_nowhere(&home, CANARY_KEY, [&output]);
}

#[test]
fn ashby_apply_creates_the_webhooks_and_a_second_run_creates_none() {
    let fake = FakeAshby::start(config());
    let home = home();
    let dry = apply(&fake, &home, &["--dry-run"]);
    assert_eq!(code(&dry), 1, "{}", stderr(&dry));
    assert!(fake.webhooks().is_empty(), "a dry run creates nothing");
    assert!(
        stdout(&dry).contains("API Keys: Write (apiKeysWrite)"),
        "{}",
        stdout(&dry)
    );
    let first = apply(&fake, &home, &["--yes"]);
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let created = fake.webhooks();
    let mut kinds: Vec<(&str, &str)> = created
        .iter()
        .map(|webhook| (webhook.webhook_type.as_str(), webhook.url.as_str()))
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, [("candidateHire", HOOK_URL), ("candidateStageChange", HOOK_URL)]);
    // Each generated token is shown once, on stdout, and stored nowhere in a file.
    let text = stdout(&first);
    for webhook in &created {
        assert_eq!(text.matches(webhook.secret_token.as_str()).count(), 1, "{text}");
        assert!(!stderr(&first).contains(webhook.secret_token.as_str()));
        crate::support::secrets::assert_in_no_file(&home, &webhook.secret_token);
    }
    let second = apply(&fake, &home, &["--yes"]);
    assert_eq!(code(&second), 0, "{}", stderr(&second));
    assert!(stdout(&second).contains("Nothing to create"), "{}", stdout(&second));
    assert_eq!(fake.webhooks().len(), 2, "the second run creates none");
    assert_eq!(fake.count("webhook.create"), 2);
    assert_secret_nowhere(&home, CANARY_KEY, [&dry, &first, &second]);
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", stdout(output)))
}

/// The fields every `apply --format json` carries (README, "JSON output").
fn assert_verdict(value: &Value, outcome: &str, exit_code: i32) {
    assert_eq!(
        (&value["command"], &value["outcome"], &value["exit_code"]),
        (&"apply".into(), &outcome.into(), &exit_code.into()),
        "{value}"
    );
    assert!(
        value["reason"].as_str().is_some_and(|reason| !reason.is_empty()),
        "{value}"
    );
}

#[test]
fn ashby_apply_json_carries_the_outcome_its_exit_code_and_why_and_no_token() {
    let fake = FakeAshby::start(config());
    let home = home();
    // Without --yes a script is asked nothing, and nothing is created.
    let unasked = apply(&fake, &home, &["--format", "json"]);
    assert_eq!(code(&unasked), 1, "{}", stderr(&unasked));
    let value = json(&unasked);
    assert_verdict(&value, "would_create", 1);
    assert_eq!(value["reason"], "2 of 2 to create; nothing was sent but reads");
    assert_eq!((&value["ats"], &value["method"]), (&"ashby".into(), &"api".into()));
    assert_eq!(value["target"], HOOK_URL);
    let keys: Vec<(&str, &str)> = value["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| {
            (
                item["key"].as_str().unwrap_or(""),
                item["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        keys,
        [("candidateStageChange", "missing"), ("candidateHire", "missing")]
    );
    assert!(
        value["next_steps"][0]
            .as_str()
            .is_some_and(|step| step.contains("API Keys: Write (apiKeysWrite)")),
        "{value}"
    );
    assert_eq!(fake.count("webhook.create"), 0);

    let created = apply(&fake, &home, &["--format", "json", "--yes"]);
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    let value = json(&created);
    assert_verdict(&value, "created", 0);
    assert_eq!(value["reason"], "2 created by this run; 2 of 2 in place");
    let webhooks = fake.webhooks();
    assert_eq!(webhooks.len(), 2);
    for (item, webhook) in value["items"].as_array().expect("items").iter().zip(&webhooks) {
        assert_eq!(item["status"], "created", "{value}");
        assert_eq!(item["key"], webhook.webhook_type.as_str());
        assert!(item["id"].as_str().is_some_and(|id| !id.is_empty()), "{value}");
    }
    // JSON goes to scripts and logs: the generated tokens are in no output and no file, and
    // stderr says so before anything is created.
    for webhook in &webhooks {
        assert_secret_nowhere(&home, &webhook.secret_token, [&created]);
    }
    assert!(
        stderr(&created).contains("prints no secret token"),
        "{}",
        stderr(&created)
    );

    let again = apply(&fake, &home, &["--format", "json", "--yes"]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_verdict(&json(&again), "nothing_to_do", 0);
    assert_eq!(fake.count("webhook.create"), 2, "the second run creates none");

    let wrong = "canary-ashby-wrong-key-77e1";
    let rejected = command(&fake, &home, wrong)
        .args([
            "apply",
            "--ats",
            "ashby",
            "--manifest",
            MANIFEST,
            "--format",
            "json",
            "--yes",
        ])
        .output()
        .expect("runs");
    assert_eq!(code(&rejected), 3, "{}", stderr(&rejected));
    let value = json(&rejected);
    assert_verdict(&value, "failed", 3);
    assert_eq!(value["failure"]["kind"], "rejected", "{value}");
    assert!(
        value["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("Ashby rejected the API key")),
        "{value}"
    );
    assert_secret_nowhere(&home, wrong, [&rejected]);
    assert_secret_nowhere(&home, CANARY_KEY, [&unasked, &created, &again]);
}

#[test]
fn ashby_apply_markdown_and_html_print_the_plan_and_create_nothing() {
    let fake = FakeAshby::start(config());
    let home = home();
    let markdown = apply(&fake, &home, &["--format", "markdown"]);
    assert_eq!(code(&markdown), 1, "{}", stderr(&markdown));
    let text = stdout(&markdown);
    assert!(text.starts_with("# Acme Sourcing (example) on Ashby"), "{text}");
    assert!(
        text.contains("candidateHire") && text.contains("apiKeysWrite"),
        "{text}"
    );
    let html = apply(&fake, &home, &["--format", "html"]);
    assert_eq!(code(&html), 1, "{}", stderr(&html));
    assert!(stdout(&html).contains("<html"), "{}", stdout(&html));
    assert!(stdout(&html).contains("candidateStageChange"));
    let refused = apply(&fake, &home, &["--format", "markdown", "--yes"]);
    assert_eq!(code(&refused), 2, "{}", stderr(&refused));
    assert_eq!(fake.count("webhook.create"), 0);
}

#[test]
fn ashby_apply_without_a_terminal_or_yes_exits_2_and_creates_nothing() {
    let fake = FakeAshby::start(config());
    let home = home();
    let output = apply(&fake, &home, &[]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("pass --yes"), "{}", stderr(&output));
    assert!(fake.webhooks().is_empty());
}

#[test]
fn ashby_apply_webhook_url_must_be_https() {
    let fake = FakeAshby::start(config());
    let home = home();
    let output = apply(&fake, &home, &["--yes", "--webhook-url", "http://hooks.example/ashby"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("--webhook-url"), "{}", stderr(&output));
    assert!(fake.requests().is_empty(), "nothing sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ashby_a_run_killed_after_the_first_create_resumes_without_a_duplicate() {
    let fake = FakeAshby::start(config().fault(FaultRule::new(Some("webhook.create"), Fault::HangAfterCreate, 1)));
    let home = home();
    let mut killed = std_command(&command(&fake, &home, CANARY_KEY))
        .args(["apply", "--ats", "ashby", "--manifest", MANIFEST, "--yes"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    tokio::time::timeout(Duration::from_secs(30), fake.wait_for_webhooks(1))
        .await
        .expect("the first create reaches the fake within 30 s");
    killed.kill().expect("kill the run");
    killed.wait().expect("reap");
    assert_eq!(fake.webhooks().len(), 1);

    let resumed = tokio::task::spawn_blocking({
        let mut command = command(&fake, &home, CANARY_KEY);
        move || {
            command
                .args(["apply", "--ats", "ashby", "--manifest", MANIFEST, "--yes"])
                .output()
                .expect("runs")
        }
    })
    .await
    .expect("joined");
    assert_eq!(code(&resumed), 0, "{}\n{}", stdout(&resumed), stderr(&resumed));
    let text = stdout(&resumed);
    assert!(text.contains("resume"), "{text}");
    // The note may wrap inside its table cell: compare its words, borders left out.
    let words = text
        .split(|c: char| c.is_whitespace() || "│┆".contains(c))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("recovered"), "{text}");
    assert!(words.contains("Ashby refused the duplicate"), "{text}");
    assert_eq!(fake.webhooks().len(), 2, "no duplicate: {:?}", fake.webhooks());
    // The token the killed run sent is the one shown now: deliveries signed with it verify.
    let first = &fake.webhooks()[0];
    assert!(text.contains(first.secret_token.as_str()), "{text}");
}

#[test]
fn ashby_signed_delivery_verifies_and_one_changed_byte_is_invalid() {
    let home = home();
    let secret = "canary-ashby-token-5b0e";
    let body = br#"{"action":"candidateStageChange","webhookActionId":"wa-1","data":{"application":{"id":"a1"}}}"#;
    let signature = sign(secret.as_bytes(), body);
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.json");
    let bad = dir.path().join("bad.json");
    std::fs::write(&good, body).expect("write");
    let mut changed = body.to_vec();
    let at = changed.iter().position(|byte| *byte == b'1').expect("a digit");
    changed[at] = b'2';
    std::fs::write(&bad, &changed).expect("write");
    let verify = |file: &std::path::Path| {
        atsctl(&home)
            .env("ATSCTL_WEBHOOK_SECRET", secret)
            .args(["webhooks", "verify", "--ats", "ashby", "--signature", &signature])
            .arg("--file")
            .arg(file)
            .output()
            .expect("runs")
    };
    let valid = verify(&good);
    assert_eq!(code(&valid), 0, "{}", stderr(&valid));
    assert!(stdout(&valid).contains("signature valid"), "{}", stdout(&valid));
    let invalid = verify(&bad);
    assert_eq!(code(&invalid), 1, "{}", stderr(&invalid));

    let listener = Listener::start(&home, secret, &["--ats", "ashby", "--manifest", MANIFEST]);
    let accepted = listener.post(&[("Ashby-Signature", &signature)], body);
    let refused = listener.post(&[("Ashby-Signature", &signature)], &changed);
    let ping = listener.post(&[], br#"{"action":"ping","webhookActionId":"p-1"}"#);
    let finished = listener.stop();
    assert_eq!((accepted.status, refused.status, ping.status), (200, 401, 200));
    let live = format!("{}{}", finished.stdout, finished.stderr);
    assert!(
        live.contains("401 invalid_signature") && live.contains("Ashby does not retry a 401"),
        "a wrong secret is loud in the live view:\n{live}"
    );
    assert!(live.contains("200 ping"), "{live}");
    assert_secret_nowhere(&home, secret, [&valid, &invalid]);
    assert!(!finished.stdout.contains(secret) && !finished.stderr.contains(secret));
}
