//! `atsctl lint`: cases as files. Each `tests/fixtures/lint/<case>.yaml` (a file, or a symbolic
//! link) and each `<case>.dir/` (a folder, linted as one) has a `<case>.expected` listing its
//! findings as `code line:column message`; run with `ATSCTL_BLESS=1` to rewrite the
//! expectations after an intended change, then review the diff.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{atsctl, fixture, home, stderr, stdout};

fn lint_json(paths: &[&str]) -> (Option<i32>, Value) {
    let home = home();
    let output = atsctl(&home)
        .arg("lint")
        .args(["--format", "json"])
        .args(paths)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), report)
}

fn summary(report: &Value) -> String {
    let mut text = String::new();
    for diagnostic in report["diagnostics"].as_array().expect("diagnostics") {
        let place = match (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()) {
            (Some(line), Some(column)) => format!("{line}:{column}"),
            _ => "-".to_owned(),
        };
        text.push_str(&format!(
            "{} {place} {}\n",
            diagnostic["code"].as_str().expect("code"),
            diagnostic["message"].as_str().expect("message")
        ));
    }
    text
}

#[test]
fn every_fixture_yields_its_expected_findings() {
    let directory = fixture("lint");
    let mut cases: Vec<_> = std::fs::read_dir(&directory)
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    cases.retain(|path| {
        path.extension()
            .is_some_and(|extension| extension == "yaml" || extension == "dir")
    });
    cases.sort();
    assert!(cases.len() >= 6, "lint fixtures are present");
    let bless = std::env::var_os("ATSCTL_BLESS").is_some();
    let mut mismatches = Vec::new();
    for case in &cases {
        let relative = case.strip_prefix(crate::support::repo_root()).expect("inside the repo");
        let (code, report) = lint_json(&[relative.to_str().expect("utf-8 path")]);
        assert_eq!(code, Some(1), "{} has errors, so lint exits 1", relative.display());
        let actual = summary(&report);
        let expected_path = case.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &actual).expect("bless");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            mismatches.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                relative.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "lint output changed (ATSCTL_BLESS=1 rewrites):\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn every_finding_code_is_exercised_by_a_fixture() {
    let mut seen = BTreeSet::new();
    for entry in std::fs::read_dir(fixture("lint"))
        .expect("fixtures")
        .filter_map(Result::ok)
    {
        if entry
            .path()
            .extension()
            .is_some_and(|extension| extension == "expected")
        {
            let text = std::fs::read_to_string(entry.path()).expect("expected file");
            seen.extend(
                text.lines()
                    .filter_map(|line| line.split_whitespace().next())
                    .map(str::to_owned),
            );
        }
    }
    let home = home();
    let listing = stdout(&atsctl(&home).arg("explain").output().expect("runs"));
    let all: BTreeSet<String> = listing
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    let untested: Vec<_> = all.difference(&seen).collect();
    assert!(untested.is_empty(), "codes with no lint fixture: {untested:?}");
}

#[test]
fn bundled_manifests_and_the_clean_examples_lint_without_errors() {
    let (code, report) = lint_json(&[
        "integrations",
        "examples/manifests/acme-sourcing.yaml",
        "examples/manifests/acme-warehouse-custom.yaml",
    ]);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["files"], 6);
    assert_eq!(report["errors"], 0);
    // eqtble's use of the Harvest key as the webhook secret is a warning, not an error.
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["secret-reuses-credential"]);
}

#[test]
fn four_mistakes_in_one_file_are_four_located_findings_in_one_run() {
    let (code, report) = lint_json(&["examples/manifests/broken.yaml"]);
    assert_eq!(code, Some(1));
    let found: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("unknown-permission".to_owned(), 20, 11),
            ("unknown-key".to_owned(), 21, 7),
            ("insecure-endpoint".to_owned(), 33, 14),
            ("duplicate-webhook-event".to_owned(), 35, 14),
        ]
    );
    let suggestion = &report["diagnostics"][0]["help"];
    assert_eq!(suggestion, "did you mean `GET: Retrieve Candidate`?");
}

#[test]
fn human_output_shows_the_source_line_with_a_caret() {
    let home = home();
    let output = atsctl(&home)
        .args(["lint", "examples/manifests/broken.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error[unknown-key]: unknown key `optinal` in `permissions`"),
        "{text}"
    );
    assert!(text.contains("examples/manifests/broken.yaml:21:7"));
    assert!(text.contains("21 │       optinal:"));
    assert!(text.contains("help: did you mean `optional`?"));
    assert!(stderr(&output).contains("1 file(s) checked: 4 error(s), 0 warning(s)"));
}

#[test]
fn github_format_prints_workflow_annotations() {
    let home = home();
    let output = atsctl(&home)
        .args(["lint", "--format", "github", "examples/manifests/broken.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        "::error file=examples/manifests/broken.yaml,line=21,col=7,title=unknown-key::unknown key `optinal` in `permissions`%0Ahelp: did you mean `optional`?"
    );
}

#[test]
fn all_files_are_checked_in_one_run() {
    let (code, report) = lint_json(&[
        "tests/fixtures/lint/syntax.yaml",
        "examples/manifests/broken.yaml",
        "integrations/headhuntr.yaml",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(report["files"], 3);
    let files: BTreeSet<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from(["tests/fixtures/lint/syntax.yaml", "examples/manifests/broken.yaml"])
    );
}

#[test]
fn a_file_that_is_not_yaml_is_a_located_finding() {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("notes.yaml");
    std::fs::write(&path, "partner: {id: x\n\tname: \"unterminated\n").expect("write");
    let (code, report) = lint_json(&[path.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "yaml-syntax");
    assert!(diagnostic["line"].as_u64().is_some() && diagnostic["column"].as_u64().is_some());
}

#[test]
fn a_missing_path_exits_2() {
    let home = home();
    let output = atsctl(&home).args(["lint", "no/such/dir"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read no/such/dir: no such file"));
}

#[test]
fn warnings_fail_only_when_denied() {
    let home = home();
    let eqtble = Path::new("integrations/eqtble.yaml");
    let output = atsctl(&home).arg("lint").arg(eqtble).output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let output = atsctl(&home)
        .arg("lint")
        .arg("--deny-warnings")
        .arg(eqtble)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn explain_describes_a_code_and_suggests_near_misses() {
    let home = home();
    let output = atsctl(&home)
        .args(["explain", "insecure-endpoint"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(stdout(&output).starts_with("insecure-endpoint (error): "));
    let output = atsctl(&home)
        .args(["explain", "insecure-endpoints"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did you mean `insecure-endpoint`?"));
}
