//! The text leaves of a document: what the same-facts check looks for in every format.

use super::block::{Block, Cell};
use super::inline::Text;
use super::{Document, Section};

pub(super) fn collect(document: &Document) -> Vec<String> {
    let mut facts = Facts::default();
    facts.push(&document.title);
    if let Some(subtitle) = &document.subtitle {
        facts.text(subtitle);
    }
    facts.push(&document.subject.partner_id);
    facts.push(&document.subject.ats_name);
    facts.push(&document.subject.manifest_fingerprint);
    for section in &document.sections {
        facts.section(section);
    }
    facts.0
}

#[derive(Default)]
struct Facts(Vec<String>);

impl Facts {
    fn push(&mut self, text: &str) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.0.push(text);
        }
    }

    fn text(&mut self, text: &Text) {
        for span in text.spans() {
            self.push(&span.text);
        }
    }

    fn cell(&mut self, cell: &Cell) {
        for line in &cell.0 {
            self.text(line);
        }
    }

    fn section(&mut self, section: &Section) {
        self.push(&section.heading);
        for block in &section.blocks {
            match block {
                Block::Heading { text } | Block::Paragraph { text } | Block::Warning { text } => self.text(text),
                Block::Action(action) => {
                    self.text(&action.text);
                    action.detail.iter().for_each(|text| self.text(text));
                    for field in &action.fields {
                        self.push(&field.label);
                        self.text(&field.value);
                    }
                }
                Block::KeyValues { items } => {
                    for field in items {
                        self.push(&field.label);
                        self.text(&field.value);
                    }
                }
                Block::Table(table) => {
                    table.headers.iter().for_each(|header| self.push(header));
                    for row in &table.rows {
                        row.cells.iter().for_each(|cell| self.cell(cell));
                    }
                }
                Block::Note(note) => {
                    self.push(&note.kind);
                    if let Some(certainty) = note.certainty {
                        self.push(certainty.label());
                    }
                    if let Some(about) = &note.about {
                        self.push(about);
                    }
                    self.text(&note.text);
                }
                Block::Contact(contact) => {
                    self.push(&contact.name);
                    for value in [&contact.purpose, &contact.email, &contact.url].into_iter().flatten() {
                        self.push(value);
                    }
                }
                Block::Command(command) => {
                    self.push(&command.command);
                    if let Some(description) = &command.description {
                        self.text(description);
                    }
                }
                Block::Bullets { items } => items.iter().for_each(|item| self.text(item)),
            }
        }
    }
}
