//! Golden files of `plan` for every bundled partner × ATS × format: what a person sees, byte
//! for byte. A change shows as a diff; `SNAPSHOTS=overwrite cargo test --locked --test
//! integration plan_golden` re-blesses them (review the diff before committing).

use snapbox::data::DataFormat;
use snapbox::{Data, assert_data_eq};

use crate::support::{atsctl, home, repo_root, stdout};

/// Each format: the flags, and the golden file's suffix.
const FORMATS: [(&[&str], &str); 5] = [
    (&["--width", "80"], "80.txt"),
    (&["--width", "120"], "120.txt"),
    (&["--format", "markdown"], "md"),
    (&["--format", "html"], "html"),
    (&["--format", "json"], "json"),
];

fn check(name: &str, partner: &[&str]) {
    let home = home();
    for (flags, suffix) in FORMATS {
        let output = atsctl(&home)
            .arg("plan")
            .args(partner)
            .args(flags)
            .output()
            .expect("runs");
        assert!(output.status.success(), "plan {partner:?} {flags:?} failed");
        let path = repo_root().join(format!("tests/snapshots/plan/{name}.{suffix}"));
        assert_data_eq!(stdout(&output), Data::read_from(&path, Some(DataFormat::Text)).raw());
    }
}

#[test]
fn headhuntr_greenhouse() {
    check("headhuntr-greenhouse", &["headhuntr"]);
}

#[test]
fn eqtble_greenhouse() {
    check("eqtble-greenhouse", &["eqtble"]);
}

#[test]
fn hipeople_greenhouse() {
    check("hipeople-greenhouse", &["hipeople", "--ats", "greenhouse"]);
}

#[test]
fn hipeople_lever() {
    check("hipeople-lever", &["hipeople", "--ats", "lever"]);
}

#[test]
fn resource_io_greenhouse() {
    check("resource-io-greenhouse", &["resource-io"]);
}

#[test]
fn acme_sourcing_example_ashby() {
    check(
        "acme-sourcing-example-ashby",
        &[
            "--ats",
            "ashby",
            "--manifest",
            "examples/manifests/acme-sourcing-ashby.yaml",
        ],
    );
}
