//! Step 4: check what the credential grants against what the partner needs, with `validate`'s
//! own check, progress bar and report. When something is missing the fixes are listed and the
//! check runs again after Enter, until it passes or the person skips.

use std::fmt::Write as _;
use std::time::Duration;

use atsctl::greenhouse::report::{CredentialReport, Verdict};
use atsctl::greenhouse::{self, CheckOptions};
use atsctl::lever::check::{self as lever_check, CheckContext};
use atsctl::lever::report::{LeverReport, Status as LeverStatus};
use atsctl::manifest::Manifest;
use atsctl::plan::Checklist;
use atsctl::profile::{ResolvedGreenhouse, ResolvedLever};

use super::credential::{Chosen, Found};
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::ats::greenhouse::validate;
use crate::cli::ats::lever::validate as validate_lever;
use crate::cli::failure;
use crate::cli::fix_wording::fix_text;
use crate::cli::output::{paint, style};
use crate::cli::{CliError, Exit};

const STEP: &str = "Check the credential";

/// What the person wants after a failed check.
enum Next {
    Recheck,
    /// Type the credential again (it was typed, and the ATS refused it).
    Retype,
    Skip,
}

/// How one credential's checks ended.
enum Checked {
    /// Passed, or the person moved on: the summary row is written.
    Finished,
    Retype,
}

/// A check that could not run: shown like the command shows it, and remembered for the exit code
/// if the person goes on.
struct Failure(CliError);

/// What a failed round leaves for the question that follows it.
struct Round {
    /// The full report, for `d`.
    details: Option<String>,
    failure: Option<Failure>,
    /// The summary's detail if the person skips now.
    skipped: String,
}

impl Wizard<'_> {
    pub(super) fn check(
        &mut self,
        manifest: &Manifest,
        checklist: &Checklist,
        target: &mut Target,
        chosen: &mut Chosen,
    ) -> Step<()> {
        if self.args.skip_validate {
            self.output.print("Skipped (--skip-validate).\n");
            self.summary.add_with(
                STEP,
                Status::Remaining,
                "skipped (--skip-validate)",
                target.validate(chosen.profile.is_some()),
            );
            return Ok(());
        }
        loop {
            let finish = target.validate(chosen.profile.is_some());
            let checked = match &chosen.found {
                Found::Greenhouse(resolved) => self.check_greenhouse(manifest, resolved, chosen.typed, &finish)?,
                Found::Lever(resolved) => self.check_lever(
                    manifest,
                    target,
                    resolved,
                    chosen.profile.as_deref(),
                    chosen.typed,
                    &finish,
                )?,
            };
            match checked {
                Checked::Finished => return Ok(()),
                Checked::Retype => *chosen = self.retype(checklist, target)?,
            }
        }
    }

    fn check_greenhouse(
        &mut self,
        manifest: &Manifest,
        resolved: &ResolvedGreenhouse,
        typed: bool,
        finish: &str,
    ) -> Step<Checked> {
        let credential = greenhouse::Credential::from(resolved.credential.clone());
        let options = CheckOptions::for_resolved(resolved).map_err(|error| CliError::usage(error.to_string()))?;
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::PerCore)?;
        loop {
            self.output.print(&format!(
                "Checking the {} against what {} needs, at {} (read-only)…\n",
                credential.describe(),
                manifest.partner.name,
                options.harvest_url
            ));
            let result = runtime.block_on(validate::check_with_progress(
                manifest,
                &credential,
                options.clone(),
                0,
                self.output,
            ));
            let round = match result {
                Ok(report) if report.verdict == Verdict::Ok => {
                    self.output.print(&passed_greenhouse(&report));
                    self.summary.add(STEP, Status::Done, counts(&report));
                    return Ok(Checked::Finished);
                }
                Ok(report) => {
                    self.output.print(&findings_greenhouse(&report));
                    Round {
                        details: Some(validate::human(&report)),
                        failure: None,
                        skipped: format!("skipped with {}", counts(&report)),
                    }
                }
                Err(error) => {
                    let mut error = failure(error);
                    if typed && error.exit == Exit::CredentialRejected {
                        error.help = typed_rejection_help(&credential);
                    }
                    self.failed_round(error)
                }
            };
            if let Some(checked) = self.after_round("Greenhouse", round, typed, finish)? {
                return Ok(checked);
            }
        }
    }

    fn check_lever(
        &mut self,
        manifest: &Manifest,
        target: &Target,
        resolved: &ResolvedLever,
        profile: Option<&str>,
        typed: bool,
        finish: &str,
    ) -> Step<Checked> {
        let mut session = self.lever_session(resolved, profile)?;
        let context = CheckContext {
            credential: session.credential.clone(),
            api_url_source: session.url_source.clone(),
            webhook_url: target.webhook_url.clone(),
        };
        loop {
            self.output.print(&format!(
                "Checking the Lever {} at {} for what {} needs (read-only)…\n",
                session.credential,
                session.client.base_url(),
                manifest.partner.name
            ));
            let spinner = self.spinner("reading stages and webhooks");
            let result = session.run(self.output, async |client| {
                lever_check::check(manifest, client, &context).await
            });
            if let Some(spinner) = spinner {
                spinner.finish_and_clear();
            }
            let round = match result {
                Ok(report) => {
                    let failing = lever_failing(&report);
                    if failing.is_empty() {
                        self.output.print(&passed_lever(&report));
                        self.summary.add(STEP, Status::Done, "every required stage is there");
                        return Ok(Checked::Finished);
                    }
                    self.output.print(&findings_lever(&failing));
                    Round {
                        details: Some(validate_lever::human(&report)),
                        failure: None,
                        skipped: format!("skipped with {} item(s) to fix", failing.len()),
                    }
                }
                Err(error) => {
                    let mut error = failure(error);
                    if typed && error.exit == Exit::CredentialRejected {
                        error.help = vec![
                            "the key you typed may be mistyped, revoked, or for the other region's API".to_owned(),
                            "answer r to type it again".to_owned(),
                        ];
                    }
                    self.failed_round(error)
                }
            };
            if let Some(checked) = self.after_round("Lever", round, typed, finish)? {
                return Ok(checked);
            }
        }
    }

    fn failed_round(&mut self, error: CliError) -> Round {
        self.output.error(&error.message, &error.help);
        Round {
            details: None,
            skipped: format!("skipped: {}", error.message),
            failure: Some(Failure(error)),
        }
    }

    /// Asks what to do after a round that did not pass: `None` to check again.
    fn after_round(&mut self, ats: &str, round: Round, typed: bool, finish: &str) -> Step<Option<Checked>> {
        let retype = typed && round.failure.is_some();
        match self.ask_next(ats, round.details.as_deref(), retype)? {
            Next::Recheck => Ok(None),
            Next::Retype => Ok(Some(Checked::Retype)),
            Next::Skip => {
                if let Some(Failure(error)) = &round.failure {
                    self.summary.fail_with(error.exit);
                }
                self.summary.add_with(STEP, Status::Remaining, round.skipped, finish);
                Ok(Some(Checked::Finished))
            }
        }
    }

    /// A spinner on stderr while Lever answers, when a person watches it.
    fn spinner(&self, message: &str) -> Option<indicatif::ProgressBar> {
        self.output.stderr_is_terminal().then(|| {
            let spinner = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
            if let Ok(template) = indicatif::ProgressStyle::with_template("{spinner} {msg}") {
                spinner.set_style(template);
            }
            spinner.set_message(message.to_owned());
            spinner.enable_steady_tick(Duration::from_millis(120));
            spinner
        })
    }

    /// After a failed check: Enter checks again, `d` shows the full report, `r` asks for a typed
    /// credential again, `s` moves on.
    fn ask_next(&mut self, ats: &str, details: Option<&str>, retype: bool) -> Step<Next> {
        let question = match (details, retype) {
            (Some(_), _) => {
                format!("Fix these in {ats}, then press Enter to check again (d: the full report, s: skip)")
            }
            (None, true) => "Press Enter to check again (r: type the credential again, s: skip)".to_owned(),
            (None, false) => "Press Enter to check again (s: skip)".to_owned(),
        };
        loop {
            let answer = self.ask.text(&question, true)?;
            match answer.to_ascii_lowercase().as_str() {
                "" => return Ok(Next::Recheck),
                "s" | "skip" => return Ok(Next::Skip),
                "r" if retype => return Ok(Next::Retype),
                "d" if details.is_some() => self.output.print(details.unwrap_or_default()),
                _ => self.output.prompt(&format!(
                    "Press Enter to check again, or answer {}s.\n",
                    match (details.is_some(), retype) {
                        (true, _) => "d or ",
                        (false, true) => "r or ",
                        (false, false) => "",
                    }
                )),
            }
        }
    }
}

/// Greenhouse refused what was typed: the command's help names variables and pipes, which a typed
/// credential did not come from.
fn typed_rejection_help(credential: &greenhouse::Credential) -> Vec<String> {
    let mut help = vec![
        "the credential you typed may be mistyped, from another Greenhouse account, or revoked (after a rotation \
         the old secret stays valid for up to a week, then only the new one works)"
            .to_owned(),
    ];
    if let greenhouse::Credential::V3(v3) = credential
        && v3.user_id.is_some()
    {
        help.push("check the acting user id too: it must be a user of this Greenhouse account".to_owned());
    }
    help.push("answer r to type it again".to_owned());
    help
}

fn counts(report: &CredentialReport) -> String {
    let summary = report.summary;
    format!(
        "{} granted, {} missing, {} unverified",
        summary.granted, summary.missing, summary.unverified
    )
}

fn passed_greenhouse(report: &CredentialReport) -> String {
    let mut text = format!(
        "{} every required item is granted ({}).\n",
        paint(style::OK, "✔ Passed:"),
        counts(report)
    );
    if report.summary.required_unverified > 0 {
        let _ = writeln!(
            text,
            "  {} required item(s) could not be verified without changing anything; `atsctl validate` lists them.",
            report.summary.required_unverified
        );
    }
    if !report.least_privilege.extra.is_empty() {
        let _ = writeln!(
            text,
            "  Granted beyond what {} needs ({}): {}",
            report.partner.name,
            report.least_privilege.extra.len(),
            report.least_privilege.extra.join(", ")
        );
    }
    text
}

/// The missing items and how to fix each; the full report is one keystroke away.
fn findings_greenhouse(report: &CredentialReport) -> String {
    let summary = report.summary;
    let failing = summary.required_missing.max(summary.required_unverified);
    let mut text = format!(
        "{} {failing} required item(s) missing ({}).\n",
        paint(style::ERROR, "✘"),
        counts(report)
    );
    text.push_str(&validate::fixes_text(report));
    text
}

/// What fails on Lever before the webhooks exist: stages and unreadable lists. Missing webhooks
/// are the next step's work, not a finding here.
fn lever_failing(report: &LeverReport) -> Vec<String> {
    let mut failing: Vec<String> = report
        .fixes
        .iter()
        .filter(|fix| {
            !report.webhooks.iter().any(|webhook| {
                webhook.status == LeverStatus::Missing && fix.item == format!("webhook: {}", webhook.event)
            })
        })
        .map(|fix| fix_text(&fix.action))
        .collect();
    for stage in &report.stages {
        if stage.required
            && stage.status != LeverStatus::Present
            && !report
                .fixes
                .iter()
                .any(|fix| fix.item == format!("stage: {}", stage.name))
        {
            failing.push(format!("the stage \"{}\" is {}", stage.name, stage.status.as_str()));
        }
    }
    failing
}

fn passed_lever(report: &LeverReport) -> String {
    let mut text = format!(
        "{} every required pipeline stage is there.\n",
        paint(style::OK, "✔ Passed:")
    );
    let missing: Vec<&str> = report
        .webhooks
        .iter()
        .filter(|webhook| webhook.status == LeverStatus::Missing)
        .map(|webhook| webhook.event.as_str())
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(text, "  Webhooks to create in the next step: {}", missing.join(", "));
    }
    for check in &report.manual {
        let _ = writeln!(text, "  By hand: {}", check.action);
    }
    text
}

fn findings_lever(failing: &[String]) -> String {
    let mut text = format!("{} {} item(s) to fix.\n", paint(style::ERROR, "✘"), failing.len());
    let _ = writeln!(
        text,
        "{}",
        paint(style::HEADING, &format!("To fix in Lever ({})", failing.len()))
    );
    for (index, action) in failing.iter().enumerate() {
        let _ = writeln!(text, "  {}. {action}", index + 1);
    }
    text
}
