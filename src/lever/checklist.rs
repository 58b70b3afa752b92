//! Lever's section of a checklist (`plan`): the role that does the setup, the stages, the
//! webhooks and the toggles a Super Admin switches on, in Lever's own words.

use crate::manifest::{Ats, LeverAuthMethod, LeverSetup, Manifest};
use crate::plan::{
    AuthorizationPlan, Checklist, GuideRef, NoteItem, PartnerSummary, WebhookItem, endpoint_item, quoted_list,
    settings, stages, steps,
};

/// The seam's checklist hook: `None` when the manifest has no `lever:` section.
pub(crate) fn for_manifest(manifest: &Manifest, partner: PartnerSummary, notes: Vec<NoteItem>) -> Option<Checklist> {
    manifest.lever.as_ref().map(|setup| build(partner, setup, notes))
}

fn build(partner: PartnerSummary, setup: &LeverSetup, notes: Vec<NoteItem>) -> Checklist {
    let mut prerequisites = Vec::new();
    if let Some(role) = &setup.prerequisites.role {
        prerequisites.push(format!("The person doing the setup is a Lever {role}."));
    }
    if let Some(help) = &setup.prerequisites.help {
        prerequisites.push(help.clone());
    }
    let webhooks: Vec<WebhookItem> = setup
        .webhooks
        .iter()
        .map(|webhook| WebhookItem {
            name: webhook.event.toggle_label().to_owned(),
            event: webhook.event.toggle_label().to_owned(),
            action: webhook.event.event().to_owned(),
            event_label_verified: webhook.event.label_verified,
            endpoint: webhook.endpoint.as_ref().map(endpoint_item),
            secret: None,
            error_recipient: None,
            note: webhook.note.clone(),
            guess: None,
        })
        .collect();
    let mut warnings = Vec::new();
    if !webhooks.is_empty() {
        let toggles: Vec<&str> = webhooks.iter().map(|webhook| webhook.event.as_str()).collect();
        warnings.push(format!(
            "A Lever Super Admin must switch on {} in Settings → Integrations and API → Webhooks; Lever sends nothing until then, and no API can read the toggle.",
            quoted_list(&toggles)
        ));
    }
    let unverified: Vec<&str> = webhooks
        .iter()
        .filter(|webhook| !webhook.event_label_verified)
        .map(|webhook| webhook.event.as_str())
        .collect();
    if !unverified.is_empty() {
        warnings.push(format!(
            "The toggle wording of {} is inferred from the event name, not seen in Lever; the screen may word it differently.",
            quoted_list(&unverified)
        ));
    }
    warnings.extend(setup.warnings.iter().cloned());
    Checklist {
        partner,
        ats: Ats::Lever,
        guide: setup.guide.as_ref().map(|guide| GuideRef {
            title: guide.title.clone(),
            url: guide.url.clone(),
            predates_v3: guide.predates_v3,
        }),
        order: Vec::new(),
        prerequisites,
        credential: None,
        authorization: setup.authorization.as_ref().map(|authorization| AuthorizationPlan {
            method: match authorization.method {
                LeverAuthMethod::Oauth => "oauth",
                LeverAuthMethod::ApiKey => "api-key",
            },
            who: authorization.who.clone(),
            instructions: authorization.instructions.clone(),
        }),
        api_key: None,
        policy: None,
        permissions: Vec::new(),
        v3_scopes: Vec::new(),
        webhooks,
        stages: stages(&setup.stages),
        settings: settings(&setup.settings),
        steps: steps(&setup.steps),
        alternatives: Vec::new(),
        warnings,
        notes,
    }
}
