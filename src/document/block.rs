//! The blocks a section is made of. Each says what it is (an action to tick, a warning, a
//! contact), never how it looks: that is each renderer's job.

use serde::Serialize;

use super::inline::Text;

/// One block of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// A heading inside a section (a permission category).
    Heading {
        text: Text,
    },
    Paragraph {
        text: Text,
    },
    /// Something a person does and ticks off.
    Action(Action),
    /// Labelled facts: "Who: a Site Admin".
    KeyValues {
        items: Vec<Field>,
    },
    Table(Table),
    Warning {
        text: Text,
    },
    Note(Note),
    Contact(Contact),
    /// A command to run.
    Command(Command),
    Bullets {
        items: Vec<Text>,
    },
}

/// Something to do. `id` is stable across runs of the same manifest, so a checklist can
/// remember which actions are done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Action {
    pub id: String,
    pub text: Text,
    /// Further paragraphs explaining the action.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<Text>,
    /// The values the action needs, each labelled ("Partner: Headhuntr.io").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

/// A label and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    pub label: String,
    pub value: Text,
}

/// A table: a header per column, rows of cells. A row with an `action` id is something to
/// tick, like an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    pub cells: Vec<Cell>,
}

/// A cell: one or more lines (a permission's several scopes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Cell(pub Vec<Text>);

impl Cell {
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Text::is_empty)
    }
}

impl From<Text> for Cell {
    fn from(text: Text) -> Self {
        Cell(vec![text])
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell(vec![Text::from(text)])
    }
}

/// A remark on the source: a correction to the partner's guide, a clarification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// `correction`, `clarification`, ... Serialized as `note_kind`: the block's own tag is
    /// `kind`, and one object must not carry the key twice.
    #[serde(rename = "note_kind")]
    pub kind: String,
    /// How sure the statement is, when the source says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certainty: Option<Certainty>,
    /// What the note is about (`greenhouse.webhooks`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    pub text: Text,
}

/// How a fact is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Seen in the product or a screenshot of it.
    Verified,
    /// Worded as the API documentation words it; the screen may differ.
    ApiDocs,
    /// Worked out from other facts.
    Inferred,
    /// A stand-in value; the real one is elsewhere.
    Guess,
}

impl Certainty {
    /// The words every renderer shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::ApiDocs => "label from Greenhouse's API docs, unverified on screen",
            Self::Inferred => "inferred: confirm with the partner",
            Self::Guess => "a guess",
        }
    }
}

/// Someone to contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub name: String,
    /// What to contact them about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A command line to run, with what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Command {
    pub command: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_block_serializes_each_key_once() {
        let block = Block::Note(Note {
            kind: "correction".to_owned(),
            certainty: Some(Certainty::ApiDocs),
            about: None,
            text: Text::from("x"),
        });
        let json = serde_json::to_string(&block).expect("serializes");
        assert_eq!(json.matches("\"kind\"").count(), 1, "{json}");
        assert!(json.contains("\"note_kind\":\"correction\""), "{json}");
        assert!(json.contains("\"certainty\":\"api_docs\""), "{json}");
    }
}
