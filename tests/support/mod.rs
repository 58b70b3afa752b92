//! Shared test helpers: an isolated `atsctl` command, and paths to fixtures; `pty` runs it in a
//! pseudo-terminal, `secrets` checks that canary secrets appear nowhere.

#![allow(dead_code, unreachable_pub)]

use std::path::PathBuf;

pub mod fake_ashby;
pub mod fake_greenhouse;
pub mod fake_lever;
pub mod handler_panics;
pub mod hostile;
pub mod keyring;
#[cfg(unix)]
pub mod pty;
pub mod secrets;
pub mod webhooks;

use assert_cmd::Command;

/// `atsctl` with an empty HOME and config dirs, no inherited `ATSCTL_*` variables, no colour:
/// tests never see the developer's own credentials or settings.
pub fn atsctl(home: &tempfile::TempDir) -> Command {
    let mut command = Command::cargo_bin("atsctl").expect("the atsctl binary is built");
    for (key, _) in std::env::vars() {
        if key.starts_with("ATSCTL_") {
            command.env_remove(key);
        }
    }
    command
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .current_dir(repo_root());
    command
}

/// A fresh temporary HOME.
pub fn home() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(path)
}

/// stdout of a finished command as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
