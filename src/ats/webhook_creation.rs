//! What `apply` needs from an ATS whose API creates web hooks ([`super::ApplyKind::CreatesWebhooks`]),
//! so that one flow in the binary (plan, show, confirm, create each, show each new token once,
//! what is left to do by hand) serves every such ATS.
//!
//! The ATS's folder describes itself with a [`WebhookCreation`] and, once it has a credential,
//! opens a [`WebhookSession`]: the session holds the ATS's own client, plan and records (a state
//! file, a lock) and returns ATS-neutral values — an [`ApplyOutcome`] to show, items as they
//! become, the token of a new web hook — which the binary words and prints. Nothing here prints.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use url::Url;

use super::{Credential, Failure};
use crate::guided::{ApplyItem, ApplyOutcome};
use crate::http::{EventHook, Secret};
use crate::manifest::Manifest;
use crate::profile::{Origin, SecretKey, StoreKind};

/// The work of one phase of a session, run by the binary on its runtime.
pub type Work<'a, T> = Pin<Box<dyn Future<Output = Result<T, Failure>> + 'a>>;

/// Opens a session on a manifest's web hooks, which may borrow the manifest.
pub type Open = for<'m> fn(&'m Manifest, &Credential, &Connection) -> Result<Box<dyn WebhookSession + 'm>, Failure>;

/// How an ATS creates web hooks through its API, as data and entry points.
#[derive(Debug)]
pub struct WebhookCreation {
    /// What the ATS calls the secret a new web hook signs with: `signature token`.
    pub token_name: &'static str,
    /// Why `--reset` means nothing for it: how a re-run knows what exists.
    pub no_progress_file: &'static str,
    /// A command that gives its API key on stdin, for the message when stdin is a terminal.
    pub key_stdin_example: &'static str,
    /// What the wizard's journal says is kept as each web hook is created.
    pub journal: &'static str,
    /// What the wizard says when every web hook exists already.
    pub nothing_to_create: &'static str,
    /// What the scripted equivalent of `setup` adds about the create step: what the key needs,
    /// what is left by hand.
    pub scripted_note: &'static str,
    /// Checks a web-hook URL a person gave: HTTPS, or plain HTTP to a loopback host.
    pub parse_url: fn(&str) -> Result<Url, String>,
    /// The one URL the web hooks deliver to: `given` (`--webhook-url`), else the manifest's
    /// fixed one. `Ok(None)` when the ATS needs no one URL (each web hook's is in the manifest,
    /// or the plan says which is missing).
    pub target_url: fn(&Manifest, Option<&str>) -> Result<Option<Url>, UrlProblem>,
    /// Where the manifest says the partner's URL is found, for the person asked for it.
    pub url_instructions: fn(&Manifest) -> Option<String>,
    /// The manifest's web hooks, each still to create, when no plan could be made (the
    /// outcome of a run that stopped before it knew more).
    pub unplanned: fn(&Manifest, Option<&Url>) -> ApplyOutcome,
    /// The credential-store entry of a new web hook's token: profile, partner, item key.
    pub token_key: fn(&str, &str, &str) -> SecretKey,
    /// Opens a session on the manifest's web hooks with a credential of this ATS. Nothing is
    /// sent yet; an ATS that keeps records may lock them for the session's life.
    pub open: Open,
}

/// Why no URL for the web hooks could be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// The URL given cannot be used: the reason.
    Invalid(String),
    /// None was given and the manifest fixes none; where the partner's is found, if it says.
    Missing { instructions: Option<String> },
}

/// How to reach the ATS.
#[derive(Clone)]
pub struct Connection {
    /// `--region`, for an ATS that takes one (`own_flags`).
    pub region: Option<String>,
    /// The time limit of each phase (the plan, then each create), waits for rate limits
    /// included: a person may pause between phases.
    pub timeout: Duration,
    /// Told of every request as it happens (`-v`).
    pub events: Option<EventHook>,
    /// The profile named for the run, where new tokens are filed when the key came from
    /// elsewhere.
    pub profile: Option<String>,
}

/// Whose key a run of `apply` uses and where its API URL came from: the same for every ATS
/// whose API key creates web hooks.
#[derive(Debug, Clone)]
pub struct SessionKey {
    /// Where the key came from: a token is stored where the key is.
    pub origin: Origin,
    /// The profile new tokens are filed under: the key's own, else the one named for the run,
    /// else the default.
    pub profile: String,
    /// Where the API URL came from (`default`, a variable).
    pub url_source: String,
}

impl SessionKey {
    pub fn new(origin: &Origin, connection: &Connection, url_source: String) -> Self {
        let profile = match origin {
            Origin::Keyring { profile, .. } => profile.clone(),
            _ => connection
                .profile
                .clone()
                .unwrap_or_else(|| crate::profile::DEFAULT_PROFILE.to_owned()),
        };
        Self {
            origin: origin.clone(),
            profile,
            url_source,
        }
    }
}

/// One run of `apply` on one ATS: its client, its plan, what it learned while creating.
pub trait WebhookSession {
    /// Whose key the run uses and where its API URL came from.
    fn key(&self) -> &SessionKey;
    /// The credential as the status line names it (`API key from ATSCTL_…`), never the secret.
    fn credential(&self) -> String {
        format!("API key from {}", self.key().origin)
    }
    /// Reads what exists and decides what to create, towards `url` when the run has one URL.
    fn plan<'a>(&'a mut self, url: Option<&'a Url>) -> Work<'a, WebhookPlan>;
    /// Creates item `index` of the plan (one still to create), signed with the partner's own
    /// token when the plan asked for it. Refusals of this one item are an item, not an error.
    fn create<'a>(&'a mut self, index: usize, partner_token: Option<&'a Secret>) -> Work<'a, CreatedItem>;
    /// What only a person can do once the run is over, given what became of each item and
    /// whether new tokens were shown.
    fn next_steps(&self, outcome: &ApplyOutcome, tokens_shown: bool) -> Vec<String>;
    /// The note on an item whose new token was `shown` at the terminal (or not), and will be
    /// `stored` in the credential store (or not).
    fn token_note(&self, partner_name: &str, shown: bool, stored: bool) -> Option<String>;
    /// What to do about a token that could not be stored, given whether it was shown.
    fn unstored_token_help(&self, shown: bool) -> String;
    /// Said before creating when new tokens will be neither shown nor stored.
    fn unshown_tokens_warning(&self) -> Option<String>;
    /// What a person must do by hand in the ATS after the run, as one row of the wizard's summary.
    fn by_hand(&self) -> Option<ByHand>;
}

/// The plan of a run, ATS-neutral.
#[derive(Debug, Clone)]
pub struct WebhookPlan {
    /// Each web hook there already or still to create, with what is left to do by hand
    /// (`dry_run` set).
    pub outcome: ApplyOutcome,
    /// What is shown before asking: the outcome, with the next steps that matter before the run.
    pub preview: ApplyOutcome,
    /// The API the plan read.
    pub api_url: String,
    /// Where the ATS's records of created web hooks are kept, when it keeps them.
    pub records: Option<String>,
    /// Things noticed while reading (records that could not be read).
    pub warnings: Vec<String>,
    /// Whether a web hook to create signs with the partner's own token, which the binary
    /// reads from [`crate::webhooks::SECRET_ENV`].
    pub needs_partner_token: bool,
}

impl WebhookPlan {
    /// How many web hooks the run would create.
    pub fn create_count(&self) -> usize {
        self.outcome.count(crate::guided::ItemStatus::Missing)
    }
}

/// What became of one item the run tried to create.
#[derive(Debug)]
pub struct CreatedItem {
    /// The item as it now is (created, recovered, refused, found existing), with its notes.
    pub item: ApplyItem,
    /// The new token atsctl generated or the ATS returned, to show once and maybe store.
    pub token: Option<Secret>,
}

/// Something left to do by hand, for the wizard's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByHand {
    /// The row's title: `Webhook toggles`.
    pub step: String,
    /// Who does it.
    pub who: String,
    /// What they do.
    pub what: String,
}

/// Which credential store keeps new tokens: the one holding the key when the key came from a
/// profile, else `ATSCTL_CREDENTIAL_STORE` (as `auth login` reads it), else the platform's own.
pub fn choose_token_store(key_origin: &Origin, env_store: Option<&str>) -> Result<StoreKind, String> {
    if let Origin::Keyring { store, .. } = key_origin {
        return Ok(*store);
    }
    if let Some(name) = env_store.map(str::trim).filter(|name| !name.is_empty()) {
        return StoreKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = StoreKind::ALL.iter().map(|kind| kind.as_str()).collect();
                format!(
                    "{}={name:?} is not a credential store; use one of {}",
                    crate::profile::ENV_CREDENTIAL_STORE,
                    known.join(", ")
                )
            });
    }
    StoreKind::platform_default().ok_or_else(|| "this platform has no supported credential store".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_follows_the_key_then_the_environment() {
        let profile = Origin::Keyring {
            profile: "work".into(),
            store: StoreKind::KernelKeyring,
        };
        assert_eq!(
            choose_token_store(&profile, Some("secret-service")),
            Ok(StoreKind::KernelKeyring)
        );
        let env = Origin::Env("ATSCTL_ASHBY_API_KEY");
        assert_eq!(
            choose_token_store(&env, Some("kernel-keyring")),
            Ok(StoreKind::KernelKeyring)
        );
        assert!(
            choose_token_store(&env, Some("plain-file"))
                .unwrap_err()
                .contains("not a credential store")
        );
        assert_eq!(choose_token_store(&env, None).ok(), StoreKind::platform_default());
    }
}
