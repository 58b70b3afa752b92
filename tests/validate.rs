//! `atsctl validate` against the fake Greenhouse (`support::fake_greenhouse`): real HTTP on
//! 127.0.0.1, verdicts, exit codes, what reached Harvest, and that secrets never leak.

use std::collections::BTreeSet;
use std::time::Duration;

use atsctl::catalog::Method;
use atsctl::manifest::{self, Ats, Manifest, Need};
use serde_json::Value;

use crate::support::fake_greenhouse::{FakeConfig, FakeGreenhouse, RateLimit};
use crate::support::{self, fixture, home, stderr, stdout};

const CLIENT_ID: &str = "eqtble-client";
const SECRET: &str = "client-secret-7f3c9e2a51";
const KEY: &str = "harvest-key-d41d8cd98f";
/// Values that must never appear in any output.
const CANARY_SECRET: &str = "canary-secret-5b8e0c7d2f19";
const CANARY_KEY: &str = "canary-key-9a4e61f0b3c2";

fn bundled(id: &str) -> Manifest {
    let bundled = manifest::bundled(id).expect("bundled partner");
    manifest::load(bundled.file, bundled.text)
        .manifest
        .expect("the bundled manifest loads")
}

/// The v3 scopes a partner needs, as `plan` lists them.
fn scopes(id: &str) -> Vec<String> {
    let checklist = atsctl::plan::checklist(&bundled(id), Ats::Greenhouse).expect("greenhouse setup");
    checklist.v3_scopes.into_iter().map(|item| item.scope).collect()
}

/// The labels of a partner's permissions with `method`.
fn labels(id: &str, method: Option<Method>) -> Vec<String> {
    let manifest = bundled(id);
    let setup = manifest.greenhouse.expect("greenhouse setup");
    setup
        .permissions
        .iter()
        .filter(|need| method.is_none_or(|method| need.permission.method() == method))
        .map(|need| need.permission.label().to_owned())
        .collect()
}

fn without(items: &[String], removed: &[&str]) -> Vec<String> {
    items
        .iter()
        .filter(|item| !removed.contains(&item.as_str()))
        .cloned()
        .collect()
}

/// `atsctl validate` pointed at `fake`, with no credential set yet.
fn validate(fake: &FakeGreenhouse, home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut command = support::atsctl(home);
    command
        .arg("validate")
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .timeout(Duration::from_secs(60));
    command
}

fn with_v3(command: &mut assert_cmd::Command, secret: &str, user: Option<u64>) {
    command
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", secret);
    if let Some(user) = user {
        command.env("ATSCTL_GREENHOUSE_USER_ID", user.to_string());
    }
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

fn code(output: &std::process::Output) -> i32 {
    output.status.code().expect("exit code")
}

/// Every permission row of a JSON report, as (label, status).
fn rows(report: &Value) -> Vec<(String, String)> {
    report["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .flat_map(|category| category["permissions"].as_array().expect("permissions").iter())
        .map(|row| {
            (
                row["label"].as_str().unwrap().to_owned(),
                row["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn with_status(report: &Value, key: &str, name: &str, status: &str) -> BTreeSet<String> {
    report[key]
        .as_array()
        .expect("array")
        .iter()
        .filter(|item| item["status"] == status)
        .map(|item| item[name].as_str().unwrap().to_owned())
        .collect()
}

fn missing_scopes(report: &Value) -> BTreeSet<String> {
    with_status(report, "scopes", "scope", "missing")
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn assert_only_gets_reached_harvest(fake: &FakeGreenhouse) {
    let writes: Vec<String> = fake
        .harvest_requests()
        .iter()
        .filter(|request| request.method != "GET")
        .map(|request| format!("{} {}", request.method, request.path))
        .collect();
    assert!(writes.is_empty(), "non-GET requests reached Harvest: {writes:?}");
}

#[test]
fn v3_with_every_scope_and_a_site_admin_passes() {
    let mut granted = scopes("eqtble");
    granted.push("harvest:jobs:create".to_owned());
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &granted));
    let home = home();
    let mut command = validate(&fake, &home);
    command.args(["eqtble", "--format", "json"]);
    with_v3(&mut command, SECRET, Some(FakeConfig::ADMIN));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["api"], "v3");
    assert_eq!(report["checked_by"], "introspection");
    assert_eq!(report["verdict"], "ok");
    let rows = rows(&report);
    assert_eq!(rows.len(), labels("eqtble", None).len());
    assert!(rows.iter().all(|(_, status)| status == "granted"), "{rows:?}");
    assert!(
        report["scopes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|scope| scope["status"] == "granted")
    );
    assert_eq!(report["acting_user"]["status"], "granted");
    assert_eq!(report["acting_user"]["site_admin"], true);
    assert_eq!(report["organization"]["name"], "Acme Recruiting");
    assert_eq!(
        report["least_privilege"]["extra"],
        serde_json::json!(["harvest:jobs:create"])
    );
    assert!(report["fixes"].as_array().unwrap().is_empty());
    assert_only_gets_reached_harvest(&fake);
    // The client secret went to the auth server only.
    assert!(
        fake.harvest_requests()
            .iter()
            .all(|request| request.auth != support::fake_greenhouse::AuthKind::Basic)
    );
}

#[test]
fn v3_missing_two_scopes_names_exactly_those_with_the_fix() {
    let removed = ["harvest:offers:list", "harvest:sources:list"];
    let fake =
        FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &without(&scopes("eqtble"), &removed)));
    let home = home();
    let mut command = validate(&fake, &home);
    command.args(["eqtble", "--format", "json"]);
    with_v3(&mut command, SECRET, Some(FakeConfig::ADMIN));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(missing_scopes(&report), set(&removed));
    let fixes: BTreeSet<String> = report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fix| fix["item"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fixes, set(&removed));
    let missing_rows: BTreeSet<String> = rows(&report)
        .into_iter()
        .filter(|(_, status)| status == "missing")
        .map(|(label, _)| label)
        .collect();
    assert_eq!(
        missing_rows,
        set(&[
            "GET: List Application's Offers",
            "GET: Retrieve Application's Current Offer",
            "GET: Retrieve Offer",
            "GET: List Offers",
            "GET: List Sources"
        ])
    );

    let mut table = validate(&fake, &home);
    table.arg("eqtble");
    with_v3(&mut table, SECRET, Some(FakeConfig::ADMIN));
    let output = table.output().unwrap();
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.contains("grant scope harvest:offers:list"), "{text}");
    assert!(text.contains("grant scope harvest:sources:list"), "{text}");
    assert!(text.starts_with("✘ 5 required items missing"), "verdict first: {text}");
    assert!(text.contains("Offers › GET: List Offers: missing"), "{text}");
    assert!(!text.contains("GET: List Jobs"), "granted items wait for --all: {text}");
}

#[test]
fn v3_acting_user_who_is_not_a_site_admin_is_a_finding() {
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &scopes("eqtble")));
    let home = home();
    let mut command = validate(&fake, &home);
    command.args(["eqtble", "--format", "json"]);
    with_v3(&mut command, SECRET, Some(FakeConfig::BASIC_USER));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["acting_user"]["status"], "missing");
    assert_eq!(report["acting_user"]["id"], "202");
    assert_eq!(report["acting_user"]["site_admin"], false);
    assert!(
        missing_scopes(&report).is_empty(),
        "every scope is granted; only the user is wrong"
    );
    let fix = report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|fix| fix["item"] == "acting user")
        .expect("a fix for the acting user");
    assert!(fix["action"].as_str().unwrap().contains("Site Admin"));
}

#[test]
fn v3_acting_user_role_is_inferred_without_claims() {
    // Introspection lists scopes but says nothing about the user: the role comes from what lists
    // return. With harvest:users:list, GET /v3/users?ids=<user> answers directly; without it
    // (eqtble does not need it), a few granted lists are read and must all be empty.
    let mut with_users = scopes("eqtble");
    with_users.push("harvest:users:list".to_owned());
    for (granted, witness) in [(with_users, "/v3/users"), (scopes("eqtble"), "")] {
        let config = FakeConfig {
            introspection_without_claims: true,
            ..FakeConfig::default()
        }
        .client(CLIENT_ID, SECRET, &granted);
        let fake = FakeGreenhouse::start(config);
        let home = home();
        for (user, status, code_wanted) in [
            (FakeConfig::ADMIN, "granted", 0),
            (FakeConfig::BASIC_USER, "missing", 1),
        ] {
            let mut command = validate(&fake, &home);
            command.args(["eqtble", "--format", "json"]);
            with_v3(&mut command, SECRET, Some(user));
            let output = command.output().unwrap();
            assert_eq!(
                code(&output),
                code_wanted,
                "user {user}, witness {witness:?}: {}",
                stderr(&output)
            );
            let report = json(&output);
            assert_eq!(
                report["acting_user"]["status"], status,
                "user {user}, witness {witness:?}"
            );
            assert_eq!(report["checked_by"], "introspection");
        }
        let requests = fake.harvest_requests();
        assert!(
            !requests.is_empty() && requests.len() <= 2 * 3,
            "a few role probes: {requests:?}"
        );
        if !witness.is_empty() {
            assert!(requests.iter().all(|request| request.path == witness), "{requests:?}");
            assert!(
                requests
                    .iter()
                    .any(|request| request.query.as_deref() == Some("per_page=1&ids=202")),
                "{requests:?}"
            );
        }
        assert_only_gets_reached_harvest(&fake);
    }
}

#[test]
fn v3_wrong_client_secret_is_rejected() {
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &scopes("eqtble")));
    let home = home();
    let mut command = validate(&fake, &home);
    command.arg("eqtble");
    with_v3(&mut command, "not-the-secret", Some(FakeConfig::ADMIN));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 3, "stderr: {}", stderr(&output));
    assert!(
        stderr(&output).contains("rejected the Harvest v3 client credentials"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("invalid_client"));
    assert!(
        fake.harvest_requests().is_empty(),
        "nothing is probed with a refused credential"
    );
}

#[test]
fn v1_unknown_key_is_rejected() {
    let fake = FakeGreenhouse::start(FakeConfig::default().key(KEY, &labels("headhuntr", Some(Method::Get))));
    let home = home();
    let output = validate(&fake, &home)
        .arg("headhuntr")
        .env("ATSCTL_HARVEST_API_KEY", "some-other-key-000")
        .output()
        .unwrap();
    assert_eq!(code(&output), 3, "stderr: {}", stderr(&output));
    assert!(
        stderr(&output).contains("Invalid Basic Auth credentials"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unreachable_host_exits_4_within_the_timeout() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "eqtble", "--timeout", "2s"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", format!("http://127.0.0.1:{port}"))
        .env("ATSCTL_HARVEST_URL", format!("http://127.0.0.1:{port}"))
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", SECRET)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(code(&output), 4, "stderr: {}", stderr(&output));
    assert!(stderr(&output).contains("could not be reached"), "{}", stderr(&output));
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    let home = home();
    for (variable, value) in [
        ("ATSCTL_HARVEST_URL", "http://harvest.greenhouse.io"),
        ("ATSCTL_GREENHOUSE_AUTH_URL", "http://10.1.2.3:8080"),
    ] {
        let output = support::atsctl(&home)
            .args(["validate", "eqtble"])
            .env(variable, value)
            .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
            .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", SECRET)
            .output()
            .unwrap();
        assert_eq!(code(&output), 2, "{variable}: {}", stderr(&output));
        assert!(stderr(&output).contains("https://"), "{}", stderr(&output));
        assert!(stderr(&output).contains(variable));
    }
}

#[test]
fn v3_without_introspection_probes_lists_and_agrees() {
    let removed = ["harvest:offers:list", "harvest:sources:list"];
    let granted = without(&scopes("eqtble"), &removed);
    let home = home();
    let mut reports = Vec::new();
    for introspection in [true, false] {
        let config = FakeConfig {
            introspection,
            ..FakeConfig::default()
        }
        .client(CLIENT_ID, SECRET, &granted);
        let fake = FakeGreenhouse::start(config);
        let mut command = validate(&fake, &home);
        command.args(["eqtble", "--format", "json"]);
        with_v3(&mut command, SECRET, Some(FakeConfig::ADMIN));
        let output = command.output().unwrap();
        assert_eq!(code(&output), 1, "introspection={introspection}: {}", stderr(&output));
        let report = json(&output);
        assert_eq!(
            report["checked_by"],
            if introspection { "introspection" } else { "v3_probes" }
        );
        assert_eq!(missing_scopes(&report), set(&removed), "introspection={introspection}");
        assert_eq!(report["acting_user"]["status"], "granted");
        if !introspection {
            // One GET per needed list scope, each with per_page=1, nothing else.
            let requests = fake.harvest_requests();
            assert_eq!(requests.len(), scopes("eqtble").len());
            assert!(
                requests
                    .iter()
                    .all(|request| request.query.as_deref() == Some("per_page=1")),
                "{requests:?}"
            );
            assert_eq!(report["least_privilege"]["checked"], false);
        }
        assert_only_gets_reached_harvest(&fake);
        reports.push(rows(&report));
    }
    assert_eq!(
        reports[0], reports[1],
        "probing gives the same per-permission verdicts as introspection"
    );
}

#[test]
fn v3_non_admin_without_introspection_is_found_by_empty_lists() {
    let config = FakeConfig {
        introspection: false,
        ..FakeConfig::default()
    }
    .client(CLIENT_ID, SECRET, &scopes("eqtble"));
    let fake = FakeGreenhouse::start(config);
    let home = home();
    let mut command = validate(&fake, &home);
    command.args(["eqtble", "--format", "json"]);
    with_v3(&mut command, SECRET, Some(FakeConfig::BASIC_USER));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["acting_user"]["status"], "missing");
    assert_eq!(report["acting_user"]["evidence"], "inferred");
}

#[test]
fn v1_key_with_part_of_headhuntrs_reads() {
    let reads = labels("headhuntr", Some(Method::Get));
    let removed = ["GET: List Users", "GET: Retrieve Job"];
    for label in removed {
        assert!(reads.contains(&label.to_owned()), "headhuntr needs {label}");
    }
    let fake = FakeGreenhouse::start(FakeConfig::default().key(KEY, &without(&reads, &removed)));
    let home = home();
    let output = validate(&fake, &home)
        .args(["headhuntr", "--format", "json"])
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["api"], "v1");
    let rows = rows(&report);
    let missing: BTreeSet<String> = rows
        .iter()
        .filter(|(_, status)| status == "missing")
        .map(|(label, _)| label.clone())
        .collect();
    assert_eq!(missing, set(&removed));
    let fixes: BTreeSet<String> = report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|fix| fix["item"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fixes, set(&removed));
    assert!(
        report["fixes"][0]["action"]
            .as_str()
            .unwrap()
            .contains("Manage API Key Permissions")
    );
    // Every write is unverified; every other read is granted.
    let writes = labels("headhuntr", None)
        .into_iter()
        .filter(|label| !label.starts_with("GET"))
        .collect::<BTreeSet<_>>();
    assert!(!writes.is_empty());
    for (label, status) in &rows {
        let expected = if writes.contains(label) {
            "unverified"
        } else if missing.contains(label) {
            "missing"
        } else {
            "granted"
        };
        assert_eq!(status, expected, "{label}");
    }
    // Harvest saw only GETs, one per distinct probe.
    assert_only_gets_reached_harvest(&fake);
    let requests = fake.harvest_requests();
    let distinct: BTreeSet<String> = requests.iter().map(|request| request.path.clone()).collect();
    assert_eq!(distinct.len(), requests.len(), "no probe was sent twice: {requests:?}");
}

#[test]
fn v1_optional_missing_reads_do_not_fail_the_check() {
    let manifest = bundled("headhuntr");
    let optional: Vec<String> = manifest
        .greenhouse
        .unwrap()
        .permissions
        .iter()
        .filter(|need| need.need == Need::Optional && need.permission.method() == Method::Get)
        .map(|need| need.permission.label().to_owned())
        .collect();
    assert!(!optional.is_empty(), "headhuntr has optional reads");
    let first = optional[0].as_str();
    let fake = FakeGreenhouse::start(
        FakeConfig::default().key(KEY, &without(&labels("headhuntr", Some(Method::Get)), &[first])),
    );
    let home = home();
    let output = validate(&fake, &home)
        .args(["headhuntr", "--format", "json"])
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["missing"], 1);
    assert_eq!(report["summary"]["required_missing"], 0);
    // Writes are unverified: --strict turns them into a finding.
    let strict = validate(&fake, &home)
        .args(["headhuntr", "--strict"])
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&strict), 1, "{}", stdout(&strict));
    assert!(stdout(&strict).contains("(--strict)"), "{}", stdout(&strict));
}

#[test]
fn v1_retired_api_exits_4_with_the_way_to_v3() {
    let fake = FakeGreenhouse::start(
        FakeConfig {
            v1_retired: true,
            ..FakeConfig::default()
        }
        .key(KEY, &labels("eqtble", None)),
    );
    let home = home();
    let output = validate(&fake, &home)
        .arg("eqtble")
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 4, "stderr: {}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("retired Harvest v1/v2 on 2026-08-31"), "{text}");
    assert!(text.contains("Harvest v3"), "{text}");
    assert!(
        text.contains("harvest:jobs:list"),
        "the scopes to grant are named: {text}"
    );
    assert!(
        fake.harvest_requests()
            .iter()
            .all(|request| request.query.as_deref() == Some("per_page=1")),
        "stops after the list probes"
    );
}

#[test]
fn pacing_keeps_30_probes_under_the_limit() {
    // 10 requests per 1 s window (the real v1 limit is per 10 s; the logic is the same).
    let limit = RateLimit {
        limit: 10,
        window: Duration::from_secs(1),
        announce_reset_v1: true,
    };
    let permissions: Vec<String> = {
        let text = std::fs::read_to_string(fixture("validate/thirty-reads.yaml")).unwrap();
        let manifest = manifest::load("thirty-reads.yaml", &text)
            .manifest
            .expect("fixture loads");
        manifest
            .greenhouse
            .unwrap()
            .permissions
            .iter()
            .map(|need| need.permission.label().to_owned())
            .collect()
    };
    let fake = FakeGreenhouse::start(
        FakeConfig {
            rate_limit: Some(limit),
            ..FakeConfig::default()
        }
        .key(KEY, &permissions),
    );
    let home = home();
    let output = validate(&fake, &home)
        .args([
            "--manifest",
            fixture("validate/thirty-reads.yaml").to_str().unwrap(),
            "--format",
            "json",
        ])
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["granted"], 30);
    assert_eq!(fake.harvest_requests().len(), 30, "one request per probe");
    assert_eq!(fake.count_status(429), 0, "the pacer kept under the limit");
}

#[test]
fn pacing_keeps_v3_probes_under_the_limit() {
    let limit = RateLimit {
        limit: 10,
        window: Duration::from_secs(1),
        announce_reset_v1: false,
    };
    let config = FakeConfig {
        rate_limit: Some(limit),
        introspection: false,
        ..FakeConfig::default()
    }
    .client(CLIENT_ID, SECRET, &scopes("eqtble"));
    let fake = FakeGreenhouse::start(config);
    let home = home();
    let mut command = validate(&fake, &home);
    command.args(["eqtble", "--format", "json"]);
    with_v3(&mut command, SECRET, Some(FakeConfig::ADMIN));
    let output = command.output().unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    assert_eq!(fake.harvest_requests().len(), scopes("eqtble").len());
    assert_eq!(fake.count_status(429), 0);
}

#[test]
fn faults_and_429s_are_retried() {
    let config = FakeConfig {
        drop_first: 1,
        fail_first: 2,
        throttle_first: 1,
        ..FakeConfig::default()
    }
    .key(KEY, &labels("headhuntr", Some(Method::Get)));
    let fake = FakeGreenhouse::start(config);
    let home = home();
    let output = validate(&fake, &home)
        .args(["headhuntr", "--format", "json", "-v"])
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["summary"]["missing"], 0);
    assert_eq!(fake.count_status(500), 2);
    assert_eq!(fake.count_status(429), 1);
    assert_eq!(fake.count_status(0), 1, "one dropped connection");
    let log = stderr(&output);
    assert!(log.contains("429 Retry-After"), "{log}");
    assert!(log.contains("backoff"), "{log}");
}

#[test]
fn v3_wins_when_both_credentials_are_set_unless_api_says_otherwise() {
    let fake = FakeGreenhouse::start(
        FakeConfig::default()
            .client(CLIENT_ID, SECRET, &scopes("eqtble"))
            .key(KEY, &labels("eqtble", None)),
    );
    let home = home();
    for (api, expected) in [(None, "v3"), (Some("v1"), "v1"), (Some("v3"), "v3")] {
        let mut command = validate(&fake, &home);
        command
            .args(["eqtble", "--format", "json"])
            .env("ATSCTL_HARVEST_API_KEY", KEY);
        with_v3(&mut command, SECRET, Some(FakeConfig::ADMIN));
        if let Some(api) = api {
            command.args(["--api", api]);
        }
        let output = command.output().unwrap();
        assert_eq!(json(&output)["api"], expected, "--api {api:?}");
    }
}

#[test]
fn secrets_can_come_from_stdin() {
    let fake = FakeGreenhouse::start(
        FakeConfig::default()
            .client(CLIENT_ID, SECRET, &scopes("eqtble"))
            .key(KEY, &labels("eqtble", None)),
    );
    let home = home();
    let output = validate(&fake, &home)
        .args(["eqtble", "--client-secret-stdin"])
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_USER_ID", FakeConfig::ADMIN.to_string())
        .write_stdin(format!("{SECRET}\n"))
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let output = validate(&fake, &home)
        .args(["eqtble", "--api-key-stdin", "--format", "json"])
        .write_stdin(KEY)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    assert_eq!(json(&output)["api"], "v1");
}

#[test]
fn no_credential_is_a_usage_error_naming_the_variables() {
    let home = home();
    let output = support::atsctl(&home).args(["validate", "eqtble"]).output().unwrap();
    assert_eq!(code(&output), 2);
    let text = stderr(&output);
    assert!(
        text.contains("ATSCTL_GREENHOUSE_CLIENT_ID") && text.contains("ATSCTL_HARVEST_API_KEY"),
        "{text}"
    );
    let half = support::atsctl(&home)
        .args(["validate", "eqtble"])
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .output()
        .unwrap();
    assert_eq!(code(&half), 2);
    assert!(
        stderr(&half).contains("ATSCTL_GREENHOUSE_CLIENT_SECRET"),
        "{}",
        stderr(&half)
    );
}

#[test]
fn canary_secrets_never_appear_in_any_output() {
    let reads = labels("headhuntr", Some(Method::Get));
    let config = FakeConfig {
        fail_first: 1,
        ..FakeConfig::default()
    }
    .client(CLIENT_ID, CANARY_SECRET, &scopes("headhuntr"))
    .key(CANARY_KEY, &without(&reads, &["GET: List Users"]));
    let fake = FakeGreenhouse::start(config);
    let no_introspection = FakeGreenhouse::start(
        FakeConfig {
            introspection: false,
            ..FakeConfig::default()
        }
        .client(CLIENT_ID, CANARY_SECRET, &scopes("headhuntr")),
    );
    let home = home();
    let mut runs = Vec::new();
    for verbosity in [None, Some("-v"), Some("-vv")] {
        for format in ["table", "json"] {
            for target in [&fake, &no_introspection] {
                // v3, good secret
                let mut command = validate(target, &home);
                command.args(["headhuntr", "--format", format]);
                command.args(verbosity);
                with_v3(&mut command, CANARY_SECRET, Some(FakeConfig::ADMIN));
                runs.push(command.output().unwrap());
            }
            // v1 key, good and bad
            for key in [CANARY_KEY, "canary-key-wrong-000000"] {
                let mut command = validate(&fake, &home);
                command
                    .args(["headhuntr", "--format", format])
                    .args(verbosity)
                    .env("ATSCTL_HARVEST_API_KEY", key);
                runs.push(command.output().unwrap());
            }
            // v3, wrong secret that contains the canary
            let mut command = validate(&fake, &home);
            command.args(["headhuntr", "--format", format]).args(verbosity);
            with_v3(&mut command, &format!("{CANARY_SECRET}-wrong"), None);
            runs.push(command.output().unwrap());
        }
    }
    let codes: BTreeSet<i32> = runs.iter().map(code).collect();
    assert_eq!(
        codes,
        [0, 1, 3].into_iter().collect(),
        "the runs cover success, findings and rejection"
    );
    for output in &runs {
        for text in [stdout(output), stderr(output)] {
            assert!(
                !text.contains(CANARY_SECRET) && !text.contains(CANARY_KEY) && !text.contains("canary-key-wrong"),
                "a secret leaked:\n{text}"
            );
        }
    }
    assert!(
        runs.iter().any(|output| stderr(output).contains("→ 200")),
        "verbose runs show requests"
    );
}

/// A server that answers every request with a redirect to `target`, counting requests.
fn redirecting_server(target: String) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    serve_raw(move |_| {
        format!("HTTP/1.1 302 Found\r\nLocation: {target}/v1/jobs\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    })
}

/// A minimal HTTP/1.1 server on 127.0.0.1 that answers each request with `answer(request head)`.
fn serve_raw(
    answer: impl Fn(&str) -> String + Send + 'static,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
                head.push_str(&line);
                line.clear();
            }
            let _ = reader.get_mut().write_all(answer(&head).as_bytes());
        }
    });
    (url, count)
}

#[test]
fn credentials_never_follow_a_redirect() {
    let (elsewhere, reached) =
        serve_raw(|_| "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]".to_owned());
    let (redirector, redirected) = redirecting_server(elsewhere);
    let home = home();
    // v1: the key would travel in the Authorization header of the followed request.
    let output = support::atsctl(&home)
        .args(["validate", "eqtble", "--api", "v1"])
        .env("ATSCTL_HARVEST_URL", &redirector)
        .env("ATSCTL_HARVEST_API_KEY", KEY)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        4,
        "a Harvest that only redirects is not the v1 API: {}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("not followed"), "{}", stderr(&output));
    // v3: the client secret would travel to the redirect target of the token request.
    let output = support::atsctl(&home)
        .args(["validate", "eqtble"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", &redirector)
        .env("ATSCTL_HARVEST_URL", &redirector)
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", SECRET)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(code(&output), 4, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("redirecting to") && stderr(&output).contains("not followed"),
        "{}",
        stderr(&output)
    );
    assert!(redirected.load(std::sync::atomic::Ordering::SeqCst) > 0);
    assert_eq!(
        reached.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "no request followed the redirect"
    );
}

/// `auth login` (kernel keyring) → `auth status` shows the profile without its secret →
/// `validate --profile` uses it, with the profile's hosts; the environment still overrides the
/// credential and the hosts. Each step is its own process.
#[cfg(target_os = "linux")]
#[test]
fn a_stored_profile_is_used_by_validate_and_the_environment_overrides_it() {
    use crate::support::keyring::{LogoutOnDrop, atsctl_without_secret_service, unique_profile};

    let removed = ["harvest:offers:list", "harvest:sources:list"];
    let full_secret = format!("{CANARY_SECRET}-full");
    let partial_secret = format!("{CANARY_SECRET}-partial");
    let config = FakeConfig::default()
        .client("profile-full", &full_secret, &scopes("eqtble"))
        .client(
            "profile-partial",
            &partial_secret,
            &without(&scopes("eqtble"), &removed),
        )
        .client(CLIENT_ID, SECRET, &scopes("eqtble"));
    let fake = FakeGreenhouse::start(config.clone());
    // The same clients elsewhere: where the environment's URLs point.
    let elsewhere = FakeGreenhouse::start(config);
    let home = home();
    let [full, partial, wrong] = [unique_profile(), unique_profile(), unique_profile()];
    let _cleanup = [&full, &partial, &wrong].map(|profile| LogoutOnDrop { home: &home, profile });
    let (auth_url, harvest_url) = (fake.auth_url(), fake.harvest_url());
    for (profile, client, secret) in [
        (&full, "profile-full", &full_secret),
        (&partial, "profile-partial", &partial_secret),
    ] {
        let login = atsctl_without_secret_service(&home)
            .args([
                "auth",
                "login",
                "--profile",
                profile,
                "--ats",
                "greenhouse",
                "--client-id",
                client,
            ])
            .args(["--user-id", &FakeConfig::ADMIN.to_string(), "--client-secret-stdin"])
            .args([
                "--auth-url",
                &auth_url,
                "--harvest-url",
                &harvest_url,
                "--store",
                "kernel-keyring",
            ])
            .write_stdin(format!("{secret}\n"))
            .output()
            .unwrap();
        assert_eq!(code(&login), 0, "{}", stderr(&login));
    }
    let mut outputs = Vec::new();

    let status = atsctl_without_secret_service(&home)
        .args(["auth", "status", "--profile", &partial])
        .output()
        .unwrap();
    assert_eq!(code(&status), 0, "{}", stderr(&status));
    let text = stdout(&status);
    assert!(
        text.contains(&partial) && text.contains("client id profile-partial, acting user 101"),
        "{text}"
    );
    assert!(text.contains("secret stored in the Linux kernel keyring"), "{text}");
    assert!(text.contains(&format!("harvest {harvest_url} (custom)")), "{text}");
    outputs.push(status);

    // No ATSCTL_* variable at all: credential and hosts come from the profile.
    let profile_run = |profile: &str, extra: &[&str]| {
        atsctl_without_secret_service(&home)
            .args(["validate", "eqtble", "--profile", profile])
            .args(extra)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let passing = profile_run(&full, &["--format", "json"]);
    assert_eq!(code(&passing), 0, "{}", stderr(&passing));
    let report = json(&passing);
    assert_eq!(report["api"], "v3");
    assert_eq!(report["harvest_url"], harvest_url.as_str());
    assert_eq!(
        report["credential"],
        format!(
            "Harvest v3 client profile-full (secret from profile {full} in the Linux kernel keyring, acting user 101)"
        )
    );
    assert_eq!(report["acting_user"]["status"], "granted");
    outputs.push(passing);

    let failing = profile_run(&partial, &["--format", "json"]);
    assert_eq!(code(&failing), 1, "{}", stderr(&failing));
    assert_eq!(missing_scopes(&json(&failing)), set(&removed));
    outputs.push(failing);
    assert_eq!(
        elsewhere.requests().len(),
        0,
        "without ATSCTL_* URLs, only the profile's hosts are used"
    );

    // ATSCTL_PROFILE picks the profile like --profile.
    let by_variable = atsctl_without_secret_service(&home)
        .args(["validate", "eqtble", "--format", "json"])
        .env("ATSCTL_PROFILE", &partial)
        .output()
        .unwrap();
    assert_eq!(code(&by_variable), 1, "{}", stderr(&by_variable));
    assert_eq!(missing_scopes(&json(&by_variable)), set(&removed));
    outputs.push(by_variable);

    // The environment's URLs override the profile's; the stored credential still applies.
    let requests_before = fake.requests().len();
    let moved = atsctl_without_secret_service(&home)
        .args(["validate", "eqtble", "--profile", &partial, "--format", "json"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", elsewhere.auth_url())
        .env("ATSCTL_HARVEST_URL", elsewhere.harvest_url())
        .output()
        .unwrap();
    assert_eq!(code(&moved), 1, "{}", stderr(&moved));
    assert_eq!(json(&moved)["harvest_url"], elsewhere.harvest_url().as_str());
    assert!(
        elsewhere.requests().iter().any(|request| request.path == "/token"),
        "the token came from the environment's auth server"
    );
    outputs.push(moved);

    // A credential in the environment replaces the profile's whole, and the profile's hosts do
    // not travel with it.
    let mut overridden = validate(&elsewhere, &home);
    overridden
        .args(["eqtble", "--profile", &partial, "--format", "json"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", home.path());
    with_v3(&mut overridden, SECRET, Some(FakeConfig::ADMIN));
    let overridden = overridden.output().unwrap();
    assert_eq!(code(&overridden), 0, "{}", stderr(&overridden));
    let report = json(&overridden);
    assert_eq!(
        report["credential"],
        format!("Harvest v3 client {CLIENT_ID} (secret from ATSCTL_GREENHOUSE_CLIENT_SECRET, acting user 101)")
    );
    assert_eq!(report["harvest_url"], elsewhere.harvest_url().as_str());
    outputs.push(overridden);
    assert_eq!(
        fake.requests().len(),
        requests_before,
        "the profile's hosts saw nothing once the environment pointed elsewhere"
    );

    // A wrong stored secret is rejected, with the way to store the right one.
    let login = atsctl_without_secret_service(&home)
        .args([
            "auth",
            "login",
            "--profile",
            &wrong,
            "--ats",
            "greenhouse",
            "--client-id",
            "profile-full",
        ])
        .args([
            "--client-secret-stdin",
            "--auth-url",
            &auth_url,
            "--harvest-url",
            &harvest_url,
        ])
        .args(["--store", "kernel-keyring"])
        .write_stdin(format!("{CANARY_SECRET}-wrong"))
        .output()
        .unwrap();
    assert_eq!(code(&login), 0, "{}", stderr(&login));
    let rejected = profile_run(&wrong, &[]);
    assert_eq!(code(&rejected), 3, "{}", stderr(&rejected));
    let text = stderr(&rejected);
    assert!(
        text.contains("rejected the Harvest v3 client credentials (401: invalid_client)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("atsctl auth login --profile {wrong} --ats greenhouse")),
        "{text}"
    );
    outputs.push(rejected);

    // Secrets appear nowhere, at any verbosity.
    for verbosity in [None, Some("-v"), Some("-vv")] {
        for format in ["table", "json"] {
            let mut extra = vec!["--format", format];
            extra.extend(verbosity);
            let run = profile_run(&full, &extra);
            assert_eq!(code(&run), 0, "{}", stderr(&run));
            if verbosity.is_some() {
                assert!(stderr(&run).contains("/token → 200"), "{}", stderr(&run));
            }
            outputs.push(run);
        }
    }
    let missing = profile_run("nobody-has-this-profile", &[]);
    assert_eq!(code(&missing), 2);
    assert!(
        stderr(&missing).contains("no profile named \"nobody-has-this-profile\"") && stderr(&missing).contains(&full),
        "{}",
        stderr(&missing)
    );
    outputs.push(missing);

    for output in &outputs {
        for text in [stdout(output), stderr(output)] {
            assert!(!text.contains(CANARY_SECRET), "a secret leaked:\n{text}");
        }
    }
    let config_text = std::fs::read_to_string(home.path().join("config/atsctl/profiles.toml")).unwrap();
    assert!(config_text.contains("client_id = \"profile-full\""), "{config_text}");
    assert!(
        !config_text.contains(CANARY_SECRET),
        "a secret in the config file:\n{config_text}"
    );
}

#[test]
fn a_flag_of_the_other_ats_is_refused_not_ignored() {
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "hipeople", "--ats", "lever", "--strict"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--strict applies only to --ats greenhouse"));
    let output = support::atsctl(&home)
        .args(["validate", "eqtble", "--region", "eu"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--region applies only to --ats lever"));
}
