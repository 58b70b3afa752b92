//! Table construction shared by every command, so all tables look alike.

use comfy_table::{ContentArrangement, Table, presets};

/// A table with `headers`, borders in UTF-8, wrapped to the terminal when there is one.
pub(crate) fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.to_vec());
    // A pseudo-terminal may report 0 or a handful of columns; wrapping to that would put one
    // character per line, so below a usable width the table is drawn unwrapped.
    if table.width().is_some_and(|width| width < MIN_WRAP_WIDTH) {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    table
}

/// The narrowest terminal tables are wrapped to.
const MIN_WRAP_WIDTH: u16 = 40;

/// The table as text with a trailing newline, each line indented by `indent` spaces.
pub(crate) fn render(table: &Table, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut text = String::new();
    for line in table.lines() {
        text.push_str(&pad);
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
