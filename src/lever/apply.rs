//! `apply --ats lever`: create the manifest's webhooks in Lever, each exactly once.
//!
//! Lever has no idempotency key, so a blind retry of `POST /webhooks` creates a duplicate
//! (reference README, "Lever"). Everything here therefore de-duplicates by URL + event:
//! - [`plan`] lists the existing webhooks first; one with the same URL and event counts as done,
//!   so a second run creates nothing and a run that was interrupted resumes where it stopped;
//! - [`create`] sends one POST; when its outcome is ambiguous (no answer, a dropped connection,
//!   a 5xx) it lists again and only tries once more when the webhook is still not there.

use std::time::Duration;

use serde::Serialize;
use url::Url;

use super::records::Webhook;
use super::report::{PartnerRef, WebhookRef};
use super::{CreateError, ErrorKind, LeverClient, LeverError, webhook_url};
use crate::http::{RetryPolicy, Secret};
use crate::manifest::Manifest;

/// POSTs per webhook at most, each after a listing showed it is still missing.
const MAX_CREATE_ATTEMPTS: u32 = 3;

/// What apply will do, before it does anything.
#[derive(Debug, Clone, Serialize)]
pub struct ApplyPlan {
    pub partner: PartnerRef,
    pub api_url: String,
    pub webhook_url: String,
    pub items: Vec<PlanItem>,
    /// Webhook records that could not be read (no id, url or event).
    pub skipped_records: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub event: String,
    /// The toggle a Super Admin must switch on.
    pub toggle_label: String,
    pub action: PlanAction,
    /// The existing webhook(s) with this URL and event.
    pub existing: Vec<WebhookRef>,
    /// Webhooks for this event at other URLs; left alone.
    pub elsewhere: Vec<WebhookRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// A webhook with this URL and event exists: nothing to do.
    Exists,
    Create,
}

impl ApplyPlan {
    pub fn to_create(&self) -> impl Iterator<Item = &PlanItem> {
        self.items.iter().filter(|item| item.action == PlanAction::Create)
    }

    pub fn create_count(&self) -> usize {
        self.to_create().count()
    }
}

/// How one webhook came to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Created by this run's POST, and its answer was read.
    Created,
    /// A POST's answer was lost, and listing showed the webhook was created all the same.
    Recovered,
}

#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub event: String,
    pub outcome: Outcome,
    /// `None` when neither the answer nor the listing gave the id.
    pub id: Option<String>,
    /// The URL Lever stored, when its answer says.
    pub url: Option<String>,
    /// The signature token, shown once and never serialized.
    #[serde(skip)]
    pub signature_token: Option<Secret>,
    /// POSTs sent for this webhook (more than one only after ambiguous failures).
    pub attempts: u32,
}

/// Lists the webhooks and decides, per manifest event, whether one with `url` exists.
pub async fn plan(manifest: &Manifest, client: &LeverClient, url: &Url) -> Result<ApplyPlan, LeverError> {
    let (webhooks, skipped) = client.webhooks().await?;
    plan_from(manifest, client.base_url().to_string(), &webhooks, skipped, url)
}

/// [`plan`] on webhooks already listed.
pub fn plan_from(
    manifest: &Manifest,
    api_url: String,
    webhooks: &[Webhook],
    skipped_records: usize,
    url: &Url,
) -> Result<ApplyPlan, LeverError> {
    let Some(setup) = manifest.lever.as_ref() else {
        return Err(LeverError::new(
            ErrorKind::Usage,
            format!("{} has no Lever setup to apply", manifest.partner.name),
        ));
    };
    let mut items: Vec<PlanItem> = Vec::new();
    for wanted in &setup.webhooks {
        let event = wanted.event.event();
        // The manifest linter forbids duplicate events; stay correct without relying on it.
        if items.iter().any(|item| item.event == event) {
            continue;
        }
        let (existing, elsewhere): (Vec<&Webhook>, Vec<&Webhook>) = webhooks
            .iter()
            .filter(|webhook| webhook.event == event)
            .partition(|webhook| webhook_url::same(url.as_str(), &webhook.url));
        let reference = |webhook: &&Webhook| WebhookRef {
            id: webhook.id.clone(),
            url: webhook.url.clone(),
        };
        items.push(PlanItem {
            event: event.to_owned(),
            toggle_label: wanted.event.toggle_label().to_owned(),
            action: if existing.is_empty() {
                PlanAction::Create
            } else {
                PlanAction::Exists
            },
            existing: existing.iter().map(reference).collect(),
            elsewhere: elsewhere.iter().map(reference).collect(),
        });
    }
    Ok(ApplyPlan {
        partner: PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        },
        api_url,
        webhook_url: url.to_string(),
        items,
        skipped_records,
    })
}

/// Creates the webhook for `event` at `url`, once.
///
/// Errors: [`ErrorKind::Rejected`] and [`ErrorKind::NoAccess`] (no point trying the others),
/// [`ErrorKind::Refused`] (Lever said no to this one), [`ErrorKind::Unreachable`] (including an
/// ambiguous POST that could not be checked: the message says to run again, which is safe).
pub async fn create(client: &LeverClient, url: &Url, event: &str) -> Result<Created, LeverError> {
    let backoff = RetryPolicy::default();
    let mut last_error = None;
    for attempt in 1..=MAX_CREATE_ATTEMPTS {
        match client.create_webhook(url.as_str(), event).await {
            Ok(created) => {
                let webhook = match created.webhook {
                    Some(webhook) => Some(webhook),
                    // 2xx, but neither documented shape: the webhook exists; find its id.
                    None => find(client, url, event).await.ok().flatten(),
                };
                return Ok(Created {
                    event: event.to_owned(),
                    outcome: Outcome::Created,
                    id: webhook.as_ref().map(|webhook| webhook.id.clone()),
                    url: webhook.as_ref().map(|webhook| webhook.url.clone()),
                    signature_token: webhook.and_then(|webhook| webhook.signature_token),
                    attempts: attempt,
                });
            }
            Err(CreateError::Refused(error)) => return Err(error),
            Err(CreateError::Ambiguous(error)) => {
                // Give a struggling server a moment, then look before trying again.
                tokio::time::sleep(backoff.backoff(attempt).max(Duration::from_millis(100))).await;
                match find(client, url, event).await {
                    Ok(Some(webhook)) => {
                        return Ok(Created {
                            event: event.to_owned(),
                            outcome: Outcome::Recovered,
                            id: Some(webhook.id),
                            url: Some(webhook.url),
                            signature_token: webhook.signature_token,
                            attempts: attempt,
                        });
                    }
                    Ok(None) => last_error = Some(error),
                    Err(list_error) => {
                        return Err(LeverError::new(
                            ErrorKind::Unreachable,
                            format!(
                                "creating the {event} webhook got no clear answer ({}), and the webhooks could not be listed to check ({}); it may exist now",
                                error.message, list_error.message
                            ),
                        )
                        .with_help(
                            "run the same command again: it lists the webhooks first and creates only what is missing",
                        ));
                    }
                }
            }
        }
    }
    let reason = last_error.map_or_else(String::new, |error| format!(": {}", error.message));
    Err(LeverError::new(
        ErrorKind::Unreachable,
        format!(
            "the {event} webhook could not be created after {MAX_CREATE_ATTEMPTS} attempts, each checked by listing (none created){reason}"
        ),
    )
    .with_help("try again later; the next run creates only what is missing"))
}

/// The first webhook with `url` and `event`, listing every page.
async fn find(client: &LeverClient, url: &Url, event: &str) -> Result<Option<Webhook>, LeverError> {
    let (webhooks, _) = client.webhooks().await?;
    Ok(webhooks
        .into_iter()
        .find(|webhook| webhook.event == event && webhook_url::same(url.as_str(), &webhook.url)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lever::records::parse_webhook;

    fn hipeople() -> Manifest {
        let bundled = crate::manifest::bundled("hipeople").unwrap();
        crate::manifest::load(bundled.file, bundled.text).manifest.unwrap()
    }

    fn webhook(id: &str, url: &str, event: &str) -> Webhook {
        parse_webhook(&serde_json::json!({ "id": id, "url": url, "event": event })).unwrap()
    }

    #[test]
    fn the_plan_dedupes_by_url_and_event() {
        let url = Url::parse("https://hooks.hipeople.example/lever").unwrap();
        let none = plan_from(&hipeople(), "api".into(), &[], 0, &url).unwrap();
        assert_eq!(none.items.len(), 1);
        assert_eq!(none.items[0].event, "candidateStageChange");
        assert_eq!(none.items[0].toggle_label, "Candidate stage change");
        assert_eq!(none.create_count(), 1);

        let listed = [
            webhook("a", "https://other.example/x", "candidateStageChange"),
            webhook("b", "https://hooks.hipeople.example/lever", "candidateHired"),
        ];
        let elsewhere = plan_from(&hipeople(), "api".into(), &listed, 0, &url).unwrap();
        assert_eq!(
            elsewhere.create_count(),
            1,
            "same event at another URL, or same URL for another event, is not it"
        );
        assert_eq!(elsewhere.items[0].elsewhere[0].id, "a");

        let done = [webhook(
            "c",
            "https://HOOKS.hipeople.example/lever",
            "candidateStageChange",
        )];
        let exists = plan_from(&hipeople(), "api".into(), &done, 0, &url).unwrap();
        assert_eq!(exists.create_count(), 0);
        assert_eq!(exists.items[0].action, PlanAction::Exists);
        assert_eq!(exists.items[0].existing[0].id, "c");
    }

    #[test]
    fn the_plan_serializes_without_secrets() {
        let url = Url::parse("https://hooks.hipeople.example/lever").unwrap();
        let plan = plan_from(&hipeople(), "api".into(), &[], 2, &url).unwrap();
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json["items"][0]["action"], "create");
        assert_eq!(json["skipped_records"], 2);
        let created = Created {
            event: "candidateStageChange".into(),
            outcome: Outcome::Recovered,
            id: Some("x".into()),
            url: None,
            signature_token: Some(Secret::new("tok-must-not-serialize")),
            attempts: 1,
        };
        let text = serde_json::to_string(&created).unwrap();
        assert!(!text.contains("tok-must-not-serialize"), "{text}");
        assert!(text.contains("\"recovered\""), "{text}");
    }
}
