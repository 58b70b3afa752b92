//! Build-time half of `src/text_blob.rs`: packs a generated table's texts into one string literal
//! and hands back where each text is, written as that file's `Span(offset, length)`, and packs its
//! lists into shared arrays, each list written as that file's `Run(start, len)`. A table of
//! integers needs no run-time relocation in the position-independent binary; a table of `&str`s
//! or slices needs one per text or list.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// Where one text is in a [`TextBlob`]; displays as the Rust of the run-time `Span`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Span {
    start: u32,
    len: u32,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Span({}, {})", self.start, self.len)
    }
}

/// The texts of one table, each distinct text once, in the order first added.
#[derive(Default)]
pub(crate) struct TextBlob {
    /// Each distinct text with its offset, for the literal's one-text-a-line listing.
    pieces: Vec<(u32, String)>,
    /// The blob's length so far.
    len: u32,
    /// Texts already added: a repeated text (a module name, a type name) is stored once.
    seen: HashMap<String, Span>,
}

impl TextBlob {
    /// Where `text` is in the blob, adding it on first sight.
    pub(crate) fn add(&mut self, text: &str) -> Span {
        if let Some(&span) = self.seen.get(text) {
            return span;
        }
        let len = u32::try_from(text.len()).expect("a table text fits u32");
        let span = Span { start: self.len, len };
        self.len = self.len.checked_add(len).expect("a table's texts fit u32");
        self.pieces.push((span.start, text.to_owned()));
        self.seen.insert(text.to_owned(), span);
        span
    }

    /// Writes `const {name}: &str`: the blob as a `concat!` of its texts, one a line, each after
    /// its offset, so a span in the generated tables can be checked by eye.
    pub(crate) fn write(&self, out: &mut String, name: &str) {
        writeln!(out, "const {name}: &str = concat!(").unwrap();
        for (start, text) in &self.pieces {
            // `{:?}` of a `str` is a valid Rust string literal.
            writeln!(out, "    /* {start} */ {text:?},").unwrap();
        }
        out.push_str(");\n");
    }
}

/// One shared array of a table, its entries as Rust text, each list added once.
#[derive(Default)]
pub(crate) struct Lists {
    /// One line of the array per list: its first entry's index, its entries and a note.
    lines: Vec<String>,
    /// The number of entries so far.
    len: usize,
    /// The lists already added, and their `Run`: equal lists (`["string", "null"]`) are stored once.
    seen: HashMap<Vec<String>, String>,
}

impl Lists {
    /// The `Run(start, len)` of `entries`, adding them (with `note` as a comment) on first sight.
    pub(crate) fn add(&mut self, entries: Vec<String>, note: &str) -> String {
        if entries.is_empty() {
            return "Run(0, 0)".to_owned();
        }
        if let Some(run) = self.seen.get(&entries) {
            return run.clone();
        }
        let start = u16_index(self.len);
        let run = format!("Run({start}, {})", u16_index(entries.len()));
        self.lines
            .push(format!("/* {start} */ {}, // {note}", entries.join(", ")));
        self.len += entries.len();
        self.seen.insert(entries, run.clone());
        run
    }

    /// Writes `static {name}: [{entry}; N]`.
    pub(crate) fn write(&self, out: &mut String, name: &str, entry: &str) {
        writeln!(out, "static {name}: [{entry}; {}] = [", self.len).unwrap();
        for line in &self.lines {
            writeln!(out, "    {line}").unwrap();
        }
        out.push_str("];\n");
    }
}

/// `value` as a `u16` index of a `Run`: the generated tables are small.
fn u16_index(value: usize) -> u16 {
    u16::try_from(value).expect("the generated tables index lists with u16")
}
