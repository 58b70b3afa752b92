//! `apply --ats ashby`: create the manifest's webhooks with `webhook.create`, each once.
//!
//! Ashby cannot list webhooks and documents no idempotency key (reference, §7), so:
//! - [`plan`] reads the [`StateFile`]: a recorded webhook is confirmed with `webhook.info` when the
//!   key may read it (one read-only call per record) and counts as done; one Ashby no longer has
//!   is created again; an `intent` left by an interrupted run is resumed, not created blindly;
//! - [`create`] writes the intent (with the token's nonce) before sending, sends once, and
//!   records the answer. When the answer is lost it waits and sends once more *with the same
//!   token*: Ashby refuses a second webhook for the same URL and type ("duplicate webhook", seen
//!   by one public integration in production; not in Ashby's docs), so a resend either creates it
//!   or learns it exists. The same holds for a run that resumes an intent.
//!
//! The residual risk, stated where it is decided: if Ashby ever accepted duplicates, a resend
//! after a lost answer could make a second webhook; nothing public says it does.

use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::client::{AshbyClient, CreateError, CreatedWebhook, WebhookLookup};
use super::manifest::{AshbySetup, WEBHOOKS_PLACE};
use super::report::PartnerRef;
use super::state::{self, RecordStatus, StateError, StateFile, WebhookRecord};
use super::{AshbyError, ErrorKind, secret_token};
use crate::catalog::ashby::AshbyCatalog;
use crate::http::{RetryPolicy, Secret, is_loopback};
use crate::manifest::SecretSource;

/// Create requests per webhook in one run: the first, and one resend after a lost answer.
const MAX_CREATE_ATTEMPTS: u32 = 2;

/// What apply will do, before it does anything.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyPlan {
    pub partner: PartnerRef,
    pub api_url: String,
    /// Where the records are kept.
    pub state_file: String,
    /// The permission the key needs to create webhooks.
    pub permission: RequiredPermission,
    pub items: Vec<PlanItem>,
}

/// A permission named before anything is tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequiredPermission {
    /// `API Keys: Write`, as the key form shows it.
    pub label: String,
    /// `apiKeysWrite`.
    pub permission_id: String,
    pub place: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub webhook_type: String,
    pub request_url: String,
    pub action: PlanAction,
    /// The recorded id, when there is one.
    pub id: Option<String>,
    /// As `webhook.info` or the create answer last said.
    pub enabled: Option<bool>,
    /// In `webhook.create`'s documented enum; others are sent all the same, and Ashby may
    /// refuse them.
    pub api_create_documented: bool,
    /// The partner supplies the token (`partner-dashboard`, `partner-team`): the caller must
    /// pass it to [`create`]; otherwise one is generated.
    pub token_from_partner: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// Recorded, and Ashby still has it (or the key cannot look, and the record is trusted).
    Exists,
    Create,
    /// An earlier run recorded its intent and stopped before recording Ashby's answer.
    Resume,
}

impl ApplyPlan {
    pub fn to_create(&self) -> impl Iterator<Item = &PlanItem> {
        self.items.iter().filter(|item| item.action != PlanAction::Exists)
    }

    pub fn create_count(&self) -> usize {
        self.to_create().count()
    }
}

/// How one webhook came to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Created by this run, and its answer was read.
    Created,
    /// An earlier request (lost answer, or an interrupted run) had created it: the resend with
    /// the same token was answered as a duplicate.
    Recovered,
    /// Ashby already had a webhook for this URL and type that atsctl has no record of sending
    /// (made by hand, or by a run whose state file is gone). Its token is unknown.
    AlreadyExisted,
}

#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub webhook_type: String,
    pub request_url: String,
    pub outcome: Outcome,
    pub id: Option<String>,
    /// `false`: Ashby's ping of the URL failed, so the webhook sends nothing until re-enabled.
    pub enabled: Option<bool>,
    /// The secret token, to show once; never serialized, never logged. `None` when unknown
    /// ([`Outcome::AlreadyExisted`]).
    #[serde(skip)]
    pub secret_token: Option<Secret>,
    /// atsctl generated the token (rather than the partner giving it).
    pub token_generated: bool,
    /// Create requests sent by this run.
    pub attempts: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Checks a webhook URL: HTTPS, or plain HTTP to a loopback host (tests, demos); no user name
/// or password, which Ashby would store and show.
pub fn parse_webhook_url(value: &str) -> Result<Url, AshbyError> {
    let usage = |message: String| AshbyError::new(ErrorKind::Usage, message);
    let url = Url::parse(value.trim()).map_err(|error| usage(format!("{value:?} is not a URL: {error}")))?;
    let Some(host) = url.host() else {
        return Err(usage(format!("{value:?} has no host")));
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(usage(format!(
                "{value:?} uses plain http://; Ashby would send candidate data in clear text: use https://"
            )));
        }
        other => {
            return Err(usage(format!(
                "{value:?}: a webhook URL must be https://, not {other}://"
            )));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(usage(format!(
            "{value:?} carries a user name or password; Ashby would store and show them"
        )));
    }
    Ok(url)
}

/// The permission `webhook.create` needs, for showing before anything is tried.
pub fn required_permission() -> RequiredPermission {
    let catalog = AshbyCatalog::bundled();
    let permission = catalog.webhook_create_permission();
    let module = catalog
        .modules
        .iter()
        .find(|module| module.key == permission.module)
        .map_or(permission.module.as_str(), |module| module.display_name());
    RequiredPermission {
        label: format!("{module}: {}", permission.access.label()),
        permission_id: permission.id.clone(),
        place: super::manifest::API_KEYS_PLACE,
    }
}

/// Decides, per manifest webhook, whether it exists, must be created, or resumes an interrupted
/// create. `webhook_url` (`--webhook-url`) overrides the manifest's fixed URLs. Sends only
/// `webhook.info` for recorded ids.
pub async fn plan(
    setup: &AshbySetup,
    partner: PartnerRef,
    client: &AshbyClient,
    state_file: &StateFile,
    webhook_url: Option<&Url>,
) -> Result<ApplyPlan, AshbyError> {
    let api_url = client.base_url();
    let saved = state_file.load(&partner.id, api_url).map_err(state_error)?;
    let key_id = state::key_id(client.key());
    let mut items: Vec<PlanItem> = Vec::new();
    for webhook in &setup.webhooks {
        let request_url = match (webhook_url, &webhook.endpoint.url) {
            (Some(url), _) => url.clone(),
            (None, Some(fixed)) => parse_webhook_url(fixed)?,
            (None, None) => {
                return Err(AshbyError::new(
                    ErrorKind::Usage,
                    format!(
                        "the manifest does not fix the URL of the {} webhook",
                        webhook.webhook_type.name
                    ),
                )
                .with_help("pass the URL the partner gave you as the webhook URL"));
            }
        };
        let webhook_type = webhook.webhook_type.name.clone();
        // The manifest validator forbids duplicate types; stay correct without relying on it.
        if items
            .iter()
            .any(|item| item.webhook_type == webhook_type && item.request_url == request_url.as_str())
        {
            continue;
        }
        let mut item = PlanItem {
            webhook_type: webhook_type.clone(),
            request_url: request_url.to_string(),
            action: PlanAction::Create,
            id: None,
            enabled: None,
            api_create_documented: webhook.webhook_type.api_create_documented,
            token_from_partner: matches!(
                webhook.secret.source,
                SecretSource::PartnerDashboard | SecretSource::PartnerTeam
            ),
            note: (!webhook.webhook_type.api_create_documented).then(|| {
                format!(
                    "{webhook_type} is not in webhook.create's documented types; Ashby may refuse it (then create it in {WEBHOOKS_PLACE})"
                )
            }),
        };
        if let Some(record) = saved.find(&key_id, &webhook_type, request_url.as_str()) {
            resolve_record(client, record, &mut item).await?;
        }
        items.push(item);
    }
    Ok(ApplyPlan {
        partner,
        api_url: api_url.to_string(),
        state_file: state_file.path().display().to_string(),
        permission: required_permission(),
        items,
    })
}

/// Turns a saved record into a plan action, asking Ashby about recorded ids.
async fn resolve_record(client: &AshbyClient, record: &WebhookRecord, item: &mut PlanItem) -> Result<(), AshbyError> {
    item.id.clone_from(&record.id);
    item.enabled = record.enabled;
    match (record.status, &record.id) {
        (RecordStatus::Intent, _) => {
            item.action = PlanAction::Resume;
            item.note = Some(
                "an earlier run sent, or was about to send, the create request and stopped before recording Ashby's answer; it is sent again with the same token, and Ashby refuses a duplicate"
                    .to_owned(),
            );
        }
        (RecordStatus::Created | RecordStatus::Exists, Some(id)) => match client.webhook_info(id).await? {
            WebhookLookup::Found(found) if same_webhook(&found, item) => {
                item.action = PlanAction::Exists;
                item.enabled = found.enabled.or(record.enabled);
            }
            WebhookLookup::Found(found) => {
                item.note = Some(format!(
                    "the recorded webhook {id} is now a {} webhook to {}; a new one is created",
                    found.webhook_type.as_deref().unwrap_or("different"),
                    found.request_url.as_deref().unwrap_or("another URL")
                ));
            }
            WebhookLookup::NotFound => {
                item.note = Some(format!(
                    "the recorded webhook {id} no longer exists in Ashby; it is created again"
                ));
            }
            WebhookLookup::NoAccess { .. } => {
                item.action = PlanAction::Exists;
                item.note = Some(
                    "recorded as created; the key lacks API Keys: Read, so Ashby was not asked whether it still exists"
                        .to_owned(),
                );
            }
        },
        (RecordStatus::Created | RecordStatus::Exists, None) => {
            item.action = PlanAction::Exists;
            item.note = Some("Ashby reported it as already existing; its id is unknown".to_owned());
        }
    }
    if item.action == PlanAction::Exists && item.enabled == Some(false) {
        item.note = Some(disabled_note());
    }
    Ok(())
}

/// Whether what `webhook.info` returned is still the webhook the record describes (fields it
/// leaves out count as matching).
fn same_webhook(found: &CreatedWebhook, item: &PlanItem) -> bool {
    found
        .webhook_type
        .as_deref()
        .is_none_or(|found_type| found_type == item.webhook_type)
        && found
            .request_url
            .as_deref()
            .is_none_or(|url| state::normalize_url(url) == state::normalize_url(&item.request_url))
}

/// Creates the webhook of `item` (an item of [`plan`] to create or resume), once. `token` is the
/// partner's secret token; `None` generates one. The outcome carries the token to show once.
///
/// Errors: [`ErrorKind::Rejected`] and [`ErrorKind::NoAccess`] (no point trying the others),
/// [`ErrorKind::Refused`] (Ashby said no to this one), [`ErrorKind::Unreachable`] (including a
/// lost answer that a resend could not settle: the intent stays recorded and the next run
/// resumes it), [`ErrorKind::Usage`] (the state file).
pub async fn create(
    client: &AshbyClient,
    state_file: &StateFile,
    partner: &str,
    item: &PlanItem,
    token: Option<&Secret>,
) -> Result<Created, AshbyError> {
    if item.token_from_partner && token.is_none() {
        // A generated token would not be the one the partner verifies with: every delivery
        // would be refused, and Ashby does not retry a 401.
        return Err(AshbyError::new(
            ErrorKind::Usage,
            format!(
                "the partner supplies the secret token of the {} webhook, and none was given",
                item.webhook_type
            ),
        )
        .with_help("pass the partner's token (from the environment or stdin, never a flag)"));
    }
    let api_url = client.base_url();
    let key_id = state::key_id(client.key());
    let saved = state_file.load(partner, api_url).map_err(state_error)?;
    let earlier_intent = saved
        .find(&key_id, &item.webhook_type, &item.request_url)
        .filter(|record| record.status == RecordStatus::Intent)
        .cloned();

    // The token: the partner's, else the one an interrupted run derived, else a new one.
    let nonce = match (token, &earlier_intent) {
        (Some(_), _) => None,
        (
            None,
            Some(WebhookRecord {
                token_nonce: Some(nonce),
                ..
            }),
        ) => Some(nonce.clone()),
        (None, _) => Some(secret_token::new_nonce()?),
    };
    let token = match (token, &nonce) {
        (Some(given), _) => given.clone(),
        (None, Some(nonce)) => secret_token::derive(client.key(), nonce)?,
        (None, None) => unreachable!("a nonce is chosen whenever no token is given"),
    };
    let record = |status: RecordStatus, created: Option<&CreatedWebhook>| WebhookRecord {
        key_id: key_id.clone(),
        webhook_type: item.webhook_type.clone(),
        request_url: item.request_url.clone(),
        status,
        id: created.and_then(|created| created.id.clone()),
        enabled: created.and_then(|created| created.enabled),
        token_nonce: nonce.clone(),
        updated_at: 0,
    };

    // The intent goes to disk before the request leaves: a kill after the send finds it.
    state_file
        .update(partner, api_url, |state| state.put(record(RecordStatus::Intent, None)))
        .map_err(state_error)?;

    let backoff = RetryPolicy::default();
    let mut resent = earlier_intent.is_some();
    let mut last_error = None;
    for attempt in 1..=MAX_CREATE_ATTEMPTS {
        if attempt > 1 {
            // Give a struggling server a moment before the resend.
            tokio::time::sleep(backoff.backoff(attempt - 1).max(Duration::from_millis(100))).await;
        }
        let outcome = client
            .create_webhook(&item.webhook_type, &item.request_url, &token)
            .await;
        let created =
            |outcome: Outcome, webhook: Option<&CreatedWebhook>, token: Option<Secret>, note: Option<String>| Created {
                webhook_type: item.webhook_type.clone(),
                request_url: item.request_url.clone(),
                outcome,
                id: webhook.and_then(|webhook| webhook.id.clone()),
                enabled: webhook.and_then(|webhook| webhook.enabled),
                secret_token: token,
                token_generated: nonce.is_some(),
                attempts: attempt,
                note,
            };
        match outcome {
            Ok(webhook) => {
                state_file
                    .update(partner, api_url, |state| {
                        state.put(record(RecordStatus::Created, Some(&webhook)))
                    })
                    .map_err(state_error)?;
                let note = (webhook.enabled == Some(false)).then(disabled_note);
                return Ok(created(Outcome::Created, Some(&webhook), Some(token), note));
            }
            Err(CreateError::Duplicate { said }) => {
                state_file
                    .update(partner, api_url, |state| state.put(record(RecordStatus::Exists, None)))
                    .map_err(state_error)?;
                return Ok(if resent {
                    created(
                        Outcome::Recovered,
                        None,
                        Some(token),
                        Some(format!(
                            "an earlier create request had made it ({said}); this is the token that request sent"
                        )),
                    )
                } else {
                    created(
                        Outcome::AlreadyExisted,
                        None,
                        None,
                        Some(format!(
                            "Ashby already has a {} webhook to this URL ({said}); atsctl did not make it and cannot read its token: set the partner's token on it in {WEBHOOKS_PLACE}",
                            item.webhook_type
                        )),
                    )
                });
            }
            Err(CreateError::Refused(error)) => {
                // Nothing was created by this request. Without an earlier unresolved request
                // the intent is void; with one, that request's outcome is still unknown.
                if earlier_intent.is_none() && attempt == 1 {
                    state_file
                        .update(partner, api_url, |state| {
                            state.remove(&key_id, &item.webhook_type, &item.request_url)
                        })
                        .map_err(state_error)?;
                }
                return Err(error);
            }
            Err(CreateError::Ambiguous(error)) => {
                resent = true;
                last_error = Some(error);
            }
        }
    }
    let reason = last_error.map_or_else(String::new, |error| format!(": {}", error.message));
    Err(AshbyError::new(
        ErrorKind::Unreachable,
        format!(
            "creating the {} webhook got no clear answer after {MAX_CREATE_ATTEMPTS} requests{reason}; it may exist now",
            item.webhook_type
        ),
    )
    .with_help(
        "run the same command again: the attempt is recorded, and the next run resends it with the same token, which Ashby refuses as a duplicate if the webhook exists",
    ))
}

fn disabled_note() -> String {
    format!(
        "Ashby saved it disabled: its ping to the URL failed. Make the endpoint answer 200, then tick \"enabled\" on it in {WEBHOOKS_PLACE} (Ashby pings again)"
    )
}

fn state_error(error: StateError) -> AshbyError {
    AshbyError::new(ErrorKind::Usage, error.to_string())
        .with_help("the file records the webhooks atsctl created in Ashby, which Ashby cannot list; move it aside only if you know they are all there")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_must_be_https_or_loopback() {
        assert!(parse_webhook_url("https://hooks.example/ashby").is_ok());
        assert!(parse_webhook_url("http://127.0.0.1:9/hook").is_ok());
        for (value, why) in [
            ("http://hooks.example/ashby", "plain http://"),
            ("ftp://hooks.example/", "ftp://"),
            ("https://u:p@hooks.example/", "user name or password"),
            ("hooks.example", "not a URL"),
        ] {
            let error = parse_webhook_url(value).unwrap_err();
            assert_eq!(error.kind, ErrorKind::Usage);
            assert!(error.message.contains(why), "{value}: {}", error.message);
        }
    }

    #[test]
    fn the_permission_to_create_webhooks_is_named_as_data() {
        assert_eq!(
            required_permission(),
            RequiredPermission {
                label: "API Keys: Write".into(),
                permission_id: "apiKeysWrite".into(),
                place: "Admin → Integrations → API Keys",
            }
        );
    }

    #[test]
    fn a_found_webhook_must_still_be_the_recorded_one() {
        let item = PlanItem {
            webhook_type: "candidateHire".into(),
            request_url: "https://hooks.example/ashby".into(),
            action: PlanAction::Create,
            id: Some("w".into()),
            enabled: None,
            api_create_documented: true,
            token_from_partner: false,
            note: None,
        };
        let found = |webhook_type: Option<&str>, url: Option<&str>| CreatedWebhook {
            id: Some("w".into()),
            enabled: Some(true),
            request_url: url.map(str::to_owned),
            webhook_type: webhook_type.map(str::to_owned),
        };
        assert!(same_webhook(
            &found(Some("candidateHire"), Some("https://HOOKS.example/ashby")),
            &item
        ));
        assert!(same_webhook(&found(None, None), &item));
        assert!(!same_webhook(&found(Some("offerCreate"), None), &item));
        assert!(!same_webhook(&found(None, Some("https://other.example/")), &item));
    }

    #[test]
    fn created_serializes_without_the_token() {
        let created = Created {
            webhook_type: "candidateHire".into(),
            request_url: "https://hooks.example/ashby".into(),
            outcome: Outcome::Recovered,
            id: None,
            enabled: None,
            secret_token: Some(Secret::new("tok-must-not-serialize")),
            token_generated: true,
            attempts: 1,
            note: None,
        };
        let text = serde_json::to_string(&created).unwrap();
        assert!(!text.contains("tok-must-not-serialize"), "{text}");
        assert!(text.contains("\"recovered\""), "{text}");
        assert!(!format!("{created:?}").contains("tok-must-not-serialize"));
    }
}
