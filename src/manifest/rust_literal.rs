//! Writes a loaded manifest as Rust source that builds the same value: the generator of
//! `precomputed_models.rs` (see `precomputed.rs` for why the bundled manifests are precomputed).
//!
//! Only tests use it: `precomputed_models_are_fresh` regenerates the file from the loader and
//! fails when the committed one differs (`ATSCTL_BLESS=1` rewrites it instead).
//!
//! Strings become `s("…")` (`{:?}` of a `str` is a valid Rust string literal), unit enums their
//! path, and catalog entries a lookup by their stable name (`harvest_permission("Category",
//! "Label")?`), resolved on load, so the file names no catalog index that a TSV edit could shift.

use std::fmt::Write as _;

use super::model::{
    Alternative, Certainty, Connection, Credential, Endpoint, EndpointSource, GreenhouseSetup, GreenhouseWebhook,
    Guess, GuessedField, Guide, LeverAuthMethod, LeverAuthorization, LeverSetup, LeverWebhook, Manifest, Need, Note,
    NoteKind, Partner, PermissionNeed, Policy, Prerequisites, Secret, SecretSource, Setting, Stage, Step, StepTime,
};
use super::{BundledManifest, Loaded};
use crate::ashby::manifest as ashby;
use crate::catalog::{GreenhouseEvent, LeverEvent, Method};
use crate::diagnostic::{Code, Diagnostic, Location, Severity};

/// Rust source being written, with the indentation of the line being built.
pub(super) struct Writer {
    pub(super) out: String,
    depth: usize,
}

impl Writer {
    fn new() -> Self {
        Self {
            out: String::new(),
            depth: 0,
        }
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
    }

    /// `head {` with the fields that `fields` writes, one a line, then `}`.
    fn block(&mut self, head: &str, fields: impl FnOnce(&mut Self)) {
        self.out.push_str(head);
        self.out.push_str(" {");
        self.depth += 1;
        fields(self);
        self.depth -= 1;
        self.line_break();
        self.out.push('}');
    }

    fn field(&mut self, name: &str, value: &dyn RustLiteral) {
        self.line_break();
        self.out.push_str(name);
        self.out.push_str(": ");
        value.write(self);
        self.out.push(',');
    }
}

/// A value that can be written as a Rust expression building it.
pub(super) trait RustLiteral {
    fn write(&self, writer: &mut Writer);
}

impl RustLiteral for String {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "s({self:?})");
    }
}

impl RustLiteral for bool {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "{self}");
    }
}

impl RustLiteral for usize {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "{self}");
    }
}

impl<T: RustLiteral> RustLiteral for Option<T> {
    fn write(&self, writer: &mut Writer) {
        match self {
            None => writer.out.push_str("None"),
            Some(value) => {
                writer.out.push_str("Some(");
                value.write(writer);
                writer.out.push(')');
            }
        }
    }
}

impl<T: RustLiteral> RustLiteral for Vec<T> {
    fn write(&self, writer: &mut Writer) {
        if self.is_empty() {
            writer.out.push_str("Vec::new()");
            return;
        }
        writer.out.push_str("vec![");
        writer.depth += 1;
        for item in self {
            writer.line_break();
            item.write(writer);
            writer.out.push(',');
        }
        writer.depth -= 1;
        writer.line_break();
        writer.out.push(']');
    }
}

/// Enums without data: `Type::Variant`, the variant as `Debug` names it.
macro_rules! unit_enums {
    ($($path:ty => $name:literal),+ $(,)?) => {$(
        impl RustLiteral for $path {
            fn write(&self, writer: &mut Writer) {
                let _ = write!(writer.out, "{}::{self:?}", $name);
            }
        }
    )+};
}

unit_enums!(
    Need => "Need",
    Connection => "Connection",
    GuessedField => "GuessedField",
    EndpointSource => "EndpointSource",
    SecretSource => "SecretSource",
    StepTime => "StepTime",
    LeverAuthMethod => "LeverAuthMethod",
    NoteKind => "NoteKind",
    Certainty => "Certainty",
    Method => "Method",
    ashby::Toggle => "ashby::Toggle",
    Code => "Code",
    Severity => "Severity",
);

/// Structs: `Type { field: value, … }`, every field listed (the generated struct literal does
/// not compile if one is missing).
macro_rules! structs {
    ($($path:ty => $name:literal { $($field:ident),+ $(,)? }),+ $(,)?) => {$(
        impl RustLiteral for $path {
            fn write(&self, writer: &mut Writer) {
                writer.block($name, |writer| {
                    $(writer.field(stringify!($field), &self.$field);)+
                });
            }
        }
    )+};
}

structs!(
    Loaded => "Loaded" { manifest, diagnostics },
    Manifest => "Manifest" { partner, greenhouse, lever, ashby, notes },
    Partner => "Partner" { id, name, support_email, website },
    Guide => "Guide" { title, url, predates_v3 },
    Prerequisites => "Prerequisites" { role, developer_permissions, help },
    GreenhouseSetup => "GreenhouseSetup" {
        guide, connection, authorization_start, prerequisites, credential, policy, permissions, webhooks,
        stages, settings, steps, alternatives, warnings,
    },
    Credential => "Credential" { api_type, partner_option, partner_option_optional, description, hand_over },
    Policy => "Policy" { read_only, forbid_methods, reason },
    PermissionNeed => "PermissionNeed" { permission, need },
    GreenhouseWebhook => "GreenhouseWebhook" { name, event, endpoint, secret, error_recipient, note, guess },
    Guess => "Guess" { fields, location },
    Endpoint => "Endpoint" { source, url, instructions },
    Secret => "Secret" { source, instructions },
    Stage => "Stage" { name, need, purpose, help },
    Setting => "Setting" { name, location, description },
    Step => "Step" { title, who, when, instructions },
    Alternative => "Alternative" { name, instructions, contact, replaces_setup },
    LeverSetup => "LeverSetup" { guide, prerequisites, authorization, webhooks, stages, settings, steps, warnings },
    LeverAuthorization => "LeverAuthorization" { method, who, instructions },
    LeverWebhook => "LeverWebhook" { event, endpoint, note },
    Note => "Note" { kind, about, guide_says, instead, certainty, text },
    ashby::AshbySetup => "ashby::AshbySetup" {
        guide, prerequisites, api_key, permissions, toggles, webhooks, steps, warnings, notes,
    },
    ashby::AshbyPrerequisites => "ashby::AshbyPrerequisites" { role, help },
    ashby::ApiKeySettings => "ashby::ApiKeySettings" {
        name, integration_partner, integration_partner_optional, hand_over,
    },
    ashby::PermissionNeed => "ashby::PermissionNeed" { module, permission, need, note },
    ashby::ToggleNeed => "ashby::ToggleNeed" { toggle, need },
    ashby::AshbyWebhook => "ashby::AshbyWebhook" { webhook_type, endpoint, secret, note },
    Diagnostic => "Diagnostic" { code, severity, file, location, message, help },
    Location => "Location" { line, column, byte_start, byte_end },
);

/// Catalog entries: a lookup by the name that identifies them in their TSV.
impl RustLiteral for &'static crate::catalog::Permission {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(
            writer.out,
            "harvest_permission({:?}, {:?})?",
            self.category(),
            self.label()
        );
    }
}

impl RustLiteral for &'static GreenhouseEvent {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "greenhouse_event({:?})?", self.action());
    }
}

impl RustLiteral for &'static LeverEvent {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "lever_event({:?})?", self.event());
    }
}

impl RustLiteral for &'static crate::catalog::ashby::Module {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "ashby_module({:?})?", self.key);
    }
}

impl RustLiteral for &'static crate::catalog::ashby::Permission {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "ashby_permission({:?})?", self.id);
    }
}

impl RustLiteral for &'static crate::catalog::ashby::WebhookType {
    fn write(&self, writer: &mut Writer) {
        let _ = write!(writer.out, "ashby_webhook_type({:?})?", self.name);
    }
}

/// The name of the function that builds `manifest`'s model: `headhuntr`, `resource_io`.
pub(super) fn builder_name(manifest: &BundledManifest) -> String {
    manifest.id.replace('-', "_")
}

/// The whole of `precomputed_models.rs` for `manifests`, loaded with the loader.
pub(super) fn generate(manifests: &[BundledManifest]) -> String {
    let mut writer = Writer::new();
    writer.out.push_str(
        "// Generated from integrations/*.yaml by the loader: `ATSCTL_BLESS=1 cargo test --lib \
         manifest::precomputed`.\n// Do not edit; see src/manifest/precomputed.rs.\n\n",
    );
    writer
        .out
        .push_str("/// Each bundled manifest's file, the fingerprint of the text it was generated from, and\n");
    writer
        .out
        .push_str("/// the function that builds what the loader gives for that text.\n");
    writer.out.push_str("const PRECOMPUTED: &[Precomputed] = &[");
    for manifest in manifests {
        let _ = write!(
            writer.out,
            "\n    Precomputed {{\n        file: {:?},\n        fingerprint: {:?},\n        build: {},\n    }},",
            manifest.file,
            crate::document::manifest_fingerprint(manifest.text.as_bytes()),
            builder_name(manifest),
        );
    }
    writer.out.push_str("\n];\n");
    for manifest in manifests {
        let loaded = super::load(manifest.file, manifest.text);
        let _ = write!(
            writer.out,
            "\n/// What the loader gives for `{}`.\n#[allow(clippy::too_many_lines)]\nfn {}() -> Option<Loaded> {{\n    Some(",
            manifest.file,
            builder_name(manifest)
        );
        writer.depth = 1;
        loaded.write(&mut writer);
        writer.out.push_str(")\n}\n");
    }
    writer.out
}
