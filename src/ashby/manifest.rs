//! The `ashby:` section of a partner manifest: the raw form as written (values validation points
//! at are [`Located`]) and the validated model, resolved against the Ashby catalog.
//!
//! The section is the `ashby` field of [`crate::manifest::RawManifest`]; the manifest validator
//! calls [`validate`], and the structural pass (unknown keys, wrong types) covers it through the
//! JSON Schema derived here. [`section_from_manifest`] reads the section out of a manifest file
//! on its own, for tests of this folder.
//!
//! Doc comments on the raw types become the JSON Schema's descriptions, so they are written for
//! the person editing a manifest.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::catalog::ashby::{Access, AshbyCatalog, Module, Permission, WebhookType};
use crate::diagnostic::{Code, Diagnostic, Location, nearest};
use crate::manifest::raw::{RawEndpoint, RawGuide, RawNote, RawSecret, RawStep};
use crate::manifest::{Endpoint, EndpointSource, Guide, Located, Need, Note, Secret, SecretSource, Step, StepTime};

/// Where a person creates an Ashby API key and ticks its permissions (vendor guides: Merge,
/// Unified, Nango; direct URL `https://app.ashbyhq.com/admin/api/keys`).
pub const API_KEYS_PLACE: &str = "Admin → Integrations → API Keys";
/// Where webhooks are made by hand ("Setting up Webhooks" in Ashby's docs).
pub const WEBHOOKS_PLACE: &str = "Admin → Integrations → Webhooks";

/// The finding codes this section reports: Ashby's own where the finding is Ashby's, the shared
/// ones where their explanation fits any ATS.
mod codes {
    use crate::diagnostic::Code;

    pub(super) const UNKNOWN_MODULE: Code = Code::UnknownAshbyModule;
    pub(super) const NO_SUCH_ACCESS: Code = Code::UnknownAshbyAccess;
    pub(super) const DUPLICATE_MODULE: Code = Code::DuplicatePermission;
    pub(super) const EMPTY_MODULE: Code = Code::EmptyPermissionGroup;
    pub(super) const UNKNOWN_WEBHOOK_TYPE: Code = Code::UnknownAshbyWebhookType;
    pub(super) const DUPLICATE_WEBHOOK_TYPE: Code = Code::DuplicateWebhookEvent;
    pub(super) const FOREIGN_SECRET_SOURCE: Code = Code::InvalidValue;
}

// ---------------------------------------------------------------------------------------------
// As written.

/// Ashby setup: an API key with module permissions, and webhooks.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawAshby {
    pub guide: Option<RawGuide>,
    #[serde(default)]
    pub prerequisites: RawAshbyPrerequisites,
    /// The API key created in Admin → Integrations → API Keys.
    #[serde(default)]
    pub api_key: RawApiKey,
    /// Module permissions to tick on the key, e.g. `{module: Candidates, read: required}`.
    #[serde(default)]
    pub permissions: Vec<RawModulePermission>,
    /// Values shared by every webhook below unless a webhook sets its own.
    pub webhook_defaults: Option<RawAshbyWebhookDefaults>,
    /// Webhooks, one per webhook type. `atsctl apply` creates them with `webhook.create`.
    #[serde(default)]
    pub webhooks: Vec<RawAshbyWebhook>,
    #[serde(default)]
    pub steps: Vec<RawStep>,
    /// Free text shown at the end of the plan.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Corrections and clarifications made while transcribing the partner's Ashby guide.
    #[serde(default)]
    pub notes: Vec<RawNote>,
}

/// What the person doing the setup must have before starting.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawAshbyPrerequisites {
    /// The role the person needs; creating API keys takes an Ashby Admin.
    pub role: Option<String>,
    /// What to do when the person lacks it.
    pub help: Option<String>,
}

/// The API key's settings as the key form shows them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawApiKey {
    /// The key's name (Ashby shows it as the key's title).
    pub name: Option<String>,
    /// The "Integration Partner" dropdown value.
    pub integration_partner: Option<String>,
    /// The guide marks the Integration Partner choice as optional.
    #[serde(default)]
    pub integration_partner_optional: bool,
    /// "Allow access to confidential jobs and projects?": without it the key cannot see
    /// confidential jobs and projects, their considerations, or their candidates.
    pub confidential_jobs_and_projects: Option<Located<Need>>,
    /// "Allow access to non-offer private fields?": without it the key cannot see private fields
    /// on candidates except on offers (private notes, emails and custom fields).
    pub non_offer_private_fields: Option<Located<Need>>,
    /// "Allow updating application history?": needed, with Candidates write, to rewrite an
    /// application's stage history.
    pub application_history_updates: Option<Located<Need>>,
    /// Where the finished key goes on the partner's side.
    pub hand_over: Option<String>,
}

/// The permissions of one module of the key form.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawModulePermission {
    /// The module as Ashby's docs name it: `Jobs`, `Candidates`, `Interviews`, `Hiring Process`,
    /// `Organization`, `Offers`, `API Keys`, `Approvals`, `Reports` (case-insensitive), or the stem
    /// of its permission ids (`notetaker`, `auditLogs`, `sourcing`) where no label is published.
    pub module: Located<String>,
    /// The module's Read permission.
    pub read: Option<Located<Need>>,
    /// The module's Write permission.
    pub write: Option<Located<Need>>,
    /// Candidates only: `candidatesDelete`, which `application.delete` needs on top of write.
    pub delete: Option<Located<Need>>,
    /// Anything the guide says about this module.
    pub note: Option<String>,
}

/// Values shared by the webhooks of the section.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawAshbyWebhookDefaults {
    pub endpoint: Option<RawEndpoint>,
    /// Where the webhook's secret token comes from. With `customer-chosen`, `atsctl apply`
    /// generates one and shows it once.
    pub secret: Option<RawSecret>,
}

/// One Ashby webhook.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RawAshbyWebhook {
    /// The webhook type, as the API names it: `candidateStageChange`, `applicationSubmit`, ...
    #[serde(rename = "type")]
    pub webhook_type: Located<String>,
    pub endpoint: Option<RawEndpoint>,
    pub secret: Option<RawSecret>,
    pub note: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Validated.

/// The Ashby section, resolved against the catalog: span-free, every module and webhook type
/// checked.
#[derive(Debug, Clone)]
pub struct AshbySetup {
    pub guide: Option<Guide>,
    pub prerequisites: AshbyPrerequisites,
    pub api_key: ApiKeySettings,
    /// One entry per permission (module and access), in manifest order.
    pub permissions: Vec<PermissionNeed>,
    pub toggles: Vec<ToggleNeed>,
    pub webhooks: Vec<AshbyWebhook>,
    pub steps: Vec<Step>,
    pub warnings: Vec<String>,
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, Default)]
pub struct AshbyPrerequisites {
    pub role: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ApiKeySettings {
    pub name: Option<String>,
    pub integration_partner: Option<String>,
    pub integration_partner_optional: bool,
    pub hand_over: Option<String>,
}

/// One permission the partner needs or can use.
#[derive(Debug, Clone)]
pub struct PermissionNeed {
    pub module: &'static Module,
    pub permission: &'static Permission,
    pub need: Need,
    pub note: Option<String>,
}

/// The yes/no settings of an API key beside its module permissions (Ashby's authentication
/// docs). No API is known to reveal them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Toggle {
    ConfidentialJobsAndProjects,
    NonOfferPrivateFields,
    ApplicationHistoryUpdates,
}

impl Toggle {
    pub const ALL: [Toggle; 3] = [
        Self::ConfidentialJobsAndProjects,
        Self::NonOfferPrivateFields,
        Self::ApplicationHistoryUpdates,
    ];

    /// The question on the key form.
    pub fn label(self) -> &'static str {
        match self {
            Self::ConfidentialJobsAndProjects => "Allow access to confidential jobs and projects?",
            Self::NonOfferPrivateFields => "Allow access to non-offer private fields?",
            Self::ApplicationHistoryUpdates => "Allow updating application history?",
        }
    }

    /// The manifest key under `api_key`.
    pub fn key(self) -> &'static str {
        match self {
            Self::ConfidentialJobsAndProjects => "confidential_jobs_and_projects",
            Self::NonOfferPrivateFields => "non_offer_private_fields",
            Self::ApplicationHistoryUpdates => "application_history_updates",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToggleNeed {
    pub toggle: Toggle,
    pub need: Need,
}

#[derive(Debug, Clone)]
pub struct AshbyWebhook {
    pub webhook_type: &'static WebhookType,
    pub endpoint: Endpoint,
    pub secret: Secret,
    pub note: Option<String>,
}

/// The validated section and every finding on the way (warnings accompany a usable model;
/// with errors the model is incomplete and must not be used).
#[derive(Debug)]
pub struct Validated {
    pub setup: AshbySetup,
    pub diagnostics: Vec<Diagnostic>,
}

impl Validated {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading and validating.

/// The `ashby:` section of the manifest file `text` (other keys are left to the manifest
/// loader), `None` when it has none. A file that is not YAML, or a section of the wrong shape, is
/// one located finding.
pub fn section_from_manifest(file: &str, text: &str) -> Result<Option<RawAshby>, Diagnostic> {
    #[derive(Deserialize)]
    struct Wrapper {
        ashby: Option<RawAshby>,
    }
    match serde_saphyr::from_str::<Wrapper>(text) {
        Ok(wrapper) => Ok(wrapper.ashby),
        Err(error) => {
            let location = error.location().map(|at| {
                let byte = usize::try_from(at.span().byte_offset().unwrap_or(0)).unwrap_or(0);
                Location {
                    line: usize::try_from(at.line()).unwrap_or(1),
                    column: usize::try_from(at.column()).unwrap_or(1),
                    byte_start: byte,
                    byte_end: byte,
                }
            });
            let message = error.to_string().lines().next().unwrap_or("invalid YAML").to_owned();
            Err(Diagnostic::new(Code::InvalidValue, file, location, message))
        }
    }
}

/// Resolves `raw` against the bundled Ashby catalog; `file` is the name findings carry.
pub fn validate(raw: RawAshby, file: &str) -> Validated {
    let mut validator = Validator {
        catalog: AshbyCatalog::bundled(),
        file,
        diagnostics: Vec::new(),
    };
    let setup = validator.section(raw);
    let mut diagnostics = validator.diagnostics;
    diagnostics.sort_by_key(|diagnostic| diagnostic.location);
    Validated { setup, diagnostics }
}

struct Validator<'a> {
    catalog: &'static AshbyCatalog,
    file: &'a str,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn section(&mut self, raw: RawAshby) -> AshbySetup {
        let permissions = self.permissions(&raw.permissions);
        let webhooks = self.webhooks(&raw.webhooks, raw.webhook_defaults.as_ref());
        let key = raw.api_key;
        let toggles = [
            (Toggle::ConfidentialJobsAndProjects, &key.confidential_jobs_and_projects),
            (Toggle::NonOfferPrivateFields, &key.non_offer_private_fields),
            (Toggle::ApplicationHistoryUpdates, &key.application_history_updates),
        ]
        .into_iter()
        .filter_map(|(toggle, need)| {
            need.as_ref().map(|need| ToggleNeed {
                toggle,
                need: need.value,
            })
        })
        .collect();
        AshbySetup {
            guide: raw.guide.map(|guide| Guide {
                title: guide.title,
                url: guide.url.map(|url| url.value),
                // Harvest versions are a Greenhouse matter; an Ashby guide predates nothing.
                predates_v3: false,
            }),
            prerequisites: AshbyPrerequisites {
                role: raw.prerequisites.role,
                help: raw.prerequisites.help,
            },
            api_key: ApiKeySettings {
                name: key.name,
                integration_partner: key.integration_partner,
                integration_partner_optional: key.integration_partner_optional,
                hand_over: key.hand_over,
            },
            permissions,
            toggles,
            webhooks,
            steps: raw
                .steps
                .into_iter()
                .map(|step| Step {
                    title: step.title,
                    who: step.who,
                    when: step.when.unwrap_or(StepTime::After),
                    instructions: step.instructions,
                })
                .collect(),
            warnings: raw.warnings,
            notes: raw
                .notes
                .into_iter()
                .map(|note| Note {
                    kind: note.kind.value,
                    about: note.about,
                    guide_says: note.guide_says,
                    instead: note.instead,
                    certainty: note.certainty.map(|certainty| certainty.value),
                    text: note.text,
                })
                .collect(),
        }
    }

    fn permissions(&mut self, entries: &[RawModulePermission]) -> Vec<PermissionNeed> {
        let mut needs = Vec::new();
        let mut seen: HashMap<&str, Option<Location>> = HashMap::new();
        for entry in entries {
            let written = entry.module.value.trim();
            let Some(module) = self.catalog.module(written) else {
                let mut diagnostic = Diagnostic::new(
                    codes::UNKNOWN_MODULE,
                    self.file,
                    entry.module.location,
                    format!("`{written}` is not an Ashby API key module"),
                );
                diagnostic = match nearest(written, self.catalog.module_names()) {
                    Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                    None => diagnostic.with_help(format!(
                        "the modules are {}",
                        self.catalog
                            .modules
                            .iter()
                            .map(Module::display_name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                self.diagnostics.push(diagnostic);
                continue;
            };
            if let Some(first) = seen.get(module.key.as_str()).copied() {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_MODULE,
                        self.file,
                        entry.module.location,
                        format!("module `{}` is listed twice", module.display_name()),
                    )
                    .with_help(format!("merge it into the entry{}", at_line(first))),
                );
                continue;
            }
            seen.insert(module.key.as_str(), entry.module.location);
            let accesses = [
                (Access::Read, &entry.read),
                (Access::Write, &entry.write),
                (Access::Delete, &entry.delete),
            ];
            if accesses.iter().all(|(_, need)| need.is_none()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::EMPTY_MODULE,
                        self.file,
                        entry.module.location,
                        format!("`{}` asks for no permission", module.display_name()),
                    )
                    .with_help("add `read: required` (or `write:` / `optional`)"),
                );
                continue;
            }
            for (access, need) in accesses {
                let Some(need) = need else { continue };
                let Some(permission) = self.catalog.permission_of(&module.key, access) else {
                    let offered: Vec<&str> = Access::ALL
                        .into_iter()
                        .filter(|access| self.catalog.permission_of(&module.key, *access).is_some())
                        .map(Access::as_str)
                        .collect();
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::NO_SUCH_ACCESS,
                            self.file,
                            need.location,
                            format!("Ashby has no {access} permission for `{}`", module.display_name()),
                        )
                        .with_help(format!(
                            "`{}` offers {} only",
                            module.display_name(),
                            offered.join(" and ")
                        )),
                    );
                    continue;
                };
                needs.push(PermissionNeed {
                    module,
                    permission,
                    need: need.value,
                    note: entry.note.clone(),
                });
            }
        }
        needs
    }

    fn webhooks(
        &mut self,
        webhooks: &[RawAshbyWebhook],
        defaults: Option<&RawAshbyWebhookDefaults>,
    ) -> Vec<AshbyWebhook> {
        if let Some(defaults) = defaults {
            if let Some(endpoint) = &defaults.endpoint {
                self.endpoint(endpoint);
            }
            if let Some(secret) = &defaults.secret {
                self.secret(secret);
            }
        }
        let mut seen: HashMap<&str, Option<Location>> = HashMap::new();
        let mut resolved = Vec::new();
        for webhook in webhooks {
            let written = webhook.webhook_type.value.trim();
            let webhook_type = match self.catalog.webhook_type(written) {
                Some(found) if found.subscribable => Some(found),
                Some(ping) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            codes::UNKNOWN_WEBHOOK_TYPE,
                            self.file,
                            webhook.webhook_type.location,
                            format!("`{}` is not a webhook type one subscribes to", ping.name),
                        )
                        .with_help("Ashby sends the ping by itself whenever a webhook is created or edited"),
                    );
                    None
                }
                None => {
                    let mut diagnostic = Diagnostic::new(
                        codes::UNKNOWN_WEBHOOK_TYPE,
                        self.file,
                        webhook.webhook_type.location,
                        format!("`{written}` is not an Ashby webhook type"),
                    );
                    let names = self
                        .catalog
                        .webhook_types
                        .iter()
                        .filter(|webhook_type| webhook_type.subscribable)
                        .map(|webhook_type| webhook_type.name.as_str());
                    if let Some(suggestion) = nearest(written, names) {
                        diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                    }
                    self.diagnostics.push(diagnostic);
                    None
                }
            };
            if let Some(found) = webhook_type
                && let Some(first) = seen.get(found.name.as_str()).copied()
            {
                self.diagnostics.push(
                    Diagnostic::new(
                        codes::DUPLICATE_WEBHOOK_TYPE,
                        self.file,
                        webhook.webhook_type.location,
                        format!("a webhook of type `{}` is already listed", found.name),
                    )
                    .with_help(format!(
                        "one webhook per type is enough; the first is{}",
                        at_line(first)
                    )),
                );
                continue;
            }
            if let Some(found) = webhook_type {
                seen.insert(found.name.as_str(), webhook.webhook_type.location);
            }
            if let Some(endpoint) = &webhook.endpoint {
                self.endpoint(endpoint);
            }
            if let Some(secret) = &webhook.secret {
                self.secret(secret);
            }
            let endpoint = webhook
                .endpoint
                .as_ref()
                .or(defaults.and_then(|defaults| defaults.endpoint.as_ref()));
            let secret = webhook
                .secret
                .as_ref()
                .or(defaults.and_then(|defaults| defaults.secret.as_ref()));
            if endpoint.is_none() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingEndpoint,
                        self.file,
                        webhook.webhook_type.location,
                        format!("the `{written}` webhook has no endpoint"),
                    )
                    .with_help("add `endpoint:` to it, or to `webhook_defaults`"),
                );
            }
            if secret.is_none() {
                // Ashby's form makes the token optional, but an unsigned webhook cannot be told
                // from a forged one, and `webhook.create` requires it (OpenAPI).
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::MissingSecret,
                        self.file,
                        webhook.webhook_type.location,
                        format!("the `{written}` webhook has no secret token"),
                    )
                    .with_help("add `secret:` to it, or to `webhook_defaults` (`from: customer-chosen` lets `atsctl apply` generate one)"),
                );
            }
            if let (Some(webhook_type), Some(endpoint), Some(secret)) = (webhook_type, endpoint, secret) {
                resolved.push(AshbyWebhook {
                    webhook_type,
                    endpoint: Endpoint {
                        source: endpoint.from.value,
                        url: endpoint.url.as_ref().map(|url| url.value.trim().to_owned()),
                        instructions: endpoint.instructions.clone(),
                    },
                    secret: Secret {
                        source: secret.from.value,
                        instructions: secret.instructions.clone(),
                    },
                    note: webhook.note.clone(),
                });
            }
        }
        resolved
    }

    fn endpoint(&mut self, endpoint: &RawEndpoint) {
        match (&endpoint.url, endpoint.from.value) {
            (Some(url), _) => self.url(url),
            (None, EndpointSource::Fixed) => self.diagnostics.push(
                Diagnostic::new(
                    Code::MissingEndpointUrl,
                    self.file,
                    endpoint.from.location,
                    "`from: fixed` needs a `url`",
                )
                .with_help(
                    "add `url: https://...`, or say where the URL comes from (`partner-dashboard`, `partner-team`)",
                ),
            ),
            (None, _) => {}
        }
    }

    /// Webhook deliveries carry candidate data, so the endpoint must be HTTPS (the rule atsctl
    /// applies to every ATS; Ashby's docs do not say whether it enforces it).
    fn url(&mut self, url: &Located<String>) {
        let text = url.value.trim();
        match url::Url::parse(text) {
            Ok(parsed) if parsed.scheme() == "https" && parsed.host_str().is_some() => {}
            Ok(parsed) if parsed.scheme() == "http" && parsed.host_str().is_some() => self.diagnostics.push(
                Diagnostic::new(
                    Code::InsecureEndpoint,
                    self.file,
                    url.location,
                    format!("endpoint `{text}` is not HTTPS"),
                )
                .with_help(format!(
                    "Ashby webhooks carry candidate data: use `https://{}`",
                    text.trim_start_matches("http://")
                )),
            ),
            _ => self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUrl,
                    self.file,
                    url.location,
                    format!("`{text}` is not a valid https URL"),
                )
                .with_help("write it as https://host/path"),
            ),
        }
    }

    fn secret(&mut self, secret: &RawSecret) {
        if secret.from.value == SecretSource::HarvestApiKey {
            self.diagnostics.push(
                Diagnostic::new(
                    codes::FOREIGN_SECRET_SOURCE,
                    self.file,
                    secret.from.location,
                    "`harvest-api-key` is a Greenhouse secret source; an Ashby webhook has its own secret token",
                )
                .with_help("use `partner-dashboard`, `partner-team` or `customer-chosen`"),
            );
        }
    }
}

fn at_line(location: Option<Location>) -> String {
    location
        .map(|location| format!(" on line {}", location.line))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "partner.yaml";

    fn load(text: &str) -> Validated {
        let raw = section_from_manifest(FILE, text)
            .unwrap_or_else(|diagnostic| panic!("{diagnostic:?}"))
            .expect("an ashby section");
        validate(raw, FILE)
    }

    fn messages(validated: &Validated) -> Vec<String> {
        validated
            .diagnostics
            .iter()
            .map(|d| {
                let at = d
                    .location
                    .map_or_else(String::new, |l| format!("{}:{} ", l.line, l.column));
                format!("{at}{} {}: {}", d.code, d.message, d.help.as_deref().unwrap_or(""))
            })
            .collect()
    }

    const GOOD: &str = "\
manifest_version: 1
partner: {id: p, name: P, support_email: a@p.example}
ashby:
  api_key:
    name: P integration
    integration_partner: P
    confidential_jobs_and_projects: optional
    non_offer_private_fields: required
  permissions:
    - module: Candidates
      read: required
      write: optional
    - module: hiring process
      read: required
    - module: API Keys
      write: optional
  webhook_defaults:
    endpoint: {from: fixed, url: https://hooks.p.example/ashby}
    secret: {from: customer-chosen}
  webhooks:
    - type: candidateStageChange
    - type: candidatehire
      note: also fires applicationUpdate
  steps:
    - {title: Send the key, instructions: Paste it in P's settings.}
  warnings: [P reads candidates on confidential jobs only when the toggle is on.]
  notes:
    - {kind: clarification, about: ashby.webhooks, text: Both types.}
";

    #[test]
    fn a_clean_section_resolves_every_module_and_type() {
        let validated = load(GOOD);
        assert!(validated.diagnostics.is_empty(), "{:?}", messages(&validated));
        let setup = validated.setup;
        let ids: Vec<(&str, Need)> = setup
            .permissions
            .iter()
            .map(|need| (need.permission.id.as_str(), need.need))
            .collect();
        assert_eq!(
            ids,
            [
                ("candidatesRead", Need::Required),
                ("candidatesWrite", Need::Optional),
                ("hiringProcessMetadataRead", Need::Required),
                ("apiKeysWrite", Need::Optional),
            ]
        );
        assert_eq!(
            setup.toggles,
            [
                ToggleNeed {
                    toggle: Toggle::ConfidentialJobsAndProjects,
                    need: Need::Optional
                },
                ToggleNeed {
                    toggle: Toggle::NonOfferPrivateFields,
                    need: Need::Required
                },
            ]
        );
        assert_eq!(setup.api_key.integration_partner.as_deref(), Some("P"));
        let types: Vec<&str> = setup.webhooks.iter().map(|w| w.webhook_type.name.as_str()).collect();
        assert_eq!(types, ["candidateStageChange", "candidateHire"]);
        assert_eq!(
            setup.webhooks[1].endpoint.url.as_deref(),
            Some("https://hooks.p.example/ashby")
        );
        assert_eq!(setup.webhooks[1].secret.source, SecretSource::CustomerChosen);
        assert_eq!(setup.steps[0].when, StepTime::After);
        assert_eq!(setup.notes.len(), 1);
    }

    #[test]
    fn misspelled_modules_and_types_are_located_with_suggestions() {
        let text = GOOD
            .replace("module: Candidates", "module: Candiates")
            .replace("type: candidateStageChange", "type: candidateStageChnage");
        let validated = load(&text);
        assert_eq!(
            messages(&validated),
            [
                "10:15 unknown-ashby-module `Candiates` is not an Ashby API key module: did you mean `Candidates`?",
                "21:13 unknown-ashby-webhook-type `candidateStageChnage` is not an Ashby webhook type: did you mean `candidateStageChange`?",
            ]
        );
        assert!(validated.has_errors());
    }

    #[test]
    fn impossible_permissions_duplicates_and_ping_are_findings() {
        let text = "\
ashby:
  permissions:
    - {module: Reports, read: required, write: optional}
    - {module: Jobs}
    - {module: jobs, read: optional}
    - {module: JOBS, read: required}
  webhooks:
    - {type: ping, endpoint: {from: partner-team}, secret: {from: partner-team}}
    - {type: offerCreate, endpoint: {from: partner-team}, secret: {from: harvest-api-key}}
    - {type: OfferCreate, endpoint: {from: fixed}, secret: {from: partner-team}}
    - {type: offerUpdate, endpoint: {from: fixed, url: 'http://hooks.example/x'}}
";
        let validated = load(text);
        assert_eq!(
            messages(&validated),
            [
                "3:48 unknown-ashby-access Ashby has no write permission for `Reports`: `Reports` offers read only",
                "4:16 empty-permission-group `Jobs` asks for no permission: add `read: required` (or `write:` / `optional`)",
                "5:16 duplicate-permission module `Jobs` is listed twice: merge it into the entry on line 4",
                "6:16 duplicate-permission module `Jobs` is listed twice: merge it into the entry on line 4",
                "8:14 unknown-ashby-webhook-type `ping` is not a webhook type one subscribes to: Ashby sends the ping by itself whenever a webhook is created or edited",
                "9:74 invalid-value `harvest-api-key` is a Greenhouse secret source; an Ashby webhook has its own secret token: use `partner-dashboard`, `partner-team` or `customer-chosen`",
                "10:14 duplicate-webhook-event a webhook of type `offerCreate` is already listed: one webhook per type is enough; the first is on line 9",
                "11:14 missing-secret the `offerUpdate` webhook has no secret token: add `secret:` to it, or to `webhook_defaults` (`from: customer-chosen` lets `atsctl apply` generate one)",
                "11:56 insecure-endpoint endpoint `http://hooks.example/x` is not HTTPS: Ashby webhooks carry candidate data: use `https://hooks.example/x`",
            ]
        );
        let setup = validated.setup;
        assert_eq!(
            setup.permissions.len(),
            1,
            "Reports read; the empty and duplicate Jobs entries add nothing"
        );
        assert_eq!(setup.webhooks.len(), 1, "offerCreate only");
    }

    #[test]
    fn a_misspelled_module_far_from_any_lists_them_all() {
        let validated = load("ashby:\n  permissions:\n    - {module: Payroll, read: required}\n");
        let help = validated.diagnostics[0].help.as_deref().unwrap();
        assert!(help.starts_with("the modules are Jobs, Candidates,"), "{help}");
        assert!(help.ends_with("notetaker, auditLogs, sourcing"), "{help}");
    }

    #[test]
    fn no_section_and_broken_yaml() {
        assert!(section_from_manifest(FILE, "manifest_version: 1\n").unwrap().is_none());
        let error = section_from_manifest(FILE, "ashby:\n  permissions: {module: [\n").unwrap_err();
        assert_eq!(error.file, FILE);
        assert!(error.location.is_some());
        let wrong =
            section_from_manifest(FILE, "ashby:\n  permissions:\n    - {module: Jobs, read: always}\n").unwrap_err();
        assert!(wrong.location.is_some_and(|l| l.line == 3), "{wrong:?}");
    }

    #[test]
    fn the_schema_refuses_unknown_keys_and_documents_fields() {
        let schema = schemars::schema_for!(RawAshby);
        let value = schema.as_value();
        assert_eq!(value["additionalProperties"], false);
        let api_key = &value["$defs"]["RawApiKey"];
        assert_eq!(api_key["additionalProperties"], false);
        assert!(
            api_key["properties"]["confidential_jobs_and_projects"]["description"]
                .as_str()
                .unwrap()
                .contains("confidential jobs and projects")
        );
        assert!(value["$defs"]["RawAshbyWebhook"]["properties"]["type"].is_object());
    }
}
