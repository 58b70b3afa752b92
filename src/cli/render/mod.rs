//! Renderers of a [`Document`]: each format shows the one document and nothing else, so no
//! format can know a fact another lacks. The layout width comes from the output writer.

mod grid;
mod html;
mod json;
mod markdown;
mod terminal;
mod wrap;

use atsctl::document::Document;

pub(crate) use grid::{Grid, GridStyle};
pub(crate) use json::with_document;
pub(crate) use wrap::{Run, Styles};

/// A character every format may show as itself: control characters (an escape sequence hidden
/// in a manifest) and bidirectional overrides become U+FFFD, so text from a manifest can neither
/// rewrite a terminal nor display in a different order than it reads.
pub(crate) fn visible(c: char) -> char {
    let bidi_control = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
    if (c.is_control() && !c.is_whitespace()) || bidi_control {
        '\u{FFFD}'
    } else {
        c
    }
}

/// `--format` for commands that print a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DocumentFormat {
    /// For a person at a terminal, laid out to its width.
    #[value(alias = "table")]
    Terminal,
    /// Markdown with task boxes, to send to whoever does the setup.
    Markdown,
    /// One self-contained HTML page with checkboxes that remember their ticks.
    Html,
    /// The command's data with the document, for scripts.
    Json,
}

/// The document in a human format; `width` is used by the terminal layout only (Markdown and
/// HTML are never wrapped). JSON goes through [`with_document`].
pub(crate) fn render(document: &Document, format: DocumentFormat, width: usize) -> String {
    render_with_styles(document, format, width, Styles::Ansi)
}

/// [`render`], with the terminal layout's styles written as `styles` says.
pub(crate) fn render_with_styles(document: &Document, format: DocumentFormat, width: usize, styles: Styles) -> String {
    match format {
        DocumentFormat::Terminal => terminal::render(document, width, styles),
        DocumentFormat::Markdown => markdown::render(document),
        DocumentFormat::Html => html::render(document),
        DocumentFormat::Json => {
            let value = serde_json::to_value(document).unwrap_or(serde_json::Value::Null);
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
    }
}

/// Some sections of a document for a terminal, without its title: an excerpt shown inside
/// another command's flow.
pub(crate) fn terminal_sections(sections: &[atsctl::document::Section], width: usize) -> String {
    terminal::render_sections(sections, width)
}

/// One paragraph per line of `runs`' text, wrapped to `width` (a wizard's sentences between
/// document excerpts), with a newline at the end.
pub(crate) fn wrapped(runs: &[Run], width: usize) -> String {
    let runs: Vec<wrap::StyledStr<'_>> = runs.iter().map(Run::as_styled).collect();
    let mut lines = wrap::Lines::new();
    lines.hanging(&[], &runs, 0, width);
    lines.into_text()
}

/// One section of a document for the terminal, as [`render`] lays it out there.
pub(crate) fn terminal_section(section: &atsctl::document::Section, width: usize) -> String {
    terminal::render_section(section, width)
}

/// Lines of a laid-out table, for code that builds its own tables (see `table.rs`).
pub(crate) fn table_lines(grid: &Grid, indent: usize, width: usize, style: GridStyle) -> String {
    let mut lines = wrap::Lines::new();
    grid::layout(&grid.text(), indent, width, style, &mut lines);
    lines.into_text()
}

#[cfg(test)]
mod tests {
    use atsctl::document::{
        Action, Block, Cell, Certainty, Command, Contact, Document, DocumentKind, Field, Note, Row, Section, Subject,
        Table, Text,
    };
    use unicode_width::UnicodeWidthStr;

    use super::{DocumentFormat, Styles, render, render_with_styles};

    /// A document with every kind of block, text that wraps, and a table too wide for a grid.
    fn every_block() -> Document {
        let long = "Configure → Dev Center → Web Hooks → create a web hook for every event listed below, one at a time";
        let table = Table {
            headers: vec!["When".to_owned(), "Endpoint URL".to_owned(), "action".to_owned()],
            rows: vec![Row {
                action: Some("webhook-hire-candidate".to_owned()),
                cells: vec![
                    Cell::from(Text::new().copy("Candidate has been hired")),
                    Cell::from(Text::new().copy("https://hooks.example.com/greenhouse/a-rather-long-path/v1")),
                    Cell(vec![
                        Text::new().code("hire_candidate"),
                        Text::from("(API docs wording)"),
                    ]),
                ],
            }],
        };
        Document {
            kind: DocumentKind::Plan,
            title: "Example on Greenhouse — setup checklist".to_owned(),
            subtitle: Some(Text::from("From the guide ").link("https://example.com/guide")),
            subject: Subject {
                partner_id: "example".to_owned(),
                partner_name: "Example".to_owned(),
                ats: "greenhouse".to_owned(),
                ats_name: "Greenhouse".to_owned(),
                manifest_fingerprint: "0123456789abcdef".to_owned(),
            },
            sections: vec![
                Section {
                    id: "section-steps".to_owned(),
                    number: Some(1),
                    heading: "Do the steps in this order, which is the order the guide gives".to_owned(),
                    blocks: vec![
                        Block::Heading {
                            text: Text::from("Web hooks"),
                        },
                        Block::Paragraph { text: Text::from(long) },
                        Block::KeyValues {
                            items: vec![Field {
                                label: "Where".to_owned(),
                                value: Text::from(long),
                            }],
                        },
                        Block::Action(Action {
                            id: "step-create".to_owned(),
                            text: Text::from("Create the credential; ").copy("Harvest v3 client"),
                            detail: vec![Text::from(long)],
                            fields: vec![Field {
                                label: "Scopes".to_owned(),
                                value: Text::new().copy("harvest:candidate_employments:create"),
                            }],
                        }),
                        Block::Table(table),
                        Block::Bullets {
                            items: vec![Text::from("first bullet"), Text::from(long)],
                        },
                        Block::Command(Command {
                            command: "atsctl validate example --ats greenhouse".to_owned(),
                            description: Some(Text::from("checks the credential")),
                        }),
                    ],
                },
                Section {
                    id: "section-notes".to_owned(),
                    number: None,
                    heading: "Notes".to_owned(),
                    blocks: vec![
                        Block::Warning { text: Text::from(long) },
                        Block::Note(Note {
                            kind: "correction".to_owned(),
                            certainty: Some(Certainty::ApiDocs),
                            about: Some("greenhouse.webhooks".to_owned()),
                            text: Text::from(long),
                        }),
                        Block::Contact(Contact {
                            name: "Example".to_owned(),
                            purpose: Some("support".to_owned()),
                            email: Some("help@example.com".to_owned()),
                            url: Some("https://example.com".to_owned()),
                        }),
                    ],
                },
            ],
        }
    }

    #[test]
    fn no_terminal_line_is_wider_than_the_width() {
        let document = every_block();
        for width in 20..=200 {
            let text = anstream::adapter::strip_str(&render(&document, DocumentFormat::Terminal, width)).to_string();
            for line in text.lines() {
                assert!(line.width() <= width, "at {width}: {line:?}");
            }
        }
    }

    #[test]
    fn plain_layout_is_the_styled_layout_without_its_styles() {
        let document = every_block();
        for width in [20, 33, 40, 80, 120, 200] {
            let styled = render_with_styles(&document, DocumentFormat::Terminal, width, Styles::Ansi);
            let plain = render_with_styles(&document, DocumentFormat::Terminal, width, Styles::Plain);
            assert!(styled.contains('\u{1b}') && !plain.contains('\u{1b}'));
            assert_eq!(plain, anstream::adapter::strip_str(&styled).to_string(), "at {width}");
        }
    }

    #[test]
    fn wrapped_lines_hang_under_their_text() {
        let text = anstream::adapter::strip_str(&render(&every_block(), DocumentFormat::Terminal, 40)).to_string();
        let lines: Vec<&str> = text.lines().collect();
        let action = lines
            .iter()
            .position(|line| line.starts_with("  ☐ Create"))
            .expect("the action");
        assert!(lines[action + 1].starts_with("    ") && !lines[action + 1].starts_with("     "));
        let bullet = lines
            .iter()
            .position(|line| line.starts_with("  • Configure"))
            .expect("the bullet");
        assert!(lines[bullet + 1].starts_with("    "), "{:?}", lines[bullet + 1]);
    }

    #[test]
    fn every_format_shows_every_block() {
        let document = every_block();
        for format in [DocumentFormat::Terminal, DocumentFormat::Markdown, DocumentFormat::Html] {
            let text = render(&document, format, 1000);
            let text = anstream::adapter::strip_str(&text)
                .to_string()
                .replace("\\", "")
                .replace("&#39;", "'")
                .replace("<wbr>", "");
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for fact in document.facts() {
                assert!(words.contains(&fact), "{format:?} lacks {fact:?}");
            }
        }
    }
}
