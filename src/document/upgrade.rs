//! The upgrade document: a [`UpgradeReport`] worded as a checklist for a customer's ATS admin
//! ("Tick GET: List Offers under Offers; grant `harvest:offers:list`"), with what the partner
//! does first and what a reviewer of the change should know. The ATS a task is on is named
//! through its spec, and the commands the checklist points to are [`Command`] values the binary
//! words.

use crate::ats::{Command, WebhookStyle};
use crate::catalog::Method;
use crate::diff::{Actor, AtsUpgrade, Change, Edited, UpgradeReport, UpgradeTask};
use crate::manifest::{Ats, Connection};
use crate::plan::{AuthorizationPlan, PermissionItem, PolicyPlan, ValueSourceItem, WebhookItem};

use super::block::{Action, Block, Field, Note};
use super::checklist::prose;
use super::ids::IdSet;
use super::inline::Text;
use super::{Document, DocumentKind, Section, Subject};

/// The upgrade as a document. `old_label` and `new_label` name the two versions (a path, or
/// `REV:path`); `manifest_fingerprint` is the new version's; `command_text` words a command
/// to run.
pub fn upgrade_document(
    report: &UpgradeReport,
    old_label: &str,
    new_label: &str,
    manifest_fingerprint: &str,
    command_text: &dyn Fn(&Command) -> String,
) -> Document {
    let partner = &report.partner;
    let mut builder = Builder {
        partner: &partner.name,
        partner_id: &partner.id,
        command_text,
        sections: Vec::new(),
        ids: IdSet::default(),
        numbered: 0,
    };
    let mut summary = upper_first(&report.reason);
    summary.push('.');
    builder.section(
        "summary",
        "What this change asks of customers",
        None,
        vec![Block::Paragraph {
            text: Text::from(summary),
        }],
    );
    for upgrade in &report.upgrades {
        builder.upgrade(upgrade);
    }
    let join = |name: fn(Ats) -> &'static str| {
        report
            .upgrades
            .iter()
            .map(|upgrade| name(upgrade.ats))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Document {
        kind: DocumentKind::Upgrade,
        title: format!("{} — upgrade checklist", partner.name),
        subtitle: Some(
            Text::from("What customers already set up must change, from ")
                .code(old_label)
                .plain(" to ")
                .code(new_label),
        ),
        subject: Subject {
            partner_id: partner.id.clone(),
            partner_name: partner.name.clone(),
            ats: join(Ats::as_str),
            ats_name: join(Ats::display_name),
            manifest_fingerprint: manifest_fingerprint.to_owned(),
        },
        sections: builder.sections,
    }
}

struct Builder<'a> {
    partner: &'a str,
    partner_id: &'a str,
    command_text: &'a dyn Fn(&Command) -> String,
    sections: Vec<Section>,
    ids: IdSet,
    numbered: u32,
}

impl Builder<'_> {
    fn section(&mut self, key: &str, heading: &str, number: Option<u32>, blocks: Vec<Block>) {
        self.sections.push(Section {
            id: self.ids.make("section", key),
            number,
            heading: heading.to_owned(),
            blocks,
        });
    }

    fn step(&mut self, key: &str, heading: &str, blocks: Vec<Block>) {
        if blocks.is_empty() {
            return;
        }
        self.numbered += 1;
        let number = Some(self.numbered);
        self.section(key, heading, number, blocks);
    }

    /// One ATS: the partner's tasks, the customers' required ones, their optional clean-up,
    /// and the facts for reviewers, each a section when it has content.
    fn upgrade(&mut self, upgrade: &AtsUpgrade) {
        let ats = upgrade.ats;
        let name = ats.display_name();
        if upgrade.tasks.is_empty() {
            self.section(
                ats.as_str(),
                name,
                None,
                vec![Block::Paragraph {
                    text: Text::from(format!(
                        "Nothing customers set up on {name} changed: they need to do nothing."
                    )),
                }],
            );
            return;
        }
        let group = |actor: Actor, required: bool| {
            upgrade
                .tasks
                .iter()
                .filter(move |task| task.actor == actor && (actor != Actor::Customer || task.required == required))
        };
        let partner_blocks: Vec<Block> = group(Actor::Partner, true)
            .map(|task| self.block(upgrade, task))
            .collect();
        let partner = self.partner.to_owned();
        self.step(
            &format!("{}-partner", ats.as_str()),
            &format!("{name}: what {partner} does first"),
            partner_blocks,
        );
        let required: Vec<Block> = group(Actor::Customer, true)
            .map(|task| self.block(upgrade, task))
            .collect();
        self.step(
            &format!("{}-customer", ats.as_str()),
            &format!("{name}: what each customer's admin does"),
            required,
        );
        let optional: Vec<Block> = group(Actor::Customer, false)
            .map(|task| self.block(upgrade, task))
            .collect();
        self.step(
            &format!("{}-optional", ats.as_str()),
            &format!("{name}: optional clean-up"),
            optional,
        );
        let reviewer: Vec<Block> = group(Actor::Reviewer, false)
            .map(|task| self.block(upgrade, task))
            .collect();
        if !reviewer.is_empty() {
            self.section(
                &format!("{}-review", ats.as_str()),
                &format!("{name}: for whoever reviews this change"),
                None,
                reviewer,
            );
        }
    }

    fn action(&mut self, prefix: &str, key: &str, text: Text, detail: Vec<Text>, fields: Vec<Field>) -> Block {
        Block::Action(Action {
            id: self.ids.make(prefix, key),
            text,
            detail,
            fields,
        })
    }

    /// The block one task becomes.
    #[allow(clippy::too_many_lines)] // one arm per kind of change, each short
    fn block(&mut self, upgrade: &AtsUpgrade, task: &UpgradeTask) -> Block {
        let partner = self.partner.to_owned();
        let ats = upgrade.ats;
        let ats_name = ats.display_name();
        let credentials_place = ats.spec().credentials_place;
        match &task.change {
            Change::AtsAdded { ats } => {
                let command = (self.command_text)(&Command::Plan {
                    partner: self.partner_id.to_owned(),
                    ats: *ats,
                });
                self.action(
                    "ats-added",
                    ats.as_str(),
                    Text::from(format!("Set up {partner} on {}: this version adds it", ats.display_name())),
                    vec![Text::from("Follow the whole setup checklist: ").code(command)],
                    Vec::new(),
                )
            }
            Change::AtsRemoved { ats } => self.action(
                "ats-removed",
                ats.as_str(),
                Text::from(format!(
                    "You may disconnect {partner} from {}: this version no longer covers it",
                    ats.display_name()
                )),
                Vec::new(),
                Vec::new(),
            ),
            Change::ConnectionChanged { old, new } => {
                let text = match new {
                    Connection::Partner => Text::from(format!(
                        "Connect {partner} anew by authorising its app in {ats_name}: it is now a registered partner"
                    )),
                    Connection::CustomIntegration => Text::from(format!(
                        "Create Harvest v3 client credentials for {partner} in {credentials_place}: it now connects as a custom integration"
                    )),
                };
                let command = (self.command_text)(&Command::Plan {
                    partner: self.partner_id.to_owned(),
                    ats,
                });
                self.action(
                    "connection",
                    connection_name(*new),
                    text,
                    vec![
                        Text::from(format!(
                            "The version before connected through {}; once the new connection works, revoke the old one.",
                            connection_name(*old)
                        )),
                        Text::from("The setup checklist has every step: ").code(command),
                    ],
                    Vec::new(),
                )
            }
            Change::AskPartnerSupport { scopes } => self.action(
                "partner-support",
                "scopes",
                Text::from(format!(
                    "Ask {ats_name} Partner Support to add the new scopes to {partner}'s app"
                )),
                vec![Text::from(format!(
                    "{ats_name}'s authorisation screen offers only the app's scopes: until the app has these, no customer can grant them."
                ))],
                vec![field("Scopes", copies(scopes))],
            ),
            Change::PermissionAdded { permission, new_scopes } => {
                let text = tick(permission, new_scopes);
                let detail = vec![v3_detail(upgrade.connection, new_scopes, credentials_place)];
                self.action("permission", &permission_label(permission), text, detail, endpoint_field(permission))
            }
            Change::PermissionNowRequired { permission } => {
                let text = tick(permission, &permission.v3_scopes).plain(": it is now required");
                self.action(
                    "permission-required",
                    &permission_label(permission),
                    text,
                    Vec::new(),
                    endpoint_field(permission),
                )
            }
            Change::PermissionRemoved {
                permission,
                dropped_scopes,
            } => {
                let mut text = Text::from("You may untick ")
                    .copy(permission_label(permission))
                    .plain(" under ")
                    .strong(&permission.category)
                    .plain(format!(" on a legacy v1 key: {partner} no longer uses it"));
                if !dropped_scopes.is_empty() {
                    text = text.plain("; it needed ").append(copies(dropped_scopes));
                }
                self.action(
                    "untick",
                    &permission_label(permission),
                    text,
                    Vec::new(),
                    endpoint_field(permission),
                )
            }
            Change::Reauthorize { scopes } => self.action(
                "reauthorize",
                "scopes",
                Text::from(format!(
                    "Authorise {partner} again in {ats_name}, once {partner} says {ats_name} added the new scopes to its app"
                )),
                vec![Text::from(format!(
                    "{ats_name} adds no scope to a token already issued: every customer connected before this change must \
                     authorise again, or {partner} cannot use them. The authorisation screen should list the scopes below."
                ))],
                vec![field("New scopes", copies(scopes))],
            ),
            Change::ScopesRevoked { scopes } => Block::Note(Note {
                kind: "clarification".to_owned(),
                certainty: None,
                about: Some(format!("{}.permissions", ats.as_str())),
                text: Text::from(format!("When {partner}'s app drops "))
                    .append(copies(scopes))
                    .plain(format!(
                        ", {ats_name} revokes them from every customer's token at once: customers need to do nothing."
                    )),
            }),
            Change::EditClientScopes { add, remove } => {
                let mut fields = Vec::new();
                if !add.is_empty() {
                    fields.push(field("Add scopes", copies(add)));
                }
                if !remove.is_empty() {
                    fields.push(field("Remove scopes", copies(remove)));
                }
                self.action(
                    "client-scopes",
                    "scopes",
                    Text::from(format!(
                        "Edit the scopes of {partner}'s Harvest v3 client credentials in {credentials_place}"
                    )),
                    Vec::new(),
                    fields,
                )
            }
            Change::BreaksReadOnly { permission } => Block::Warning {
                text: Text::from("Breaks read-only: the version before was read-only, and ")
                    .copy(permission_label(permission))
                    .plain(format!(" lets {partner} change data.")),
            },
            Change::ForbiddenMethodAllowed { permission, method } => Block::Warning {
                text: Text::new()
                    .copy(permission_label(permission))
                    .plain(format!(" is a {method} permission, which the version before forbade.")),
            },
            Change::PolicyChanged { old, new } => Block::Warning {
                text: Text::from(format!(
                    "The policy changed from {} to {}.",
                    policy_words(old),
                    policy_words(new)
                )),
            },
            Change::AuthorizationChanged { old, new } => {
                let (text, detail) = match new {
                    Some(new) => (
                        Text::from(format!(
                            "Authorise {partner} again in {ats_name}: it now gets access by {}",
                            authorization_words(new)
                        )),
                        vec![prose(&new.instructions)],
                    ),
                    None => (
                        Text::from(format!(
                            "You may revoke {partner}'s access in {ats_name}: this version asks for none"
                        )),
                        Vec::new(),
                    ),
                };
                let mut detail = detail;
                if let Some(old) = old {
                    detail.push(Text::from(format!(
                        "The version before got access by {}.",
                        authorization_words(old)
                    )));
                }
                self.action("authorization", ats.as_str(), text, detail, Vec::new())
            }
            Change::WebhookAdded { webhook } => {
                let place = ats.spec().webhooks.place;
                let (text, fields) = match ats.spec().webhooks.style {
                    WebhookStyle::NamedForm => (
                        Text::from(format!("Create a web hook in {place}")),
                        vec![
                            field("Name", Text::new().copy(&webhook.name)),
                            field("When", Text::new().copy(&webhook.event)),
                        ]
                        .into_iter()
                        .chain(webhook_value_fields(webhook, &["endpoint", "secret", "error_recipient"]))
                        .collect(),
                    ),
                    WebhookStyle::EventToggles => (
                        Text::from("Switch on ")
                            .copy(&webhook.event)
                            .plain(format!(" in {place}")),
                        webhook_value_fields(webhook, &["endpoint"]),
                    ),
                    WebhookStyle::TypedEndpoints => (
                        Text::from("Create the ").copy(&webhook.event).plain(format!(
                            " webhook in {place}, or with {}",
                            (self.command_text)(&Command::Apply { ats })
                        )),
                        webhook_value_fields(webhook, &["endpoint", "secret"]),
                    ),
                };
                self.action("webhook-create", &webhook.action, text, Vec::new(), fields)
            }
            Change::WebhookRemoved { webhook } => {
                let place = ats.spec().webhooks.place;
                let text = match ats.spec().webhooks.style {
                    WebhookStyle::NamedForm => Text::from("Delete the web hook ")
                        .copy(&webhook.name)
                        .plain(" (When ")
                        .copy(&webhook.event)
                        .plain(format!(") in {place}: {partner} no longer receives it")),
                    WebhookStyle::EventToggles => Text::from("Switch off ")
                        .copy(&webhook.event)
                        .plain(format!(" in {place}, or delete its webhook: {partner} no longer receives it")),
                    WebhookStyle::TypedEndpoints => Text::from("Delete the ")
                        .copy(&webhook.event)
                        .plain(format!(" webhook in {place}: {partner} no longer receives it")),
                };
                self.action("webhook-delete", &webhook.action, text, Vec::new(), Vec::new())
            }
            Change::WebhookEdited(edited) => {
                let place = ats.spec().webhooks.place;
                let text = match ats.spec().webhooks.style {
                    WebhookStyle::NamedForm => Text::from("Edit the web hook ")
                        .copy(&edited.old.name)
                        .plain(format!(" in {place}")),
                    WebhookStyle::EventToggles | WebhookStyle::TypedEndpoints => Text::from("Change the ")
                        .copy(&edited.new.event)
                        .plain(format!(" webhook in {place}")),
                };
                let changed = changed_webhook_fields(edited);
                let detail = vec![Text::from("Set the values below; the others stay as they are.")];
                self.action(
                    "webhook-edit",
                    &edited.new.action,
                    text,
                    detail,
                    webhook_value_fields(&edited.new, &changed),
                )
            }
            Change::StageAdded { stage } => {
                let need = if stage.required { "" } else { " (optional)" };
                let text = Text::from("Add the stage ").copy(&stage.name).plain(need);
                let detail = [&stage.purpose, &stage.help].into_iter().flatten().map(|text| prose(text)).collect();
                self.action("stage-add", &stage.name, text, detail, Vec::new())
            }
            Change::StageRemoved { stage } => self.action(
                "stage-remove",
                &stage.name,
                Text::from("You may remove the stage ")
                    .copy(&stage.name)
                    .plain(format!(" if nothing else uses it: {partner} no longer needs it")),
                Vec::new(),
                Vec::new(),
            ),
            Change::StageEdited(edited) => {
                let text = if edited.new.required && !edited.old.required {
                    Text::from("Make sure the stage ").copy(&edited.new.name).plain(" exists: it is now required")
                } else {
                    Text::from("Check the stage ")
                        .copy(&edited.new.name)
                        .plain(format!(": its {} changed", field_words(&edited.fields)))
                };
                let detail = edited.new.purpose.iter().map(|purpose| prose(purpose)).collect();
                self.action("stage-edit", &edited.new.name, text, detail, Vec::new())
            }
            Change::KeyPermissionAdded { permission } => self.action(
                "key-permission",
                &permission.id,
                Text::from(format!("Tick {} ", upper_first(permission.access)))
                    .plain("under ")
                    .strong(&permission.module)
                    .plain(format!(" on {partner}'s API key")),
                permission.note.iter().map(|note| prose(note)).collect(),
                vec![
                    field("Where", Text::from(credentials_place)),
                    field("Permission", Text::new().code(&permission.id)),
                ],
            ),
            Change::KeyPermissionNowRequired { permission } => self.action(
                "key-permission-required",
                &permission.id,
                Text::from(format!("Tick {} ", upper_first(permission.access)))
                    .plain("under ")
                    .strong(&permission.module)
                    .plain(format!(" on {partner}'s API key: it is now required")),
                Vec::new(),
                vec![
                    field("Where", Text::from(credentials_place)),
                    field("Permission", Text::new().code(&permission.id)),
                ],
            ),
            Change::KeyPermissionRemoved { permission } => self.action(
                "key-permission-remove",
                &permission.id,
                Text::from(format!("You may untick {} ", upper_first(permission.access)))
                    .plain("under ")
                    .strong(&permission.module)
                    .plain(format!(" on {partner}'s API key: it no longer uses it")),
                Vec::new(),
                vec![field("Permission", Text::new().code(&permission.id))],
            ),
            Change::KeyToggleAdded { toggle } => self.action(
                "key-toggle",
                toggle.key,
                Text::from("Answer yes to ")
                    .strong(toggle.label)
                    .plain(format!(" on {partner}'s API key")),
                Vec::new(),
                vec![field("Where", Text::from(credentials_place))],
            ),
            Change::KeyToggleRemoved { toggle } => self.action(
                "key-toggle-remove",
                toggle.key,
                Text::from("You may answer no to ")
                    .strong(toggle.label)
                    .plain(format!(" on {partner}'s API key: it no longer needs it")),
                Vec::new(),
                Vec::new(),
            ),
            Change::SettingAdded { setting } => {
                let fields = setting
                    .location
                    .iter()
                    .map(|location| field("Where", prose(location)))
                    .collect();
                self.action(
                    "setting-add",
                    &setting.name,
                    Text::from("Set ").strong(&setting.name),
                    vec![prose(&setting.description)],
                    fields,
                )
            }
            Change::SettingRemoved { setting } => self.action(
                "setting-remove",
                &setting.name,
                Text::from("You may undo the setting ")
                    .strong(&setting.name)
                    .plain(format!(": {partner} no longer needs it")),
                Vec::new(),
                Vec::new(),
            ),
            Change::SettingEdited(edited) => {
                let fields = edited
                    .new
                    .location
                    .iter()
                    .map(|location| field("Where", prose(location)))
                    .collect();
                self.action(
                    "setting-edit",
                    &edited.new.name,
                    Text::from("Check the setting ")
                        .strong(&edited.new.name)
                        .plain(format!(": its {} changed", field_words(&edited.fields))),
                    vec![prose(&edited.new.description)],
                    fields,
                )
            }
            Change::StepAdded { step } => {
                let fields = step.who.iter().map(|who| field("Who", prose(who))).collect();
                self.action(
                    "step-add",
                    &step.title,
                    Text::from("Do the new step ").strong(&step.title),
                    vec![prose(&step.instructions)],
                    fields,
                )
            }
            Change::StepEdited(edited) => {
                let fields = edited.new.who.iter().map(|who| field("Who", prose(who))).collect();
                self.action(
                    "step-edit",
                    &edited.new.title,
                    Text::from("Do the step ")
                        .strong(&edited.new.title)
                        .plain(format!(" again: its {} changed", field_words(&edited.fields))),
                    vec![prose(&edited.new.instructions)],
                    fields,
                )
            }
            Change::StepRemoved { step } => self.action(
                "step-remove",
                &step.title,
                Text::from("The step ")
                    .strong(&step.title)
                    .plain(format!(" is no longer needed; undo it if {partner} asks you to")),
                Vec::new(),
                Vec::new(),
            ),
        }
    }
}

/// "Tick `GET: List Offers` under **Offers**; grant `harvest:offers:list`".
fn tick(permission: &PermissionItem, scopes: &[String]) -> Text {
    let text = Text::from("Tick ")
        .copy(permission_label(permission))
        .plain(" under ")
        .strong(&permission.category);
    if scopes.is_empty() {
        text
    } else {
        text.plain("; grant ").append(copies(scopes))
    }
}

/// Where the box and the scopes are, by how the partner connects on Harvest v3.
fn v3_detail(connection: Option<Connection>, new_scopes: &[String], credentials_place: &str) -> Text {
    let box_place = format!("The box is on a legacy v1 key ({credentials_place} → the key → Edit).");
    let v3 = match (connection, new_scopes.is_empty()) {
        (_, true) => "On Harvest v3 the scopes it needs are already granted.",
        (Some(Connection::Partner), false) => "On Harvest v3 the scope comes with authorising the app again (below).",
        (_, false) => "On Harvest v3 add the scope to the client credentials (below).",
    };
    Text::from(format!("{box_place} {v3}"))
}

fn endpoint_field(permission: &PermissionItem) -> Vec<Field> {
    permission
        .path
        .iter()
        .map(|path| field("Endpoint", Text::new().code(format!("{} {path}", permission.method))))
        .collect()
}

/// The checkbox as the permission screen shows it: `GET: List Offers` (the catalog's label
/// carries the method).
fn permission_label(permission: &PermissionItem) -> String {
    permission.label.clone()
}

/// The web hook fields that changed, by the name the document gives their values.
fn changed_webhook_fields(edited: &Edited<WebhookItem>) -> Vec<&'static str> {
    let mut fields = Vec::new();
    for changed in &edited.fields {
        let name = match changed.as_str() {
            "name" => "name",
            "event" => "event",
            "endpoint/source" | "endpoint/url" => "endpoint",
            "secret/source" => "secret",
            _ => "error_recipient",
        };
        if !fields.contains(&name) {
            fields.push(name);
        }
    }
    fields
}

/// The web hook's values for `names` (`name`, `event`, `endpoint`, `secret`,
/// `error_recipient`), each labelled as the ATS's screen labels it.
fn webhook_value_fields(webhook: &WebhookItem, names: &[&str]) -> Vec<Field> {
    let mut fields = Vec::new();
    for name in names {
        match *name {
            "name" => fields.push(field("Name", Text::new().copy(&webhook.name))),
            "event" => fields.push(field("When", Text::new().copy(&webhook.event))),
            "endpoint" => {
                if let Some(endpoint) = &webhook.endpoint {
                    fields.push(field("Endpoint URL", source_value(endpoint)));
                }
            }
            "secret" => {
                if let Some(secret) = &webhook.secret {
                    fields.push(field("Secret key", source_value(secret)));
                }
            }
            _ => fields.push(field(
                "Error recipient",
                webhook
                    .error_recipient
                    .as_deref()
                    .map_or_else(|| Text::from("none"), |recipient| Text::new().copy(recipient)),
            )),
        }
    }
    fields
}

/// A fixed URL to paste, or where the value comes from.
fn source_value(source: &ValueSourceItem) -> Text {
    match &source.url {
        Some(url) => Text::new().copy(url),
        None => prose(&source.instructions),
    }
}

fn field(label: &str, value: Text) -> Field {
    Field {
        label: label.to_owned(),
        value,
    }
}

/// Values to copy, separated by commas.
fn copies(values: &[String]) -> Text {
    values.iter().enumerate().fold(Text::new(), |text, (index, value)| {
        let text = if index > 0 { text.plain(", ") } else { text };
        text.copy(value)
    })
}

fn connection_name(connection: Connection) -> &'static str {
    match connection {
        Connection::Partner => "the partner's authorisation",
        Connection::CustomIntegration => "client credentials (custom integration)",
    }
}

fn authorization_words(authorization: &AuthorizationPlan) -> &'static str {
    match authorization.method {
        "oauth" => "OAuth consent",
        _ => "an API key",
    }
}

fn policy_words(policy: &PolicyPlan) -> String {
    let mut rules = Vec::new();
    if policy.read_only {
        rules.push("read-only".to_owned());
    }
    if !policy.forbid_methods.is_empty() {
        let methods: Vec<&str> = policy
            .forbid_methods
            .iter()
            .map(|method| Method::as_str(*method))
            .collect();
        rules.push(format!("no {}", methods.join("/")));
    }
    if rules.is_empty() {
        "no restriction".to_owned()
    } else {
        rules.join(", ")
    }
}

/// `["instructions", "who"]` as "instructions and who".
fn field_words(fields: &[String]) -> String {
    let words: Vec<String> = fields.iter().map(|field| field.replace(['/', '_'], " ")).collect();
    match words.as_slice() {
        [] => "details".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod command_tests {
    use super::*;

    /// The document writes no command line itself: each comes from the caller's wording.
    #[test]
    fn commands_are_worded_by_the_caller() {
        let bundled = crate::manifest::bundled("hipeople").unwrap();
        let full = bundled.text;
        let (start, end) = (full.find("\nlever:\n").unwrap(), full.find("\nnotes:").unwrap());
        let without_lever = format!("{}{}", &full[..start], &full[end..]);
        let old = crate::manifest::load(bundled.file, &without_lever).manifest.unwrap();
        let new = crate::manifest::load(bundled.file, full).manifest.unwrap();
        let report = crate::diff::upgrade(&old, &new, None);
        let document = upgrade_document(&report, "old", "new", "fp", &|command| format!("<{command:?}>"));
        let json = serde_json::to_string(&document).unwrap();
        assert!(
            json.contains(r#"<Plan { partner: \"hipeople\", ats: Lever }>"#),
            "{json}"
        );
        assert!(!json.contains("atsctl "), "{json}");
    }
}
