//! Fuzz target: loading a manifest from arbitrary bytes, the way `lint` does, then planning it.
//! Invariants: a result always comes back, every finding's place lies inside the file (the
//! renderer underlines it), a manifest comes back only without errors, and a plan can be made
//! of any manifest that loaded.

use atsctl::manifest::{self, Ats};

use crate::support::{atsctl, home, stderr};

pub(super) const DICTIONARY: &[&str] = &[
    "manifest_version: 1\n",
    "partner:\n",
    "greenhouse:\n",
    "lever:\n",
    "  permissions:\n",
    "    - category: Candidates\n",
    "      required:\n",
    "      optional:\n",
    "        - \"GET: Retrieve Candidate\"\n",
    "  webhooks:\n",
    "    - event: candidate_stage_change\n",
    "      endpoint:\n",
    "        from: fixed\n",
    "        url: https://hooks.example/x\n",
    "  policy:\n",
    "    read_only: true\n",
    "    forbid_methods: [DELETE]\n",
    "  stages: [\"Reference check\"]\n",
    "  id: x\n",
    "&anchor ",
    "*anchor",
    "<<: *anchor\n",
    "!!str ",
    "!!binary ",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "|\n",
    ">-\n",
    "\"\\u0000\"",
    "'quoted'",
    "\t",
    "\u{feff}",
    "null",
    "~",
    "1e999",
    "-9223372036854775809",
    "0x1F",
    "[[[[",
    "{a: {b: {c: ",
];

pub(super) fn load(input: &[u8]) {
    let loaded = manifest::load_bytes("fuzz.yaml", input.to_vec());
    let text = std::str::from_utf8(input).ok();
    for diagnostic in &loaded.diagnostics {
        let Some(at) = diagnostic.location else {
            continue;
        };
        assert!(at.line >= 1 && at.column >= 1, "{diagnostic:?}");
        assert!(
            at.byte_start <= at.byte_end && at.byte_end <= input.len(),
            "a span outside the file ({} bytes): {diagnostic:?}",
            input.len()
        );
        if let Some(text) = text {
            assert!(
                text.is_char_boundary(at.byte_start) && text.is_char_boundary(at.byte_end),
                "a span inside a character: {diagnostic:?}"
            );
        }
    }
    if let Some(manifest) = &loaded.manifest {
        assert!(!loaded.has_errors(), "a manifest with errors: {:?}", loaded.diagnostics);
        for ats in [Ats::Greenhouse, Ats::Lever] {
            let _ = atsctl::plan::checklist(manifest, ats);
        }
    }
}

/// The corpus through the real binary in one run: the human renderer draws every finding's
/// snippet, which is where a bad span would panic.
#[test]
fn the_manifest_corpus_lints_through_the_binary_without_a_panic() {
    let home = home();
    // Named one by one: crash files have no `.yaml` for a folder walk to find.
    let mut files: Vec<_> = std::fs::read_dir(super::engine::corpus_dir("manifest"))
        .expect("corpus")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    files.sort();
    for format in ["human", "json", "github"] {
        let output = atsctl(&home)
            .args(["lint", "--format", format])
            .args(&files)
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .expect("runs");
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "lint --format {format} of the corpus exited {:?}: {}",
            output.status.code(),
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    }
}
