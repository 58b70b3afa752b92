//! Step 4: check what the credential grants against what the partner needs, with `validate`'s
//! own check (through the ATS's spec), progress display and report. When something is missing
//! the fixes are listed and the check runs again after Enter, until it passes or the person
//! skips.

use std::fmt::Write as _;
use std::time::Duration;

use atsctl::ats::{AtsSpec, BeforeWebhooks, CheckOutcome, CheckSettings, Credential};
use atsctl::document::{CheckView, Detail};
use atsctl::manifest::Manifest;
use atsctl::plan::Checklist;

use super::credential::Chosen;
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::check_run::run_check;
use crate::cli::fix_wording::fix_text;
use crate::cli::output::{paint, style};
use crate::cli::render::{self, Run};
use crate::cli::validate::report_text;
use crate::cli::{CliError, Exit};

/// Each check round's time limit: a person waits for it.
const ROUND_TIMEOUT: Duration = Duration::from_secs(60);

pub(crate) const STEP: &str = "Check the credential";

/// What the person wants after a failed check.
pub(crate) enum Next {
    Recheck,
    /// Type the credential again (it was typed, and the ATS refused it).
    Retype,
    Skip,
}

/// How one credential's checks ended.
pub(crate) enum Checked {
    /// Passed, or the person moved on: the summary row is written.
    Finished,
    Retype,
}

/// A check that could not run: shown like the command shows it, and remembered for the exit code
/// if the person goes on.
pub(crate) struct Failure(pub(crate) CliError);

/// What a failed round leaves for the question that follows it.
pub(crate) struct Round {
    /// The full report, for `d`.
    pub(crate) details: Option<String>,
    pub(crate) failure: Option<Failure>,
    /// The summary's detail if the person skips now.
    pub(crate) skipped: String,
}

impl Wizard<'_> {
    /// A check that ran, shown as `validate` shows it (verdict first, then what needs action).
    /// A pass ends the step — items still unverified are recorded as to check by hand, never as
    /// done — and gives `None`; a shortfall gives the round, with the full report on `d`.
    pub(crate) fn report_round(&mut self, view: &CheckView, unverified: usize, counts: String) -> Option<Round> {
        self.output.print(&report_text(view, Detail::NeedsAction, self.output));
        if view.passed {
            self.summary.add(STEP, Status::after_check(unverified), counts);
            return None;
        }
        Some(Round {
            details: Some(report_text(view, Detail::Full, self.output)),
            failure: None,
            skipped: format!("skipped with {counts}"),
        })
    }

    /// Checks the credential `chosen` until it passes or the person moves on.
    fn check_rounds(&mut self, manifest: &Manifest, target: &Target, chosen: &Chosen, finish: &str) -> Step<Checked> {
        let credential: Credential = chosen.credential.clone();
        let spec = credential.ats().spec();
        if !manifest.ats_list().contains(&spec.ats) {
            return Ok(Checked::Finished);
        }
        let mut settings = CheckSettings::within(ROUND_TIMEOUT);
        settings.webhook_url.clone_from(&target.webhook_url);
        settings.region = self.args.region.map(|region| crate::cli::auth::value_name(&region));
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::PerCore)?;
        let partner = manifest.partner.name.clone();
        loop {
            let result = run_check(
                &runtime,
                manifest,
                &credential,
                &settings,
                0,
                self.output,
                &mut |credential, url, output| {
                    let line = format!("Checking the {credential} against what {partner} needs, at {url} (read-only)…");
                    output.print(&render::wrapped(&[Run::plain(&line)], output.width()));
                },
            );
            let round = match result {
                Ok(outcome) => match self.outcome_round(&outcome, spec) {
                    None => return Ok(Checked::Finished),
                    Some(round) => round,
                },
                Err(mut error) => {
                    if chosen.typed && error.exit == Exit::CredentialRejected {
                        error.help = (spec.typed_rejection_help)(&credential);
                        error.help.push("answer r to type it again".to_owned());
                    }
                    self.failed_round(error)
                }
            };
            if let Some(checked) = self.after_round(spec.display_name, round, chosen.typed, finish)? {
                return Ok(checked);
            }
        }
    }

    /// A check that ran: judged as `validate` judges it, or, when the next step creates the
    /// missing web hooks, by what is left once those are set aside.
    fn outcome_round(&mut self, outcome: &CheckOutcome, spec: &AtsSpec) -> Option<Round> {
        let Some(before) = &outcome.before_webhooks else {
            return self.report_round(&outcome.view, outcome.unverified, outcome.counts.clone());
        };
        if before.to_fix.is_empty() {
            self.output.print(&passed_before_webhooks(before));
            self.summary.add(STEP, Status::Done, before.done);
            return None;
        }
        self.output.print(&to_fix_before_webhooks(before, spec));
        Some(Round {
            details: Some(report_text(&outcome.view, Detail::Full, self.output)),
            failure: None,
            skipped: format!("skipped with {}", outcome.counts),
        })
    }

    pub(crate) fn check(
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
            let checked = self.check_rounds(manifest, target, chosen, &finish)?;
            match checked {
                Checked::Finished => return Ok(()),
                Checked::Retype => *chosen = self.retype(checklist, target)?,
            }
        }
    }

    pub(crate) fn failed_round(&mut self, error: CliError) -> Round {
        self.output.error(&error.message, &error.help);
        Round {
            details: None,
            skipped: format!("skipped: {}", error.message),
            failure: Some(Failure(error)),
        }
    }

    /// Asks what to do after a round that did not pass: `None` to check again.
    pub(crate) fn after_round(&mut self, ats: &str, round: Round, typed: bool, finish: &str) -> Step<Option<Checked>> {
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

    /// After a failed check: Enter checks again, `d` shows the full report, `r` asks for a typed
    /// credential again, `s` moves on.
    fn ask_next(&mut self, ats: &str, details: Option<&str>, retype: bool) -> Step<Next> {
        if self.args.non_interactive {
            // Nobody can fix anything between two rounds: the summary lists what remains.
            return Ok(Next::Skip);
        }
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

/// Nothing to fix before the web hook step: what that step creates, and what stays by hand.
fn passed_before_webhooks(before: &BeforeWebhooks) -> String {
    let mut text = format!("{} {}.\n", paint(style::OK, "✔ Passed:"), before.passed);
    if !before.webhooks_next.is_empty() {
        let _ = writeln!(
            text,
            "  Webhooks to create in the next step: {}",
            before.webhooks_next.join(", ")
        );
    }
    for action in &before.by_hand {
        let _ = writeln!(text, "  By hand: {action}");
    }
    text
}

/// What to fix before checking again, numbered.
fn to_fix_before_webhooks(before: &BeforeWebhooks, spec: &AtsSpec) -> String {
    let count = before.to_fix.len();
    let mut text = format!("{} {count} item(s) to fix.\n", paint(style::ERROR, "✘"));
    let _ = writeln!(
        text,
        "{}",
        paint(style::HEADING, &format!("To fix in {} ({count})", spec.display_name))
    );
    for (index, fix) in before.to_fix.iter().enumerate() {
        let _ = writeln!(text, "  {}. {}", index + 1, fix_text(fix));
    }
    text
}
