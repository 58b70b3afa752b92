//! An [`ApplyOutcome`] as a document: the verdict, each item with what became of it, the
//! failure that stopped the run, and what only a person can do next. Any ATS whose apply
//! creates things through an API is shown this way.

use sha2::{Digest, Sha256};

use super::ids::IdSet;
use super::{Action, Block, Cell, Document, DocumentKind, Row, Section, Subject, Table, Text};
use crate::guided::{ApplyOutcome, Outcome};

/// The outcome of one `apply` run; `fingerprint` identifies the manifest it ran from (when the
/// caller has none, the items stand in for it, so saved ticks still belong to one set of items).
pub fn apply_outcome_document(outcome: &ApplyOutcome, fingerprint: &str) -> Document {
    let fingerprint = if fingerprint.is_empty() {
        items_fingerprint(outcome)
    } else {
        fingerprint.to_owned()
    };
    let ats = outcome.ats;
    let mut sections = vec![result_section(outcome)];
    if let Some(failure) = &outcome.failure {
        let mut blocks = vec![Block::Warning {
            text: Text::from(failure.message.as_str()),
        }];
        if !failure.help.is_empty() {
            blocks.push(Block::Bullets {
                items: failure.help.iter().map(|help| Text::from(help.as_str())).collect(),
            });
        }
        sections.push(Section {
            id: "section-failure".to_owned(),
            number: None,
            heading: "Stopped".to_owned(),
            blocks,
        });
    }
    if !outcome.next_steps.is_empty() {
        let mut ids = IdSet::default();
        sections.push(Section {
            id: "section-next".to_owned(),
            number: None,
            heading: "Next, by hand".to_owned(),
            blocks: outcome
                .next_steps
                .iter()
                .map(|step| {
                    Block::Action(Action {
                        id: ids.make("next", step),
                        text: Text::from(step.as_str()),
                        detail: Vec::new(),
                        fields: Vec::new(),
                    })
                })
                .collect(),
        });
    }
    Document {
        kind: DocumentKind::Apply,
        title: format!("{} on {} — web hooks", outcome.partner_name, ats.display_name()),
        subtitle: outcome
            .target
            .as_ref()
            .map(|target| Text::from("Delivering to ").copy(target)),
        subject: Subject {
            partner_id: outcome.partner_id.clone(),
            partner_name: outcome.partner_name.clone(),
            ats: ats.as_str().to_owned(),
            ats_name: ats.display_name().to_owned(),
            manifest_fingerprint: fingerprint,
        },
        sections,
    }
}

fn result_section(outcome: &ApplyOutcome) -> Section {
    let rows = outcome
        .items
        .iter()
        .map(|item| {
            let status = item.status.label();
            Row {
                action: None,
                cells: vec![
                    Cell::from(Text::new().copy(&item.key)),
                    Cell::from(status),
                    Cell::from(item.id.as_ref().map_or_else(Text::new, |id| Text::new().code(id))),
                    Cell(item.notes.iter().map(|note| Text::from(note.as_str())).collect()),
                ],
            }
        })
        .collect();
    let mut chars = outcome.reason().chars().collect::<Vec<_>>();
    if let Some(first) = chars.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    Section {
        id: "section-result".to_owned(),
        number: None,
        heading: if outcome.outcome() == Outcome::WouldCreate {
            "Plan".to_owned()
        } else {
            "Result".to_owned()
        },
        blocks: vec![
            Block::Paragraph {
                text: Text::from(chars.into_iter().collect::<String>()),
            },
            Block::Table(Table {
                headers: vec![
                    "Event".to_owned(),
                    "Status".to_owned(),
                    "Id".to_owned(),
                    "Note".to_owned(),
                ],
                rows,
            }),
        ],
    }
}

/// 16 hex digits over the partner, the ATS and each item's key.
fn items_fingerprint(outcome: &ApplyOutcome) -> String {
    let mut hash = Sha256::new();
    hash.update(outcome.partner_id.as_bytes());
    hash.update(outcome.ats.as_str().as_bytes());
    for item in &outcome.items {
        hash.update(b"\0");
        hash.update(item.key.as_bytes());
    }
    hex::encode(hash.finalize()).chars().take(16).collect()
}
