//! The catalog TSV files as static tables, split and unquoted at compile time by `build.rs`
//! (the splitting rules are in `tsv_text.rs`), and a row reader for the catalog loaders.

use crate::text_blob::Span;

/// One catalog file: its name for error messages, its column names and its data rows, every text
/// a [`Span`] of the table's one blob, so the table holds no pointer to relocate at start-up
/// (`src/text_blob.rs`).
pub(crate) struct Table {
    /// The file name, column names and fields, each distinct text once.
    blob: &'static str,
    file: Span,
    header: &'static [Span],
    /// Every row's fields, row after row.
    fields: &'static [Span],
    rows: &'static [TableRow],
}

/// One data row as written in the file: its fields are `count` of the table's `fields` from
/// `first`.
pub(crate) struct TableRow {
    line: u32,
    first: u32,
    count: u32,
}

include!(concat!(env!("OUT_DIR"), "/catalog_tables.rs"));

impl Table {
    /// The text `span` marks in this table's blob.
    fn text(&self, span: Span) -> &'static str {
        span.get(self.blob)
    }
}

/// One data row, with its 1-based line number in the file for error messages.
pub(crate) struct Row {
    pub(crate) line: usize,
    fields: &'static [Span],
    table: &'static Table,
}

impl Row {
    /// The field under `column`. The catalogs are compiled in and tested, so a missing column
    /// is a programming error, reported with the file and line.
    pub(crate) fn get(&self, column: &str) -> &'static str {
        let table = self.table;
        let index = table
            .header
            .iter()
            .position(|name| table.text(*name) == column)
            .unwrap_or_else(|| panic!("{}:{}: no column {column:?}", table.text(table.file), self.line));
        self.fields.get(index).map_or("", |field| table.text(*field))
    }
}

/// Calls `each` for every data row of `table`.
pub(crate) fn for_each_row(table: &'static Table, mut each: impl FnMut(&Row)) {
    for row in table.rows {
        let first = row.first as usize;
        each(&Row {
            line: row.line as usize,
            fields: &table.fields[first..first + row.count as usize],
            table,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of `table` with its fields' text.
    fn rows(table: &'static Table) -> Vec<(usize, Vec<&'static str>)> {
        let mut rows = Vec::new();
        for_each_row(table, |row| {
            rows.push((row.line, row.fields.iter().map(|field| table.text(*field)).collect()));
        });
        rows
    }

    #[test]
    fn tables_keep_fields_and_file_lines() {
        let rows = rows(&ASHBY_MODULES);
        let (line, fields) = rows
            .iter()
            .find(|(_, fields)| fields.first() == Some(&"candidates"))
            .expect("the Ashby modules table lists candidates");
        assert_eq!(*line, 3);
        assert!(
            fields[9].starts_with("candidatesDelete is its own permission"),
            "{}",
            fields[9]
        );
        // A trailing empty field is kept, so every row has a field per column.
        let (line, jobs) = &rows[0];
        assert_eq!((*line, jobs.len(), jobs[9]), (2, ASHBY_MODULES.header.len(), ""));
        assert_eq!(ASHBY_MODULES.text(ASHBY_MODULES.file), "modules.tsv");
        assert_eq!(ASHBY_MODULES.text(ASHBY_MODULES.header[0]), "module");
    }

    #[test]
    fn rows_read_fields_by_column() {
        let mut seen = Vec::new();
        for_each_row(&ASHBY_MODULES, |row| {
            seen.push((row.line, row.get("module"), row.get("notes")))
        });
        assert_eq!(seen.len(), rows(&ASHBY_MODULES).len());
        assert_eq!(seen[0], (2, "jobs", ""));
    }

    #[test]
    #[should_panic(expected = r#"modules.tsv:2: no column "nope""#)]
    fn a_missing_column_names_the_file_and_line() {
        for_each_row(&ASHBY_MODULES, |row| _ = row.get("nope"));
    }
}
