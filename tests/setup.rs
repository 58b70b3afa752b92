//! `atsctl setup`, the wizard: driven through a pseudo-terminal against the fake Greenhouse (a
//! missing scope fixed between two checks of one run), Ctrl-C at a prompt, and without a
//! terminal, where it prints the commands that do the same.

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
    assert_eq!(
        commands,
        [
            "atsctl plan hipeople --ats greenhouse",
            "atsctl auth login --profile default --ats greenhouse --client-secret-stdin",
            "atsctl validate hipeople --ats greenhouse --profile default",
            "atsctl apply hipeople --ats greenhouse",
        ],
        "{text}"
    );
    assert!(
        text.contains("ATSCTL_GREENHOUSE_CLIENT_SECRET"),
        "the store-less path is named: {text}"
    );
    assert!(!home.path().join("config").exists() && !home.path().join("state").exists());
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
    assert!(!text.contains("auth login") && text.contains("--no-store"), "{text}");

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

    /// The wizard, HiPeople on Greenhouse: partner and ATS picked, prerequisites confirmed, the
    /// credential typed (secret hidden), not stored, a missing scope reported, granted on the
    /// fake while the wizard waits, the re-check passing, four web hooks confirmed, the summary.
    #[test]
    fn hipeople_on_greenhouse_from_the_first_question_to_the_summary() {
        let home = home();
        let needed = hipeople_scopes();
        assert!(needed.iter().any(|scope| scope == LATE_SCOPE));
        let granted: Vec<String> = needed.iter().filter(|scope| *scope != LATE_SCOPE).cloned().collect();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &granted));
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
        screen.expect("Developer permission: Manage ALL organization's API Credentials");
        screen.expect("Are these in place? Continue");
        screen.line("y");

        screen.expect("Step 3 of 6 · Credential");
        screen.expect("No credential in the environment or in a profile yet.");
        screen.expect("Harvest v3 client id");
        screen.line(CLIENT_ID);
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret(CANARY);
        screen.expect("Acting user id (a Site Admin; Enter to skip)");
        screen.line(&FakeConfig::ADMIN.to_string());
        // A machine with the kernel keyring is offered that store (declined); one without any
        // store says so and names the environment variables.
        let store = screen.expect_any(&[
            "as profile default?",
            "Not stored: this machine has no OS credential store",
        ]);
        if store == "as profile default?" {
            screen.line("n");
            screen.expect("Not stored; to use it later without typing it, set ATSCTL_GREENHOUSE_CLIENT_ID");
        }

        screen.expect("Step 4 of 6 · Check");
        screen.expect("Checking the Harvest v3 client hipeople-client (secret from stdin, acting user 101)");
        // One scope stands in for two permissions ("GET: List Candidates", "Retrieve Candidate").
        screen.expect("2 required item(s) missing");
        screen.expect("To fix in Greenhouse (1)");
        screen.expect(&format!("grant scope {LATE_SCOPE}"));
        screen.expect("Fix these in Greenhouse, then press Enter to check again (d: the full report, s: skip)");
        let tokens_before = fake
            .requests()
            .iter()
            .filter(|request| request.path == "/token")
            .count();
        fake.configure(|config| config.clients[0].scopes.push(LATE_SCOPE.to_owned()));
        screen.line("");
        screen.expect("✔ Passed: every required item is granted");
        let tokens_after = fake
            .requests()
            .iter()
            .filter(|request| request.path == "/token")
            .count();
        assert_eq!(tokens_after, tokens_before + 1, "the re-check asks for a fresh token");

        screen.expect("Step 5 of 6 · Webhooks");
        screen.expect("HiPeople on Greenhouse — 4 web hooks to create by hand");
        for number in 1..=4 {
            screen.expect(&format!("Web hook {number} of 4"));
            screen.expect("Created it? [y/N/q]");
            screen.line("y");
            screen.expect(&format!("Saved: {number} of 4 confirmed."));
        }
        screen.expect("4 of 4 confirmed, 4 by this run");

        screen.expect("Step 6 of 6 · Summary: HiPeople on Greenhouse");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 0, "everything done:\n{transcript}");
        for row in [
            "Partner and ATS",
            "Prerequisites",
            "Credential",
            "Check the credential",
            "Webhooks",
        ] {
            let line = transcript
                .lines()
                .find(|line| line.contains(&format!("│ {row}")))
                .unwrap_or_else(|| panic!("no summary row {row}:\n{transcript}"));
            assert!(line.contains("✔ done"), "{row} is not done: {line}\n{transcript}");
        }
        assert!(transcript.contains("Everything atsctl can do is done."), "{transcript}");

        // The secret was typed without echo and never printed; nothing was written to disk.
        assert!(
            !transcript.contains(CANARY),
            "the secret reached the terminal:\n{transcript}"
        );
        assert_in_no_file(&home, CANARY);
        assert!(
            !home.path().join("config/atsctl/profiles.toml").exists(),
            "declined: no profile"
        );
        assert_eq!(confirmed(&home), 4);
        fake.assert_hit();
        let writes: Vec<String> = fake
            .harvest_requests()
            .iter()
            .filter(|request| request.method != "GET")
            .map(|request| format!("{} {}", request.method, request.path))
            .collect();
        assert!(writes.is_empty(), "the check only reads: {writes:?}");
    }

    /// A typed secret Greenhouse refuses: the wizard says what to check and, on r, asks again;
    /// the second one passes. Web hooks skipped, so the run ends with exit 1 and the command
    /// that finishes them.
    #[test]
    fn a_refused_typed_credential_can_be_typed_again() {
        let home = home();
        let fake = FakeGreenhouse::start(FakeConfig::default().client(CLIENT_ID, CANARY, &hipeople_scopes()));
        let args = [
            "hipeople",
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
        screen.expect("Not stored (--no-store)");
        screen.expect("Greenhouse rejected the Harvest v3 client credentials (401: invalid_client)");
        screen.expect("the credential you typed may be mistyped");
        screen.expect("Press Enter to check again (r: type the credential again, s: skip)");
        screen.line("r");
        screen.expect("Harvest v3 client secret (hidden)");
        screen.secret(CANARY);
        screen.expect("✔ Passed: every required item is granted");
        screen.expect("Skipped (--skip-webhooks).");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 1, "the web hooks remain:\n{transcript}");
        assert!(
            transcript.contains("Webhooks: atsctl apply hipeople --ats greenhouse"),
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
        let args = [
            "hipeople",
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
        let stored = screen.expect_any(&["Stored the Harvest v3 client secret", "Not stored: this machine has"]);
        if stored != "Stored the Harvest v3 client secret" {
            // No kernel keyring here (a container that forbids keyutils): nothing to check.
            let (transcript, _) = screen.finish();
            assert!(!transcript.contains(CANARY), "{transcript}");
            return;
        }
        screen.expect("secret from profile");
        screen.expect("in the Linux kernel keyring");
        screen.expect("✔ Passed");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 1, "web hooks skipped:\n{transcript}");
        assert!(
            transcript.contains("Webhooks: atsctl apply hipeople --ats greenhouse"),
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
        let args = ["hipeople", "--ats", "greenhouse", "--yes", "--skip-validate"];
        let mut screen = Screen {
            session: spawn(&home, &fake, &args, &env),
            transcript: String::new(),
        };
        screen.expect("In place (--yes).");
        screen.expect("Using the Harvest v3 client hipeople-client (secret from ATSCTL_GREENHOUSE_CLIENT_SECRET)");
        screen.expect("Skipped (--skip-validate).");
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
        let args = ["hipeople", "--ats", "greenhouse", "--yes", "--client-id", CLIENT_ID];
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
        screen.expect("The partner connects itself by OAuth");
        screen.expect("Are these in place? Continue");
        screen.line("y");
        screen.expect("Lever API key (hidden)");
        screen.secret(KEY);
        screen.expect("Not stored (--no-store)");
        screen.expect("Add a pipeline stage named \"Reference check\"");
        screen.expect("Fix these in Lever, then press Enter to check again (d: the full report, s: skip)");
        fake.update(|config| config.stages.push("Reference check".to_owned()));
        screen.line("");
        screen.expect("✔ Passed: every required pipeline stage is there.");
        screen.expect("Webhooks to create in the next step: candidateStageChange");
        screen.expect("Webhook URL (https://…; Enter to skip)");
        screen.line(HOOK_URL);
        screen.expect("Create 1 webhook(s) in Lever?");
        screen.line("y");
        screen.expect("1 created by this run; 1 of 1 in place");
        screen.expect("Step 6 of 6 · Summary: HiPeople on Lever");
        let (transcript, code) = screen.finish();
        assert_eq!(code, 0, "{transcript}");
        assert!(transcript.contains("Webhook toggles: switch on"), "{transcript}");
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
