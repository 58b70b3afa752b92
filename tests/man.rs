//! `atsctl man --dir DIR`: one page per command, which `man -l` (or groff, where man-db is
//! missing) renders at 80 columns with every groff warning on and none raised.

use std::path::Path;
use std::process::Command;

use crate::support::{atsctl, home, stderr, stdout};

/// How this machine renders a page to text, with every warning enabled, if it can.
enum Renderer {
    Man,
    Groff,
}

fn available(program: &str, version_flag: &str) -> bool {
    Command::new(program)
        .arg(version_flag)
        .output()
        .is_ok_and(|output| output.status.success())
}

fn renderer() -> Option<Renderer> {
    if available("man", "--version") {
        Some(Renderer::Man)
    } else if available("groff", "--version") {
        Some(Renderer::Groff)
    } else {
        // CI installs man-db (`.ci/run`): there a missing renderer is a broken setup, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "neither man nor groff is installed; .ci/run installs man-db and groff-base"
        );
        None
    }
}

#[allow(clippy::print_stderr, reason = "the one way to say why a test checked nothing")]
fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
}

/// The page as text at 80 columns, and whatever the renderer said on stderr.
fn render(renderer: &Renderer, page: &Path) -> (String, String) {
    let output = match renderer {
        // `--warnings=w`: groff's `-ww`, every warning, not only man-db's default `mac`.
        Renderer::Man => Command::new("man")
            .args(["--warnings=w", "-l"])
            .arg(page)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MAN_KEEP_FORMATTING", "")
            .env_remove("MANROFFOPT")
            .output(),
        // `-k` runs preconv, as man does, so UTF-8 text (→, •) is read as such.
        Renderer::Groff => Command::new("groff")
            .args(["-k", "-ww", "-man", "-Tutf8", "-rLL=80n"])
            .arg(page)
            .output(),
    }
    .expect("the renderer runs");
    assert!(output.status.success(), "{} fails: {}", page.display(), stderr(&output));
    // Overstrike bold (`O\bO`) is how man shows bold text to a pipe; drop it to compare words.
    let text = stdout(&output);
    let mut plain = String::with_capacity(text.len());
    for character in text.chars() {
        if character == '\u{8}' {
            plain.pop();
        } else {
            plain.push(character);
        }
    }
    (plain, stderr(&output))
}

#[test]
fn man_writes_one_page_per_command_and_lists_them() {
    let home = home();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("man1");
    let output = atsctl(&home)
        .args(["man", "--dir"])
        .arg(&target)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    let mut written: Vec<String> = std::fs::read_dir(&target)
        .expect("the directory was created")
        .map(|entry| entry.expect("entry").path().display().to_string())
        .collect();
    written.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, written, "stdout lists exactly the files written");
    for page in [
        "atsctl.1",
        "atsctl-plan.1",
        "atsctl-lint.1",
        "atsctl-validate.1",
        "atsctl-apply.1",
        "atsctl-setup.1",
        "atsctl-auth-login.1",
        "atsctl-auth-status.1",
        "atsctl-webhooks-listen.1",
        "atsctl-webhooks-verify.1",
    ] {
        assert!(target.join(page).is_file(), "{page} in {written:?}");
    }
    assert!(stderr(&output).contains(&format!("wrote {} man pages", listed.len())));
}

#[test]
fn every_page_renders_at_80_columns_without_a_warning() {
    let home = home();
    let dir = tempfile::tempdir().expect("temp dir");
    let output = atsctl(&home)
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let Some(renderer) = renderer() else {
        skip("neither `man` nor `groff` is installed (apt-get install man-db)");
        return;
    };
    let pages = stdout(&output);
    assert!(pages.lines().count() > 10);
    for page in pages.lines() {
        let (text, warnings) = render(&renderer, Path::new(page));
        assert!(warnings.trim().is_empty(), "{page}: {warnings}");
        let widest = text.lines().map(|line| line.chars().count()).max().unwrap_or(0);
        assert!(widest <= 80, "{page}: a line of {widest} columns:\n{text}");
    }
    let (plan, _) = render(&renderer, &dir.path().join("atsctl-plan.1"));
    for option in [
        "--ats <ATS>",
        "--manifest <FILE>",
        "--format <FORMAT>",
        "markdown",
        "[PARTNER]",
    ] {
        assert!(plan.contains(option), "the plan page shows {option}:\n{plan}");
    }
    assert!(plan.contains("atsctl plan"), "the synopsis names the command:\n{plan}");
    let (apply, _) = render(&renderer, &dir.path().join("atsctl-apply.1"));
    // Filled lines are justified with extra spaces; compare words.
    let words = apply.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("NOTES Greenhouse (a guided checklist):")
            && words.contains("Exit codes: 0 when every web hook is confirmed"),
        "the after-help text is a NOTES section:\n{apply}"
    );
}

#[test]
fn an_unwritable_directory_is_a_usage_error_naming_the_flag() {
    let home = home();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-directory");
    std::fs::write(&file, "x").expect("write");
    let output = atsctl(&home)
        .args(["man", "--dir"])
        .arg(file.join("man1"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("--dir: cannot write"), "{message}");
    assert!(message.contains("not-a-directory"), "{message}");
    assert!(stdout(&output).is_empty());
}
