//! What an applicant tracking system is to atsctl: the seam every command goes through.
//!
//! Each ATS lives in its own folder (`src/greenhouse/`, `src/lever/`, `src/ashby/`): its HTTP client, its
//! check, its apply, its report and its web-hook signature. What the rest of the program needs
//! to know about it without naming it is one [`AtsSpec`] value in that folder (`seam.rs`):
//! its manifest section, its credential kinds with their environment variables, stdin flags
//! and default URLs, the flags only it takes, how its web hooks are signed and how an event is
//! named in a delivery, what `apply` can do for it, and the prose the wizard shows for it.
//! [`Ats::spec`] is the registry: one line per ATS.
//!
//! Why enum dispatch and data, not a trait object: the set of ATSs is closed and known when
//! atsctl is built, and a `match` on [`Ats`] lets the compiler list every place a new ATS must
//! be handled. What is uniform across ATSs is data, and data needs no trait; what each does its
//! own way is a function pointer in its spec. Its check ([`AtsSpec::check`]) keeps its own
//! report type (Greenhouse's permission table is not Lever's stage table) inside a neutral
//! [`CheckOutcome`]: the view every format is written from, and the report for JSON. Where an
//! ATS holds state across calls (`apply`'s client, plan and records), its spec hands out a small
//! trait object ([`webhook_creation::WebhookSession`]). Failures from every ATS share one
//! vocabulary, [`Failure`], which the binary
//! maps to exit codes once; fixes a report suggests are [`Fix`] values the binary words.

pub mod acceptance;
pub(crate) mod check;
mod command;
mod credential;
pub(crate) mod delivery_check;
mod failure;
mod fix;
mod guided_apply;
pub mod webhook_creation;

pub use acceptance::{PendingAcceptance, StoredCredential, StoredCredentialCheck};
pub use check::{
    BeforeWebhooks, CheckEvent, CheckFuture, CheckObserver, CheckOutcome, CheckRequest, CheckSettings, ReportJson,
    RunCheck,
};
pub use command::Command;
pub use credential::{Credential, ResolvedCredential};
pub use delivery_check::{DeliveryCheck, ReadSignature, VerifyDelivery};
pub use failure::{Failure, FailureKind};
pub use fix::Fix;
pub use guided_apply::GuidedWebhooks;
pub use webhook_creation::WebhookCreation;

use std::time::SystemTime;

use crate::acceptance::Acceptance;
use crate::diff::UpgradeTask;
use crate::manifest::Manifest;
use crate::plan::{Checklist, NoteItem, PartnerSummary};
use crate::profile::{CredentialKind, Environment, NewCredential, Origin, ResolveError, ResolveRequest};
use crate::webhooks::{ExpectedWebhook, Inspection, Request, Secrets};

/// The applicant tracking systems atsctl knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ats {
    Greenhouse,
    Lever,
    Ashby,
}

impl Ats {
    pub const ALL: [Ats; 3] = [Ats::Greenhouse, Ats::Lever, Ats::Ashby];

    /// The registry: where each ATS's description lives. Adding an ATS adds a variant and a
    /// line here; the compiler then names every `match` that must learn it.
    pub fn spec(self) -> &'static AtsSpec {
        match self {
            Self::Greenhouse => &crate::greenhouse::seam::SPEC,
            Self::Lever => &crate::lever::seam::SPEC,
            Self::Ashby => &crate::ashby::seam::SPEC,
        }
    }

    /// The lower-case name used in flags (`--ats lever`), file names and JSON.
    pub fn as_str(self) -> &'static str {
        self.spec().id
    }

    /// The product name shown to people.
    pub fn display_name(self) -> &'static str {
        self.spec().display_name
    }
}

/// Everything uniform about one ATS, as data. Each folder defines one as `seam::SPEC`.
#[derive(Debug)]
pub struct AtsSpec {
    /// The variant this spec describes (its folder's `seam::ATS`); the registry maps it back here.
    pub ats: Ats,
    /// `greenhouse`: the `--ats` value, the manifest section's key, the JSON name.
    pub id: &'static str,
    /// `Greenhouse`.
    pub display_name: &'static str,
    /// The credentials atsctl accepts for it, in the order the wizard offers them; each kind
    /// names its secret, its environment variable and its stdin flag.
    pub credentials: &'static [CredentialKind],
    /// Whether its checklist lists permissions a credential must carry (counted by `partners`).
    pub lists_permissions: bool,
    /// Whether its checklist lists OAuth scopes as well (counted by `partners`).
    pub lists_scopes: bool,
    /// Base URLs with their overriding variables; plain http is accepted only for loopback.
    pub urls: &'static [ServiceUrl],
    /// Flags of `validate` and `setup` that this ATS takes beyond the common ones: given with
    /// an ATS that does not take them, they are a usage error naming an ATS that does.
    pub own_flags: &'static [&'static str],
    /// How its web-hook deliveries are signed.
    pub signature: SignatureScheme,
    /// What `apply` does for it, with what that flow needs.
    pub apply: ApplyKind,
    /// How its web hooks look to the person setting them up: what `plan` and `diff` call them,
    /// where they are kept and how they are made.
    pub webhooks: WebhookScreen,
    /// The first line of the wizard's "who does this" step.
    pub setup_who: &'static str,
    /// Its section of the checklist `plan` prints; `None` when the manifest has no section for it.
    pub checklist: fn(&Manifest, PartnerSummary, Vec<NoteItem>) -> Option<Checklist>,
    /// Whether the manifest fixes the URL of one of its web hooks on this ATS, so an `apply`
    /// that creates them needs no `--webhook-url`.
    pub fixes_webhook_url: fn(&Manifest) -> bool,
    /// How many web hooks the manifest asks for on this ATS.
    pub webhook_count: fn(&Manifest) -> usize,
    /// The web hooks the manifest sets up on this ATS, as `webhooks listen` tracks them: each
    /// with the name the ATS shows and the event a delivery names.
    pub expected_webhooks: fn(&Manifest) -> Vec<ExpectedWebhook>,
    /// Judges one web-hook delivery, received at the given time, by its signature and body
    /// alone (what `webhooks listen` and `webhooks verify` ask of every request).
    pub inspect: fn(&Secrets, &Request<'_>, SystemTime) -> Inspection,
    /// Prepares `auth status --check` of one of its stored credentials: the request to make,
    /// or at once the answer when the stored settings are unusable.
    pub check_stored: fn(&StoredCredential<'_>) -> Result<PendingAcceptance, Acceptance>,
    /// What changed between two versions of its checklist, as tasks in its own order (`diff`).
    pub upgrade_tasks: fn(&Checklist, &Checklist) -> Vec<UpgradeTask>,
    // What `validate`, the wizard's check step and `webhooks verify` ask of it.
    /// Reads the signature `webhooks verify --signature` gave (a header's value), before any
    /// body is read: `None` when none was given and the ATS carries its own in the body. A
    /// signature the ATS needs and lacks, or one that does not parse, is a `Usage` failure.
    pub read_signature: delivery_check::ReadSignature,
    /// Judges one delivery's raw body with the signature [`AtsSpec::read_signature`] read
    /// (`webhooks verify`): which secret signed it, and the event it names.
    pub verify_delivery: delivery_check::VerifyDelivery,
    /// What `validate` and the wizard's check step do: read what the credential grants and
    /// compare it with what the manifest needs, changing nothing.
    pub check: RunCheck,
    /// Why `validate --webhook-url` is refused on this ATS though its `apply` takes the flag;
    /// `None` when its check uses the URL.
    pub check_refuses_webhook_url: Option<&'static str>,
    /// What the wizard adds when the ATS rejects a credential typed at its prompt, before
    /// offering to type it again.
    pub typed_rejection_help: fn(&Credential) -> Vec<String>,
    /// The screen where its credentials are made and their permissions edited
    /// (`Configure → Dev Center → API Credentials`), as `diff`'s checklist points to it.
    pub credentials_place: &'static str,
    // How a credential for it is found, or made from one typed at the wizard.
    /// Finds the credential a command uses for this ATS (environment, stdin, then a profile;
    /// `profile`'s module docs give the rules), as only this ATS's folder can read it.
    pub resolve: fn(&ResolveRequest<'_>) -> Result<Credential, ResolveError>,
    /// A credential typed in this run (not resolved) in the shape `resolve` gives: its secret's
    /// origin (the prompt, or the profile it was stored in), the origin of its other values,
    /// and the environment that may name its hosts.
    pub from_typed: fn(&NewCredential, Origin, Origin, &dyn Environment) -> Credential,
}

/// A host the ATS is reached at.
#[derive(Debug)]
pub struct ServiceUrl {
    /// `Harvest API`.
    pub what: &'static str,
    /// The variable that overrides it.
    pub env: &'static str,
    /// Where it is when nothing overrides it.
    pub default: &'static str,
}

/// How an ATS signs a web-hook delivery and names its event.
#[derive(Debug)]
pub struct SignatureScheme {
    /// The request header `webhooks listen` reads the signature from; `None` when it travels in
    /// the body.
    pub header: Option<&'static str>,
    /// The request header naming a delivery's id, which `webhooks listen` reads; `None` when
    /// the id (if any) travels in the body.
    pub event_id_header: Option<&'static str>,
    /// The header or field the signature travels in.
    pub carried_in: &'static str,
    /// What the HMAC covers.
    pub covers: &'static str,
    /// Where a delivery names its event.
    pub event_named_by: &'static str,
    /// Why a signature fails to verify, as a hint when none of the secrets matched.
    pub invalid_hint: &'static str,
}

/// An ATS's web hooks as its admin screens present them.
#[derive(Debug)]
pub struct WebhookScreen {
    /// What the ATS calls them in headings: `Web hooks`, `Webhooks`.
    pub term: &'static str,
    /// Where in the ATS they are kept: `Configure → Dev Center → Web Hooks`.
    pub place: &'static str,
    /// How one is made, which decides the checklist's table and the words of `diff`'s tasks.
    pub style: WebhookStyle,
}

/// How web hooks are made on an ATS's screen. A closed set of shapes, not of ATSs: an ATS whose
/// screen works like one of these takes its shape without new document code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookStyle {
    /// A form per web hook with a name, an event, an endpoint, a secret and an error
    /// recipient (Greenhouse).
    NamedForm,
    /// One switch per event, all sending to the partner's endpoint (Lever).
    EventToggles,
    /// One webhook per webhook type, with a request URL and a shared secret token (Ashby).
    TypedEndpoints,
}

/// What `apply` can do for an ATS, each with what its flow needs from the ATS.
#[derive(Debug, Clone, Copy)]
pub enum ApplyKind {
    /// Its API cannot create what the partner needs: `apply` walks a guided checklist and
    /// records what the user confirms; this is what the checklist says of its web-hook screen.
    GuidedChecklist(&'static GuidedWebhooks),
    /// Its API creates the missing web hooks, this way.
    CreatesWebhooks(&'static WebhookCreation),
}

impl ApplyKind {
    /// How its API creates web hooks, when it does.
    pub fn creates_webhooks(self) -> Option<&'static WebhookCreation> {
        match self {
            Self::CreatesWebhooks(creation) => Some(creation),
            Self::GuidedChecklist(_) => None,
        }
    }

    /// What its guided checklist says, when web hooks are made by hand.
    pub fn guided(self) -> Option<&'static GuidedWebhooks> {
        match self {
            Self::GuidedChecklist(guided) => Some(guided),
            Self::CreatesWebhooks(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ats_is_registered_under_its_own_name() {
        for ats in Ats::ALL {
            let spec = ats.spec();
            assert_eq!(
                spec.ats, ats,
                "the registry line of {ats:?} points at another ATS's spec"
            );
            let json = serde_json::to_value(ats).unwrap();
            assert_eq!(json, spec.id, "{ats:?}");
            assert!(!spec.credentials.is_empty(), "{ats:?} has no credential kind");
            assert!(spec.credentials.iter().all(|kind| kind.ats() == ats), "{ats:?}");
            assert!(!spec.urls.is_empty(), "{ats:?} has no default URL");
            for url in spec.urls {
                assert!(url.default.starts_with("https://"), "{}", url.default);
                assert!(url.env.starts_with("ATSCTL_"), "{}", url.env);
            }
        }
        let listed: usize = Ats::ALL.iter().map(|ats| ats.spec().credentials.len()).sum();
        assert_eq!(
            listed,
            CredentialKind::all().count(),
            "every credential kind belongs to one ATS"
        );
        let ids: std::collections::BTreeSet<_> = Ats::ALL.iter().map(|ats| ats.as_str()).collect();
        assert_eq!(ids.len(), Ats::ALL.len());
    }

    #[test]
    fn own_flags_are_long_flags() {
        for ats in Ats::ALL {
            for flag in ats.spec().own_flags {
                assert!(flag.starts_with("--") && !flag.contains(' '), "{flag}");
            }
        }
    }
}
