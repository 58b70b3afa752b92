//! `setup`'s check step on Greenhouse: `validate`'s own check and progress bar, its report on
//! `d`, and the fixes to make before checking again.

use std::fmt::Write as _;

use atsctl::greenhouse::report::{CredentialReport, Verdict};
use atsctl::greenhouse::{self, CheckOptions};
use atsctl::manifest::Manifest;
use atsctl::profile::ResolvedGreenhouse;

use super::validate;
use crate::cli::output::{paint, style};
use crate::cli::setup::check::{Checked, Round, STEP};
use crate::cli::setup::summary::Status;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{CliError, Exit, failure};

impl Wizard<'_> {
    pub(crate) fn check_greenhouse(
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
            self.say(&format!(
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
                    self.summary
                        .add(STEP, Status::after_check(report.summary.unverified), counts(&report));
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
