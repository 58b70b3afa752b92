//! `atsctl apply --ats greenhouse`: the guided web hook checklist, driven through stdin the way a
//! script would, stopped and resumed across processes.

use std::path::PathBuf;

use crate::support::secrets::{assert_secret_nowhere, files_under};
use crate::support::{atsctl, home, repo_root, stderr, stdout};

const CLIENT_SECRET_CANARY: &str = "canary-client-secret-8f2e";
const WEBHOOK_SECRET_CANARY: &str = "canary-webhook-secret-41b7";

fn state_file(home: &tempfile::TempDir) -> PathBuf {
    home.path().join("state/atsctl/apply/headhuntr-greenhouse.json")
}

/// `atsctl apply <args>` with `answers` on stdin and both canary secrets in the environment.
fn apply(home: &tempfile::TempDir, args: &[&str], answers: &str) -> std::process::Output {
    atsctl(home)
        .arg("apply")
        .args(args)
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET_CANARY)
        .env("ATSCTL_WEBHOOK_SECRET", WEBHOOK_SECRET_CANARY)
        .write_stdin(answers.to_owned())
        .output()
        .expect("runs")
}

/// The "Web hook N of 14" headings shown, in order.
fn shown(output: &std::process::Output) -> Vec<usize> {
    stdout(output)
        .lines()
        .filter_map(|line| line.strip_prefix("Web hook ")?.strip_suffix(" of 14")?.parse().ok())
        .collect()
}

fn confirmed_names(home: &tempfile::TempDir) -> Vec<String> {
    let text = std::fs::read_to_string(state_file(home)).expect("a progress file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("the progress file is JSON");
    value["done"]
        .as_array()
        .expect("done is a list")
        .iter()
        .map(|done| done["name"].as_str().expect("name").to_owned())
        .collect()
}

#[test]
fn stopped_after_two_of_fourteen_it_resumes_at_the_third() {
    let home = home();
    let first = apply(&home, &["headhuntr", "--ats", "greenhouse"], "y\ny\nq\n");
    assert_eq!(first.status.code(), Some(1), "web hooks remain: {}", stderr(&first));
    assert_eq!(shown(&first), [1, 2, 3], "q at the third stops there");
    let text = stdout(&first);
    assert!(
        text.starts_with("Headhuntr.io on Greenhouse — 14 web hooks to create by hand\n0 of 14 confirmed"),
        "{text}"
    );
    assert!(text.contains("Name: Headhuntr.io-Candidate Hired"), "{text}");
    assert!(text.contains("When: Candidate has been hired"), "{text}");
    assert!(text.contains("Error recipient: ats@headhuntr.io"), "{text}");
    assert!(
        text.contains("Still to do\n  2 of 14 confirmed; 12 still to create"),
        "{text}"
    );
    assert!(
        stderr(&first).contains("Created it? [y/N/q] y"),
        "answers are echoed: {}",
        stderr(&first)
    );
    assert_eq!(
        confirmed_names(&home),
        ["Headhuntr.io-Candidate Hired", "Headhuntr.io-Candidate Stage Change"]
    );

    let second = apply(&home, &["headhuntr", "--ats", "greenhouse"], "y\nq\n");
    assert_eq!(shown(&second), [3, 4], "resumes at the third web hook");
    assert!(
        stdout(&second).contains("2 of 14 confirmed; 12 still to create"),
        "{}",
        stdout(&second)
    );
    assert!(stdout(&second).contains("Name: Headhuntr.io-Candidate/Prospect Rejected"));
    assert_eq!(confirmed_names(&home).len(), 3);
}

#[test]
fn markdown_exports_only_the_twelve_not_yet_confirmed_and_changes_nothing() {
    let home = home();
    apply(&home, &["headhuntr"], "y\ny\nq\n");
    let before = std::fs::read(state_file(&home)).unwrap();
    let output = apply(&home, &["headhuntr", "--format", "markdown"], "");
    assert_eq!(output.status.code(), Some(1), "web hooks remain: {}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with("# Headhuntr.io on Greenhouse — 14 web hooks to create by hand"),
        "{text}"
    );
    assert!(text.contains("2 of 14 confirmed; 12 still to create"), "{text}");
    let items: Vec<&str> = text.lines().filter(|line| line.starts_with("- [ ] ")).collect();
    assert_eq!(items.len(), 12, "{text}");
    assert_eq!(
        items[0],
        "- [ ] Create the web hook **Headhuntr.io-Candidate/Prospect Rejected** for “Candidate or Prospect rejected”"
    );
    assert!(
        !items
            .iter()
            .any(|item| item.contains("Candidate Hired**") || item.contains("Candidate Stage Change**")),
        "{text}"
    );
    assert!(text.contains("## Already confirmed (2)"), "{text}");
    assert!(
        text.contains("  - **When:** `Candidate or Prospect rejected`") && text.contains("`reject_candidate`"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(state_file(&home)).unwrap(),
        before,
        "an export does not touch progress"
    );
}

#[test]
fn reset_starts_over_and_yes_confirms_everything() {
    let home = home();
    apply(&home, &["headhuntr"], "y\ny\nq\n");
    let reset = apply(&home, &["headhuntr", "--reset"], "q\n");
    assert_eq!(shown(&reset), [1], "starts again at the first web hook");
    assert!(stderr(&reset).contains("Saved progress removed"), "{}", stderr(&reset));
    assert!(
        !state_file(&home).exists(),
        "nothing confirmed since the reset, nothing saved"
    );

    let all = apply(&home, &["headhuntr", "--yes"], "");
    assert_eq!(all.status.code(), Some(0), "{}", stderr(&all));
    assert_eq!(shown(&all), (1..=14).collect::<Vec<_>>());
    assert!(
        stdout(&all).contains("Done\n  14 of 14 confirmed, 14 by this run"),
        "{}",
        stdout(&all)
    );
    assert_eq!(confirmed_names(&home).len(), 14);
    let markdown = apply(&home, &["headhuntr", "--format", "markdown"], "");
    assert!(
        stdout(&markdown).contains("14 of 14 confirmed; 0 still to create") && !stdout(&markdown).contains("- [ ]"),
        "{}",
        stdout(&markdown)
    );
}

#[test]
fn skipping_leaves_a_web_hook_pending_and_end_of_input_stops() {
    let home = home();
    let output = apply(&home, &["headhuntr"], "n\ny\nmaybe\n");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(shown(&output), [1, 2, 3]);
    assert!(
        stderr(&output).contains("Answer y (created), n (not now) or q (stop)."),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("Stopped: no more answers."),
        "{}",
        stderr(&output)
    );
    assert_eq!(confirmed_names(&home), ["Headhuntr.io-Candidate Stage Change"]);
    let again = apply(&home, &["headhuntr"], "q\n");
    assert_eq!(shown(&again), [1], "the skipped first web hook is asked again");
}

#[test]
fn a_corrupt_progress_file_is_named_exit_2_and_kept_until_reset() {
    let home = home();
    let path = state_file(&home);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{\"version\": 1, \"done\": [").unwrap();
    let output = apply(&home, &["headhuntr"], "y\n");
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains(&path.display().to_string()) && text.contains("not a valid atsctl progress file"),
        "{text}"
    );
    assert!(text.contains("--reset"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"version\": 1, \"done\": [");

    let reset = apply(&home, &["headhuntr", "--reset"], "y\nq\n");
    assert_eq!(reset.status.code(), Some(1), "{}", stderr(&reset));
    assert_eq!(confirmed_names(&home), ["Headhuntr.io-Candidate Hired"]);
}

#[test]
fn a_changed_manifest_is_reported_and_its_changed_web_hooks_are_asked_again() {
    let home = home();
    let original = std::fs::read_to_string(repo_root().join("integrations/headhuntr.yaml")).unwrap();
    let manifest = home.path().join("headhuntr.yaml");
    std::fs::write(&manifest, &original).unwrap();
    let manifest_arg = manifest.to_str().unwrap();
    apply(&home, &["--manifest", manifest_arg], "y\ny\nq\n");

    let renamed = original.replacen(
        "name: Headhuntr.io-Candidate Hired",
        "name: Headhuntr.io-Candidate Hired v2",
        1,
    );
    assert_ne!(renamed, original);
    std::fs::write(&manifest, renamed).unwrap();
    let output = apply(&home, &["--manifest", manifest_arg], "q\n");
    let text = stderr(&output);
    assert!(
        text.contains("the manifest changed since progress was saved; 1 confirmed web hook(s) still match"),
        "{text}"
    );
    assert!(
        text.contains("no longer in the manifest: Headhuntr.io-Candidate Hired (hire_candidate)"),
        "{text}"
    );
    assert_eq!(shown(&output), [1], "the renamed web hook is pending");
    assert!(stdout(&output).contains("Headhuntr.io-Candidate Hired v2"));
}

#[test]
fn help_documents_the_stdin_answers() {
    let home = home();
    let output = atsctl(&home).args(["apply", "--help"]).output().unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("Without a terminal on stdin, the answers are read from stdin, one line per question"),
        "{text}"
    );
    assert!(
        text.contains("Created it? [y/N/q]") && text.contains("--format markdown"),
        "{text}"
    );
}

#[test]
fn no_secret_from_the_environment_reaches_output_or_files() {
    let home = home();
    let outputs = [
        apply(&home, &["headhuntr"], "y\ny\nq\n"),
        apply(&home, &["headhuntr", "--format", "markdown"], ""),
        apply(&home, &["headhuntr", "--format", "html"], ""),
        apply(&home, &["headhuntr", "--format", "json"], ""),
        apply(&home, &["eqtble", "--yes"], ""),
        atsctl(&home)
            .args(["auth", "status", "--format", "json"])
            .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", CLIENT_SECRET_CANARY)
            .env("ATSCTL_WEBHOOK_SECRET", WEBHOOK_SECRET_CANARY)
            .output()
            .unwrap(),
    ];
    let files = files_under(home.path());
    assert!(
        files.iter().any(|file| file.ends_with("headhuntr-greenhouse.json")),
        "{files:?}"
    );
    for canary in [CLIENT_SECRET_CANARY, WEBHOOK_SECRET_CANARY] {
        assert_secret_nowhere(&home, canary, &outputs);
    }
}

/// At a terminal the same questions are asked, and the answers are not echoed a second time.
#[cfg(unix)]
#[test]
fn at_a_terminal_the_checklist_asks_and_saves_each_answer() {
    let home = home();
    let command = crate::support::pty::atsctl(&home, &["apply", "headhuntr"]);
    let mut session = crate::support::pty::spawn(command, 20_000);
    session.exp_string("Web hook 1 of 14").unwrap();
    session.exp_string("Created it? [y/N/q]").unwrap();
    session.send_line("y").unwrap();
    session.exp_string("Saved: 1 of 14 confirmed.").unwrap();
    session.exp_string("Web hook 2 of 14").unwrap();
    session.exp_string("Created it? [y/N/q]").unwrap();
    session.send_line("q").unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("1 of 14 confirmed; 13 still to create"), "{rest}");
    assert_eq!(confirmed_names(&home), ["Headhuntr.io-Candidate Hired"]);
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}\n{}", stdout(output), stderr(output)))
}

#[test]
fn json_carries_the_outcome_its_exit_code_and_why_and_changes_nothing() {
    let home = home();
    apply(&home, &["headhuntr"], "y\ny\nq\n");
    let before = std::fs::read(state_file(&home)).unwrap();
    let output = apply(&home, &["headhuntr", "--format", "json"], "y\n");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let value = json(&output);
    assert_eq!(value["command"], "apply");
    assert_eq!(value["outcome"], "missing");
    assert_eq!(value["exit_code"], 1);
    assert_eq!(value["reason"], "2 of 14 confirmed; 12 still to create");
    assert_eq!(
        (&value["ats"], &value["method"]),
        (&"greenhouse".into(), &"guided".into())
    );
    let statuses: Vec<&str> = value["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["status"].as_str().expect("status"))
        .collect();
    assert_eq!(statuses.len(), 14);
    assert_eq!(&statuses[..3], ["confirmed", "confirmed", "missing"]);
    assert_eq!(value["items"][0]["label"], "Headhuntr.io-Candidate Hired");
    assert_eq!(value["document"]["kind"], "apply");
    assert_eq!(
        std::fs::read(state_file(&home)).unwrap(),
        before,
        "JSON asks nothing and records nothing"
    );
    assert!(!stderr(&output).contains("Created it?"), "{}", stderr(&output));

    apply(&home, &["headhuntr", "--yes"], "");
    let done = apply(&home, &["headhuntr", "--format", "json"], "");
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let value = json(&done);
    assert_eq!(
        (&value["outcome"], &value["exit_code"], &value["reason"]),
        (
            &"nothing_to_do".into(),
            &0.into(),
            &"nothing to do: 14 of 14 confirmed already".into()
        )
    );
}

#[test]
fn yes_with_a_format_that_only_prints_is_a_usage_error() {
    let home = home();
    for format in ["markdown", "html", "json"] {
        let output = apply(&home, &["headhuntr", "--yes", "--format", format], "");
        assert_eq!(output.status.code(), Some(2), "{format}: {}", stderr(&output));
        assert!(stderr(&output).contains("--yes"), "{}", stderr(&output));
    }
    assert!(!state_file(&home).exists(), "nothing recorded");
}

/// Golden files of the guided checklist after two of fourteen confirmations: the walk's
/// terminal output at 80 columns and the Markdown export. `SNAPSHOTS=overwrite` re-blesses them.
#[test]
fn golden_guided_checklist_terminal_and_markdown() {
    use snapbox::data::DataFormat;
    use snapbox::{Data, assert_data_eq};

    let home = home();
    let walk = apply(&home, &["headhuntr", "--width", "80"], "y\ny\nq\n");
    let markdown = apply(&home, &["headhuntr", "--format", "markdown"], "");
    for (output, name) in [
        (walk, "headhuntr-greenhouse-walk.80.txt"),
        (markdown, "headhuntr-greenhouse.md"),
    ] {
        let path = repo_root().join("tests/snapshots/apply").join(name);
        assert_data_eq!(stdout(&output), Data::read_from(&path, Some(DataFormat::Text)).raw());
    }
}
