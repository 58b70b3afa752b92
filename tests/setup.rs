//! `atsctl setup`, the wizard: driven through a pseudo-terminal against the fake Greenhouse (a
//! registered partner authorised with no secret asked; a custom integration's missing scope
//! fixed between two checks of one run), Ctrl-C at a prompt; without a terminal, where it prints
//! the commands that do the same; and `--non-interactive --format json`.

use std::path::PathBuf;

use atsctl::manifest::{self, Ats};

use crate::support::{atsctl, home, stderr, stdout};

/// The client secret typed into the hidden prompt; it must appear nowhere.
#[cfg(unix)]
const CANARY: &str = "canary-setup-s3cret-7d41e0";
#[cfg(unix)]
const CLIENT_ID: &str = "hipeople-client";
/// A scope HiPeople needs, missing until the test grants it.
#[cfg(unix)]
const LATE_SCOPE: &str = "harvest:candidates:list";

fn state_file(home: &tempfile::TempDir) -> PathBuf {
    home.path().join("state/atsctl/apply/hipeople-greenhouse.json")
}

/// HiPeople's manifest as a custom integration (client credentials), in `home`: the bundled
/// partners are registered partners, which type no credential on Harvest v3.
fn custom_hipeople(home: &tempfile::TempDir) -> String {
    let text = manifest::bundled("hipeople").unwrap().text;
    assert!(text.contains("\n  connection: partner\n"));
    let path = home.path().join("hipeople-custom.yaml");
    std::fs::write(
        &path,
        text.replace("\n  connection: partner\n", "\n  connection: custom-integration\n"),
    )
    .unwrap();
    path.display().to_string()
}

fn confirmed(home: &tempfile::TempDir) -> usize {
    let text = std::fs::read_to_string(state_file(home)).expect("a progress file");
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    value["done"].as_array().expect("done").len()
}

#[test]
fn without_a_terminal_it_exits_2_and_prints_the_equivalent_commands() {
    let home = home();
    let output = atsctl(&home)
        .args(["setup", "hipeople", "--ats", "greenhouse"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "nothing on stdout");
    let text = stderr(&output);
    assert!(text.contains("stdin or stderr is not a terminal"), "{text}");
    let commands: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("atsctl "))
        .collect();
    // A registered partner: authorised on Greenhouse's screen, no credential to log in with.
    assert_eq!(
        commands,
        [
            "atsctl plan hipeople --ats greenhouse",
            "atsctl setup hipeople --ats greenhouse --non-interactive --yes --confirm-authorised --skip-webhooks",
            "atsctl apply hipeople --ats greenhouse",
        ],
        "{text}"
    );
    assert!(
        !text.contains("auth login") && !text.contains("client-secret"),
        "{text}"
    );
    assert!(
        text.contains("With --non-interactive setup runs without a terminal"),
        "{text}"
    );
    assert!(!home.path().join("config").exists() && !home.path().join("state").exists());

    // A custom integration's client credentials are logged in and checked as before.
    let custom = custom_hipeople(&home);
    let output = atsctl(&home)
        .args(["setup", "--manifest", &custom, "--ats", "greenhouse"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(
        text.contains("atsctl auth login --profile default --ats greenhouse --client-secret-stdin"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "atsctl validate --manifest {custom} --ats greenhouse --profile default"
        )),
        "{text}"
    );
    assert!(
        text.contains("ATSCTL_GREENHOUSE_CLIENT_SECRET"),
        "the store-less path is named: {text}"
    );
}

/// `--non-interactive --format json`: stdout is one JSON value, the summary with the exit
/// status's reason and the document; the steps' progress went to stderr.
#[test]
fn non_interactive_json_carries_the_exit_status_and_its_reason() {
    let home = home();
    let run = |args: &[&str]| {
        let output = atsctl(&home)
            .args(["setup", "headhuntr", "--non-interactive", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|error| panic!("{error}: {}\n{}", stdout(&output), stderr(&output)));
        (output.status.code(), json, stderr(&output))
    };

    let (code, json, progress) = run(&["--yes", "--confirm-authorised"]);
    assert_eq!(code, Some(1), "{json:#}");
    assert_eq!(json["exit_code"], 1);
    assert_eq!(json["outcome"], "remaining");
    assert_eq!(json["reason"], "1 step to do: Webhooks");
    assert_eq!(
        (json["partner"].as_str(), json["ats"].as_str()),
        (Some("headhuntr"), Some("greenhouse"))
    );
    let status = |step: &str| {
        json["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["step"] == step)
            .unwrap_or_else(|| panic!("no step {step}: {json:#}"))["status"]
            .clone()
    };
    assert_eq!(status("Authorise the partner"), "done");
    assert_eq!(
        status("Check the authorisation"),
        "to_check",
        "never done: atsctl checked nothing"
    );
    assert_eq!(status("Webhooks"), "remaining");
    assert_eq!(json["document"]["kind"], "setup_summary");
    assert!(progress.contains("Authorize using a service account"), "{progress}");
    assert!(!progress.contains("secret (hidden)"), "{progress}");

    // Without the confirmation the authorisation is to do, and the reason says so.
    let (code, json, _) = run(&["--yes"]);
    assert_eq!(code, Some(1));
    assert_eq!(json["reason"], "2 steps to do: Authorise the partner, Webhooks");

    // The confirmation belongs to a partner's authorisation only.
    let output = atsctl(&home)
        .args([
            "setup",
            "headhuntr",
            "--api",
            "v1",
            "--confirm-authorised",
            "--non-interactive",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("with --api v1 uses a v1 key instead"),
        "{}",
        stderr(&output)
    );

    // A secret is never a flag: a custom integration without one in the environment stops, exit 2.
    let custom = custom_hipeople(&home);
    let output = atsctl(&home)
        .args([
            "setup",
            "--manifest",
            &custom,
            "--ats",
            "greenhouse",
            "--non-interactive",
            "--yes",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--non-interactive asks nothing, and nothing gave the Harvest v3 client id"),
        "{}",
        stderr(&output)
    );
}

/// The wizard's report (every step's text and the summary) fits 80, 100 and 120 columns for
/// every bundled partner on Greenhouse, and HiPeople on Lever.
#[test]
fn the_wizards_report_is_no_wider_than_the_pane() {
    let home = home();
    let mut runs: Vec<Vec<&str>> = manifest::bundled_ids()
        .map(|id| vec![id, "--ats", "greenhouse", "--confirm-authorised"])
        .collect();
    // Lever's key from the environment; nothing is sent (the check is skipped, and without a
    // web hook URL nothing is created).
    runs.push(vec!["hipeople", "--ats", "lever", "--skip-validate"]);
    for width in ["80", "100", "120"] {
        for run in &runs {
            let output = atsctl(&home)
                .args(["--width", width, "setup", "--non-interactive", "--yes"])
                .args(run)
                .env("ATSCTL_LEVER_API_KEY", "canary-lever-width-key")
                .env("ATSCTL_LEVER_URL", "http://127.0.0.1:9/v1")
                .output()
                .unwrap();
            let text = stdout(&output);
            assert!(text.contains("setup summary"), "{run:?}: {text}{}", stderr(&output));
            let columns: usize = width.parse().unwrap();
            for line in text.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= columns,
                    "{run:?} at {width}: {line:?}"
                );
            }
        }
    }
}

/// A custom integration's credential that Greenhouse refuses, non-interactively: exit 3, and
/// the JSON says why.
#[test]
fn non_interactive_json_reports_a_rejected_credential() {
    use crate::support::fake_greenhouse::{FakeConfig, FakeGreenhouse};

    let home = home();
    let fake = FakeGreenhouse::start(FakeConfig::default().client("custom-client", "the-real-secret", &[]));
    let custom = custom_hipeople(&home);
    let output = atsctl(&home)
        .args([
            "setup",
            "--manifest",
            &custom,
            "--ats",
            "greenhouse",
            "--non-interactive",
            "--yes",
        ])
        .args(["--skip-webhooks", "--format", "json"])
        .env("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url())
        .env("ATSCTL_HARVEST_URL", fake.harvest_url())
        .env("ATSCTL_GREENHOUSE_CLIENT_ID", "custom-client")
        .env("ATSCTL_GREENHOUSE_CLIENT_SECRET", "canary-wrong-s3cret-90ab")
        .output()
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}: {}", stderr(&output)));
    assert_eq!(output.status.code(), Some(3), "{json:#}");
    assert_eq!(json["exit_code"], 3);
    assert_eq!(json["outcome"], "credential_rejected");
    assert_eq!(
        json["reason"],
        "the ATS rejected the credential, and the check was skipped"
    );
    assert!(!stdout(&output).contains("canary-wrong") && !stderr(&output).contains("canary-wrong"));
}

#[test]
fn the_equivalent_commands_follow_the_flags() {
    let home = home();
    let output = atsctl(&home)
        .args([
            "setup",
            "hipeople",
            "--ats",
            "lever",
            "--profile",
            "work",
            "--webhook-url",
            "https://hooks.example/lever?team=1",
            "--region",
            "eu",
            "--skip-validate",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let text = stderr(&output);
    for line in [
        "atsctl plan hipeople --ats lever",
        "atsctl auth login --profile work --ats lever --region eu --api-key-stdin",
        "atsctl apply hipeople --ats lever --webhook-url 'https://hooks.example/lever?team=1' --region eu --profile work --dry-run",
        "atsctl apply hipeople --ats lever --webhook-url 'https://hooks.example/lever?team=1' --region eu --profile work --yes",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
    assert!(
        !text.contains("atsctl validate"),
        "--skip-validate leaves the check out: {text}"
    );

    // Without a partner, a real one stands in, once per ATS it covers.
    let output = atsctl(&home).args(["setup", "--no-store"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    let example = manifest::bundled_ids().next().unwrap();
    assert!(text.contains(&format!("atsctl plan {example} --ats ")), "{text}");
    assert!(
        !text.contains("auth login") && text.contains("--confirm-authorised"),
        "{text}"
    );

    let output = atsctl(&home)
        .args(["setup", "hipeople", "--ats", "lever", "--client-id", "x"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--client-id cannot be used with Lever"),
        "{}",
        stderr(&output)
    );

    let output = atsctl(&home).args(["setup", "nobody"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown partner `nobody`"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
mod pty {
    use rexpect::process::WaitStatus;
    use rexpect::session::PtySession;

    use super::*;
    use crate::support::fake_greenhouse::{FakeConfig, FakeGreenhouse};
    use crate::support::fake_lever::{FakeLever, FakeLeverConfig};
    use crate::support::secrets::assert_in_no_file;

    /// The v3 scopes HiPeople needs, as `plan` lists them.
    fn hipeople_scopes() -> Vec<String> {
        let bundled = manifest::bundled("hipeople").unwrap();
        let manifest = manifest::load(bundled.file, bundled.text).manifest.unwrap();
        let checklist = atsctl::plan::checklist(&manifest, Ats::Greenhouse).unwrap();
        checklist.v3_scopes.into_iter().map(|item| item.scope).collect()
    }

    /// `atsctl setup <args>` in a pseudo-terminal, pointed at the fake Greenhouse.
    fn spawn(home: &tempfile::TempDir, fake: &FakeGreenhouse, args: &[&str], env: &[(&str, &str)]) -> PtySession {
        let urls = [
            ("ATSCTL_GREENHOUSE_AUTH_URL", fake.auth_url()),
            ("ATSCTL_HARVEST_URL", fake.harvest_url()),
        ];
        let mut all: Vec<(&str, &str)> = urls.iter().map(|(key, value)| (*key, value.as_str())).collect();
        all.extend_from_slice(env);
        spawn_with(home, args, &all)
    }

    /// `atsctl setup <args>` in a pseudo-terminal with `env`, isolated like `support::atsctl`,
    /// with no D-Bus session (so no Secret Service, whatever the machine has).
    fn spawn_with(home: &tempfile::TempDir, args: &[&str], env: &[(&str, &str)]) -> PtySession {
        spawn_in(home, r#"exec "$0" setup "$@""#, args, env)
    }

    /// `script` in a pseudo-terminal (see `support::pty::command`) with `env`.
    fn spawn_in(home: &tempfile::TempDir, script: &str, args: &[&str], env: &[(&str, &str)]) -> PtySession {
        let mut command = crate::support::pty::command(home, script, args);
        for (key, value) in env {
            command.env(key, value);
        }
        crate::support::pty::spawn(command, 30_000)
    }

    /// rexpect turns each byte it reads into one `char` (Latin-1), so UTF-8 text ("·", "✔")
    /// arrives as several chars: needles are converted the same way, the transcript back.
    fn as_read(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    fn utf8(read: &str) -> String {
        let bytes: Vec<u8> = read
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// Everything the terminal showed, as the test read it.
    struct Screen {
        session: PtySession,
        /// As read (Latin-1 chars); [`Screen::finish`] decodes it.
        transcript: String,
    }

    impl Screen {
        fn expect(&mut self, needle: &str) {
            let before = self.session.exp_string(&as_read(needle)).unwrap_or_else(|error| {
                panic!(
                    "waiting for {needle:?}: {error}\n--- so far:\n{}",
                    utf8(&self.transcript)
                )
            });
            self.transcript.push_str(&before);
            self.transcript.push_str(&as_read(needle));
        }

        /// The first of `needles` to appear.
        fn expect_any(&mut self, needles: &[&str]) -> String {
            let wanted = needles
                .iter()
                .map(|needle| rexpect::ReadUntil::String(as_read(needle)))
                .collect();
            let (before, found) = self.session.exp_any(wanted).unwrap_or_else(|error| {
                panic!(
                    "waiting for {needles:?}: {error}\n--- so far:\n{}",
                    utf8(&self.transcript)
                )
            });
            self.transcript.push_str(&before);
            self.transcript.push_str(&found);
            utf8(&found)
        }

        fn line(&mut self, text: &str) {
            self.session.send_line(text).unwrap();
        }

        /// Types into a hidden prompt once it is ready: typed sooner, the text would be dropped
        /// (see `support::pty::wait_for_echo_off`).
        fn secret(&mut self, text: &str) {
            crate::support::pty::wait_for_echo_off(&self.session, crate::support::pty::PROMPT_PATIENCE);
            self.line(text);
        }

        /// Moves a Select prompt down `steps` items and picks that one.
        fn pick(&mut self, steps: usize) {
            self.session.send(&"\x1b[B".repeat(steps)).unwrap();
            self.session.send("\n").unwrap();
            self.session.flush().unwrap();
        }

        /// The whole transcript, decoded, and the exit code.
        fn finish(mut self) -> (String, i32) {
            let rest = self.session.exp_eof().unwrap_or_default();
            self.transcript.push_str(&rest);
            let transcript = utf8(&self.transcript);
            let code = match self.session.process().wait().unwrap() {
                WaitStatus::Exited(_, code) => code,
                other => panic!("atsctl did not exit normally: {other:?}\n{transcript}"),
            };
            (transcript, code)
        }
    }

    /// The wizard, HiPeople on Greenhouse (a registered partner, Harvest v3): partner and ATS
    /// picked, prerequisites confirmed, the authorisation shown with the scopes to compare and
    /// confirmed; no secret asked, nothing sent to Greenhouse; four web hooks confirmed; the
    /// summary fits the 120-column pane and records the confirmation.
    #[test]
    fn hipeople_on_greenhouse_is_authorised_with_no_secret_asked() {
        let home = home();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let mut screen = Screen {
            session: spawn(&home, &fake, &[], &[]),
            transcript: String::new(),
        };

        screen.expect("Step 1 of 6 · Partner and ATS");
        screen.expect("Partner");
        let position = manifest::bundled_ids().position(|id| id == "hipeople").unwrap();
        screen.pick(position);
        screen.expect("ATS");
        screen.pick(0);
        screen.expect("HiPeople on Greenhouse.");
        screen.expect("(Without these questions: atsctl setup hipeople --ats greenhouse)");

        screen.expect("Step 2 of 6 · Prerequisites");
        screen.expect("Are these in place? Continue");
        screen.line("y");

        screen.expect("Step 3 of 6 · Authorise the partner");
        screen.expect("there is no credential to create");
        screen.expect("Authorize using a service account");
        let scopes: Vec<String> = {
            let bundled = manifest::bundled("hipeople").unwrap();
            let manifest = manifest::load(bundled.file, bundled.text).manifest.unwrap();
            let checklist = atsctl::plan::checklist(&manifest, Ats::Greenhouse).unwrap();
            checklist
                .v3_scopes
                .into_iter()
                .filter(|item| item.required)
                .map(|item| item.scope)
                .collect()
        };
        let question = format!(
            "Did the screen request these {} scopes, and did you authorise?",
            scopes.len()
        );
        screen.expect(&question);
        screen.line("y");

        screen.expect("Step 4 of 6 · Check");
        screen.expect("Step 5 of 6 · Webhooks");
        screen.expect("HiPeople on Greenhouse — 4 web hooks to create by hand");
        for number in 1..=4 {
            screen.expect(&format!("Web hook {number} of 4"));
            screen.expect("Created it? [y/N/q]");
            screen.line("y");
            screen.expect(&format!("Saved: {number} of 4 confirmed."));
        }
        screen.expect("Step 6 of 6 · Summary");
        screen.expect("HiPeople on Greenhouse — setup summary");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 0, "everything atsctl can do is done:\n{transcript}");

        // Every scope the screen should request was shown before the question.
        let asked_at = transcript.find(&question).unwrap();
        for scope in &scopes {
            assert!(
                transcript[..asked_at].contains(scope.as_str()),
                "{scope} not shown:\n{transcript}"
            );
        }
        // No secret was asked for: no hidden prompt, no client credentials.
        for never in ["(hidden)", "client secret", "Harvest v3 client id", "Store the Harvest"] {
            assert!(!transcript.contains(never), "{never:?} shown:\n{transcript}");
        }
        assert!(fake.requests().is_empty(), "nothing to check with, nothing sent");
        let summary = &transcript[transcript.find("setup summary").unwrap()..];
        let row = |step: &str| {
            summary
                .lines()
                .find(|line| line.contains(step))
                .unwrap_or_else(|| panic!("no summary row {step}:\n{summary}"))
                .to_owned()
        };
        assert!(row("Authorise the partner").contains("✔ done"), "{summary}");
        assert!(
            row("Authorise the partner").contains("confirmed by the admin"),
            "{summary}"
        );
        // The status may wrap in its column ("? to check by" / "hand"); never a tick or "done".
        let check = row("Check the authorisation");
        assert!(
            !check.contains('✔') && !check.contains("done") && check.contains("? to check by"),
            "{check}"
        );
        assert!(row("Webhooks").contains("✔ done"), "{summary}");
        for line in summary.lines() {
            assert!(line.chars().count() <= 120, "wider than the pane: {line:?}");
        }
        assert_eq!(confirmed(&home), 4);
        assert!(
            !home.path().join("config/atsctl/profiles.toml").exists(),
            "nothing stored"
        );
    }

    /// HiPeople as a custom integration: the plan's steps and scope table shown, the credential
    /// typed (secret hidden), a missing scope reported, granted on the fake while the wizard
    /// waits, the re-check passing; only then, once, the store question, and on a machine with no
    /// credential store one line says so. Web hooks skipped.
    #[test]
    fn a_custom_integration_types_its_credential_and_is_offered_the_store_once_after_the_check() {
        let home = home();
        let needed = hipeople_scopes();
        assert!(needed.iter().any(|scope| scope == LATE_SCOPE));
        let granted: Vec<String> = needed.iter().filter(|scope| *scope != LATE_SCOPE).cloned().collect();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &granted));
        let custom = custom_hipeople(&home);
        // The only store allowed is the Secret Service, and the pty has no D-Bus: no store here.
        let env = [("ATSCTL_CREDENTIAL_STORE", "secret-service")];
        let args = [
            "--manifest",
            custom.as_str(),
            "--ats",
            "greenhouse",
            "--yes",
            "--skip-webhooks",
        ];
        let mut screen = Screen {
            session: spawn(&home, &fake, &args, &env),
            transcript: String::new(),
        };
        screen.expect("Step 3 of 6 · Credential");
        screen.expect("Harvest v3 OAuth client credentials");
        screen.expect(LATE_SCOPE);
        screen.expect("Harvest v3 client id");
        screen.line(CLIENT_ID);
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret(CANARY);
        screen.expect("Acting user id (a Site Admin; Enter to skip)");
        screen.line(&FakeConfig::ADMIN.to_string());

        screen.expect("Step 4 of 6 · Check");
        screen.expect("Checking the Harvest v3 client hipeople-client (secret typed at the prompt, acting user 101)");
        // One scope stands in for two permissions ("GET: List Candidates", "Retrieve Candidate").
        screen.expect("✘ 2 required items missing");
        screen.expect("Missing (2)");
        screen.expect(&format!("grant scope {LATE_SCOPE}"));
        screen.expect("Fix these in Greenhouse, then press Enter to check again (d: the full report, s: skip)");
        let tokens_before = fake
            .requests()
            .iter()
            .filter(|request| request.path == "/token")
            .count();
        fake.configure(|config| config.clients[0].scopes.push(LATE_SCOPE.to_owned()));
        screen.line("");
        screen.expect("✔ HiPeople can use this credential");
        let tokens_after = fake
            .requests()
            .iter()
            .filter(|request| request.path == "/token")
            .count();
        assert_eq!(tokens_after, tokens_before + 1, "the re-check asks for a fresh token");
        screen.expect("Not stored: this machine has no OS credential store");
        screen.expect("Step 5 of 6 · Webhooks");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 1, "web hooks skipped:\n{transcript}");

        let store_lines: Vec<&str> = transcript.lines().filter(|line| line.contains("Not stored")).collect();
        assert_eq!(store_lines.len(), 1, "said once, in one line: {store_lines:?}");
        assert!(
            transcript.find("Not stored").unwrap() > transcript.find("can use this credential").unwrap(),
            "asked after the check:\n{transcript}"
        );
        for noise in ["D-Bus", "dbus", "org.freedesktop"] {
            assert!(!transcript.contains(noise), "{noise} shown:\n{transcript}");
        }
        assert!(!transcript.contains("secret from stdin"), "{transcript}");
        assert!(
            !transcript.contains(CANARY),
            "the secret reached the terminal:\n{transcript}"
        );
        assert_in_no_file(&home, CANARY);
        let writes = fake
            .harvest_requests()
            .iter()
            .filter(|request| request.method != "GET")
            .count();
        assert_eq!(writes, 0, "the check only reads");
    }

    /// A typed secret Greenhouse refuses: the wizard says what to check and, on r, asks again;
    /// the second one passes. Web hooks skipped, so the run ends with exit 1 and the command
    /// that finishes them.
    #[test]
    fn a_refused_typed_credential_can_be_typed_again() {
        let home = home();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let custom = custom_hipeople(&home);
        let args = [
            "--manifest",
            custom.as_str(),
            "--ats",
            "greenhouse",
            "--yes",
            "--no-store",
            "--skip-webhooks",
            "--client-id",
            CLIENT_ID,
            "--user-id",
            "101",
        ];
        let mut screen = Screen {
            session: spawn(&home, &fake, &args, &[]),
            transcript: String::new(),
        };
        screen.expect("Harvest v3 client id: hipeople-client");
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret("not-the-secret");
        screen.expect("Greenhouse rejected the Harvest v3 client credentials (401: invalid_client)");
        screen.expect("the credential you typed may be mistyped");
        screen.expect("Press Enter to check again (r: type the credential again, s: skip)");
        screen.line("r");
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret(CANARY);
        screen.expect("✔ HiPeople can use this credential");
        screen.expect("Not stored (--no-store)");
        screen.expect("Skipped (--skip-webhooks).");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 1, "the web hooks remain:\n{transcript}");
        assert!(
            transcript.contains(&format!("$ atsctl apply --manifest {custom} --ats greenhouse")),
            "{transcript}"
        );
        assert!(!transcript.contains(CANARY), "{transcript}");
        let rejected = fake.requests().iter().filter(|request| request.status == 401).count();
        assert_eq!(rejected, 1, "one refused token request, then the right secret");
    }

    /// With a credential store (the kernel keyring on Linux), `--store` keeps the typed secret
    /// as the profile and the check reads it from there; a later command finds it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_typed_credential_stored_in_the_keyring_is_used_from_there() {
        use crate::support::keyring::{LogoutOnDrop, atsctl_without_secret_service, unique_profile};

        let home = home();
        let profile = unique_profile();
        let _cleanup = LogoutOnDrop {
            home: &home,
            profile: &profile,
        };
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let custom = custom_hipeople(&home);
        let args = [
            "--manifest",
            custom.as_str(),
            "--ats",
            "greenhouse",
            "--yes",
            "--skip-webhooks",
            "--profile",
            &profile,
            "--store",
            "kernel-keyring",
            "--client-id",
            CLIENT_ID,
        ];
        let mut screen = Screen {
            session: spawn(&home, &fake, &args, &[]),
            transcript: String::new(),
        };
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret(CANARY);
        screen.expect("Acting user id (a Site Admin; Enter to skip)");
        screen.line("");
        // Checked first (typed at the prompt), then stored once it passed.
        screen.expect("secret typed at the prompt");
        screen.expect("can use this credential");
        let stored = screen.expect_any(&["Stored the Harvest v3 client secret", "Not stored: this machine has"]);
        if stored != "Stored the Harvest v3 client secret" {
            // No kernel keyring here (a container that forbids keyutils): nothing to check.
            let (transcript, _) = screen.finish();
            assert!(!transcript.contains(CANARY), "{transcript}");
            return;
        }
        screen.expect("in the Linux kernel keyring");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 1, "web hooks skipped:\n{transcript}");
        assert!(
            transcript.contains(&format!("$ atsctl apply --manifest {custom} --ats greenhouse")),
            "{transcript}"
        );
        assert!(!transcript.contains(CANARY), "{transcript}");
        let status = atsctl_without_secret_service(&home)
            .args(["auth", "status", "--profile", &profile])
            .output()
            .unwrap();
        let text = stdout(&status);
        assert!(text.contains("client id hipeople-client, no acting user"), "{text}");
        assert!(text.contains("secret stored in the Linux kernel keyring"), "{text}");
        assert_in_no_file(&home, CANARY);
        fake.assert_hit();
    }

    /// Ctrl-C at the second web hook: exit 130, the first confirmation kept and said so; the
    /// next run resumes at the second. The credential comes from the environment, so nothing is
    /// typed.
    #[test]
    fn ctrl_c_keeps_what_was_confirmed_and_exits_130() {
        let home = home();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let env = [
            ("ATSCTL_GREENHOUSE_CLIENT_ID", CLIENT_ID),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", CANARY),
        ];
        let args = ["hipeople", "--ats", "greenhouse", "--yes", "--confirm-authorised"];
        let mut screen = Screen {
            session: spawn(&home, &fake, &args, &env),
            transcript: String::new(),
        };
        screen.expect("In place (--yes).");
        screen.expect("Confirmed (--confirm-authorised)");
        screen.expect("Created it? [y/N/q]");
        screen.line("y");
        screen.expect("Saved: 1 of 4 confirmed.");
        screen.expect("Created it? [y/N/q]");
        screen.session.send_control('c').unwrap();
        screen.expect("Interrupted (Ctrl-C). Saved before stopping, and kept:");
        screen.expect("hipeople-greenhouse.json (the next run resumes there)");
        screen.expect("To continue: atsctl setup hipeople --ats greenhouse");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 130, "{transcript}");
        assert_eq!(confirmed(&home), 1, "the confirmed web hook stays confirmed");
        assert!(!transcript.contains(CANARY), "{transcript}");

        // Ctrl-C in a raw-mode prompt (dialoguer's Confirm) ends the same way, with nothing saved.
        let mut screen = Screen {
            session: spawn(&home, &fake, &["hipeople", "--ats", "greenhouse"], &env),
            transcript: String::new(),
        };
        screen.expect("Are these in place? Continue");
        screen.session.send_control('c').unwrap();
        screen.expect("Interrupted (Ctrl-C). Nothing was saved");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 130, "{transcript}");
        assert_eq!(confirmed(&home), 1);
    }

    /// Ctrl-C while the secret is typed (echo off): the terminal echoes again afterwards, and
    /// nothing was stored.
    #[test]
    fn ctrl_c_in_the_hidden_prompt_gives_the_terminal_its_echo_back() {
        let home = home();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let auth_url = fake.auth_url();
        let harvest_url = fake.harvest_url();
        let env = [
            ("ATSCTL_GREENHOUSE_AUTH_URL", auth_url.as_str()),
            ("ATSCTL_HARVEST_URL", harvest_url.as_str()),
        ];
        // The shell outlives atsctl (its INT trap keeps it running) to report the terminal's echo.
        let script = r#"trap true INT; "$0" setup "$@"; code=$?; echo "echo after: $(stty -a | tr ' ;' '\n\n' | grep -x -e echo -e -echo)"; exit $code"#;
        let custom = custom_hipeople(&home);
        let args = [
            "--manifest",
            custom.as_str(),
            "--ats",
            "greenhouse",
            "--yes",
            "--client-id",
            CLIENT_ID,
        ];
        let mut screen = Screen {
            session: spawn_in(&home, script, &args, &env),
            transcript: String::new(),
        };
        screen.expect("Harvest v3 client secret (hidden)");
        crate::support::pty::wait_for_echo_off(&screen.session, crate::support::pty::PROMPT_PATIENCE);
        screen.session.send("half-typed").unwrap();
        screen.session.send_control('c').unwrap();
        screen.expect("Interrupted (Ctrl-C). Nothing was saved");
        screen.expect("echo after: ");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 130, "{transcript}");
        assert!(transcript.contains("echo after: echo"), "echo stays off:\n{transcript}");
        assert!(!transcript.contains("half-typed"), "{transcript}");
        assert!(!home.path().join("config/atsctl/profiles.toml").exists());
    }

    /// HiPeople on Lever: a typed key (not stored), a missing stage added in Lever between two
    /// checks, the webhook URL asked for, one webhook created after confirming, the Super Admin's
    /// toggle left by hand.
    #[test]
    fn hipeople_on_lever_creates_the_webhook_after_a_stage_is_added() {
        const KEY: &str = "canary-lever-k3y-52c8e1";
        const HOOK_URL: &str = "https://hooks.hipeople.example/lever";
        let home = home();
        let fake = FakeLever::start(FakeLeverConfig::default().key(KEY, &["stages", "webhooks"]).stages(&[
            "New applicant",
            "Phone screen",
            "Offer",
        ]));
        let url = fake.url();
        let env = [("ATSCTL_LEVER_URL", url.as_str())];
        let mut screen = Screen {
            session: spawn_with(&home, &["hipeople", "--ats", "lever", "--no-store"], &env),
            transcript: String::new(),
        };
        screen.expect("Authorize the partner");
        screen.expect("Are these in place? Continue");
        screen.line("y");
        screen.expect("Lever API key (hidden)");
        screen.secret(KEY);
        screen.expect("Add a pipeline stage named \"Reference check\"");
        screen.expect("Fix these in Lever, then press Enter to check again (d: the full report, s: skip)");
        fake.update(|config| config.stages.push("Reference check".to_owned()));
        screen.line("");
        screen.expect("✔ Passed: every required pipeline stage is there.");
        screen.expect("Webhooks to create in the next step: candidateStageChange");
        screen.expect("Not stored (--no-store)");
        screen.expect("Webhook URL (https://…; Enter to skip)");
        screen.line(HOOK_URL);
        screen.expect("Create 1 webhook(s) in Lever?");
        screen.line("y");
        screen.expect("1 created by this run; 1 of 1 in place");
        screen.expect("Step 6 of 6 · Summary");
        screen.expect("HiPeople on Lever — setup summary");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 0, "{transcript}");
        assert!(transcript.contains("Webhook toggles: switch on"), "{transcript}");
        // Every document the wizard shows names the manifest by the fingerprint `plan` shows.
        let fingerprint = atsctl::manifest::bundled("hipeople").unwrap().fingerprint();
        let named: Vec<&str> = transcript
            .match_indices("manifest ")
            .filter_map(|(at, _)| transcript.get(at + 9..at + 25))
            .filter(|word| word.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .collect();
        assert!(named.len() >= 3, "{named:?}\n{transcript}");
        assert!(
            named.iter().all(|named| *named == fingerprint),
            "{named:?} vs {fingerprint}"
        );
        assert!(
            !transcript.contains(KEY),
            "the API key reached the terminal:\n{transcript}"
        );
        fake.assert_hit();
        let created = fake.webhooks();
        assert_eq!(created.len(), 1);
        assert_eq!(
            (created[0].url.as_str(), created[0].event.as_str()),
            (HOOK_URL, "candidateStageChange")
        );
    }
}
