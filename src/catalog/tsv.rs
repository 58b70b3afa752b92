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
    fn tables_keep_fields_and_file_lines() {
        let candidates = ASHBY_MODULES
            .rows
            .iter()
            .find(|row| row.fields.first() == Some(&"candidates"))
            .expect("the Ashby modules table lists candidates");
        assert_eq!(candidates.line, 3);
        assert!(
            candidates.fields[9].starts_with("candidatesDelete is its own permission"),
            "{}",
            candidates.fields[9]
        );
        // A trailing empty field is kept, so every row has a field per column.
        let jobs = &ASHBY_MODULES.rows[0];
        assert_eq!(
            (jobs.line, jobs.fields.len(), jobs.fields[9]),
            (2, ASHBY_MODULES.header.len(), "")
        );
        assert_eq!(ASHBY_MODULES.file, "modules.tsv");
        assert_eq!(ASHBY_MODULES.header[0], "module");
    }
}
