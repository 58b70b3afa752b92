//! A small reader for the catalog TSV files: a header row, tab-separated fields, and
//! spreadsheet-style quoting (`"..."` with `""` for a quote) in free-text columns.

use std::borrow::Cow;

/// One data row, with its 1-based line number in the file for error messages.
pub(crate) struct Row<'a> {
    pub(crate) line: usize,
    fields: Vec<Cow<'a, str>>,
    header: &'a [&'a str],
    file: &'static str,
}

impl<'a> Row<'a> {
    /// The field under `column`. The catalogs are compiled in and tested, so a missing column
    /// is a programming error, reported with the file and line.
    pub(crate) fn get(&self, column: &str) -> &str {
        let index = self
            .header
            .iter()
            .position(|name| *name == column)
            .unwrap_or_else(|| panic!("{}: no column {column:?}", self.file));
        self.fields.get(index).map_or("", |field| field.as_ref())
    }
}

/// Splits `text` into rows, calling `each` for every data row.
pub(crate) fn for_each_row(file: &'static str, text: &'static str, mut each: impl FnMut(&Row<'_>)) {
    let mut lines = text.lines().enumerate();
    let Some((_, header_line)) = lines.next() else {
        return;
    };
    let header: Vec<&str> = header_line.split('\t').collect();
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let row = Row {
            line: index + 1,
            fields: line.split('\t').map(unquote).collect(),
            header: &header,
            file,
        };
        each(&row);
    }
}

fn unquote(field: &str) -> Cow<'_, str> {
    match field.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')) {
        Some(inner) if inner.contains("\"\"") => Cow::Owned(inner.replace("\"\"", "\"")),
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(field),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes_doubled_quotes() {
        assert_eq!(
            unquote(r#""EQT spells it ""Get"" here""#),
            r#"EQT spells it "Get" here"#
        );
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote(r#""quoted""#), "quoted");
    }
}
