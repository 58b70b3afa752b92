//! What a person reads, as data: a document of ordered sections of blocks (actions to tick,
//! tables, warnings, notes, contacts). Commands build a document from their result (a plan's
//! checklist, a credential check's report); the binary's renderers turn the one document into a
//! terminal layout, Markdown, HTML or JSON, so no format can know a fact another lacks.

mod block;
mod check;
mod checklist;
mod facts;
mod fingerprint;
mod guided;
mod guided_outcome;
mod ids;
mod inline;
mod upgrade;

use serde::Serialize;

pub use block::{Action, Block, Cell, Certainty, Command, Contact, Field, Note, Row, Table};
pub use check::{BeyondNeed, CheckGroup, CheckItem, CheckView, Detail, ItemStatus, check_document};
pub use checklist::plan_document;
pub use fingerprint::manifest_fingerprint;
pub use guided::{guided_document, guided_header, guided_item_section, guided_result_section};
pub use guided_outcome::apply_outcome_document;
pub use inline::{Span, SpanStyle, Text};
pub use upgrade::upgrade_document;

/// A document: a title, what it is about, and its sections in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub kind: DocumentKind,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    pub subject: Subject,
    pub sections: Vec<Section>,
}

/// Which command's document this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// `atsctl plan`: the setup checklist.
    Plan,
    /// `atsctl diff`: what customers already set up must change.
    Upgrade,
    /// `atsctl validate` and `setup`'s check: what a credential has against what a partner needs.
    Check,
    /// `atsctl setup`: the wizard's summary of what is done and what remains.
    SetupSummary,
    /// `atsctl apply`: what was created, confirmed, or is still to create.
    Apply,
}

impl DocumentKind {
    /// The kind as serialized: `plan`, `upgrade`, `apply`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Upgrade => "upgrade",
            Self::Check => "check",
            Self::SetupSummary => "setup_summary",
            Self::Apply => "apply",
        }
    }
}

/// The partner, ATS and manifest a document is about. The fingerprint tells one version of a
/// manifest from another, so saved progress on a checklist is not applied to a changed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub partner_id: String,
    pub partner_name: String,
    /// `greenhouse`, `lever`.
    pub ats: String,
    pub ats_name: String,
    pub manifest_fingerprint: String,
}

/// A section: a heading and its blocks. Steps of the setup are numbered; reference sections at
/// the end (warnings, notes, contacts) are not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// Unique within the document; usable as an anchor.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    pub heading: String,
    pub blocks: Vec<Block>,
}

impl Section {
    /// The heading as shown: "3. Create the credential".
    pub fn numbered_heading(&self) -> String {
        match self.number {
            Some(number) => format!("{number}. {}", self.heading),
            None => self.heading.clone(),
        }
    }
}

impl Document {
    /// Every action id, tickable table rows included, in document order.
    pub fn action_ids(&self) -> Vec<&str> {
        let mut ids = Vec::new();
        for block in self.sections.iter().flat_map(|section| &section.blocks) {
            match block {
                Block::Action(action) => ids.push(action.id.as_str()),
                Block::Table(table) => ids.extend(table.rows.iter().filter_map(|row| row.action.as_deref())),
                _ => {}
            }
        }
        ids
    }

    /// Every piece of text a reader sees, one leaf per span, heading, label or cell line:
    /// whatever a renderer shows must contain each of them.
    pub fn facts(&self) -> Vec<String> {
        facts::collect(self)
    }
}
