//! The check `validate` and the wizard's check step run, whichever ATS it is for.
//!
//! The binary holds a [`Credential`] and the flags; it hands them to the ATS's
//! [`super::AtsSpec::check`] as a [`CheckRequest`] and gets back a [`CheckOutcome`]: the neutral
//! [`CheckView`] every format is written from, the ATS's own report for `--format json` (its
//! fields are a contract with scripts), and the verdict. Progress reaches the binary as
//! [`CheckEvent`]s through an observer, so the library never prints.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use super::{Credential, Failure, Fix};
use crate::document::CheckView;
use crate::http::{self, Secret};
use crate::manifest::Manifest;

/// What a check tells while it runs.
#[derive(Debug, Clone)]
pub enum CheckEvent {
    /// The check is about to send its first request: the credential as messages name it (never
    /// its secret) and the host it goes to.
    Started { credential: String, url: String },
    /// What it is doing now ("reading stages and webhooks").
    Stage(String),
    /// How many of its requests are done, of how many.
    Progress { done: usize, total: usize },
    /// One HTTP event, secrets already redacted.
    Http(http::Event),
}

/// Receives a check's events as they happen, on whichever task sends the request.
pub type CheckObserver = Arc<dyn Fn(CheckEvent) + Send + Sync>;

/// The choices a check takes besides the manifest and the credential. Each ATS reads those it
/// has a use for; the binary refuses flags an ATS does not take before it asks.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// Required items that could not be verified count as missing.
    pub strict: bool,
    /// Where every web hook must point (`--webhook-url`), for an ATS whose API lists them.
    pub webhook_url: Option<String>,
    /// The account's region as `--region` named it, for an ATS whose API host depends on it
    /// (its folder reads the name, as `apply`'s `Connection::region`).
    pub region: Option<String>,
    /// A customer's access token to check with the credential's OAuth client
    /// (`--access-token-stdin`), for an ATS with token introspection.
    pub access_token: Option<Secret>,
    /// The time limit of the whole check: requests, retries and waits.
    pub timeout: Duration,
    /// Requests in flight at once, for an ATS whose check sends many.
    pub concurrency: usize,
}

impl CheckSettings {
    /// Not strict, no web-hook URL, region or token, 8 requests in flight, within `timeout`.
    pub fn within(timeout: Duration) -> Self {
        Self {
            strict: false,
            webhook_url: None,
            region: None,
            access_token: None,
            timeout,
            concurrency: 8,
        }
    }
}

/// One check to run.
pub struct CheckRequest<'a> {
    pub manifest: &'a Manifest,
    /// A credential of the ATS whose `check` this is given to.
    pub credential: &'a Credential,
    pub settings: &'a CheckSettings,
    pub observer: Option<CheckObserver>,
}

impl CheckRequest<'_> {
    /// Hands `event` to the observer, if there is one.
    pub fn tell(&self, event: CheckEvent) {
        if let Some(observer) = &self.observer {
            observer(event);
        }
    }
}

/// The ATS's own report, which serializes with every field its JSON has always had.
pub type ReportJson = Box<dyn erased_serde::Serialize + Send + Sync>;

/// What a check found.
pub struct CheckOutcome {
    /// What every format of the report is written from.
    pub view: CheckView,
    /// The ATS's report as `--format json` prints it (with the document added by the binary).
    pub report: ReportJson,
    /// Required items that could not be verified, which the wizard records as to check by hand.
    pub unverified: usize,
    /// The counts the wizard's summary records for the check ("3 granted, 1 missing, …").
    pub counts: String,
    /// How the wizard judges this check when its next step creates the missing web hooks;
    /// `None`: it judges as `validate` does, by [`CheckView::passed`].
    pub before_webhooks: Option<BeforeWebhooks>,
}

impl CheckOutcome {
    /// The verdict: every required item is there (and, when strict, verified).
    pub fn passed(&self) -> bool {
        self.view.passed
    }
}

impl std::fmt::Debug for CheckOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOutcome")
            .field("view", &self.view)
            .field("unverified", &self.unverified)
            .field("counts", &self.counts)
            .field("before_webhooks", &self.before_webhooks)
            .finish_non_exhaustive()
    }
}

/// A check read as the wizard reads it when its next step creates the web hooks the check
/// found missing: those are not a shortfall yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeforeWebhooks {
    /// What still needs fixing, in the order to fix it.
    pub to_fix: Vec<Fix>,
    /// The events whose web hooks the next step creates.
    pub webhooks_next: Vec<String>,
    /// What a person must check by hand.
    pub by_hand: Vec<String>,
    /// The line after "Passed:" when nothing needs fixing.
    pub passed: &'static str,
    /// The summary's detail when nothing needs fixing.
    pub done: &'static str,
}

/// A running check.
pub type CheckFuture<'a> = Pin<Box<dyn Future<Output = Result<CheckOutcome, Failure>> + 'a>>;

/// [`super::AtsSpec::check`].
pub type RunCheck = for<'a> fn(CheckRequest<'a>) -> CheckFuture<'a>;

/// A failure of kind `Usage`: the request cannot be checked as given.
pub(crate) fn unusable(message: impl Into<String>) -> Failure {
    Failure {
        kind: super::FailureKind::Usage,
        message: message.into(),
        help: Vec::new(),
    }
}

/// The request names a credential of another ATS: a caller's mistake, said plainly.
pub(crate) fn other_ats(request: &CheckRequest<'_>, ats: super::Ats) -> Failure {
    unusable(format!(
        "a {} credential cannot be checked on {}",
        request.credential.ats().display_name(),
        ats.display_name()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ats::{Ats, FailureKind};
    use crate::lever::credential::ResolvedLever;
    use crate::profile::Origin;

    /// Each folder takes only its own credential, says so without the secret, and sends nothing:
    /// the request goes to a port nobody listens on, and the answer is a usage failure, not an
    /// unreachable host.
    #[tokio::test]
    async fn a_credential_of_another_ats_is_refused_before_any_request() {
        let bundled = crate::manifest::bundled("hipeople").unwrap();
        let manifest = crate::manifest::load(bundled.file, bundled.text).manifest.unwrap();
        let credential = Credential::new(ResolvedLever {
            api_key: Secret::new("CANARY-lever-key-5150"),
            origin: Origin::Env("ATSCTL_LEVER_API_KEY"),
            base_url: None,
            region: None,
        });
        let settings = CheckSettings::within(Duration::from_secs(1));
        for ats in [Ats::Greenhouse, Ats::Ashby] {
            let request = CheckRequest {
                manifest: &manifest,
                credential: &credential,
                settings: &settings,
                observer: None,
            };
            let failure = (ats.spec().check)(request).await.expect_err("another ATS's credential");
            assert_eq!(failure.kind, FailureKind::Usage, "{ats:?}");
            assert_eq!(
                failure.message,
                format!("a Lever credential cannot be checked on {}", ats.display_name())
            );
            assert!(!format!("{failure:?}").contains("CANARY"));
        }
    }
}
