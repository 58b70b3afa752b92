//! `lint --format sarif`: the findings as one SARIF 2.1.0 log, the format code-scanning
//! dashboards import (GitHub code scanning through `github/codeql-action/upload-sarif`, Azure
//! DevOps, SonarQube). Every finding code is a rule, described by the sentence `atsctl explain`
//! prints; every finding is a result at its file, line and column.
//!
//! Spec: OASIS SARIF 2.1.0 (errata 01); `tests/sarif/` holds the schema a test checks this
//! against.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use atsctl::diagnostic::{Code, Diagnostic, Location, Severity};
use serde::Serialize;
use url::Url;

/// The `$schema` of the log: the official schema's own id.
const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative artifact URIs resolve against: the directory lint ran in. GitHub's
/// upload resolves `%SRCROOT%` to the checkout, so findings land on the right files.
const SOURCE_ROOT: &str = "%SRCROOT%";

#[derive(Debug, Serialize)]
pub(super) struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    results: Vec<SarifResult>,
    /// atsctl counts columns in characters (Unicode code points), as rustc does; SARIF
    /// consumers otherwise cannot tell code points from UTF-16 units.
    column_kind: &'static str,
}

#[derive(Debug, Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Debug, Serialize)]
struct Text {
    text: String,
}

#[derive(Debug, Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<ResultLocation>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultLocation {
    physical_location: PhysicalLocation,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// Lines and columns are 1-based; `end_column` is the column just after the region, as SARIF
/// defines it.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

/// The SARIF log for one lint run. `sources` pairs each file name as the findings name it with
/// its text, when it was UTF-8; the text gives a region its end.
pub(super) fn log(diagnostics: &[Diagnostic], sources: &[(String, Option<String>)]) -> SarifLog {
    let root = std::env::current_dir().ok();
    let root_uri = root.as_deref().and_then(|root| Url::from_directory_path(root).ok());
    let texts: HashMap<&str, &str> = sources
        .iter()
        .filter_map(|(name, text)| Some((name.as_str(), text.as_deref()?)))
        .collect();
    let mut line_indexes: HashMap<&str, LineIndex> = HashMap::new();
    let mut artifacts: HashMap<&str, ArtifactLocation> = HashMap::new();
    let mut results = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let source = texts.get(diagnostic.file.as_str()).copied();
        let region = diagnostic.location.map(|location| match source {
            Some(text) => {
                let index = line_indexes
                    .entry(diagnostic.file.as_str())
                    .or_insert_with(|| LineIndex::new(text));
                region(&location, text, index)
            }
            None => start_only(&location),
        });
        results.push(SarifResult {
            rule_id: diagnostic.code.as_str(),
            rule_index: Code::ALL
                .iter()
                .position(|code| *code == diagnostic.code)
                .unwrap_or_default(),
            level: level(diagnostic.severity),
            message: Text {
                text: match &diagnostic.help {
                    Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
                    None => diagnostic.message.clone(),
                },
            },
            locations: vec![ResultLocation {
                physical_location: PhysicalLocation {
                    artifact_location: artifacts
                        .entry(diagnostic.file.as_str())
                        .or_insert_with(|| artifact(&diagnostic.file, root.as_deref()))
                        .clone(),
                    region,
                },
            }],
        });
    }
    let mut original_uri_base_ids = BTreeMap::new();
    if let Some(root_uri) = root_uri {
        original_uri_base_ids.insert(
            SOURCE_ROOT,
            ArtifactLocation {
                uri: root_uri.to_string(),
                uri_base_id: None,
            },
        );
    }
    SarifLog {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: Code::ALL.iter().map(|code| rule(*code)).collect(),
                },
            },
            original_uri_base_ids,
            results,
            column_kind: "unicodeCodePoints",
        }],
    }
}

/// The project's page as `Cargo.toml` names it (`homepage`, else `repository`); SARIF wants an
/// absolute URI, so anything else is left out rather than guessed.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| Url::parse(uri).is_ok())
}

fn rule(code: Code) -> Rule {
    Rule {
        id: code.as_str(),
        short_description: Text {
            text: code.explanation().to_owned(),
        },
        help: Text {
            text: format!(
                "{} `atsctl explain {}` prints this offline.",
                code.explanation(),
                code.as_str()
            ),
        },
        default_configuration: Configuration {
            level: level(code.severity()),
        },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The file as a URI: relative to `%SRCROOT%` (the working directory) when it lies below it,
/// else an absolute `file:` URI. Paths are normalized by their text only: `./a/../b.yaml` is
/// `b.yaml`; symlinks are not resolved, so the URI names the file the user named.
fn artifact(file: &str, root: Option<&Path>) -> ArtifactLocation {
    let path = Path::new(file);
    let absolute = match root {
        Some(root) if path.is_relative() => normalize(&root.join(path)),
        _ => normalize(path),
    };
    if let Some(root) = root
        && let Ok(relative) = absolute.strip_prefix(normalize(root))
        && !relative.as_os_str().is_empty()
    {
        return ArtifactLocation {
            uri: reference(relative),
            uri_base_id: Some(SOURCE_ROOT),
        };
    }
    match Url::from_file_path(&absolute) {
        Ok(uri) => ArtifactLocation {
            uri: uri.to_string(),
            uri_base_id: None,
        },
        // Only a path that is still relative gets here (no working directory to anchor it).
        Err(()) => ArtifactLocation {
            uri: reference(&absolute),
            uri_base_id: None,
        },
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !normal.pop() {
                    normal.push("..");
                }
            }
            other => normal.push(other),
        }
    }
    normal
}

/// A relative path as a URI reference (RFC 3986): segments joined by `/`, every byte outside
/// the unreserved characters and a few safe delimiters percent-encoded. `:` is encoded too, so
/// a first segment such as `c:x.yaml` cannot read as a scheme.
fn reference(path: &Path) -> String {
    let mut uri = String::new();
    for (position, component) in path.components().enumerate() {
        if position > 0 {
            uri.push('/');
        }
        for byte in component.as_os_str().to_string_lossy().bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
                uri.push(char::from(byte));
            } else {
                uri.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    uri
}

fn start_only(location: &Location) -> Region {
    Region {
        start_line: location.line,
        start_column: location.column,
        end_line: None,
        end_column: None,
    }
}

/// The finding's region, with its end when the byte range agrees with the reported start (the
/// same line, a character boundary) and is not empty.
fn region(location: &Location, text: &str, index: &LineIndex) -> Region {
    let mut region = start_only(location);
    let (start, end) = (location.byte_start, location.byte_end);
    if end <= start
        || end > text.len()
        || !text.is_char_boundary(start)
        || !text.is_char_boundary(end)
        || index.line_of(start) != location.line
    {
        return region;
    }
    let span = &text[start..end];
    let (end_line, end_column) = match span.rfind('\n') {
        // Counting only the span keeps this linear in the findings, not in the file.
        None => (location.line, location.column + span.chars().count()),
        Some(newline) => (index.line_of(end), text[start + newline + 1..end].chars().count() + 1),
    };
    region.end_line = Some(end_line);
    region.end_column = Some(end_column);
    region
}

/// Byte offsets of the start of each line, to find a byte's line by binary search.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        Self { starts }
    }

    /// The 1-based line of `byte`.
    fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|start| *start <= byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Location {
        let byte_start = text.find(needle).expect("needle");
        let before = &text[..byte_start];
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        Location {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            byte_start,
            byte_end: byte_start + needle.len(),
        }
    }

    #[test]
    fn a_region_ends_after_its_last_character_counted_in_code_points() {
        let text = "partner:\n  name: Zoë — Sourcing\n";
        let location = at(text, "Sourcing");
        let region = region(&location, text, &LineIndex::new(text));
        assert_eq!(
            region,
            Region {
                start_line: 2,
                start_column: 15,
                end_line: Some(2),
                end_column: Some(23),
            }
        );
    }

    #[test]
    fn a_region_over_lines_ends_on_its_last_line() {
        let text = "a:\n  - x\n  - yz\nb: 1\n";
        let location = at(text, "- x\n  - yz");
        let region = region(&location, text, &LineIndex::new(text));
        assert_eq!((region.end_line, region.end_column), (Some(3), Some(7)));
    }

    #[test]
    fn a_range_that_disagrees_with_the_start_gives_no_end() {
        let text = "a: 1\nb: 2\n";
        let mut location = at(text, "b: 2");
        location.line = 1;
        assert_eq!(region(&location, text, &LineIndex::new(text)).end_line, None);
        let mut empty = at(text, "b");
        empty.byte_end = empty.byte_start;
        assert_eq!(region(&empty, text, &LineIndex::new(text)).end_column, None);
    }

    #[test]
    fn files_below_the_working_directory_are_relative_to_srcroot() {
        let root = Path::new("/work/repo");
        let relative = |file: &str| artifact(file, Some(root));
        assert_eq!(relative("integrations/a b.yaml").uri, "integrations/a%20b.yaml");
        assert_eq!(relative("./x/../integrations/a.yaml").uri, "integrations/a.yaml");
        assert_eq!(relative("/work/repo/m.yaml").uri, "m.yaml");
        assert_eq!(relative("c:d.yaml").uri, "c%3Ad.yaml");
        assert_eq!(relative("ünï/100%.yaml").uri, "%C3%BCn%C3%AF/100%25.yaml");
        assert_eq!(relative("m.yaml").uri_base_id, Some(SOURCE_ROOT));
        let outside = relative("../other/m.yaml");
        assert_eq!(outside.uri, "file:///work/other/m.yaml");
        assert_eq!(outside.uri_base_id, None);
        assert_eq!(relative("/etc/m#1 100%.yaml").uri, "file:///etc/m%231%20100%25.yaml");
    }

    #[test]
    fn every_code_is_a_rule_at_its_index() {
        let log = log(&[], &[]);
        let rules = &log.runs[0].tool.driver.rules;
        assert_eq!(rules.len(), Code::ALL.len());
        for (rule, code) in rules.iter().zip(Code::ALL) {
            assert_eq!(rule.id, code.as_str());
            assert_eq!(rule.short_description.text, code.explanation());
        }
    }
}
