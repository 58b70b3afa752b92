//! `plan`: the complete setup checklist for one partner on one ATS, in setup order.
//!
//! The checklist is plain data; the binary renders it as a table, Markdown or JSON, so the
//! formats cannot disagree. [`Checklist::order`] says in which order a person works through its
//! parts, so no renderer decides that on its own.

mod connection;
mod scopes;

use serde::Serialize;

use crate::catalog::{Confidence, Method};
use crate::manifest::{
    Ats, Certainty, Connection, EndpointSource, GreenhouseSetup, GuessedField, LeverAuthMethod, LeverSetup, Manifest,
    Need, NoteKind, SecretSource, StepTime,
};

pub use connection::{PartnerAuthorization, V3Credential};
pub use scopes::{ScopeAccess, ScopeItem};

/// Greenhouse retired Harvest v1/v2 API keys on this date; Harvest v3 replaces them.
pub const HARVEST_V1_RETIRED: &str = "2026-08-31";

#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    pub partner: PartnerSummary,
    pub ats: Ats,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide: Option<GuideRef>,
    /// The parts of this checklist that have content, in the order a person works through them.
    pub order: Vec<Part>,
    pub prerequisites: Vec<String>,
    /// Greenhouse: the Harvest v3 connection (the partner's authorisation, or client
    /// credentials) and the legacy v1 key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<CredentialPlan>,
    /// Lever: how the partner's app gets access.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationPlan>,
    /// Shown with the permissions.
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

/// One part of a checklist, named after the field that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The `alternatives` with `replaces_setup`: whoever takes one needs nothing below it.
    SetupAlternatives,
    Prerequisites,
    /// The `steps` with `when: before`.
    StepsBefore,
    /// Lever's `authorization`.
    Authorization,
    /// `permissions`, with `policy`.
    Permissions,
    V3Scopes,
    /// Greenhouse's `credential`: the connection comes once the person knows what it must grant.
    Credential,
    Webhooks,
    Stages,
    Settings,
    /// The `steps` with `when: after`.
    StepsAfter,
    /// The `alternatives` without `replaces_setup`.
    Alternatives,
    Warnings,
    Notes,
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
    /// The guide describes only the Harvest v1 key: the partner's own v3 instructions come first.
    pub predates_v3: bool,
}

/// The Greenhouse credential: the Harvest v3 connection (a registered partner's authorisation,
/// or a custom integration's client credentials), with the guide's v1 API key settings kept for
/// accounts that still have one.
#[derive(Debug, Clone, Serialize)]
pub struct CredentialPlan {
    /// `partner` (authorisation code: no credential to create) or `custom-integration` (client
    /// credentials).
    pub connection: Connection,
    /// The v3 path in brief and step by step.
    pub v3: V3Credential,
    /// For a `partner` connection: who authorises, how, why, and what to compare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_authorization: Option<PartnerAuthorization>,
    pub v1_legacy: V1Credential,
    /// Where the credential goes on the partner's side. For a `partner` connection this is the
    /// legacy v1 key's hand-over: on v3 the authorisation connects the partner by itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hand_over: Option<String>,
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
    /// The label was seen on Greenhouse's permission screen (quoted by a partner guide);
    /// otherwise it is the API docs' heading and the screen may word it differently.
    pub label_verified: bool,
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
    /// Values the guide does not give: shown as guesses, with where the real ones are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guess: Option<GuessItem>,
}

/// The fields of a web hook that are the manifest's guesses.
#[derive(Debug, Clone, Serialize)]
pub struct GuessItem {
    /// `name`, `event`, `error_recipient`.
    pub fields: Vec<GuessedField>,
    /// Where the customer finds the real values.
    #[serde(rename = "where")]
    pub location: String,
}

/// Where an endpoint URL or a secret comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ValueSourceItem {
    pub source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub instructions: String,
    /// A secret that is the Harvest v1 key has no v3 counterpart: what to use there instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub v3_instead: Option<String>,
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
    /// Taking it replaces the whole setup: it comes first ([`Part::SetupAlternatives`]).
    pub replaces_setup: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteItem {
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// The whole note in one text: what the guide says, what atsctl does instead, and why.
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guide_says: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instead: Option<String>,
    /// `verified`, `api-docs` or `inferred`; `null` when the manifest does not say.
    pub certainty: Option<Certainty>,
    /// `certainty` in words, for people: always set, "not stated" when the manifest is silent.
    pub certainty_label: &'static str,
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
        .map(note_item)
        .collect();
    let mut checklist = match ats {
        Ats::Greenhouse => manifest
            .greenhouse
            .as_ref()
            .map(|setup| greenhouse(partner, setup, notes)),
        Ats::Lever => manifest.lever.as_ref().map(|setup| lever(partner, setup, notes)),
    }?;
    checklist.order = order(&checklist);
    Some(checklist)
}

fn note_item(note: &crate::manifest::Note) -> NoteItem {
    let text = [&note.guide_says, &note.instead, &note.text]
        .into_iter()
        .flatten()
        .map(|part| part.trim())
        .collect::<Vec<_>>()
        .join(" ");
    NoteItem {
        kind: match note.kind {
            NoteKind::Correction => "correction",
            NoteKind::Clarification => "clarification",
        },
        about: note.about.clone(),
        text,
        guide_says: note.guide_says.clone(),
        instead: note.instead.clone(),
        certainty: note.certainty,
        certainty_label: certainty_label(note.certainty),
    }
}

/// How a person reads a note's certainty.
pub fn certainty_label(certainty: Option<Certainty>) -> &'static str {
    match certainty {
        Some(Certainty::Verified) => "verified",
        Some(Certainty::ApiDocs) => "label from Greenhouse's API docs, unverified on screen",
        Some(Certainty::Inferred) => "inferred: confirm with the partner",
        None => "certainty not stated",
    }
}

/// The parts with content, in setup order. For Greenhouse the connection comes after the
/// permissions and scopes: whoever connects must know what the connection is to grant.
fn order(checklist: &Checklist) -> Vec<Part> {
    let replacing = checklist
        .alternatives
        .iter()
        .any(|alternative| alternative.replaces_setup);
    let other_alternatives = checklist
        .alternatives
        .iter()
        .any(|alternative| !alternative.replaces_setup);
    let has_steps = |when: &str| checklist.steps.iter().any(|step| step.when == when);
    let candidates = [
        (Part::SetupAlternatives, replacing),
        (Part::Prerequisites, !checklist.prerequisites.is_empty()),
        (Part::StepsBefore, has_steps("before")),
        (Part::Authorization, checklist.authorization.is_some()),
        (Part::Permissions, !checklist.permissions.is_empty()),
        (Part::V3Scopes, !checklist.v3_scopes.is_empty()),
        (Part::Credential, checklist.credential.is_some()),
        (Part::Webhooks, !checklist.webhooks.is_empty()),
        (Part::Stages, !checklist.stages.is_empty()),
        (Part::Settings, !checklist.settings.is_empty()),
        (Part::StepsAfter, has_steps("after")),
        (Part::Alternatives, other_alternatives),
        (Part::Warnings, !checklist.warnings.is_empty()),
        (Part::Notes, !checklist.notes.is_empty()),
    ];
    candidates
        .into_iter()
        .filter_map(|(part, present)| present.then_some(part))
        .collect()
}

fn greenhouse(partner: PartnerSummary, setup: &GreenhouseSetup, notes: Vec<NoteItem>) -> Checklist {
    let prerequisites = connection::prerequisites(setup);

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
    let v3_scopes = scopes::scopes(&setup.permissions, setup.connection);

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
        v3_instead: None,
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
        SecretSource::HarvestApiKey => "The Harvest API key (unsafe: see the warnings).",
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

/// Connection-independent wording: a registered partner's customer authorises, a custom
/// integration's creates credentials.
fn is_partner(connection: Connection) -> bool {
    connection == Connection::Partner
}
