//! The validated manifest: span-free, every reference resolved against the catalog. Everything
//! after loading (plan, validate, apply, listen) works on these types only.

use crate::catalog::{GreenhouseEvent, LeverEvent, Method, Permission};

pub use super::raw::{
    Certainty, Connection, EndpointSource, GuessedField, LeverAuthMethod, Need, NoteKind, SecretSource, StepTime,
};

/// The applicant tracking systems atsctl knows; what each is lives behind [`crate::ats`].
pub use crate::ats::Ats;

#[derive(Debug, Clone)]
pub struct Manifest {
    pub partner: Partner,
    pub greenhouse: Option<GreenhouseSetup>,
    pub lever: Option<LeverSetup>,
    pub ashby: Option<crate::ashby::manifest::AshbySetup>,
    pub notes: Vec<Note>,
}

impl Manifest {
    /// The ATSs this manifest sets up, in a fixed order.
    pub fn ats_list(&self) -> Vec<Ats> {
        let mut list = Vec::new();
        if self.greenhouse.is_some() {
            list.push(Ats::Greenhouse);
        }
        if self.lever.is_some() {
            list.push(Ats::Lever);
        }
        if self.ashby.is_some() {
            list.push(Ats::Ashby);
        }
        list
    }
}

#[derive(Debug, Clone)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub support_email: String,
    pub website: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Guide {
    pub title: String,
    pub url: Option<String>,
    /// The guide describes Harvest v1 API keys only.
    pub predates_v3: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Prerequisites {
    pub role: Option<String>,
    pub developer_permissions: Vec<String>,
    pub help: Option<String>,
}

#[derive(Debug, Clone)]
pub struct GreenhouseSetup {
    pub guide: Option<Guide>,
    /// How the partner connects on Harvest v3 (stated, or inferred from `credential.partner`).
    pub connection: Connection,
    /// Where a partner's v3 authorisation starts, from the partner's own v3 instructions.
    pub authorization_start: Option<String>,
    pub prerequisites: Prerequisites,
    pub credential: Credential,
    pub policy: Policy,
    /// In manifest order, each permission once.
    pub permissions: Vec<PermissionNeed>,
    pub webhooks: Vec<GreenhouseWebhook>,
    pub stages: Vec<Stage>,
    pub settings: Vec<Setting>,
    pub steps: Vec<Step>,
    pub alternatives: Vec<Alternative>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Credential {
    pub api_type: String,
    pub partner_option: Option<String>,
    pub partner_option_optional: bool,
    pub description: Option<String>,
    pub hand_over: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub read_only: bool,
    pub forbid_methods: Vec<Method>,
    pub reason: Option<String>,
}

/// One Harvest permission the partner needs or can use.
#[derive(Debug, Clone)]
pub struct PermissionNeed {
    pub permission: &'static Permission,
    pub need: Need,
}

#[derive(Debug, Clone)]
pub struct GreenhouseWebhook {
    pub name: String,
    pub event: &'static GreenhouseEvent,
    pub endpoint: Endpoint,
    pub secret: Secret,
    pub error_recipient: Option<String>,
    pub note: Option<String>,
    pub guess: Option<Guess>,
}

/// Web hook values the guide does not give: the manifest's guesses, and where the real ones are.
#[derive(Debug, Clone)]
pub struct Guess {
    pub fields: Vec<GuessedField>,
    pub location: String,
}

#[derive(Debug, Clone)]
pub struct Endpoint {
    pub source: EndpointSource,
    pub url: Option<String>,
    pub instructions: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Secret {
    pub source: SecretSource,
    pub instructions: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub need: Need,
    pub purpose: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Setting {
    pub name: String,
    pub location: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub title: String,
    pub who: Option<String>,
    pub when: StepTime,
    pub instructions: String,
}

#[derive(Debug, Clone)]
pub struct Alternative {
    pub name: String,
    pub instructions: String,
    pub contact: Option<String>,
    /// Taking it replaces the whole setup.
    pub replaces_setup: bool,
}

#[derive(Debug, Clone)]
pub struct LeverSetup {
    pub guide: Option<Guide>,
    pub prerequisites: Prerequisites,
    pub authorization: Option<LeverAuthorization>,
    pub webhooks: Vec<LeverWebhook>,
    pub stages: Vec<Stage>,
    pub settings: Vec<Setting>,
    pub steps: Vec<Step>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct LeverAuthorization {
    pub method: LeverAuthMethod,
    pub who: Option<String>,
    pub instructions: String,
}

#[derive(Debug, Clone)]
pub struct LeverWebhook {
    pub event: &'static LeverEvent,
    pub endpoint: Option<Endpoint>,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub kind: NoteKind,
    pub about: Option<String>,
    pub guide_says: Option<String>,
    pub instead: Option<String>,
    pub certainty: Option<Certainty>,
    pub text: Option<String>,
}
