//! `atsctl lint`: check manifests with located findings, as rustc-style snippets, JSON, GitHub
//! Actions annotations, or SARIF for code scanning (`lint_sarif`). `atsctl explain CODE` says
//! what a finding code means.

use std::path::{Path, PathBuf};

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use atsctl::diagnostic::{Code, Diagnostic, Severity};
use atsctl::manifest;
use serde::Serialize;

use super::manifest_source::io_reason;
use super::{CliError, CliResult, Exit, Output};

/// Check manifests: YAML syntax, unknown keys, types, permissions, events, policies, URLs.
///
/// Directories are searched for *.yaml and *.yml files (hidden directories and `target` are
/// skipped). Every finding of every file is reported in one run.
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
    Human,
    Json,
    Github,
    Sarif,
}

/// Explain a lint finding code.
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
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in &args.paths {
        match std::fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => collect(path, &mut files),
            Ok(_) => files.push(path.clone()),
            Err(error) => missing.push(format!("{}: {}", path.display(), io_reason(&error))),
        }
    }
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        match std::fs::read(file) {
            Ok(bytes) => {
                // A file that is not UTF-8 is itself a finding, shown without a snippet.
                let text = String::from_utf8(bytes.clone()).ok();
                diagnostics.extend(manifest::load_bytes(&name, bytes).diagnostics);
                sources.push((name, text));
            }
            Err(error) => missing.push(format!("{name}: {}", io_reason(&error))),
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        LintFormat::Json => output.json(&LintReport {
            files: sources.len(),
            errors,
            warnings,
            diagnostics: &diagnostics,
        }),
        LintFormat::Sarif => output.json(&super::lint_sarif::log(&diagnostics, &sources)),
        LintFormat::Github => {
            for diagnostic in &diagnostics {
                output.print(&github_annotation(diagnostic));
            }
        }
        LintFormat::Human => {
            let renderer = if output.stdout_colored() {
                Renderer::styled()
            } else {
                Renderer::plain()
            }
            .decor_style(DecorStyle::Unicode);
            for diagnostic in &diagnostics {
                let source = sources
                    .iter()
                    .find(|(name, _)| *name == diagnostic.file)
                    .and_then(|(_, text)| text.as_deref());
                output.print(&human(&renderer, diagnostic, source));
                output.print("\n");
            }
            let summary = format!(
                "{} file(s) checked: {errors} error(s), {warnings} warning(s)\n",
                sources.len()
            );
            if !sources.is_empty() {
                output.status(&summary);
            }
        }
    }
    if !missing.is_empty() {
        let mut error = CliError::usage(format!("cannot read {}", missing.join("; ")));
        if files.is_empty() {
            error = error.with_help("pass manifest files or directories that contain them");
        }
        return Err(error);
    }
    if files.is_empty() {
        return Err(CliError::usage("no *.yaml or *.yml files found")
            .with_help("pass manifest files or directories that contain them"));
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed { Exit::Findings } else { Exit::Ok })
}

/// Every YAML file below `directory`, sorted so output is stable.
fn collect(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect(&path, files);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            files.push(path);
        }
    }
}

fn human(renderer: &Renderer, diagnostic: &Diagnostic, source: Option<&str>) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.as_str());
    let mut group = match (source, diagnostic.location) {
        (Some(source), Some(location)) => {
            let mut span = location.byte_start..location.byte_end.max(location.byte_start);
            if span.is_empty() && span.end < source.len() && !source[span.start..].starts_with('\n') {
                span.end = span.start + source[span.start..].chars().next().map_or(0, char::len_utf8);
            }
            Group::with_title(title).element(
                Snippet::source(source)
                    .path(diagnostic.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        // No text to show (not UTF-8, or no location): the header still names file:line:column.
        (_, location) => {
            let mut origin = annotate_snippets::Origin::path(diagnostic.file.as_str());
            if let Some(at) = location {
                origin = origin.line(at.line).char_column(at.column);
            }
            Group::with_title(title).element(origin)
        }
    };
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
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
