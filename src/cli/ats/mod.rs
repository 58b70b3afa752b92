//! The binary's registry of ATSs: the `--ats` value, `auth login`'s flags per credential kind,
//! and the few helpers the wizard shares.
//!
//! The library says what an ATS is ([`atsctl::ats::AtsSpec`]) and does its checks, applies and
//! credential resolution; the commands (`validate`, `apply`, `setup`, `auth`, `webhooks`) are
//! generic flows over the spec and name no ATS. A new ATS needs nothing here but its `--ats`
//! value in `arg.rs` (and a field in `ValidateFlags` or `LoginArgs` only if it brings a flag no
//! other ATS has).

mod arg;
mod login;

pub(crate) use arg::{AtsArg, RegionArg, misplaced_flags};
pub(crate) use login::{SettingFlags, login_credential, misplaced_login_flags};

use atsctl::ats::Ats;

use super::setup::equivalent::Target;

// The flags of `validate` that only some ATSs take (their specs' `own_flags`); given with
// another ATS they are a usage error.
// (A plain comment: a doc comment on a flattened struct would become the command's about.)
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

/// `--webhook-url` checked before anything is asked, and before the ATS is known: a URL every
/// ATS that creates web hooks accepts (HTTPS, or plain HTTP to a loopback host).
pub(crate) fn check_webhook_url_flag(url: &str) -> Result<(), super::CliError> {
    for creation in Ats::ALL.iter().filter_map(|ats| ats.spec().apply.creates_webhooks()) {
        (creation.parse_url)(url).map_err(|problem| super::CliError::usage(format!("--webhook-url: {problem}")))?;
    }
    Ok(())
}

/// The notes and commands of the scripted web hook step, by what `apply` does on the ATS.
pub(crate) fn webhook_step(target: &Target, no_store: bool) -> (Vec<String>, Vec<String>) {
    let name = target.ats.display_name();
    let Some(creation) = target.ats.spec().apply.creates_webhooks() else {
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
