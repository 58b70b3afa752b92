//! The binary's side of each ATS, and the registry commands dispatch through.
//!
//! The library says what an ATS is ([`atsctl::ats::AtsSpec`]) and does its checks and applies;
//! what stays here is what only a binary can do for one ATS: its flags, its progress display,
//! its prompts and the terminal rendering of its reports. Command modules (`validate.rs`,
//! `apply.rs`, `setup/`) call the functions below with an [`Ats`] and never name one; each
//! `match` here is the one line per ATS a new one adds, next to its folder
//! (`greenhouse/`, `lever/`).

mod arg;
pub(crate) mod delivery;
pub(crate) mod greenhouse;
pub(crate) mod lever;

pub(crate) use arg::{AtsArg, misplaced_flags};

use atsctl::ats::Ats;
use atsctl::manifest::Manifest;

use super::apply::ApplyArgs;
use super::validate::{ValidateArgs, ValidateFormat};
use super::{CliResult, Output};

/// The flags of `validate` that belong to one ATS, each block under its own help heading.
#[derive(Debug, clap::Args)]
pub(crate) struct ValidateFlags {
    #[command(flatten)]
    lever: lever::validate::LeverValidateArgs,
}

impl ValidateFlags {
    /// Each ATS-specific flag with whether it was given, to refuse those the chosen ATS lacks.
    pub(crate) fn given(&self) -> Vec<(bool, &'static str)> {
        vec![
            (self.lever.webhook_url.is_some(), "--webhook-url"),
            (self.lever.region.is_some(), "--region"),
        ]
    }
}

/// The flags of `apply` that belong to one ATS.
#[derive(Debug, clap::Args)]
pub(crate) struct ApplyFlags {
    #[command(flatten)]
    lever: lever::apply::LeverApplyArgs,
}

/// `validate` on `ats`: resolve its credential, check it, render the report.
pub(crate) fn validate(ats: Ats, manifest: &Manifest, args: &ValidateArgs, output: &mut Output) -> CliResult {
    match ats {
        Ats::Greenhouse => greenhouse::validate::run(manifest, args, output),
        Ats::Lever => {
            let common = lever::validate::Common {
                json: args.format == ValidateFormat::Json,
                profile: args.profile.as_deref(),
                api_key_stdin: args.api_key_stdin,
                timeout: args.timeout,
                verbose: args.verbose,
            };
            lever::validate::run(manifest, &args.ats_flags.lever, &common, output)
        }
    }
}

/// `apply` on `ats`: create what its API can, or walk the guided checklist.
pub(crate) fn apply(ats: Ats, manifest: &Manifest, args: &ApplyArgs, output: &mut Output) -> CliResult {
    match ats {
        Ats::Greenhouse => greenhouse::apply::run(manifest, args, output),
        Ats::Lever => {
            let common = lever::apply::Common {
                yes: args.yes,
                markdown: args.format == super::apply::ApplyFormat::Markdown,
                reset: args.reset,
            };
            lever::apply::run(manifest, &args.ats_flags.lever, &common, output)
        }
    }
}

/// `webhooks verify` on `ats`: check one delivery's signature with each of `secrets`. The body
/// is read through `read_body` once the ATS knows it can check it.
pub(crate) fn verify_delivery(
    ats: Ats,
    signature: Option<&str>,
    secrets: &atsctl::webhooks::Secrets,
    read_body: impl FnOnce() -> Result<Vec<u8>, super::CliError>,
) -> Result<delivery::Checked, super::CliError> {
    match ats {
        Ats::Greenhouse => greenhouse::delivery::verify(signature, secrets, read_body),
        Ats::Lever => lever::delivery::verify(signature, secrets, read_body),
    }
}
