//! `atsctl diff`: the upgrade checklist between two versions of a manifest, its exit codes,
//! `--git`, JSON, and goldens of every format (`SNAPSHOTS=overwrite cargo test --locked --test
//! integration diff` re-blesses them; review the diff before committing).

use std::path::Path;
use std::process::Output;

use snapbox::data::DataFormat;
use snapbox::{Data, assert_data_eq};

use crate::support::{atsctl, home, repo_root, stderr, stdout};

fn headhuntr() -> String {
    std::fs::read_to_string(repo_root().join("integrations/headhuntr.yaml")).expect("headhuntr.yaml")
}

/// headhuntr.yaml with one more required permission: "GET: List Offers" under Offers.
fn with_offers(text: &str) -> String {
    let users = "        - \"GET: List Users\"\n";
    assert!(text.contains(users), "headhuntr.yaml lists GET: List Users");
    text.replacen(
        users,
        &format!("{users}    - category: Offers\n      required:\n        - \"GET: List Offers\"\n"),
        1,
    )
}

/// headhuntr.yaml without its "Job Post Updated" web hook.
fn without_job_post_updated(text: &str) -> String {
    let hook = "    - name: Headhuntr.io-Job Post Updated\n      event: Job Post Updated\n";
    assert!(text.contains(hook), "headhuntr.yaml has the Job Post Updated web hook");
    text.replacen(hook, "", 1)
}

/// Writes `old.yaml` and `new.yaml` into a fresh directory and runs `diff old.yaml new.yaml`
/// there with `flags`, so the names in the output are the same on every machine.
fn diff(old: &str, new: &str, flags: &[&str]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("old.yaml"), old).expect("writes");
    std::fs::write(dir.path().join("new.yaml"), new).expect("writes");
    let home = home();
    atsctl(&home)
        .current_dir(dir.path())
        .args(["diff", "old.yaml", "new.yaml"])
        .args(flags)
        .output()
        .expect("runs")
}

/// The whole output on one line, so wrapped sentences can be searched.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn an_added_required_permission_asks_partner_support_then_every_customer_to_authorise_again() {
    let original = headhuntr();
    let output = diff(&original, &with_offers(&original), &["--width", "100"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = words(&stdout(&output));
    assert!(
        text.contains("Tick GET: List Offers under Offers; grant harvest:offers:list"),
        "{text}"
    );
    assert!(
        text.contains("Ask Greenhouse Partner Support to add the new scopes to Headhuntr.io's app"),
        "{text}"
    );
    assert!(text.contains("Authorise Headhuntr.io again in Greenhouse"), "{text}");
    assert!(
        text.contains("every customer connected before this change must authorise again"),
        "{text}"
    );
    // The partner's request comes before the customers' part, which waits for it.
    let support = text.find("Partner Support").expect("support");
    let again = text.find("Authorise Headhuntr.io again").expect("again");
    assert!(support < again);
}

#[test]
fn a_removed_web_hook_is_listed_to_delete() {
    let original = headhuntr();
    let output = diff(&original, &without_job_post_updated(&original), &["--width", "120"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = words(&stdout(&output));
    assert!(
        text.contains(
            "Delete the web hook Headhuntr.io-Job Post Updated (When Job Post Updated) in Configure → Dev Center → Web Hooks"
        ),
        "{text}"
    );
}

#[test]
fn an_unchanged_copy_needs_nothing_and_exits_0() {
    let original = headhuntr();
    let output = diff(&original, &original, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(words(&stdout(&output)).contains("Customers already set up need to do nothing."));
    // A removed optional permission asks nothing of customers either: they may untick it.
    let without_departments = original.replacen("        - \"GET: List Departments\"\n", "", 1);
    assert_ne!(
        without_departments, original,
        "headhuntr.yaml has the Departments permission"
    );
    let output = diff(&original, &without_departments, &["--width", "100"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(words(&stdout(&output)).contains("You may untick GET: List Departments under Departments"));
}

#[test]
fn a_side_that_fails_lint_exits_2_with_its_located_findings() {
    let original = headhuntr();
    let broken = original.replacen("\"GET: List Users\"", "\"GET: List Userz\"", 1);
    let line = broken
        .lines()
        .position(|line| line.contains("List Userz"))
        .expect("the line")
        + 1;
    let column = broken.lines().nth(line - 1).expect("line").find('"').expect("quote") + 1;
    let output = diff(&original, &broken, &[]);
    assert_eq!(output.status.code(), Some(2));
    let errors = stderr(&output);
    assert!(errors.contains(&format!("new.yaml:{line}:{column}")), "{errors}");
    assert!(errors.contains("unknown-permission"), "{errors}");
    assert!(errors.contains("new.yaml has 1 error(s)"), "{errors}");
    assert!(stdout(&output).is_empty(), "no checklist from a broken side");
}

#[test]
fn json_parses_and_carries_the_exit_reason() {
    let original = headhuntr();
    let output = diff(&original, &with_offers(&original), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["customers_must_act"], true);
    let reason = json["reason"].as_str().expect("reason");
    assert!(reason.starts_with("customers already set up must act"), "{reason}");
    assert_eq!(json["old"]["source"], "old.yaml");
    assert_eq!(json["new"]["source"], "new.yaml");
    let tasks = json["upgrades"][0]["tasks"].as_array().expect("tasks");
    let added = tasks
        .iter()
        .find(|task| task["change"] == "permission_added")
        .expect("the added permission");
    assert_eq!(added["actor"], "customer");
    assert_eq!(added["required"], true);
    assert_eq!(added["permission"]["label"], "GET: List Offers");
    assert_eq!(added["new_scopes"], serde_json::json!(["harvest:offers:list"]));
    assert!(tasks.iter().any(|task| task["change"] == "reauthorize"));
    assert_eq!(json["document"]["kind"], "upgrade");

    let output = diff(&original, &original, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["customers_must_act"], false);
    assert_eq!(json["reason"], "customers already set up need to do nothing");
}

#[test]
fn a_delete_where_delete_was_forbidden_is_shown_to_reviewers() {
    let original = headhuntr();
    assert!(original.contains("    forbid_methods: [DELETE]\n"));
    let prospect = "        - \"POST: Add Prospect\"\n";
    assert!(original.contains(prospect));
    let changed = original.replacen("    forbid_methods: [DELETE]\n", "", 1).replacen(
        prospect,
        &format!("{prospect}        - \"DELETE: Delete Candidate\"\n"),
        1,
    );
    let output = diff(&original, &changed, &["--width", "100"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = words(&stdout(&output));
    assert!(text.contains("for whoever reviews this change"), "{text}");
    assert!(
        text.contains("DELETE: Delete Candidate is a DELETE permission, which the version before forbade."),
        "{text}"
    );
    assert!(
        text.contains("The policy changed from no DELETE to no restriction."),
        "{text}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=atsctl test", "-c", "user.email=test@example.com"])
        .args(["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn git_compares_a_file_and_a_bundled_id_with_a_revision() {
    let repo = tempfile::tempdir().expect("temp dir");
    let integrations = repo.path().join("integrations");
    std::fs::create_dir(&integrations).expect("mkdir");
    let original = headhuntr();
    std::fs::write(integrations.join("headhuntr.yaml"), &original).expect("writes");
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "headhuntr"]);
    let home = home();
    let run = |args: &[&str]| {
        atsctl(&home)
            .current_dir(repo.path())
            .arg("diff")
            .args(args)
            .arg("--width")
            .arg("100")
            .output()
            .expect("runs")
    };

    let output = run(&["headhuntr", "--git", "HEAD"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(words(&stdout(&output)).contains("from HEAD:integrations/headhuntr.yaml to integrations/headhuntr.yaml"));

    std::fs::write(integrations.join("headhuntr.yaml"), with_offers(&original)).expect("writes");
    let output = run(&["integrations/headhuntr.yaml", "--git", "HEAD"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(words(&stdout(&output)).contains("grant harvest:offers:list"));
    // From a subdirectory, the bundled id still names the file under the top level.
    let output = atsctl(&home)
        .current_dir(&integrations)
        .args(["diff", "headhuntr", "--git", "HEAD", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["old"]["source"], "HEAD:integrations/headhuntr.yaml");

    // Several files at once (as the pre-commit hook passes them): a file new since the
    // revision has no customers yet and is skipped; JSON takes one manifest at a time.
    std::fs::write(integrations.join("fresh.yaml"), &original).expect("writes");
    let output = run(&[
        "--git",
        "HEAD",
        "integrations/fresh.yaml",
        "integrations/headhuntr.yaml",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("integrations/fresh.yaml: not in HEAD"),
        "{}",
        stderr(&output)
    );
    assert!(words(&stdout(&output)).contains("grant harvest:offers:list"));
    let output = run(&[
        "--git",
        "HEAD",
        "integrations/fresh.yaml",
        "headhuntr",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(2));

    // A revision that does not exist, or one that looks like an option, is bad input.
    let output = run(&["headhuntr", "--git", "no-such-rev"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no-such-rev"), "{}", stderr(&output));
    let output = run(&["headhuntr", "--git=--output=x"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not a revision"), "{}", stderr(&output));
    assert!(!repo.path().join("x").exists());
}

#[test]
fn bad_input_exits_2() {
    let home = home();
    for args in [
        &["diff", "integrations/headhuntr.yaml"][..],
        &["diff", "integrations/headhuntr.yaml", "no/such.yaml"],
        &["diff", "integrations/headhuntr.yaml", "integrations"],
        &["diff", "no-such-partner", "--git", "HEAD"],
        &[
            "diff",
            "integrations/headhuntr.yaml",
            "integrations/headhuntr.yaml",
            "--ats",
            "lever",
        ],
    ] {
        let output = atsctl(&home).args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
    }
}

/// Each golden format: the flags, and the file's suffix.
const FORMATS: [(&[&str], &str); 5] = [
    (&["--width", "80"], "80.txt"),
    (&["--width", "120"], "120.txt"),
    (&["--format", "markdown"], "md"),
    (&["--format", "html"], "html"),
    (&["--format", "json"], "json"),
];

fn golden(name: &str, old: &str, new: &str) {
    for (flags, suffix) in FORMATS {
        let output = diff(old, new, flags);
        assert_eq!(output.status.code(), Some(1), "{name} {flags:?}: {}", stderr(&output));
        let path = repo_root().join(format!("tests/snapshots/diff/{name}.{suffix}"));
        assert_data_eq!(stdout(&output), Data::read_from(&path, Some(DataFormat::Text)).raw());
    }
}

#[test]
fn golden_added_permission() {
    let original = headhuntr();
    golden("headhuntr-added-permission", &original, &with_offers(&original));
}

#[test]
fn golden_removed_and_edited_web_hooks() {
    let original = headhuntr();
    let changed = without_job_post_updated(&original).replacen(
        "- name: Headhuntr.io-Job Updated\n",
        "- name: Headhuntr.io-Job Changed\n",
        1,
    );
    golden("headhuntr-web-hooks", &original, &changed);
}

/// A `git` that never answers: `--timeout` bounds the wait, and the error says so.
#[cfg(unix)]
#[test]
fn a_git_that_hangs_is_cut_off_at_the_timeout() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().expect("temp dir");
    let fake = bin.path().join("git");
    std::fs::write(&fake, "#!/bin/sh\nexec sleep 30\n").expect("writes");
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let home = home();
    let started = std::time::Instant::now();
    let output = atsctl(&home)
        .env("PATH", path)
        .args([
            "diff",
            "integrations/headhuntr.yaml",
            "--git",
            "HEAD",
            "--timeout",
            "200ms",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("did not finish within"), "{}", stderr(&output));
    // Bounded by the timeout, not by the child: far less than its 30 seconds.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// A file at the revision larger than a manifest may be is refused, not read whole.
#[test]
fn an_oversized_file_at_the_revision_is_refused() {
    let repo = tempfile::tempdir().expect("temp dir");
    let file = repo.path().join("big.yaml");
    std::fs::write(&file, format!("# {}\n", "x".repeat(2 * 1024 * 1024))).expect("writes");
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "big"]);
    std::fs::write(&file, headhuntr()).expect("writes");
    let home = home();
    let output = atsctl(&home)
        .current_dir(repo.path())
        .args(["diff", "big.yaml", "--git", "HEAD"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("too large for a manifest"),
        "{}",
        stderr(&output)
    );
}

/// A FIFO named as a manifest is refused before it is opened, which would block.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("old.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let home = home();
    let output = atsctl(&home)
        .arg("diff")
        .arg(&fifo)
        .arg("integrations/headhuntr.yaml")
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("it is not a regular file"),
        "{}",
        stderr(&output)
    );
}
