//! `atsctl auth`: what works without a credential store (status, errors that point to the
//! environment path, corrupt config handling) and, on Linux, the real login → status → logout
//! flow across processes through the kernel keyring, a real OS credential store that needs no
//! desktop session.

use std::path::{Path, PathBuf};
#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::support::{atsctl, home, stderr, stdout};

const CANARY: &str = "canary-5ecret-d0-not-print";

fn config_file(home: &tempfile::TempDir) -> PathBuf {
    home.path().join("config/atsctl/profiles.toml")
}

/// `atsctl` that cannot reach any D-Bus session bus, so no Secret Service, whatever the machine
/// running the tests has: a developer's desktop keyring is never touched.
fn atsctl_without_secret_service(home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut command = atsctl(home);
    command
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", home.path());
    command
}

/// Every file under `dir`, for canary searches.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(files_under(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn assert_canary_nowhere(home: &tempfile::TempDir, outputs: &[&std::process::Output]) {
    for output in outputs {
        assert!(
            !stdout(output).contains(CANARY),
            "secret on stdout:\n{}",
            stdout(output)
        );
        assert!(
            !stderr(output).contains(CANARY),
            "secret on stderr:\n{}",
            stderr(output)
        );
    }
    for file in files_under(home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(CANARY),
            "secret written to {}",
            file.display()
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn login_without_a_credential_store_exits_2_and_names_the_environment_path() {
    let home = home();
    let output = atsctl_without_secret_service(&home)
        .args([
            "auth",
            "login",
            "--ats",
            "greenhouse",
            "--client-id",
            "client-1",
            "--client-secret-stdin",
        ])
        .write_stdin(format!("{CANARY}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("no OS credential store is available"), "{text}");
    assert!(text.contains("Secret Service"), "{text}");
    for name in [
        "ATSCTL_GREENHOUSE_CLIENT_ID",
        "ATSCTL_GREENHOUSE_CLIENT_SECRET",
        "ATSCTL_GREENHOUSE_USER_ID",
        "ATSCTL_HARVEST_API_KEY",
        "ATSCTL_LEVER_API_KEY",
        "--client-secret-stdin",
        "--api-key-stdin",
        "never writes secrets to a plain file",
    ] {
        assert!(text.contains(name), "{name} missing from:\n{text}");
    }
    assert!(!config_file(&home).exists(), "no config without a stored secret");
    assert_canary_nowhere(&home, &[&output]);
}

#[cfg(target_os = "linux")]
#[test]
fn login_without_a_store_fails_before_asking_for_the_secret() {
    // No stdin at all: had login asked first, it would fail on the missing secret instead.
    let home = home();
    let output = atsctl_without_secret_service(&home)
        .args(["auth", "login", "--ats", "lever"])
        .env("ATSCTL_LEVER_API_KEY", CANARY)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no OS credential store is available"),
        "{}",
        stderr(&output)
    );
    assert_canary_nowhere(&home, &[&output]);
}

#[test]
fn status_without_profiles_points_to_login_and_the_environment() {
    let home = home();
    let output = atsctl(&home).args(["auth", "status"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("No profiles yet"), "{text}");
    assert!(
        text.contains(&config_file(&home).display().to_string()),
        "names the config file: {text}"
    );
    assert!(
        text.contains("atsctl auth login --ats greenhouse") && text.contains("ATSCTL_LEVER_API_KEY"),
        "{text}"
    );

    let json = atsctl(&home)
        .args(["auth", "status", "--format", "json"])
        .env("ATSCTL_HARVEST_API_KEY", CANARY)
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["profiles"], serde_json::json!([]));
    assert_eq!(
        value["environment_overrides"],
        serde_json::json!(["ATSCTL_HARVEST_API_KEY"])
    );
    assert_canary_nowhere(&home, &[&json]);
}

#[test]
fn a_corrupt_config_is_named_exit_2_and_left_as_it_is() {
    let home = home();
    let path = config_file(&home);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "version = 1\n[profiles.default.greenhouse-v3\nclient_id = \"x\"\n";
    std::fs::write(&path, broken).unwrap();
    for args in [
        &["auth", "status"][..],
        &["auth", "logout"][..],
        &[
            "auth",
            "login",
            "--ats",
            "greenhouse",
            "--client-id",
            "c",
            "--client-secret-stdin",
        ][..],
    ] {
        let output = atsctl_without_secret_service(&home)
            .args(args)
            .write_stdin(CANARY)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(
            text.contains(&path.display().to_string()) && text.contains("not a valid atsctl profile file"),
            "{args:?}: {text}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            broken,
            "{args:?} rewrote the file"
        );
    }
}

#[test]
fn flags_of_another_credential_kind_and_unknown_profiles_are_usage_errors() {
    let home = home();
    let output = atsctl(&home)
        .args(["auth", "login", "--ats", "lever", "--client-secret-stdin"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--client-secret-stdin cannot be used for a lever credential"),
        "{}",
        stderr(&output)
    );

    let output = atsctl(&home)
        .args(["auth", "login", "--ats", "greenhouse", "--profile", "../x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid profile name"), "{}", stderr(&output));

    let output = atsctl(&home)
        .args(["auth", "logout", "--profile", "nobody"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no profile named \"nobody\""),
        "{}",
        stderr(&output)
    );
}

/// A profile name no other test (or person) uses: the kernel keyring is per user, not per test.
#[cfg(target_os = "linux")]
fn unique_profile() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "atsctl-test-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Removes the test's secrets from the kernel keyring even when an assertion fails midway.
#[cfg(target_os = "linux")]
struct LogoutOnDrop<'a> {
    home: &'a tempfile::TempDir,
    profile: &'a str,
}

#[cfg(target_os = "linux")]
impl Drop for LogoutOnDrop<'_> {
    fn drop(&mut self) {
        let _ = atsctl_without_secret_service(self.home)
            .args(["auth", "logout", "--profile", self.profile])
            .output();
    }
}

/// The real flow, each step its own process, the secrets in the kernel keyring (keyutils).
#[cfg(target_os = "linux")]
#[test]
fn login_status_logout_across_processes_through_the_kernel_keyring() {
    let home = home();
    let profile = unique_profile();
    let _cleanup = LogoutOnDrop {
        home: &home,
        profile: &profile,
    };
    let run = |args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]| {
        let mut command = atsctl_without_secret_service(&home);
        command.args(args).args(["--profile", &profile]);
        for (key, value) in env {
            command.env(key, value);
        }
        if let Some(stdin) = stdin {
            command.write_stdin(stdin.to_owned());
        }
        command.output().unwrap()
    };

    let login = run(
        &[
            "auth",
            "login",
            "--ats",
            "greenhouse",
            "--client-id",
            "client-42",
            "--user-id",
            "4080",
            "--client-secret-stdin",
            "--store",
            "kernel-keyring",
        ],
        Some(&format!("{CANARY}\n")),
        &[],
    );
    assert_eq!(login.status.code(), Some(0), "{}", stderr(&login));
    assert!(
        stdout(&login).contains("Stored the Harvest v3 client secret"),
        "{}",
        stdout(&login)
    );
    assert!(
        stderr(&login).contains("until reboot"),
        "the store's lifetime is stated: {}",
        stderr(&login)
    );

    // The Lever key comes from its environment variable; the store from ATSCTL_CREDENTIAL_STORE.
    let lever = run(
        &["auth", "login", "--ats", "lever", "--region", "eu"],
        None,
        &[
            ("ATSCTL_LEVER_API_KEY", &format!("{CANARY}-lever")),
            ("ATSCTL_CREDENTIAL_STORE", "kernel-keyring"),
        ],
    );
    assert_eq!(lever.status.code(), Some(0), "{}", stderr(&lever));

    let status = run(&["auth", "status", "--format", "json"], None, &[]);
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    let value: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    let credentials = &value["profiles"][0]["credentials"];
    assert_eq!(value["profiles"][0]["name"], profile.as_str());
    assert_eq!(credentials[0]["kind"], "greenhouse-v3");
    assert_eq!(credentials[0]["client_id"], "client-42");
    assert_eq!(credentials[0]["user_id"], "4080");
    assert_eq!(credentials[0]["store"], "kernel-keyring");
    assert_eq!(
        credentials[0]["secret"]["state"], "stored",
        "another process reads the secret back"
    );
    assert_eq!(credentials[1]["kind"], "lever");
    assert_eq!(credentials[1]["base_urls"][0]["url"], "https://api.eu.lever.co/v1");
    assert_eq!(credentials[1]["secret"]["state"], "stored");

    let table = run(&["auth", "status"], None, &[]);
    assert!(
        stdout(&table).contains("secret stored in the Linux kernel keyring"),
        "{}",
        stdout(&table)
    );

    // Logging in again replaces; the config is rewritten atomically, private, without secrets.
    let again = run(
        &[
            "auth",
            "login",
            "--ats",
            "greenhouse",
            "--client-id",
            "client-43",
            "--client-secret-stdin",
            "--store",
            "kernel-keyring",
        ],
        Some(&format!("{CANARY}-2")),
        &[],
    );
    assert!(stdout(&again).contains("Replaced"), "{}", stdout(&again));
    let config = config_file(&home);
    let listing: Vec<String> = std::fs::read_dir(config.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listing, ["profiles.toml"], "no temporary file left behind");
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&config).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("client_id = \"client-43\"") && text.contains("region = \"eu\""),
        "{text}"
    );

    let logout = run(&["auth", "logout"], None, &[]);
    assert_eq!(logout.status.code(), Some(0), "{}", stderr(&logout));
    assert!(
        stdout(&logout).contains("Removed greenhouse-v3") && stdout(&logout).contains("Removed lever"),
        "{}",
        stdout(&logout)
    );
    assert!(
        stdout(&logout).contains("secret deleted from the Linux kernel keyring"),
        "{}",
        stdout(&logout)
    );
    let after = run(&["auth", "status"], None, &[]);
    assert_eq!(after.status.code(), Some(2), "the profile is gone: {}", stderr(&after));
    assert!(stderr(&after).contains("no profile named"), "{}", stderr(&after));

    assert_canary_nowhere(&home, &[&login, &lever, &status, &table, &again, &logout, &after]);
}

/// `atsctl` as a `std::process::Command` with the same isolation as `support::atsctl`, for a
/// pseudo-terminal.
#[cfg(target_os = "linux")]
fn pty_command(home: &tempfile::TempDir, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_atsctl"));
    for (key, _) in std::env::vars() {
        if key.starts_with("ATSCTL_") {
            command.env_remove(key);
        }
    }
    command
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_RUNTIME_DIR", home.path())
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("NO_COLOR", "1")
        .env("TERM", "dumb");
    command
}

/// The prompts a person sees at a terminal, the secret typed without echo.
#[cfg(target_os = "linux")]
#[test]
fn login_at_a_terminal_asks_for_each_value_and_hides_the_secret() {
    let home = home();
    let profile = unique_profile();
    let _cleanup = LogoutOnDrop {
        home: &home,
        profile: &profile,
    };
    let command = pty_command(
        &home,
        &[
            "auth",
            "login",
            "--ats",
            "greenhouse",
            "--store",
            "kernel-keyring",
            "--profile",
            &profile,
        ],
    );
    let options = rexpect::session::Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut session = rexpect::session::spawn_with_options(command, options).expect("a pseudo-terminal");
    session.exp_string("Harvest v3 client id:").unwrap();
    session.send_line("client-tty").unwrap();
    session
        .exp_string("Acting user id (a Site Admin; Enter to skip):")
        .unwrap();
    session.send_line("").unwrap();
    session.exp_string("Harvest v3 client secret").unwrap();
    // The hidden prompt switches echo off with TCSAFLUSH, which drops anything typed before it
    // is ready (console's `read_secure`): a person never types that fast, a test must wait.
    std::thread::sleep(std::time::Duration::from_millis(500));
    session.send_line(CANARY).unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(rest.contains("Stored the Harvest v3 client secret"), "{rest}");
    assert!(!rest.contains(CANARY), "the secret was echoed:\n{rest}");

    let status = atsctl_without_secret_service(&home)
        .args(["auth", "status", "--profile", &profile])
        .output()
        .unwrap();
    let text = stdout(&status);
    assert!(text.contains("client id client-tty, no acting user"), "{text}");
    assert!(text.contains("secret stored in the Linux kernel keyring"), "{text}");
    assert_canary_nowhere(&home, &[&status]);
}
