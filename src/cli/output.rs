//! The one place output is written. Colour, TTY detection, the layout width and JSON are
//! decided here; commands hand it text (styled with `anstyle`) or serializable data.
//!
//! Everything written passes [`atsctl::redact::redact`] first, the final guard that no secret in
//! play (in any encoding), URL password or credential header value reaches a terminal, a pipe
//! or a log, whichever path a text took to get here. The one deliberate exception is
//! [`Output::print_secret`].

use std::borrow::Cow;
use std::io::{IsTerminal, Write};
use std::sync::OnceLock;

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Style};
use atsctl::document::Document;
use atsctl::redact::{redact, redacted};
use serde::Serialize;

use super::render::{self, DocumentFormat, Styles};

/// Terminal styles used across commands.
pub(crate) mod style {
    use super::{AnsiColor, Style};

    pub(crate) const ERROR: Style = AnsiColor::Red.on_default().bold();
    pub(crate) const WARNING: Style = AnsiColor::Yellow.on_default().bold();
    pub(crate) const OK: Style = AnsiColor::Green.on_default().bold();
    pub(crate) const HEADING: Style = Style::new().bold().underline();
    pub(crate) const EMPHASIS: Style = Style::new().bold();
    pub(crate) const DIM: Style = Style::new().dimmed();
    pub(crate) const HELP: Style = AnsiColor::Cyan.on_default().bold();
}

/// `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// The widths `--width` accepts.
pub(crate) const WIDTH_RANGE: std::ops::RangeInclusive<u16> = 40..=1000;
/// The layout width when stdout is not a terminal: fixed, so a file or a pipe gets the same
/// text on every machine.
const PIPE_WIDTH: usize = 100;
/// A terminal that reports no size (some pseudo-terminals say 0 columns) is taken as this wide.
const UNKNOWN_TERMINAL_WIDTH: usize = 80;
/// Narrower than this, a layout is all broken words; a tinier terminal gets lines this wide.
const NARROWEST_TERMINAL: usize = 20;

/// The layout width of this run, decided once.
static LAYOUT_WIDTH: OnceLock<usize> = OnceLock::new();

/// The width human output is laid out for: `--width` when given, the terminal's width when
/// stdout is one, else a fixed 100 columns.
fn decide_width(forced: Option<u16>) -> usize {
    if let Some(width) = forced {
        return usize::from(width);
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return PIPE_WIDTH;
    }
    match terminal_size::terminal_size_of(stdout) {
        Some((terminal_size::Width(columns), _)) if columns > 0 => usize::from(columns).max(NARROWEST_TERMINAL),
        _ => UNKNOWN_TERMINAL_WIDTH,
    }
}

/// The layout width, for code that has no [`Output`] at hand (table rendering).
pub(crate) fn layout_width() -> usize {
    *LAYOUT_WIDTH.get_or_init(|| decide_width(None))
}

pub(crate) struct Output {
    stdout: AutoStream<std::io::Stdout>,
    stderr: AutoStream<std::io::Stderr>,
    stderr_is_terminal: bool,
    stdin_is_terminal: bool,
    stdout_colored: bool,
    stderr_colored: bool,
    quiet: bool,
    /// `print` writes to stderr: stdout carries only the one value `json` writes.
    prints_to_stderr: bool,
}

impl Output {
    pub(crate) fn new(color: ColorWhen, quiet: bool) -> Self {
        let choice = match color {
            ColorWhen::Auto => ColorChoice::Auto,
            ColorWhen::Always => ColorChoice::Always,
            ColorWhen::Never => ColorChoice::Never,
        };
        let stdout = AutoStream::new(std::io::stdout(), choice);
        let stdout_colored = !matches!(stdout.current_choice(), ColorChoice::Never);
        let stderr = AutoStream::new(std::io::stderr(), choice);
        let stderr_colored = !matches!(stderr.current_choice(), ColorChoice::Never);
        Self {
            stdout,
            stderr,
            stderr_is_terminal: std::io::stderr().is_terminal(),
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stdout_colored,
            stderr_colored,
            quiet,
            prints_to_stderr: false,
        }
    }

    /// Fixes the layout width for the whole run: `forced` (the `--width` flag) or the default.
    pub(crate) fn with_width(self, forced: Option<u16>) -> Self {
        let _ = LAYOUT_WIDTH.set(decide_width(forced));
        self
    }

    /// The columns human output may use, indentation included.
    pub(crate) fn width(&self) -> usize {
        layout_width()
    }

    /// Writes `text` to stdout, redacted (it may carry styles; they are stripped when colour is
    /// off).
    pub(crate) fn print(&mut self, text: &str) {
        if self.prints_to_stderr {
            self.message(text);
            return;
        }
        self.write_stdout(text);
    }

    /// Writes `document` in `format` where [`Output::print`] writes, laid out to the run's
    /// width; styles are left out when that stream shows none (instead of written and cut).
    pub(crate) fn print_document(&mut self, document: &Document, format: DocumentFormat) {
        let colored = if self.prints_to_stderr {
            self.stderr_colored
        } else {
            self.stdout_colored
        };
        let styles = if colored { Styles::Ansi } else { Styles::Plain };
        self.print(&render::render_with_styles(document, format, self.width(), styles));
    }

    /// Writes `text` to stdout even after [`Output::print_to_stderr`]: a command's result.
    pub(crate) fn write_stdout(&mut self, text: &str) {
        let text = redacted(text);
        // Without colour, text whose only escapes are styles skips the general stripper (a
        // terminal parser run on every byte): the styles are cut out in one scan and the rest
        // goes straight to stdout, the same bytes the stripper would write.
        let plain = if self.stdout_colored {
            None
        } else {
            without_styles(&text)
        };
        // A closed pipe (`atsctl plan x | head`) is not an error worth reporting.
        let _ = match plain {
            Some(plain) => self.stdout.as_inner().write_all(plain.as_bytes()),
            None => self.stdout.write_all(text.as_bytes()),
        };
        let _ = self.stdout.flush();
    }

    /// From now on [`Output::print`] writes to stderr, so that stdout carries only what
    /// [`Output::json`] writes (`setup --format json`: the steps' progress is for a person
    /// watching, the summary for a script).
    pub(crate) fn print_to_stderr(&mut self) {
        self.prints_to_stderr = true;
    }

    /// Writes a secret to stdout unredacted, on its own: only for a secret the person must copy
    /// now and can get nowhere else (a new Lever webhook's signature token, shown once).
    pub(crate) fn print_secret(&mut self, secret: &atsctl::http::Secret) {
        let _ = self.stdout.write_all(secret.expose().as_bytes());
        let _ = self.stdout.flush();
    }

    /// Writes one value as pretty JSON on stdout.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
        self.write_stdout(&text);
        self.write_stdout("\n");
    }

    /// Writes one value as a single JSON line on stdout (streams of events).
    pub(crate) fn json_line<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Ok(text) = serde_json::to_string(value) {
            self.print(&text);
            self.print("\n");
        }
    }

    /// Whether status output (`status`) is switched off with `--quiet`.
    pub(crate) fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Writes to stderr: progress and status, never data.
    pub(crate) fn status(&mut self, text: &str) {
        if !self.quiet {
            let _ = self.stderr.write_all(redact(text).as_bytes());
            let _ = self.stderr.flush();
        }
    }

    pub(crate) fn error(&mut self, message: &str, help: &[String]) {
        let mut text = format!(
            "{}error:{} {message}\n",
            style::ERROR.render(),
            style::ERROR.render_reset()
        );
        for line in help {
            text.push_str(&format!(
                "  {}help:{} {line}\n",
                style::HELP.render(),
                style::HELP.render_reset()
            ));
        }
        let _ = self.stderr.write_all(redact(&text).as_bytes());
    }

    /// Writes a question to stderr, even with `--quiet`: the person must see what is asked.
    pub(crate) fn prompt(&mut self, text: &str) {
        let _ = self.stderr.write_all(redact(text).as_bytes());
        let _ = self.stderr.flush();
    }

    /// Writes to stderr even with `--quiet`: text that belongs with an error and must be seen
    /// (the commands `setup` prints when it cannot ask).
    pub(crate) fn message(&mut self, text: &str) {
        let _ = self.stderr.write_all(redact(text).as_bytes());
        let _ = self.stderr.flush();
    }

    pub(crate) fn warning(&mut self, message: &str) {
        if !self.quiet {
            let text = format!(
                "{}warning:{} {message}\n",
                style::WARNING.render(),
                style::WARNING.render_reset()
            );
            let _ = self.stderr.write_all(redact(&text).as_bytes());
        }
    }

    /// Whether a person is watching stderr: progress indicators only then.
    pub(crate) fn stderr_is_terminal(&self) -> bool {
        self.stderr_is_terminal && !self.quiet
    }

    pub(crate) fn stdin_is_terminal(&self) -> bool {
        self.stdin_is_terminal
    }

    /// Whether stdout keeps styles; tables decide their borders' colour by it.
    pub(crate) fn stdout_colored(&self) -> bool {
        self.stdout_colored
    }

    /// Whether stderr keeps styles; prompts drawn there follow it.
    pub(crate) fn stderr_colored(&self) -> bool {
        self.stderr_colored
    }
}

/// `text` with its style escapes (`ESC [ digits ; : m`, all that `anstyle` writes) cut out
/// (borrowed when it has none), or `None` when it holds any other escape or control character
/// (other than tab, newline and carriage return, which are kept): that text is left to the
/// general stripper.
fn without_styles(text: &str) -> Option<Cow<'_, str>> {
    let bytes = text.as_bytes();
    // Folds with no early exit, so the compiler checks many bytes at a time.
    let control = bytes.iter().fold(false, |found, &byte| {
        found | (byte < b' ' && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x1b)) | (byte == 0x7f)
    });
    // U+0080 to U+009F: C1 control characters.
    let c1_control = bytes
        .iter()
        .zip(bytes.iter().skip(1))
        .fold(false, |found, (&first, &second)| {
            found | (first == 0xc2 && (0x80..=0x9f).contains(&second))
        });
    if control || c1_control {
        return None;
    }
    if memchr::memchr(0x1b, bytes).is_none() {
        return Some(Cow::Borrowed(text));
    }
    let mut parts = text.split('\x1b');
    let mut plain = String::with_capacity(text.len());
    plain.push_str(parts.next().unwrap_or_default());
    for part in parts {
        plain.push_str(&part[style_escape_length(part.as_bytes())?..]);
    }
    Some(Cow::Owned(plain))
}

/// The length of the rest of a style escape (`[`, parameters, `m`) that `bytes`, the text after
/// an `ESC`, starts with, if it is one.
fn style_escape_length(bytes: &[u8]) -> Option<usize> {
    let parameters = bytes.strip_prefix(b"[")?;
    let end = parameters
        .iter()
        .position(|byte| !matches!(byte, b'0'..=b'9' | b';' | b':'))?;
    (parameters[end] == b'm').then_some(1 + end + 1)
}

/// `text` wrapped in `style`.
pub(crate) fn paint(style: Style, text: &str) -> String {
    format!("{}{text}{}", style.render(), style.render_reset())
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::{paint, style, without_styles};

    /// What the general stripper (the path colourless output took before) writes for `text`.
    fn stripped(text: &str) -> String {
        let mut stream = anstream::StripStream::new(Vec::new());
        stream.write_all(text.as_bytes()).expect("writing to a Vec");
        String::from_utf8(stream.into_inner()).expect("the stripper keeps UTF-8")
    }

    #[test]
    fn styled_text_loses_its_styles_and_nothing_else() {
        let text = format!(
            "{} · {}\n\tx\r\n{}日本 é\n",
            paint(style::HEADING, "1. Permissions"),
            paint(style::DIM, "manifest"),
            paint(
                anstyle::Style::new()
                    .underline()
                    .fg_color(Some(anstyle::Ansi256Color(208).into())),
                "→ ✔"
            ),
        );
        let plain = without_styles(&text).expect("only style escapes");
        assert_eq!(plain, "1. Permissions · manifest\n\tx\r\n→ ✔日本 é\n");
        assert_eq!(plain, stripped(&text));
    }

    #[test]
    fn other_escapes_and_controls_go_to_the_general_stripper() {
        for text in [
            "\x1b]0;title\x07",
            "a\x1bcb",
            "\x1b[2J",
            "\x1b[1",
            "\x1b",
            "bell\x07",
            "del\x7f",
            "c1\u{9b}2J",
            "vt\x0b",
        ] {
            assert!(without_styles(text).is_none(), "{text:?}");
        }
    }

    /// Every text made of these pieces, four at a time, gives the stripper's bytes when the
    /// fast path takes it.
    #[test]
    fn the_fast_path_writes_what_the_stripper_writes() {
        let pieces = [
            "a",
            " ",
            "\n",
            "\t",
            "\r",
            "\x1b[1m",
            "\x1b[0m",
            "\x1b[38;5;12m",
            "\x1b[4:3m",
            "\x1b[m",
            "\x1b",
            "[",
            "m",
            "1",
            ";",
            "\x07",
            "\x7f",
            "\u{85}",
            "é",
            "日",
            "\x1b]0;t\x07",
            "\x1bc",
            "\x0c",
            "\x0b",
            "\u{a0}",
        ];
        let mut taken = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = [a, b, c, d].concat();
                        if let Some(plain) = without_styles(&text) {
                            taken += 1;
                            assert_eq!(plain, stripped(&text), "{text:?}");
                        }
                    }
                }
            }
        }
        assert!(taken > 10_000, "the fast path took only {taken} texts");
    }
}
