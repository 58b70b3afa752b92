//! The bundled manifests already loaded: for each one, Rust that builds the model and findings
//! the loader gives for its text, so `plan PARTNER` neither parses YAML nor validates at start-up.
//!
//! Why generated Rust, committed (`precomputed_models.rs`), and not a serialized form or a
//! build script:
//! - `build.rs` cannot run the loader (it is this crate: serde-saphyr, the schema walk, the
//!   catalog), and a serialized model would need `Deserialize` on every model type plus a
//!   resolver for its `&'static` catalog entries. Generated Rust is a struct literal the
//!   compiler checks field by field, and a reviewer can read what a manifest edit changed.
//! - Catalog entries are written as lookups by their TSV name (`harvest_permission("Candidates",
//!   "Get: Retrieve Candidate")?`), resolved against [`Catalog::bundled`] on load; an entry the
//!   catalog no longer has makes the builder give up (`None`), never guess.
//!
//! Staleness is guarded twice:
//! - at run time, an entry is used only if its recorded fingerprint is that of the text built
//!   into this binary (`build.rs` hashes `integrations/*.yaml`). A manifest edited without
//!   regenerating is loaded by the loader, as before: slower, never wrong;
//! - in the tests, `precomputed_models_are_fresh` regenerates the file with the loader and fails
//!   when it differs (a changed catalog or validator is caught here, not by the fingerprint);
//!   `ATSCTL_BLESS=1 cargo test --lib manifest::precomputed` rewrites it, like the goldens.
//!   `precomputed_equals_loaded` compares every builder's result with the loader's (`{:?}`).

use super::Loaded;
#[allow(clippy::wildcard_imports)]
use super::model::*;
// Ashby types and lookups serve Ashby sections; no bundled manifest has one yet.
#[allow(unused_imports)]
use crate::ashby::manifest as ashby;
use crate::catalog::ashby::{AshbyCatalog, Module, WebhookType};
use crate::catalog::{Catalog, GreenhouseEvent, LeverEvent, Method, Permission};
use crate::diagnostic::{Code, Diagnostic, Location, Severity};

/// One bundled manifest's precomputed load.
struct Precomputed {
    file: &'static str,
    /// The fingerprint of the text `build` was generated from.
    fingerprint: &'static str,
    build: fn() -> Option<Loaded>,
}

include!("precomputed_models.rs");

/// What the loader gives for the bundled `file` whose text has `fingerprint`, when it was
/// precomputed from that very text and every catalog entry it names still exists.
pub(super) fn load(file: &str, fingerprint: &str) -> Option<Loaded> {
    PRECOMPUTED
        .iter()
        .find(|entry| entry.file == file && entry.fingerprint == fingerprint)
        .and_then(|entry| (entry.build)())
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn harvest_permission(category: &str, label: &str) -> Option<&'static Permission> {
    Catalog::bundled()
        .harvest
        .permissions()
        .iter()
        .find(|permission| permission.label() == label && permission.category() == category)
}

fn greenhouse_event(action: &str) -> Option<&'static GreenhouseEvent> {
    Catalog::bundled()
        .greenhouse_events()
        .iter()
        .find(|event| event.action() == action)
}

fn lever_event(event: &str) -> Option<&'static LeverEvent> {
    Catalog::bundled()
        .lever_events()
        .iter()
        .find(|entry| entry.event() == event)
}

#[allow(dead_code)]
fn ashby_module(key: &str) -> Option<&'static Module> {
    AshbyCatalog::bundled().modules.iter().find(|module| module.key == key)
}

#[allow(dead_code)]
fn ashby_permission(id: &str) -> Option<&'static crate::catalog::ashby::Permission> {
    AshbyCatalog::bundled().permission(id)
}

#[allow(dead_code)]
fn ashby_webhook_type(name: &str) -> Option<&'static WebhookType> {
    AshbyCatalog::bundled()
        .webhook_types
        .iter()
        .find(|webhook_type| webhook_type.name == name)
}

#[cfg(test)]
mod tests {
    use super::super::{BUNDLED, rust_literal};
    use super::*;

    const COMMITTED: &str = include_str!("precomputed_models.rs");

    #[test]
    fn precomputed_models_are_fresh() {
        let generated = rust_literal::generate(BUNDLED);
        if std::env::var_os("ATSCTL_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/manifest/precomputed_models.rs");
            std::fs::write(path, &generated).expect("write precomputed_models.rs");
            return;
        }
        assert!(
            generated == COMMITTED,
            "src/manifest/precomputed_models.rs is out of date: run `ATSCTL_BLESS=1 cargo test --lib \
             manifest::precomputed` and review the diff"
        );
    }

    #[test]
    fn precomputed_equals_loaded() {
        for manifest in BUNDLED {
            let loaded = super::super::load(manifest.file, manifest.text);
            let precomputed = load(manifest.file, &manifest.fingerprint())
                .unwrap_or_else(|| panic!("{} has no precomputed load", manifest.file));
            assert_eq!(format!("{precomputed:#?}"), format!("{loaded:#?}"), "{}", manifest.file);
            assert!(precomputed.manifest.is_some(), "{} loads without errors", manifest.file);
        }
    }

    #[test]
    fn another_text_is_not_precomputed() {
        let manifest = &BUNDLED[0];
        let edited = crate::document::manifest_fingerprint(format!("{}\n", manifest.text).as_bytes());
        assert!(load(manifest.file, &edited).is_none());
        assert!(load("integrations/unknown.yaml", &manifest.fingerprint()).is_none());
    }
}
