//! The manifest file format, as written. Values that validation may point at are
//! [`Located`]. Doc comments here become the JSON Schema's descriptions (`atsctl schema`), so
//! they are written for the person editing a manifest.
//!
//! Deserialization does not reject unknown keys: the structural check reports every unknown
//! key of a file at once, with a suggestion, before this typed pass runs.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::located::Located;
use crate::catalog::Method;

/// An atsctl partner integration manifest: everything a customer must set up in their ATS for
/// one partner, transcribed from the partner's setup guide.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "atsctl partner manifest")]
pub struct RawManifest {
    /// Version of the manifest format. This atsctl reads version 1.
    pub manifest_version: Located<u32>,
    pub partner: RawPartner,
    /// Setup in Greenhouse Recruiting.
    pub greenhouse: Option<RawGreenhouse>,
    /// Setup in Lever.
    pub lever: Option<RawLever>,
    /// Setup in Ashby: an API key with module permissions, and webhooks.
    pub ashby: Option<crate::ashby::manifest::RawAshby>,
    /// Corrections and clarifications made while transcribing the guides, with the reason.
    #[serde(default)]
    pub notes: Vec<RawNote>,
}

/// Who the partner is.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPartner {
    /// Short identifier used on the command line: lowercase letters, digits and dashes.
    pub id: Located<String>,
    /// Display name.
    pub name: String,
    /// Where customers get help.
    pub support_email: Located<String>,
    /// The partner's website.
    pub website: Option<Located<String>>,
}

/// The partner guide a section was transcribed from.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawGuide {
    /// The guide's title.
    pub title: String,
    /// Where the guide is published, when known.
    pub url: Option<Located<String>>,
    /// The guide was written for Harvest v1 API keys, before Harvest v3. The plan then says so
    /// and tells the customer to follow the partner's own v3 instructions first.
    #[serde(default)]
    pub predates_v3: bool,
}

/// What the person doing the setup must have before starting.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPrerequisites {
    /// The role the person needs, e.g. `Site Admin` or `Super Admin`.
    pub role: Option<String>,
    /// Greenhouse developer permissions the person needs (Configure → Users → Permissions →
    /// Developer Permissions).
    #[serde(default)]
    pub developer_permissions: Vec<Located<String>>,
    /// What to do when the person lacks them.
    pub help: Option<String>,
}

/// Greenhouse Recruiting setup.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawGreenhouse {
    pub guide: Option<RawGuide>,
    /// How the partner connects to Harvest v3. `partner`: a registered Greenhouse partner (it is
    /// in the credential screen's "Partner" dropdown); the customer authorises the partner's app
    /// on Greenhouse's authorisation screen and creates no credential, because Greenhouse does
    /// not offer client credentials to partners. `custom-integration`: an integration built for
    /// the customer's own account; the customer creates Harvest v3 client credentials. When
    /// left out: `partner` if `credential.partner` names a dropdown value, else
    /// `custom-integration`.
    pub connection: Option<Located<Connection>>,
    /// For a `partner` connection: where the customer starts the Harvest v3 authorisation, as
    /// the partner's own v3 instructions say (for example its "Connect with Greenhouse" button
    /// in Settings → Integrations). Leave it out when the partner has not published it: the
    /// plan then says it is unknown and where to look.
    pub authorization_start: Option<Located<String>>,
    #[serde(default)]
    pub prerequisites: RawPrerequisites,
    pub credential: RawCredential,
    /// Rules every Harvest permission of this manifest must follow; `atsctl lint` enforces them.
    #[serde(default)]
    pub policy: RawPolicy,
    /// Harvest v1 permissions, grouped by the category shown in Greenhouse. Each maps to the
    /// Harvest v3 scopes that replace it.
    #[serde(default)]
    pub permissions: Vec<RawPermissionGroup>,
    /// Values shared by every webhook below unless a webhook sets its own.
    pub webhook_defaults: Option<RawWebhookDefaults>,
    /// Web hooks to create in Configure → Dev Center → Web Hooks.
    #[serde(default)]
    pub webhooks: Vec<RawGreenhouseWebhook>,
    #[serde(default)]
    pub stages: Vec<RawStage>,
    #[serde(default)]
    pub settings: Vec<RawSetting>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    #[serde(default)]
    pub alternatives: Vec<RawAlternative>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// The credential created in Configure → Dev Center → API Credential Management.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawCredential {
    /// The "API Type" choice.
    pub api_type: Located<ApiType>,
    /// The "Partner" dropdown value; selecting it pre-ticks the partner's permissions.
    pub partner: Option<String>,
    /// The guide marks the Partner choice as optional.
    #[serde(default)]
    pub partner_optional: bool,
    /// The "Description" field.
    pub description: Option<String>,
    /// Where the finished credential goes on the partner's side.
    pub hand_over: Option<String>,
}

/// How a partner connects to Harvest v3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    /// A registered Greenhouse partner: OAuth authorisation code, started from the partner's
    /// "Connect with Greenhouse" or Greenhouse's Integrations marketplace.
    Partner,
    /// An integration for the customer's own account: Harvest v3 client credentials created in
    /// Configure → Dev Center → API Credentials.
    CustomIntegration,
}

/// Greenhouse API types a partner guide may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum ApiType {
    Harvest,
}

/// Rules for the permissions of this manifest.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPolicy {
    /// Only GET permissions are allowed.
    #[serde(default)]
    pub read_only: Option<Located<bool>>,
    /// Methods no permission may use, e.g. `[DELETE]`.
    #[serde(default)]
    pub forbid_methods: Vec<Located<Method>>,
    /// Why, in the partner's words.
    pub reason: Option<String>,
}

/// The permissions of one category of Greenhouse's permission screen.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawPermissionGroup {
    /// The category as Greenhouse shows it, e.g. `Applications`.
    pub category: Located<String>,
    /// Select every permission in the category, as required or optional.
    pub all: Option<Located<Need>>,
    /// Select every GET permission in the category, as required or optional: for guides that
    /// say "select all GET actions". It can be combined with `all` (`all: optional` with
    /// `all_get: required` makes the reads required and the writes optional); a permission in
    /// `required` or `optional` keeps the need given there.
    pub all_get: Option<Located<Need>>,
    /// Permissions the partner needs: UI labels (`GET: List Jobs`, case-insensitive) or
    /// endpoints (`GET /v1/jobs`).
    #[serde(default)]
    pub required: Vec<Located<String>>,
    /// Permissions the partner can use but does not need.
    #[serde(default)]
    pub optional: Vec<Located<String>>,
    /// Anything the guide says about this category.
    pub note: Option<String>,
}

/// Whether the partner needs something or can do without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Need {
    Required,
    Optional,
}

/// Values shared by the webhooks of a section.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawWebhookDefaults {
    pub endpoint: Option<RawEndpoint>,
    pub secret: Option<RawSecret>,
    /// Where Greenhouse sends delivery failures.
    pub error_recipient: Option<Located<String>>,
}

/// One Greenhouse web hook.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawGreenhouseWebhook {
    /// The "Name" field.
    pub name: Located<String>,
    /// The "When" choice (`Candidate has changed stage`) or its payload action
    /// (`candidate_stage_change`).
    pub event: Located<String>,
    pub endpoint: Option<RawEndpoint>,
    pub secret: Option<RawSecret>,
    /// The "Error recipient email" field.
    pub error_recipient: Option<Located<String>>,
    pub note: Option<String>,
    /// Values of this web hook the guide does not give, so the manifest guesses them. The plan
    /// shows them as guesses, with where to find the real ones.
    pub guess: Option<RawGuess>,
}

/// Which values of a web hook are guesses, and where the real ones are.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawGuess {
    /// The guessed fields.
    pub fields: Vec<Located<GuessedField>>,
    /// Where the customer finds the real values, e.g. `Resource.io → Settings`.
    #[serde(rename = "where")]
    pub location: Located<String>,
}

/// Web hook fields a manifest may have to guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuessedField {
    /// The "Name" field.
    Name,
    /// The "When" choice.
    Event,
    /// The "Error recipient email" field.
    ErrorRecipient,
}

/// Where a webhook's endpoint URL comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawEndpoint {
    pub from: Located<EndpointSource>,
    /// The URL, with `from: fixed`. Must be HTTPS.
    pub url: Option<Located<String>>,
    /// What the guide says about it, shown to the person doing the setup.
    pub instructions: Option<String>,
}

/// Sources of an endpoint URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EndpointSource {
    /// Shown in the partner's own dashboard or settings.
    PartnerDashboard,
    /// Sent by the partner's onboarding or support team.
    PartnerTeam,
    /// The same for every customer; given in `url`.
    Fixed,
}

/// Where a webhook's secret key comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSecret {
    pub from: Located<SecretSource>,
    /// What the guide says about it.
    pub instructions: Option<String>,
}

/// Sources of a webhook secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SecretSource {
    PartnerDashboard,
    PartnerTeam,
    /// Any value the customer chooses and shares with the partner.
    CustomerChosen,
    /// The Harvest API key itself. Unsafe: `lint` and `plan` warn.
    HarvestApiKey,
}

/// A pipeline stage that must (or should) exist.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawStage {
    /// The stage name as the ATS shows it; compared ignoring case and surrounding space.
    pub name: Located<String>,
    /// `required` (default) or `optional`.
    pub need: Option<Need>,
    /// Why the partner needs it.
    pub purpose: Option<String>,
    /// What to do when it is missing.
    pub help: Option<String>,
}

/// A value the customer enters on the partner's side.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawSetting {
    pub name: String,
    /// Where it is entered.
    #[serde(rename = "where")]
    pub location: Option<String>,
    pub description: String,
}

/// A step that fits nowhere else, in the order the guide gives it.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawStep {
    pub title: String,
    /// Who does it, when it is not the person running atsctl.
    pub who: Option<String>,
    /// `before` the credential (default `after` the webhooks).
    pub when: Option<StepTime>,
    pub instructions: String,
}

/// When a free-form step happens relative to the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StepTime {
    Before,
    After,
}

/// Another way to connect, instead of this section's setup.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawAlternative {
    pub name: String,
    pub instructions: String,
    /// Email address to contact for it.
    pub contact: Option<Located<String>>,
    /// Taking this alternative replaces the whole setup of the section; the plan then shows it
    /// first, so nobody works through a setup they do not need.
    #[serde(default)]
    pub replaces_setup: bool,
}

/// Lever setup.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawLever {
    pub guide: Option<RawGuide>,
    #[serde(default)]
    pub prerequisites: RawPrerequisites,
    pub authorization: Option<RawLeverAuthorization>,
    /// Webhook events the partner needs. In Lever a Super Admin must also switch each event's
    /// toggle on in Settings → Integrations and API → Webhooks.
    #[serde(default)]
    pub webhooks: Vec<RawLeverWebhook>,
    #[serde(default)]
    pub stages: Vec<RawStage>,
    #[serde(default)]
    pub settings: Vec<RawSetting>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// How the partner gets access to Lever.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawLeverAuthorization {
    pub method: LeverAuthMethod,
    /// Who performs it.
    pub who: Option<String>,
    pub instructions: String,
}

/// Lever access methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LeverAuthMethod {
    /// The partner's app is authorized through Lever's OAuth consent screen.
    Oauth,
    /// The customer creates a Lever API key and gives it to the partner.
    ApiKey,
}

/// One Lever webhook.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawLeverWebhook {
    /// The event (`candidateStageChange`) or its toggle label (`Candidate stage change`).
    pub event: Located<String>,
    pub endpoint: Option<RawEndpoint>,
    pub note: Option<String>,
}

/// A correction or clarification made while transcribing a guide: what the guide says, what
/// atsctl does instead, and how certain that is.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawNote {
    pub kind: Located<NoteKind>,
    /// Which part of the manifest it concerns, e.g. `greenhouse.webhooks`.
    pub about: Option<String>,
    /// What the guide says, quoting it where possible, as a full sentence.
    pub guide_says: Option<String>,
    /// What the manifest (and so atsctl's plan) does instead, as a full sentence.
    pub instead: Option<String>,
    /// How certain `instead` is.
    pub certainty: Option<Located<Certainty>>,
    /// Anything else: the reasoning, or the whole note for one that is not about the guide's
    /// wording.
    pub text: Option<String>,
}

/// How certain a note's correction is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    /// Checked against the evidence: a label seen on Greenhouse's screens (quoted by partner
    /// guides), or a fact in the guide's own text.
    Verified,
    /// The label atsctl uses is the heading in Greenhouse's API docs; the screen may word it
    /// differently. Find it by its endpoint.
    ApiDocs,
    /// atsctl's reading of the guide's intent; confirm it with the partner.
    Inferred,
}

/// Kinds of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// The guide is wrong here; the manifest keeps the partner's evident intent.
    Correction,
    /// The guide is ambiguous; the manifest records one reading.
    Clarification,
}
