//! `setup`'s check step on Ashby: `validate --ats ashby`'s check with a spinner, its report on
//! `d`, and what to fix before checking again.

use std::time::Duration;

use atsctl::ashby::check::{self, CheckContext};
use atsctl::ashby::report::{AshbyReport, PartnerRef};
use atsctl::manifest::Manifest;
use atsctl::profile::ResolvedAshby;

use super::session::Session;
use crate::cli::setup::check::Checked;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{Exit, failure};

/// Each check round's time limit.
const ROUND_TIMEOUT: Duration = Duration::from_secs(60);

impl Wizard<'_> {
    pub(crate) fn check_ashby(
        &mut self,
        manifest: &Manifest,
        resolved: &ResolvedAshby,
        typed: bool,
        finish: &str,
    ) -> Step<Checked> {
        let Some(setup) = manifest.ashby.as_ref() else {
            return Ok(Checked::Finished);
        };
        let mut session = Session::for_key(resolved, ROUND_TIMEOUT, 0)?;
        let context = CheckContext {
            partner: PartnerRef {
                id: manifest.partner.id.clone(),
                name: manifest.partner.name.clone(),
            },
            credential: session.credential.clone(),
            api_url_source: session.url_source.clone(),
            strict: false,
        };
        loop {
            self.output.print(&format!(
                "Checking the Ashby {} at {} for what {} needs (read-only)…\n",
                session.credential,
                session.client.base_url(),
                manifest.partner.name
            ));
            let spinner = self.spinner("reading the key's permissions");
            let result = session.run(self.output, async |client| check::check(setup, client, &context).await);
            if let Some(spinner) = spinner {
                spinner.finish_and_clear();
            }
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
                        error.help = vec![
                            "the key you typed may be mistyped or revoked".to_owned(),
                            "answer r to type it again".to_owned(),
                        ];
                    }
                    self.failed_round(error)
                }
            };
            if let Some(checked) = self.after_round("Ashby", round, typed, finish)? {
                return Ok(checked);
            }
        }
    }
}

/// The counts the summary records for the check step.
fn counts(report: &AshbyReport) -> String {
    let summary = report.summary;
    format!(
        "{} granted, {} missing, {} to check by hand",
        summary.granted, summary.missing, summary.unverified
    )
}
