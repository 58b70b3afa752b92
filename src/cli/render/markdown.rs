//! The document as GitHub-flavoured Markdown, to send to whoever does the setup: actions and
//! tickable rows are task-list items, other tables are tables, values to paste are code. Never
//! wrapped; text from manifests is escaped so it cannot change the structure.

use std::fmt::Write as _;

use atsctl::document::{Block, Cell, Contact, Document, Field, Note, Section, SpanStyle, Table, Text};

use super::visible;

pub(crate) fn render(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&document.title));
    if let Some(subtitle) = &document.subtitle {
        let _ = writeln!(out, "{}\n", paragraph(subtitle));
    }
    let subject = &document.subject;
    let _ = writeln!(
        out,
        "Partner {} · {} · manifest {}\n",
        code(&subject.partner_id),
        escape(&subject.ats_name),
        code(&subject.manifest_fingerprint)
    );
    for section in &document.sections {
        section_text(section, &mut out);
    }
    // One newline at the end, however the last block ended.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn section_text(section: &Section, out: &mut String) {
    let _ = writeln!(out, "## {}\n", escape(&section.numbered_heading()));
    let mut in_list = false;
    for block in &section.blocks {
        let list_item = matches!(
            block,
            Block::Action(_) | Block::Note(_) | Block::Contact(_) | Block::Bullets { .. }
        );
        // Consecutive list items form one list; anything else ends it.
        if in_list && !list_item {
            out.push('\n');
        }
        in_list = list_item;
        match block {
            Block::Heading { text } => {
                let _ = writeln!(out, "### {}\n", inline(text));
            }
            Block::Paragraph { text } => {
                let _ = writeln!(out, "{}\n", paragraph(text));
            }
            Block::Action(action) => {
                let _ = writeln!(out, "- [ ] {}", inline(&action.text));
                for detail in &action.detail {
                    let _ = writeln!(out, "\n  {}\n", inline(detail));
                }
                for field in &action.fields {
                    let _ = writeln!(out, "  - {}", field_text(field));
                }
            }
            // A paragraph with hard line breaks, not a list: a list here would merge with a
            // task list after it.
            Block::KeyValues { items } => {
                let lines: Vec<String> = items.iter().map(field_text).collect();
                let _ = writeln!(out, "{}\n", lines.join("\\\n"));
            }
            Block::Table(table) => table_text(table, out),
            Block::Warning { text } => {
                let _ = writeln!(out, "> **Warning:** {}\n", inline(text));
            }
            Block::Note(note) => {
                let _ = writeln!(out, "- {}", note_text(note));
            }
            Block::Contact(contact) => {
                let _ = writeln!(out, "- {}", contact_text(contact));
            }
            Block::Command(command) => {
                let fence = fence_for(&command.command);
                let _ = writeln!(out, "{fence}sh\n{}\n{fence}\n", collapse(&command.command));
                if let Some(description) = &command.description {
                    let _ = writeln!(out, "{}\n", paragraph(description));
                }
            }
            Block::Bullets { items } => {
                for item in items {
                    let _ = writeln!(out, "- {}", inline(item));
                }
            }
        }
    }
    if in_list {
        out.push('\n');
    }
}

fn field_text(field: &Field) -> String {
    format!("**{}:** {}", escape(&field.label), inline(&field.value))
}

fn note_text(note: &Note) -> String {
    let mut head = format!("**{}**", escape(&note.kind));
    let mut qualifiers = Vec::new();
    if let Some(about) = &note.about {
        qualifiers.push(code(about));
    }
    if let Some(certainty) = note.certainty {
        qualifiers.push(escape(certainty.label()));
    }
    if !qualifiers.is_empty() {
        head.push_str(&format!(" ({})", qualifiers.join(", ")));
    }
    format!("{head}: {}", inline(&note.text))
}

fn contact_text(contact: &Contact) -> String {
    let mut text = format!("**{}**", escape(&contact.name));
    if let Some(purpose) = &contact.purpose {
        text.push_str(&format!(" ({})", escape(purpose)));
    }
    let ways: Vec<String> = [&contact.email, &contact.url]
        .into_iter()
        .flatten()
        .map(|way| code(way))
        .collect();
    if !ways.is_empty() {
        text.push_str(&format!(": {}", ways.join(" · ")));
    }
    text
}

/// A table whose rows are things to tick becomes a task list (GitHub renders the boxes), each
/// item `Header: value · Header: value`; any other table stays a table.
fn table_text(table: &Table, out: &mut String) {
    if table.rows.iter().all(|row| row.action.is_some()) && !table.rows.is_empty() {
        for row in &table.rows {
            let mut parts = Vec::new();
            for (column, cell) in row.cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let value = cell_inline(cell, ", ");
                match table.headers.get(column).map(String::as_str) {
                    Some(header) if !header.is_empty() => parts.push(format!("{}: {value}", escape(header))),
                    _ => parts.push(value),
                }
            }
            let _ = writeln!(out, "- [ ] {}", parts.join(" · "));
        }
        out.push('\n');
        return;
    }
    let headers: Vec<String> = table.headers.iter().map(|header| escape(header)).collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(headers.len().max(1)));
    for row in &table.rows {
        let cells: Vec<String> = row.cells.iter().map(|cell| cell_inline(cell, "<br>")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn cell_inline(cell: &Cell, separator: &str) -> String {
    cell.0.iter().map(inline).collect::<Vec<_>>().join(separator)
}

/// A paragraph: inline text that cannot be read as a heading, list or quote.
fn paragraph(text: &Text) -> String {
    let rendered = inline(text);
    if rendered.starts_with(['-', '+', '=']) {
        return format!("\\{rendered}");
    }
    // "1. text" would start an ordered list: escape the dot.
    let digits = rendered.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rendered[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &rendered[..digits], &rendered[digits..]);
    }
    rendered
}

/// Spans as inline Markdown on one line.
fn inline(text: &Text) -> String {
    let mut out = String::new();
    for span in text.spans() {
        let collapsed = collapse(&span.text);
        if collapsed.trim().is_empty() {
            out.push_str(&collapsed);
            continue;
        }
        // Emphasis markers must touch the words, so surrounding spaces stay outside them.
        let leading = &collapsed[..collapsed.len() - collapsed.trim_start().len()];
        let trailing = &collapsed[collapsed.trim_end().len()..];
        let word = collapsed.trim();
        out.push_str(leading);
        match span.style {
            SpanStyle::Plain => out.push_str(&escape(word)),
            SpanStyle::Strong => out.push_str(&format!("**{}**", escape(word))),
            SpanStyle::Code | SpanStyle::Copy => out.push_str(&code(word)),
            SpanStyle::Link if is_web_address(word) && !word.contains(['<', '>', ' ']) => {
                out.push_str(&format!("<{word}>"));
            }
            SpanStyle::Link => out.push_str(&code(word)),
        }
        out.push_str(trailing);
    }
    out
}

fn is_web_address(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://")
}

/// One line of visible text: whitespace runs become one space, control characters U+FFFD.
fn collapse(text: &str) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in text.chars().map(visible) {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Backslash-escapes the characters Markdown would read as syntax.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in collapse(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span that holds any text: the fence is longer than any backtick run inside, and a
/// pipe is escaped so it cannot end a table cell.
fn code(text: &str) -> String {
    let text = collapse(text).replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// A code block fence longer than any backtick run in `text`.
fn fence_for(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_in_manifest_text_is_escaped() {
        let text = Text::new().plain("a *b* [c](d) <script> | e_f");
        assert_eq!(inline(&text), r"a \*b\* \[c\](d) \<script\> \| e\_f");
        assert_eq!(paragraph(&Text::from("# not a heading")), r"\# not a heading");
        assert_eq!(paragraph(&Text::from("- not a list")), r"\- not a list");
        assert_eq!(paragraph(&Text::from("12. not a list")), r"12\. not a list");
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(
            inline(&Text::from("a\u{1b}[31mb\u{202e}c")),
            "a\u{FFFD}\\[31mb\u{FFFD}c"
        );
    }

    #[test]
    fn code_spans_hold_backticks_and_pipes() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a|b"), r"`a\|b`");
    }

    #[test]
    fn spans_keep_their_spaces_outside_the_markers() {
        let text = Text::new()
            .strong("Harvest v1 API key")
            .plain(" (retired) ")
            .copy("Harvest");
        assert_eq!(inline(&text), "**Harvest v1 API key** (retired) `Harvest`");
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            inline(&Text::new().link("https://x.example/a")),
            "<https://x.example/a>"
        );
        assert_eq!(
            inline(&Text::new().link("javascript:alert(1)")),
            "`javascript:alert(1)`"
        );
    }
}
