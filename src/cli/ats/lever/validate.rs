//! `atsctl validate <partner> --ats lever`: check a Lever account against the manifest's Lever
//! section — the pipeline stages it needs, a webhook per event — with GETs only, and list what
//! no API can read (the Super Admin's webhook toggles, an OAuth authorization).
//!
//! `validate.rs` parses the shared flags and the registry (`cli/ats/mod.rs`) dispatches here; the
//! Lever-only flags live in [`LeverValidateArgs`], flattened into its arguments.

use std::time::Duration;

use atsctl::lever::check::{self, CheckContext};
use atsctl::lever::report::Verdict;
use atsctl::lever::webhook_url;
use atsctl::manifest::Manifest;

use super::session::{Connect, RegionArg, Session};
use crate::cli::failure;
use crate::cli::validate::{ValidateArgs, print_report};
use crate::cli::{CliError, CliResult, Exit, Output};

/// Flags only `--ats lever` uses.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Lever (--ats lever)")]
pub(crate) struct LeverValidateArgs {
    /// The URL each webhook must point at. Without it, the manifest's fixed URL; failing that,
    /// a webhook for the event at any URL counts.
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// The Lever account's region, which picks the API host: us (api.lever.co) or eu
    /// (api.eu.lever.co). ATSCTL_LEVER_URL sets the URL itself.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
}

/// The flags `validate` shares between ATSs.
pub(crate) struct Common<'a> {
    /// Every flag, for the report's format and detail.
    pub(crate) args: &'a ValidateArgs,
    /// The manifest's fingerprint, for the report's document.
    pub(crate) fingerprint: &'a str,
    /// `--profile` (or `ATSCTL_PROFILE`).
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    pub(crate) timeout: Duration,
    pub(crate) verbose: u8,
}

pub(crate) fn run(
    manifest: &Manifest,
    args: &LeverValidateArgs,
    common: &Common<'_>,
    output: &mut Output,
) -> CliResult {
    if manifest.lever.is_none() {
        let covers: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.as_str()).collect();
        return Err(
            CliError::usage(format!("{} has no Lever setup to validate", manifest.partner.name))
                .with_help(format!("it covers: {}", covers.join(", "))),
        );
    }
    let webhook_url = match &args.webhook_url {
        Some(url) => {
            Some(webhook_url::parse(url).map_err(|problem| CliError::usage(format!("--webhook-url: {problem}")))?)
        }
        None => None,
    };
    let mut session = Session::open(
        &Connect {
            profile: common.profile,
            api_key_stdin: common.api_key_stdin,
            region: args.region,
            timeout: common.timeout,
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
        credential: session.credential.clone(),
        api_url_source: session.url_source.clone(),
        webhook_url: webhook_url.map(|url| url.to_string()),
    };
    let report = session
        .run(output, async |client| check::check(manifest, client, &context).await)
        .map_err(failure)?;
    print_report(&report, &report.check_view(), common.args, common.fingerprint, output);
    Ok(match report.verdict {
        Verdict::Ok => Exit::Ok,
        Verdict::Findings => Exit::Findings,
    })
}
