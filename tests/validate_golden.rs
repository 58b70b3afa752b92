//! Golden files of `validate`'s reports against the fakes, at 80 and 120 columns: what a
//! person sees, byte for byte, verdict first. The fakes' ports are replaced by `PORT`.
//! `SNAPSHOTS=overwrite cargo test --locked --test integration validate_golden` re-blesses them.

use std::time::Duration;

use snapbox::data::DataFormat;
use snapbox::{Data, assert_data_eq};
use unicode_width::UnicodeWidthStr;

use crate::support::fake_greenhouse::{FakeConfig, FakeGreenhouse};
use crate::support::fake_lever::{FakeLever, FakeLeverConfig};
use crate::support::{self, home, repo_root, stderr, stdout};

const CLIENT_ID: &str = "eqtble-client";
const SECRET: &str = "client-secret-golden-4e1d";
const KEY: &str = "harvest-key-golden-8c2f";
const LEVER_KEY: &str = "lever-key-golden-5a9b";
const HOOK_URL: &str = "https://hooks.hipeople.example/lever";

/// The v3 scopes eqtble needs, as `plan` lists them.
fn eqtble_scopes() -> Vec<String> {
    let bundled = atsctl::manifest::bundled("eqtble").expect("bundled");
    let manifest = atsctl::manifest::load(bundled.file, bundled.text)
        .manifest
        .expect("loads");
    atsctl::plan::checklist(&manifest, atsctl::manifest::Ats::Greenhouse)
        .expect("greenhouse setup")
        .v3_scopes
        .into_iter()
        .map(|item| item.scope)
        .collect()
}

fn eqtble_labels() -> Vec<String> {
    let bundled = atsctl::manifest::bundled("eqtble").expect("bundled");
    let manifest = atsctl::manifest::load(bundled.file, bundled.text)
        .manifest
        .expect("loads");
    manifest
        .greenhouse
        .expect("greenhouse setup")
        .permissions
        .iter()
        .map(|need| need.permission.label().to_owned())
        .collect()
}

/// Stdout of `validate eqtble` against `fake` with v3 (`api` None) or the v1 key.
fn greenhouse(fake: &FakeGreenhouse, v1: bool, flags: &[&str]) -> (i32, String) {
    let home = home();
    let mut command = support::atsctl(&home);
    command
        .args(["validate", "eqtble"])
        .args(flags)
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .timeout(Duration::from_secs(60));
    if v1 {
        command.env("ATSCTL_HARVEST_API_KEY", KEY);
    } else {
        command
            .env("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID)
            .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", SECRET)
            .env("ATSCTL_GREENHOUSE_USER_ID", FakeConfig::ADMIN.to_string());
    }
    let output = command.output().expect("runs");
    let text = normalise(&stdout(&output), &[fake.auth_url(), fake.harvest_url()]);
    (output.status.code().expect("exit code"), text + &stderr(&output))
}

fn lever(fake: &FakeLever, flags: &[&str]) -> (i32, String) {
    let home = home();
    let output = support::atsctl(&home)
        .args(["validate", "hipeople", "--ats", "lever", "--webhook-url", HOOK_URL])
        .args(flags)
        .env("ATSCTL_LEVER_URL", fake.url())
        .env("ATSCTL_LEVER_API_KEY", LEVER_KEY)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let text = normalise(&stdout(&output), &[fake.origin()]);
    (output.status.code().expect("exit code"), text + &stderr(&output))
}

/// The fakes' URLs with their ports as `PORT`, so goldens do not depend on the port picked.
fn normalise(text: &str, urls: &[String]) -> String {
    let mut text = text.to_owned();
    for url in urls {
        let origin = url.trim_end_matches('/');
        let stable = match origin.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => format!("{host}:PORT"),
            _ => origin.to_owned(),
        };
        text = text.replace(origin, &stable);
    }
    text
}

fn golden(name: &str, width: usize, text: &str) {
    let path = repo_root().join(format!("tests/snapshots/validate/{name}.{width}.txt"));
    assert_data_eq!(text.to_owned(), Data::read_from(&path, Some(DataFormat::Text)).raw());
}

fn widths_and_goldens(name: &str, expected_code: i32, run: impl Fn(&[&str]) -> (i32, String)) {
    for width in [80, 120] {
        let (code, text) = run(&["--width", &width.to_string()]);
        assert_eq!(code, expected_code, "{text}");
        golden(name, width, &text);
    }
}

#[test]
fn greenhouse_v3_all_granted() {
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &eqtble_scopes()));
    widths_and_goldens("greenhouse-v3-all-granted", 0, |flags| greenhouse(&fake, false, flags));
}

#[test]
fn greenhouse_v3_missing_scopes() {
    let scopes: Vec<String> = eqtble_scopes()
        .into_iter()
        .filter(|scope| scope != "harvest:offers:list" && scope != "harvest:sources:list")
        .chain(["harvest:jobs:create".to_owned()])
        .collect();
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &scopes));
    widths_and_goldens("greenhouse-v3-missing", 1, |flags| greenhouse(&fake, false, flags));
}

#[test]
fn greenhouse_v1_key() {
    let fake = FakeGreenhouse::start(FakeConfig::default().key(KEY, &eqtble_labels()));
    widths_and_goldens("greenhouse-v1", 0, |flags| greenhouse(&fake, true, flags));
}

#[test]
fn lever_all_present() {
    let fake = FakeLever::start(
        FakeLeverConfig::default()
            .key(LEVER_KEY, &["stages", "webhooks"])
            .stages(&["New applicant", "Reference check", "Offer"])
            .webhook(HOOK_URL, "candidateStageChange"),
    );
    widths_and_goldens("lever-all-present", 0, |flags| lever(&fake, flags));
}

#[test]
fn lever_missing() {
    let fake = FakeLever::start(
        FakeLeverConfig::default()
            .key(LEVER_KEY, &["stages", "webhooks"])
            .stages(&["New applicant", "Offer"]),
    );
    widths_and_goldens("lever-missing", 1, |flags| lever(&fake, flags));
}

/// The bar: everything granted fits on one screen, verdict first, and no line of any
/// report (with `--all` too) is wider than the layout at any width.
#[test]
fn all_granted_eqtble_fits_one_screen_and_every_report_fits_its_width() {
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &eqtble_scopes()));
    let (code, text) = greenhouse(&fake, false, &["--width", "80"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.lines().count() <= 25, "{} lines:\n{text}", text.lines().count());
    assert!(
        text.starts_with("✔ eqtble can use this credential: 58 granted, 0 missing, 0 unverified"),
        "{text}"
    );
    let missing = FakeGreenhouse::start(
        FakeConfig::default()
            .client(CLIENT_ID, SECRET, &eqtble_scopes()[1..])
            .key(KEY, &eqtble_labels()[2..]),
    );
    for width in [60, 80, 100, 120, 200] {
        let columns = width.to_string();
        for (v1, all) in [(false, false), (false, true), (true, false), (true, true)] {
            let mut flags = vec!["--width", columns.as_str()];
            if all {
                flags.push("--all");
            }
            let (_, text) = greenhouse(&missing, v1, &flags);
            for line in text.lines() {
                assert!(line.width() <= width, "v1 {v1}, --all {all}, at {width}: {line:?}");
            }
        }
    }
}

/// JSON keeps every item and today's fields and gains the document; Markdown and HTML render
/// the same document, verdict first.
#[test]
fn json_keeps_every_item_and_every_format_shows_the_verdict() {
    let scopes: Vec<String> = eqtble_scopes()
        .into_iter()
        .filter(|scope| scope != "harvest:offers:list")
        .collect();
    let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, SECRET, &scopes));
    let (code, json) = greenhouse(&fake, false, &["--format", "json"]);
    assert_eq!(code, 1, "{json}");
    assert!(!json.contains(SECRET), "JSON shows no secret");
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let rows: usize = report["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|category| category["permissions"].as_array().expect("permissions").len())
        .sum();
    assert_eq!(rows, eqtble_labels().len(), "every permission, granted ones too");
    for field in [
        "partner",
        "api",
        "credential",
        "scopes",
        "fixes",
        "least_privilege",
        "summary",
        "verdict",
    ] {
        assert!(report.get(field).is_some(), "{field} is kept");
    }
    let title = report["document"]["title"].as_str().expect("the document");
    assert!(title.starts_with("✘ 4 required items missing"), "{title}");
    assert_eq!(report["document"]["kind"], "check");
    for format in ["markdown", "html"] {
        let (code, text) = greenhouse(&fake, false, &["--format", format]);
        assert_eq!(code, 1, "{text}");
        let verdict = text.find("4 required items missing").expect("the verdict");
        let fix = text.find("harvest:offers:list").expect("the fix");
        assert!(verdict < fix, "{format}: the verdict comes first");
        assert!(
            !text.contains("GET: List Jobs"),
            "{format}: granted items wait for --all"
        );
    }
    let (_, all) = greenhouse(&fake, false, &["--format", "markdown", "--all"]);
    assert!(all.contains("GET: List Jobs"), "--all shows every item: {all}");
}
