//! `setup`'s check step on Lever: `validate --ats lever`'s check with a spinner, its report on
//! `d`, and what to fix before checking again.

use std::fmt::Write as _;

use atsctl::lever::check::{self as lever_check, CheckContext};
use atsctl::lever::report::{LeverReport, Status as LeverStatus};
use atsctl::manifest::Manifest;
use atsctl::profile::ResolvedLever;

use atsctl::document::Detail;

use crate::cli::fix_wording::fix_text;
use crate::cli::output::{paint, style};
use crate::cli::setup::check::{Checked, Round, STEP};
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::summary::Status;
use crate::cli::setup::{Step, Wizard};
use crate::cli::validate::report_text;
use crate::cli::{Exit, failure};

impl Wizard<'_> {
    pub(crate) fn check_lever(
        &mut self,
        manifest: &Manifest,
        target: &Target,
        resolved: &ResolvedLever,
        typed: bool,
        finish: &str,
    ) -> Step<Checked> {
        let mut session = self.lever_session(resolved)?;
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
                        details: Some(report_text(&report.check_view(), Detail::Full, self.output)),
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
