//! Partner manifests: loading in two phases (structure, then meaning), the validated model, and
//! the manifests bundled into the binary.
//!
//! 1. The YAML is parsed into a located tree and checked against the JSON Schema: unknown keys,
//!    wrong types, missing keys, values outside a set — all of them, in one pass.
//! 2. Only a structurally clean file is deserialized into the raw types and validated against
//!    the catalog, which yields the [`Manifest`] and the remaining findings.

mod bundled;
pub mod files;
mod located;
pub mod model;
mod precomputed;
pub mod raw;
#[cfg(test)]
mod rust_literal;
mod schema_shape;
mod structure;
mod validate;
mod yaml_tree;

use std::sync::OnceLock;

use serde_json::Value;

pub use bundled::{BUNDLED, BundledManifest, bundled, bundled_ids};
pub use located::Located;
pub use model::*;
pub use validate::MANIFEST_VERSION;

use crate::catalog::Catalog;
use crate::diagnostic::{Code, Diagnostic};

/// The outcome of loading one manifest: the model when the file has no errors, and every
/// finding (warnings accompany a model; errors replace it).
#[derive(Debug)]
pub struct Loaded {
    pub manifest: Option<Manifest>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads a manifest from the bytes of a file: text that is not UTF-8 is a located syntax
/// finding, like any other file that is not YAML.
pub fn load_bytes(file: &str, bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) => load(file, &text),
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let before = &bytes[..valid];
            let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
            let line_start = before.iter().rposition(|byte| *byte == b'\n').map_or(0, |at| at + 1);
            let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
            let location = crate::diagnostic::Location {
                line,
                column,
                byte_start: valid,
                byte_end: valid,
            };
            Loaded {
                manifest: None,
                diagnostics: vec![
                    Diagnostic::new(
                        Code::YamlSyntax,
                        file,
                        Some(location),
                        format!("the file is not UTF-8 text (byte 0x{:02x})", bytes[valid]),
                    )
                    .with_help("manifests are UTF-8 YAML files"),
                ],
            }
        }
    }
}

/// Loads a manifest from its text. `file` is the name findings carry (the path the user gave).
pub fn load(file: &str, text: &str) -> Loaded {
    let failed = |diagnostics| Loaded {
        manifest: None,
        diagnostics,
    };
    let root = match yaml_tree::parse(text) {
        Ok(Some(root)) => root,
        Ok(None) => {
            return failed(vec![
                Diagnostic::new(Code::MissingKey, file, None, "the file is empty")
                    .with_help("a manifest starts with `manifest_version: 1` and a `partner:` section"),
            ]);
        }
        Err(error) => {
            return failed(vec![Diagnostic::new(
                Code::YamlSyntax,
                file,
                Some(error.location),
                error.message,
            )]);
        }
    };
    let mut structure = structure::StructureCheck::new(file);
    structure.check_document(&root);
    let mut diagnostics = structure.diagnostics;
    // Unknown keys do not stop the typed pass (it ignores them), so a file with a typo in one key
    // still gets every semantic finding. A wrong type does stop it; the structural finding
    // already says where.
    let raw: raw::RawManifest = match serde_saphyr::from_str(text) {
        Ok(raw) => raw,
        Err(_) if diagnostics.iter().any(Diagnostic::is_error) => return failed(diagnostics),
        Err(error) => {
            // The structural pass accepts what the typed pass accepts, so this is rare (numbers
            // out of range, say); the message still carries the location.
            let location = error.location().map(|at| {
                let byte = usize::try_from(at.span().byte_offset().unwrap_or(0)).unwrap_or(0);
                crate::diagnostic::Location {
                    line: usize::try_from(at.line()).unwrap_or(1),
                    column: usize::try_from(at.column()).unwrap_or(1),
                    byte_start: byte,
                    byte_end: byte,
                }
            });
            let message = error.to_string().lines().next().unwrap_or("invalid value").to_owned();
            return failed(vec![Diagnostic::new(Code::InvalidValue, file, location, message)]);
        }
    };
    let mut validator = validate::Validator::new(Catalog::bundled(), file);
    let manifest = validator.manifest(raw);
    diagnostics.append(&mut validator.diagnostics);
    diagnostics.sort_by_key(|diagnostic| diagnostic.location);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Loaded {
        manifest: (!has_errors).then_some(manifest),
        diagnostics,
    }
}

/// The manifest format's JSON Schema, as `atsctl schema` prints it.
pub fn schema() -> &'static schemars::Schema {
    static SCHEMA: OnceLock<schemars::Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = schemars::schema_for!(raw::RawManifest);
        schema.insert("$id".into(), Value::String(SCHEMA_ID.into()));
        schema
    })
}

/// Where the published schema lives; bundled manifests point their editors at the repo copy.
pub const SCHEMA_ID: &str = "https://atsctl.dev/schema/manifest-v1.json";

#[cfg(test)]
mod schema_tests {
    use super::*;

    /// The committed `schema/manifest.schema.json`, from which `build.rs` precomputes the
    /// structure walk's shapes (`schema_shape.rs`).
    const COMMITTED_SCHEMA: &str = include_str!("../../schema/manifest.schema.json");

    #[test]
    fn committed_schema_is_the_generated_schema() {
        let committed: Value = serde_json::from_str(COMMITTED_SCHEMA).expect("schema/manifest.schema.json is JSON");
        assert_eq!(&committed, schema().as_value());
    }
}
