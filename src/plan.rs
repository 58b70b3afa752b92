//! `plan`: the complete setup checklist for one partner on one ATS, in setup order.
//!
//! The checklist is plain data; the binary renders it as a table, Markdown or JSON, so the three
//! formats cannot disagree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{Confidence, Method};
use crate::manifest::{
    Ats, EndpointSource, GreenhouseSetup, LeverAuthMethod, LeverSetup, Manifest, Need, NoteKind, SecretSource, StepTime,
};

/// Greenhouse retired Harvest v1/v2 API keys on this date; v3 OAuth credentials replace them.
pub const HARVEST_V1_RETIRED: &str = "2026-08-31";

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub partner: PartnerSummary,
    pub ats: Ats,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideRef>,
    pub prerequisites: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<CredentialPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationPlan>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyPlan>,
    pub permissions: Vec<PermissionItem>,
    pub v3_scopes: Vec<ScopeItem>,
    pub webhooks: Vec<WebhookItem>,
    pub stages: Vec<StageItem>,
    pub settings: Vec<SettingItem>,
    pub steps: Vec<StepItem>,
    pub alternatives: Vec<AlternativeItem>,
    pub warnings: Vec<String>,
    pub notes: Vec<NoteItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerSummary {
    pub id: String,
    pub name: String,
    pub support_email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuideRef {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The Greenhouse credential: Harvest v3 OAuth client credentials by default, with the partner
/// guide's v1 API key settings kept for accounts that still have one.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialPlan {
    pub v3: V3Credential,
    pub v1_legacy: V1Credential,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hand_over: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct V3Credential {
    pub kind: &'static str,
    pub where_to_create: &'static str,
    pub acting_user: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct V1Credential {
    pub api_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner: Option<String>,
    pub partner_optional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub retired_on: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuthorizationPlan {
    pub method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    pub instructions: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PolicyPlan {
    pub read_only: bool,
    pub forbid_methods: Vec<Method>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PermissionItem {
    pub category: String,
    pub label: String,
    pub method: Method,
    /// The current endpoint; `null` for the one checkbox with no known endpoint.
    pub path: Option<String>,
    /// Every endpoint the checkbox covers (a v1 path and the v2 path that replaced it).
    pub paths: Vec<String>,
    pub required: bool,
    pub v3_scopes: Vec<String>,
    pub v3_confidence: Confidence,
    /// The label was seen in a partner guide; otherwise it is the API docs' wording.
    pub label_verified: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeItem {
    pub scope: String,
    /// Needed by at least one required permission.
    pub required: bool,
    /// The weakest confidence among the mappings that lead to this scope.
    pub confidence: Confidence,
    /// The v1 permission labels this scope stands in for.
    pub replaces: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebhookItem {
    /// Greenhouse: the web hook's "Name"; Lever: the event's toggle label.
    pub name: String,
    /// The event as the ATS's UI shows it: Greenhouse's "When" label, Lever's toggle label.
    pub event: String,
    /// The machine name: Greenhouse's payload `action`, Lever's `event`.
    pub action: String,
    pub event_label_verified: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<ValueSourceItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<ValueSourceItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_recipient: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Where an endpoint URL or a secret comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ValueSourceItem {
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub instructions: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageItem {
    pub name: String,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SettingItem {
    pub name: String,
    #[serde(rename = "where", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepItem {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    pub when: &'static str,
    pub instructions: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlternativeItem {
    pub name: String,
    pub instructions: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteItem {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub text: String,
}

/// Builds the checklist for `ats`; `None` when the manifest has no section for it.
pub fn checklist(manifest: &Manifest, ats: Ats) -> Option<Checklist> {
    let partner = PartnerSummary {
        id: manifest.partner.id.clone(),
        name: manifest.partner.name.clone(),
        support_email: manifest.partner.support_email.clone(),
        website: manifest.partner.website.clone(),
    };
    // A note about the other ATS's section does not belong on this checklist.
    let about_other_ats = |about: &str| {
        Ats::ALL
            .iter()
            .any(|other| *other != ats && about.starts_with(other.as_str()))
    };
    let notes = manifest
        .notes
        .iter()
        .filter(|note| !note.about.as_deref().is_some_and(about_other_ats))
        .map(|note| NoteItem {
            kind: match note.kind {
                NoteKind::Correction => "correction",
                NoteKind::Clarification => "clarification",
            },
            about: note.about.clone(),
            text: note.text.clone(),
        })
        .collect();
    match ats {
        Ats::Greenhouse => manifest
            .greenhouse
            .as_ref()
            .map(|setup| greenhouse(partner, setup, notes)),
        Ats::Lever => manifest.lever.as_ref().map(|setup| lever(partner, setup, notes)),
    }
}

fn greenhouse(partner: PartnerSummary, setup: &GreenhouseSetup, notes: Vec<NoteItem>) -> Checklist {
    let mut prerequisites = Vec::new();
    if let Some(role) = &setup.prerequisites.role {
        prerequisites.push(format!("The person doing the setup is a Greenhouse {role}."));
    }
    prerequisites.extend(
        setup
            .prerequisites
            .developer_permissions
            .iter()
            .map(|permission| format!("Developer permission: {permission}")),
    );
    if let Some(help) = &setup.prerequisites.help {
        prerequisites.push(help.clone());
    }
    prerequisites.push(
        "The Harvest v3 acting user is a Site Admin: v3 lists come back empty, not failing, for anyone else."
            .to_owned(),
    );

    let permissions: Vec<PermissionItem> = setup
        .permissions
        .iter()
        .map(|need| {
            let permission = need.permission;
            PermissionItem {
                category: permission.category.clone(),
                label: permission.label.clone(),
                method: permission.method(),
                path: permission.primary_endpoint().path.clone(),
                paths: permission
                    .endpoints
                    .iter()
                    .filter_map(|endpoint| endpoint.path.clone())
                    .collect(),
                required: need.need == Need::Required,
                v3_scopes: permission.v3.scopes.clone(),
                v3_confidence: permission.v3.confidence,
                label_verified: permission.label_verified,
            }
        })
        .collect();

    let mut warnings = Vec::new();
    let webhooks: Vec<WebhookItem> = setup
        .webhooks
        .iter()
        .map(|webhook| WebhookItem {
            name: webhook.name.clone(),
            event: webhook.event.label.clone(),
            action: webhook.event.action.clone(),
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
            }),
            error_recipient: webhook.error_recipient.clone(),
            note: webhook.note.clone(),
        })
        .collect();
    if setup
        .webhooks
        .iter()
        .any(|webhook| webhook.secret.source == SecretSource::HarvestApiKey)
    {
        warnings.push(
            "Unsafe: the partner asks for the Harvest API key as the webhook secret. Anyone who can read the web hook \
             settings in Greenhouse learns the key. Ask the partner for a separate secret."
                .to_owned(),
        );
    }
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
    warnings.extend(setup.warnings.iter().cloned());

    Checklist {
        partner,
        ats: Ats::Greenhouse,
        guide: setup.guide.as_ref().map(|guide| GuideRef {
            title: guide.title.clone(),
            url: guide.url.clone(),
        }),
        prerequisites,
        credential: Some(CredentialPlan {
            v3: V3Credential {
                kind: "Harvest v3 OAuth client credentials",
                where_to_create: "Configure → Dev Center → API Credential Management: create a Harvest v3 (OAuth) credential",
                acting_user: "a Site Admin user id, used as the token's `sub`",
            },
            v1_legacy: V1Credential {
                api_type: setup.credential.api_type.clone(),
                partner: setup.credential.partner_option.clone(),
                partner_optional: setup.credential.partner_option_optional,
                description: setup.credential.description.clone(),
                retired_on: HARVEST_V1_RETIRED,
            },
            hand_over: setup.credential.hand_over.clone(),
        }),
        authorization: None,
        policy: Some(PolicyPlan {
            read_only: setup.policy.read_only,
            forbid_methods: setup.policy.forbid_methods.clone(),
            reason: setup.policy.reason.clone(),
        }),
        v3_scopes: scopes(&permissions),
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
            })
            .collect(),
        warnings,
        notes,
    }
}

fn lever(partner: PartnerSummary, setup: &LeverSetup, notes: Vec<NoteItem>) -> Checklist {
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
            name: webhook.event.toggle_label.clone(),
            event: webhook.event.toggle_label.clone(),
            action: webhook.event.event.clone(),
            event_label_verified: webhook.event.label_verified,
            endpoint: webhook.endpoint.as_ref().map(endpoint_item),
            secret: None,
            error_recipient: None,
            note: webhook.note.clone(),
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
    warnings.extend(setup.warnings.iter().cloned());
    Checklist {
        partner,
        ats: Ats::Lever,
        guide: setup.guide.as_ref().map(|guide| GuideRef {
            title: guide.title.clone(),
            url: guide.url.clone(),
        }),
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

/// The deduplicated v3 scopes to grant, sorted by name.
fn scopes(permissions: &[PermissionItem]) -> Vec<ScopeItem> {
    let mut scopes: BTreeMap<&str, ScopeItem> = BTreeMap::new();
    for permission in permissions {
        for scope in &permission.v3_scopes {
            let item = scopes.entry(scope).or_insert_with(|| ScopeItem {
                scope: scope.clone(),
                required: false,
                confidence: Confidence::High,
                replaces: Vec::new(),
            });
            item.required |= permission.required;
            item.confidence = item.confidence.min(permission.v3_confidence);
            item.replaces.push(permission.label.clone());
        }
    }
    scopes.into_values().collect()
}

fn endpoint_item(endpoint: &crate::manifest::Endpoint) -> ValueSourceItem {
    let source = match endpoint.source {
        EndpointSource::PartnerDashboard => "partner-dashboard",
        EndpointSource::PartnerTeam => "partner-team",
        EndpointSource::Fixed => "fixed",
    };
    let instructions = endpoint.instructions.clone().unwrap_or_else(|| match endpoint.source {
        EndpointSource::PartnerDashboard => "Copy it from the partner's dashboard.".to_owned(),
        EndpointSource::PartnerTeam => "The partner's onboarding team sends it.".to_owned(),
        EndpointSource::Fixed => format!("Use {}", endpoint.url.as_deref().unwrap_or_default()),
    });
    ValueSourceItem {
        source,
        url: endpoint.url.clone(),
        instructions,
    }
}

fn secret_source(source: SecretSource) -> &'static str {
    match source {
        SecretSource::PartnerDashboard => "partner-dashboard",
        SecretSource::PartnerTeam => "partner-team",
        SecretSource::CustomerChosen => "customer-chosen",
        SecretSource::HarvestApiKey => "harvest-api-key",
    }
}

fn secret_instructions(source: SecretSource) -> String {
    match source {
        SecretSource::PartnerDashboard => "Copy it from the partner's dashboard.",
        SecretSource::PartnerTeam => "The partner's onboarding team sends it.",
        SecretSource::CustomerChosen => "Choose a long random value and give it to the partner.",
        SecretSource::HarvestApiKey => "The partner asks for the Harvest API key here (unsafe).",
    }
    .to_owned()
}

fn stages(stages: &[crate::manifest::Stage]) -> Vec<StageItem> {
    stages
        .iter()
        .map(|stage| StageItem {
            name: stage.name.clone(),
            required: stage.need == Need::Required,
            purpose: stage.purpose.clone(),
            help: stage.help.clone(),
        })
        .collect()
}

fn settings(settings: &[crate::manifest::Setting]) -> Vec<SettingItem> {
    settings
        .iter()
        .map(|setting| SettingItem {
            name: setting.name.clone(),
            location: setting.location.clone(),
            description: setting.description.clone(),
        })
        .collect()
}

fn steps(steps: &[crate::manifest::Step]) -> Vec<StepItem> {
    // Steps the guide puts before the credential come first; the order within each is the guide's.
    let ordered = steps
        .iter()
        .filter(|step| step.when == StepTime::Before)
        .chain(steps.iter().filter(|step| step.when == StepTime::After));
    ordered
        .map(|step| StepItem {
            title: step.title.clone(),
            who: step.who.clone(),
            when: match step.when {
                StepTime::Before => "before",
                StepTime::After => "after",
            },
            instructions: step.instructions.clone(),
        })
        .collect()
}

fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ")
}
