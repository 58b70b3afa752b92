//! Located findings about a manifest, with stable codes.
//!
//! Every code, its severity and a one-line explanation live in [`Code`] so that users can grep,
//! document and (later) allow a code, and the wording of a finding never drifts between
//! commands. Renderers (human, JSON, GitHub annotations) live in the binary.

use std::fmt;

use serde::Serialize;

/// How bad a finding is. Errors make `lint` exit 1; warnings are shown but do not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $explain:literal;)+) => {
        /// A stable, kebab-case identifier for a kind of finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)+ }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)+ }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)+ }
            }

            /// One sentence on what the code means.
            pub fn explanation(self) -> &'static str {
                match self { $(Code::$variant => $explain,)+ }
            }
        }
    };
}

codes! {
    YamlSyntax = "yaml-syntax", Error, "The file is not valid YAML.";
    UnknownKey = "unknown-key", Error, "A key that the manifest format does not have (often a typo).";
    DuplicateKey = "duplicate-key", Error, "The same key twice in one mapping; YAML keeps only one of them.";
    WrongType = "wrong-type", Error, "A value of the wrong kind, such as a list where text is expected.";
    MissingKey = "missing-key", Error, "A key the manifest format requires is absent.";
    InvalidValue = "invalid-value", Error, "A value outside the allowed set.";
    UnsupportedVersion = "unsupported-version", Error, "The manifest_version is not one this atsctl reads.";
    InvalidId = "invalid-id", Error, "The partner id must be lowercase letters, digits and dashes.";
    NoAts = "no-ats", Error, "The manifest sets up no ATS: it has no greenhouse, lever or ashby section.";
    UnknownCategory = "unknown-category", Error, "A Harvest permission category that Greenhouse does not have.";
    UnknownPermission = "unknown-permission", Error, "A Harvest permission label or endpoint that is not in the catalog.";
    PermissionCategoryMismatch = "permission-category-mismatch", Warning, "A permission listed under a category other than the one Greenhouse shows it in.";
    EmptyPermissionGroup = "empty-permission-group", Error, "A permission category entry that selects nothing.";
    DuplicateCategory = "duplicate-category", Error, "The same permission category appears twice.";
    DuplicatePermission = "duplicate-permission", Error, "The same permission is listed twice.";
    PolicyReadOnly = "policy-read-only", Error, "A write permission in a manifest whose policy is read-only.";
    PolicyForbiddenMethod = "policy-forbidden-method", Error, "A permission whose method the manifest's policy excludes.";
    NoV3Equivalent = "no-v3-equivalent", Warning, "A v1 permission that no Harvest v3 scope replaces; v3 credentials cannot grant it.";
    UnknownWebhookEvent = "unknown-webhook-event", Error, "A Greenhouse webhook event (When label or action) that is not in the catalog.";
    UnknownLeverEvent = "unknown-lever-event", Error, "A Lever webhook event that is not in the catalog.";
    UnknownAshbyModule = "unknown-ashby-module", Error, "An Ashby API key module that is not in the catalog (Jobs, Candidates, Hiring Process, ...).";
    UnknownAshbyAccess = "unknown-ashby-access", Error, "A read, write or delete permission that the Ashby module does not offer.";
    UnknownAshbyWebhookType = "unknown-ashby-webhook-type", Error, "An Ashby webhook type that is not in the catalog, or the ping, which nobody subscribes to.";
    DuplicateWebhookEvent = "duplicate-webhook-event", Error, "Two webhooks for the same event.";
    DuplicateStage = "duplicate-stage", Error, "The same pipeline stage is listed twice.";
    MissingEndpoint = "missing-endpoint", Error, "A webhook without an endpoint, and no webhook_defaults to supply one.";
    MissingSecret = "missing-secret", Error, "A Greenhouse webhook without a secret source, and no webhook_defaults to supply one.";
    MissingEndpointUrl = "missing-endpoint-url", Error, "An endpoint with `from: fixed` but no `url`.";
    InsecureEndpoint = "insecure-endpoint", Error, "An endpoint URL that is not HTTPS; Greenhouse and Lever deliver only to HTTPS.";
    InvalidUrl = "invalid-url", Error, "A URL that cannot be parsed.";
    InvalidEmail = "invalid-email", Error, "An email address that is malformed.";
    SecretReusesCredential = "secret-reuses-credential", Warning, "The webhook secret is the Harvest API key: anyone who can read the webhook settings learns the key.";
    WeakenedNeed = "weakened-need", Warning, "A permission listed as optional that the category's `all: required` or `all_get: required` requires; the list wins, softening the guide.";
    ConnectionMismatch = "connection-mismatch", Warning, "The Harvest v3 connection contradicts another key: a custom integration with a Partner dropdown value, or an authorization_start.";
    IncompleteNote = "incomplete-note", Warning, "A note that does not say what the guide says, what the manifest does instead, or how certain that is.";
    FileTooLarge = "file-too-large", Error, "A file larger than 1 MiB: lint reads at most that much of a file, and a manifest is a few kilobytes.";
    NotARegularFile = "not-a-regular-file", Error, "A FIFO, socket, device or kernel pseudo-file (/proc, /sys) where a manifest was expected: lint reads only regular files.";
    SymlinkOutsideFolder = "symlink-outside-folder", Error, "A symbolic link to a file or directory outside the folder being linted: lint does not follow it, and never shows what it points to.";
    TooManyFindings = "too-many-findings", Warning, "A file with more than 100 findings: lint shows the first 100 and counts the rest, so one broken file cannot flood a CI log.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where in a file a finding points: 1-based line and column, and the byte range to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub byte_start: usize,
    #[serde(skip)]
    pub byte_end: usize,
}

impl Location {
    /// The place of byte `offset` in `bytes`: 1-based line, and column in characters (bytes
    /// that are not UTF-8 count as one character each). An empty span.
    pub fn of_byte(bytes: &[u8], offset: usize) -> Self {
        let offset = offset.min(bytes.len());
        let before = &bytes[..offset];
        let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
        let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |at| at + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Self {
            line,
            column,
            byte_start: offset,
            byte_end: offset,
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    /// The file the finding is about, as the user named it.
    pub file: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: &str, location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            code,
            severity: code.severity(),
            file: file.to_owned(),
            location,
            message: message.into(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The longest text for which [`nearest`] looks for a suggestion. Catalog labels and keys are
/// under 100 characters; comparing costs the product of the two lengths, so a hostile label
/// of megabytes must not reach the comparison (it took 18 s for a 5 MB label).
pub const MAX_SUGGESTION_INPUT_CHARS: usize = 200;

/// The closest candidate to `input`, if it is close enough to be a plausible typo. Only inputs
/// of plausible length are compared (see [`MAX_SUGGESTION_INPUT_CHARS`]), and only with
/// candidates at most ten times longer or shorter: a pair further apart cannot score 0.8 (its
/// Jaro score stays below 0.7, and `strsim` adds the Winkler prefix bonus only above 0.7), so
/// skipping it changes no suggestion.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if input.len() > MAX_SUGGESTION_INPUT_CHARS * 4 || input.chars().count() > MAX_SUGGESTION_INPUT_CHARS {
        return None;
    }
    let input = input.to_lowercase();
    let length = input.chars().count();
    candidates
        .into_iter()
        .filter(|candidate| {
            let other = candidate.chars().count();
            other.saturating_mul(10) >= length && length.saturating_mul(10) >= other
        })
        .map(|candidate| (strsim::jaro_winkler(&input, &candidate.to_lowercase()), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "duplicate code {text}");
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{text} is not kebab-case"
            );
            assert!(!code.explanation().is_empty());
        }
    }

    #[test]
    fn nearest_finds_typos_only() {
        let keys = ["webhooks", "permissions", "stages"];
        assert_eq!(nearest("webhoks", keys), Some("webhooks"));
        assert_eq!(nearest("zzz", keys), None);
    }

    #[test]
    fn nearest_skips_only_pairs_that_cannot_score() {
        // One text more than ten times the other: even the best pair (a shared prefix) stays
        // below 0.8, so it is skipped; exactly ten times can still score, so it is compared.
        let short = "abcd";
        let over = format!("abcd{}", "z".repeat(37));
        assert!(strsim::jaro_winkler(short, &over) < 0.8);
        let ten = format!("abcd{}", "z".repeat(36));
        assert!(strsim::jaro_winkler(short, &ten) >= 0.8);
        assert_eq!(nearest(short, [ten.as_str()]), Some(ten.as_str()));
    }

    #[test]
    fn nearest_ignores_inputs_no_label_could_be_a_typo_of() {
        let labels = ["GET: Retrieve Candidate"];
        let long = format!("GET: Retreive Candidate{}", "x".repeat(MAX_SUGGESTION_INPUT_CHARS));
        assert_eq!(nearest(&long, labels), None);
        assert_eq!(nearest(&"é".repeat(MAX_SUGGESTION_INPUT_CHARS * 3), labels), None);
        assert_eq!(
            nearest("GET: Retreive Candidate", labels),
            Some("GET: Retrieve Candidate")
        );
    }

    #[test]
    fn locations_of_bytes_count_lines_and_characters() {
        let text = "ab\néé:x";
        let location = Location::of_byte(text.as_bytes(), text.find(':').unwrap());
        assert_eq!((location.line, location.column), (2, 3));
        assert_eq!(Location::of_byte(b"abc", 99).column, 4, "clamped to the end");
    }
}
