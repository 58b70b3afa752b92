//! The document for a terminal: numbered headings, `☐` actions with hanging indents, tables
//! as grids or row blocks. Every line fits the width, indentation included; styles are ANSI
//! codes the output writer strips when colour is off.

use anstyle::{AnsiColor, Style};
use atsctl::document::{Block, Contact, Document, Field, Note, Section, SpanStyle, Table, Text};

use super::grid::{self, GridStyle, GridText, Shape};
use super::wrap::{Lines, Part, StyledStr, Styles, text_width};
use crate::cli::output::style;

/// Body text sits this far in under its section heading.
const INDENT: usize = 2;

/// Values a person types or pastes.
const VALUE: Style = AnsiColor::Cyan.on_default();

/// The document laid out for `width` columns.
pub(crate) fn render(document: &Document, width: usize, styles: Styles) -> String {
    let mut lines = Lines::with_styles(styles);
    // A plan lays out to tens of kilobytes: room for that up front instead of a dozen regrowths.
    lines.reserve(32 * 1024, 512);
    lines.hanging(&[], &[StyledStr::styled(&document.title, style::EMPHASIS)], 0, width);
    if let Some(subtitle) = &document.subtitle {
        lines.hanging(&[], &runs_in(subtitle, style::DIM), 0, width);
    }
    let subject = &document.subject;
    let mut meta = vec![
        StyledStr::styled("Partner ", style::DIM),
        StyledStr::token(&subject.partner_id, style::DIM),
        StyledStr::styled(" · ", style::DIM),
        StyledStr::styled(&subject.ats_name, style::DIM),
    ];
    // The wizard's check report has no fingerprint: it never reads the manifest's bytes.
    if !subject.manifest_fingerprint.is_empty() {
        meta.push(StyledStr::styled(" · manifest ", style::DIM));
        meta.push(StyledStr::token(&subject.manifest_fingerprint, style::DIM));
    }
    lines.hanging(&[], &meta, 0, width);
    for section in &document.sections {
        lines.end_line();
        section_lines(section, width, &mut lines);
    }
    lines.into_text()
}

/// Sections alone, without the document's title and subject: an excerpt shown inside another
/// flow (the wizard shows the plan's connection step as the plan shows it).
pub(crate) fn render_sections(sections: &[Section], width: usize) -> String {
    let mut lines = Lines::new();
    for section in sections {
        lines.end_line();
        section_lines(section, width, &mut lines);
    }
    lines.into_text()
}

/// One section alone, laid out as [`render`] lays it out: for a document shown a piece at a
/// time (apply's guided walk).
pub(crate) fn render_section(section: &Section, width: usize) -> String {
    let mut lines = Lines::new();
    section_lines(section, width, &mut lines);
    lines.into_text()
}

fn section_lines(section: &Section, width: usize, lines: &mut Lines) {
    let heading_style = if section.number.is_some() {
        style::HEADING
    } else {
        match section.blocks.first() {
            Some(Block::Warning { .. }) => style::WARNING,
            _ => style::EMPHASIS,
        }
    };
    let heading = section.numbered_heading();
    lines.hanging(&[], &[StyledStr::styled(&heading, heading_style)], 0, width);
    // Tables with the same columns in one section (a permission table per category) share
    // one shape, so they line up and do not switch between grid and blocks.
    let mut shapes: Vec<(&[String], Shape)> = Vec::new();
    let grids: Vec<(&[String], GridText<'_>)> = section
        .blocks
        .iter()
        .filter_map(|block| match block {
            Block::Table(table) => Some((table.headers.as_slice(), grid_of(table))),
            _ => None,
        })
        .collect();
    for (headers, _) in &grids {
        if !shapes.iter().any(|(known, _)| known == headers) {
            let alike: Vec<&GridText<'_>> = grids
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
            lines.end_line();
        }
        match (block, tables.next_if(|_| matches!(block, Block::Table(_)))) {
            (Block::Table(_), Some((headers, grid))) => {
                let shape = shapes
                    .iter()
                    .find(|(known, _)| known == headers)
                    .map_or(&Shape::Blocks, |(_, shape)| shape);
                grid::layout_as(grid, shape, INDENT, width, GRID_STYLE, lines);
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

/// `mark` and a space, `indent` columns in: what starts a bullet, an action or a warning.
fn marker(indent: usize, mark: &str, style: Style) -> [Part<'_>; 3] {
    [Part::Spaces(indent), Part::Text(mark, style), Part::Text(" ", style)]
}

/// The spans of `text` as runs; `base` styles plain spans.
fn styled_spans(text: &Text, base: Style) -> impl Iterator<Item = StyledStr<'_>> {
    text.spans().iter().map(move |span| match span.style {
        SpanStyle::Plain => StyledStr::styled(&span.text, base),
        SpanStyle::Strong => StyledStr::styled(&span.text, base.bold()),
        SpanStyle::Code | SpanStyle::Link => StyledStr::token(&span.text, base),
        SpanStyle::Copy => StyledStr::token(&span.text, VALUE),
    })
}

fn runs_in(text: &Text, base: Style) -> Vec<StyledStr<'_>> {
    styled_spans(text, base).collect()
}

fn runs(text: &Text) -> Vec<StyledStr<'_>> {
    runs_in(text, Style::new())
}

fn block_lines(block: &Block, indent: usize, width: usize, lines: &mut Lines) {
    match block {
        Block::Heading { text } => {
            lines.hanging(&[Part::Spaces(indent)], &runs_in(text, style::EMPHASIS), indent, width);
        }
        Block::Paragraph { text } => lines.hanging(&[Part::Spaces(indent)], &runs(text), indent, width),
        Block::Action(action) => {
            let hang = indent + 2;
            lines.hanging(&marker(indent, "☐", Style::new()), &runs(&action.text), hang, width);
            for detail in &action.detail {
                lines.hanging(&[Part::Spaces(hang)], &runs(detail), hang, width);
            }
            fields(&action.fields, hang, width, lines);
        }
        Block::KeyValues { items } => fields(items, indent, width, lines),
        Block::Table(table) => grid::layout(&grid_of(table), indent, width, GRID_STYLE, lines),
        Block::Warning { text } => {
            lines.hanging(&marker(indent, "!", style::WARNING), &runs(text), indent + 2, width);
        }
        Block::Note(note) => lines.hanging(&marker(indent, "-", Style::new()), &note_runs(note), indent + 2, width),
        Block::Contact(contact) => {
            lines.hanging(&[Part::Spaces(indent)], &contact_runs(contact), indent + 2, width);
        }
        Block::Command(command) => {
            lines.hanging(
                &marker(indent, "$", style::DIM),
                &[StyledStr::token(&command.command, style::EMPHASIS)],
                indent + 2,
                width,
            );
            if let Some(description) = &command.description {
                lines.hanging(&[Part::Spaces(indent + 2)], &runs(description), indent + 2, width);
            }
        }
        Block::Bullets { items } => {
            for item in items {
                lines.hanging(&marker(indent, "•", Style::new()), &runs(item), indent + 2, width);
            }
        }
    }
}

/// `Label: value` lines; a wrapped value hangs two columns in under its label.
fn fields(items: &[Field], indent: usize, width: usize, lines: &mut Lines) {
    for field in items {
        let prefix = [
            Part::Spaces(indent),
            Part::Text(&field.label, style::EMPHASIS),
            Part::Text(": ", style::EMPHASIS),
        ];
        let value = runs(&field.value);
        // A label too wide to leave room for its value puts the value under it.
        if text_width(&field.label) + 2 + indent + MIN_VALUE_WIDTH > width {
            lines.hanging(&prefix, &[], indent + 2, width);
            lines.hanging(&[Part::Spaces(indent + 2)], &value, indent + 2, width);
        } else {
            lines.hanging(&prefix, &value, indent + 2, width);
        }
    }
}

/// The narrowest a value beside its label may be.
const MIN_VALUE_WIDTH: usize = 12;

/// `kind (certainty) [about]: text`, the head in bold.
fn note_runs(note: &Note) -> Vec<StyledStr<'_>> {
    let mut result = vec![StyledStr::styled(&note.kind, style::EMPHASIS)];
    if let Some(certainty) = note.certainty {
        result.extend([
            StyledStr::styled(" (", style::EMPHASIS),
            StyledStr::styled(certainty.label(), style::EMPHASIS),
            StyledStr::styled(")", style::EMPHASIS),
        ]);
    }
    if let Some(about) = &note.about {
        result.push(StyledStr::plain(" ["));
        result.push(StyledStr::token(about, style::DIM));
        result.push(StyledStr::plain("]"));
    }
    result.push(StyledStr::plain(": "));
    result.extend(styled_spans(&note.text, Style::new()));
    result
}

fn contact_runs(contact: &Contact) -> Vec<StyledStr<'_>> {
    let mut result = vec![StyledStr::styled(&contact.name, style::EMPHASIS)];
    if let Some(purpose) = &contact.purpose {
        result.extend([StyledStr::plain(" ("), StyledStr::plain(purpose), StyledStr::plain(")")]);
    }
    let mut ways = [&contact.email, &contact.url].into_iter().flatten().peekable();
    if ways.peek().is_some() {
        result.push(StyledStr::plain(":"));
    }
    for (index, way) in ways.enumerate() {
        result.push(StyledStr::plain(if index == 0 { " " } else { " · " }));
        result.push(StyledStr::token(way, VALUE));
    }
    result
}

/// The table's text, borrowed from the document.
fn grid_of(table: &Table) -> GridText<'_> {
    let mut grid = GridText::with_room(table.headers.iter().map(String::as_str).collect(), table.rows.len());
    for row in &table.rows {
        grid.start_row(row.action.is_some());
        for cell in &row.cells {
            grid.start_cell();
            for text in &cell.0 {
                grid.push_line(styled_spans(text, Style::new()));
            }
        }
    }
    grid
}
