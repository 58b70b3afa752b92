//! The plan document: a straight walk over the checklist's fields in setup order, each field
//! turned into the blocks that show it. A new checklist field is one more step here, and every
//! format shows it.

use crate::ats::WebhookStyle;
use crate::catalog::Confidence;
use crate::manifest::{Certainty as ManifestCertainty, Connection, GuessedField};
use crate::plan::{Checklist, NoteItem, Part, PermissionItem, ScopeAccess, StepItem, WebhookItem};

use super::block::{Action, Block, Cell, Certainty, Contact, Field, Note, Row, Table};
use super::ids::IdSet;
use super::inline::Text;
use super::{Document, DocumentKind, Section, Subject};

/// Shown next to a UI label that comes from the API docs, not from a screenshot.
const LABEL_UNVERIFIED: &str = "(label unverified)";
/// Shown next to a value the manifest guessed.
const GUESS: &str = "(guess)";

/// The setup checklist as a document. `manifest_fingerprint` identifies the manifest it was
/// planned from (see [`super::manifest_fingerprint`]).
pub fn plan_document(checklist: &Checklist, manifest_fingerprint: &str) -> Document {
    let mut plan = Builder::default();
    // The checklist says in which order a person works through its parts: a replacing
    // alternative first, the Greenhouse connection after the permissions and scopes.
    for part in &checklist.order {
        match part {
            Part::SetupAlternatives => {
                let blocks = alternative_blocks(checklist, true);
                plan.step("setup-alternatives", "Instead of this setup", blocks);
            }
            Part::Prerequisites => {
                let blocks = checklist
                    .prerequisites
                    .iter()
                    .map(|item| plan.action("prerequisite", item, prose(item)))
                    .collect();
                plan.step("before-you-start", "Before you start", blocks);
            }
            Part::StepsBefore => plan.steps(checklist, "before"),
            Part::Authorization => plan.authorization(checklist),
            Part::ApiKey => plan.api_key(checklist),
            Part::Permissions => plan.permissions(checklist),
            Part::V3Scopes => plan.scopes(checklist),
            Part::Credential => plan.credential(checklist),
            Part::Webhooks => plan.webhooks(checklist),
            Part::Stages => plan.stages(checklist),
            Part::Settings => plan.settings(checklist),
            Part::StepsAfter => plan.steps(checklist, "after"),
            Part::Alternatives => {
                let blocks = alternative_blocks(checklist, false);
                plan.step("alternatives", "Alternatives", blocks);
            }
            Part::Warnings => {
                let blocks = checklist
                    .warnings
                    .iter()
                    .map(|warning| Block::Warning { text: prose(warning) })
                    .collect();
                plan.reference("warnings", "Warnings", blocks);
            }
            Part::Notes => {
                let blocks = checklist.notes.iter().map(note_block).collect();
                plan.reference("notes", "Notes on the partner's guide", blocks);
            }
        }
    }
    let partner = &checklist.partner;
    plan.reference(
        "support",
        "Support",
        vec![Block::Contact(Contact {
            name: partner.name.clone(),
            purpose: Some("support".to_owned()),
            email: Some(partner.support_email.clone()),
            url: partner.website.clone(),
        })],
    );

    let subtitle = checklist.guide.as_ref().map(|guide| {
        let text = Text::from(format!("From the partner's guide \"{}\"", guide.title));
        let text = match &guide.url {
            Some(url) => text.plain(" (").link(url).plain(")"),
            None => text,
        };
        if guide.predates_v3 {
            text.plain(format!(
                ". This guide describes Harvest v1 keys only; {}'s own v3 instructions come first.",
                partner.name
            ))
        } else {
            text
        }
    });
    Document {
        kind: DocumentKind::Plan,
        title: format!("{} on {} — setup checklist", partner.name, checklist.ats.display_name()),
        subtitle,
        subject: Subject {
            partner_id: partner.id.clone(),
            partner_name: partner.name.clone(),
            ats: checklist.ats.as_str().to_owned(),
            ats_name: checklist.ats.display_name().to_owned(),
            manifest_fingerprint: manifest_fingerprint.to_owned(),
        },
        sections: plan.sections,
    }
}

/// The alternatives that replace the whole setup (`replacing`), or the others.
fn alternative_blocks(checklist: &Checklist, replacing: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    for alternative in checklist
        .alternatives
        .iter()
        .filter(|alternative| alternative.replaces_setup == replacing)
    {
        blocks.push(Block::Paragraph {
            text: Text::new()
                .strong(&alternative.name)
                .plain(": ")
                .append(prose(&alternative.instructions)),
        });
        if let Some(contact) = &alternative.contact {
            blocks.push(Block::Contact(contact_of(
                &checklist.partner.name,
                Some(&alternative.name),
                contact,
            )));
        }
    }
    if replacing {
        blocks.push(Block::Paragraph {
            text: Text::from("Whoever takes this needs none of the steps below."),
        });
    }
    blocks
}

/// A note on the guide: what the guide says, what atsctl does instead, and why, each labelled.
fn note_block(note: &NoteItem) -> Block {
    let mut text = Text::new();
    let mut rest = note.text.trim();
    if let Some(says) = &note.guide_says {
        text = text.strong("Guide says: ").append(prose(says)).plain(" ");
        rest = rest.strip_prefix(says.trim()).unwrap_or(rest).trim_start();
    }
    if let Some(instead) = &note.instead {
        text = text.strong("atsctl does: ").append(prose(instead)).plain(" ");
        rest = rest.strip_prefix(instead.trim()).unwrap_or(rest).trim_start();
    }
    // The certainty goes in the note's own field: every renderer shows it beside the kind.
    text = text.append(prose(rest));
    Block::Note(Note {
        kind: note.kind.to_owned(),
        certainty: note.certainty.map(|certainty| match certainty {
            ManifestCertainty::Verified => Certainty::Verified,
            ManifestCertainty::ApiDocs => Certainty::ApiDocs,
            ManifestCertainty::Inferred => Certainty::Inferred,
        }),
        about: note.about.clone(),
        text,
    })
}

/// A web hook table column: its header and how to fill its cell.
type WebhookColumn<'a> = (&'a str, &'a dyn Fn(&WebhookItem) -> Cell);

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
    ids: IdSet,
    numbered: u32,
}

impl Builder {
    /// A numbered section: a step of the setup. `key` names it in its id, which stays the same
    /// when counts in the heading change.
    fn step(&mut self, key: &str, heading: &str, blocks: Vec<Block>) {
        self.numbered += 1;
        let number = Some(self.numbered);
        self.section(key, heading, number, blocks);
    }

    /// A section to refer to (warnings, notes, contacts): not a step, so not numbered.
    fn reference(&mut self, key: &str, heading: &str, blocks: Vec<Block>) {
        self.section(key, heading, None, blocks);
    }

    fn section(&mut self, key: &str, heading: &str, number: Option<u32>, blocks: Vec<Block>) {
        self.sections.push(Section {
            id: self.ids.make("section", key),
            number,
            heading: heading.to_owned(),
            blocks,
        });
    }

    fn action(&mut self, prefix: &str, key: &str, text: Text) -> Block {
        Block::Action(action_of(self.ids.make(prefix, key), text))
    }

    /// The guide's own steps that come `when` ("before", "after") the ATS's part.
    fn steps(&mut self, checklist: &Checklist, when: &str) {
        for step in checklist.steps.iter().filter(|step| step.when == when) {
            let blocks = self.step_blocks(step);
            self.step(&step.title, &step.title, blocks);
        }
    }

    /// Lever: how the partner's app gets access.
    fn authorization(&mut self, checklist: &Checklist) {
        let Some(authorization) = &checklist.authorization else {
            return;
        };
        let mut blocks = vec![Block::KeyValues {
            items: [
                Some(field("Method", Text::new().code(authorization.method))),
                authorization.who.as_deref().map(|who| field("Who", prose(who))),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }];
        blocks.push(self.action("authorize", "partner", prose(&authorization.instructions)));
        self.step("authorize", "Authorize the partner", blocks);
    }

    /// Ashby: the API key form — its name and partner, the permission boxes, the yes/no
    /// questions — then where the key goes.
    fn api_key(&mut self, checklist: &Checklist) {
        let Some(key) = &checklist.api_key else {
            return;
        };
        let mut items = vec![field("Where", Text::from(key.location))];
        if let Some(name) = &key.name {
            items.push(field("Name", Text::new().copy(name)));
        }
        if let Some(partner) = &key.integration_partner {
            let value = Text::new().copy(partner);
            items.push(field(
                "Integration Partner",
                if key.integration_partner_optional {
                    value.plain(" (optional)")
                } else {
                    value
                },
            ));
        }
        let mut blocks = vec![Block::KeyValues { items }];
        let rows: Vec<Row> = key
            .permissions
            .iter()
            .map(|permission| Row {
                action: Some(self.ids.make("permission", &permission.id)),
                cells: vec![
                    Cell::from(Text::from(permission.module.as_str())),
                    Cell::from(Text::from(upper_first(permission.access))),
                    Cell::from(Text::new().code(&permission.id)),
                    Cell::from(need(permission.required)),
                    permission
                        .note
                        .as_ref()
                        .map_or_else(Cell::default, |note| Cell::from(prose(note))),
                ],
            })
            .collect();
        if !rows.is_empty() {
            let required = key.permissions.iter().filter(|permission| permission.required).count();
            blocks.push(Block::Heading {
                text: Text::from(format!(
                    "Permissions ({required} required, {} optional)",
                    key.permissions.len() - required
                )),
            });
            let mut headers = strings(&["Module", "Access", "Permission", "Need", "Note"]);
            let mut rows = rows;
            if key.permissions.iter().all(|permission| permission.note.is_none()) {
                headers.pop();
                rows.iter_mut().for_each(|row| {
                    row.cells.pop();
                });
            }
            blocks.push(Block::Table(Table { headers, rows }));
        }
        for toggle in &key.toggles {
            let text = Text::from("Answer yes to ")
                .strong(toggle.label)
                .plain(format!(" ({})", need(toggle.required)));
            blocks.push(self.action("toggle", toggle.key, text));
        }
        let name = key.name.as_deref().unwrap_or("the key");
        blocks.push(self.action(
            "create-key",
            "create",
            Text::from("Click Create and copy the key: Ashby shows it once"),
        ));
        if let Some(hand_over) = &key.hand_over {
            blocks.push(self.action("hand-over", name, prose(hand_over)));
        }
        self.step("api-key", "Create the API key", blocks);
    }

    /// Greenhouse: a registered partner's authorisation or a custom integration's client
    /// credentials, then the legacy v1 key.
    fn credential(&mut self, checklist: &Checklist) {
        let Some(credential) = &checklist.credential else {
            return;
        };
        let v3 = &credential.v3;
        let mut blocks = Vec::new();
        let heading = match &credential.partner_authorization {
            Some(authorization) => {
                blocks.push(Block::Paragraph {
                    text: Text::new().strong(v3.kind),
                });
                blocks.push(Block::KeyValues {
                    items: vec![
                        field(
                            "Who",
                            Text::from(format!("{}, choosing \"", authorization.who))
                                .copy(authorization.choose)
                                .plain("\"."),
                        ),
                        field("Grant", Text::new().code(authorization.grant)),
                    ],
                });
                blocks.push(Block::Paragraph {
                    text: Text::new().strong("Why: ").plain(authorization.why.join(" ")),
                });
                if !authorization.start_known {
                    blocks.push(Block::Warning {
                        text: Text::from(format!("Where to start is not known: {}.", authorization.starts_at)),
                    });
                }
                blocks.extend(self.v3_steps(v3));
                blocks.push(Block::Note(Note {
                    kind: "scope wording".to_owned(),
                    certainty: None,
                    about: None,
                    text: Text::from(authorization.scope_wording),
                }));
                let required: Vec<Text> = checklist
                    .v3_scopes
                    .iter()
                    .filter(|scope| scope.required)
                    .map(|scope| Text::new().copy(&scope.scope).plain(access_mark(scope.access)))
                    .collect();
                if !required.is_empty() {
                    blocks.push(Block::Paragraph {
                        text: Text::from(format!(
                            "The screen should request at least these {} scopes:",
                            authorization.required_scopes
                        )),
                    });
                    blocks.push(Block::Bullets { items: required });
                }
                format!("Connect {} on Harvest v3 (authorisation)", checklist.partner.name)
            }
            None => {
                blocks.push(Block::KeyValues {
                    items: vec![
                        field("Credential", Text::new().strong(v3.kind)),
                        field("Where", prose(&v3.where_to_create)),
                        field("Acting user", prose(v3.acting_user)),
                    ],
                });
                blocks.extend(self.v3_steps(v3));
                "Create the credential".to_owned()
            }
        };
        if let (Some(hand_over), None) = (&credential.hand_over, &credential.partner_authorization) {
            blocks.push(self.action("hand-over", "credential", Text::from("Then: ").append(prose(hand_over))));
        }
        let legacy = &credential.v1_legacy;
        // A heading of its own, so the legacy key never reads as a step of the v3 connection.
        blocks.push(Block::Heading {
            text: Text::from("Legacy: Harvest v1 API key"),
        });
        let mut v1_action = action_of(
            self.ids.make("credential", "v1"),
            Text::new().strong("Harvest v1 API key").plain(format!(
                " (retired {}; only for accounts that still have one)",
                legacy.retired_on
            )),
        );
        v1_action
            .fields
            .push(field("API Type", Text::new().copy(&legacy.api_type)));
        if let Some(partner) = &legacy.partner {
            let optional = if legacy.partner_optional { " (optional)" } else { "" };
            v1_action
                .fields
                .push(field("Partner", Text::new().copy(partner).plain(optional)));
        }
        if let Some(description) = &legacy.description {
            v1_action
                .fields
                .push(field("Description", Text::new().copy(description)));
        }
        blocks.push(Block::Action(v1_action));
        // On v3 a partner's authorisation connects it: its hand-over is the v1 key's, so it is
        // no task of its own.
        if let (Some(hand_over), Some(_)) = (&credential.hand_over, &credential.partner_authorization) {
            blocks.push(Block::Paragraph {
                text: Text::new().strong("Then (v1 key): ").append(prose(hand_over)),
            });
        }
        self.step("credential", &heading, blocks);
    }

    fn v3_steps(&mut self, v3: &crate::plan::V3Credential) -> Vec<Block> {
        v3.steps
            .iter()
            .enumerate()
            .map(|(index, step)| self.action("credential", &format!("v3 {}", index + 1), prose(step)))
            .collect()
    }

    fn permissions(&mut self, checklist: &Checklist) {
        let required = checklist.permissions.iter().filter(|item| item.required).count();
        let heading = format!(
            "Harvest permissions ({required} required, {} optional)",
            checklist.permissions.len() - required
        );
        let mut blocks = Vec::new();
        if let Some(policy) = &checklist.policy {
            let mut rules = Vec::new();
            if policy.read_only {
                rules.push("read-only".to_owned());
            }
            if !policy.forbid_methods.is_empty() {
                let methods: Vec<&str> = policy.forbid_methods.iter().map(|method| method.as_str()).collect();
                rules.push(format!("no {}", methods.join("/")));
            }
            if !rules.is_empty() {
                let mut value = Text::from(rules.join(", "));
                if let Some(reason) = &policy.reason {
                    value = value.plain(" — ").append(prose(reason));
                }
                blocks.push(Block::KeyValues {
                    items: vec![field("Policy", value)],
                });
            }
        }
        for group in checklist
            .permissions
            .chunk_by(|left, right| left.category == right.category)
        {
            blocks.push(Block::Heading {
                text: Text::from(group[0].category.as_str()),
            });
            let rows = group.iter().map(|item| self.permission_row(item)).collect();
            blocks.push(Block::Table(Table {
                headers: strings(&["Permission (UI label)", "Endpoint", "Need", "v3 scopes"]),
                rows,
            }));
        }
        self.step("permissions", &heading, blocks);
    }

    fn scopes(&mut self, checklist: &Checklist) {
        let rows = checklist
            .v3_scopes
            .iter()
            .map(|scope| {
                // The scope and what it lets the partner do; what to check, where the mapping is weak.
                let lines = vec![Text::new().copy(&scope.scope).plain(access_mark(scope.access))];
                Row {
                    action: Some(self.ids.make("scope", &scope.scope)),
                    cells: vec![
                        Cell(lines),
                        Cell::from(need(scope.required)),
                        Cell::from(
                            if scope.confidence == Confidence::High {
                                "high".to_owned()
                            } else {
                                format!("{} — check", scope.confidence.as_str())
                            }
                            .as_str(),
                        ),
                        Cell(scope.replaces.iter().map(|label| Text::from(label.as_str())).collect()),
                    ],
                }
            })
            .collect();
        let partner = checklist
            .credential
            .as_ref()
            .is_some_and(|credential| credential.connection == Connection::Partner);
        let title = if partner {
            "Harvest v3 scopes the authorisation should request"
        } else {
            "Harvest v3 scopes to grant"
        };
        let mut blocks = vec![Block::Table(Table {
            headers: strings(&["Scope", "Need", "Mapping (best)", "Replaces v1 permission"]),
            rows,
        })];
        // What to check for each weakly mapped scope, under the table: each check names its
        // scope, and a table cell that long would crowd the other columns out.
        let checks: Vec<Text> = checklist
            .v3_scopes
            .iter()
            .filter_map(|scope| scope.check.as_deref().map(prose))
            .collect();
        if !checks.is_empty() {
            blocks.push(Block::Heading {
                text: Text::from(format!("To check ({})", checks.len())),
            });
            blocks.push(Block::Bullets { items: checks });
        }
        self.step("scopes", &format!("{title} ({})", checklist.v3_scopes.len()), blocks);
    }

    fn webhooks(&mut self, checklist: &Checklist) {
        let screen = &checklist.ats.spec().webhooks;
        let blocks = match screen.style {
            WebhookStyle::NamedForm => self.form_webhooks(screen.place, &checklist.webhooks),
            WebhookStyle::EventToggles => self.toggled_webhooks(screen.place, &checklist.webhooks),
            WebhookStyle::TypedEndpoints => self.typed_webhooks(screen.place, &checklist.webhooks),
        };
        let heading = format!("{} ({})", screen.term, checklist.webhooks.len());
        self.step("webhooks", &heading, blocks);
    }

    fn stages(&mut self, checklist: &Checklist) {
        let blocks = checklist
            .stages
            .iter()
            .map(|stage| {
                let mut action = action_of(
                    self.ids.make("stage", &stage.name),
                    Text::new()
                        .copy(&stage.name)
                        .plain(format!(" ({})", need(stage.required))),
                );
                action.detail = [&stage.purpose, &stage.help]
                    .into_iter()
                    .flatten()
                    .map(|text| prose(text))
                    .collect();
                Block::Action(action)
            })
            .collect();
        self.step("stages", "Pipeline stages", blocks);
    }

    fn settings(&mut self, checklist: &Checklist) {
        let blocks = checklist
            .settings
            .iter()
            .map(|setting| {
                let mut text = Text::new().strong(&setting.name);
                if let Some(place) = &setting.location {
                    text = text.plain(format!(" ({place})"));
                }
                self.action(
                    "setting",
                    &setting.name,
                    text.plain(": ").append(prose(&setting.description)),
                )
            })
            .collect();
        self.step("settings", "Settings on the partner's side", blocks);
    }

    fn step_blocks(&mut self, step: &StepItem) -> Vec<Block> {
        let mut blocks = Vec::new();
        if let Some(who) = &step.who {
            blocks.push(Block::KeyValues {
                items: vec![field("Who", prose(who))],
            });
        }
        let mut paragraphs = step.instructions.lines().map(str::trim).filter(|line| !line.is_empty());
        let mut action = action_of(
            self.ids.make("step", &step.title),
            prose(paragraphs.next().unwrap_or(step.title.as_str())),
        );
        action.detail = paragraphs.map(prose).collect();
        blocks.push(Block::Action(action));
        blocks
    }

    fn permission_row(&mut self, item: &PermissionItem) -> Row {
        let label = vec![unverified_mark(Text::from(item.label.as_str()), item.label_verified)];
        let endpoints: Vec<Text> = if item.paths.is_empty() {
            match &item.path {
                Some(path) => vec![Text::new().code(format!("{} {path}", item.method))],
                None => vec![Text::from(format!("{} (endpoint unknown)", item.method))],
            }
        } else {
            item.paths
                .iter()
                .map(|path| Text::new().code(format!("{} {path}", item.method)))
                .collect()
        };
        let mut scopes: Vec<Text> = item.v3_scopes.iter().map(|scope| Text::new().copy(scope)).collect();
        let mark = match item.v3_confidence {
            crate::catalog::Confidence::High => None,
            crate::catalog::Confidence::None => Some("none: no v3 equivalent"),
            crate::catalog::Confidence::Medium => Some("(medium confidence)"),
            crate::catalog::Confidence::Low => Some("(low confidence)"),
        };
        match (scopes.last_mut(), mark) {
            (Some(last), Some(mark)) => *last = std::mem::take(last).plain(" ").plain(mark),
            (None, mark) => scopes.push(Text::from(mark.unwrap_or("none: no v3 equivalent"))),
            (Some(_), None) => {}
        }
        let key = format!("{} {}", item.method, item.path.as_deref().unwrap_or(&item.label));
        Row {
            action: Some(self.ids.make("permission", &key)),
            cells: vec![
                Cell(label),
                Cell(endpoints),
                Cell::from(need(item.required)),
                Cell(scopes),
            ],
        }
    }

    fn form_webhooks(&mut self, place: &str, webhooks: &[WebhookItem]) -> Vec<Block> {
        let endpoint = |webhook: &WebhookItem| {
            webhook.endpoint.as_ref().map_or_else(Cell::default, |endpoint| {
                let mut lines = Vec::new();
                if let Some(url) = &endpoint.url {
                    lines.push(Text::new().copy(url));
                }
                if !endpoint
                    .url
                    .as_ref()
                    .is_some_and(|url| endpoint.instructions.contains(url.as_str()))
                {
                    lines.push(prose(&endpoint.instructions));
                }
                Cell(lines)
            })
        };
        let when = |webhook: &WebhookItem| {
            let label = Text::new().copy(&webhook.event);
            // A guessed event is marked as a guess; its wording then says nothing more.
            if webhook
                .guess
                .as_ref()
                .is_some_and(|guess| guess.fields.contains(&GuessedField::Event))
            {
                Cell::from(guess_mark(webhook, GuessedField::Event, label))
            } else {
                Cell::from(unverified_mark(label, webhook.event_label_verified))
            }
        };
        // Columns in the order of the web hook form (Greenhouse's), then what explains each row.
        let columns: [WebhookColumn; 7] = [
            ("Name", &|webhook| {
                Cell::from(guess_mark(webhook, GuessedField::Name, Text::new().copy(&webhook.name)))
            }),
            ("When", &when),
            ("Endpoint URL", &endpoint),
            ("Secret key", &|webhook| {
                webhook.secret.as_ref().map_or_else(Cell::default, |secret| {
                    let text = prose(&secret.instructions);
                    Cell::from(match &secret.v3_instead {
                        Some(instead) => text.plain(" ").append(prose(instead)),
                        None => text,
                    })
                })
            }),
            ("Error recipient", &|webhook| {
                webhook
                    .error_recipient
                    .as_ref()
                    .map_or_else(Cell::default, |recipient| {
                        Cell::from(guess_mark(
                            webhook,
                            GuessedField::ErrorRecipient,
                            Text::new().copy(recipient),
                        ))
                    })
            }),
            ("Note", &|webhook| {
                let mut lines: Vec<Text> = webhook.note.iter().map(|note| prose(note)).collect();
                if let Some(guess) = &webhook.guess {
                    lines.push(Text::from(format!(
                        "Guessed values are not from the guide: the real ones are in {}.",
                        guess.location.trim().trim_end_matches('.')
                    )));
                }
                Cell(lines)
            }),
            ("action", &|webhook| Cell::from(Text::new().code(&webhook.action))),
        ];
        let mut blocks = vec![Block::KeyValues {
            items: vec![field("Where", Text::from(place))],
        }];
        // A value every web hook shares is said once above the table, not repeated per row;
        // the When label and the action tell the web hooks apart, so they always stay.
        let mut shared = Vec::new();
        let mut per_row: Vec<&dyn Fn(&WebhookItem) -> Cell> = Vec::new();
        let mut headers = Vec::new();
        for (header, cell) in columns {
            let first = cell(&webhooks[0]);
            let distinguishes = matches!(header, "When" | "action");
            let same = webhooks.len() > 1 && webhooks.iter().all(|webhook| cell(webhook) == first);
            if same && !distinguishes {
                if !first.is_empty() {
                    shared.push(field(header, join_lines(first)));
                }
            } else if distinguishes || webhooks.iter().any(|webhook| !cell(webhook).is_empty()) {
                headers.push(header.to_owned());
                per_row.push(cell);
            }
        }
        if !shared.is_empty() {
            blocks.push(Block::Paragraph {
                text: Text::from(format!("Every one of the {} web hooks gets the same:", webhooks.len())),
            });
            blocks.push(Block::KeyValues { items: shared });
        }
        let rows = webhooks
            .iter()
            .map(|webhook| Row {
                action: Some(self.ids.make("webhook", &webhook.action)),
                cells: per_row.iter().map(|cell| cell(webhook)).collect(),
            })
            .collect();
        blocks.push(Block::Table(Table { headers, rows }));
        blocks
    }

    fn typed_webhooks(&mut self, place: &str, webhooks: &[WebhookItem]) -> Vec<Block> {
        let value = |source: Option<&crate::plan::ValueSourceItem>| {
            source.map_or_else(Text::new, |source| match &source.url {
                Some(url) => Text::new().copy(url),
                None => prose(&source.instructions),
            })
        };
        let rows = webhooks
            .iter()
            .map(|webhook| Row {
                action: Some(self.ids.make("webhook", &webhook.action)),
                cells: vec![
                    Cell::from(Text::new().code(&webhook.action)),
                    Cell::from(value(webhook.endpoint.as_ref())),
                    webhook
                        .note
                        .as_ref()
                        .map_or_else(Cell::default, |note| Cell::from(prose(note))),
                ],
            })
            .collect();
        let mut items = vec![field("Where", Text::from(place))];
        // Every typed webhook (Ashby's) of a partner shares the secret token's source: say it once.
        if let Some(secret) = webhooks.first().and_then(|webhook| webhook.secret.as_ref()) {
            items.push(field("Secret token", prose(&secret.instructions)));
        }
        vec![
            Block::KeyValues { items },
            Block::Table(Table {
                headers: strings(&["Webhook type", "Request URL", "Note"]),
                rows,
            }),
        ]
    }

    fn toggled_webhooks(&mut self, place: &str, webhooks: &[WebhookItem]) -> Vec<Block> {
        let rows = webhooks
            .iter()
            .map(|webhook| {
                let endpoint = webhook.endpoint.as_ref().map_or_else(
                    || Text::from("set by the partner's app"),
                    |endpoint| match &endpoint.url {
                        Some(url) => Text::new().copy(url),
                        None => prose(&endpoint.instructions),
                    },
                );
                let toggle = vec![unverified_mark(
                    Text::new().copy(&webhook.event),
                    webhook.event_label_verified,
                )];
                Row {
                    action: Some(self.ids.make("webhook", &webhook.action)),
                    cells: vec![
                        Cell(toggle),
                        Cell::from(Text::new().code(&webhook.action)),
                        Cell::from(endpoint),
                        webhook
                            .note
                            .as_ref()
                            .map_or_else(Cell::default, |note| Cell::from(prose(note))),
                    ],
                }
            })
            .collect();
        vec![
            Block::KeyValues {
                items: vec![field("Where", Text::from(place))],
            },
            Block::Table(Table {
                headers: strings(&["Toggle", "event", "Endpoint", "Note"]),
                rows,
            }),
        ]
    }
}

/// A UI label, marked when its wording comes from the API docs rather than the screen.
fn unverified_mark(label: Text, verified: bool) -> Text {
    if verified {
        label
    } else {
        label.plain(" ").plain(LABEL_UNVERIFIED)
    }
}

/// What a scope lets the partner do, when more than reading.
fn access_mark(access: ScopeAccess) -> &'static str {
    match access {
        ScopeAccess::Read => "",
        ScopeAccess::Write => " (writes)",
        ScopeAccess::Destroy => " (destroys)",
    }
}

/// A web hook value, marked when the manifest guessed it.
fn guess_mark(webhook: &WebhookItem, which: GuessedField, value: Text) -> Text {
    if webhook
        .guess
        .as_ref()
        .is_some_and(|guess| guess.fields.contains(&which))
    {
        value.plain(" ").plain(GUESS)
    } else {
        value
    }
}

fn action_of(id: String, text: Text) -> Action {
    Action {
        id,
        text,
        detail: Vec::new(),
        fields: Vec::new(),
    }
}

fn field(label: &str, value: Text) -> Field {
    Field {
        label: label.to_owned(),
        value,
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn need(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// A cell's lines as one text, for a shared value said once.
fn join_lines(cell: Cell) -> Text {
    let mut lines = cell.0.into_iter();
    let first = lines.next().unwrap_or_default();
    lines.fold(first, |text, line| text.plain(" ").append(line))
}

/// Free text from a manifest, with `backticked` words as code.
pub(super) fn prose(text: &str) -> Text {
    let text = text.trim();
    let backticks = text.bytes().filter(|byte| *byte == b'`').count();
    // An even number of backticks means they pair up; otherwise they are literal.
    if backticks < 2 || !backticks.is_multiple_of(2) {
        return Text::from(text);
    }
    let mut result = Text::new();
    for (index, part) in text.split('`').enumerate() {
        result = if index % 2 == 1 && !part.is_empty() {
            result.code(part)
        } else {
            result.plain(part)
        };
    }
    result
}

/// A contact from a manifest's free-form contact: an email, a web address, or a name.
fn contact_of(partner: &str, purpose: Option<&str>, contact: &str) -> Contact {
    let contact = contact.trim();
    let (email, url, name) = if contact.contains("://") {
        (None, Some(contact.to_owned()), partner.to_owned())
    } else if contact.contains('@') {
        (Some(contact.to_owned()), None, partner.to_owned())
    } else {
        (None, None, contact.to_owned())
    };
    Contact {
        name,
        purpose: purpose.map(str::to_owned),
        email,
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code_when_they_pair_up() {
        let text = prose("the token's `sub` claim");
        assert_eq!(text.spans().len(), 3);
        assert_eq!(text.spans()[1].text, "sub");
        assert_eq!(text.spans()[1].style, super::super::SpanStyle::Code);
        assert_eq!(prose("a ` stray").to_plain(), "a ` stray");
    }

    #[test]
    fn contacts_are_told_apart() {
        assert_eq!(
            contact_of("eqtble", None, "hello@eqtble.com").email.as_deref(),
            Some("hello@eqtble.com")
        );
        assert_eq!(
            contact_of("x", None, "https://x.example/help").url.as_deref(),
            Some("https://x.example/help")
        );
        assert_eq!(
            contact_of("x", None, "your account manager").name,
            "your account manager"
        );
    }
}
