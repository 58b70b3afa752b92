//! `atsctl validate <partner> --access-token-stdin`: a registered partner checks a customer's
//! Harvest v3 authorisation with its own client and the customer's access token, against the
//! fake Greenhouse (`support::fake_greenhouse`, which issues such tokens as if by authorisation
//! code). Exit codes, what reached which host, the wording of fixes, and that neither the token
//! nor the client secret is ever shown.

use std::collections::BTreeSet;
use std::time::Duration;

use atsctl::manifest::{self, Ats};
use serde_json::Value;

use crate::support::fake_greenhouse::{AuthKind, FakeAuthorization, FakeConfig, FakeGreenhouse, Host};
use crate::support::secrets::assert_secret_nowhere;
use crate::support::{self, home, stderr, stdout};

const PARTNER: &str = "headhuntr";
const CLIENT_ID: &str = "headhuntr-partner-client";
/// The partner's client secret and the customer's token double as canaries: neither may appear
/// in any output.
const CLIENT_SECRET: &str = "canary-partner-secret-3e9d1c7a55";
const TOKEN: &str = "canary-customer-token-8b2f4e6a91";
const OTHER_CLIENT: &str = "someone-elses-client";
const SERVICE_ACCOUNT: u64 = 303;

/// The v3 scopes headhuntr needs, as `plan` lists them.
fn scopes() -> Vec<String> {
    let bundled = manifest::bundled(PARTNER).expect("bundled partner");
    let manifest = manifest::load(bundled.file, bundled.text)
        .manifest
        .expect("the bundled manifest loads");
    atsctl::plan::checklist(&manifest, Ats::Greenhouse)
        .expect("greenhouse setup")
        .v3_scopes
        .into_iter()
        .map(|item| item.scope)
        .collect()
}

fn without(scopes: &[String], removed: &str) -> Vec<String> {
    scopes.iter().filter(|scope| *scope != removed).cloned().collect()
}

/// The customer's token: issued to `client_id`, granting `scopes`, authorised by `role`.
fn authorization(client_id: &str, scopes: Vec<String>, role: &str, active: bool) -> FakeAuthorization {
    FakeAuthorization {
        access_token: TOKEN.to_owned(),
        client_id: client_id.to_owned(),
        scopes,
        sub: SERVICE_ACCOUNT,
        role: role.to_owned(),
        active,
    }
}

/// A fake with the partner's client registered (it may introspect) and one customer token.
fn fake_with(token: FakeAuthorization, change: impl FnOnce(&mut FakeConfig)) -> FakeGreenhouse {
    let mut config = FakeConfig::default()
        .client(CLIENT_ID, CLIENT_SECRET, &scopes())
        .client(OTHER_CLIENT, "other-secret", &scopes())
        .authorization(token);
    change(&mut config);
    FakeGreenhouse::start(config)
}

/// `atsctl validate headhuntr --access-token-stdin` with the partner's client in the
/// environment and `token` piped.
fn validate(fake: &FakeGreenhouse, home: &tempfile::TempDir, token: &str, args: &[&str]) -> std::process::Output {
    support::atsctl(home)
        .args(["validate", PARTNER, "--access-token-stdin"])
        .args(args)
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET)
        // The acting user of client-credentials tokens: a customer's token must ignore it.
        .env("ATSCTL_GREENHOUSE_USER_ID", FakeConfig::BASIC_USER.to_string())
        .write_stdin(format!("{token}\n"))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap()
}

fn code(output: &std::process::Output) -> i32 {
    output.status.code().expect("exit code")
}

fn json(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}\n{}", stdout(output), stderr(output)))
}

fn scopes_with_status(report: &Value, status: &str) -> BTreeSet<String> {
    report["scopes"]
        .as_array()
        .expect("scopes")
        .iter()
        .filter(|scope| scope["status"] == status)
        .map(|scope| scope["scope"].as_str().unwrap().to_owned())
        .collect()
}

/// No token request (the partner holds the customer's token already), introspection with the
/// partner's client, and only bearer GETs on Harvest.
fn assert_partner_side_requests(fake: &FakeGreenhouse) {
    let requests = fake.requests();
    assert!(
        requests.iter().all(|request| request.path != "/token"),
        "no token is requested: {requests:?}"
    );
    for request in requests.iter().filter(|request| request.host == Host::Harvest) {
        assert_eq!(request.method, "GET", "{request:?}");
        assert_eq!(request.auth, AuthKind::Bearer, "{request:?}");
    }
}

#[test]
fn a_token_lacking_one_scope_exits_1_naming_it_with_the_partner_fix() {
    let dropped = "harvest:applications:list";
    let all = scopes();
    assert!(all.iter().any(|scope| scope == dropped), "headhuntr needs {dropped}");
    let fake = fake_with(
        authorization(CLIENT_ID, without(&all, dropped), "service_account", true),
        |_| {},
    );
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["checked_by"], "introspection");
    assert_eq!(
        scopes_with_status(&report, "missing"),
        BTreeSet::from([dropped.to_owned()])
    );
    let fixes = report["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(fixes[0]["item"], dropped);
    let action = fixes[0]["action"].as_str().unwrap();
    assert!(
        action.starts_with(&format!(
            "Have Greenhouse Partner Support grant scope {dropped} to Headhuntr.io's app"
        )),
        "{action}"
    );
    assert!(
        action.contains("ask the customer to authorise Headhuntr.io again"),
        "{action}"
    );
    assert!(!action.contains("Dev Center"), "{action}");
    assert_eq!(report["authorization"]["token_client_id"], CLIENT_ID);
    assert_partner_side_requests(&fake);

    let table = validate(&fake, &home, TOKEN, &[]);
    assert_eq!(code(&table), 1);
    let text = stdout(&table);
    assert!(text.contains(dropped) && text.starts_with("✘ "), "{text}");
}

#[test]
fn every_scope_and_a_service_account_exits_0_with_the_authorisation_reported() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", true), |_| {});
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["verdict"], "ok");
    assert!(scopes_with_status(&report, "missing").is_empty());
    assert!(report["fixes"].as_array().unwrap().is_empty());
    assert_eq!(
        report["authorization"],
        serde_json::json!({
            "token_client_id": CLIENT_ID,
            "checked_with_client_id": CLIENT_ID,
            "active": true,
            "authorized_as": "service_account",
        })
    );
    assert_eq!(report["acting_user"]["id"], SERVICE_ACCOUNT.to_string());
    assert_eq!(report["acting_user"]["role"], "service_account");
    assert_eq!(report["acting_user"]["status"], "granted");
    assert_eq!(report["organization"]["name"], "Acme Recruiting");
    assert_eq!(report["organization"]["id"], "4242");
    let credential = report["credential"].as_str().unwrap();
    assert!(
        credential.contains("customer's Harvest v3 access token") && credential.contains(CLIENT_ID),
        "{credential}"
    );
    assert_partner_side_requests(&fake);
}

#[test]
fn a_site_admin_without_a_service_account_passes_and_is_told_so() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "site_admin", true), |_| {});
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 0, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["authorization"]["authorized_as"], "user");
    assert_eq!(report["acting_user"]["status"], "granted");
    let note = report["acting_user"]["note"].as_str().unwrap();
    assert!(
        note.contains("without a service account") && note.contains("Authorize using a service account"),
        "{note}"
    );
}

#[test]
fn a_basic_user_authorisation_is_a_finding_with_a_reauthorise_fix() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "basic", true), |_| {});
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["acting_user"]["status"], "missing");
    let fix = report["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|fix| fix["item"] == "acting user")
        .expect("a fix for the authorising user");
    let action = fix["action"].as_str().unwrap();
    assert!(
        action.starts_with("Ask the customer to authorise Headhuntr.io again as a Site Admin"),
        "{action}"
    );
}

#[test]
fn a_token_of_another_client_exits_3_naming_that_client() {
    let fake = fake_with(authorization(OTHER_CLIENT, scopes(), "service_account", true), |_| {});
    let home = home();
    let output = validate(&fake, &home, TOKEN, &[]);
    assert_eq!(
        code(&output),
        3,
        "stdout: {}\nstderr: {}",
        stdout(&output),
        stderr(&output)
    );
    let text = stderr(&output);
    assert!(
        text.contains(&format!(
            "the access token was issued to another client ({OTHER_CLIENT}), not to client {CLIENT_ID}"
        )),
        "{text}"
    );
    assert!(stdout(&output).is_empty(), "no report for a token that is not ours");
    assert!(
        fake.harvest_requests().is_empty(),
        "nothing reaches Harvest with another client's token"
    );
}

#[test]
fn an_inactive_token_exits_3() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", false), |_| {});
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 3, "stderr: {}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("the customer's access token is not active"), "{text}");
    assert!(text.contains("refresh token"), "{text}");
    assert!(fake.harvest_requests().is_empty());
}

#[test]
fn a_rejected_partner_client_exits_3() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", true), |config| {
        config.clients[0].client_secret = "the-current-secret".to_owned();
    });
    let home = home();
    let output = validate(&fake, &home, TOKEN, &[]);
    assert_eq!(code(&output), 3, "stderr: {}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains(&format!(
            "Greenhouse rejected the Harvest v3 client {CLIENT_ID} at token introspection (401: invalid_client)"
        )),
        "{text}"
    );
}

#[test]
fn without_introspection_each_list_scope_is_probed_with_the_customer_token() {
    let dropped = "harvest:applications:list";
    let fake = fake_with(
        authorization(CLIENT_ID, without(&scopes(), dropped), "service_account", true),
        |config| config.introspection = false,
    );
    let home = home();
    let output = validate(&fake, &home, TOKEN, &["--format", "json"]);
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["checked_by"], "v3_probes");
    assert_eq!(
        scopes_with_status(&report, "missing"),
        BTreeSet::from([dropped.to_owned()])
    );
    assert_eq!(report["authorization"]["authorized_as"], "unknown");
    assert!(report["authorization"]["token_client_id"].is_null());
    let notes = report["notes"].to_string();
    assert!(notes.contains("Token introspection was not available"), "{notes}");
    assert!(
        notes.contains("cannot tell whether the token was issued to client"),
        "{notes}"
    );
    assert!(
        fake.harvest_requests()
            .iter()
            .any(|request| request.path == "/v3/applications" && request.status == 403),
        "the missing scope was probed"
    );
    assert_partner_side_requests(&fake);
}

#[test]
fn without_introspection_a_token_harvest_refuses_exits_3() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", false), |config| {
        config.introspection = false;
    });
    let home = home();
    let output = validate(&fake, &home, TOKEN, &[]);
    assert_eq!(code(&output), 3, "stderr: {}", stderr(&output));
    assert!(
        stderr(&output).contains("Harvest v3 rejected the customer's access token"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unreachable_auth_server_exits_4() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", true), |_| {});
    let home = home();
    // Port 1 (tcpmux) is privileged and unused: connecting is refused at once. A port freed a
    // moment ago could be taken by a fake another test starts meanwhile.
    let dead = "http://127.0.0.1:1";
    let output = support::atsctl(&home)
        .args(["validate", PARTNER, "--access-token-stdin", "--timeout", "5s"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", dead)
        .env("ATSCTL_HARVEST_URL", dead)
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET)
        .write_stdin(TOKEN)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(code(&output), 4, "stderr: {}", stderr(&output));
    assert!(stderr(&output).contains("could not be reached"), "{}", stderr(&output));
    assert!(fake.requests().is_empty());
}

#[test]
fn the_token_and_client_secret_appear_in_no_output() {
    let cases = [
        authorization(CLIENT_ID, without(&scopes(), "harvest:jobs:list"), "basic", true),
        authorization(OTHER_CLIENT, scopes(), "service_account", true),
        authorization(CLIENT_ID, scopes(), "service_account", false),
    ];
    for token in cases {
        for introspection in [true, false] {
            let fake = fake_with(token.clone(), |config| config.introspection = introspection);
            let home = home();
            let outputs: Vec<_> = [
                vec![],
                vec!["--format", "json"],
                vec!["-v"],
                vec!["-vv"],
                vec!["-vv", "--format", "json"],
            ]
            .iter()
            .map(|args| validate(&fake, &home, TOKEN, args))
            .collect();
            // Every run got past reading its input (a usage error would prove nothing).
            assert!(
                outputs.iter().all(|output| code(output) != 2),
                "{}",
                stderr(&outputs[0])
            );
            for secret in [TOKEN, CLIENT_SECRET] {
                assert_secret_nowhere(&home, secret, &outputs);
            }
            // -v shows the requests it made, so the check above has something to look at.
            assert!(stderr(&outputs[2]).contains("/introspect"), "{}", stderr(&outputs[2]));
        }
    }
}

#[test]
fn misuse_of_the_flag_is_a_usage_error() {
    let fake = fake_with(authorization(CLIENT_ID, scopes(), "service_account", true), |_| {});
    let home = home();
    for (args, expected) in [
        (vec!["--api", "v1"], "cannot go with --api v1"),
        (vec!["--client-secret-stdin"], "cannot be used with"),
        (vec!["--api-key-stdin"], "cannot be used with"),
    ] {
        let output = validate(&fake, &home, TOKEN, &args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
    }
    let empty = validate(&fake, &home, "", &[]);
    assert_eq!(code(&empty), 2);
    assert!(stderr(&empty).contains("--access-token-stdin"), "{}", stderr(&empty));
    let lever = support::atsctl(&home)
        .args(["validate", "hipeople", "--ats", "lever", "--access-token-stdin"])
        .write_stdin(TOKEN)
        .output()
        .unwrap();
    assert_eq!(code(&lever), 2);
    assert!(
        stderr(&lever).contains("--access-token-stdin applies only to --ats greenhouse"),
        "{}",
        stderr(&lever)
    );
    let no_client = support::atsctl(&home)
        .args(["validate", PARTNER, "--access-token-stdin"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .env("ATSCTL_HARVEST_API_KEY", "a-v1-key-is-no-use-here")
        .write_stdin(TOKEN)
        .output()
        .unwrap();
    assert_eq!(code(&no_client), 2, "{}", stderr(&no_client));
    assert!(
        fake.requests().is_empty(),
        "nothing is sent without the partner's client"
    );
}

#[test]
fn a_custom_integration_keeps_the_dev_center_fix() {
    // The client-credentials path of a manifest whose connection is custom-integration.
    let manifest = support::repo_root().join("examples/manifests/acme-warehouse-custom.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let loaded = manifest::load("acme-warehouse-custom.yaml", &text)
        .manifest
        .expect("loads");
    let needed: Vec<String> = atsctl::plan::checklist(&loaded, Ats::Greenhouse)
        .expect("greenhouse setup")
        .v3_scopes
        .into_iter()
        .map(|item| item.scope)
        .collect();
    let dropped = needed[0].clone();
    let fake =
        FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CLIENT_SECRET, &without(&needed, &dropped)));
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "--manifest"])
        .arg(&manifest)
        .args(["--format", "json"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET)
        .env("ATSCTL_GREENHOUSE_USER_ID", FakeConfig::ADMIN.to_string())
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "stderr: {}", stderr(&output));
    let report = json(&output);
    let action = report["fixes"][0]["action"].as_str().unwrap();
    assert!(
        action.starts_with(&format!(
            "Edit the credential in Configure → Dev Center → API Credential Management and grant scope {dropped}"
        )),
        "{action}"
    );
}

/// `verify_accepted` (what `auth status --check` calls) judges a customer's token by the same
/// introspection: accepted, rejected for another client's token, unknown without introspection.
#[tokio::test(flavor = "multi_thread")]
async fn verify_accepted_introspects_a_customer_token() {
    use atsctl::greenhouse::{CheckOptions, Credential, V3Authorization, V3Credentials, verify_accepted};
    use atsctl::http::{BaseUrl, Secret};
    use atsctl::profile::Origin;

    let credential = Credential::V3Authorization(V3Authorization {
        client: V3Credentials {
            client_id: CLIENT_ID.to_owned(),
            client_secret: Secret::new(CLIENT_SECRET),
            user_id: None,
            secret_origin: Origin::Env("ATSCTL_GREENHOUSE_CLIENT_SECRET"),
        },
        access_token: Secret::new(TOKEN),
        token_origin: Origin::Stdin("--access-token-stdin"),
    });
    let state = |client_id: &str, introspection: bool| {
        let fake = fake_with(authorization(client_id, scopes(), "service_account", true), |config| {
            config.introspection = introspection;
        });
        let options = CheckOptions::new(
            BaseUrl::parse("auth", &fake.auth_url()).unwrap(),
            BaseUrl::parse("harvest", &fake.harvest_url()).unwrap(),
        );
        (fake, options)
    };
    let (_ours, options) = state(CLIENT_ID, true);
    assert_eq!(verify_accepted(&credential, &options).await.state(), "accepted");
    let (_other, options) = state(OTHER_CLIENT, true);
    let rejected = verify_accepted(&credential, &options).await;
    assert_eq!(rejected.state(), "rejected", "{rejected:?}");
    assert!(format!("{rejected:?}").contains(OTHER_CLIENT), "{rejected:?}");
    let (_closed, options) = state(CLIENT_ID, false);
    assert_eq!(verify_accepted(&credential, &options).await.state(), "unreachable");
}

/// Servers that echo what they were sent (the token in the form body, the client's Basic
/// header) into every field of their answers: neither secret may come back out.
#[test]
fn echoing_servers_leak_neither_the_token_nor_the_client_secret() {
    use crate::support::hostile::{Answer, HostileServer};

    let echo = |request: &crate::support::hostile::HostileRequest| {
        format!(
            "{} {} {}",
            request.body,
            request.authorization(),
            request.basic_decoded().unwrap_or_default()
        )
    };
    for introspection_status in [200, 500] {
        let auth = HostileServer::start(move |request| {
            let said = echo(request);
            if introspection_status == 200 {
                Answer::json(
                    200,
                    &serde_json::json!({
                        "active": true,
                        "client_id": CLIENT_ID,
                        "sub": said,
                        "scope": "harvest:jobs:list",
                        "https://auth.greenhouse.io/claims": {
                            "organization": {"id": said, "name": said},
                            "user_role": said,
                        },
                    }),
                )
            } else {
                Answer::json(500, &serde_json::json!({ "error": said }))
            }
        });
        let harvest = HostileServer::start(move |request| {
            Answer::json(
                403,
                &serde_json::json!({ "message": echo(request), "errors": [{"message": echo(request)}] }),
            )
        });
        let home = home();
        let outputs: Vec<_> = [vec![], vec!["--format", "json"], vec!["-vv"]]
            .iter()
            .map(|args| {
                support::atsctl(&home)
                    .args(["validate", PARTNER, "--access-token-stdin", "--timeout", "10s"])
                    .args(args)
                    .env("ATSCTL_GREENHOUSE_AUTH_URL", auth.url())
                    .env("ATSCTL_HARVEST_URL", harvest.url())
                    .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
                    .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET)
                    .write_stdin(TOKEN)
                    .timeout(Duration::from_secs(60))
                    .output()
                    .unwrap()
            })
            .collect();
        for output in &outputs {
            assert!([1, 3, 4].contains(&code(output)), "{}", stderr(output));
        }
        for secret in [TOKEN, CLIENT_SECRET] {
            assert_secret_nowhere(&home, secret, &outputs);
        }
        assert!(auth.hits() > 0);
    }
}
