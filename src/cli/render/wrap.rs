//! Word wrapping by display width: words are never split unless one alone is wider than the
//! line, and a token (a scope, a path, a URL, a value to paste) stays on one line whenever it
//! fits on one. Wrapped lines take a hanging indent from the caller.

use std::fmt::Write as _;
use std::ops::Range;

use anstyle::Style;
use unicode_width::UnicodeWidthChar;

use super::visible;

/// A run of text in one style; `token` runs are kept whole when they fit.
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
}

/// A piece of a laid-out line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) text: String,
    pub(crate) style: Style,
}

/// One laid-out line.
pub(crate) type Line = Vec<Piece>;

/// Columns `text` takes on a terminal.
pub(crate) fn text_width(text: &str) -> usize {
    if is_printable_ascii(text) {
        // Every printable ASCII character is one column wide.
        return text.len();
    }
    text.chars().map(char_width).sum()
}

pub(crate) fn line_width(line: &Line) -> usize {
    line.iter().map(|piece| text_width(&piece.text)).sum()
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Whether `text` is all printable ASCII (no control character, no whitespace but the space):
/// the common case, shown as itself and one column a byte, so it is copied and measured whole
/// instead of a character at a time.
fn is_printable_ascii(text: &str) -> bool {
    text.bytes().all(|byte| (b' '..=b'~').contains(&byte))
}

/// The words of some runs, in one buffer: the text of every word back to back, the styled
/// pieces as ranges of it, and each word as a range of pieces. Words are built and laid out by
/// the thousand, so they take a few growing buffers rather than a `String` each.
#[derive(Debug, Default)]
struct Words {
    text: String,
    pieces: Vec<(Range<usize>, Style)>,
    words: Vec<Word>,
    /// The first piece of the word being built.
    word_start: usize,
    /// The width of the word being built.
    word_width: usize,
}

/// A word: pieces with no break allowed between them.
#[derive(Debug)]
struct Word {
    pieces: Range<usize>,
    width: usize,
}

impl Words {
    /// Appends `text` (no whitespace in it but single spaces inside a token) to the word being
    /// built, each character made [`visible`].
    fn push_str(&mut self, text: &str, style: Style) {
        let start = self.text.len();
        if is_printable_ascii(text) {
            self.text.push_str(text);
            self.word_width += text.len();
        } else {
            for c in text.chars().map(visible) {
                self.text.push(c);
                self.word_width += char_width(c);
            }
        }
        let end = self.text.len();
        let in_word = self.pieces.len() > self.word_start;
        match self.pieces.last_mut() {
            Some((range, last)) if in_word && *last == style => range.end = end,
            _ => self.pieces.push((start..end, style)),
        }
    }

    /// Ends the word being built, if it has any text.
    fn finish(&mut self) {
        if self.pieces.len() > self.word_start {
            self.words.push(Word {
                pieces: self.word_start..self.pieces.len(),
                width: self.word_width,
            });
        }
        self.word_start = self.pieces.len();
        self.word_width = 0;
    }

    /// The pieces of `word`: text and style.
    fn pieces(&self, word: &Word) -> impl Iterator<Item = (&str, Style)> {
        self.pieces[word.pieces.clone()]
            .iter()
            .map(|(range, style)| (&self.text[range.clone()], *style))
    }
}

/// The runs as words: whitespace separates words; a token that fits in `width` is one word
/// (its own spaces included), glued to any text touching it.
fn words(runs: &[Run], width: usize) -> Words {
    let mut words = Words::default();
    for run in runs {
        let whole = run.token && text_width(run.text.trim()) <= width;
        if whole {
            if run.text.starts_with(char::is_whitespace) {
                words.finish();
            }
            // Inner whitespace of a token is one plain space; it never breaks the line.
            for (index, part) in run.text.split_whitespace().enumerate() {
                if index > 0 {
                    words.push_str(" ", run.style);
                }
                words.push_str(part, run.style);
            }
            if run.text.ends_with(char::is_whitespace) {
                words.finish();
            }
        } else {
            for (index, part) in run.text.split(char::is_whitespace).enumerate() {
                if index > 0 {
                    words.finish();
                }
                if !part.is_empty() {
                    words.push_str(part, run.style);
                }
            }
        }
    }
    words.finish();
    words
}

/// Lays `runs` out in lines of at most `width` columns (at least 1). Whitespace collapses to
/// one space; no line starts or ends with one.
pub(crate) fn wrap(runs: &[Run], width: usize) -> Vec<Line> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Line = Vec::new();
    let mut used = 0;
    let words = words(runs, width);
    for word in &words.words {
        if !line.is_empty() && used + 1 + word.width <= width {
            // A space between two words of one style takes that style, so an underlined
            // heading stays one line and styles are not switched off and on at every word.
            let before = line.last().map(|piece| piece.style);
            let after = words.pieces(word).next().map(|(_, style)| style);
            let style = if before == after {
                before.unwrap_or_default()
            } else {
                Style::new()
            };
            push_piece(&mut line, " ", style);
            used += 1;
        } else if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if word.width <= width - used {
            used += word.width;
            for (text, style) in words.pieces(word) {
                push_piece(&mut line, text, style);
            }
            continue;
        }
        // Wider than a whole line: the one case where a word is split.
        for (text, style) in words.pieces(word) {
            for c in text.chars() {
                let w = char_width(c);
                if used + w > width && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                let mut buffer = [0; 4];
                push_piece(&mut line, c.encode_utf8(&mut buffer), style);
                used += w;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn push_piece(line: &mut Line, text: &str, style: Style) {
    match line.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => line.push(Piece {
            text: text.to_owned(),
            style,
        }),
    }
}

/// How wide a run of text is: its widest word (the narrowest column it fits in without a split
/// word; a token may break at its own spaces there) and its width on one line with whitespace
/// collapsed. One pass, no allocation: tables measure every cell.
pub(crate) fn measure(runs: &[Run]) -> (usize, usize) {
    let (mut widest, mut natural, mut word) = (0, 0, 0);
    let mut gap = false;
    for run in runs {
        for (index, part) in run.text.split(char::is_whitespace).enumerate() {
            if index > 0 {
                gap = natural > 0;
                widest = widest.max(word);
                word = 0;
            }
            if part.is_empty() {
                continue;
            }
            let width = if is_printable_ascii(part) {
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

/// The width of `runs` on one line, whitespace collapsed: see [`measure`].
pub(crate) fn natural_width(runs: &[Run]) -> usize {
    measure(runs).1
}

/// Wraps `runs` after a first-line prefix (a bullet, a label) with the following lines
/// indented to `hang` columns; every line is at most `width` columns, prefix included.
pub(crate) fn hanging(prefix: Line, runs: &[Run], hang: usize, width: usize) -> Vec<Line> {
    let available = width.saturating_sub(line_width(&prefix).max(hang)).max(1);
    let mut lines = Vec::new();
    for (index, wrapped) in wrap(runs, available).into_iter().enumerate() {
        let mut line = if index == 0 {
            prefix.clone()
        } else {
            vec![Piece {
                text: " ".repeat(hang),
                style: Style::new(),
            }]
        };
        line.extend(wrapped);
        lines.push(line);
    }
    if lines.is_empty() && !prefix.is_empty() {
        lines.push(prefix);
    }
    lines
}

/// Laid-out lines as text, each piece wrapped in its style's escape codes (the output writer
/// strips them when colour is off), one `\n` after each line.
pub(crate) fn styled_text(lines: impl IntoIterator<Item = Line>) -> String {
    let mut text = String::new();
    for line in lines {
        for piece in line {
            if piece.style == anstyle::Style::new() {
                text.push_str(&piece.text);
            } else {
                // Writing to a String cannot fail.
                let _ = write!(text, "{}", piece.style.render());
                text.push_str(&piece.text);
                let _ = write!(text, "{}", piece.style.render_reset());
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.iter().map(|piece| piece.text.as_str()).collect())
            .collect()
    }

    fn token(text: &str) -> Run {
        Run {
            token: true,
            ..Run::plain(text)
        }
    }

    #[test]
    fn wraps_at_spaces_and_never_splits_a_word_that_fits() {
        let lines = wrap(&[Run::plain("the quick brown fox jumps over")], 10);
        assert_eq!(plain(&lines), ["the quick", "brown fox", "jumps over"]);
    }

    #[test]
    fn a_word_wider_than_the_line_is_split_to_the_width() {
        let lines = wrap(&[Run::plain("harvest:applications:list")], 10);
        assert_eq!(plain(&lines), ["harvest:ap", "plications", ":list"]);
    }

    #[test]
    fn a_token_that_fits_moves_to_the_next_line_whole() {
        let runs = [
            Run::plain("When "),
            token("Candidate has been hired"),
            Run::plain(", then"),
        ];
        let lines = wrap(&runs, 26);
        assert_eq!(plain(&lines), ["When", "Candidate has been hired,", "then"]);
        // Too long for the line: the token breaks at its own spaces, never inside a word.
        let lines = wrap(&runs, 12);
        assert_eq!(plain(&lines), ["When", "Candidate", "has been", "hired, then"]);
    }

    #[test]
    fn widths_count_display_columns() {
        assert_eq!(text_width("→ ✔"), 3);
        assert_eq!(text_width("日本"), 4);
        let lines = wrap(&[Run::plain("日本語のテキスト")], 5);
        assert!(lines.iter().all(|line| line_width(line) <= 5), "{:?}", plain(&lines));
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let lines = wrap(&[Run::plain("a\u{1b}[2Jb \u{202e}c")], 80);
        assert_eq!(plain(&lines), ["a\u{FFFD}[2Jb \u{FFFD}c"]);
    }

    #[test]
    fn hanging_lines_line_up_under_the_text() {
        let prefix = vec![Piece {
            text: "  • ".to_owned(),
            style: Style::new(),
        }];
        let lines = hanging(prefix, &[Run::plain("one two three four five")], 4, 14);
        assert_eq!(plain(&lines), ["  • one two", "    three four", "    five"]);
        assert!(lines.iter().all(|line| line_width(line) <= 14));
    }

    #[test]
    fn min_and_natural_widths() {
        let runs = [Run::plain("ab  cde "), token("f g")];
        assert_eq!(measure(&runs), (3, 10));
        assert_eq!(natural_width(&runs), 10);
        assert_eq!(measure(&[Run::plain("  日本 x  ")]), (4, 6));
        assert_eq!(measure(&[]), (0, 0));
        // The natural width is what a line wide enough holds.
        let runs = [
            Run::plain("When "),
            token("Candidate  has been hired"),
            Run::plain(", then"),
        ];
        let (_, natural) = measure(&runs);
        assert_eq!(wrap(&runs, natural).len(), 1);
        assert_eq!(line_width(&wrap(&runs, natural)[0]), natural);
    }
}
