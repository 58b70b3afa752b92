//! Step 4: check what the credential grants against what the partner needs, with `validate`'s
//! own check, progress bar and report. When something is missing the fixes are listed and the
//! check runs again after Enter, until it passes or the person skips.

use std::time::Duration;

use atsctl::document::{CheckView, Detail};
use atsctl::manifest::Manifest;
use atsctl::plan::Checklist;

use super::credential::Chosen;
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::CliError;
use crate::cli::validate::report_text;

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
            let checked = crate::cli::ats::setup_check(self, manifest, target, chosen, &finish)?;
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

    /// A spinner on stderr while Lever answers, when a person watches it.
    pub(crate) fn spinner(&self, message: &str) -> Option<indicatif::ProgressBar> {
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
