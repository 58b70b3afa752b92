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
pub(crate) use wrap::Run;

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
    match format {
        DocumentFormat::Terminal => terminal::render(document, width),
        DocumentFormat::Markdown => markdown::render(document),
        DocumentFormat::Html => html::render(document),
        DocumentFormat::Json => {
            let value = serde_json::to_value(document).unwrap_or(serde_json::Value::Null);
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
    }
}

/// Lines of a laid-out table, for code that builds its own tables (see `table.rs`).
pub(crate) fn table_lines(grid: &Grid, indent: usize, width: usize, style: GridStyle) -> String {
    let mut text = String::new();
    for line in grid::layout(grid, indent, width, style) {
        for piece in line {
            if piece.style == anstyle::Style::new() {
                text.push_str(&piece.text);
            } else {
                text.push_str(&format!(
                    "{}{}{}",
                    piece.style.render(),
                    piece.text,
                    piece.style.render_reset()
                ));
            }
        }
        text.push('\n');
    }
    text
}
