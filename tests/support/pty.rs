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

/// Longest a test waits for a hidden prompt to be ready before failing.
pub const PROMPT_PATIENCE: std::time::Duration = std::time::Duration::from_secs(20);

/// Waits until the program in `session` has switched the terminal's echo off, that is until a
/// hidden prompt is ready to read; fails the test after `within`. Typing sooner is lost: the
/// prompt switches echo off with TCSAFLUSH (console's `read_secure`), which discards input not
/// yet read, and the kernel flushes before it applies the new settings, so once echo is seen
/// off, what is typed next is kept. Reads the settings through the pty's master side, which on
/// Linux and macOS reports the terminal's (the slave's) settings.
pub fn wait_for_echo_off(session: &PtySession, within: std::time::Duration) {
    use rustix::termios::{LocalModes, tcgetattr};
    let master = session
        .process()
        .get_file_handle()
        .expect("the pseudo-terminal's master side");
    let deadline = std::time::Instant::now() + within;
    loop {
        let settings = tcgetattr(&master).expect("read the terminal's settings");
        if !settings.local_modes.contains(LocalModes::ECHO) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the hidden prompt did not switch echo off within {within:?}"
        );
        // Polling a flag, not guessing a delay: each look is cheap and the wait ends on the change.
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
