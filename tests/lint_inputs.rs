//! `atsctl lint` against hostile inputs (issue 10, L1 and L3-L8): links to `/proc`, FIFOs,
//! devices, links that loop, huge mappings and labels, deep nesting. Each case must end with a
//! located finding or a refusal that names the file, never with the target's content, a hang or
//! a panic. The large cases are sized for a debug build; `bench/lint_hostile.sh` runs the full
//! sizes against the release binary and times them.

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use crate::support::secrets::assert_secret_nowhere;
use crate::support::{atsctl, home, repo_root, stderr, stdout};

/// No case needs more than a second; the bound only keeps a regression from hanging the suite.
const BOUND: Duration = Duration::from_secs(60);

fn lint_in(dir: &Path, args: &[&str]) -> Output {
    let home = home();
    atsctl(&home)
        .current_dir(dir)
        .arg("lint")
        .args(args)
        .timeout(BOUND)
        .output()
        .expect("runs")
}

fn report(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("JSON report:\n{}", stdout(output)))
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().expect("code").to_owned())
        .collect()
}

fn bundled_manifest() -> String {
    std::fs::read_to_string(repo_root().join("integrations/headhuntr.yaml")).expect("bundled manifest")
}

#[cfg(target_os = "linux")]
#[test]
fn a_link_to_proc_self_environ_is_refused_and_the_environment_never_printed() {
    const CANARY: &str = "CANARY-lint-environ-7c41e9";
    let tree = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("/proc/self/environ", tree.path().join("leak.yaml")).expect("link");
    let home = home();
    let mut outputs = Vec::new();
    for (args, named) in [
        (vec!["lint", "."], "leak.yaml"),
        (vec!["lint", "--format", "json", "."], "leak.yaml"),
        (vec!["lint", "--format", "github", "leak.yaml"], "leak.yaml"),
    ] {
        let output = atsctl(&home)
            .current_dir(tree.path())
            .env("CI_TOKEN", CANARY)
            .args(&args)
            .timeout(BOUND)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains("symlink-outside-folder"), "{args:?}: {text}");
        assert!(text.contains(named) && text.contains("/proc/self/environ"), "{text}");
        outputs.push(output);
    }
    assert_secret_nowhere(&home, CANARY, &outputs);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let tree = tempfile::tempdir().expect("temp dir");
    let fifo = tree.path().join("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    for args in [["--format", "json", "."], ["--format", "json", "pipe.yaml"]] {
        let output = lint_in(tree.path(), &args);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let report = report(&output);
        assert_eq!(codes(&report), ["not-a-regular-file"]);
        let message = report["diagnostics"][0]["message"].as_str().expect("message");
        assert!(message.contains("pipe.yaml") && message.contains("FIFO"), "{message}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_dev_zero_is_refused_without_reading() {
    let tree = tempfile::tempdir().expect("temp dir");
    std::os::unix::fs::symlink("/dev/zero", tree.path().join("zero.yaml")).expect("link");
    for target in [".", "zero.yaml"] {
        let output = lint_in(tree.path(), &["--format", "json", target]);
        assert_eq!(output.status.code(), Some(1));
        let report = report(&output);
        assert_eq!(codes(&report), ["not-a-regular-file"]);
        let message = report["diagnostics"][0]["message"].as_str().expect("message");
        assert!(message.contains("character device"), "{message}");
    }
}

#[cfg(unix)]
#[test]
fn links_to_the_folder_itself_neither_loop_nor_repeat_files() {
    let tree = tempfile::tempdir().expect("temp dir");
    let manifest = bundled_manifest();
    for index in 0..40 {
        let text = manifest.replace("id: headhuntr", &format!("id: headhuntr-{index}"));
        std::fs::write(tree.path().join(format!("m{index:02}.yaml")), text).expect("write");
    }
    // L5: one link to `.` among 40 files linted every file 41 times.
    std::os::unix::fs::symlink(".", tree.path().join("again")).expect("link");
    let output = lint_in(tree.path(), &["--format", "json", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(report(&output)["files"], 40);
    // L4: two links to `.` made the walk exponential.
    std::os::unix::fs::symlink(".", tree.path().join("and-again")).expect("link");
    std::fs::create_dir(tree.path().join("nested")).expect("dir");
    std::os::unix::fs::symlink("..", tree.path().join("nested/up")).expect("link");
    let output = lint_in(tree.path(), &["--format", "json", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(report(&output)["files"], 40);
}

#[test]
fn duplicate_keys_in_a_large_mapping_are_each_found_once() {
    // 20,000 distinct keys under one mapping, then the first and the last again: a list searched
    // per key made this quadratic (L1).
    let mut text = String::from("manifest_version: 1\npartner:\n");
    for index in 0..20_000 {
        text.push_str(&format!("  key{index}: {index}\n"));
    }
    text.push_str("  key0: again\n  key19999: again\n");
    // Every finding, from the library: both duplicates, located, and nothing else twice.
    let loaded = atsctl::manifest::load("keys.yaml", &text);
    let duplicates: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "duplicate-key")
        .collect();
    assert_eq!(duplicates.len(), 2);
    let places: Vec<(usize, usize)> = duplicates
        .iter()
        .map(|diagnostic| diagnostic.location.map(|at| (at.line, at.column)).expect("located"))
        .collect();
    assert_eq!(places, [(20_003, 3), (20_004, 3)]);
    assert_eq!(
        duplicates[0].help.as_deref(),
        Some("keep one `key0`; the first is on line 3")
    );
    // Through the binary: 100 findings shown, the rest counted in one note, all in the totals.
    let tree = tempfile::tempdir().expect("temp dir");
    std::fs::write(tree.path().join("keys.yaml"), &text).expect("write");
    let output = lint_in(tree.path(), &["--format", "json", "keys.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let report = report(&output);
    let shown = codes(&report);
    assert_eq!(shown.len(), 101);
    assert_eq!(shown.last().map(String::as_str), Some("too-many-findings"));
    assert_eq!(report["errors"].as_u64(), Some(loaded.diagnostics.len() as u64));
}

#[test]
fn a_huge_permission_label_is_a_finding_without_a_suggestion() {
    let tree = tempfile::tempdir().expect("temp dir");
    // Just under the 1 MiB cap, like a 5 MB label would be if the cap were not there.
    let label = format!("GET: Retreive Candidate{}", "e".repeat(1_000_000));
    let text = bundled_manifest().replacen(
        "\n  permissions:\n",
        &format!("\n  permissions:\n    - category: Candidates\n      required: [\"{label}\"]\n"),
        1,
    );
    assert!(text.contains(&label), "the label went into a permission list");
    std::fs::write(tree.path().join("label.yaml"), text).expect("write");
    let output = lint_in(tree.path(), &["--format", "json", "label.yaml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = report(&output);
    let finding = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|diagnostic| diagnostic["code"] == "unknown-permission")
        .unwrap_or_else(|| panic!("an unknown-permission finding in {:?}", codes(&report)));
    assert!(finding["line"].as_u64().is_some());
    assert!(
        finding
            .get("help")
            .is_none_or(|help| !help.as_str().unwrap_or_default().contains("did you mean"))
    );
}

#[test]
fn deep_nesting_is_a_located_syntax_finding() {
    let tree = tempfile::tempdir().expect("temp dir");
    for (name, text) in [
        ("flow.yaml", format!("{}{}", "[".repeat(100_000), "]".repeat(100_000))),
        ("block.yaml", format!("{}x\n", "- ".repeat(100_000))),
    ] {
        std::fs::write(tree.path().join(name), text).expect("write");
        let output = lint_in(tree.path(), &["--format", "json", name]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", stderr(&output));
        let report = report(&output);
        assert_eq!(codes(&report), ["yaml-syntax"], "{name}");
        let finding = &report["diagnostics"][0];
        assert!(
            finding["message"]
                .as_str()
                .expect("message")
                .contains("nest deeper than 64"),
            "{finding}"
        );
        assert!(finding["line"].as_u64().is_some());
    }
}

#[test]
fn a_file_over_the_cap_is_located_where_reading_stopped() {
    let tree = tempfile::tempdir().expect("temp dir");
    // 3.65 M keys took 1 GB before; now reading stops at 1 MiB, whatever the file holds.
    let text: String = (0..200_000).map(|index| format!("k{index}: 1\n")).collect();
    assert!(text.len() > 1024 * 1024);
    std::fs::write(tree.path().join("big.yaml"), &text).expect("write");
    let output = lint_in(tree.path(), &["big.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    let shown = stdout(&output);
    assert!(shown.contains("error[file-too-large]"), "{shown}");
    let line = text[..1024 * 1024].matches('\n').count() + 1;
    assert!(shown.contains(&format!("big.yaml:{line}:")), "{shown}");
    assert!(stderr(&output).contains("1 file(s) checked: 1 error(s)"));
}
