//! `setup`'s check step on Greenhouse: `validate`'s own check and progress bar, its
//! verdict-first report with the fixes to make before checking again, and every item on `d`.

use atsctl::greenhouse::report::CredentialReport;
use atsctl::greenhouse::{self, CheckOptions};
use atsctl::manifest::Manifest;
use atsctl::profile::ResolvedGreenhouse;

use super::validate;
use crate::cli::setup::check::Checked;
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
                Ok(report) => {
                    match self.report_round(&report.check_view(), report.summary.unverified, counts(&report)) {
                        None => return Ok(Checked::Finished),
                        Some(round) => round,
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
