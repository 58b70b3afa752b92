//! The partner manifests compiled into the binary, so `plan` works offline on a fresh machine.

/// One bundled manifest: its id and its YAML text.
#[derive(Debug, Clone, Copy)]
pub struct BundledManifest {
    pub id: &'static str,
    pub file: &'static str,
    pub text: &'static str,
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
