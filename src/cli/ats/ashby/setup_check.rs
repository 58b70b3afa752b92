//! `setup`'s check step on Ashby: `validate --ats ashby`'s check with a spinner, its report on
//! `d`, and what to fix before checking again.

use std::fmt::Write as _;
use std::time::Duration;

use atsctl::ashby::check::{self, CheckContext};
use atsctl::ashby::report::{AshbyReport, PartnerRef, Status as AshbyStatus};
use atsctl::manifest::Manifest;
use atsctl::profile::ResolvedAshby;

use super::session::Session;
use super::validate::human;
use crate::cli::output::{paint, style};
use crate::cli::setup::check::{Checked, Round, STEP};
use crate::cli::setup::summary::Status;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{Exit, failure};

/// Each check round's time limit.
const ROUND_TIMEOUT: Duration = Duration::from_secs(60);

impl Wizard<'_> {
    pub(crate) fn check_ashby(
        &mut self,
        manifest: &Manifest,
        resolved: &ResolvedAshby,
        profile: Option<&str>,
        typed: bool,
        finish: &str,
    ) -> Step<Checked> {
        let Some(setup) = manifest.ashby.as_ref() else {
            return Ok(Checked::Finished);
        };
        let mut session = Session::for_key(resolved, profile, ROUND_TIMEOUT, 0)?;
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
                    let failing = failing(&report);
                    if failing.is_empty() {
                        self.output.print(&passed(&report));
                        self.summary.add(
                            STEP,
                            Status::Done,
                            "every required permission that can be checked is granted",
                        );
                        return Ok(Checked::Finished);
                    }
                    self.output.print(&findings(&failing));
                    Round {
                        details: Some(human(&report)),
                        failure: None,
                        skipped: format!("skipped with {} item(s) to fix", failing.len()),
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

/// The required permissions found missing, as what to do about each.
fn failing(report: &AshbyReport) -> Vec<String> {
    report
        .fixes
        .iter()
        .filter(|fix| fix.required)
        .map(atsctl::ashby::report::Fix::sentence)
        .collect()
}

fn passed(report: &AshbyReport) -> String {
    let mut text = format!(
        "{} every required permission that can be checked is granted.\n",
        paint(style::OK, "✔ Passed:")
    );
    for row in report
        .permissions
        .iter()
        .filter(|row| row.status == AshbyStatus::Unverified)
    {
        let _ = writeln!(text, "  By hand: {} ({}) on the key", row.label(), row.permission_id);
    }
    for toggle in &report.toggles {
        let _ = writeln!(text, "  By hand: {}", toggle.label);
    }
    text
}

fn findings(failing: &[String]) -> String {
    let mut text = format!("{} {} item(s) to fix.\n", paint(style::ERROR, "✘"), failing.len());
    let _ = writeln!(
        text,
        "{}",
        paint(style::HEADING, &format!("To fix in Ashby ({})", failing.len()))
    );
    for (index, action) in failing.iter().enumerate() {
        let _ = writeln!(text, "  {}. {action}", index + 1);
    }
    text
}
