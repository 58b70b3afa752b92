//! `atsctl validate <partner> --ats ashby`: check an Ashby API key against the manifest's Ashby
//! section with read-only safe probes only (`apiKey.info`, else one smallest-page read per
//! needed module), and say what no API reveals (write permissions, the key's toggles).
//!
//! The report comes from [`atsctl::ashby::check::check`] as an `AshbyReport` and is printed,
//! like every ATS's, as the verdict-first check document (`--format json`: the report plus the
//! document).

use std::time::Duration;

use atsctl::ashby::check::{self, CheckContext};
use atsctl::ashby::report::{PartnerRef, Verdict};
use atsctl::manifest::Manifest;

use super::session::{Connect, Session};
use crate::cli::validate::{ValidateArgs, print_report};
use crate::cli::{CliError, CliResult, Exit, Output, failure};

/// The flags `validate` shares between ATSs.
pub(crate) struct Common<'a> {
    pub(crate) args: &'a ValidateArgs,
    /// The manifest's fingerprint, for the report's document.
    pub(crate) fingerprint: &'a str,
    pub(crate) strict: bool,
    /// `--profile` (or `ATSCTL_PROFILE`).
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    pub(crate) timeout: Duration,
    pub(crate) verbose: u8,
}

pub(crate) fn run(manifest: &Manifest, common: &Common<'_>, output: &mut Output) -> CliResult {
    let Some(setup) = manifest.ashby.as_ref() else {
        let covers: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.as_str()).collect();
        return Err(
            CliError::usage(format!("{} has no Ashby setup to validate", manifest.partner.name))
                .with_help(format!("it covers: {}", covers.join(", "))),
        );
    };
    let mut session = Session::open(
        &Connect {
            profile: common.profile,
            api_key_stdin: common.api_key_stdin,
            timeout: common.timeout,
            stdin_example: "printenv MY_ASHBY_KEY | atsctl validate acme-sourcing --ats ashby --api-key-stdin",
        },
        common.verbose,
        output,
    )?;
    if common.verbose > 0 {
        output.status(&format!(
            "checking {} against {}\n",
            session.credential,
            session.client.base_url()
        ));
    }
    let context = CheckContext {
        partner: PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        },
        credential: session.credential.clone(),
        api_url_source: session.url_source.clone(),
        strict: common.strict,
    };
    let report = session
        .run(output, async |client| check::check(setup, client, &context).await)
        .map_err(failure)?;
    print_report(&report, &report.check_view(), common.args, common.fingerprint, output);
    Ok(match report.verdict {
        Verdict::Ok => Exit::Ok,
        Verdict::Findings => Exit::Findings,
    })
}
