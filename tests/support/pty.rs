//! `atsctl` in a pseudo-terminal (rexpect), isolated like `support::atsctl`.

use rexpect::session::PtySession;

/// Runs `script` in `sh` with the terminal set up like a person's: rexpect starts it with echo
/// off and a size of 0×0, a person's terminal echoes (hidden input must switch that off itself,
/// otherwise "the secret was not echoed" proves nothing) and has a size tables can wrap to.
/// `$0` is atsctl, `$@` the `args`. Isolated like `support::atsctl` (empty HOME and config dirs,
/// no inherited `ATSCTL_*` variables, no colour), with no D-Bus session (so no Secret Service,
/// whatever the machine has) and a dumb terminal.
pub fn command(home: &tempfile::TempDir, script: &str, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", &format!("stty echo cols 120 rows 50 && {script}")])
        .arg(env!("CARGO_BIN_EXE_atsctl"))
        .args(args);
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
        .env("XDG_RUNTIME_DIR", home.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("NO_COLOR", "1")
        .env("TERM", "dumb");
    command
}

/// `atsctl <args>` in a pseudo-terminal, as [`command`] sets it up.
pub fn atsctl(home: &tempfile::TempDir, args: &[&str]) -> std::process::Command {
    command(home, r#"exec "$0" "$@""#, args)
}

/// Starts `command` in a pseudo-terminal, ANSI escapes stripped, each wait limited to
/// `timeout_ms` milliseconds.
pub fn spawn(command: std::process::Command, timeout_ms: u64) -> PtySession {
    let options = rexpect::session::Options::new()
        .timeout_ms(Some(timeout_ms))
        .strip_ansi_escape_codes(true);
    rexpect::session::spawn_with_options(command, options).expect("a pseudo-terminal")
}
