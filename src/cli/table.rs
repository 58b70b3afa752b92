//! Tables for commands that build them row by row: a `comfy_table::Table` holds the rows, and
//! [`render`] lays them out with the same rules as every document table (the layout width from
//! the output writer, indentation included; a table that cannot fit becomes one block per row).

use comfy_table::{Table, presets};

use super::output::{layout_width, style};
use super::render::{Grid, GridStyle, Run, table_lines};

/// A table with `headers`, to fill with rows and hand to [`render`].
pub(crate) fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(headers.to_vec());
    table
}

/// The table as text with a trailing newline, each line indented by `indent` spaces and no
/// line wider than the layout width.
pub(crate) fn render(table: &Table, indent: usize) -> String {
    // Cells are measured as plain text: any styling in them is dropped, not counted.
    let cell_lines = |content: String| -> Vec<Vec<Run>> {
        anstream::adapter::strip_str(&content)
            .to_string()
            .lines()
            .map(|line| vec![Run::plain(line)])
            .collect()
    };
    let grid = Grid {
        headers: table
            .header()
            .map(|row| row.cell_iter().map(|cell| cell.content()).collect())
            .unwrap_or_default(),
        rows: table
            .row_iter()
            .map(|row| row.cell_iter().map(|cell| cell_lines(cell.content())).collect())
            .collect(),
        tickable: Vec::new(),
    };
    table_lines(
        &grid,
        indent,
        layout_width(),
        GridStyle {
            header: anstyle::Style::new(),
            row_title: style::EMPHASIS,
        },
    )
}
