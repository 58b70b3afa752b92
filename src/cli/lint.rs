//! `atsctl lint`: check manifests with located findings, as rustc-style snippets, JSON, GitHub
//! Actions annotations, or SARIF for code scanning (`lint_sarif`). `atsctl explain CODE` says
//! what a finding code means.

use std::path::PathBuf;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use atsctl::diagnostic::{Code, Diagnostic, Severity};
use atsctl::manifest;
use atsctl::manifest::files::{self, Input};
use serde::Serialize;

use super::manifest_source::io_reason;
use super::{CliError, CliResult, Exit, Output};

// Its description is on `Command::Lint` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct LintArgs {
    /// Files or directories to check.
    #[arg(value_name = "PATH", default_value = "integrations")]
    paths: Vec<PathBuf>,
    /// human: snippets with carets; json: one report; github: Actions annotations; sarif: SARIF
    /// 2.1.0 for code scanning.
    #[arg(long, value_enum, default_value = "human")]
    format: LintFormat,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    // `terminal` as every command that prints for a person accepts it.
    #[value(alias = "terminal")]
    Human,
    Json,
    Github,
    Sarif,
}

// Its description is on `Command::Explain` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// A code such as `unknown-permission`; omit to list every code.
    code: Option<String>,
}

#[derive(Debug, Serialize)]
struct LintReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: &'a [Diagnostic],
}

pub(crate) fn run(args: &LintArgs, output: &mut Output) -> CliResult {
    // Named symbolic links are followed only inside the current directory (see `files`).
    let working_dir = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut findings = Findings::new(args.format, output);
    let mut unreadable = Vec::new();
    files::walk(&args.paths, &working_dir, |input| match input {
        Input::Manifest { name, bytes } => {
            // A file that is not UTF-8 is itself a finding, shown without a snippet.
            let (text, loaded) = match String::from_utf8(bytes) {
                Ok(text) => {
                    let loaded = manifest::load(&name, &text);
                    (Some(text), loaded)
                }
                Err(error) => (None, manifest::load_bytes(&name, error.into_bytes())),
            };
            findings.file(output, text.as_deref(), loaded.diagnostics);
        }
        Input::Refused(diagnostic) => findings.file(output, None, vec![diagnostic]),
        Input::Unreadable { name, error } => unreadable.push(format!("{name}: {}", io_reason(&error))),
    });
    let checked = findings.files;
    let failed = findings.errors > 0 || (args.deny_warnings && findings.warnings > 0);
    findings.finish(output);
    if !unreadable.is_empty() {
        let mut error = CliError::usage(format!("cannot read {}", unreadable.join("; ")));
        if checked == 0 {
            error = error.with_help("pass manifest files or directories that contain them");
        }
        return Err(error);
    }
    if checked == 0 {
        return Err(CliError::usage("no *.yaml or *.yml files found")
            .with_help("pass manifest files or directories that contain them"));
    }
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}

/// The most findings shown for one file; the rest are counted in a `too-many-findings` note. A
/// person reads no further, and a 1 MiB file of 200,000 duplicate keys must not become 38 MB
/// of CI log (nor take seconds to draw).
const MAX_FINDINGS_PER_FILE: usize = 100;

/// The findings of a run, in the chosen format. Formats that read line by line (human,
/// GitHub) print each file's findings as soon as it is checked, so only one file's text is
/// held at a time; formats that are one document (JSON) keep the findings for [`Self::finish`].
/// A new format is one arm in each of the two methods.
struct Findings {
    format: LintFormat,
    renderer: Renderer,
    /// Findings kept for a one-document format.
    kept: Vec<Diagnostic>,
    /// The text of each file with kept findings, for SARIF's end columns (at most 1 MiB each).
    kept_sources: Vec<(String, Option<String>)>,
    files: usize,
    errors: usize,
    warnings: usize,
}

impl Findings {
    fn new(format: LintFormat, output: &Output) -> Self {
        let renderer = if output.stdout_colored() {
            Renderer::styled()
        } else {
            Renderer::plain()
        }
        .decor_style(DecorStyle::Unicode)
        // Long source lines are cut around the caret instead of wrapping in the terminal.
        .term_width(output.width());
        Self {
            format,
            renderer,
            kept: Vec::new(),
            kept_sources: Vec::new(),
            files: 0,
            errors: 0,
            warnings: 0,
        }
    }

    /// One file checked: its text when it was read as UTF-8, and its findings. The totals
    /// count every finding; at most [`MAX_FINDINGS_PER_FILE`] are shown.
    fn file(&mut self, output: &mut Output, source: Option<&str>, mut diagnostics: Vec<Diagnostic>) {
        self.files += 1;
        let errors = diagnostics.iter().filter(|diagnostic| diagnostic.is_error()).count();
        let warnings = diagnostics.len() - errors;
        self.errors += errors;
        self.warnings += warnings;
        if diagnostics.len() > MAX_FINDINGS_PER_FILE {
            let hidden = diagnostics.len() - MAX_FINDINGS_PER_FILE;
            let file = diagnostics[0].file.clone();
            diagnostics.truncate(MAX_FINDINGS_PER_FILE);
            diagnostics.push(
                Diagnostic::new(
                    Code::TooManyFindings,
                    &file,
                    None,
                    format!(
                        "{hidden} more findings are not shown; the file has {errors} error(s) and {warnings} warning(s) in all"
                    ),
                )
                .with_help("fix the findings above and lint again; this many usually means the file is not a manifest"),
            );
        }
        match self.format {
            LintFormat::Json => self.kept.extend(diagnostics),
            LintFormat::Sarif => {
                if let Some(first) = diagnostics.first() {
                    self.kept_sources.push((first.file.clone(), source.map(str::to_owned)));
                }
                self.kept.extend(diagnostics);
            }
            LintFormat::Github => {
                for diagnostic in &diagnostics {
                    output.print(&github_annotation(diagnostic));
                }
            }
            LintFormat::Human => {
                for diagnostic in &diagnostics {
                    output.print(&human(&self.renderer, diagnostic, source, Some(output.width())));
                    output.print("\n");
                }
            }
        }
    }

    fn finish(self, output: &mut Output) {
        match self.format {
            LintFormat::Json => output.json(&LintReport {
                files: self.files,
                errors: self.errors,
                warnings: self.warnings,
                diagnostics: &self.kept,
            }),
            LintFormat::Sarif => output.json(&super::lint_sarif::log(&self.kept, &self.kept_sources)),
            LintFormat::Github => {}
            LintFormat::Human => {
                if self.files > 0 {
                    output.status(&format!(
                        "{} file(s) checked: {} error(s), {} warning(s)\n",
                        self.files, self.errors, self.warnings
                    ));
                }
            }
        }
    }
}

/// Findings as `lint` shows them to a person (snippets with carets, at most
/// [`MAX_FINDINGS_PER_FILE`]), for a command that refuses a manifest with errors.
pub(crate) fn human_findings(source: Option<&str>, diagnostics: &[Diagnostic], colored: bool) -> String {
    let renderer = if colored { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
    let mut text = String::new();
    for diagnostic in diagnostics.iter().take(MAX_FINDINGS_PER_FILE) {
        text.push_str(&human(&renderer, diagnostic, source, None));
        text.push('\n');
    }
    if diagnostics.len() > MAX_FINDINGS_PER_FILE {
        text.push_str(&format!(
            "… and {} more findings\n",
            diagnostics.len() - MAX_FINDINGS_PER_FILE
        ));
    }
    text
}

/// One finding, drawn by annotate-snippets. With a `width`, the message and the help are
/// wrapped at spaces to fit it: the renderer cuts long source lines but never wraps text, and
/// it aligns a message's further lines under its first.
fn human(renderer: &Renderer, diagnostic: &Diagnostic, source: Option<&str>, width: Option<usize>) -> String {
    let (level, level_name) = match diagnostic.severity {
        Severity::Error => (Level::ERROR, "error"),
        Severity::Warning => (Level::WARNING, "warning"),
    };
    let code = diagnostic.code.as_str();
    // `error[code]: `
    let message = fit(&diagnostic.message, level_name.len() + code.len() + 4, width);
    let title = level.primary_title(message).id(code);
    let excerpt = source
        .zip(diagnostic.location)
        .and_then(|(source, location)| line_excerpt(source, location.byte_start, location.byte_end));
    // The gutter holds the line number when a source line is drawn, then `╰ help: `.
    let gutter = match (&excerpt, diagnostic.location) {
        (Some(_), Some(location)) => location.line.to_string().len() + 1,
        _ => 1,
    };
    let mut group = match (excerpt, diagnostic.location) {
        (Some(excerpt), Some(location)) => Group::with_title(title).element(
            Snippet::source(excerpt.text)
                .line_start(location.line)
                .path(diagnostic.file.as_str())
                .annotation(AnnotationKind::Primary.span(excerpt.span)),
        ),
        // No text to show (not UTF-8, no location, or a line too long to draw): the header
        // still names file:line:column.
        (_, location) => {
            let mut origin = annotate_snippets::Origin::path(diagnostic.file.as_str());
            if let Some(at) = location {
                origin = origin.line(at.line).char_column(at.column);
            }
            Group::with_title(title).element(origin)
        }
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(fit(help, gutter + "╰ help: ".chars().count(), width)));
    }
    renderer.render(&[group])
}

/// `text` with its spaces turned into line breaks where a line, after `indent` columns, would
/// pass `width`. A word wider than the room stays whole (a path or URL is not broken).
fn fit(text: &str, indent: usize, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_owned();
    };
    // Below this much room, wrapping would make a column of single words.
    let room = width.saturating_sub(indent).max(24);
    let mut fitted = String::with_capacity(text.len() + 8);
    let mut line = 0;
    for word in text.split(' ') {
        let word_width = unicode_width::UnicodeWidthStr::width(word);
        if line > 0 && line + 1 + word_width > room {
            fitted.push('\n');
            line = 0;
        } else if line > 0 {
            fitted.push(' ');
            line += 1;
        }
        fitted.push_str(word);
        line += word_width;
    }
    fitted
}

/// The longest source line drawn under a finding. The renderer's cost grows with the text it
/// is given, so it gets the finding's line, never the whole file (200,000 findings in a 1 MB
/// file would cost 200,000 × 1 MB), and a longer line is not drawn at all.
const MAX_EXCERPT_BYTES: usize = 1024;

/// The line a finding points at and the span to underline within it.
struct Excerpt<'a> {
    text: &'a str,
    span: std::ops::Range<usize>,
}

/// The line of `source` holding byte `start`, searched at most [`MAX_EXCERPT_BYTES`] either
/// way, with `start..end` cut to that line and made relative to it. `None` when the span does
/// not fit the text (which a correct finding never has) or the line is too long to draw.
fn line_excerpt(source: &str, start: usize, end: usize) -> Option<Excerpt<'_>> {
    if start > source.len() || !source.is_char_boundary(start) {
        return None;
    }
    let bytes = source.as_bytes();
    let window_start = start.saturating_sub(MAX_EXCERPT_BYTES);
    let line_start = match bytes[window_start..start].iter().rposition(|byte| *byte == b'\n') {
        Some(at) => window_start + at + 1,
        None if window_start == 0 => 0,
        None => return None,
    };
    let window_end = (start + MAX_EXCERPT_BYTES).min(bytes.len());
    let line_end = match bytes[start..window_end].iter().position(|byte| *byte == b'\n') {
        Some(at) => start + at,
        None if window_end == bytes.len() => bytes.len(),
        None => return None,
    };
    if line_end - line_start > MAX_EXCERPT_BYTES {
        return None;
    }
    let text = &source[line_start..line_end];
    let mut span = start - line_start..end.clamp(start, line_end) - line_start;
    if !text.is_char_boundary(span.end) {
        span.end = span.start;
    }
    // An empty span (a place, not a stretch) underlines the character there, if any.
    if span.is_empty() {
        span.end += text[span.start..].chars().next().map_or(0, char::len_utf8);
    }
    Some(Excerpt { text, span })
}

/// One GitHub Actions workflow command; `%`, CR and LF must be escaped in values.
fn github_annotation(diagnostic: &Diagnostic) -> String {
    let level = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let escape_property = |text: &str| {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let escape_data = |text: &str| text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    let mut properties = format!("file={}", escape_property(&diagnostic.file));
    if let Some(location) = diagnostic.location {
        properties.push_str(&format!(",line={},col={}", location.line, location.column));
    }
    properties.push_str(&format!(",title={}", escape_property(diagnostic.code.as_str())));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{level} {properties}::{}\n", escape_data(&message))
}

pub(crate) fn explain(args: &ExplainArgs, output: &mut Output) -> CliResult {
    match &args.code {
        None => {
            for code in Code::ALL {
                output.print(&format!(
                    "{:<30} {:<8} {}\n",
                    code.as_str(),
                    code.severity().as_str(),
                    code.explanation()
                ));
            }
            Ok(Exit::Ok)
        }
        Some(wanted) => match Code::ALL.iter().find(|code| code.as_str() == wanted.as_str()) {
            Some(code) => {
                output.print(&format!(
                    "{} ({}): {}\n",
                    code.as_str(),
                    code.severity().as_str(),
                    code.explanation()
                ));
                Ok(Exit::Ok)
            }
            None => {
                let mut error = CliError::usage(format!("unknown code `{wanted}`"));
                if let Some(suggestion) =
                    atsctl::diagnostic::nearest(wanted, Code::ALL.iter().map(|code| code.as_str()))
                {
                    error = error.with_help(format!("did you mean `{suggestion}`?"));
                }
                Err(error.with_help("`atsctl explain` lists every code"))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_the_finding_s_line() {
        let source = "first: 1\nsecond: é2\nthird: 3\n";
        let start = source.find("é2").unwrap();
        let excerpt = line_excerpt(source, start, start + "é2".len()).unwrap();
        assert_eq!(excerpt.text, "second: é2");
        assert_eq!(&excerpt.text[excerpt.span.clone()], "é2");
        // A span running past its line is cut at the line's end; an empty one takes a character.
        let excerpt = line_excerpt(source, 0, source.len()).unwrap();
        assert_eq!((excerpt.text, excerpt.span), ("first: 1", 0..8));
        let excerpt = line_excerpt(source, start, start).unwrap();
        assert_eq!(&excerpt.text[excerpt.span], "é");
        let end = source.len();
        assert_eq!(line_excerpt(source, end, end).unwrap().text, "");
    }

    #[test]
    fn spans_that_do_not_fit_and_long_lines_are_not_drawn() {
        let source = "key: é\n";
        assert!(line_excerpt(source, 99, 100).is_none());
        assert!(line_excerpt(source, 6, 7).is_none(), "inside a character");
        let long = format!("x: [{}]\n", "a, ".repeat(MAX_EXCERPT_BYTES));
        assert!(line_excerpt(&long, 4, 5).is_none());
        let near_end = long.len() - 2;
        assert!(line_excerpt(&long, near_end, near_end).is_none());
    }
}
