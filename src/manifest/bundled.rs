//! The partner manifests compiled into the binary, so `plan` works offline on a fresh machine.
//!
//! Their text never changes after the build, so what can be known about it is computed then:
//! each one's fingerprint comes from `build.rs` (`build/bundled_fingerprints.rs`) instead of
//! hashing the text on every run, and its model and findings are precomputed Rust
//! (`precomputed.rs`) instead of parsing and validating the YAML.

include!(concat!(env!("OUT_DIR"), "/bundled_fingerprints.rs"));

/// One bundled manifest: its id and its YAML text.
#[derive(Debug, Clone, Copy)]
pub struct BundledManifest {
    pub id: &'static str,
    pub file: &'static str,
    pub text: &'static str,
}

impl BundledManifest {
    /// [`crate::document::manifest_fingerprint`] of the text, as computed at build time.
    pub fn fingerprint(&self) -> String {
        BUNDLED_FINGERPRINTS
            .iter()
            .find(|(file, _)| *file == self.file)
            .map_or_else(
                // Every `integrations/*.yaml` has an entry, so this is only a safety net.
                || crate::document::manifest_fingerprint(self.text.as_bytes()),
                |(_, fingerprint)| (*fingerprint).to_owned(),
            )
    }

    /// What [`super::load`] gives for the text: precomputed when it was generated from this very
    /// text, else the loader's work.
    pub fn load(&self) -> super::Loaded {
        super::precomputed::load(self.file, &self.fingerprint()).unwrap_or_else(|| super::load(self.file, self.text))
    }
}

/// Every bundled manifest, in the order `atsctl partners` lists them.
pub const BUNDLED: &[BundledManifest] = &[
    BundledManifest {
        id: "eqtble",
        file: "integrations/eqtble.yaml",
        text: include_str!("../../integrations/eqtble.yaml"),
    },
    BundledManifest {
        id: "headhuntr",
        file: "integrations/headhuntr.yaml",
        text: include_str!("../../integrations/headhuntr.yaml"),
    },
    BundledManifest {
        id: "hipeople",
        file: "integrations/hipeople.yaml",
        text: include_str!("../../integrations/hipeople.yaml"),
    },
    BundledManifest {
        id: "resource-io",
        file: "integrations/resource-io.yaml",
        text: include_str!("../../integrations/resource-io.yaml"),
    },
];

/// The bundled manifest with this id.
pub fn bundled(id: &str) -> Option<&'static BundledManifest> {
    BUNDLED.iter().find(|manifest| manifest.id == id)
}

pub fn bundled_ids() -> impl Iterator<Item = &'static str> {
    BUNDLED.iter().map(|manifest| manifest.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::manifest_fingerprint;

    #[test]
    fn build_time_fingerprints_are_those_of_the_text() {
        for manifest in BUNDLED {
            assert!(
                BUNDLED_FINGERPRINTS.iter().any(|(file, _)| *file == manifest.file),
                "{} has no build-time fingerprint",
                manifest.file
            );
            assert_eq!(
                manifest.fingerprint(),
                manifest_fingerprint(manifest.text.as_bytes()),
                "{}",
                manifest.file
            );
        }
    }
}
