//! Golden files of `lint`'s human output: what a person sees in a terminal, byte for byte, for
//! every lint fixture and the broken example, at 80 and 120 columns. stdout (the findings with
//! their source lines) and stderr (the count) are kept in one file, with the exit code. A change
//! shows as a diff; `SNAPSHOTS=overwrite cargo test --locked --test integration lint_golden`
//! re-blesses them (review the diff before committing).

use snapbox::data::DataFormat;
use snapbox::{Data, assert_data_eq};

use crate::support::{atsctl, fixture, home, repo_root, stderr, stdout};

const WIDTHS: [u16; 2] = [80, 120];

/// The lint cases: every fixture file or folder, and the example made to show mistakes.
fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixture("lint"))
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "yaml" || extension == "dir")
        })
        .map(|path| {
            let relative = path.strip_prefix(repo_root()).expect("inside the repo");
            relative.to_str().expect("utf-8 path").to_owned()
        })
        .collect();
    cases.sort();
    cases.push("examples/manifests/broken.yaml".to_owned());
    cases
}

fn golden_name(case: &str, width: u16) -> String {
    let stem = std::path::Path::new(case)
        .file_stem()
        .and_then(|stem| stem.to_str())
        .expect("a file name");
    let prefix = if case.starts_with("examples/") { "example-" } else { "" };
    format!("tests/snapshots/lint/{prefix}{stem}.{width}.txt")
}

#[test]
fn human_output_matches_its_golden_file_at_80_and_120_columns() {
    let home = home();
    let cases = cases();
    assert!(cases.len() >= 10, "lint fixtures are present: {cases:?}");
    for case in &cases {
        for width in WIDTHS {
            let output = atsctl(&home)
                .args(["lint", case, "--width", &width.to_string()])
                .output()
                .expect("runs");
            let seen = format!(
                "$ atsctl lint {case}\nexit: {}\n--- stdout\n{}--- stderr\n{}",
                output
                    .status
                    .code()
                    .map_or("signal".to_owned(), |code| code.to_string()),
                stdout(&output),
                stderr(&output)
            );
            let path = repo_root().join(golden_name(case, width));
            assert_data_eq!(seen, Data::read_from(&path, Some(DataFormat::Text)).raw());
        }
    }
}

/// The source lines under a finding are cut to the width (annotate-snippets trims them around
/// the caret), so a long YAML line does not wrap in the terminal.
#[test]
fn a_long_source_line_is_cut_to_the_width() {
    let home = home();
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("long.yaml");
    let filler = "x".repeat(150);
    std::fs::write(
        &path,
        format!("schema_version: 1\npartner:\n  id: long\n  name: Long\n  nmae: {filler}\n"),
    )
    .expect("write");
    let output = atsctl(&home)
        .args(["lint", path.to_str().expect("utf-8"), "--width", "80"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("nmae"), "{text}");
    let widest = text.lines().map(|line| line.chars().count()).max().unwrap_or(0);
    assert!(widest <= 80, "a line of {widest} columns:\n{text}");
}
