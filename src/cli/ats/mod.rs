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
mod found;
pub(crate) mod greenhouse;
pub(crate) mod lever;

pub(crate) use arg::{AtsArg, misplaced_flags};
pub(crate) use found::{Found, found_from_typed};

use atsctl::ats::Ats;
use atsctl::manifest::Manifest;

use super::apply::ApplyArgs;
use super::setup::check::Checked;
use super::setup::credential::Chosen;
use super::setup::equivalent::Target;
use super::setup::{Step, Wizard};
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

/// `setup`'s check step on the ATS of the credential `chosen`, until it passes or the person
/// moves on.
pub(crate) fn setup_check(
    wizard: &mut Wizard<'_>,
    manifest: &Manifest,
    target: &Target,
    chosen: &Chosen,
    finish: &str,
) -> Step<Checked> {
    match &chosen.found {
        Found::Greenhouse(resolved) => wizard.check_greenhouse(manifest, resolved, chosen.typed, finish),
        Found::Lever(resolved) => wizard.check_lever(
            manifest,
            target,
            resolved,
            chosen.profile.as_deref(),
            chosen.typed,
            finish,
        ),
    }
}

/// The credential for `ats` that the environment or a profile already gives, as `validate`
/// would find it.
pub(crate) fn resolve_credential(
    ats: Ats,
    wizard: &Wizard<'_>,
    sources: &atsctl::profile::Sources,
) -> Result<Found, atsctl::profile::ResolveError> {
    use atsctl::profile::{self, GreenhouseApi, ProcessEnv};
    match ats {
        Ats::Greenhouse => profile::resolve_greenhouse(
            sources,
            wizard.args.api.map(GreenhouseApi::from),
            &ProcessEnv,
            &wizard.config,
            &wizard.stores,
        )
        .map(Found::Greenhouse),
        Ats::Lever => profile::resolve_lever(sources, &ProcessEnv, &wizard.config, &wizard.stores).map(Found::Lever),
    }
}

/// Asks for a credential for `ats`, its secret hidden.
pub(crate) fn type_credential(
    ats: Ats,
    wizard: &mut Wizard<'_>,
    checklist: &atsctl::plan::Checklist,
    target: &mut Target,
) -> Step<atsctl::profile::NewCredential> {
    match ats {
        Ats::Greenhouse => wizard.type_greenhouse(checklist, target),
        Ats::Lever => wizard.type_lever(target),
    }
}
