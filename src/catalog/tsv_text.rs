//! Splitting catalog TSV text into rows: a header row, tab-separated fields, and
//! spreadsheet-style quoting (`"..."` with `""` for a quote) in free-text columns.
//!
//! `build.rs` includes this file to turn the TSVs into static tables at compile time; the
//! library compiles it only for its tests, so the rules are tested where they are written.

use std::borrow::Cow;

/// One data row: its 1-based line number in the file, and its unquoted fields.
pub(crate) struct TextRow<'a> {
    pub(crate) line: usize,
    pub(crate) fields: Vec<Cow<'a, str>>,
}

/// The header's column names and every non-blank data row of `text`.
pub(crate) fn split(text: &str) -> (Vec<&str>, Vec<TextRow<'_>>) {
    let mut lines = text.lines().enumerate();
    let Some((_, header_line)) = lines.next() else {
        return (Vec::new(), Vec::new());
    };
    let header = header_line.split('\t').collect();
    let rows = lines
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| TextRow {
            line: index + 1,
            fields: line.split('\t').map(unquote).collect(),
        })
        .collect();
    (header, rows)
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

    #[test]
    fn skips_blank_lines_and_keeps_line_numbers() {
        let (header, rows) = split("a\tb\n1\t\"x\"\n\n2\t3\n");
        assert_eq!(header, ["a", "b"]);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[0].fields[1].as_ref()), (2, "x"));
        assert_eq!((rows[1].line, rows[1].fields[0].as_ref()), (4, "2"));
    }
}
