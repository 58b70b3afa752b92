//! `plan`: the complete setup checklist for one partner on one ATS, in setup order.
//!
//! The checklist is plain data; the binary renders it as a table, Markdown or JSON, so the
//! formats cannot disagree. [`Checklist::order`] says in which order a person works through its
//! parts, so no renderer decides that on its own.

use serde::Serialize;

use crate::catalog::{Confidence, Method};
use crate::manifest::{
    Ats, Certainty, Connection, EndpointSource, GuessedField, Manifest, Need, NoteKind, SecretSource, StepTime,
};

pub use crate::greenhouse::checklist::{PartnerAuthorization, ScopeAccess, ScopeItem, V3Credential};

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
    /// Ashby: the API key to create, with its module permissions and toggles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeyPlan>,
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

impl Checklist {
    /// How many permissions the credential must carry and may carry, wherever this ATS lists
    /// them (Greenhouse's permission boxes, Ashby's API key form).
    pub fn permission_counts(&self) -> (usize, usize) {
        let mut needs: Vec<bool> = self.permissions.iter().map(|item| item.required).collect();
        if let Some(key) = &self.api_key {
            needs.extend(key.permissions.iter().map(|item| item.required));
        }
        let required = needs.iter().filter(|required| **required).count();
        (required, needs.len() - required)
    }
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
    /// Ashby's `api_key`: one form with the key's name, its module permissions and toggles.
    ApiKey,
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

/// Ashby: one API key form, filled in by an Admin.
#[derive(Debug, Clone, Serialize)]
pub struct ApiKeyPlan {
    /// Where the form is.
    #[serde(rename = "where")]
    pub location: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The "Integration Partner" dropdown value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration_partner: Option<String>,
    pub integration_partner_optional: bool,
    /// One per permission box, in manifest order.
    pub permissions: Vec<KeyPermissionItem>,
    /// The yes/no questions beside the permissions.
    pub toggles: Vec<KeyToggleItem>,
    /// Where the finished key goes on the partner's side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hand_over: Option<String>,
}

/// One permission box of an Ashby API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyPermissionItem {
    /// The module as the form shows it: `Candidates`.
    pub module: String,
    /// `read`, `write` or `delete`.
    pub access: &'static str,
    /// `candidatesRead`, as Ashby's API docs name it.
    pub id: String,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One yes/no question of an Ashby API key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyToggleItem {
    /// The question as the form asks it.
    pub label: &'static str,
    /// The manifest key.
    pub key: &'static str,
    pub required: bool,
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
    let mut checklist = (ats.spec().checklist)(manifest, partner, notes)?;
    checklist.order = order(&checklist);
    Some(checklist)
}

pub(crate) fn note_item(note: &crate::manifest::Note) -> NoteItem {
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
        (Part::ApiKey, checklist.api_key.is_some()),
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

pub(crate) fn endpoint_item(endpoint: &crate::manifest::Endpoint) -> ValueSourceItem {
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

pub(crate) fn secret_source(source: SecretSource) -> &'static str {
    match source {
        SecretSource::PartnerDashboard => "partner-dashboard",
        SecretSource::PartnerTeam => "partner-team",
        SecretSource::CustomerChosen => "customer-chosen",
        SecretSource::HarvestApiKey => "harvest-api-key",
    }
}

pub(crate) fn secret_instructions(source: SecretSource) -> String {
    match source {
        SecretSource::PartnerDashboard => "Copy it from the partner's dashboard.",
        SecretSource::PartnerTeam => "The partner's onboarding team sends it.",
        SecretSource::CustomerChosen => "Choose a long random value and give it to the partner.",
        SecretSource::HarvestApiKey => "The Harvest API key (unsafe: see the warnings).",
    }
    .to_owned()
}

pub(crate) fn stages(stages: &[crate::manifest::Stage]) -> Vec<StageItem> {
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

pub(crate) fn settings(settings: &[crate::manifest::Setting]) -> Vec<SettingItem> {
    settings
        .iter()
        .map(|setting| SettingItem {
            name: setting.name.clone(),
            location: setting.location.clone(),
            description: setting.description.clone(),
        })
        .collect()
}

pub(crate) fn steps(steps: &[crate::manifest::Step]) -> Vec<StepItem> {
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

pub(crate) fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Connection-independent wording: a registered partner's customer authorises, a custom
/// integration's creates credentials.
pub(crate) fn is_partner(connection: Connection) -> bool {
    connection == Connection::Partner
}
