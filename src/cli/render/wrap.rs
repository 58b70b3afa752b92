//! Word wrapping by display width: words are never split unless one alone is wider than the
//! line, and a token (a scope, a path, a URL, a value to paste) stays on one line whenever it
//! fits on one. Wrapped lines take a hanging indent from the caller.
//!
//! Lines are written straight into one output buffer ([`Lines`]) with their styles' escape
//! codes in place: a document is laid out by the thousand pieces, so no piece, word or line
//! gets a `String` of its own.

use std::borrow::Cow;
use std::ops::Range;

use anstyle::Style;
use unicode_width::UnicodeWidthChar;

use super::visible;

/// A run of text in one style, owned: for callers that compose their own sentences (the
/// wizard, command tables). Layout reads it as a [`StyledStr`].
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) text: String,
    pub(crate) style: Style,
    pub(crate) token: bool,
}

impl Run {
    pub(crate) fn plain(text: impl Into<String>) -> Self {
        Self::styled(text, Style::new())
    }

    pub(crate) fn styled(text: impl Into<String>, style: Style) -> Self {
        Self {
            text: text.into(),
            style,
            token: false,
        }
    }

    pub(crate) fn as_styled(&self) -> StyledStr<'_> {
        StyledStr {
            text: &self.text,
            style: self.style,
            token: self.token,
        }
    }
}

/// A run of text in one style, borrowed from the document (or a [`Run`]); `token` runs are
/// kept whole when they fit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StyledStr<'a> {
    pub(crate) text: &'a str,
    pub(crate) style: Style,
    pub(crate) token: bool,
}

impl<'a> StyledStr<'a> {
    pub(crate) const fn plain(text: &'a str) -> Self {
        Self::styled(text, Style::new())
    }

    pub(crate) const fn styled(text: &'a str, style: Style) -> Self {
        Self {
            text,
            style,
            token: false,
        }
    }

    pub(crate) const fn token(text: &'a str, style: Style) -> Self {
        Self {
            text,
            style,
            token: true,
        }
    }
}

/// A piece of what starts a line before its wrapped text: an indent, a bullet, a label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part<'a> {
    Spaces(usize),
    Text(&'a str, Style),
}

fn parts_width(parts: &[Part<'_>]) -> usize {
    parts
        .iter()
        .map(|part| match part {
            Part::Spaces(columns) => *columns,
            Part::Text(text, _) => text_width(text),
        })
        .sum()
}

/// Columns `text` takes on a terminal.
pub(crate) fn text_width(text: &str) -> usize {
    if is_printable_ascii(text) {
        // Every printable ASCII character is one column wide.
        return text.len();
    }
    text.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Whether `text` is all printable ASCII (no control character, no whitespace but the space):
/// the common case, shown as itself and one column a byte, so it is copied and measured whole
/// instead of a character at a time.
fn is_printable_ascii(text: &str) -> bool {
    // Without stopping at the first miss, so the compiler checks many bytes per step.
    text.bytes()
        .fold(true, |printable, byte| printable & (b' '..=b'~').contains(&byte))
}

/// Whether `c` is laid out as itself in one column with no break at it: printable ASCII, or a
/// character outside ASCII that is one column wide, shows as itself ([`visible`]) and is no
/// space (an arrow, a dash, an accented letter; not a wide, invisible or combining one).
fn one_column(c: char) -> bool {
    if c.is_ascii() {
        (' '..='~').contains(&c)
    } else {
        !c.is_whitespace() && visible(c) == c && char_width(c) == 1
    }
}

/// Where `text` first has two spaces in a row. Most text has none, which a fold over every pair
/// of bytes (with no early exit, so the compiler checks many at a time) tells before a search.
fn double_space_in(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let doubled = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |found, (&first, &second)| {
            found | ((first == b' ') & (second == b' '))
        });
    if doubled {
        memchr::memmem::find(bytes, b"  ")
    } else {
        None
    }
}

/// The parts of `text` between its whitespace characters, empty ones included, exactly as
/// `text.split(char::is_whitespace)` gives them, without decoding every character: in
/// printable ASCII (`printable`, which the caller has checked) the only whitespace is the
/// space, found with memchr; elsewhere only a byte outside ASCII is decoded (most of what is
/// laid out is ASCII, with an arrow or a dash here and there).
fn whitespace_parts(text: &str, printable: bool) -> WhitespaceParts<'_> {
    WhitespaceParts {
        rest: Some(text),
        printable,
    }
}

struct WhitespaceParts<'a> {
    /// What is left to split; `None` once the last part is given.
    rest: Option<&'a str>,
    /// The text is printable ASCII: its only whitespace is the space, which memchr finds.
    printable: bool,
}

impl<'a> Iterator for WhitespaceParts<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        let whitespace = if self.printable {
            memchr::memchr(b' ', rest.as_bytes()).map(|at| (at, at + 1))
        } else {
            whitespace_in(rest)
        };
        match whitespace {
            Some((end, next)) => {
                self.rest = Some(&rest[next..]);
                Some(&rest[..end])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// Where the first whitespace character of `text` starts and ends.
fn whitespace_in(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            // The ASCII characters `char::is_whitespace` takes: tab, line feed, vertical tab,
            // form feed, carriage return and space.
            if matches!(byte, b'\t'..=b'\r' | b' ') {
                return Some((at, at + 1));
            }
            at += 1;
        } else {
            // `at` starts a character: every earlier one was stepped over whole.
            let c = text[at..].chars().next()?;
            if c.is_whitespace() {
                return Some((at, at + c.len_utf8()));
            }
            at += c.len_utf8();
        }
    }
    None
}

/// The escape codes of `style` (start and reset), rendered the first time it is met.
fn escape_of(escapes: &mut Vec<(Style, String, String)>, style: Style) -> &(Style, String, String) {
    let index = match escapes.iter().position(|(known, _, _)| *known == style) {
        Some(index) => index,
        None => {
            escapes.push((style, style.render().to_string(), style.render_reset().to_string()));
            escapes.len() - 1
        }
    };
    &escapes[index]
}

const SPACES: &str = "                                                                ";

/// Whether laid-out text carries its styles as escape codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Styles {
    /// ANSI escape codes; the output writer strips them if its stream turns out colourless.
    #[default]
    Ansi,
    /// No escape codes: for a stream the output writer knows is colourless, which saves
    /// writing escapes only to cut them out again.
    Plain,
}

/// Laid-out lines, written into one buffer: each line's text with its styles' escape codes
/// (unless [`Styles::Plain`]) and a `\n`.
///
/// A line is written piece by piece; text in the style of the piece being written joins it,
/// so a wrapped sentence in one style is one escape, not one per word. [`Lines::split`] starts
/// a new piece even in the same style: a prefix and the text after it stay separate pieces.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    text: String,
    /// Each finished line: its text in `text` (without the `\n`) and its width in columns.
    lines: Vec<(Range<usize>, usize)>,
    line_start: usize,
    line_width: usize,
    /// The style of the piece being written, if one is open.
    open: Option<Style>,
    /// Escape codes of the styles met so far, rendered once: (style, start, reset).
    escapes: Vec<(Style, String, String)>,
    /// Scratch for [`Lines::wrap_after`], kept so its buffers are reused.
    words: Words,
    styles: Styles,
}

impl Lines {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Lines that write styles as `styles` says.
    pub(crate) fn with_styles(styles: Styles) -> Self {
        Self {
            styles,
            ..Self::default()
        }
    }

    /// Room for `bytes` more bytes of text in `lines` more lines.
    pub(crate) fn reserve(&mut self, bytes: usize, lines: usize) {
        self.text.reserve(bytes);
        self.lines.reserve(lines);
    }

    /// Empty lines that write styles as these do: scratch whose lines are copied into these.
    pub(crate) fn alike(&self) -> Self {
        Self::with_styles(self.styles)
    }

    /// The text of every line, each followed by `\n`.
    pub(crate) fn into_text(self) -> String {
        self.text
    }

    pub(crate) fn len(&self) -> usize {
        self.lines.len()
    }

    /// Line `index` (without its `\n`) and its width in columns.
    pub(crate) fn line(&self, index: usize) -> (&str, usize) {
        let (range, width) = &self.lines[index];
        (&self.text[range.clone()], *width)
    }

    /// Forgets every line, keeping the buffers for the next use.
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.lines.clear();
        self.line_start = 0;
        self.line_width = 0;
        self.open = None;
    }

    /// Appends `text` (`width` columns) in `style` to the line being written.
    pub(crate) fn push(&mut self, text: &str, style: Style, width: usize) {
        if self.styles == Styles::Ansi && self.open != Some(style) {
            self.split();
            if style != Style::new() {
                let start = &escape_of(&mut self.escapes, style).1;
                self.text.push_str(start);
            }
            self.open = Some(style);
        }
        self.text.push_str(text);
        self.line_width += width;
    }

    /// Ends the piece being written: what follows starts a new one.
    pub(crate) fn split(&mut self) {
        if let Some(style) = self.open.take()
            && style != Style::new()
        {
            let reset = &escape_of(&mut self.escapes, style).2;
            self.text.push_str(reset);
        }
    }

    pub(crate) fn spaces(&mut self, columns: usize) {
        if columns == 0 {
            return;
        }
        if self.styles == Styles::Ansi && self.open != Some(Style::new()) {
            self.split();
            self.open = Some(Style::new());
        }
        let mut left = columns;
        while left > 0 {
            let now = left.min(SPACES.len());
            self.text.push_str(&SPACES[..now]);
            left -= now;
        }
        self.line_width += columns;
    }

    /// `text` (`columns` wide) written `times` times over in the plain style: a border's rule,
    /// one piece instead of a push per character.
    pub(crate) fn repeat(&mut self, text: &str, columns: usize, times: usize) {
        if times == 0 {
            return;
        }
        self.push(text, Style::new(), columns);
        self.text.reserve(text.len() * (times - 1));
        for _ in 1..times {
            self.text.push_str(text);
        }
        self.line_width += columns * (times - 1);
    }

    fn part(&mut self, part: Part<'_>) {
        match part {
            Part::Spaces(columns) => self.spaces(columns),
            Part::Text(text, style) => self.push(text, style, text_width(text)),
        }
    }

    /// Ends the line being written (an empty line when nothing was written).
    pub(crate) fn end_line(&mut self) {
        self.split();
        self.lines.push((self.line_start..self.text.len(), self.line_width));
        self.text.push('\n');
        self.line_start = self.text.len();
        self.line_width = 0;
    }

    /// Appends line `index` of `other` to the line being written, as its own pieces.
    pub(crate) fn push_line_of(&mut self, other: &Lines, index: usize) {
        let (text, width) = other.line(index);
        self.split();
        self.text.push_str(text);
        self.line_width += width;
    }

    /// Lays `runs` out in lines of at most `width` columns (at least 1). Whitespace collapses
    /// to one space; no line starts or ends with one.
    pub(crate) fn wrap(&mut self, runs: &[StyledStr<'_>], width: usize) {
        self.wrap_after(runs, width, &[], 0);
    }

    /// Wraps `runs` after a first-line prefix (a bullet, a label) with the following lines
    /// indented to `hang` columns; every line is at most `width` columns, prefix included.
    pub(crate) fn hanging(&mut self, prefix: &[Part<'_>], runs: &[StyledStr<'_>], hang: usize, width: usize) {
        let available = width.saturating_sub(parts_width(prefix).max(hang)).max(1);
        let written = self.wrap_after(runs, available, prefix, hang);
        if written == 0 && !prefix.is_empty() {
            for part in prefix {
                self.part(*part);
            }
            self.end_line();
        }
    }

    /// Writes a word's pieces in their styles; returns the style of the last.
    fn push_pieces(&mut self, words: &Words, word: &Word) -> Style {
        let mut last = Style::new();
        for (range, style) in &words.pieces[word.pieces.clone()] {
            self.push(&words.text[range.clone()], *style, 0);
            last = *style;
        }
        self.line_width += word.width;
        last
    }

    /// Ends a wrapped line, writing first the stretch of words it holds when laid out plain.
    fn end_wrapped(&mut self, words: &Words, stretch: Option<(Range<usize>, usize)>) {
        if let Some((range, columns)) = stretch {
            self.text.push_str(&words.text[range]);
            self.line_width += columns;
        }
        self.end_line();
    }

    /// Starts wrapped line `index`: `prefix` before the first, `hang` spaces before the others.
    fn begin_wrapped(&mut self, index: usize, prefix: &[Part<'_>], hang: usize) {
        if index == 0 {
            for part in prefix {
                self.part(*part);
            }
        } else {
            self.spaces(hang);
        }
        self.split();
    }

    /// [`Lines::wrap`] with each line started by [`Lines::begin_wrapped`], `width` counting
    /// the wrapped text only. Returns how many lines were written.
    fn wrap_after(&mut self, runs: &[StyledStr<'_>], width: usize, prefix: &[Part<'_>], hang: usize) -> usize {
        let width = width.max(1);
        let mut words = std::mem::take(&mut self.words);
        if self.styles == Styles::Plain && words.fill_one_column(runs, width) {
            let written = self.wrap_one_column(&words, width, prefix, hang);
            self.words = words;
            return written;
        }
        words.fill(runs, width, self.styles == Styles::Ansi);
        let mut written = 0;
        // Whether the line has text yet, the style of its last piece, and its width.
        let mut in_line = false;
        let mut last_style = Style::new();
        let mut used = 0;
        // Without styles, a line's words are one stretch of `words.text` (one space between
        // words): it is written whole when the line ends, not a word and a space at a time.
        let plain = self.styles == Styles::Plain;
        let mut stretch: Option<(Range<usize>, usize)> = None;
        for word in &words.words {
            let text = word.text.clone();
            if in_line && used + 1 + word.width <= width {
                if plain {
                    stretch = Some(match stretch.take() {
                        Some((range, columns)) => (range.start..text.end, columns + 1 + word.width),
                        // After a split word: the space before this word is the byte before it.
                        None => (text.start - 1..text.end, 1 + word.width),
                    });
                } else {
                    // A space between two words of one style takes that style, so an underlined
                    // heading stays one line and styles are not switched off and on at every word.
                    let next = words.pieces[word.pieces.start].1;
                    let style = if last_style == next { next } else { Style::new() };
                    self.push(" ", style, 1);
                    last_style = self.push_pieces(&words, word);
                }
                used += 1 + word.width;
                continue;
            }
            if in_line {
                self.end_wrapped(&words, stretch.take());
                written += 1;
                in_line = false;
                used = 0;
            }
            if word.width <= width {
                self.begin_wrapped(written, prefix, hang);
                in_line = true;
                if plain {
                    stretch = Some((text, word.width));
                } else {
                    last_style = self.push_pieces(&words, word);
                }
                used = word.width;
                continue;
            }
            // Wider than a whole line: the one case where a word is split.
            for (range, style) in words.pieces_of(word).iter() {
                for c in words.text[range.clone()].chars() {
                    let w = char_width(c);
                    if used + w > width && used > 0 {
                        self.end_line();
                        written += 1;
                        in_line = false;
                        used = 0;
                    }
                    if !in_line {
                        self.begin_wrapped(written, prefix, hang);
                        in_line = true;
                    }
                    let mut buffer = [0; 4];
                    self.push(c.encode_utf8(&mut buffer), *style, w);
                    last_style = *style;
                    used += w;
                }
            }
        }
        if in_line {
            self.end_wrapped(&words, stretch);
            written += 1;
        }
        self.words = words;
        written
    }

    /// [`Lines::wrap_after`] for text that [`Words::fill_one_column`] took: one column a
    /// character, so a line ends at the last space it can break at within `width` characters,
    /// found backwards from there (a line at a time, not a word at a time). The same lines as the
    /// word by word layout, which property tests check.
    fn wrap_one_column(&mut self, words: &Words, width: usize, prefix: &[Part<'_>], hang: usize) -> usize {
        let text = words.text.as_str();
        let mut start = 0;
        let mut written = 0;
        while start < text.len() {
            self.begin_wrapped(written, prefix, hang);
            // Where the line would pass `width` columns, if the rest does not fit.
            let limit = if words.ascii {
                (text.len() - start > width).then_some(start + width)
            } else {
                text[start..].char_indices().nth(width).map(|(at, _)| start + at)
            };
            let end = match limit {
                None => text.len(),
                // A word wider than a whole line is split at the width, the one case where a
                // word is split.
                Some(limit) => words.last_break(start, limit).unwrap_or(limit),
            };
            self.text.push_str(&text[start..end]);
            self.line_width += if words.ascii {
                end - start
            } else {
                text[start..end].chars().count()
            };
            self.end_line();
            written += 1;
            // The space a line broke at is not written; a split word goes on at `end`.
            start = if words.breaks_at(end) { end + 1 } else { end };
        }
        written
    }
}

/// The words of some runs, in one buffer: the text of every word, one space between words, each
/// word as a range of it and, for lines with styles, as a range of its styled pieces.
#[derive(Debug, Default)]
struct Words {
    text: String,
    /// Only when the lines carry styles: without them, a word is its text alone.
    pieces: Vec<(Range<usize>, Style)>,
    words: Vec<Word>,
    styled: bool,
    /// Where the word being built starts in `text`, once it has text.
    word_text: Option<usize>,
    /// The first piece of the word being built.
    word_start: usize,
    /// The width of the word being built.
    word_width: usize,
    /// For [`Words::fill_one_column`]: where `text` has a space inside a token, which no line
    /// breaks at (in order).
    kept_spaces: Vec<usize>,
    /// For [`Words::fill_one_column`]: `text` is ASCII, so a column is a byte.
    ascii: bool,
}

/// A word: text with no break allowed in it, in pieces of one style each.
#[derive(Debug)]
struct Word {
    text: Range<usize>,
    pieces: Range<usize>,
    width: usize,
}

impl Words {
    /// The runs as words, replacing any words held: whitespace separates words; a token that
    /// fits in `width` is one word (its own spaces included), glued to any text touching it.
    /// `styled` keeps each word's styled pieces.
    fn fill(&mut self, runs: &[StyledStr<'_>], width: usize, styled: bool) {
        self.text.clear();
        self.pieces.clear();
        self.words.clear();
        self.styled = styled;
        self.word_text = None;
        self.word_start = 0;
        self.word_width = 0;
        for run in runs {
            // A run of printable ASCII has only printable ASCII parts: checked once, not per word.
            let printable = is_printable_ascii(run.text);
            let whole = run.token && text_width(run.text.trim()) <= width;
            if whole {
                if run.text.starts_with(char::is_whitespace) {
                    self.finish();
                }
                // Inner whitespace of a token is one plain space; it never breaks the line.
                for (index, part) in run.text.split_whitespace().enumerate() {
                    if index > 0 {
                        self.push_str(" ", run.style, true);
                    }
                    self.push_str(part, run.style, printable);
                }
                if run.text.ends_with(char::is_whitespace) {
                    self.finish();
                }
            } else {
                for (index, part) in whitespace_parts(run.text, printable).enumerate() {
                    if index > 0 {
                        self.finish();
                    }
                    if !part.is_empty() {
                        self.push_str(part, run.style, printable);
                    }
                }
            }
        }
        self.finish();
    }

    /// Appends `text` (not empty; no whitespace in it but single spaces inside a token) to the
    /// word being built, each character made [`visible`]; `printable` when it is known to be
    /// printable ASCII.
    fn push_str(&mut self, text: &str, style: Style, printable: bool) {
        let in_word = self.word_text.is_some();
        if !in_word {
            if !self.text.is_empty() {
                // Between words, so that the words of a line are one stretch of text.
                self.text.push(' ');
            }
            self.word_text = Some(self.text.len());
        }
        let start = self.text.len();
        if printable || is_printable_ascii(text) {
            self.text.push_str(text);
            self.word_width += text.len();
        } else {
            for c in text.chars().map(visible) {
                self.text.push(c);
                self.word_width += char_width(c);
            }
        }
        if self.styled {
            let end = self.text.len();
            match self.pieces.last_mut() {
                Some((range, last)) if in_word && *last == style => range.end = end,
                _ => self.pieces.push((start..end, style)),
            }
        }
    }

    /// Fills `text` alone, as [`Words::fill`] would for lines without styles, when every
    /// character of the runs is [`one_column`] (else returns false and holds nothing): the words
    /// one space apart, with no [`Word`]s, and a space inside a token kept in `kept_spaces`. A
    /// stretch of a run with no double space is copied whole.
    fn fill_one_column(&mut self, runs: &[StyledStr<'_>], width: usize) -> bool {
        self.text.clear();
        self.kept_spaces.clear();
        self.words.clear();
        self.pieces.clear();
        self.ascii = true;
        for run in runs {
            if !is_printable_ascii(run.text) {
                if !run.text.chars().all(one_column) {
                    return false;
                }
                self.ascii = false;
            }
        }
        // Whether the text ends inside a word, which text that follows without a space joins.
        let mut in_word = false;
        for run in runs {
            let inner = run.text.trim_matches(' ');
            if run.text.starts_with(' ') {
                in_word = false;
            }
            if run.token && text_width(inner) <= width {
                // A token that fits is one word: its inner spaces (one each) never break a line.
                for (index, part) in inner.split(' ').filter(|part| !part.is_empty()).enumerate() {
                    if index > 0 {
                        self.text.push(' ');
                        self.kept_spaces.push(self.text.len() - 1);
                    }
                    self.push_stretch(part, &mut in_word);
                }
            } else {
                let mut rest = inner;
                while !rest.is_empty() {
                    // Up to the next double space, the words are as the run has them.
                    let (stretch, after) = match double_space_in(rest) {
                        Some(at) => rest.split_at(at),
                        None => (rest, ""),
                    };
                    self.push_stretch(stretch, &mut in_word);
                    in_word = after.is_empty();
                    rest = after.trim_start_matches(' ');
                }
            }
            if run.text.ends_with(' ') {
                in_word = false;
            }
        }
        true
    }

    /// Appends `text` ([`one_column`], not empty, neither starting nor ending with a space) to
    /// the word being built, or as a new word after a space.
    fn push_stretch(&mut self, text: &str, in_word: &mut bool) {
        if !*in_word && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(text);
        *in_word = true;
    }

    /// Whether a line can break at byte `at` of `text` (filled by [`Words::fill_one_column`]): a
    /// space between words.
    fn breaks_at(&self, at: usize) -> bool {
        self.text.as_bytes().get(at) == Some(&b' ') && self.kept_spaces.binary_search(&at).is_err()
    }

    /// The last byte in `start + 1..=end` where a line that starts at `start` can break.
    fn last_break(&self, start: usize, end: usize) -> Option<usize> {
        let bytes = &self.text.as_bytes()[..=end];
        let mut before = end + 1;
        while let Some(at) = memchr::memrchr(b' ', &bytes[start + 1..before]).map(|at| start + 1 + at) {
            if self.kept_spaces.binary_search(&at).is_err() {
                return Some(at);
            }
            before = at;
        }
        None
    }

    /// `word` as pieces of one style each: its pieces, or its whole text when unstyled.
    fn pieces_of(&self, word: &Word) -> Cow<'_, [(Range<usize>, Style)]> {
        if self.styled {
            Cow::Borrowed(&self.pieces[word.pieces.clone()])
        } else {
            Cow::Owned(vec![(word.text.clone(), Style::new())])
        }
    }

    /// Ends the word being built, if it has any text.
    fn finish(&mut self) {
        if let Some(start) = self.word_text.take() {
            self.words.push(Word {
                text: start..self.text.len(),
                pieces: self.word_start..self.pieces.len(),
                width: self.word_width,
            });
        }
        self.word_start = self.pieces.len();
        self.word_width = 0;
    }
}

/// How wide a run of text is: its widest word (the narrowest column it fits in without a split
/// word; a token may break at its own spaces there) and its width on one line with whitespace
/// collapsed. One pass, no allocation: tables measure every cell.
pub(crate) fn measure(runs: &[StyledStr<'_>]) -> (usize, usize) {
    let (mut widest, mut natural, mut word) = (0, 0, 0);
    let mut gap = false;
    for run in runs {
        let printable = is_printable_ascii(run.text);
        for (index, part) in whitespace_parts(run.text, printable).enumerate() {
            if index > 0 {
                gap = natural > 0;
                widest = widest.max(word);
                word = 0;
            }
            if part.is_empty() {
                continue;
            }
            let width = if printable || is_printable_ascii(part) {
                part.len()
            } else {
                part.chars().map(|c| char_width(visible(c))).sum()
            };
            if gap {
                natural += 1;
                gap = false;
            }
            natural += width;
            word += width;
        }
    }
    (widest.max(word), natural)
}

/// Whether `runs` take no columns (a natural width of 0: see [`measure`]), told by the first
/// character that shows (nearly always the first one) instead of measuring them all.
pub(crate) fn is_blank(runs: &[StyledStr<'_>]) -> bool {
    runs.iter().all(|run| {
        run.text
            .chars()
            .all(|c| c.is_whitespace() || char_width(visible(c)) == 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines as a person sees them, styles stripped.
    fn plain(lines: Lines) -> Vec<String> {
        let text = lines.into_text();
        anstream::adapter::strip_str(&text)
            .to_string()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn wrap(runs: &[StyledStr<'_>], width: usize) -> Vec<String> {
        let mut lines = Lines::new();
        lines.wrap(runs, width);
        plain(lines)
    }

    #[test]
    fn wraps_at_spaces_and_never_splits_a_word_that_fits() {
        let lines = wrap(&[StyledStr::plain("the quick brown fox jumps over")], 10);
        assert_eq!(lines, ["the quick", "brown fox", "jumps over"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_split_to_the_width() {
        let lines = wrap(&[StyledStr::plain("harvest:applications:list")], 10);
        assert_eq!(lines, ["harvest:ap", "plications", ":list"]);
    }

    #[test]
    fn a_token_that_fits_moves_to_the_next_line_whole() {
        let runs = [
            StyledStr::plain("When "),
            StyledStr::token("Candidate has been hired", Style::new()),
            StyledStr::plain(", then"),
        ];
        assert_eq!(wrap(&runs, 26), ["When", "Candidate has been hired,", "then"]);
        // Too long for the line: the token breaks at its own spaces, never inside a word.
        assert_eq!(wrap(&runs, 12), ["When", "Candidate", "has been", "hired, then"]);
    }

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(text_width("→ ✔"), 3);
        assert_eq!(text_width("日本"), 4);
        let mut lines = Lines::new();
        lines.wrap(&[StyledStr::plain("日本語のテキスト")], 5);
        for index in 0..lines.len() {
            let (text, width) = lines.line(index);
            assert!(width <= 5 && text_width(text) == width, "{text:?} is {width} wide");
        }
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let lines = wrap(&[StyledStr::plain("a\u{1b}[2Jb \u{202e}c")], 80);
        assert_eq!(lines, ["a\u{FFFD}[2Jb \u{FFFD}c"]);
    }

    #[test]
    fn hanging_lines_line_up_under_the_text() {
        let mut lines = Lines::new();
        let prefix = [Part::Spaces(2), Part::Text("• ", Style::new())];
        lines.hanging(&prefix, &[StyledStr::plain("one two three four five")], 4, 14);
        assert!((0..lines.len()).all(|index| lines.line(index).1 <= 14));
        assert_eq!(plain(lines), ["  • one two", "    three four", "    five"]);
    }

    #[test]
    fn styles_switch_only_where_they_change_and_a_prefix_is_its_own_piece() {
        let bold = Style::new().bold();
        let mut lines = Lines::new();
        lines.hanging(
            &[Part::Text("Label", bold), Part::Text(": ", bold)],
            &[StyledStr::styled("two words", bold), StyledStr::plain(" plain")],
            2,
            80,
        );
        assert_eq!(
            lines.into_text(),
            "\u{1b}[1mLabel: \u{1b}[0m\u{1b}[1mtwo words\u{1b}[0m plain\n"
        );
    }

    #[test]
    fn whitespace_parts_are_the_parts_split_gives() {
        let samples = [
            "",
            " ",
            "one",
            "one two",
            "  two  spaces  ",
            "tab\there\nline\u{0B}vt\u{0C}ff\rcr",
            "\u{1c}\u{1f} not whitespace to char::is_whitespace",
            "no\u{A0}break\u{2003}em\u{85}next line\u{3000}",
            "日本 語\t",
        ];
        for sample in samples {
            let expected: Vec<&str> = sample.split(char::is_whitespace).collect();
            let parts: Vec<&str> = whitespace_parts(sample, is_printable_ascii(sample)).collect();
            assert_eq!(parts, expected, "{sample:?}");
            // Not knowing the text is printable finds the same parts.
            assert_eq!(
                whitespace_parts(sample, false).collect::<Vec<_>>(),
                expected,
                "{sample:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn whitespace_parts_match_split_for_any_text(text in "[ -~\t-\r\u{85}\u{A0}\u{2000}-\u{200B}é日]{0,40}") {
            let expected: Vec<&str> = text.split(char::is_whitespace).collect();
            proptest::prop_assert_eq!(whitespace_parts(&text, is_printable_ascii(&text)).collect::<Vec<_>>(), expected);
        }
    }

    /// Lays `runs` out after a prefix in both styles of output.
    fn both_ways(runs: &[StyledStr<'_>], width: usize) -> (Lines, Lines) {
        let prefix = [Part::Spaces(1), Part::Text("• ", Style::new().bold())];
        let mut ansi = Lines::with_styles(Styles::Ansi);
        let mut plain = Lines::with_styles(Styles::Plain);
        ansi.hanging(&prefix, runs, 3, width);
        plain.hanging(&prefix, runs, 3, width);
        (ansi, plain)
    }

    #[test]
    fn plain_lines_are_the_styled_lines_without_styles() {
        let bold = Style::new().bold();
        // Words split for being wider than the line, with words after them on its last line.
        let runs = [
            StyledStr::plain("a verylongwordthatsplits b c "),
            StyledStr::styled("bold  words", bold),
            StyledStr::token("tok en", Style::new()),
            StyledStr::plain(", 日本語のテキスト x\u{1b}y"),
        ];
        for width in 1..40 {
            let (ansi, plain) = both_ways(&runs, width);
            assert_eq!(plain.len(), ansi.len(), "at {width}");
            for index in 0..ansi.len() {
                let (styled_text, styled_width) = ansi.line(index);
                assert_eq!(
                    plain.line(index),
                    (&*anstream::adapter::strip_str(styled_text).to_string(), styled_width),
                    "at {width}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn plain_and_styled_lines_agree_for_any_text(
            texts in proptest::collection::vec("[a-z ]{0,12}|[a-z]{10,30}|[日é\t ]{0,4}", 1..6),
            tokens in proptest::collection::vec(proptest::bool::ANY, 6),
            width in 1usize..30,
        ) {
            let runs: Vec<StyledStr<'_>> = texts
                .iter()
                .zip(&tokens)
                .enumerate()
                .map(|(index, (text, &token))| StyledStr {
                    text,
                    style: if index % 2 == 0 { Style::new() } else { Style::new().bold() },
                    token,
                })
                .collect();
            let (ansi, plain) = both_ways(&runs, width);
            let stripped = anstream::adapter::strip_str(&ansi.into_text()).to_string();
            proptest::prop_assert_eq!(plain.into_text(), stripped);
        }
    }

    proptest::proptest! {
        /// One-column text takes the line-at-a-time layout without styles and the word by word
        /// one with them: the two must give the same lines (ASCII, text with arrows, dashes and
        /// accents, and text with a wide or a combining character, which takes the word by word
        /// layout both ways).
        #[test]
        fn one_column_text_wraps_as_word_by_word(
            texts in proptest::collection::vec(
                "[a-z ]{0,12}|[a-z]{10,30}|[ -~]{0,24}| {1,4}|[a-zé→—· ]{0,16}|[a-z→]{8,24}|[日\u{301}\t ]{0,3}",
                1..8,
            ),
            tokens in proptest::collection::vec(proptest::bool::ANY, 8),
            width in 1usize..40,
        ) {
            let runs: Vec<StyledStr<'_>> = texts
                .iter()
                .zip(&tokens)
                .map(|(text, &token)| StyledStr { text, style: Style::new().bold(), token })
                .collect();
            let (ansi, plain) = both_ways(&runs, width);
            let widths = |lines: &Lines| (0..lines.len()).map(|index| lines.line(index).1).collect::<Vec<_>>();
            proptest::prop_assert_eq!(widths(&plain), widths(&ansi));
            let stripped = anstream::adapter::strip_str(&ansi.into_text()).to_string();
            proptest::prop_assert_eq!(plain.into_text(), stripped);
        }
    }

    #[test]
    fn blank_is_no_natural_width() {
        for text in [
            "",
            " ",
            " \t\n",
            "\u{200B}",
            " \u{301} ",
            "a",
            " \u{7}",
            "日",
            "\u{200B}x",
        ] {
            let runs = [StyledStr::plain(" "), StyledStr::plain(text)];
            assert_eq!(is_blank(&runs), measure(&runs).1 == 0, "{text:?}");
        }
    }

    #[test]
    fn min_and_natural_widths() {
        let runs = [StyledStr::plain("ab  cde "), StyledStr::token("f g", Style::new())];
        assert_eq!(measure(&runs), (3, 10));
        assert_eq!(measure(&[StyledStr::plain("  日本 x  ")]), (4, 6));
        assert_eq!(measure(&[]), (0, 0));
        // The natural width is what a line wide enough holds.
        let runs = [
            StyledStr::plain("When "),
            StyledStr::token("Candidate  has been hired", Style::new()),
            StyledStr::plain(", then"),
        ];
        let (_, natural) = measure(&runs);
        let mut lines = Lines::new();
        lines.wrap(&runs, natural);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines.line(0).1, natural);
    }
}
