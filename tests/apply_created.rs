//! `apply`'s one create flow, the same for every ATS whose API creates webhooks: its refusals
//! (flags the ATS does not take, `--reset`, an export with `--yes`) come before anything is
//! sent, and a token that cannot be stored is printed once on stdout and nowhere else.

use std::process::Output;
use std::time::Duration;

use crate::support::fake_ashby::{ALL_READS, FakeAshby, FakeAshbyConfig};
use crate::support::fake_lever::{FakeLever, FakeLeverConfig};
use crate::support::secrets::{assert_in_no_file, assert_secret_nowhere};
use crate::support::{atsctl, home, stderr, stdout};

const ASHBY_MANIFEST: &str = "examples/manifests/acme-sourcing-ashby.yaml";
const LEVER_HOOK: &str = "https://hooks.example.com/lever-created";
/// Keys that must appear in no output and no file.
const ASHBY_CANARY: &str = "canary-apply-created-ashby-5e1b90";
const LEVER_CANARY: &str = "canary-apply-created-lever-27c4d8";

fn ashby() -> FakeAshby {
    let mut every: Vec<&str> = ALL_READS.to_vec();
    every.push("apiKeysWrite");
    FakeAshby::start(FakeAshbyConfig::default().key(ASHBY_CANARY, &every))
}

fn lever() -> FakeLever {
    FakeLever::start(FakeLeverConfig::default().key(LEVER_CANARY, &["stages", "webhooks"]))
}

fn ashby_apply(fake: &FakeAshby, home: &tempfile::TempDir, extra: &[&str]) -> Output {
    atsctl(home)
        .env("ATSCTL_ASHBY_URL", fake.url())
        .env("ATSCTL_ASHBY_API_KEY", ASHBY_CANARY)
        .timeout(Duration::from_secs(90))
        .args(["apply", "--ats", "ashby", "--manifest", ASHBY_MANIFEST])
        .args(extra)
        .output()
        .expect("runs")
}

fn lever_apply(fake: &FakeLever, home: &tempfile::TempDir, extra: &[&str]) -> Output {
    atsctl(home)
        .env("ATSCTL_LEVER_URL", fake.url())
        .env("ATSCTL_LEVER_API_KEY", LEVER_CANARY)
        .timeout(Duration::from_secs(90))
        .args(["apply", "hipeople", "--ats", "lever", "--webhook-url", LEVER_HOOK])
        .args(extra)
        .output()
        .expect("runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

#[test]
fn refusals_name_the_flag_and_send_nothing_on_either_ats() {
    let fake_ashby = ashby();
    let fake_lever = lever();
    let home = home();
    let region = ashby_apply(&fake_ashby, &home, &["--yes", "--region", "eu"]);
    assert_eq!(code(&region), 2, "{}", stderr(&region));
    assert!(
        stderr(&region).contains("--region is for Lever; Ashby has one API host (ATSCTL_ASHBY_URL overrides it)"),
        "{}",
        stderr(&region)
    );
    let ashby_reset = ashby_apply(&fake_ashby, &home, &["--reset"]);
    let lever_reset = lever_apply(&fake_lever, &home, &["--reset"]);
    for (output, why) in [
        (&ashby_reset, "records the webhooks it creates"),
        (&lever_reset, "keeps no progress file"),
    ] {
        assert_eq!(code(output), 2, "{}", stderr(output));
        assert!(
            stderr(output).contains("--reset is for the guided checklist"),
            "{}",
            stderr(output)
        );
        assert!(stderr(output).contains(why), "{}", stderr(output));
    }
    let export = lever_apply(&fake_lever, &home, &["--yes", "--format", "markdown"]);
    assert_eq!(code(&export), 2, "{}", stderr(&export));
    assert!(
        stderr(&export).contains("--format markdown|html only prints"),
        "{}",
        stderr(&export)
    );
    assert!(fake_ashby.requests().is_empty(), "nothing sent to Ashby");
    assert!(fake_lever.requests().is_empty(), "nothing sent to Lever");
    assert_secret_nowhere(&home, ASHBY_CANARY, [&region, &ashby_reset]);
    assert_secret_nowhere(&home, LEVER_CANARY, [&lever_reset, &export]);
}

#[test]
fn a_token_that_cannot_be_stored_is_printed_once_on_stdout_and_kept_nowhere() {
    let fake_ashby = ashby();
    let fake_lever = lever();
    let home = home();
    let no_store = [("ATSCTL_CREDENTIAL_STORE", "no-such-store")];
    let run = |mut command: assert_cmd::Command| {
        for (name, value) in no_store {
            command.env(name, value);
        }
        command.output().expect("runs")
    };
    let ashby_run = run({
        let mut command = atsctl(&home);
        command
            .env("ATSCTL_ASHBY_URL", fake_ashby.url())
            .env("ATSCTL_ASHBY_API_KEY", ASHBY_CANARY)
            .timeout(Duration::from_secs(90))
            .args([
                "apply",
                "--ats",
                "ashby",
                "--manifest",
                ASHBY_MANIFEST,
                "--yes",
                "--store-token",
            ]);
        command
    });
    let lever_run = run({
        let mut command = atsctl(&home);
        command
            .env("ATSCTL_LEVER_URL", fake_lever.url())
            .env("ATSCTL_LEVER_API_KEY", LEVER_CANARY)
            .timeout(Duration::from_secs(90))
            .args([
                "apply",
                "hipeople",
                "--ats",
                "lever",
                "--webhook-url",
                LEVER_HOOK,
                "--yes",
                "--store-token",
            ]);
        command
    });
    assert_eq!(code(&ashby_run), 0, "{}", stderr(&ashby_run));
    assert_eq!(code(&lever_run), 0, "{}", stderr(&lever_run));
    assert!(
        stderr(&ashby_run).contains("--store-token: the secret token cannot be stored"),
        "{}",
        stderr(&ashby_run)
    );
    assert!(
        stderr(&lever_run).contains("--store-token: the signature token cannot be stored"),
        "{}",
        stderr(&lever_run)
    );
    let ashby_tokens: Vec<String> = fake_ashby
        .webhooks()
        .into_iter()
        .map(|webhook| webhook.secret_token)
        .collect();
    let lever_tokens: Vec<String> = fake_lever
        .webhooks()
        .into_iter()
        .map(|webhook| webhook.signature_token)
        .collect();
    assert_eq!(ashby_tokens.len(), 2);
    assert_eq!(lever_tokens.len(), 1);
    for (output, tokens) in [(&ashby_run, &ashby_tokens), (&lever_run, &lever_tokens)] {
        for token in tokens {
            assert_eq!(stdout(output).matches(token.as_str()).count(), 1, "{}", stdout(output));
            assert!(!stderr(output).contains(token.as_str()), "{}", stderr(output));
            assert_in_no_file(&home, token);
        }
    }
    assert!(stdout(&ashby_run).contains("Secret token for candidateHire (shown once; copy it now):"));
    assert!(stdout(&lever_run).contains("Signature token for candidateStageChange (shown once; copy it now):"));
    assert_secret_nowhere(&home, ASHBY_CANARY, [&ashby_run]);
    assert_secret_nowhere(&home, LEVER_CANARY, [&lever_run]);
}
