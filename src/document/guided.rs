//! `apply`'s guided checklist as a document: the web hooks a person creates by hand in the
//! ATS's UI, the values to copy for each, and which ones were confirmed already. The walk at a
//! terminal shows the same sections one at a time; Markdown, HTML and JSON show them all.

use super::ids::IdSet;
use super::{Action, Block, Certainty, Command, Document, DocumentKind, Field, Section, Subject, Text};
use crate::guided::{ApplyOutcome, Outcome, Session};
use crate::manifest::GuessedField;
use crate::plan::{ValueSourceItem, WebhookItem};

const GUESS: &str = "(guess)";

/// The whole checklist: where to work, every web hook still to create, those confirmed, and
/// the command that records confirmations.
pub fn guided_document(session: &Session, manifest_fingerprint: &str) -> Document {
    let mut document = guided_header(session, manifest_fingerprint);
    let pending = session.pending();
    let mut ids = item_ids(session);
    document.sections.extend(
        pending
            .iter()
            .map(|index| item_section(session, *index, std::mem::take(&mut ids[*index]))),
    );
    if let Some(section) = confirmed_section(session) {
        document.sections.push(section);
    }
    if !pending.is_empty() {
        document.sections.push(Section {
            id: "section-record".to_owned(),
            number: None,
            heading: "Record what was created".to_owned(),
            blocks: vec![Block::Command(Command {
                command: apply_command(session),
                description: Some(Text::from(
                    "asks about each web hook still to create and saves each confirmation, so the next run \
                     starts with what is left",
                )),
            })],
        });
    }
    document
}

/// The title and where the work is done; the walk shows this first, then one item at a time.
pub fn guided_header(session: &Session, manifest_fingerprint: &str) -> Document {
    let checklist = session.checklist();
    let total = checklist.items.len();
    let done = session.done_count();
    let ats = checklist.ats;
    let screen = &ats.spec().webhooks;
    // Only an ATS whose apply is a guided checklist gets here; one without the facts still
    // gets where to work.
    let (permission, on_save) = ats
        .spec()
        .apply
        .guided()
        .map_or(("", ""), |guided| (guided.permission, guided.on_save));
    let mut where_text = Text::from(format!(
        "{} has no API for web hooks: create each one in ",
        ats.display_name()
    ))
    .code(screen.place);
    if !permission.is_empty() {
        where_text = where_text
            .plain(" (this needs the developer permission ")
            .copy(permission)
            .plain(")");
    }
    where_text = where_text.plain(format!(". {on_save}").trim_end());
    Document {
        kind: DocumentKind::Apply,
        title: format!(
            "{} on {} — {total} web hooks to create by hand",
            checklist.partner_name,
            ats.display_name()
        ),
        subtitle: Some(Text::from(format!(
            "{done} of {total} confirmed; {} still to create",
            total - done
        ))),
        subject: Subject {
            partner_id: checklist.partner.clone(),
            partner_name: checklist.partner_name.clone(),
            ats: ats.as_str().to_owned(),
            ats_name: ats.display_name().to_owned(),
            manifest_fingerprint: manifest_fingerprint.to_owned(),
        },
        sections: vec![Section {
            id: "section-where".to_owned(),
            number: None,
            heading: "Where".to_owned(),
            blocks: vec![Block::Paragraph { text: where_text }],
        }],
    }
}

/// The action ids of every item, in checklist order: made from the item, not its position.
fn item_ids(session: &Session) -> Vec<String> {
    let mut ids = IdSet::default();
    session
        .checklist()
        .items
        .iter()
        .map(|item| ids.make("webhook", &format!("{} {}", item.action, item.name)))
        .collect()
}

/// Web hook `index` as its own section: one action to tick, with a field per value to copy.
/// `None` when the checklist has no item `index`.
pub fn guided_item_section(session: &Session, index: usize) -> Option<Section> {
    let id = item_ids(session).into_iter().nth(index)?;
    Some(item_section(session, index, id))
}

fn item_section(session: &Session, index: usize, id: String) -> Section {
    let items = &session.checklist().items;
    let item = &items[index];
    Section {
        id: format!("section-{id}"),
        number: None,
        heading: format!("Web hook {} of {}", index + 1, items.len()),
        blocks: vec![Block::Action(item_action(item, id))],
    }
}

fn item_action(item: &WebhookItem, id: String) -> Action {
    let guessed = |field: GuessedField| item.guess.as_ref().is_some_and(|guess| guess.fields.contains(&field));
    let marked = |text: Text, field: GuessedField| {
        if guessed(field) {
            text.plain(" ").plain(GUESS)
        } else {
            text
        }
    };
    let mut when = marked(Text::new().copy(&item.event), GuessedField::Event);
    if !item.event_label_verified {
        when = when.plain(format!(" ({})", Certainty::ApiDocs.label()));
    }
    let mut fields = vec![
        Field {
            label: "Name".to_owned(),
            value: marked(Text::new().copy(&item.name), GuessedField::Name),
        },
        Field {
            label: "When".to_owned(),
            value: when,
        },
    ];
    let mut detail = Vec::new();
    if let Some(endpoint) = &item.endpoint {
        fields.push(Field {
            label: "Endpoint URL".to_owned(),
            value: value_source(endpoint),
        });
    }
    if let Some(secret) = &item.secret {
        fields.push(Field {
            label: "Secret key".to_owned(),
            value: value_source(secret),
        });
        if secret.source == "harvest-api-key" {
            detail.push(Text::from(
                "Unsafe: anyone who can read web hook settings learns the Harvest key; ask the partner for a separate \
                 secret.",
            ));
        }
        if let Some(instead) = &secret.v3_instead {
            detail.push(Text::from(instead.trim()));
        }
    }
    fields.push(Field {
        label: "Error recipient".to_owned(),
        value: match &item.error_recipient {
            Some(recipient) => marked(Text::new().copy(recipient), GuessedField::ErrorRecipient),
            None => Text::from("optional; the partner names none"),
        },
    });
    fields.push(Field {
        label: "Payload action".to_owned(),
        value: Text::new().code(&item.action),
    });
    if let Some(note) = &item.note {
        detail.push(Text::from(note.trim()));
    }
    if let Some(guess) = &item.guess {
        detail.push(Text::from(format!(
            "Values marked {GUESS} are not in the partner's guide; the real ones: {}",
            guess.location.trim()
        )));
    }
    Action {
        id,
        text: Text::from("Create the web hook ")
            .strong(&item.name)
            .plain(" for ")
            .plain(format!("“{}”", item.event)),
        detail,
        fields,
    }
}

/// A URL or secret: the value itself when the manifest fixes it, else where it comes from.
fn value_source(value: &ValueSourceItem) -> Text {
    match &value.url {
        Some(url) => Text::new().copy(url),
        None => Text::from(format!(
            "[{}] {}",
            source_label(value.source),
            value.instructions.trim()
        )),
    }
}

/// Where a value that is not in the manifest comes from (the plan's `source` names).
fn source_label(source: &str) -> &str {
    match source {
        "partner-team" => "from the partner's team",
        "partner-dashboard" => "from the partner's dashboard",
        "customer-chosen" => "you choose it",
        "harvest-api-key" => "the Harvest API key",
        "fixed" => "fixed",
        other => other,
    }
}

fn confirmed_section(session: &Session) -> Option<Section> {
    let items = &session.checklist().items;
    let confirmed: Vec<Text> = (0..items.len())
        .filter(|index| session.is_done(*index))
        .map(|index| named(&items[index]))
        .collect();
    (!confirmed.is_empty()).then(|| Section {
        id: "section-confirmed".to_owned(),
        number: None,
        heading: format!("Already confirmed ({})", confirmed.len()),
        blocks: vec![Block::Bullets { items: confirmed }],
    })
}

/// How a walk ended: the verdict, what is left, and how to go on.
pub fn guided_result_section(session: &Session, outcome: &ApplyOutcome) -> Section {
    let items = &session.checklist().items;
    let mut blocks = vec![Block::Paragraph {
        text: Text::from(capitalised(&outcome.reason())),
    }];
    let pending = session.pending();
    if !pending.is_empty() {
        blocks.push(Block::Bullets {
            items: pending.iter().map(|index| named(&items[*index])).collect(),
        });
        let command = apply_command(session);
        blocks.push(Block::Command(Command {
            command: command.clone(),
            description: Some(Text::from("continues with the web hooks still to create")),
        }));
        blocks.push(Block::Command(Command {
            command: format!("{command} --format html > checklist.html"),
            description: Some(Text::from(format!(
                "the rest as a page to send to the {} admin (also --format markdown)",
                session.checklist().ats.display_name()
            ))),
        }));
    }
    Section {
        id: "section-result".to_owned(),
        number: None,
        heading: match outcome.outcome() {
            Outcome::Created | Outcome::NothingToDo => "Done".to_owned(),
            _ => "Still to do".to_owned(),
        },
        blocks,
    }
}

/// The command that walks this checklist again, for the partner and ATS it is of.
fn apply_command(session: &Session) -> String {
    let checklist = session.checklist();
    format!("atsctl apply {} --ats {}", checklist.partner, checklist.ats.as_str())
}

/// A web hook by its name and its "When" label: several may share one name.
fn named(item: &WebhookItem) -> Text {
    Text::new()
        .copy(&item.name)
        .plain(format!(" — “{}” (", item.event))
        .code(&item.action)
        .plain(")")
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guided::GuidedChecklist;
    use crate::manifest::Ats;

    fn eqtble() -> Session {
        let bundled = crate::manifest::bundled("eqtble").expect("bundled");
        let manifest = crate::manifest::load(bundled.file, bundled.text)
            .manifest
            .expect("loads");
        let checklist = crate::plan::checklist(&manifest, Ats::Greenhouse).expect("a Greenhouse setup");
        Session::start(GuidedChecklist::webhooks(&checklist), None).0
    }

    #[test]
    fn web_hooks_sharing_a_name_get_distinct_ids_that_do_not_shift_when_one_is_confirmed() {
        let mut session = eqtble();
        let before = guided_document(&session, "0123456789abcdef").action_ids().join(" ");
        let ids: Vec<String> = before.split(' ').map(str::to_owned).collect();
        assert_eq!(ids.len(), session.checklist().items.len());
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");

        session.confirm(0, 1);
        let after = guided_document(&session, "0123456789abcdef");
        assert_eq!(
            after.action_ids(),
            ids[1..].iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(after.sections.iter().any(|section| section.id == "section-confirmed"));
        assert_eq!(
            guided_item_section(&session, 1).map(|section| section.heading),
            Some(format!("Web hook 2 of {}", ids.len()))
        );
        assert!(guided_item_section(&session, ids.len()).is_none());
    }

    #[test]
    fn the_harvest_key_as_secret_is_called_unsafe_with_what_to_use_on_v3() {
        let session = eqtble();
        let facts = guided_document(&session, "0123456789abcdef").facts().join("\n");
        assert!(facts.contains("Unsafe: anyone who can read web hook settings learns the Harvest key"));
        assert!(facts.contains("On Harvest v3 there is no API key to reuse"), "{facts}");
    }
}
