//! The semantic check: turns a deserialized [`RawManifest`] into a [`Manifest`], resolving every
//! permission, event and source against the catalog and collecting every finding on the way.

use std::collections::HashMap;

use super::located::Located;
use super::model::*;
use super::raw::*;
use crate::catalog::{Catalog, Method, normalize_label};
use crate::diagnostic::{Code, Diagnostic, Location, nearest};

/// The manifest format version this build reads.
pub const MANIFEST_VERSION: u32 = 1;

pub(crate) struct Validator<'a> {
    catalog: &'static Catalog,
    file: &'a str,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    pub(crate) fn new(catalog: &'static Catalog, file: &'a str) -> Self {
        Self {
            catalog,
            file,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn manifest(&mut self, raw: RawManifest) -> Manifest {
        if raw.manifest_version.value != MANIFEST_VERSION {
            self.report(
                Code::UnsupportedVersion,
                raw.manifest_version.location,
                format!(
                    "manifest_version {} is not supported; this atsctl reads version {MANIFEST_VERSION}",
                    raw.manifest_version.value
                ),
            );
        }
        let partner = self.partner(raw.partner);
        if raw.greenhouse.is_none() && raw.lever.is_none() && raw.ashby.is_none() {
            self.push(
                Diagnostic::new(
                    Code::NoAts,
                    self.file,
                    Some(Location {
                        line: 1,
                        column: 1,
                        byte_start: 0,
                        byte_end: 0,
                    }),
                    "the manifest has no `greenhouse`, `lever` or `ashby` section",
                )
                .with_help("add the section for the ATS the partner's guide covers"),
            );
        }
        Manifest {
            partner,
            greenhouse: raw.greenhouse.map(|section| self.greenhouse(section)),
            lever: raw.lever.map(|section| self.lever(section)),
            ashby: raw.ashby.map(|section| self.ashby(section)),
            notes: raw.notes.into_iter().map(|note| self.note(note)).collect(),
        }
    }

    /// A note must say what the guide says, what atsctl does instead and how certain that is:
    /// a correction without its certainty reads as fact.
    fn note(&mut self, raw: RawNote) -> Note {
        let mut lacks = Vec::new();
        if raw.guide_says.is_none() {
            lacks.push("`guide_says`");
        }
        if raw.instead.is_none() {
            lacks.push("`instead`");
        }
        if raw.certainty.is_none() {
            lacks.push("`certainty`");
        }
        if !lacks.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::IncompleteNote,
                    self.file,
                    raw.kind.location,
                    format!("this note lacks {}", join_and(&lacks)),
                )
                .with_help(
                    "say what the guide says (`guide_says`), what the manifest does instead (`instead`) and how \
                     certain that is (`certainty: verified | api-docs | inferred`)",
                ),
            );
        }
        Note {
            kind: raw.kind.value,
            about: raw.about,
            guide_says: raw.guide_says,
            instead: raw.instead,
            certainty: raw.certainty.map(|certainty| certainty.value),
            text: raw.text,
        }
    }

    fn partner(&mut self, raw: RawPartner) -> Partner {
        let id = raw.id.value.trim().to_owned();
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !valid_id {
            self.push(
                Diagnostic::new(
                    Code::InvalidId,
                    self.file,
                    raw.id.location,
                    format!("partner id `{id}` must be lowercase letters, digits and dashes"),
                )
                .with_help(format!("for example `{}`", suggest_id(&id))),
            );
        }
        self.email(&raw.support_email);
        if let Some(website) = &raw.website {
            self.url(website, false);
        }
        Partner {
            id,
            name: raw.name,
            support_email: raw.support_email.value,
            website: raw.website.map(|website| website.value),
        }
    }

    fn greenhouse(&mut self, raw: RawGreenhouse) -> GreenhouseSetup {
        let policy = Policy {
            read_only: raw.policy.read_only.as_ref().is_some_and(|flag| flag.value),
            forbid_methods: raw.policy.forbid_methods.iter().map(|method| method.value).collect(),
            reason: raw.policy.reason.clone(),
        };
        let connection = self.connection(&raw);
        let permissions = self.permissions(&raw.permissions, &policy);
        let webhooks = self.greenhouse_webhooks(&raw.webhooks, raw.webhook_defaults.as_ref());
        for contact in raw
            .alternatives
            .iter()
            .filter_map(|alternative| alternative.contact.as_ref())
        {
            self.email(contact);
        }
        GreenhouseSetup {
            guide: raw.guide.map(guide),
            connection,
            authorization_start: raw.authorization_start.map(|start| start.value),
            prerequisites: prerequisites(raw.prerequisites),
            credential: Credential {
                api_type: match raw.credential.api_type.value {
                    ApiType::Harvest => "Harvest".to_owned(),
                },
                partner_option: raw.credential.partner,
                partner_option_optional: raw.credential.partner_optional,
                description: raw.credential.description,
                hand_over: raw.credential.hand_over,
            },
            policy,
            permissions,
            webhooks,
            stages: self.stages(raw.stages),
            settings: raw.settings.into_iter().map(setting).collect(),
            steps: raw.steps.into_iter().map(step).collect(),
            alternatives: raw
                .alternatives
                .into_iter()
                .map(|alternative| Alternative {
                    name: alternative.name,
                    instructions: alternative.instructions,
                    contact: alternative.contact.map(|contact| contact.value),
                    replaces_setup: alternative.replaces_setup,
                })
                .collect(),
            warnings: raw.warnings,
        }
    }

    /// The v3 connection, stated or inferred: a name in the "Partner" dropdown means Greenhouse
    /// knows the partner as a registered partner, and registered partners cannot use client
    /// credentials ("The Client Credentials Flow is not available for Greenhouse partners",
    /// Greenhouse's Harvest docs, /docs/authentication).
    fn connection(&mut self, raw: &RawGreenhouse) -> Connection {
        if let Some(start) = &raw.authorization_start {
            self.not_blank(
                start,
                "authorization_start",
                "leave the key out when the partner has not published where its authorisation starts",
            );
        }
        let Some(stated) = &raw.connection else {
            return if raw.credential.partner.is_some() {
                Connection::Partner
            } else {
                Connection::CustomIntegration
            };
        };
        if stated.value == Connection::CustomIntegration {
            if let Some(partner) = &raw.credential.partner {
                self.push(
                    Diagnostic::new(
                        Code::ConnectionMismatch,
                        self.file,
                        stated.location,
                        format!(
                            "a custom integration names the Partner dropdown value `{partner}`, which makes it a registered partner"
                        ),
                    )
                    .with_help(
                        "registered partners cannot use client credentials: write `connection: partner`, or drop `credential.partner`",
                    ),
                );
            }
            if let Some(start) = &raw.authorization_start {
                self.push(
                    Diagnostic::new(
                        Code::ConnectionMismatch,
                        self.file,
                        start.location,
                        "`authorization_start` is for partner connections; a custom integration uses client credentials",
                    )
                    .with_help("remove it, or write `connection: partner`"),
                );
            }
        }
        stated.value
    }

    fn permissions(&mut self, groups: &[RawPermissionGroup], policy: &Policy) -> Vec<PermissionNeed> {
        let harvest = &self.catalog.harvest;
        let mut needs: Vec<PermissionNeed> = Vec::new();
        let mut first_seen: HashMap<usize, Option<Location>> = HashMap::new();
        let mut categories_seen: HashMap<String, Option<Location>> = HashMap::new();
        for group in groups {
            let written = group.category.value.trim();
            let category = harvest.category(written);
            match category {
                Some(category) => {
                    if let Some(first) = categories_seen.insert(category.to_owned(), group.category.location) {
                        self.push(
                            Diagnostic::new(
                                Code::DuplicateCategory,
                                self.file,
                                group.category.location,
                                format!("category `{category}` is listed twice"),
                            )
                            .with_help(format!("merge it into the entry{}", at_line(first))),
                        );
                    }
                }
                None => {
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownCategory,
                        self.file,
                        group.category.location,
                        format!("`{written}` is not a Harvest permission category"),
                    );
                    if let Some(suggestion) = nearest(written, harvest.categories().iter()) {
                        diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                    }
                    self.push(diagnostic);
                }
            }
            if group.all.is_none() && group.all_get.is_none() && group.required.is_empty() && group.optional.is_empty()
            {
                self.push(
                    Diagnostic::new(
                        Code::EmptyPermissionGroup,
                        self.file,
                        group.category.location,
                        format!("`{written}` selects no permission"),
                    )
                    .with_help("add `all: required`, `all_get: required`, or `required:` / `optional:` lists"),
                );
            }
            let explicit = group
                .required
                .iter()
                .map(|entry| (entry, Need::Required))
                .chain(group.optional.iter().map(|entry| (entry, Need::Optional)));
            for (entry, need) in explicit {
                let Some(permission) = self.permission(entry, category) else {
                    continue;
                };
                if let Some(first) = first_seen.get(&permission.index) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicatePermission,
                            self.file,
                            entry.location,
                            format!("`{}` is listed twice", permission.label()),
                        )
                        .with_help(format!("remove this entry; it is already listed{}", at_line(*first))),
                    );
                    continue;
                }
                first_seen.insert(permission.index, entry.location);
                self.policy(policy, permission, entry.location);
                self.weakened(group, permission, need, entry.location);
                needs.push(PermissionNeed { permission, need });
            }
            let Some(category) = category else {
                continue;
            };
            // `all_get` before `all`: the more specific selection decides a GET's need.
            let selections = [(&group.all_get, true), (&group.all, false)];
            for (selection, gets_only) in selections {
                let Some(selection) = selection else {
                    continue;
                };
                for permission in harvest.in_category(category) {
                    if (gets_only && permission.method() != Method::Get) || first_seen.contains_key(&permission.index) {
                        continue;
                    }
                    first_seen.insert(permission.index, selection.location);
                    self.policy(policy, permission, selection.location);
                    needs.push(PermissionNeed {
                        permission,
                        need: selection.value,
                    });
                }
            }
        }
        needs
    }

    /// Resolves one permission entry, reporting unknown labels and misplaced ones.
    fn permission(
        &mut self,
        entry: &Located<String>,
        category: Option<&str>,
    ) -> Option<&'static crate::catalog::Permission> {
        let harvest = &self.catalog.harvest;
        let Some(permission) = harvest.find(&entry.value) else {
            // Prefer a suggestion from the same category: guides drift in wording, not in section.
            let same_category = category
                .into_iter()
                .flat_map(|category| harvest.in_category(category))
                .map(|p| p.label());
            let suggestion = nearest(&entry.value, same_category)
                .or_else(|| nearest(&entry.value, harvest.permissions().iter().map(|p| p.label())));
            let mut diagnostic = Diagnostic::new(
                Code::UnknownPermission,
                self.file,
                entry.location,
                format!("`{}` is not a Harvest permission", entry.value.trim()),
            );
            diagnostic = match suggestion {
                Some(label) => diagnostic.with_help(format!("did you mean `{label}`?")),
                None => diagnostic.with_help(
                    "write the label as Greenhouse shows it (`GET: List Jobs`) or the endpoint (`GET /v1/jobs`)",
                ),
            };
            self.push(diagnostic);
            return None;
        };
        if let Some(category) = category
            && !permission.category().eq_ignore_ascii_case(category)
        {
            self.push(
                Diagnostic::new(
                    Code::PermissionCategoryMismatch,
                    self.file,
                    entry.location,
                    format!(
                        "`{}` is listed under `{category}`, but Greenhouse shows it under `{}`",
                        permission.label(),
                        permission.category()
                    ),
                )
                .with_help(format!("move it to the `{}` entry", permission.category())),
            );
        }
        if permission.v3.scopes().is_empty() {
            self.push(
                Diagnostic::new(
                    Code::NoV3Equivalent,
                    self.file,
                    entry.location,
                    format!("`{}` has no Harvest v3 equivalent", permission.label()),
                )
                .with_help("v3 credentials cannot grant it; the partner must confirm it can work without it"),
            );
        }
        Some(permission)
    }

    /// Warns when a list makes optional what the category's `all` or `all_get` requires: the
    /// list wins, so the guide's "select all" would be softened without anyone noticing.
    fn weakened(
        &mut self,
        group: &RawPermissionGroup,
        permission: &crate::catalog::Permission,
        need: Need,
        location: Option<Location>,
    ) {
        if need != Need::Optional {
            return;
        }
        let selection = match (&group.all_get, &group.all) {
            (Some(all_get), _) if permission.method() == Method::Get => ("all_get", all_get),
            (_, Some(all)) => ("all", all),
            _ => return,
        };
        if selection.1.value == Need::Required {
            self.push(
                Diagnostic::new(
                    Code::WeakenedNeed,
                    self.file,
                    location,
                    format!(
                        "`{}` is listed as optional, but `{}: required` selects it as required",
                        permission.label(),
                        selection.0
                    ),
                )
                .with_help(format!(
                    "remove it from `optional` if the guide asks for it, or make `{}` optional",
                    selection.0
                )),
            );
        }
    }

    fn policy(&mut self, policy: &Policy, permission: &crate::catalog::Permission, location: Option<Location>) {
        let method = permission.method();
        if policy.read_only && method.is_write() {
            self.push(
                Diagnostic::new(
                    Code::PolicyReadOnly,
                    self.file,
                    location,
                    format!("`{}` writes data, but the policy is read-only", permission.label()),
                )
                .with_help("remove it, or drop `read_only` from the policy if the partner really writes"),
            );
        }
        if policy.forbid_methods.contains(&method) {
            self.push(
                Diagnostic::new(
                    Code::PolicyForbiddenMethod,
                    self.file,
                    location,
                    format!(
                        "`{}` is a {method} permission, which the policy forbids",
                        permission.label()
                    ),
                )
                .with_help(format!(
                    "remove it; the policy excludes {}",
                    methods(&policy.forbid_methods)
                )),
            );
        }
    }

    fn greenhouse_webhooks(
        &mut self,
        webhooks: &[RawGreenhouseWebhook],
        defaults: Option<&RawWebhookDefaults>,
    ) -> Vec<GreenhouseWebhook> {
        if let Some(defaults) = defaults {
            if let Some(endpoint) = &defaults.endpoint {
                self.endpoint(endpoint);
            }
            if let Some(secret) = &defaults.secret {
                self.secret(secret);
            }
            if let Some(recipient) = &defaults.error_recipient {
                self.email(recipient);
            }
        }
        let mut seen: HashMap<&str, Option<Location>> = HashMap::new();
        let mut resolved = Vec::new();
        for webhook in webhooks {
            let event = self.catalog.greenhouse_event(&webhook.event.value);
            if let Some(event) = event
                && let Some(first) = seen.insert(event.action(), webhook.event.location)
            {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateWebhookEvent,
                        self.file,
                        webhook.event.location,
                        format!("a webhook for `{}` is already listed", event.label()),
                    )
                    .with_help(format!(
                        "one webhook per event is enough; the first is{}",
                        at_line(first)
                    )),
                );
            }
            if event.is_none() {
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownWebhookEvent,
                    self.file,
                    webhook.event.location,
                    format!("`{}` is not a Greenhouse webhook event", webhook.event.value.trim()),
                );
                let labels = self.catalog.greenhouse_events().iter().map(|event| event.label());
                if let Some(suggestion) = nearest(&webhook.event.value, labels) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                }
                self.push(diagnostic);
            }
            if let Some(endpoint) = &webhook.endpoint {
                self.endpoint(endpoint);
            }
            if let Some(secret) = &webhook.secret {
                self.secret(secret);
            }
            if let Some(recipient) = &webhook.error_recipient {
                self.email(recipient);
            }
            if let Some(guess) = &webhook.guess {
                self.not_blank(
                    &guess.location,
                    "guess.where",
                    "say where the customer finds the real values",
                );
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
                self.push(
                    Diagnostic::new(
                        Code::MissingEndpoint,
                        self.file,
                        webhook.name.location,
                        format!("webhook `{}` has no endpoint", webhook.name.value),
                    )
                    .with_help("add `endpoint:` to it, or to `webhook_defaults`"),
                );
            }
            if secret.is_none() {
                self.push(
                    Diagnostic::new(
                        Code::MissingSecret,
                        self.file,
                        webhook.name.location,
                        format!("webhook `{}` has no secret", webhook.name.value),
                    )
                    .with_help("add `secret:` to it, or to `webhook_defaults`"),
                );
            }
            let recipient = webhook
                .error_recipient
                .as_ref()
                .or(defaults.and_then(|defaults| defaults.error_recipient.as_ref()));
            if let (Some(event), Some(endpoint), Some(secret)) = (event, endpoint, secret) {
                resolved.push(GreenhouseWebhook {
                    name: webhook.name.value.trim().to_owned(),
                    event,
                    endpoint: endpoint_model(endpoint),
                    secret: Secret {
                        source: secret.from.value,
                        instructions: secret.instructions.clone(),
                    },
                    error_recipient: recipient.map(|recipient| recipient.value.clone()),
                    note: webhook.note.clone(),
                    guess: webhook.guess.as_ref().map(|guess| {
                        let mut fields: Vec<GuessedField> = Vec::new();
                        for field in &guess.fields {
                            if !fields.contains(&field.value) {
                                fields.push(field.value);
                            }
                        }
                        Guess {
                            fields,
                            location: guess.location.value.trim().to_owned(),
                        }
                    }),
                });
            }
        }
        resolved
    }

    fn endpoint(&mut self, endpoint: &RawEndpoint) {
        match (&endpoint.url, endpoint.from.value) {
            (Some(url), _) => self.url(url, true),
            (None, EndpointSource::Fixed) => self.push(
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

    fn secret(&mut self, secret: &RawSecret) {
        if secret.from.value == SecretSource::HarvestApiKey {
            self.push(
                Diagnostic::new(
                    Code::SecretReusesCredential,
                    self.file,
                    secret.from.location,
                    "the webhook secret is the Harvest API key: anyone who can read the webhook settings learns the key",
                )
                .with_help("ask the partner for a separate webhook secret (`from: partner-dashboard`, `partner-team` or `customer-chosen`)"),
            );
        }
    }

    /// Ashby's section is validated by its own folder against its own catalog.
    fn ashby(&mut self, raw: crate::ashby::manifest::RawAshby) -> crate::ashby::manifest::AshbySetup {
        let validated = crate::ashby::manifest::validate(raw, self.file);
        self.diagnostics.extend(validated.diagnostics);
        validated.setup
    }

    fn lever(&mut self, raw: RawLever) -> LeverSetup {
        let mut seen: HashMap<&str, Option<Location>> = HashMap::new();
        let mut webhooks = Vec::new();
        for webhook in &raw.webhooks {
            if let Some(endpoint) = &webhook.endpoint {
                self.endpoint(endpoint);
            }
            let Some(event) = self.catalog.lever_event(&webhook.event.value) else {
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownLeverEvent,
                    self.file,
                    webhook.event.location,
                    format!("`{}` is not a Lever webhook event", webhook.event.value.trim()),
                );
                if let Some(suggestion) = nearest(
                    &webhook.event.value,
                    self.catalog.lever_events().iter().map(|event| event.event()),
                ) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                }
                self.push(diagnostic);
                continue;
            };
            if let Some(first) = seen.insert(event.event(), webhook.event.location) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateWebhookEvent,
                        self.file,
                        webhook.event.location,
                        format!("a webhook for `{}` is already listed", event.event()),
                    )
                    .with_help(format!(
                        "one webhook per event is enough; the first is{}",
                        at_line(first)
                    )),
                );
                continue;
            }
            webhooks.push(LeverWebhook {
                event,
                endpoint: webhook.endpoint.as_ref().map(endpoint_model),
                note: webhook.note.clone(),
            });
        }
        LeverSetup {
            guide: raw.guide.map(guide),
            prerequisites: prerequisites(raw.prerequisites),
            authorization: raw.authorization.map(|authorization| LeverAuthorization {
                method: authorization.method,
                who: authorization.who,
                instructions: authorization.instructions,
            }),
            webhooks,
            stages: self.stages(raw.stages),
            settings: raw.settings.into_iter().map(setting).collect(),
            steps: raw.steps.into_iter().map(step).collect(),
            warnings: raw.warnings,
        }
    }

    fn stages(&mut self, stages: Vec<RawStage>) -> Vec<Stage> {
        let mut seen: HashMap<String, Option<Location>> = HashMap::new();
        let mut resolved = Vec::new();
        for stage in stages {
            let name = stage.name.value.trim().to_owned();
            if let Some(first) = seen.insert(normalize_label(&name), stage.name.location) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateStage,
                        self.file,
                        stage.name.location,
                        format!("stage `{name}` is listed twice"),
                    )
                    .with_help(format!("remove this entry; the first is{}", at_line(first))),
                );
                continue;
            }
            resolved.push(Stage {
                name,
                need: stage.need.unwrap_or(Need::Required),
                purpose: stage.purpose,
                help: stage.help,
            });
        }
        resolved
    }

    /// Text the plan shows a person as an instruction must say something: a blank or a lone
    /// punctuation mark would read as an instruction with nothing in it.
    fn not_blank(&mut self, value: &Located<String>, key: &str, help: &str) {
        if !value.value.chars().any(char::is_alphanumeric) {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    self.file,
                    value.location,
                    format!("`{key}` says nothing"),
                )
                .with_help(help),
            );
        }
    }

    fn email(&mut self, email: &Located<String>) {
        if !is_email(&email.value) {
            self.push(
                Diagnostic::new(
                    Code::InvalidEmail,
                    self.file,
                    email.location,
                    format!("`{}` is not a valid email address", email.value),
                )
                .with_help("write it as name@example.com"),
            );
        }
    }

    /// Checks a URL; `endpoint` URLs must be HTTPS, because both ATSs deliver only to HTTPS.
    fn url(&mut self, url: &Located<String>, endpoint: bool) {
        match url::Url::parse(url.value.trim()) {
            Ok(parsed) if parsed.scheme() == "https" && parsed.host_str().is_some() => {}
            Ok(parsed) if parsed.scheme() == "http" && endpoint => self.push(
                Diagnostic::new(
                    Code::InsecureEndpoint,
                    self.file,
                    url.location,
                    format!("endpoint `{}` is not HTTPS", url.value),
                )
                .with_help(format!(
                    "Greenhouse and Lever deliver only to HTTPS: use `https://{}`",
                    url.value.trim().trim_start_matches("http://")
                )),
            ),
            Ok(parsed) if parsed.scheme() == "http" => {}
            _ => self.push(
                Diagnostic::new(
                    Code::InvalidUrl,
                    self.file,
                    url.location,
                    format!("`{}` is not a valid https URL", url.value),
                )
                .with_help("write it as https://host/path"),
            ),
        }
    }

    fn report(&mut self, code: Code, location: Option<Location>, message: String) {
        self.push(Diagnostic::new(code, self.file, location, message));
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

fn guide(raw: RawGuide) -> Guide {
    Guide {
        title: raw.title,
        url: raw.url.map(|url| url.value),
        predates_v3: raw.predates_v3,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn prerequisites(raw: RawPrerequisites) -> Prerequisites {
    Prerequisites {
        role: raw.role,
        developer_permissions: raw
            .developer_permissions
            .into_iter()
            .map(|permission| permission.value)
            .collect(),
        help: raw.help,
    }
}

fn setting(raw: RawSetting) -> Setting {
    Setting {
        name: raw.name,
        location: raw.location,
        description: raw.description,
    }
}

fn step(raw: RawStep) -> Step {
    Step {
        title: raw.title,
        who: raw.who,
        when: raw.when.unwrap_or(StepTime::After),
        instructions: raw.instructions,
    }
}

fn endpoint_model(raw: &RawEndpoint) -> Endpoint {
    Endpoint {
        source: raw.from.value,
        url: raw.url.as_ref().map(|url| url.value.trim().to_owned()),
        instructions: raw.instructions.clone(),
    }
}

fn at_line(location: Option<Location>) -> String {
    location
        .map(|location| format!(" on line {}", location.line))
        .unwrap_or_default()
}

fn methods(list: &[Method]) -> String {
    list.iter().map(|method| method.as_str()).collect::<Vec<_>>().join(", ")
}

fn suggest_id(id: &str) -> String {
    let mut suggestion = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            suggestion.push(c.to_ascii_lowercase());
        } else if !suggestion.ends_with('-') && !suggestion.is_empty() {
            suggestion.push('-');
        }
    }
    let trimmed = suggestion.trim_end_matches('-');
    if trimmed.is_empty() {
        "my-partner".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// A practical email check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub(crate) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.trim().rsplit_once('@') else {
        return false;
    };
    let domain_ok = domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    !local.is_empty() && !local.contains(char::is_whitespace) && !local.contains('@') && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_check() {
        assert!(is_email("ats@headhuntr.io"));
        assert!(!is_email("ats@headhuntr"));
        assert!(!is_email("ats headhuntr.io"));
        assert!(!is_email("@x.io"));
    }

    #[test]
    fn id_suggestion() {
        assert_eq!(suggest_id("Resource.io"), "resource-io");
    }

    fn greenhouse(section: &str) -> GreenhouseSetup {
        let text = format!(
            "manifest_version: 1\npartner: {{id: x, name: X, support_email: help@x.example}}\ngreenhouse:\n{section}"
        );
        let loaded = crate::manifest::load("test.yaml", &text);
        loaded
            .manifest
            .unwrap_or_else(|| panic!("loads: {:?}", loaded.diagnostics))
            .greenhouse
            .expect("a greenhouse section")
    }

    #[test]
    fn all_get_decides_the_reads_and_all_the_rest() {
        let setup = greenhouse(
            "  credential: {api_type: Harvest}\n  permissions:\n    - category: Candidates\n      all: optional\n      all_get: required\n",
        );
        let candidates = Catalog::bundled().harvest.in_category("Candidates").count();
        assert_eq!(setup.permissions.len(), candidates, "each permission once");
        for need in &setup.permissions {
            let expected = if need.permission.method() == Method::Get {
                Need::Required
            } else {
                Need::Optional
            };
            assert_eq!(need.need, expected, "{}", need.permission.label());
        }
    }

    #[test]
    fn the_connection_defaults_from_the_partner_dropdown() {
        let partner = greenhouse("  credential: {api_type: Harvest, partner: X}\n");
        assert_eq!(partner.connection, Connection::Partner);
        let custom = greenhouse("  credential: {api_type: Harvest}\n");
        assert_eq!(custom.connection, Connection::CustomIntegration);
        let stated = greenhouse("  connection: partner\n  credential: {api_type: Harvest}\n");
        assert_eq!(stated.connection, Connection::Partner);
    }

    #[test]
    fn join_and_reads_as_a_sentence() {
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
