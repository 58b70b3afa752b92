//! Ashby's library folder against the fake Ashby (`support::fake_ashby`): real HTTP on
//! 127.0.0.1, the check through `apiKey.info` and through safe probes, what reached Ashby (the
//! fake's request log), webhook creation across runs, lost answers and a killed run, signed
//! deliveries, and that the API key and secret tokens never leak. These tests drive the library
//! directly; `ashby_cli.rs` drives the binary.

use std::collections::BTreeSet;
use std::time::Duration;

use atsctl::ashby::apply::{self, Outcome, PlanAction};
use atsctl::ashby::check::{self, CheckContext};
use atsctl::ashby::manifest::{self, AshbySetup};
use atsctl::ashby::report::{CheckedBy, Evidence, FixAction, PartnerRef, Status, Verdict};
use atsctl::ashby::state::{RecordStatus, StateFile};
use atsctl::ashby::{AshbyClient, AshbyOptions, ErrorKind, verify};
use atsctl::catalog::ashby::{Access, AshbyCatalog};
use atsctl::http::{BaseUrl, Secret};
use atsctl::webhooks::{Kind, Secrets, Verdict as DeliveryVerdict};
use serde_json::json;

use crate::support::fake_ashby::{ALL_READS, FakeAshby, FakeAshbyConfig, Fault, FaultRule, ForbiddenShape, RateLimit};

const KEY: &str = "ashby-key-5c2e81f07a94";
/// A key whose every appearance in output or files is a leak.
const CANARY_KEY: &str = "canary-ashby-key-d41f6b3e92c7";
const NO_CANDIDATES_KEY: &str = "ashby-key-no-candidates-7e13";
const NO_API_KEYS_KEY: &str = "ashby-key-no-api-keys-0b6d";
const HOOK_URL: &str = "https://hooks.acme-sourcing.example/ashby";
const PARTNER: &str = "acme-sourcing";

/// The reads the example manifest needs, API Keys read and write, and nothing else.
fn full_permissions() -> Vec<&'static str> {
    let mut permissions: Vec<&str> = ALL_READS.to_vec();
    permissions.push("apiKeysWrite");
    permissions
}

fn without(removed: &[&str]) -> Vec<&'static str> {
    full_permissions()
        .into_iter()
        .filter(|id| !removed.contains(id))
        .collect()
}

fn config() -> FakeAshbyConfig {
    FakeAshbyConfig::default()
        .key(KEY, &full_permissions())
        .key(CANARY_KEY, &full_permissions())
        .key(NO_CANDIDATES_KEY, &without(&["candidatesRead"]))
        .key(NO_API_KEYS_KEY, &without(&["apiKeysRead", "apiKeysWrite"]))
}

/// The example manifest's Ashby section, validated.
fn example() -> AshbySetup {
    let file = "examples/manifests/acme-sourcing-ashby.yaml";
    let text = std::fs::read_to_string(crate::support::repo_root().join(file)).expect("the example exists");
    let raw = manifest::section_from_manifest(file, &text)
        .expect("the example is YAML")
        .expect("the example has an ashby section");
    let validated = manifest::validate(raw, file);
    assert!(validated.diagnostics.is_empty(), "{:?}", validated.diagnostics);
    validated.setup
}

fn partner() -> PartnerRef {
    PartnerRef {
        id: PARTNER.into(),
        name: "Acme Sourcing".into(),
    }
}

fn client(fake: &FakeAshby, key: &str) -> AshbyClient {
    let base = BaseUrl::parse("ATSCTL_ASHBY_URL", &fake.url()).expect("a loopback URL");
    let options = AshbyOptions {
        timeout: Duration::from_secs(5),
        ..AshbyOptions::default()
    };
    AshbyClient::new(base, Secret::new(key), &options).expect("a client")
}

fn context() -> CheckContext {
    CheckContext {
        partner: partner(),
        credential: "API key from ATSCTL_ASHBY_API_KEY".into(),
        api_url_source: "ATSCTL_ASHBY_URL".into(),
        strict: false,
    }
}

fn status_of(report: &atsctl::ashby::report::AshbyReport, id: &str) -> (Status, Evidence) {
    let row = report
        .permissions
        .iter()
        .find(|row| row.permission_id == id)
        .unwrap_or_else(|| panic!("no row for {id}"));
    (row.status, row.evidence)
}

/// Every endpoint the fake saw must be a catalog safe probe, sent with the catalog's body.
fn assert_only_safe_probes(fake: &FakeAshby) {
    let catalog = AshbyCatalog::bundled();
    for request in fake.requests() {
        let probe = catalog
            .probe(&request.endpoint)
            .unwrap_or_else(|| panic!("{} is not a safe probe", request.endpoint));
        assert_eq!(request.method, "POST");
        let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap_or("null")).unwrap();
        assert_eq!(&body, probe.body(), "{}", request.endpoint);
    }
}

#[tokio::test]
async fn ashby_every_needed_read_granted_from_one_api_key_info() {
    let fake = FakeAshby::start(config());
    let report = check::check(&example(), &client(&fake, KEY), &context())
        .await
        .expect("a report");
    assert_eq!(report.verdict, Verdict::Ok, "{report:#?}");
    assert_eq!(report.checked_by, CheckedBy::ApiKeyInfo);
    assert_eq!(report.key_title.as_deref(), Some("key 1"));
    for id in [
        "jobsRead",
        "candidatesRead",
        "hiringProcessMetadataRead",
        "organizationRead",
    ] {
        assert_eq!(status_of(&report, id), (Status::Granted, Evidence::ApiKeyInfo), "{id}");
    }
    assert_eq!(
        status_of(&report, "candidatesWrite").0,
        Status::Unverified,
        "a write scope spelling is never published, so its absence proves nothing"
    );
    let apply = report.apply_permission.as_ref().expect("the example has webhooks");
    assert_eq!(
        (apply.permission_id.as_str(), apply.status),
        ("apiKeysWrite", Status::Granted)
    );
    assert_eq!(report.toggles[0].status, Status::Unverified);
    assert!(report.fixes.is_empty());
    assert_eq!(fake.endpoints(), ["apiKey.info"], "one request answers every read");
    assert_only_safe_probes(&fake);
    // Scopes beyond the manifest's are listed.
    assert!(report.least_privilege.checked);
    assert!(report.least_privilege.extra.contains(&"offers:read".to_owned()));
}

#[tokio::test]
async fn ashby_without_api_keys_read_sends_one_safe_probe_per_needed_read() {
    let fake = FakeAshby::start(config());
    let report = check::check(&example(), &client(&fake, NO_API_KEYS_KEY), &context())
        .await
        .expect("a report");
    assert_eq!(report.verdict, Verdict::Ok, "{report:#?}");
    assert_eq!(report.checked_by, CheckedBy::Probes);
    for id in [
        "jobsRead",
        "candidatesRead",
        "hiringProcessMetadataRead",
        "organizationRead",
    ] {
        assert_eq!(status_of(&report, id), (Status::Granted, Evidence::Probe), "{id}");
    }
    assert!(
        report.notes.iter().any(|note| note.contains("lacks API Keys: Read")),
        "{:?}",
        report.notes
    );
    let endpoints: BTreeSet<String> = fake.endpoints().into_iter().collect();
    assert_eq!(
        endpoints,
        [
            "apiKey.info",
            "candidate.list",
            "candidateTag.list",
            "department.list",
            "job.list"
        ]
        .map(str::to_owned)
        .into(),
    );
    assert_eq!(fake.requests().len(), 5, "one request per needed read, no more");
    assert_only_safe_probes(&fake);
    assert!(
        fake.requests()
            .iter()
            .filter(|request| request.endpoint.ends_with(".list"))
            .all(|request| request.body.as_deref() == Some(r#"{"limit":1}"#)),
        "the smallest page"
    );
}

#[tokio::test]
async fn ashby_one_module_removed_is_missing_and_named_with_its_fix() {
    // Through apiKey.info.
    let fake = FakeAshby::start(config());
    let report = check::check(&example(), &client(&fake, NO_CANDIDATES_KEY), &context())
        .await
        .expect("a report");
    assert_eq!(report.verdict, Verdict::Findings);
    assert_eq!(
        status_of(&report, "candidatesRead"),
        (Status::Missing, Evidence::ApiKeyInfo)
    );
    assert_eq!(report.summary.required_missing, 1);
    let fix = &report.fixes[0];
    assert_eq!(fix.item, "Candidates: Read");
    assert!(fix.required);
    assert!(matches!(
        &fix.action,
        FixAction::GrantPermission { access: Access::Read, permission_id, .. } if permission_id == "candidatesRead"
    ));
    assert_eq!(
        fix.sentence(),
        "Tick \"Candidates: Read\" (candidatesRead) on the API key in Admin → Integrations → API Keys."
    );
    // Through probes, wherever Ashby puts `missing_endpoint_permission`.
    for shape in [
        ForbiddenShape::ErrorInfo,
        ForbiddenShape::ErrorsString,
        ForbiddenShape::ErrorsObject,
    ] {
        let fake = FakeAshby::start(FakeAshbyConfig {
            forbidden_shape: shape,
            ..config().key("probe-only-no-candidates", &without(&["apiKeysRead", "candidatesRead"]))
        });
        let report = check::check(&example(), &client(&fake, "probe-only-no-candidates"), &context())
            .await
            .unwrap_or_else(|error| panic!("{shape:?}: {error}"));
        assert_eq!(report.verdict, Verdict::Findings, "{shape:?}");
        assert_eq!(
            status_of(&report, "candidatesRead"),
            (Status::Missing, Evidence::Probe),
            "{shape:?}"
        );
        assert_eq!(status_of(&report, "jobsRead").0, Status::Granted, "{shape:?}");
        assert_eq!(report.fixes[0].item, "Candidates: Read", "{shape:?}");
        assert_only_safe_probes(&fake);
    }
}

#[tokio::test]
async fn ashby_wrong_key_is_rejected_without_echoing_it() {
    let fake = FakeAshby::start(FakeAshbyConfig {
        echo_key_in_errors: true,
        ..config()
    });
    let wrong = "canary-wrong-ashby-key-8a1f2c";
    let error = check::check(&example(), &client(&fake, wrong), &context())
        .await
        .expect_err("a wrong key stops the check");
    assert_eq!(error.kind, ErrorKind::Rejected);
    assert!(error.message.contains("403"), "{}", error.message);
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(wrong), "{shown}");
    assert!(error.help[0].contains("ATSCTL_ASHBY_API_KEY"), "{:?}", error.help);
    assert_eq!(fake.endpoints(), ["apiKey.info"], "nothing else is tried");
    // No key at all: 401.
    let error = check::check(&example(), &client(&fake, ""), &context())
        .await
        .expect_err("no key");
    assert_eq!(error.kind, ErrorKind::Rejected);
    assert!(error.message.contains("401"), "{}", error.message);
    // auth status --check sees the same.
    assert_eq!(
        atsctl::ashby::verify_accepted(&client(&fake, wrong)).await.state(),
        "rejected"
    );
    assert_eq!(
        atsctl::ashby::verify_accepted(&client(&fake, NO_API_KEYS_KEY))
            .await
            .state(),
        "accepted"
    );
}

#[tokio::test]
async fn ashby_a_server_that_is_not_ashby_is_unreachable() {
    let fake = FakeAshby::start(config());
    // A path prefix the fake does not serve: every endpoint answers 404.
    let base = BaseUrl::parse("ATSCTL_ASHBY_URL", &format!("{}/v1", fake.url())).unwrap();
    let wrong_place = AshbyClient::new(base, Secret::new(KEY), &AshbyOptions::default()).unwrap();
    let error = check::check(&example(), &wrong_place, &context()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Unreachable);
    assert!(error.message.contains("404"), "{}", error.message);
    // A closed port.
    let closed = BaseUrl::parse("X", "http://127.0.0.1:9").unwrap();
    let options = AshbyOptions {
        timeout: Duration::from_millis(500),
        ..AshbyOptions::default()
    };
    let nobody = AshbyClient::new(closed, Secret::new(KEY), &options).unwrap();
    let error = check::check(&example(), &nobody, &context()).await.unwrap_err();
    assert_eq!(error.kind, ErrorKind::Unreachable);
}

#[tokio::test]
async fn ashby_rate_limited_probes_are_waited_out() {
    let fake = FakeAshby::start(FakeAshbyConfig {
        rate_limit: Some(RateLimit {
            per_second: 2,
            burst: 2,
            retry_after: true,
            partner_scope: true,
        }),
        ..config()
    });
    let report = check::check(&example(), &client(&fake, NO_API_KEYS_KEY), &context())
        .await
        .expect("429s are waited out");
    assert_eq!(report.verdict, Verdict::Ok);
    let limited = fake.requests().iter().filter(|request| request.status == 429).count();
    assert!(limited >= 1, "the fake limited some requests");
    let answered: Vec<(String, u16)> = fake
        .requests()
        .into_iter()
        .filter(|request| request.status != 429)
        .map(|request| (request.endpoint, request.status))
        .collect();
    assert_eq!(
        answered.len(),
        5,
        "apiKey.info and four probes, each answered in the end: {answered:?}"
    );
    assert_eq!(answered.iter().filter(|(_, status)| *status == 200).count(), 4);
}

fn state_file(dir: &tempfile::TempDir) -> StateFile {
    StateFile::new(dir.path().join("state/ashby").join("acme-sourcing.json"))
}

#[tokio::test]
async fn ashby_apply_creates_the_webhooks_and_a_second_run_creates_none() {
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let setup = example();

    let plan = apply::plan(&setup, partner(), &client, &state, None)
        .await
        .expect("a plan");
    assert_eq!(plan.permission.label, "API Keys: Write");
    assert_eq!(plan.create_count(), 2);
    assert!(
        fake.requests().is_empty(),
        "planning from an empty state asks Ashby nothing"
    );
    let mut tokens = Vec::new();
    for item in plan.to_create() {
        let created = apply::create(&client, &state, PARTNER, item, None)
            .await
            .expect("created");
        assert_eq!(created.outcome, Outcome::Created);
        assert!(created.token_generated);
        let token = created.secret_token.expect("shown once");
        assert_eq!(token.expose().len(), 64);
        tokens.push(token.expose().to_owned());
    }
    let held = fake.webhooks();
    assert_eq!(held.len(), 2);
    let types: BTreeSet<&str> = held.iter().map(|w| w.webhook_type.as_str()).collect();
    assert_eq!(types, BTreeSet::from(["candidateHire", "candidateStageChange"]));
    assert!(held.iter().all(|w| w.url == HOOK_URL));
    let held_tokens: BTreeSet<&str> = held.iter().map(|w| w.secret_token.as_str()).collect();
    assert_eq!(held_tokens, tokens.iter().map(String::as_str).collect());
    assert_ne!(tokens[0], tokens[1]);
    // The state file holds no token and no key.
    let text = std::fs::read_to_string(state.path()).unwrap();
    for secret in tokens.iter().map(String::as_str).chain([KEY]) {
        assert!(!text.contains(secret), "{secret} in the state file:\n{text}");
    }

    fake.clear_log();
    let again = apply::plan(&setup, partner(), &client, &state, None)
        .await
        .expect("a plan");
    assert_eq!(again.create_count(), 0, "{again:#?}");
    assert!(
        again
            .items
            .iter()
            .all(|item| item.action == PlanAction::Exists && item.enabled == Some(true))
    );
    assert_eq!(fake.count("webhook.info"), 2, "each record is confirmed");
    assert_eq!(fake.count("webhook.create"), 0);
    assert_eq!(fake.webhooks().len(), 2);
}

#[tokio::test]
async fn ashby_a_run_killed_after_the_first_create_resumes_without_a_duplicate() {
    // The first create reaches Ashby and is never answered; the run is killed while waiting.
    let fake = FakeAshby::start(config().fault(FaultRule::new(Some("webhook.create"), Fault::HangAfterCreate, 1)));
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let setup = example();
    let plan = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    let first = plan.items[0].clone();
    let killed = tokio::time::timeout(Duration::from_secs(30), async {
        tokio::select! {
            result = apply::create(&client, &state, PARTNER, &first, None) => panic!("the create must hang: {result:?}"),
            () = fake.wait_for_webhooks(1) => {}
        }
    });
    killed.await.expect("the create reaches the fake within 30 s");
    // The future is dropped here: nothing after the POST ran, as when the process is killed.
    let saved = state.load(PARTNER, client.base_url()).unwrap();
    assert_eq!(saved.records.len(), 1);
    assert_eq!(
        saved.records[0].status,
        RecordStatus::Intent,
        "written before the request"
    );
    assert_eq!(saved.records[0].id, None);
    let sent_token = fake.webhooks()[0].secret_token.clone();

    let resumed = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    assert_eq!(resumed.items[0].action, PlanAction::Resume);
    assert_eq!(resumed.items[1].action, PlanAction::Create);
    let mut outcomes = Vec::new();
    for item in resumed.to_create() {
        outcomes.push(
            apply::create(&client, &state, PARTNER, item, None)
                .await
                .expect("resumed"),
        );
    }
    assert_eq!(outcomes[0].outcome, Outcome::Recovered);
    assert_eq!(
        outcomes[0].secret_token.as_ref().map(Secret::expose),
        Some(sent_token.as_str()),
        "the token the killed run sent is shown, not lost"
    );
    assert_eq!(outcomes[1].outcome, Outcome::Created);
    assert_eq!(fake.webhooks().len(), 2, "no duplicate");
    let third = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    assert_eq!(third.create_count(), 0, "{third:#?}");
    assert_eq!(fake.webhooks().len(), 2);
}

#[tokio::test]
async fn ashby_a_run_killed_before_its_request_left_creates_on_resume() {
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let setup = example();
    let plan = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    // Killed right after the intent was written: the state says so, Ashby has nothing.
    state
        .update(PARTNER, client.base_url(), |saved| {
            saved.put(atsctl::ashby::state::WebhookRecord {
                key_id: atsctl::ashby::state::key_id(client.key()),
                webhook_type: plan.items[0].webhook_type.clone(),
                request_url: plan.items[0].request_url.clone(),
                status: RecordStatus::Intent,
                id: None,
                enabled: None,
                token_nonce: Some(atsctl::ashby::secret_token::new_nonce().unwrap()),
                updated_at: 0,
            });
        })
        .unwrap();
    let resumed = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    assert_eq!(resumed.items[0].action, PlanAction::Resume);
    let created = apply::create(&client, &state, PARTNER, &resumed.items[0], None)
        .await
        .unwrap();
    assert_eq!(created.outcome, Outcome::Created);
    assert_eq!(fake.webhooks().len(), 1);
    assert_eq!(
        state.load(PARTNER, client.base_url()).unwrap().records[0].status,
        RecordStatus::Created
    );
}

#[tokio::test]
async fn ashby_a_lost_answer_is_resent_once_with_the_same_token() {
    for fault in [Fault::DropAfterCreate, Fault::ErrorAfterCreate] {
        let fake = FakeAshby::start(config().fault(FaultRule::new(Some("webhook.create"), fault, 1)));
        let client = client(&fake, KEY);
        let dir = tempfile::tempdir().unwrap();
        let state = state_file(&dir);
        let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
        let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
            .await
            .unwrap_or_else(|error| panic!("{fault:?}: {error}"));
        assert_eq!(
            (created.outcome, created.attempts),
            (Outcome::Recovered, 2),
            "{fault:?}"
        );
        assert_eq!(fake.count("webhook.create"), 2);
        assert_eq!(fake.webhooks().len(), 1, "{fault:?}: no duplicate");
        assert_eq!(
            created.secret_token.unwrap().expose(),
            fake.webhooks()[0].secret_token,
            "{fault:?}"
        );
    }
}

#[tokio::test]
async fn ashby_a_webhook_made_elsewhere_is_left_alone_and_its_token_is_unknown() {
    let fake = FakeAshby::start(config().webhook("candidateStageChange", HOOK_URL));
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap();
    assert_eq!(created.outcome, Outcome::AlreadyExisted);
    assert!(created.secret_token.is_none());
    assert!(
        created.note.unwrap().contains("set the partner's token on it"),
        "the fix is said"
    );
    assert_eq!(fake.webhooks().len(), 1);
    let again = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    assert_eq!(again.items[0].action, PlanAction::Exists);
}

#[tokio::test]
async fn ashby_a_deleted_webhook_is_created_again_and_a_disabled_one_is_reported() {
    let fake = FakeAshby::start(FakeAshbyConfig {
        ping_fails: true,
        ..config()
    });
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap();
    assert_eq!(created.enabled, Some(false));
    assert!(created.note.unwrap().contains("ping to the URL failed"));
    // Someone deletes it in Ashby's UI.
    let id = created.id.unwrap();
    let deleted = reqwest_delete(&fake, &id).await;
    assert!(deleted, "the fake deleted it");
    let again = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    assert_eq!(again.items[0].action, PlanAction::Create);
    assert!(again.items[0].note.as_deref().unwrap().contains("no longer exists"));
}

/// Deletes a webhook through the fake's own `webhook.delete`, as an admin would in the UI.
async fn reqwest_delete(fake: &FakeAshby, id: &str) -> bool {
    // reqwest is built without a bundled crypto provider; atsctl installs ring the same way.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let response = reqwest::Client::new()
        .post(format!("{}/webhook.delete", fake.url()))
        .basic_auth(KEY, Some(""))
        .header("content-type", "application/json")
        .body(json!({ "webhookId": id }).to_string())
        .send()
        .await
        .expect("the fake answers");
    let body: serde_json::Value = serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
    body["success"] == true
}

#[tokio::test]
async fn ashby_apply_without_api_keys_write_names_the_permission_and_leaves_no_intent() {
    let fake = FakeAshby::start(config());
    let client = client(&fake, NO_API_KEYS_KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let error = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .expect_err("no API Keys write");
    assert_eq!(error.kind, ErrorKind::NoAccess);
    assert!(
        error.help[0].contains("\"API Keys: Write\" (apiKeysWrite)"),
        "{:?}",
        error.help
    );
    assert!(state.load(PARTNER, client.base_url()).unwrap().records.is_empty());
    assert!(fake.webhooks().is_empty());
}

#[tokio::test]
async fn ashby_a_webhook_url_flag_overrides_the_manifest_and_must_be_https() {
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let url = apply::parse_webhook_url("https://other.example/in").unwrap();
    let plan = apply::plan(&example(), partner(), &client, &state, Some(&url))
        .await
        .unwrap();
    assert!(
        plan.items
            .iter()
            .all(|item| item.request_url == "https://other.example/in")
    );
    assert_eq!(
        apply::parse_webhook_url("http://other.example/in").unwrap_err().kind,
        ErrorKind::Usage
    );
}

#[tokio::test]
async fn ashby_signed_delivery_with_the_created_token_verifies_and_one_changed_byte_fails() {
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap();
    let token = created.secret_token.unwrap();
    // Ashby signs with the token it holds.
    let held = fake.webhooks()[0].secret_token.clone();
    let body = br#"{"webhookActionId":"75395d87-4044-4dc4-bc29-0cec185e5f06","action":"candidateStageChange","data":{"application":{"id":"a"}}}"#;
    let header = verify::sign(held.as_bytes(), body);
    let secrets = Secrets::single(token.expose().as_bytes());
    let inspection = verify::inspect(&secrets, Some(header.as_bytes()), body);
    assert_eq!((inspection.kind, inspection.status), (Kind::Authentic, 200));
    let mut changed = body.to_vec();
    changed[40] ^= 0x01;
    let refused = verify::inspect(&secrets, Some(header.as_bytes()), &changed);
    assert_eq!(refused.kind, Kind::Rejected(DeliveryVerdict::InvalidSignature));
    assert_eq!(refused.status, 401);
    // The shared tracker counts it against the manifest's webhooks and drops the retry. `Ats`
    // has no Ashby variant until the seam adds it; the variant only labels the records.
    let setup = example();
    let mut tracker =
        atsctl::webhooks::Tracker::new(atsctl::manifest::Ats::Greenhouse, verify::expected_webhooks(&setup));
    let now = std::time::SystemTime::now();
    assert_eq!(
        tracker.record(inspection.clone(), now).verdict,
        DeliveryVerdict::Verified
    );
    assert_eq!(tracker.record(inspection, now).verdict, DeliveryVerdict::Duplicate);
}

#[tokio::test]
async fn ashby_the_key_and_tokens_never_leak() {
    let fake = FakeAshby::start(FakeAshbyConfig {
        echo_key_in_errors: true,
        ..config()
    });
    let client = client(&fake, CANARY_KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let report = check::check(&example(), &client, &context()).await.unwrap();
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let mut shown = format!(
        "{}\n{}\n{report:?}\n{plan:?}",
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&plan).unwrap()
    );
    for item in plan.to_create() {
        let created = apply::create(&client, &state, PARTNER, item, None).await.unwrap();
        shown.push_str(&format!("{}\n{created:?}", serde_json::to_string(&created).unwrap()));
    }
    let tokens: Vec<String> = fake.webhooks().iter().map(|w| w.secret_token.clone()).collect();
    let files: Vec<String> = crate::support::secrets::files_under(dir.path())
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    for secret in tokens.iter().map(String::as_str).chain([CANARY_KEY]) {
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
        assert!(
            files.iter().all(|text| !text.contains(secret)),
            "{secret} written to a file"
        );
    }
    for request in fake.requests() {
        let body = request.body.unwrap_or_default();
        assert!(
            tokens.iter().all(|token| !body.contains(token.as_str())),
            "the fake's log keeps no token: {body}"
        );
    }
}

#[test]
fn ashby_the_example_manifest_is_marked_and_validates_clean() {
    let text = std::fs::read_to_string(crate::support::repo_root().join("examples/manifests/acme-sourcing-ashby.yaml"))
        .unwrap();
    assert!(text.contains("\n# EXAMPLE — "), "marked as an example");
    assert!(
        text.contains("  name: Acme Sourcing (example)\n"),
        "its partner block says so too"
    );
    let setup = example();
    assert_eq!(setup.webhooks.len(), 2);
    assert_eq!(setup.api_key.integration_partner.as_deref(), Some("Acme Sourcing"));
    assert!(
        setup
            .permissions
            .iter()
            .any(|need| need.permission.id == "hiringProcessMetadataRead")
    );
}

#[tokio::test]
async fn ashby_a_hanging_create_is_bounded_by_the_timeout_and_settled_by_the_resend() {
    let fake = FakeAshby::start(config().fault(FaultRule::new(Some("webhook.create"), Fault::HangAfterCreate, 1)));
    let base = BaseUrl::parse("X", &fake.url()).unwrap();
    let options = AshbyOptions {
        timeout: Duration::from_millis(400),
        ..AshbyOptions::default()
    };
    let client = AshbyClient::new(base, Secret::new(KEY), &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&example(), partner(), &client, &state, None).await.unwrap();
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap();
    assert_eq!((created.outcome, created.attempts), (Outcome::Recovered, 2));
    assert_eq!(fake.webhooks().len(), 1);
}

#[tokio::test]
async fn ashby_a_type_outside_the_documented_enum_is_sent_and_a_refusal_is_clear() {
    let text = "ashby:\n  webhooks:\n    - {type: jobCreate, endpoint: {from: fixed, url: 'https://hooks.example/j'}, secret: {from: customer-chosen}}\n";
    let raw = manifest::section_from_manifest("t.yaml", text).unwrap().unwrap();
    let setup = manifest::validate(raw, "t.yaml").setup;
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    assert!(!plan.items[0].api_create_documented);
    assert!(
        plan.items[0]
            .note
            .as_deref()
            .unwrap()
            .contains("not in webhook.create's documented types")
    );
    let error = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Refused);
    assert!(
        error.message.contains("Invalid webhookType jobCreate"),
        "{}",
        error.message
    );
    assert!(state.load(PARTNER, client.base_url()).unwrap().records.is_empty());
    // Where Ashby accepts it, it is created like any other.
    fake.update(|config| config.extra_creatable_types.push("jobCreate".into()));
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap();
    assert_eq!(created.outcome, Outcome::Created);
}

#[tokio::test]
async fn ashby_a_token_the_partner_supplies_is_required_and_used_as_given() {
    let text = "ashby:\n  webhooks:\n    - {type: offerCreate, endpoint: {from: fixed, url: 'https://hooks.example/o'}, secret: {from: partner-team}}\n";
    let raw = manifest::section_from_manifest("t.yaml", text).unwrap().unwrap();
    let setup = manifest::validate(raw, "t.yaml").setup;
    let fake = FakeAshby::start(config());
    let client = client(&fake, KEY);
    let dir = tempfile::tempdir().unwrap();
    let state = state_file(&dir);
    let plan = apply::plan(&setup, partner(), &client, &state, None).await.unwrap();
    assert!(plan.items[0].token_from_partner);
    let error = apply::create(&client, &state, PARTNER, &plan.items[0], None)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ErrorKind::Usage);
    assert!(fake.requests().is_empty(), "nothing sent without the partner's token");
    let given = Secret::new("partner-given-token-51f0");
    let created = apply::create(&client, &state, PARTNER, &plan.items[0], Some(&given))
        .await
        .unwrap();
    assert!(!created.token_generated);
    assert_eq!(fake.webhooks()[0].secret_token, "partner-given-token-51f0");
    let saved = state.load(PARTNER, client.base_url()).unwrap();
    assert_eq!(
        saved.records[0].token_nonce, None,
        "nothing to derive: the partner holds it"
    );
}
