//! `atsctl auth`: what works without a credential store (status, errors that point to the
//! environment path, corrupt config handling) and, on Linux, the real login → status → logout
//! flow across processes through the kernel keyring, a real OS credential store that needs no
//! desktop session.

use std::path::PathBuf;

use crate::support::keyring::atsctl_without_secret_service;
#[cfg(target_os = "linux")]
use crate::support::keyring::{LogoutOnDrop, unique_profile};
use crate::support::secrets::assert_secret_nowhere;
use crate::support::{atsctl, home, stderr, stdout};

const CANARY: &str = "canary-5ecret-d0-not-print";

fn config_file(home: &tempfile::TempDir) -> PathBuf {
    home.path().join("config/atsctl/profiles.toml")
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
    assert_secret_nowhere(&home, CANARY, [&output]);
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
    assert_secret_nowhere(&home, CANARY, [&output]);
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
        (
            &value["command"],
            &value["outcome"],
            &value["exit_code"],
            &value["reason"]
        ),
        (
            &serde_json::json!("auth status"),
            &serde_json::json!("ok"),
            &serde_json::json!(0),
            &serde_json::json!("no credentials stored")
        )
    );
    assert_eq!(
        value["environment_overrides"],
        serde_json::json!(["ATSCTL_HARVEST_API_KEY"])
    );
    assert_secret_nowhere(&home, CANARY, [&json]);
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
        stderr(&output).contains("--client-secret-stdin cannot be used with credential kind lever"),
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
    let mut listing: Vec<String> = std::fs::read_dir(config.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listing.sort();
    assert_eq!(
        listing,
        [".profiles.toml.lock", "profiles.toml"],
        "no temporary file left behind; the (empty) lock file stays"
    );
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

    assert_secret_nowhere(
        &home,
        CANARY,
        [&login, &lever, &status, &table, &again, &logout, &after],
    );
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
    let command = crate::support::pty::atsctl(
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
    let mut session = crate::support::pty::spawn(command, 20_000);
    session.exp_string("Harvest v3 client id:").unwrap();
    session.send_line("client-tty").unwrap();
    // Visible answers echo, so the terminal does: the secret's absence below is meaningful.
    session.exp_string("client-tty").unwrap();
    session
        .exp_string("Acting user id (a Site Admin; Enter to skip):")
        .unwrap();
    session.send_line("").unwrap();
    session.exp_string("Harvest v3 client secret").unwrap();
    // Typed before the hidden prompt is ready, the secret would be dropped (see the helper).
    crate::support::pty::wait_for_echo_off(&session, crate::support::pty::PROMPT_PATIENCE);
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
    assert_secret_nowhere(&home, CANARY, [&status]);
}

/// Logs `profile` in through the kernel keyring with `secret` piped on stdin.
#[cfg(target_os = "linux")]
fn login_piped(home: &tempfile::TempDir, profile: &str, args: &[&str], secret: &str) {
    let output = atsctl_without_secret_service(home)
        .args(["auth", "login", "--profile", profile, "--store", "kernel-keyring"])
        .args(args)
        .write_stdin(format!("{secret}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "login {args:?}: {}", stderr(&output));
}

#[cfg(target_os = "linux")]
fn status_check(home: &tempfile::TempDir, args: &[&str]) -> std::process::Output {
    atsctl_without_secret_service(home)
        .args(["auth", "status", "--check", "--timeout", "2s"])
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

/// The `check` object of each credential of the one profile in a JSON status, by kind.
#[cfg(target_os = "linux")]
fn checks(output: &std::process::Output) -> Vec<(String, serde_json::Value)> {
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("JSON ({error}): {}\n{}", stdout(output), stderr(output)));
    value["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .flat_map(|profile| profile["credentials"].as_array().expect("credentials").iter())
        .map(|credential| {
            (
                credential["kind"].as_str().unwrap().to_owned(),
                credential["check"].clone(),
            )
        })
        .collect()
}

/// `auth status --check` against the fake Greenhouse and the fake Lever: each stored credential
/// is accepted, rejected or unreachable, with one request that changes nothing, and the exit code
/// says the worst (rejected 3 before unreachable 4).
#[cfg(target_os = "linux")]
#[test]
fn status_check_says_whether_each_stored_credential_is_accepted() {
    use crate::support::fake_greenhouse::{FakeConfig, FakeGreenhouse};
    use crate::support::fake_lever::{FakeLever, FakeLeverConfig};

    let v3_secret = format!("{CANARY}-v3");
    let v1_key = format!("{CANARY}-v1");
    let lever_key = format!("{CANARY}-lever");
    // The v1 key may read jobs but not users: Greenhouse knows it, and says what it lacks.
    let greenhouse = FakeGreenhouse::start(
        FakeConfig::default()
            .client("check-client", &v3_secret, &["harvest:jobs:list".to_owned()])
            .key(&v1_key, &["GET: List Jobs".to_owned()]),
    );
    let retired = FakeGreenhouse::start(
        FakeConfig {
            v1_retired: true,
            ..FakeConfig::default()
        }
        .key(&v1_key, &["GET: List Users".to_owned()]),
    );
    let lever = FakeLever::start(FakeLeverConfig::default().key(&lever_key, &["stages"]));
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let home = home();
    let [good, bad, down] = [unique_profile(), unique_profile(), unique_profile()];
    let _cleanup = [&good, &bad, &down].map(|profile| LogoutOnDrop { home: &home, profile });
    let (auth_url, harvest_url) = (greenhouse.auth_url(), greenhouse.harvest_url());
    let v3 = [
        "--ats",
        "greenhouse",
        "--client-id",
        "check-client",
        "--client-secret-stdin",
        "--auth-url",
        &auth_url,
        "--harvest-url",
        &harvest_url,
    ];
    let lever_url = lever.url();
    let lever_args = ["--ats", "lever", "--api-key-stdin", "--lever-url", &lever_url];
    login_piped(&home, &good, &v3, &v3_secret);
    login_piped(
        &home,
        &good,
        &[
            "--ats",
            "greenhouse",
            "--api",
            "v1",
            "--api-key-stdin",
            "--harvest-url",
            &harvest_url,
        ],
        &v1_key,
    );
    login_piped(&home, &good, &lever_args, &lever_key);
    login_piped(&home, &bad, &v3, &format!("{CANARY}-wrong"));
    login_piped(&home, &bad, &lever_args, &format!("{CANARY}-wrong-lever"));
    let closed = format!("http://127.0.0.1:{closed_port}/v1");
    login_piped(
        &home,
        &down,
        &["--ats", "lever", "--api-key-stdin", "--lever-url", &closed],
        &lever_key,
    );
    let retired_url = retired.harvest_url();
    login_piped(
        &home,
        &down,
        &[
            "--ats",
            "greenhouse",
            "--api",
            "v1",
            "--api-key-stdin",
            "--harvest-url",
            &retired_url,
        ],
        &v1_key,
    );
    let mut outputs = Vec::new();

    // Plain `status` asks no one.
    let plain = atsctl_without_secret_service(&home)
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(0), "{}", stderr(&plain));
    assert!(
        checks(&plain).iter().all(|(_, check)| check.is_null()),
        "{}",
        stdout(&plain)
    );
    assert!(greenhouse.requests().is_empty() && lever.requests().is_empty());
    outputs.push(plain);

    let accepted = status_check(&home, &["--profile", &good]);
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    let text = stdout(&accepted);
    assert_eq!(text.matches("check: accepted").count(), 3, "{text}");
    assert!(
        text.contains("the key lacks the \"GET: List Users\" permission"),
        "a v1 key without the listed permission is accepted, and the gap named: {text}"
    );
    assert!(
        text.contains("Checked 3 credential(s): 3 accepted, 0 rejected, 0 unreachable."),
        "{text}"
    );
    let json = status_check(&home, &["--profile", &good, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let states: Vec<(String, String)> = checks(&json)
        .into_iter()
        .map(|(kind, check)| (kind, check["state"].as_str().unwrap_or("none").to_owned()))
        .collect();
    assert_eq!(
        states,
        [
            ("greenhouse-v3".to_owned(), "accepted".to_owned()),
            ("greenhouse-v1".to_owned(), "accepted".to_owned()),
            ("lever".to_owned(), "accepted".to_owned())
        ]
    );
    outputs.extend([accepted, json]);

    let rejected = status_check(&home, &["--profile", &bad]);
    assert_eq!(rejected.status.code(), Some(3), "{}", stderr(&rejected));
    let text = stdout(&rejected);
    assert!(
        text.contains("check: rejected (Greenhouse rejected the Harvest v3 client credentials (401: invalid_client))"),
        "{text}"
    );
    assert!(
        text.contains("check: rejected (Lever rejected the API key (401"),
        "{text}"
    );
    outputs.push(rejected);

    let unreachable = status_check(&home, &["--profile", &down]);
    assert_eq!(unreachable.status.code(), Some(4), "{}", stderr(&unreachable));
    let text = stdout(&unreachable);
    assert!(
        text.contains("check: unreachable (Lever could not be reached"),
        "{text}"
    );
    assert!(text.contains("check: unreachable (Harvest v1 looks retired"), "{text}");
    outputs.push(unreachable);

    // JSON carries each verdict with its exit code and why.
    for (profile, outcome, code, reason) in [
        (
            &good,
            "ok",
            0,
            "3 credential(s), each with its secret stored and accepted",
        ),
        (&bad, "rejected", 3, "2 of 2 credential(s) rejected by the ATS"),
        (&down, "unreachable", 4, "2 of 2 credential(s) could not be checked"),
    ] {
        let json = status_check(&home, &["--profile", profile, "--format", "json"]);
        assert_eq!(json.status.code(), Some(code), "{}", stderr(&json));
        let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
        assert_eq!(value["outcome"], outcome, "{value}");
        assert_eq!(value["exit_code"], code, "{value}");
        assert_eq!(value["reason"], reason, "{value}");
        outputs.push(json);
    }

    // All profiles at once, with each request shown: a rejection outranks an unreachable host.
    for verbosity in ["-v", "-vv"] {
        let everything = status_check(&home, &[verbosity]);
        assert_eq!(everything.status.code(), Some(3), "{}", stderr(&everything));
        let log = stderr(&everything);
        assert!(log.contains("/token → 200"), "{log}");
        assert!(log.contains("/token → 401"), "{log}");
        assert!(log.contains("/v1/stages?limit=1 → 200"), "{log}");
        outputs.push(everything);
    }

    // Nothing but the one harmless request per credential reached either system.
    let harvest: Vec<String> = greenhouse
        .harvest_requests()
        .iter()
        .map(|request| {
            format!(
                "{} {}?{}",
                request.method,
                request.path,
                request.query.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(
        !harvest.is_empty() && harvest.iter().all(|request| request == "GET /v1/users?per_page=1"),
        "{harvest:?}"
    );
    assert!(
        greenhouse
            .requests()
            .iter()
            .all(|request| request.path == "/token" || request.path == "/v1/users"),
        "no introspection, no other probe: {:?}",
        greenhouse.requests()
    );
    let to_lever: Vec<String> = lever
        .requests()
        .iter()
        .map(|request| {
            format!(
                "{} {}?{}",
                request.method,
                request.path,
                request.query.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert!(
        !to_lever.is_empty() && to_lever.iter().all(|request| request == "GET /v1/stages?limit=1"),
        "{to_lever:?}"
    );
    retired.assert_hit();

    assert_secret_nowhere(&home, CANARY, &outputs);
}

/// The A1: 20 `auth login` processes at once, each its own profile, one config file.
/// Each takes the config's lock around its read-modify-write, so all 20 profiles are kept (4
/// of 20 were, before) and every stored secret has its profile.
#[cfg(target_os = "linux")]
#[test]
fn twenty_parallel_logins_keep_twenty_profiles() {
    const LOGINS: usize = 20;
    let home = home();
    let profiles: Vec<String> = (0..LOGINS).map(|_| unique_profile()).collect();
    let _cleanup: Vec<LogoutOnDrop<'_>> = profiles
        .iter()
        .map(|profile| LogoutOnDrop { home: &home, profile })
        .collect();
    let mut children: Vec<std::process::Child> = profiles
        .iter()
        .enumerate()
        .map(|(index, profile)| {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_atsctl"));
            let isolated = atsctl_without_secret_service(&home);
            for (key, value) in isolated.get_envs() {
                match value {
                    Some(value) => command.env(key, value),
                    None => command.env_remove(key),
                };
            }
            command
                .args(["auth", "login", "--ats", "greenhouse", "--store", "kernel-keyring"])
                .args(["--profile", profile, "--client-id", &format!("client-{index}")])
                .arg("--client-secret-stdin")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            // Every process is started before any gets its secret, so they overlap.
            command.spawn().expect("start atsctl auth login")
        })
        .collect();
    // All secrets first, then the waits: the logins run at once, not one after another.
    for (index, child) in children.iter_mut().enumerate() {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("piped");
        writeln!(stdin, "{CANARY}-{index}").expect("write the secret");
    }
    let outputs: Vec<std::process::Output> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("login ends"))
        .collect();
    for (output, profile) in outputs.iter().zip(&profiles) {
        assert_eq!(output.status.code(), Some(0), "{profile}: {}", stderr(output));
    }

    let status = atsctl_without_secret_service(&home)
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0), "{}", stderr(&status));
    let value: serde_json::Value = serde_json::from_slice(&status.stdout).expect("JSON");
    let listed: std::collections::BTreeSet<&str> = value["profiles"]
        .as_array()
        .expect("profiles")
        .iter()
        .map(|profile| {
            assert_eq!(profile["credentials"][0]["secret"]["state"], "stored", "{profile}");
            profile["name"].as_str().expect("name")
        })
        .collect();
    let expected: std::collections::BTreeSet<&str> = profiles.iter().map(String::as_str).collect();
    assert_eq!(listed, expected, "every login kept its profile");
    for (index, profile) in profiles.iter().enumerate() {
        let listed = value["profiles"]
            .as_array()
            .expect("profiles")
            .iter()
            .find(|entry| entry["name"] == profile.as_str())
            .expect("listed");
        assert_eq!(listed["credentials"][0]["client_id"], format!("client-{index}"));
    }
    let mut all = outputs.iter().collect::<Vec<_>>();
    all.push(&status);
    assert_secret_nowhere(&home, CANARY, all);
}
