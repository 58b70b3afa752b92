//! Canary checks: a secret given to `atsctl` must appear in no output and in no file it writes.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{stderr, stdout};

/// Every file under `dir`, recursively (none when `dir` does not exist), for canary searches.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Asserts that `secret` is in no file under `home`.
pub fn assert_in_no_file(home: &tempfile::TempDir, secret: &str) {
    for file in files_under(home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_else(|error| panic!("reading {}: {error}", file.display()));
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{secret} written to {}",
            file.display()
        );
    }
}

/// Asserts that `secret` is on no stdout or stderr of `outputs`, and in no file under `home`.
pub fn assert_secret_nowhere<'a>(
    home: &tempfile::TempDir,
    secret: &str,
    outputs: impl IntoIterator<Item = &'a Output>,
) {
    for output in outputs {
        assert!(
            !stdout(output).contains(secret),
            "{secret} on stdout:\n{}",
            stdout(output)
        );
        assert!(
            !stderr(output).contains(secret),
            "{secret} on stderr:\n{}",
            stderr(output)
        );
    }
    assert_in_no_file(home, secret);
}
