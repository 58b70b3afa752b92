//! The binary's side of each ATS, and the registry commands dispatch through.
//!
//! The library says what an ATS is ([`atsctl::ats::AtsSpec`]) and does its checks and applies;
//! what stays here is what only a binary can do for one ATS: its flags, its progress display,
//! its prompts and the hand-over of its reports to shared printers. `validate`, `apply`, the
//! wizard's check step and `webhooks verify` need nothing here: they go through the spec alone.
//! Command modules (`setup/`, `auth*.rs`) call the functions below with an [`Ats`] and never name one; each `match` here gets one arm per ATS, pointing into its folder (`greenhouse/`,
//! `lever/`, `ashby/`), and a new `Ats` variant makes the compiler name every one.

mod arg;
pub(crate) mod ashby;
mod found;
pub(crate) mod greenhouse;
pub(crate) mod lever;
mod login;

pub(crate) use arg::{AtsArg, RegionArg, misplaced_flags};
pub(crate) use found::{Found, found_from_typed, typed_description};
pub(crate) use login::{login_credential, login_kind_for_api, misplaced_login_flags};

use atsctl::ats::Ats;

use super::setup::equivalent::Target;
use super::setup::{Step, Wizard};

/// The flags of `validate` that only some ATSs take (their specs' `own_flags`); given with
/// another ATS they are a usage error.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Lever (--ats lever)")]
pub(crate) struct ValidateFlags {
    /// The URL each webhook must point at. Without it, the manifest's fixed URL; failing that,
    /// a webhook for the event at any URL counts.
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// The Lever account's region, which picks the API host: us (api.lever.co) or eu
    /// (api.eu.lever.co). ATSCTL_LEVER_URL sets the URL itself.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
}

impl ValidateFlags {
    /// Each ATS-specific flag with whether it was given, to refuse those the chosen ATS lacks.
    pub(crate) fn given(&self) -> Vec<(bool, &'static str)> {
        vec![
            (self.webhook_url.is_some(), "--webhook-url"),
            (self.region.is_some(), "--region"),
        ]
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
        Ats::Ashby => profile::resolve_ashby(sources, &ProcessEnv, &wizard.config, &wizard.stores).map(Found::Ashby),
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
        Ats::Ashby => wizard.type_ashby(),
    }
}

/// `--webhook-url` checked before anything is asked, and before the ATS is known: a URL every
/// ATS that creates web hooks accepts (HTTPS, or plain HTTP to a loopback host).
pub(crate) fn check_webhook_url_flag(url: &str) -> Result<(), super::CliError> {
    for creation in Ats::ALL.iter().filter_map(|ats| ats.spec().creates_webhooks) {
        (creation.parse_url)(url).map_err(|problem| super::CliError::usage(format!("--webhook-url: {problem}")))?;
    }
    Ok(())
}

/// The flags of `auth login --ats <ats>` that give `target`'s credential, secret on stdin.
pub(crate) fn login_words(target: &Target, words: &mut Vec<String>) {
    match target.ats {
        Ats::Greenhouse => greenhouse::setup_equivalent::login_words(target, words),
        Ats::Lever => lever::setup_equivalent::login_words(target, words),
        Ats::Ashby => ashby::setup_equivalent::login_words(target, words),
    }
}

/// The secret `auth login` reads from stdin, as the steps name it.
pub(crate) fn secret_label(target: &Target) -> &'static str {
    match target.ats {
        Ats::Greenhouse => greenhouse::setup_equivalent::secret_label(target),
        Ats::Lever => lever::setup_equivalent::secret_label(target),
        Ats::Ashby => ashby::setup_equivalent::secret_label(target),
    }
}

/// Notes on the login step beyond the secret.
pub(crate) fn login_notes(target: &Target) -> Vec<String> {
    match target.ats {
        Ats::Greenhouse => greenhouse::setup_equivalent::login_notes(target),
        Ats::Lever | Ats::Ashby => Vec::new(),
    }
}

/// The environment variables that carry `target`'s credential without a profile.
pub(crate) fn env_names(target: &Target) -> String {
    match target.ats {
        Ats::Greenhouse => greenhouse::setup_equivalent::env_names(target),
        Ats::Lever => lever::setup_equivalent::env_names(target),
        Ats::Ashby => ashby::setup_equivalent::env_names(target),
    }
}

/// The notes and commands of the scripted web hook step, by what `apply` does on the ATS.
pub(crate) fn webhook_step(target: &Target, no_store: bool) -> (Vec<String>, Vec<String>) {
    let name = target.ats.display_name();
    let Some(creation) = target.ats.spec().creates_webhooks else {
        return (
            vec![format!(
                "a guided checklist: no {name} API creates web hooks; it reads one answer per web hook from stdin \
                 (y, n or q), and --format markdown prints it for the {name} admin"
            )],
            vec![target.apply(false, false)],
        );
    };
    let mut notes = Vec::new();
    if target.lacks_webhook_url() {
        notes.push(format!(
            "add --webhook-url with the URL {} gives you for its webhooks",
            target.partner_name
        ));
    }
    notes.push(format!(
        "--dry-run shows what would be created; --yes creates it (without a terminal nothing can confirm). {}",
        creation.scripted_note
    ));
    (
        notes,
        vec![
            format!("{} --dry-run", target.apply(!no_store, false)),
            target.apply(!no_store, true),
        ],
    )
}
