//! Greenhouse as an outside system: what a credential grants, checked against what a partner
//! manifest needs, without changing anything in the customer's Greenhouse.
//!
//! The rest of the program sees [`check_credential`]: a manifest, a [`Credential`] and
//! [`CheckOptions`] in, a [`CredentialReport`] (or a [`CheckError`]) out; and [`verify_accepted`]:
//! one harmless request that says whether Greenhouse takes the credential at all. Harvest v3
//! (OAuth) is the main path ([`v3`]); v1 API keys are the legacy path ([`v1`]). Only GET requests
//! ever reach Harvest; the auth server gets the token and introspection POSTs, which change
//! nothing.

mod check_seam;
mod check_view;
pub mod checklist;
mod classify;
pub mod credential;
pub mod credentials;
pub mod delivery;
mod delivery_verify;
mod fix_wording;
pub mod report;
pub mod seam;
pub(crate) mod upgrade;
mod v1;
mod v3;
mod verify;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub use credentials::{ApiVersion, Credential, CredentialOrigin, V1Key, V3Authorization, V3Credentials};
pub use report::{CredentialReport, Evidence, Status, Verdict};
pub use verify::verify_accepted;

use crate::http::{
    self, BaseUrl, BaseUrlError, ClientOptions, Deadline, HttpClient, HttpError, Pacer, Request, Response,
};
use crate::manifest::{Ats, Connection, Manifest, PermissionNeed};
use crate::plan::{self, ScopeItem};
use crate::profile::{Origin, Valued};
use crate::redact::redact;
use credential::ResolvedGreenhouse;

/// Greenhouse's OAuth server, used when neither the environment nor a profile overrides it.
pub const DEFAULT_AUTH_URL: &str = "https://auth.greenhouse.io";
/// Greenhouse's Harvest API, used when neither the environment nor a profile overrides it.
pub const DEFAULT_HARVEST_URL: &str = "https://harvest.greenhouse.io";
/// How long a whole check may take unless told otherwise (`--timeout`).
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(60);

/// Where to connect and how hard to try.
#[derive(Clone)]
pub struct CheckOptions {
    pub auth_url: BaseUrl,
    pub harvest_url: BaseUrl,
    /// Per request; the connect timeout is the smaller of this and 5 s.
    pub timeout: Duration,
    /// For the whole check (`--timeout`), from its start: requests, retries and waits for rate
    /// limits included. A wait that would end later is not begun.
    pub budget: Duration,
    /// Requests in flight at once (the rate-limit pacer may allow fewer).
    pub concurrency: usize,
    /// Unverified required items count as failures.
    pub strict: bool,
    pub events: Option<CheckEventHook>,
}

impl std::fmt::Debug for CheckOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckOptions")
            .field("auth_url", &self.auth_url)
            .field("harvest_url", &self.harvest_url)
            .field("timeout", &self.timeout)
            .field("budget", &self.budget)
            .field("concurrency", &self.concurrency)
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

impl CheckOptions {
    /// Defaults: 10 s per request, [`DEFAULT_BUDGET`] in all, 8 requests in flight, not strict,
    /// no events.
    pub fn new(auth_url: BaseUrl, harvest_url: BaseUrl) -> Self {
        Self {
            auth_url,
            harvest_url,
            timeout: Duration::from_secs(10),
            budget: DEFAULT_BUDGET,
            concurrency: 8,
            strict: false,
            events: None,
        }
    }

    /// Options for the hosts a resolved credential goes with: `ATSCTL_GREENHOUSE_AUTH_URL` and
    /// `ATSCTL_HARVEST_URL` when set, else the settings of the profile the secret came from, else
    /// Greenhouse's own hosts. Each is checked (HTTPS, or plain HTTP to loopback) before use.
    pub fn for_resolved(resolved: &ResolvedGreenhouse) -> Result<Self, BaseUrlError> {
        use crate::profile::{ENV_GREENHOUSE_AUTH_URL, ENV_HARVEST_URL};
        let parse = |what: &str, configured: Option<&Valued<String>>, variable: &str, default: &str| match configured {
            Some(Valued {
                value,
                origin: Origin::Env(name),
            }) => BaseUrl::parse(name, value),
            Some(Valued { value, origin }) => BaseUrl::parse(&format!("the {what} URL of {origin}"), value),
            None => BaseUrl::parse(variable, default),
        };
        Ok(Self::new(
            parse(
                "auth",
                resolved.auth_url.as_ref(),
                ENV_GREENHOUSE_AUTH_URL,
                DEFAULT_AUTH_URL,
            )?,
            parse(
                "Harvest",
                resolved.harvest_url.as_ref(),
                ENV_HARVEST_URL,
                DEFAULT_HARVEST_URL,
            )?,
        ))
    }
}

/// Progress of a check, for a progress bar and `-v` output.
#[derive(Debug, Clone)]
pub enum CheckEvent {
    /// A step begins ("requesting an access token").
    Stage(String),
    Http(http::Event),
    /// Probes finished so far out of the total planned.
    Progress {
        done: usize,
        total: usize,
    },
}

pub type CheckEventHook = Arc<dyn Fn(CheckEvent) + Send + Sync>;

/// Why the check could not produce a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckErrorKind {
    /// Greenhouse refused the credential itself.
    Rejected,
    /// Greenhouse could not be reached or kept failing.
    Unreachable,
    /// Harvest answered as a retired API (v1/v2 after 2026-08-31).
    Retired,
    /// The manifest cannot be checked on Greenhouse.
    Unsupported,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct CheckError {
    pub kind: CheckErrorKind,
    pub message: String,
    pub help: Vec<String>,
}

impl CheckError {
    pub(crate) fn new(kind: CheckErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            help: Vec::new(),
        }
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    fn redacted(mut self) -> Self {
        self.message = redact(&self.message);
        self.help = self.help.iter().map(|line| redact(line)).collect();
        self
    }
}

impl From<HttpError> for CheckError {
    fn from(error: HttpError) -> Self {
        let (message, help) = if error.is_rate_limited() {
            (
                format!("Greenhouse is holding back requests for this credential: {error}"),
                "another client may be using the same credential; run again after that time, or give --timeout enough time to wait",
            )
        } else if matches!(error, HttpError::OutOfTime { .. }) {
            (
                format!("Greenhouse did not answer in time: {error}"),
                "raise --timeout, or check the network and the ATSCTL_GREENHOUSE_AUTH_URL / ATSCTL_HARVEST_URL settings",
            )
        } else {
            (
                format!("Greenhouse could not be reached: {error}"),
                "check the network and the ATSCTL_GREENHOUSE_AUTH_URL / ATSCTL_HARVEST_URL settings, or raise --timeout",
            )
        };
        CheckError::new(CheckErrorKind::Unreachable, message).with_help(help)
    }
}

/// Checks `credential` against what `manifest` needs on Greenhouse. Sends only GETs to Harvest.
pub async fn check_credential(
    manifest: &Manifest,
    credential: &Credential,
    options: &CheckOptions,
) -> Result<CredentialReport, CheckError> {
    let result = check(manifest, credential, options).await;
    // Notes quote servers; they are redacted where they are made, and again here, before any
    // renderer wraps them into table cells where a secret's pieces would stand apart.
    match result {
        Ok(mut report) => {
            report.notes = report.notes.iter().map(|note| redact(note)).collect();
            for row in report
                .categories
                .iter_mut()
                .flat_map(|category| category.permissions.iter_mut())
            {
                row.note = row.note.as_deref().map(redact);
            }
            for scope in &mut report.scopes {
                scope.note = scope.note.as_deref().map(redact);
            }
            Ok(report)
        }
        Err(error) => Err(error.redacted()),
    }
}

async fn check(
    manifest: &Manifest,
    credential: &Credential,
    options: &CheckOptions,
) -> Result<CredentialReport, CheckError> {
    let (Some(setup), Some(checklist)) = (manifest.greenhouse.as_ref(), plan::checklist(manifest, Ats::Greenhouse))
    else {
        return Err(CheckError::new(
            CheckErrorKind::Unsupported,
            format!("{} has no Greenhouse setup", manifest.partner.name),
        ));
    };
    let needs = Needs {
        partner: report::PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        },
        permissions: setup.permissions.clone(),
        scopes: checklist.v3_scopes,
        connection: setup.connection,
    };
    let client = http_client(options)?;
    let context = Context {
        client,
        options,
        needs,
        done: Arc::new(AtomicUsize::new(0)),
        total: Arc::new(AtomicUsize::new(0)),
    };
    match credential {
        Credential::V3(v3) => v3::check(&context, v3).await,
        Credential::V1(v1) => v1::check(&context, v1).await,
        Credential::V3Authorization(authorization) => v3::check_authorization(&context, authorization).await,
    }
}

/// A client with the options' timeout and a deadline `options.budget` from now, reporting its
/// requests to the options' event hook.
fn http_client(options: &CheckOptions) -> Result<HttpClient, HttpError> {
    let http_hook: Option<http::EventHook> = options
        .events
        .clone()
        .map(|hook| Arc::new(move |event| hook(CheckEvent::Http(event))) as http::EventHook);
    let client_options = ClientOptions {
        deadline: Deadline::after(options.budget),
        ..ClientOptions::with_timeout(options.timeout)
    };
    HttpClient::new(client_options, http_hook)
}

/// What the partner needs, in the shapes both paths use.
struct Needs {
    partner: report::PartnerRef,
    permissions: Vec<PermissionNeed>,
    /// Deduplicated v3 scopes with required flags, from the plan.
    scopes: Vec<ScopeItem>,
    /// How the partner connects on v3, which decides how a missing scope is fixed.
    connection: Connection,
}

/// Shared by the v1 and v3 paths for one check.
struct Context<'a> {
    client: HttpClient,
    options: &'a CheckOptions,
    needs: Needs,
    done: Arc<AtomicUsize>,
    total: Arc<AtomicUsize>,
}

impl Context<'_> {
    fn emit(&self, event: CheckEvent) {
        if let Some(hook) = &self.options.events {
            hook(event);
        }
    }

    fn stage(&self, text: &str) {
        self.emit(CheckEvent::Stage(text.to_owned()));
    }

    /// Announces `count` more probes.
    fn plan_probes(&self, count: usize) {
        let total = self.total.fetch_add(count, Ordering::SeqCst) + count;
        self.emit(CheckEvent::Progress {
            done: self.done.load(Ordering::SeqCst),
            total,
        });
    }

    /// Sends every request concurrently (the pacer bounds how many are in flight) and returns
    /// the responses with their keys. Stops early, dropping the rest, on a transport failure or
    /// when `stop` says a response makes the others pointless (a rejected credential).
    async fn fetch_all<K: Send + 'static>(
        &self,
        pacer: &Pacer,
        requests: Vec<(K, Request)>,
        stop: fn(&Response) -> bool,
    ) -> Result<Vec<(K, Response)>, CheckError> {
        let mut tasks = tokio::task::JoinSet::new();
        for (key, request) in requests {
            let client = self.client.clone();
            let pacer = pacer.clone();
            tasks.spawn(async move {
                let result = client.send(&pacer, &request).await;
                (key, result)
            });
        }
        let mut responses = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let (key, result) = joined.map_err(|error| {
                CheckError::new(CheckErrorKind::Unreachable, format!("a probe task failed: {error}"))
            })?;
            let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
            self.emit(CheckEvent::Progress {
                done,
                total: self.total.load(Ordering::SeqCst),
            });
            match result {
                Ok(response) => {
                    let fatal = stop(&response);
                    responses.push((key, response));
                    if fatal {
                        tasks.abort_all();
                        break;
                    }
                }
                Err(error) => {
                    tasks.abort_all();
                    return Err(error.into());
                }
            }
        }
        Ok(responses)
    }
}

/// "a, b and c"
fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_words_reads_naturally() {
        assert_eq!(join_words(&[]), "");
        assert_eq!(join_words(&["a".into()]), "a");
        assert_eq!(join_words(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    }

    #[test]
    fn hosts_come_from_the_environment_then_the_profile_then_greenhouse() {
        use crate::greenhouse::credential::{GreenhouseCredential, GreenhouseV1Credential};
        let valued = |value: &str, origin: Origin| {
            Some(Valued {
                value: value.to_owned(),
                origin,
            })
        };
        let mut resolved = ResolvedGreenhouse {
            credential: GreenhouseCredential::V1(GreenhouseV1Credential {
                api_key: http::Secret::new("k3y-value"),
                origin: Origin::Env("ATSCTL_HARVEST_API_KEY"),
            }),
            auth_url: None,
            harvest_url: valued("http://127.0.0.1:4000", Origin::Profile("work".into())),
        };
        let options = CheckOptions::for_resolved(&resolved).unwrap();
        assert_eq!(options.auth_url.to_string(), DEFAULT_AUTH_URL);
        assert_eq!(options.harvest_url.to_string(), "http://127.0.0.1:4000");

        resolved.harvest_url = valued("http://harvest.example", Origin::Profile("work".into()));
        let error = CheckOptions::for_resolved(&resolved).unwrap_err().to_string();
        assert!(error.starts_with("the Harvest URL of profile work="), "{error}");
        resolved.auth_url = valued("http://10.0.0.1", Origin::Env("ATSCTL_GREENHOUSE_AUTH_URL"));
        let error = CheckOptions::for_resolved(&resolved).unwrap_err().to_string();
        assert!(error.starts_with("ATSCTL_GREENHOUSE_AUTH_URL="), "{error}");
    }

    #[test]
    fn http_errors_are_unreachable_and_name_the_request() {
        let error: CheckError = HttpError::Unreachable {
            request: "GET http://127.0.0.1:9/v1/jobs".into(),
            reason: "cannot connect: Connection refused".into(),
            attempts: 3,
        }
        .into();
        assert_eq!(error.kind, CheckErrorKind::Unreachable);
        assert!(
            error.message.contains("GET http://127.0.0.1:9/v1/jobs"),
            "{}",
            error.message
        );
    }
}
