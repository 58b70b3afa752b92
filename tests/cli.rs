//! The command-line surface: the committed JSON Schema, the help tree, completions, and the
//! exit code of a usage error.

use crate::support::{atsctl, home, repo_root, stderr, stdout};

/// Compares `actual` with the committed file, or rewrites it under `ATSCTL_BLESS=1`.
fn assert_snapshot(relative: &str, actual: &str) {
    let path = repo_root().join(relative);
    if std::env::var_os("ATSCTL_BLESS").is_some() {
        std::fs::write(&path, actual).expect("bless");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{relative} is out of date: run `ATSCTL_BLESS=1 cargo test` and review the diff"
    );
}

#[test]
fn committed_schema_matches_atsctl_schema() {
    let home = home();
    let output = atsctl(&home).arg("schema").output().expect("runs");
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).expect("schema is JSON");
    assert_eq!(schema["title"], "atsctl partner manifest");
    assert_snapshot("schema/manifest.schema.json", &stdout(&output));
}

#[test]
fn bundled_manifests_point_editors_at_the_schema() {
    for entry in std::fs::read_dir(repo_root().join("integrations"))
        .expect("integrations")
        .filter_map(Result::ok)
    {
        let text = std::fs::read_to_string(entry.path()).expect("read");
        assert!(
            text.starts_with("# yaml-language-server: $schema=../schema/manifest.schema.json\n"),
            "{} lacks the schema line",
            entry.path().display()
        );
    }
}

#[test]
fn help_tree_is_snapshotted() {
    let home = home();
    let mut text = String::new();
    let commands: [&[&str]; 15] = [
        &[],
        &["partners"],
        &["plan"],
        &["lint"],
        &["diff"],
        &["validate"],
        &["apply"],
        &["setup"],
        &["auth", "login"],
        &["auth", "status"],
        &["auth", "logout"],
        &["webhooks", "verify"],
        &["webhooks", "listen"],
        &["explain"],
        &["man"],
    ];
    for command in commands {
        let output = atsctl(&home)
            .args(command)
            .arg("--help")
            .env("COLUMNS", "100")
            .output()
            .expect("runs");
        assert!(output.status.success());
        text.push_str(&format!("$ atsctl {} --help\n{}\n", command.join(" "), stdout(&output)));
    }
    assert_snapshot("tests/snapshots/help.txt", &text);
}

#[test]
fn completions_are_generated_for_each_shell() {
    let home = home();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = atsctl(&home).args(["completions", shell]).output().expect("runs");
        assert!(output.status.success(), "{shell}");
        assert!(stdout(&output).contains("atsctl"), "{shell} script names the command");
    }
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let home = home();
    let output = atsctl(&home)
        .args(["plan", "headhuntr", "--format", "yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid value 'yaml' for '--format <FORMAT>'"));
}

#[test]
fn a_misspelled_partner_id_gets_a_suggestion() {
    let home = home();
    let output = atsctl(&home).args(["plan", "headhunter"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `headhuntr`?"),
        "{}",
        stderr(&output)
    );
    // A name far from every partner gets the list, not a guess.
    let output = atsctl(&home).args(["plan", "zzzz"]).output().expect("runs");
    assert!(!stderr(&output).contains("did you mean"));
}

/// `--format terminal` is the human format of every command that has `--format`, whatever that
/// command first called it (`table`, `human`, `text`), so scripts and people need one word.
#[test]
fn every_format_flag_accepts_terminal() {
    let home = home();
    let commands: [&[&str]; 9] = [
        &["partners"],
        &["plan", "headhuntr"],
        &["lint", "examples/manifests/acme-sourcing.yaml"],
        &["diff", "integrations/headhuntr.yaml", "integrations/headhuntr.yaml"],
        &["apply", "headhuntr"],
        &["setup", "headhuntr", "--non-interactive"],
        &["validate", "headhuntr"],
        &["auth", "status"],
        &["webhooks", "verify", "--ats", "lever", "--file", "Cargo.toml"],
    ];
    for command in commands {
        let output = atsctl(&home)
            .args(command)
            .args(["--format", "terminal"])
            .output()
            .expect("runs");
        let errors = stderr(&output);
        assert!(
            !errors.contains("invalid value 'terminal'"),
            "{command:?} refused --format terminal:\n{errors}"
        );
        // The same command line with a word no format has is refused by the flag itself, so
        // the line reaches `--format` and the check above means something.
        let refused = atsctl(&home)
            .args(command)
            .args(["--format", "no-such-format"])
            .output()
            .expect("runs");
        assert!(
            stderr(&refused).contains("invalid value 'no-such-format'"),
            "{command:?}: {}",
            stderr(&refused)
        );
    }
}
