//! The catalog TSV files as static tables, split and unquoted at compile time by `build.rs`
//! (the splitting rules are in `tsv_text.rs`), and a row reader for the catalog loaders.

/// One catalog file: its name for error messages, its column names and its data rows.
pub(crate) struct Table {
    file: &'static str,
    header: &'static [&'static str],
    rows: &'static [TableRow],
}

/// One data row as written in the file.
pub(crate) struct TableRow {
    line: usize,
    fields: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

/// One data row, with its 1-based line number in the file for error messages.
pub(crate) struct Row {
    pub(crate) line: usize,
    fields: &'static [&'static str],
    header: &'static [&'static str],
    file: &'static str,
}

impl Row {
    /// The field under `column`. The catalogs are compiled in and tested, so a missing column
    /// is a programming error, reported with the file and line.
    pub(crate) fn get(&self, column: &str) -> &'static str {
        let index = self
            .header
            .iter()
            .position(|name| *name == column)
            .unwrap_or_else(|| panic!("{}:{}: no column {column:?}", self.file, self.line));
        self.fields.get(index).copied().unwrap_or("")
    }
}

/// Calls `each` for every data row of `table`.
pub(crate) fn for_each_row(table: &Table, mut each: impl FnMut(&Row)) {
    for row in table.rows {
        each(&Row {
            line: row.line,
            fields: row.fields,
            header: table.header,
            file: table.file,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_keep_unquoted_fields_and_file_lines() {
        let updated = GREENHOUSE_EVENTS
            .rows
            .iter()
            .find(|row| row.fields.first() == Some(&"Application Updated"))
            .expect("the Greenhouse events table lists Application Updated");
        assert_eq!(updated.line, 3);
        assert!(
            updated.fields[3].contains(r#"Crosschq writes "Application updated""#),
            "{}",
            updated.fields[3]
        );
        assert_eq!(GREENHOUSE_EVENTS.file, "greenhouse-webhook-events.tsv");
        assert_eq!(GREENHOUSE_EVENTS.header[0], "ui_label");
    }
}
