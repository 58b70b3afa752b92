//! The document for a terminal: numbered headings, `☐` actions with hanging indents, tables
//! as grids or row blocks. Every line fits the width, indentation included; styles are ANSI
//! codes the output writer strips when colour is off.

use anstyle::{AnsiColor, Style};
use atsctl::document::{Block, Contact, Document, Field, Note, Section, SpanStyle, Table, Text};

use super::grid::{self, Grid, GridStyle, Shape};
use super::wrap::{self, Line, Piece, Run, hanging, text_width};
use crate::cli::output::style;

/// Body text sits this far in under its section heading.
const INDENT: usize = 2;

/// Values a person types or pastes.
const VALUE: Style = AnsiColor::Cyan.on_default();

/// The document laid out for `width` columns.
pub(crate) fn render(document: &Document, width: usize) -> String {
    let mut lines: Vec<Line> = Vec::new();
    lines.extend(hanging(
        Vec::new(),
        &[Run::styled(&document.title, style::EMPHASIS)],
        0,
        width,
    ));
    if let Some(subtitle) = &document.subtitle {
        lines.extend(hanging(Vec::new(), &runs_in(subtitle, style::DIM), 0, width));
    }
    let subject = &document.subject;
    let mut meta = vec![
        Run::styled("Partner ", style::DIM),
        token(&subject.partner_id, style::DIM),
        Run::styled(" · ", style::DIM),
        Run::styled(&subject.ats_name, style::DIM),
    ];
    // The wizard's check report has no fingerprint: it never reads the manifest's bytes.
    if !subject.manifest_fingerprint.is_empty() {
        meta.push(Run::styled(" · manifest ", style::DIM));
        meta.push(token(&subject.manifest_fingerprint, style::DIM));
    }
    lines.extend(hanging(Vec::new(), &meta, 0, width));
    for section in &document.sections {
        lines.push(Vec::new());
        section_lines(section, width, &mut lines);
    }
    wrap::styled_text(lines)
}

/// Sections alone, without the document's title and subject: an excerpt shown inside another
/// flow (the wizard shows the plan's connection step as the plan shows it).
pub(crate) fn render_sections(sections: &[Section], width: usize) -> String {
    let mut lines: Vec<Line> = Vec::new();
    for section in sections {
        lines.push(Vec::new());
        section_lines(section, width, &mut lines);
    }
    wrap::styled_text(lines)
}

/// One section alone, laid out as [`render`] lays it out: for a document shown a piece at a
/// time (apply's guided walk).
pub(crate) fn render_section(section: &Section, width: usize) -> String {
    let mut lines: Vec<Line> = Vec::new();
    section_lines(section, width, &mut lines);
    wrap::styled_text(lines)
}

fn section_lines(section: &Section, width: usize, lines: &mut Vec<Line>) {
    let heading_style = if section.number.is_some() {
        style::HEADING
    } else {
        match section.blocks.first() {
            Some(Block::Warning { .. }) => style::WARNING,
            _ => style::EMPHASIS,
        }
    };
    lines.extend(hanging(
        Vec::new(),
        &[Run::styled(section.numbered_heading(), heading_style)],
        0,
        width,
    ));
    // Tables with the same columns in one section (a permission table per category) share
    // one shape, so they line up and do not switch between grid and blocks.
    let mut shapes: Vec<(&[String], Shape)> = Vec::new();
    let grids: Vec<(&[String], Grid)> = section
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some((table.headers.as_slice(), grid_of(table))),
            _ => None,
        })
        .collect();
    for (headers, _) in &grids {
        if !shapes.iter().any(|(known, _)| known == headers) {
            let alike: Vec<&Grid> = grids
                .iter()
                .filter(|(other, _)| other == headers)
                .map(|(_, grid)| grid)
                .collect();
            shapes.push((headers, grid::shape(&alike, INDENT, width)));
        }
    }
    let mut tables = grids.iter().peekable();
    let mut previous: Option<&Block> = None;
    for block in &section.blocks {
        if previous.is_some_and(|previous| needs_gap(previous, block)) {
            lines.push(Vec::new());
        }
        match (block, tables.next_if(|_| matches!(block, Block::Table(_)))) {
            (Block::Table(_), Some((headers, grid))) => {
                let shape = shapes
                    .iter()
                    .find(|(known, _)| known == headers)
                    .map_or(&Shape::Blocks, |(_, shape)| shape);
                lines.extend(grid::layout_as(grid, shape, INDENT, width, GRID_STYLE));
            }
            (other, _) => block_lines(other, INDENT, width, lines),
        }
        previous = Some(block);
    }
}

const GRID_STYLE: GridStyle = GridStyle {
    header: style::EMPHASIS,
    row_title: style::EMPHASIS,
};

/// A heading starts a new part and a table stands apart from the text after it; a table
/// follows its heading directly.
fn needs_gap(previous: &Block, next: &Block) -> bool {
    matches!(next, Block::Heading { .. })
        || matches!(previous, Block::Table(_))
        || (matches!(next, Block::Table(_)) && !matches!(previous, Block::Heading { .. }))
}

fn pad(columns: usize) -> Piece {
    Piece {
        text: " ".repeat(columns),
        style: Style::new(),
    }
}

fn marker(indent: usize, mark: &str, style: Style) -> Line {
    vec![
        pad(indent),
        Piece {
            text: format!("{mark} "),
            style,
        },
    ]
}

fn token(text: &str, style: Style) -> Run {
    Run {
        token: true,
        ..Run::styled(text, style)
    }
}

/// The spans of `text` as runs; `base` styles plain spans.
fn runs_in(text: &Text, base: Style) -> Vec<Run> {
    text.spans()
        .iter()
        .map(|span| match span.style {
            SpanStyle::Plain => Run::styled(&span.text, base),
            SpanStyle::Strong => Run::styled(&span.text, base.bold()),
            SpanStyle::Code | SpanStyle::Link => token(&span.text, base),
            SpanStyle::Copy => token(&span.text, VALUE),
        })
        .collect()
}

fn runs(text: &Text) -> Vec<Run> {
    runs_in(text, Style::new())
}

fn block_lines(block: &Block, indent: usize, width: usize, lines: &mut Vec<Line>) {
    match block {
        Block::Heading { text } => {
            lines.extend(hanging(
                vec![pad(indent)],
                &runs_in(text, style::EMPHASIS),
                indent,
                width,
            ));
        }
        Block::Paragraph { text } => lines.extend(hanging(vec![pad(indent)], &runs(text), indent, width)),
        Block::Action(action) => {
            let hang = indent + 2;
            lines.extend(hanging(
                marker(indent, "☐", Style::new()),
                &runs(&action.text),
                hang,
                width,
            ));
            for detail in &action.detail {
                lines.extend(hanging(vec![pad(hang)], &runs(detail), hang, width));
            }
            fields(&action.fields, hang, width, lines);
        }
        Block::KeyValues { items } => fields(items, indent, width, lines),
        Block::Table(table) => lines.extend(grid::layout(&grid_of(table), indent, width, GRID_STYLE)),
        Block::Warning { text } => {
            lines.extend(hanging(
                marker(indent, "!", style::WARNING),
                &runs(text),
                indent + 2,
                width,
            ));
        }
        Block::Note(note) => lines.extend(hanging(
            marker(indent, "-", Style::new()),
            &note_runs(note),
            indent + 2,
            width,
        )),
        Block::Contact(contact) => lines.extend(hanging(vec![pad(indent)], &contact_runs(contact), indent + 2, width)),
        Block::Command(command) => {
            lines.extend(hanging(
                marker(indent, "$", style::DIM),
                &[token(&command.command, style::EMPHASIS)],
                indent + 2,
                width,
            ));
            if let Some(description) = &command.description {
                lines.extend(hanging(vec![pad(indent + 2)], &runs(description), indent + 2, width));
            }
        }
        Block::Bullets { items } => {
            for item in items {
                lines.extend(hanging(
                    marker(indent, "•", Style::new()),
                    &runs(item),
                    indent + 2,
                    width,
                ));
            }
        }
    }
}

/// `Label: value` lines; a wrapped value hangs two columns in under its label.
fn fields(items: &[Field], indent: usize, width: usize, lines: &mut Vec<Line>) {
    for field in items {
        let prefix = vec![
            pad(indent),
            Piece {
                text: format!("{}: ", field.label),
                style: style::EMPHASIS,
            },
        ];
        let value = runs(&field.value);
        // A label too wide to leave room for its value puts the value under it.
        if text_width(&field.label) + 2 + indent + MIN_VALUE_WIDTH > width {
            lines.extend(hanging(prefix, &[], indent + 2, width));
            lines.extend(hanging(vec![pad(indent + 2)], &value, indent + 2, width));
        } else {
            lines.extend(hanging(prefix, &value, indent + 2, width));
        }
    }
}

/// The narrowest a value beside its label may be.
const MIN_VALUE_WIDTH: usize = 12;

fn note_runs(note: &Note) -> Vec<Run> {
    let mut head = note.kind.clone();
    if let Some(certainty) = note.certainty {
        head.push_str(&format!(" ({})", certainty.label()));
    }
    let mut result = vec![Run::styled(head, style::EMPHASIS)];
    if let Some(about) = &note.about {
        result.push(Run::plain(" ["));
        result.push(token(about, style::DIM));
        result.push(Run::plain("]"));
    }
    result.push(Run::plain(": "));
    result.extend(runs(&note.text));
    result
}

fn contact_runs(contact: &Contact) -> Vec<Run> {
    let mut result = vec![Run::styled(&contact.name, style::EMPHASIS)];
    if let Some(purpose) = &contact.purpose {
        result.push(Run::plain(format!(" ({purpose})")));
    }
    let mut ways = [&contact.email, &contact.url].into_iter().flatten().peekable();
    if ways.peek().is_some() {
        result.push(Run::plain(":"));
    }
    for (index, way) in ways.enumerate() {
        result.push(Run::plain(if index == 0 { " " } else { " · " }));
        result.push(token(way, VALUE));
    }
    result
}

fn grid_of(table: &Table) -> Grid {
    Grid {
        headers: table.headers.clone(),
        rows: table
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|cell| cell.0.iter().map(runs).collect()).collect())
            .collect(),
        tickable: table.rows.iter().map(|row| row.action.is_some()).collect(),
    }
}
