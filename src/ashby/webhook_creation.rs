//! Ashby's side of `apply`'s one create flow ([`crate::ats::webhook_creation`]): a session over
//! [`super::apply`]'s plan and create that holds the run's lock on the state file of what
//! earlier runs created (Ashby cannot list webhooks), and the words only Ashby needs: the
//! permission `webhook.create` takes, and that Ashby never shows a secret token again.

use std::time::Duration;

use url::Url;

use super::apply::{self, ApplyPlan, Outcome, PlanAction, PlanItem};
use super::credential::ResolvedAshby;
use super::manifest::WEBHOOKS_PLACE;
use super::report::PartnerRef;
use super::state::{RunGuard, StateFile};
use super::{AshbyClient, AshbyError, AshbyOptions};
use crate::ats::webhook_creation::{
    ByHand, Connection, CreatedItem, SessionKey, UrlProblem, WebhookCreation, WebhookPlan, WebhookSession, Work,
};
use crate::ats::{Credential, Failure, FailureKind};
use crate::guided::{ApplyItem, ApplyMethod, ApplyOutcome, ItemStatus};
use crate::http::Secret;
use crate::manifest::Manifest;
use crate::profile::SecretKey;
use crate::webhooks::SECRET_ENV;

/// How long a second `apply` for the same partner waits for the first to finish.
const RUN_WAIT: Duration = Duration::from_secs(2);

pub(crate) const CREATION: WebhookCreation = WebhookCreation {
    token_name: "secret token",
    no_progress_file: "Ashby's apply records the webhooks it creates and checks each record with Ashby on every run",
    key_stdin_example: "printenv MY_ASHBY_KEY | atsctl apply acme-sourcing --ats ashby --api-key-stdin --yes",
    journal: "each Ashby webhook created is recorded (a re-run creates only the missing ones)",
    nothing_to_create: "every webhook is recorded and Ashby still has it; nothing to create.",
    scripted_note: "The key needs API Keys write; each new secret token is printed once.",
    parse_url: |text| apply::parse_webhook_url(text).map_err(|error| error.message),
    target_url,
    // The manifest's Ashby endpoints carry a URL or nothing.
    url_instructions: |_| None,
    unplanned,
    token_key,
    open,
};

/// Ashby's webhooks may each have their own URL: `given` overrides them all; without it the
/// plan takes each from the manifest and names any it lacks.
fn target_url(_: &Manifest, given: Option<&str>) -> Result<Option<Url>, UrlProblem> {
    given
        .map(|text| apply::parse_webhook_url(text).map_err(|error| UrlProblem::Invalid(error.message)))
        .transpose()
}

fn unplanned(manifest: &Manifest, url: Option<&Url>) -> ApplyOutcome {
    let mut outcome = ApplyOutcome::start(manifest, super::seam::ATS, ApplyMethod::Api, url.map(Url::to_string));
    outcome.items = manifest
        .ashby
        .iter()
        .flat_map(|setup| &setup.webhooks)
        .map(|webhook| ApplyItem {
            key: webhook.webhook_type.name.clone(),
            label: webhook.webhook_type.name.clone(),
            status: ItemStatus::Missing,
            id: None,
            notes: Vec::new(),
        })
        .collect();
    outcome
}

/// The store entry of a secret token: `<profile>/webhooks/<partner>.<type>/ashby`.
fn token_key(profile: &str, partner: &str, webhook_type: &str) -> SecretKey {
    SecretKey::new(
        &format!("{profile}/webhooks/{partner}.{webhook_type}"),
        super::credential::KIND,
    )
}

fn usage(message: String) -> Failure {
    Failure {
        kind: FailureKind::Usage,
        message,
        help: Vec::new(),
    }
}

fn open<'m>(
    manifest: &'m Manifest,
    credential: &Credential,
    connection: &Connection,
) -> Result<Box<dyn WebhookSession + 'm>, Failure> {
    let resolved = credential
        .get::<ResolvedAshby>()
        .ok_or_else(|| usage(format!("{} is not an Ashby credential", credential.describe())))?;
    let url = super::resolve_url(resolved.base_url.as_ref())?;
    let options = AshbyOptions {
        timeout: connection.timeout.min(AshbyOptions::default().timeout),
        events: connection.events.clone(),
        ..AshbyOptions::default()
    };
    let client = AshbyClient::new(url.url, resolved.api_key.clone(), &options)?;
    let state_file =
        StateFile::locate(&manifest.partner.id, client.base_url()).map_err(|error| usage(error.to_string()))?;
    let run = state_file.hold_run(RUN_WAIT).map_err(|error| Failure {
        help: vec!["another `atsctl apply` for this partner is running".to_owned()],
        ..usage(error.to_string())
    })?;
    Ok(Box::new(AshbySession {
        manifest,
        client,
        key: SessionKey::new(&resolved.origin, connection, url.source),
        timeout: connection.timeout,
        state_file,
        _run: run,
        plan: None,
        disabled: Vec::new(),
    }))
}

/// One `apply` run on Ashby, holding the lock on its partner's records.
struct AshbySession<'m> {
    manifest: &'m Manifest,
    client: AshbyClient,
    key: SessionKey,
    /// The time limit of each phase.
    timeout: Duration,
    state_file: StateFile,
    _run: RunGuard,
    plan: Option<ApplyPlan>,
    /// The webhook types Ashby reports disabled, from the plan and each create.
    disabled: Vec<String>,
}

impl AshbySession<'_> {
    /// `work` within the phase's time limit.
    async fn within_limit<T>(&self, work: impl Future<Output = Result<T, AshbyError>>) -> Result<T, Failure> {
        AshbyError::unless_done_within(self.timeout, work)
            .await
            .map_err(Failure::from)
    }
}

impl WebhookSession for AshbySession<'_> {
    fn key(&self) -> &SessionKey {
        &self.key
    }

    fn plan<'a>(&'a mut self, url: Option<&'a Url>) -> Work<'a, WebhookPlan> {
        Box::pin(async move {
            let Some(setup) = self.manifest.ashby.as_ref() else {
                return Err(usage(format!("{} has no Ashby setup", self.manifest.partner.name)));
            };
            let partner = PartnerRef {
                id: self.manifest.partner.id.clone(),
                name: self.manifest.partner.name.clone(),
            };
            let plan = self
                .within_limit(apply::plan(setup, partner, &self.client, &self.state_file, url))
                .await?;
            self.disabled = plan
                .items
                .iter()
                .filter(|item| item.enabled == Some(false))
                .map(|item| item.webhook_type.clone())
                .collect();
            let outcome = planned(&plan, true, &self.disabled);
            let view = WebhookPlan {
                preview: outcome.clone(),
                outcome,
                api_url: plan.api_url.clone(),
                records: Some(plan.state_file.clone()),
                warnings: Vec::new(),
                needs_partner_token: plan.to_create().any(|item| item.token_from_partner),
            };
            self.plan = Some(plan);
            Ok(view)
        })
    }

    fn create<'a>(&'a mut self, index: usize, partner_token: Option<&'a Secret>) -> Work<'a, CreatedItem> {
        Box::pin(async move {
            let Some(plan) = &self.plan else {
                return Err(not_planned());
            };
            let planned_item = plan.items.get(index).ok_or_else(not_planned)?.clone();
            let own_url = shared_url(plan).is_none();
            let mut item = planned(plan, false, &[])
                .items
                .into_iter()
                .nth(index)
                .ok_or_else(not_planned)?;
            let token = partner_token.filter(|_| planned_item.token_from_partner);
            let partner = self.manifest.partner.id.clone();
            let result = self
                .within_limit(apply::create(
                    &self.client,
                    &self.state_file,
                    &partner,
                    &planned_item,
                    token,
                ))
                .await;
            // The plan's notes said what would happen; from here on, what did.
            item.notes = url_note(&planned_item, own_url);
            let done = match result {
                Ok(done) => done,
                Err(failure) if failure.kind == FailureKind::Refused => {
                    item.status = ItemStatus::Refused;
                    item.notes.push(failure.message);
                    return Ok(CreatedItem { item, token: None });
                }
                Err(failure) => return Err(failure),
            };
            item.status = match done.outcome {
                Outcome::Created => ItemStatus::Created,
                Outcome::Recovered => {
                    // The library's note repeats Ashby's duplicate answer; this says it shorter.
                    item.notes.push(
                        "created by an earlier request whose answer was lost; Ashby refused the duplicate, and the \
                         token here is the one that request sent"
                            .to_owned(),
                    );
                    ItemStatus::Recovered
                }
                Outcome::AlreadyExisted => ItemStatus::Exists,
            };
            if done.outcome != Outcome::Recovered {
                item.notes.extend(done.note.iter().cloned());
            }
            item.id.clone_from(&done.id);
            if done.enabled == Some(false) && !self.disabled.contains(&item.key) {
                self.disabled.push(item.key.clone());
            }
            let token = match done.secret_token {
                Some(_) if !done.token_generated => {
                    item.notes.push(format!(
                        "signed with the secret token {} supplied ({SECRET_ENV})",
                        self.manifest.partner.name
                    ));
                    None
                }
                token => token,
            };
            Ok(CreatedItem { item, token })
        })
    }

    fn next_steps(&self, outcome: &ApplyOutcome, tokens_shown: bool) -> Vec<String> {
        let Some(plan) = &self.plan else {
            return Vec::new();
        };
        let mut steps = next_steps(outcome, plan, &self.disabled);
        if tokens_shown {
            // Said once for every token, not in each item's note.
            steps.push(format!(
                "Give each secret token printed above to {}, who verifies Ashby's deliveries with it; to verify \
                 them yourself, set it as {SECRET_ENV} for `atsctl webhooks listen|verify`.",
                plan.partner.name
            ));
        }
        steps
    }

    fn token_note(&self, _partner_name: &str, shown: bool, stored: bool) -> Option<String> {
        if shown {
            Some("secret token: printed above, once".to_owned())
        } else if !stored {
            Some(format!(
                "secret token: not printed in JSON, and Ashby never shows it again; set a new one on the webhook in \
                 {WEBHOOKS_PLACE}"
            ))
        } else {
            None
        }
    }

    fn unstored_token_help(&self, shown: bool) -> String {
        if shown {
            "copy it from the output above".to_owned()
        } else {
            format!("set a new one on the webhook in {WEBHOOKS_PLACE}")
        }
    }

    fn unshown_tokens_warning(&self) -> Option<String> {
        let plan = self.plan.as_ref()?;
        // Ashby never shows a token again (webhook.info has none), so say it before creating.
        plan.to_create().any(|item| !item.token_from_partner).then(|| {
            format!(
                "--format json prints no secret token, and none will be stored (--store-token keeps them in the \
                 credential store): to verify deliveries, set a new secret token on each webhook created, in \
                 {WEBHOOKS_PLACE}"
            )
        })
    }

    fn by_hand(&self) -> Option<ByHand> {
        None
    }
}

fn not_planned() -> Failure {
    usage("no such webhook in the plan".to_owned())
}

/// The one request URL every webhook of `plan` delivers to, when they share one.
fn shared_url(plan: &ApplyPlan) -> Option<String> {
    let first = plan.items.first()?;
    plan.items
        .iter()
        .all(|item| item.request_url == first.request_url)
        .then(|| first.request_url.clone())
}

/// The plan as an outcome: each webhook recorded and still in Ashby, or still to create, and
/// what a person must do given the `disabled` webhooks.
fn planned(plan: &ApplyPlan, dry_run: bool, disabled: &[String]) -> ApplyOutcome {
    let target = shared_url(plan);
    let items = plan
        .items
        .iter()
        .map(|item| ApplyItem {
            key: item.webhook_type.clone(),
            // Ashby's UI labels for the types are unknown; its "Webhook Type" dropdown spells
            // them as the API does (reference README, "Ashby").
            label: item.webhook_type.clone(),
            status: match item.action {
                PlanAction::Exists => ItemStatus::Exists,
                PlanAction::Create | PlanAction::Resume => ItemStatus::Missing,
            },
            id: item.id.clone(),
            notes: plan_notes(item, target.is_none(), &plan.partner.name),
        })
        .collect();
    let mut outcome = ApplyOutcome {
        partner_id: plan.partner.id.clone(),
        partner_name: plan.partner.name.clone(),
        ats: super::seam::ATS,
        method: ApplyMethod::Api,
        dry_run,
        target,
        items,
        next_steps: Vec::new(),
        failure: None,
        confirmed_this_run: 0,
    };
    outcome.next_steps = next_steps(&outcome, plan, disabled);
    outcome
}

/// What a person should know about one planned webhook: its URL when the webhooks have
/// several, the library's note (resume, undocumented type, disabled, ...) and, for one still to
/// create, where its secret token comes from.
fn plan_notes(item: &PlanItem, own_url: bool, partner_name: &str) -> Vec<String> {
    let mut notes = url_note(item, own_url);
    if item.action == PlanAction::Resume {
        notes.push("resumes the create an earlier run left unfinished".to_owned());
    }
    notes.extend(item.note.iter().cloned());
    if item.action != PlanAction::Exists {
        notes.push(if item.token_from_partner {
            format!("secret token: {partner_name}'s own, from {SECRET_ENV}")
        } else {
            "secret token: generated by atsctl".to_owned()
        });
    }
    notes
}

/// The webhook's request URL as a note, when the outcome has no one target.
fn url_note(item: &PlanItem, own_url: bool) -> Vec<String> {
    if own_url {
        vec![format!("to {}", item.request_url)]
    } else {
        Vec::new()
    }
}

/// What only a person can do in Ashby, given the items' states and the `disabled` webhooks.
fn next_steps(outcome: &ApplyOutcome, plan: &ApplyPlan, disabled: &[String]) -> Vec<String> {
    let mut steps = Vec::new();
    if outcome.count(ItemStatus::Missing) > 0 {
        let permission = &plan.permission;
        steps.push(format!(
            "Make sure the API key has {} ({}) in {}: webhook.create needs it.",
            permission.label, permission.permission_id, permission.place
        ));
    }
    let refused: Vec<&str> = outcome
        .items
        .iter()
        .filter(|item| item.status == ItemStatus::Refused)
        .map(|item| item.key.as_str())
        .collect();
    if !refused.is_empty() {
        steps.push(format!(
            "Create the webhook(s) Ashby refused ({}) by hand in {WEBHOOKS_PLACE}, with the type and request URL \
             above.",
            refused.join(", ")
        ));
    }
    for webhook_type in disabled {
        steps.push(format!(
            "Fix the endpoint of the {webhook_type} webhook, then enable it in {WEBHOOKS_PLACE}: Ashby disabled it \
             when its ping failed."
        ));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::super::apply::{RequiredPermission, required_permission};
    use super::*;

    fn example() -> Manifest {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/manifests/acme-sourcing-ashby.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        crate::manifest::load("example.yaml", &text)
            .manifest
            .expect("the example loads")
    }

    fn item(webhook_type: &str, request_url: &str, action: PlanAction) -> PlanItem {
        PlanItem {
            webhook_type: webhook_type.to_owned(),
            request_url: request_url.to_owned(),
            action,
            id: (action == PlanAction::Exists).then(|| format!("id-{webhook_type}")),
            enabled: None,
            api_create_documented: true,
            token_from_partner: false,
            note: None,
        }
    }

    fn plan(items: Vec<PlanItem>) -> ApplyPlan {
        ApplyPlan {
            partner: PartnerRef {
                id: "acme".to_owned(),
                name: "Acme".to_owned(),
            },
            api_url: "https://api.ashbyhq.com".to_owned(),
            state_file: "/state/acme.json".to_owned(),
            permission: required_permission(),
            items,
        }
    }

    #[test]
    fn without_a_given_url_the_plan_takes_each_from_the_manifest() {
        let manifest = example();
        assert_eq!(target_url(&manifest, None), Ok(None));
        assert!(matches!(
            target_url(&manifest, Some("ftp://hooks.example")),
            Err(UrlProblem::Invalid(_))
        ));
        let given = target_url(&manifest, Some("https://hooks.example/ashby")).unwrap();
        assert_eq!(given.map(String::from).as_deref(), Some("https://hooks.example/ashby"));
        let outcome = unplanned(&manifest, None);
        assert_eq!(outcome.items.len(), manifest.ashby.as_ref().unwrap().webhooks.len());
        assert!(outcome.items.iter().all(|item| item.status == ItemStatus::Missing));
    }

    #[test]
    fn the_permission_is_named_only_while_something_is_to_create_and_refusals_and_disabled_ones_are_by_hand() {
        let RequiredPermission { permission_id, .. } = required_permission();
        let to_create = plan(vec![
            item("candidateHire", "https://a.example", PlanAction::Create),
            item("candidateStageChange", "https://a.example", PlanAction::Exists),
        ]);
        let outcome = planned(&to_create, true, &[]);
        assert_eq!(outcome.target.as_deref(), Some("https://a.example"));
        assert_eq!(outcome.next_steps.len(), 1);
        assert!(
            outcome.next_steps[0].contains(&permission_id),
            "{:?}",
            outcome.next_steps
        );

        let mut done = planned(&to_create, false, &["candidateStageChange".to_owned()]);
        done.items[0].status = ItemStatus::Refused;
        let steps = next_steps(&done, &to_create, &["candidateStageChange".to_owned()]);
        assert_eq!(steps.len(), 2, "{steps:?}");
        assert!(steps[0].contains("refused (candidateHire)"), "{steps:?}");
        assert!(steps[1].contains("enable it"), "{steps:?}");
    }

    #[test]
    fn webhooks_with_their_own_urls_name_each_url_in_a_note() {
        let several = plan(vec![
            item("candidateHire", "https://a.example", PlanAction::Create),
            item("candidateStageChange", "https://b.example", PlanAction::Resume),
        ]);
        let outcome = planned(&several, true, &[]);
        assert_eq!(outcome.target, None);
        assert_eq!(outcome.items[0].notes[0], "to https://a.example");
        assert_eq!(outcome.items[1].notes[0], "to https://b.example");
        assert!(outcome.items[1].notes.iter().any(|note| note.contains("resumes")));
        assert!(
            outcome.items[0]
                .notes
                .iter()
                .any(|note| note == "secret token: generated by atsctl")
        );
    }

    #[test]
    fn a_token_is_filed_under_the_profile_partner_and_type_as_an_ashby_entry() {
        let key = token_key("work", "acme", "candidateHire");
        assert_eq!(
            key,
            SecretKey::new("work/webhooks/acme.candidateHire", crate::ashby::credential::KIND)
        );
    }
}
