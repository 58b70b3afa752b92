//! The binary's side of each ATS, and the registry commands dispatch through.
//!
//! The library says what an ATS is ([`atsctl::ats::AtsSpec`]) and does its checks and applies;
//! what stays here is what only a binary can do for one ATS: its flags, its progress display,
//! its prompts and the hand-over of its reports to shared printers. Command modules (`validate.rs`,
//! `apply.rs`, `webhooks.rs`, `setup/`) call the functions below with an [`Ats`] and never name
//! one; each `match` here gets one arm per ATS, pointing into its folder (`greenhouse/`,
//! `lever/`, `ashby/`), and a new `Ats` variant makes the compiler name every one.

mod arg;
pub(crate) mod ashby;
pub(crate) mod delivery;
pub(crate) mod greenhouse;
pub(crate) mod lever;
mod login;

pub(crate) use arg::{AtsArg, RegionArg, misplaced_flags};
pub(crate) use login::{login_credential, misplaced_login_flags};

use atsctl::ats::Ats;
use atsctl::manifest::Manifest;

use super::apply::ApplyArgs;
use super::setup::check::Checked;
use super::setup::credential::Chosen;
use super::setup::equivalent::Target;
use super::setup::{Step, Wizard};
use super::validate::ValidateArgs;
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
pub(crate) fn validate(
    ats: Ats,
    manifest: &Manifest,
    fingerprint: &str,
    args: &ValidateArgs,
    output: &mut Output,
) -> CliResult {
    match ats {
        Ats::Greenhouse => greenhouse::validate::run(manifest, fingerprint, args, output),
        Ats::Lever => {
            let common = lever::validate::Common {
                args,
                fingerprint,
                profile: args.profile.as_deref(),
                api_key_stdin: args.api_key_stdin,
                timeout: args.timeout,
                verbose: args.verbose,
            };
            lever::validate::run(manifest, &args.ats_flags.lever, &common, output)
        }
        Ats::Ashby => {
            if args.ats_flags.lever.webhook_url.is_some() {
                return Err(super::CliError::usage(
                    "--webhook-url: Ashby cannot list webhooks, so validate does not check them",
                )
                .with_help("`atsctl apply --ats ashby --webhook-url URL` creates them and records each one"));
            }
            let common = ashby::validate::Common {
                args,
                fingerprint,
                strict: args.strict,
                profile: args.profile.as_deref(),
                api_key_stdin: args.api_key_stdin,
                timeout: args.timeout,
                verbose: args.verbose,
            };
            ashby::validate::run(manifest, &common, output)
        }
    }
}

/// `apply` on `ats`: create what its API can, or walk the guided checklist.
/// `fingerprint` identifies the manifest in the documents apply prints.
pub(crate) fn apply(
    ats: Ats,
    manifest: &Manifest,
    fingerprint: &str,
    args: &ApplyArgs,
    output: &mut Output,
) -> CliResult {
    match ats {
        Ats::Greenhouse => greenhouse::apply::run(manifest, fingerprint, args, output),
        Ats::Lever => {
            let common = lever::apply::Common {
                yes: args.yes,
                format: args.format,
                reset: args.reset,
                fingerprint,
            };
            lever::apply::run(manifest, &args.ats_flags.lever, &common, output)
        }
        Ats::Ashby => {
            let common = ashby::apply::Common {
                yes: args.yes,
                format: args.format,
                reset: args.reset,
                fingerprint,
            };
            // Ashby takes the same webhook flags as Lever (--webhook-url, --dry-run, ...).
            ashby::apply::run(manifest, &args.ats_flags.lever, &common, output)
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
        Ats::Ashby => ashby::delivery::verify(signature, secrets, read_body),
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
    use atsctl::profile::{ResolvedAshby, ResolvedGreenhouse, ResolvedLever};
    let credential = &chosen.credential;
    if let Some(resolved) = credential.get::<ResolvedGreenhouse>() {
        wizard.check_greenhouse(manifest, resolved, chosen.typed, finish)
    } else if let Some(resolved) = credential.get::<ResolvedLever>() {
        wizard.check_lever(
            manifest,
            target,
            resolved,
            chosen.profile.as_deref(),
            chosen.typed,
            finish,
        )
    } else if let Some(resolved) = credential.get::<ResolvedAshby>() {
        wizard.check_ashby(manifest, resolved, chosen.profile.as_deref(), chosen.typed, finish)
    } else {
        Err(super::CliError::usage(format!(
            "the {} credential is not one this step can check",
            credential.ats().display_name()
        ))
        .into())
    }
}

/// `setup`'s web hook step on `target.ats`: create what its API can, or walk the guided
/// checklist.
pub(crate) fn setup_webhooks(
    wizard: &mut Wizard<'_>,
    manifest: &Manifest,
    checklist: &atsctl::plan::Checklist,
    target: &Target,
    chosen: Option<&Chosen>,
    finish: &str,
) -> Step<()> {
    use atsctl::profile::{ResolvedAshby, ResolvedLever};
    match (chosen, target.ats) {
        (Some(chosen), Ats::Lever) if chosen.credential.get::<ResolvedLever>().is_some() => {
            wizard.lever_webhooks(manifest, target, chosen, finish)
        }
        (Some(chosen), Ats::Ashby) if chosen.credential.get::<ResolvedAshby>().is_some() => {
            wizard.ashby_webhooks(manifest, target, chosen, finish)
        }
        _ => wizard.greenhouse_webhooks(checklist, finish),
    }
}

/// `--webhook-url` checked before anything is asked: HTTPS, or plain HTTP to a loopback host.
pub(crate) fn check_webhook_url_flag(url: &str) -> Result<(), super::CliError> {
    atsctl::lever::webhook_url::parse(url)
        .map(drop)
        .map_err(|problem| super::CliError::usage(format!("--webhook-url: {problem}")))
}

/// The notes and commands of the scripted web hook step.
pub(crate) fn webhook_step(target: &Target, no_store: bool) -> (Vec<String>, Vec<String>) {
    match target.ats {
        Ats::Greenhouse => greenhouse::setup_equivalent::webhook_step(target),
        Ats::Lever => lever::setup_equivalent::webhook_step(target, no_store),
        Ats::Ashby => ashby::setup_equivalent::webhook_step(target, no_store),
    }
}
