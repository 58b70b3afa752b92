//! Lever's side of `apply`'s one create flow ([`crate::ats::webhook_creation`]): a session over
//! [`super::apply`]'s plan and create, and the words only Lever needs — each event's toggle a
//! Super Admin must switch on, and where Lever shows a webhook's signature token again.

use url::Url;

use super::apply::{self, ApplyPlan, Outcome, PlanAction};
use super::credential::{LeverRegion, ResolvedLever};
use super::{ErrorKind, LeverClient, LeverOptions, TOGGLE_PLACE, token, webhook_url};
use crate::ats::webhook_creation::{
    ByHand, Connection, CreatedItem, SessionKey, UrlProblem, WebhookCreation, WebhookPlan, WebhookSession, Work,
};
use crate::ats::{Credential, Failure, FailureKind};
use crate::guided::{ApplyItem, ApplyMethod, ApplyOutcome, ItemStatus};
use crate::http::Secret;
use crate::manifest::Manifest;

pub(crate) const CREATION: WebhookCreation = WebhookCreation {
    token_name: "signature token",
    no_progress_file: "Lever's apply keeps no progress file: every run lists the webhooks and creates only what is \
                       missing",
    key_stdin_example: "printenv MY_LEVER_KEY | atsctl validate hipeople --ats lever --api-key-stdin",
    journal: "each Lever webhook created (a re-run creates only the missing ones)",
    nothing_to_create: "every webhook already exists; nothing to create.",
    scripted_note: "A Lever Super Admin then switches each event on in Settings → Integrations and API → Webhooks.",
    parse_url: |text| webhook_url::parse(text).map_err(|problem| problem.to_string()),
    target_url,
    url_instructions,
    unplanned,
    token_key: token::key,
    open,
};

/// The manifest's fixed URL of its Lever webhooks, if it has one.
fn fixed_url(manifest: &Manifest) -> Option<String> {
    manifest.lever.as_ref().and_then(|setup| {
        setup
            .webhooks
            .iter()
            .find_map(|webhook| webhook.endpoint.as_ref()?.url.clone())
    })
}

fn url_instructions(manifest: &Manifest) -> Option<String> {
    manifest.lever.as_ref().and_then(|setup| {
        setup
            .webhooks
            .iter()
            .find_map(|webhook| webhook.endpoint.as_ref()?.instructions.clone())
    })
}

/// Lever's webhooks all deliver to one URL, which the run must have.
fn target_url(manifest: &Manifest, given: Option<&str>) -> Result<Option<Url>, UrlProblem> {
    let Some(text) = given.map(str::to_owned).or_else(|| fixed_url(manifest)) else {
        return Err(UrlProblem::Missing {
            instructions: url_instructions(manifest),
        });
    };
    webhook_url::parse(&text)
        .map(Some)
        .map_err(|problem| UrlProblem::Invalid(problem.to_string()))
}

fn unplanned(manifest: &Manifest, url: Option<&Url>) -> ApplyOutcome {
    let mut outcome = ApplyOutcome::start(manifest, super::seam::ATS, ApplyMethod::Api, url.map(Url::to_string));
    outcome.items = manifest
        .lever
        .iter()
        .flat_map(|setup| &setup.webhooks)
        .map(|webhook| ApplyItem {
            key: webhook.event.event().to_owned(),
            label: webhook.event.toggle_label().to_owned(),
            status: ItemStatus::Missing,
            id: None,
            notes: Vec::new(),
        })
        .collect();
    outcome
}

fn open<'m>(
    manifest: &'m Manifest,
    credential: &Credential,
    connection: &Connection,
) -> Result<Box<dyn WebhookSession + 'm>, Failure> {
    let resolved = credential.get::<ResolvedLever>().ok_or_else(|| Failure {
        kind: FailureKind::Usage,
        message: format!("{} is not a Lever credential", credential.describe()),
        help: Vec::new(),
    })?;
    let region = LeverRegion::from_flag(connection.region.as_deref())?;
    let url = super::resolve_url(resolved.base_url.as_ref(), region)?;
    let options = LeverOptions {
        budget: connection.timeout,
        events: connection.events.clone(),
        ..LeverOptions::default()
    };
    let client = LeverClient::new(url.url, resolved.api_key.clone(), &options)?;
    Ok(Box::new(LeverSession {
        manifest,
        client,
        key: SessionKey::new(&resolved.origin, connection, url.source),
        url: None,
        plan: None,
    }))
}

/// One `apply` run on Lever.
struct LeverSession<'m> {
    manifest: &'m Manifest,
    client: LeverClient,
    key: SessionKey,
    /// The URL the plan was made for, which each create sends.
    url: Option<Url>,
    plan: Option<ApplyPlan>,
}

impl WebhookSession for LeverSession<'_> {
    fn key(&self) -> &SessionKey {
        &self.key
    }

    fn plan<'a>(&'a mut self, url: Option<&'a Url>) -> Work<'a, WebhookPlan> {
        Box::pin(async move {
            let Some(url) = url else {
                return Err(Failure {
                    kind: FailureKind::Usage,
                    message: "Lever's webhooks need the URL they deliver to".to_owned(),
                    help: Vec::new(),
                });
            };
            // Each phase gets the whole time limit: a person may pause between them.
            let client = self.client.with_fresh_budget();
            let plan = apply::plan(self.manifest, &client, url).await?;
            let outcome = planned(&plan, true);
            let preview = ApplyOutcome {
                next_steps: Vec::new(),
                ..outcome.clone()
            };
            let mut warnings = Vec::new();
            if plan.skipped_records > 0 {
                warnings.push(format!(
                    "{} webhook record(s) without id, url or event were ignored",
                    plan.skipped_records
                ));
            }
            let view = WebhookPlan {
                outcome,
                preview,
                api_url: plan.api_url.clone(),
                records: None,
                warnings,
                needs_partner_token: false,
            };
            self.url = Some(url.clone());
            self.plan = Some(plan);
            Ok(view)
        })
    }

    fn create<'a>(&'a mut self, index: usize, _partner_token: Option<&'a Secret>) -> Work<'a, CreatedItem> {
        Box::pin(async move {
            let (Some(plan), Some(url)) = (&self.plan, &self.url) else {
                return Err(not_planned());
            };
            let mut item = planned(plan, false)
                .items
                .into_iter()
                .nth(index)
                .ok_or_else(not_planned)?;
            let client = self.client.with_fresh_budget();
            let done = match apply::create(&client, url, &item.key).await {
                Ok(done) => done,
                Err(error) if error.kind == ErrorKind::Refused => {
                    item.status = ItemStatus::Refused;
                    item.notes.push(error.message);
                    return Ok(CreatedItem { item, token: None });
                }
                Err(error) => return Err(error.into()),
            };
            item.status = match done.outcome {
                Outcome::Created => ItemStatus::Created,
                Outcome::Recovered => {
                    item.notes
                        .push("its answer was lost, and listing found it, so it was not sent again".to_owned());
                    ItemStatus::Recovered
                }
            };
            item.id.clone_from(&done.id);
            if done.signature_token.is_none() {
                item.notes.push(format!(
                    "Lever's answer carried no signature token; find it with the webhook in Lever ({TOGGLE_PLACE})"
                ));
            }
            Ok(CreatedItem {
                item,
                token: done.signature_token,
            })
        })
    }

    fn next_steps(&self, _outcome: &ApplyOutcome, _tokens_shown: bool) -> Vec<String> {
        self.plan.as_ref().map(toggles).unwrap_or_default()
    }

    fn token_note(&self, partner_name: &str, shown: bool, _stored: bool) -> Option<String> {
        Some(if shown {
            format!(
                "signature token: printed above, once. Give it to {partner_name}, who verifies Lever's deliveries with \
                 it; to verify them yourself, set it as ATSCTL_WEBHOOK_SECRET for `atsctl webhooks listen|verify`"
            )
        } else {
            format!("signature token: not printed here; Lever shows it with the webhook ({TOGGLE_PLACE})")
        })
    }

    fn unstored_token_help(&self, shown: bool) -> String {
        if shown {
            "copy it from the output above".to_owned()
        } else {
            format!("Lever shows it with the webhook ({TOGGLE_PLACE})")
        }
    }

    fn unshown_tokens_warning(&self) -> Option<String> {
        // Lever shows each token with its webhook: nothing is lost by not printing it.
        None
    }

    fn by_hand(&self) -> Option<ByHand> {
        let plan = self.plan.as_ref()?;
        let toggles: Vec<String> = plan
            .items
            .iter()
            .map(|item| format!("\"{}\"", item.toggle_label))
            .collect();
        Some(ByHand {
            step: "Webhook toggles".to_owned(),
            who: "a Lever Super Admin".to_owned(),
            what: format!("switch on {} in {TOGGLE_PLACE}", toggles.join(", ")),
        })
    }
}

fn not_planned() -> Failure {
    Failure {
        kind: FailureKind::Usage,
        message: "no such webhook in the plan".to_owned(),
        help: Vec::new(),
    }
}

/// The toggle a Super Admin switches on for each planned webhook: no API can.
fn toggles(plan: &ApplyPlan) -> Vec<String> {
    plan.items
        .iter()
        .map(|item| {
            format!(
                "A Lever Super Admin switches on \"{}\" in {TOGGLE_PLACE}: Lever sends nothing until then, and no API \
                 can switch it.",
                item.toggle_label
            )
        })
        .collect()
}

/// The plan as an outcome: each webhook there already or still to create, and the toggles.
fn planned(plan: &ApplyPlan, dry_run: bool) -> ApplyOutcome {
    let items = plan
        .items
        .iter()
        .map(|item| {
            let mut notes = Vec::new();
            if item.existing.len() > 1 {
                notes.push(format!(
                    "{} identical webhooks: each event is delivered {} times",
                    item.existing.len(),
                    item.existing.len()
                ));
            }
            if !item.elsewhere.is_empty() {
                notes.push(format!("{} more at other URLs (left alone)", item.elsewhere.len()));
            }
            ApplyItem {
                key: item.event.clone(),
                label: item.toggle_label.clone(),
                status: match item.action {
                    PlanAction::Exists => ItemStatus::Exists,
                    PlanAction::Create => ItemStatus::Missing,
                },
                id: item.existing.first().map(|webhook| webhook.id.clone()),
                notes,
            }
        })
        .collect();
    ApplyOutcome {
        partner_id: plan.partner.id.clone(),
        partner_name: plan.partner.name.clone(),
        ats: super::seam::ATS,
        method: ApplyMethod::Api,
        dry_run,
        target: Some(plan.webhook_url.clone()),
        items,
        next_steps: toggles(plan),
        failure: None,
        confirmed_this_run: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hipeople() -> Manifest {
        let bundled = crate::manifest::bundled("hipeople").unwrap();
        crate::manifest::load(bundled.file, bundled.text).manifest.unwrap()
    }

    #[test]
    fn one_url_is_required_and_checked_before_anything_is_sent() {
        let manifest = hipeople();
        assert!(matches!(target_url(&manifest, None), Err(UrlProblem::Missing { .. })));
        assert!(matches!(
            target_url(&manifest, Some("http://hooks.example/lever")),
            Err(UrlProblem::Invalid(problem)) if problem.contains("https")
        ));
        let url = target_url(&manifest, Some("https://hooks.example/lever")).unwrap();
        assert_eq!(url.map(String::from).as_deref(), Some("https://hooks.example/lever"));
    }

    #[test]
    fn without_a_plan_every_manifest_webhook_is_still_to_create_under_its_event() {
        let manifest = hipeople();
        let url = Url::parse("https://hooks.example/lever").unwrap();
        let outcome = unplanned(&manifest, Some(&url));
        let webhooks = &manifest.lever.as_ref().unwrap().webhooks;
        assert_eq!(outcome.items.len(), webhooks.len());
        assert!(!outcome.items.is_empty());
        for (item, webhook) in outcome.items.iter().zip(webhooks) {
            assert_eq!(item.key, webhook.event.event());
            assert_eq!(item.label, webhook.event.toggle_label());
            assert_eq!(item.status, ItemStatus::Missing);
        }
        assert_eq!(outcome.target.as_deref(), Some("https://hooks.example/lever"));
        assert_eq!(outcome.ats, super::super::seam::ATS);
    }

    #[test]
    fn a_token_is_filed_under_the_profile_partner_and_event() {
        let key = (CREATION.token_key)("work", "hipeople", "candidateStageChange");
        assert_eq!(key, token::key("work", "hipeople", "candidateStageChange"));
        assert!(
            key.user().starts_with("work/webhooks/hipeople.candidateStageChange"),
            "{}",
            key.user()
        );
    }
}
