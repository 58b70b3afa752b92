//! Greenhouse's section of a checklist (`plan`): who does the setup, the Harvest v3 connection
//! (a partner's authorisation or a custom integration) with its scopes, the permission screen's
//! labels, the web hooks to create in Dev Center, and the warnings in Greenhouse's own words.

mod connection;
mod scopes;

pub use connection::{PartnerAuthorization, V3Credential};
pub use scopes::{ScopeAccess, ScopeItem};

use crate::manifest::{Ats, GreenhouseSetup, GuessedField, Manifest, Need, SecretSource};
use crate::plan::{
    AlternativeItem, Checklist, GuessItem, GuideRef, NoteItem, PartnerSummary, PermissionItem, PolicyPlan,
    ValueSourceItem, WebhookItem, endpoint_item, quoted_list, secret_instructions, secret_source, settings, stages,
    steps,
};

/// The seam's checklist hook: `None` when the manifest has no `greenhouse:` section.
pub(crate) fn for_manifest(manifest: &Manifest, partner: PartnerSummary, notes: Vec<NoteItem>) -> Option<Checklist> {
    manifest.greenhouse.as_ref().map(|setup| build(partner, setup, notes))
}

fn build(partner: PartnerSummary, setup: &GreenhouseSetup, notes: Vec<NoteItem>) -> Checklist {
    let prerequisites = connection::prerequisites(setup);

    let permissions: Vec<PermissionItem> = setup
        .permissions
        .iter()
        .map(|need| {
            let permission = need.permission;
            PermissionItem {
                category: permission.category().to_owned(),
                label: permission.label().to_owned(),
                method: permission.method(),
                path: permission.primary_endpoint().path().map(str::to_owned),
                paths: permission
                    .endpoints()
                    .iter()
                    .filter_map(|endpoint| endpoint.path().map(str::to_owned))
                    .collect(),
                required: need.need == Need::Required,
                v3_scopes: permission.v3.scopes().iter().map(str::to_owned).collect(),
                v3_confidence: permission.v3.confidence,
                label_verified: permission.label_verified,
            }
        })
        .collect();
    let v3_scopes = scopes::scopes(&setup.permissions, setup.connection);

    let mut warnings = Vec::new();
    let webhooks: Vec<WebhookItem> = setup
        .webhooks
        .iter()
        .map(|webhook| WebhookItem {
            name: webhook.name.clone(),
            event: webhook.event.label().to_owned(),
            action: webhook.event.action().to_owned(),
            event_label_verified: webhook.event.label_verified,
            endpoint: Some(endpoint_item(&webhook.endpoint)),
            secret: Some(ValueSourceItem {
                source: secret_source(webhook.secret.source),
                url: None,
                instructions: webhook
                    .secret
                    .instructions
                    .clone()
                    .unwrap_or_else(|| secret_instructions(webhook.secret.source)),
                v3_instead: (webhook.secret.source == SecretSource::HarvestApiKey).then(|| {
                    format!(
                        "On Harvest v3 there is no API key to reuse: use the secret {name} provides, or choose a long \
                         random value and give it to {name}.",
                        name = partner.name
                    )
                }),
            }),
            error_recipient: webhook.error_recipient.clone(),
            note: webhook.note.clone(),
            guess: webhook.guess.as_ref().map(|guess| GuessItem {
                fields: guess.fields.clone(),
                location: guess.location.clone(),
            }),
        })
        .collect();
    if setup
        .webhooks
        .iter()
        .any(|webhook| webhook.secret.source == SecretSource::HarvestApiKey)
    {
        warnings.push(format!(
            "Unsafe: the manifest records that {name} asks for the Harvest API key as the webhook secret. Anyone who \
             can read the web hook settings in Greenhouse learns the key. Use a separate secret instead: one {name} \
             provides, or a long random value you give {name}. On Harvest v3 there is no API key to reuse at all.",
            name = partner.name
        ));
    }
    warnings.extend(guess_warnings(&webhooks));
    let unverified: Vec<&str> = webhooks
        .iter()
        .filter(|webhook| !webhook.event_label_verified)
        .map(|webhook| webhook.event.as_str())
        .collect();
    if !unverified.is_empty() {
        warnings.push(format!(
            "The \"When\" wording of {} comes from Greenhouse's API docs, not a screenshot; the dropdown may word it slightly differently.",
            quoted_list(&unverified)
        ));
    }
    let unverified_labels: Vec<&str> = permissions
        .iter()
        .filter(|permission| !permission.label_verified)
        .map(|permission| permission.label.as_str())
        .collect();
    if !unverified_labels.is_empty() {
        warnings.push(format!(
            "{} of the permission labels in this plan come from Greenhouse's API docs, not the permission screen, \
             which may word them differently; find them by their endpoint: {}.",
            unverified_labels.len(),
            quoted_list(&unverified_labels)
        ));
    }
    warnings.extend(scopes::least_privilege_warning(
        &v3_scopes,
        &partner.name,
        setup.connection,
    ));
    warnings.extend(setup.warnings.iter().cloned());

    Checklist {
        credential: Some(connection::credential(&partner, setup, &v3_scopes)),
        partner,
        ats: Ats::Greenhouse,
        guide: setup.guide.as_ref().map(|guide| GuideRef {
            title: guide.title.clone(),
            url: guide.url.clone(),
            predates_v3: guide.predates_v3,
        }),
        order: Vec::new(),
        prerequisites,
        authorization: None,
        api_key: None,
        policy: Some(PolicyPlan {
            read_only: setup.policy.read_only,
            forbid_methods: setup.policy.forbid_methods.clone(),
            reason: setup.policy.reason.clone(),
        }),
        v3_scopes,
        permissions,
        webhooks,
        stages: stages(&setup.stages),
        settings: settings(&setup.settings),
        steps: steps(&setup.steps),
        alternatives: setup
            .alternatives
            .iter()
            .map(|alternative| AlternativeItem {
                name: alternative.name.clone(),
                instructions: alternative.instructions.clone(),
                contact: alternative.contact.clone(),
                replaces_setup: alternative.replaces_setup,
            })
            .collect(),
        warnings,
        notes,
    }
}

/// One warning per guessed web hook: a guess shown as a value would be taken for the guide's.
fn guess_warnings(webhooks: &[WebhookItem]) -> Vec<String> {
    webhooks
        .iter()
        .filter_map(|webhook| {
            let guess = webhook.guess.as_ref()?;
            let fields: Vec<String> = guess
                .fields
                .iter()
                .map(|field| match field {
                    GuessedField::Name => format!("Name \"{}\"", webhook.name),
                    GuessedField::Event => format!("When \"{}\"", webhook.event),
                    GuessedField::ErrorRecipient => match &webhook.error_recipient {
                        Some(recipient) => format!("Error recipient \"{recipient}\""),
                        None => "Error recipient".to_owned(),
                    },
                })
                .collect();
            let what = if fields.is_empty() {
                format!("values of the web hook \"{}\"", webhook.name)
            } else {
                format!("the web hook's {}", fields.join(" and "))
            };
            Some(format!(
                "Guessed, not from the guide: {what}. Use the real values from {}.",
                guess.location.trim().trim_end_matches('.')
            ))
        })
        .collect()
}
