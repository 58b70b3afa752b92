//! Ashby's section of a checklist (`plan`): the API key an Admin creates (its name, the
//! "Integration Partner" value, the module permissions and the yes/no toggles on the same form),
//! the webhooks by type with endpoint and secret token, and the guide's steps.

use super::manifest::{API_KEYS_PLACE, AshbySetup, WEBHOOKS_PLACE};
use crate::manifest::{Ats, Manifest, Need};
use crate::plan::{
    ApiKeyPlan, Checklist, GuideRef, KeyPermissionItem, KeyToggleItem, NoteItem, PartnerSummary, ValueSourceItem,
    WebhookItem, endpoint_item, secret_instructions, secret_source, steps,
};

/// The seam's checklist hook: `None` when the manifest has no `ashby:` section.
pub(crate) fn for_manifest(manifest: &Manifest, partner: PartnerSummary, notes: Vec<NoteItem>) -> Option<Checklist> {
    manifest.ashby.as_ref().map(|setup| build(partner, setup, notes))
}

fn build(partner: PartnerSummary, setup: &AshbySetup, mut notes: Vec<NoteItem>) -> Checklist {
    let mut prerequisites = Vec::new();
    if let Some(role) = &setup.prerequisites.role {
        prerequisites.push(format!("The person doing the setup is an Ashby {role}."));
    }
    if let Some(help) = &setup.prerequisites.help {
        prerequisites.push(help.clone());
    }
    let key = &setup.api_key;
    let api_key = ApiKeyPlan {
        location: API_KEYS_PLACE,
        name: key.name.clone(),
        integration_partner: key.integration_partner.clone(),
        integration_partner_optional: key.integration_partner_optional,
        permissions: setup
            .permissions
            .iter()
            .enumerate()
            .map(|(index, need)| KeyPermissionItem {
                module: need.module.display_name().to_owned(),
                access: need.permission.access.as_str(),
                id: need.permission.id.clone(),
                required: need.need == Need::Required,
                // A module's note is said once, on its first permission.
                note: need
                    .note
                    .clone()
                    .filter(|_| index == 0 || setup.permissions[index - 1].module.key != need.module.key),
            })
            .collect(),
        toggles: setup
            .toggles
            .iter()
            .map(|toggle| KeyToggleItem {
                label: toggle.toggle.label(),
                key: toggle.toggle.key(),
                required: toggle.need == Need::Required,
            })
            .collect(),
        hand_over: key.hand_over.clone(),
    };
    let webhooks: Vec<WebhookItem> = setup
        .webhooks
        .iter()
        .map(|webhook| WebhookItem {
            name: webhook.webhook_type.name.clone(),
            event: webhook.webhook_type.name.clone(),
            action: webhook.webhook_type.name.clone(),
            event_label_verified: true,
            endpoint: Some(endpoint_item(&webhook.endpoint)),
            secret: Some(ValueSourceItem {
                source: secret_source(webhook.secret.source),
                url: None,
                instructions: webhook
                    .secret
                    .instructions
                    .clone()
                    .unwrap_or_else(|| secret_instructions(webhook.secret.source)),
                v3_instead: None,
            }),
            error_recipient: None,
            note: webhook.note.clone(),
            guess: None,
        })
        .collect();
    let mut warnings = Vec::new();
    if !webhooks.is_empty() {
        warnings.push(format!(
            "Ashby stops retrying a delivery its endpoint answers with 401: a wrong secret token loses events. \
             `atsctl apply --ats ashby` creates the webhooks with the API (the key needs API Keys write); by hand they \
             are in {WEBHOOKS_PLACE}."
        ));
    }
    warnings.extend(setup.warnings.iter().cloned());
    notes.extend(setup.notes.iter().map(crate::plan::note_item));
    Checklist {
        partner,
        ats: Ats::Ashby,
        guide: setup.guide.as_ref().map(|guide| GuideRef {
            title: guide.title.clone(),
            url: guide.url.clone(),
            predates_v3: false,
        }),
        order: Vec::new(),
        prerequisites,
        credential: None,
        authorization: None,
        api_key: Some(api_key),
        policy: None,
        permissions: Vec::new(),
        v3_scopes: Vec::new(),
        webhooks,
        stages: Vec::new(),
        settings: Vec::new(),
        steps: steps(&setup.steps),
        alternatives: Vec::new(),
        warnings,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use crate::manifest::{Ats, load};
    use crate::plan::{Part, checklist};

    #[test]
    fn the_example_becomes_a_key_form_then_webhooks_and_counts_its_permissions() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/manifests/acme-sourcing-ashby.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let manifest = load("example.yaml", &text).manifest.expect("the example loads");
        let checklist = checklist(&manifest, Ats::Ashby).expect("an Ashby section");
        assert_eq!(
            checklist.order,
            [
                Part::Prerequisites,
                Part::ApiKey,
                Part::Webhooks,
                Part::StepsAfter,
                Part::Warnings
            ]
        );
        let key = checklist.api_key.as_ref().unwrap();
        assert_eq!(key.integration_partner.as_deref(), Some("Acme Sourcing"));
        assert_eq!(checklist.permission_counts(), (3, 2));
        // The Candidates note is said once, on the module's first permission.
        let notes: Vec<bool> = key.permissions.iter().map(|item| item.note.is_some()).collect();
        assert_eq!(notes, [false, true, false, false, false]);
        assert!(
            checklist.permissions.is_empty(),
            "Harvest's permission table stays empty"
        );
        assert!(checklist.webhooks.iter().all(|webhook| webhook.secret.is_some()));
    }
}
