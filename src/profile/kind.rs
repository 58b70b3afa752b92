//! The kinds of credential a profile can hold, as data: each ATS's folder describes its own
//! kinds (`src/<ats>/credential.rs`) and lists them in its `AtsSpec`; this module only gives
//! them a handle that compares, prints and (de)serialises by name.

use serde::{Deserialize, Serialize};

use crate::ats::Ats;

/// Everything generic code needs to know about one kind of credential.
#[derive(Debug)]
pub struct CredentialKindSpec {
    /// `greenhouse-v3`: the profile file's section key and the JSON name. Never changes.
    pub name: &'static str,
    /// The ATS it is for.
    pub ats: Ats,
    /// The kind as people call it when it is missing: `Harvest v1`, `Lever`.
    pub label: &'static str,
    /// What the secret is called, for prompts and messages.
    pub secret_name: &'static str,
    /// The environment variable that supplies the secret instead of a profile.
    pub secret_env: &'static str,
    /// The flag that reads the secret from standard input.
    pub stdin_flag: &'static str,
    /// The non-secret settings kept with it in the profile file, in the file's order.
    pub settings: &'static [SettingSpec],
    /// How to give this kind through the environment, as one sentence of help.
    pub env_help: &'static str,
    /// The value of `--api` (for an ATS with several APIs) that picks this kind, if any.
    pub api: Option<&'static str>,
    /// Reads the profile file's text for this kind's sections (`check_settings::<Settings>`),
    /// so a bad value is reported with its line.
    pub check_settings: fn(&str, &'static str) -> Result<(), toml::de::Error>,
    /// The base URLs a stored credential of this kind is used with, from its profile section.
    pub status_urls: fn(&toml::Table) -> Vec<super::BaseUrlStatus>,
    /// What the scripted steps call the secret `auth login` reads from stdin: `the client secret`.
    pub secret_label: &'static str,
    /// What the wizard says before asking for a credential of this kind (empty: nothing).
    pub setup_intro: fn() -> String,
    /// Whether the wizard shows the plan's connection steps and scopes before asking: they
    /// say what to tick when the credential is made.
    pub setup_shows_connection: bool,
    /// A typed credential of this kind as the summary names it, never with its secret.
    pub describe_typed: fn(&super::NewCredential) -> String,
}

/// One non-secret setting of a credential kind.
#[derive(Debug)]
pub struct SettingSpec {
    /// Its key in the profile file: `client_id`.
    pub key: &'static str,
    /// What `auth login --help` says of its flag.
    pub help: &'static str,
    /// What it is, as messages name it: `Harvest v3 client id`.
    pub what: &'static str,
    /// The variable that overrides it when the credential is used, if any.
    pub env: Option<&'static str>,
    /// The `auth login` flag that gives it.
    pub flag: &'static str,
    /// The flag's value as help shows it: `ID`, `URL`.
    pub value_name: &'static str,
    /// Whether that flag also reads the variable (clap's `env`): its value may then be the
    /// environment's, meant for another kind, and is not refused as misplaced.
    pub flag_reads_env: bool,
    /// The question asked on a terminal when no flag gave it (no trailing colon: `auth login`
    /// adds one, the wizard's prompt its own); `None`: not asked.
    pub prompt: Option<&'static str>,
    pub shape: SettingShape,
    /// Not asked when this variable is set: it decides what the setting would (a URL over a
    /// region).
    pub not_asked_when: Option<&'static str>,
}

/// What values a setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingShape {
    /// Free text that must not be empty.
    Required,
    /// Free text that may be left out.
    Optional,
    /// A base URL (https, or http to a loopback host) that may be left out.
    Url,
    /// One of these words (each with how the wizard offers it), the first when not given;
    /// always written.
    Choice(&'static [(&'static str, &'static str)]),
}

/// One kind of credential: a handle on its [`CredentialKindSpec`], equal by name.
#[derive(Clone, Copy)]
pub struct CredentialKind(&'static CredentialKindSpec);

impl CredentialKind {
    pub const fn new(spec: &'static CredentialKindSpec) -> Self {
        Self(spec)
    }

    /// Every kind, in the registry's order: each ATS's kinds in the order its wizard offers them.
    pub fn all() -> impl Iterator<Item = CredentialKind> {
        Ats::ALL
            .into_iter()
            .flat_map(|ats| ats.spec().credentials.iter().copied())
    }

    /// The kind named `name` (`greenhouse-v3`).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::all().find(|kind| kind.as_str() == name)
    }

    pub fn spec(self) -> &'static CredentialKindSpec {
        self.0
    }

    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    pub fn ats(self) -> Ats {
        self.0.ats
    }

    /// What the secret is called, for prompts and messages.
    pub fn secret_name(self) -> &'static str {
        self.0.secret_name
    }

    /// The environment variable that supplies the secret instead of a profile.
    pub fn secret_env(self) -> &'static str {
        self.0.secret_env
    }

    /// The flag that reads the secret from standard input.
    pub fn stdin_flag(self) -> &'static str {
        self.0.stdin_flag
    }

    pub fn settings(self) -> &'static [SettingSpec] {
        self.0.settings
    }

    /// The kind of `ats` that `--api API` picks.
    pub fn for_api(ats: Ats, api: &str) -> Option<Self> {
        ats.spec()
            .credentials
            .iter()
            .copied()
            .find(|kind| kind.0.api == Some(api))
    }

    /// The kind of `ats` used when the caller insists on none: the first its spec lists.
    pub fn default_of(ats: Ats) -> Self {
        ats.spec().credentials[0]
    }

    /// The variables that give this kind's credential without a profile, in the order a person
    /// sets them: the required settings, the secret, then the optional ones.
    pub fn env_names(self) -> Vec<&'static str> {
        let text_settings = |wanted: SettingShape| {
            self.settings()
                .iter()
                .filter(move |setting| setting.shape == wanted)
                .filter_map(|setting| setting.env)
        };
        text_settings(SettingShape::Required)
            .chain([self.secret_env()])
            .chain(text_settings(SettingShape::Optional))
            .collect()
    }

    /// The kind's place in [`CredentialKind::all`], which orders kinds.
    fn position(self) -> usize {
        Self::all().position(|kind| kind == self).unwrap_or(usize::MAX)
    }
}

impl PartialEq for CredentialKind {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for CredentialKind {}

impl std::hash::Hash for CredentialKind {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl PartialOrd for CredentialKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CredentialKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.position(), self.0.name).cmp(&(other.position(), other.0.name))
    }
}

impl std::fmt::Debug for CredentialKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CredentialKind({})", self.0.name)
    }
}

impl std::fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CredentialKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CredentialKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::from_name(&name).ok_or_else(|| {
            let known: Vec<_> = Self::all().map(CredentialKind::as_str).collect();
            serde::de::Error::custom(format!(
                "unknown credential kind {name:?}, expected one of {}",
                known.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_distinct() {
        let names: Vec<_> = CredentialKind::all().map(CredentialKind::as_str).collect();
        assert_eq!(names, ["greenhouse-v3", "greenhouse-v1", "lever", "ashby"]);
        for kind in CredentialKind::all() {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<CredentialKind>(&json).unwrap(), kind);
            assert_eq!(CredentialKind::from_name(kind.as_str()), Some(kind));
        }
        assert!(serde_json::from_str::<CredentialKind>("\"workday\"").is_err());
    }

    #[test]
    fn every_setting_has_a_long_flag_and_a_key() {
        for kind in CredentialKind::all() {
            assert!(kind.stdin_flag().starts_with("--"), "{kind}");
            assert!(kind.secret_env().starts_with("ATSCTL_"), "{kind}");
            for setting in kind.settings() {
                assert!(setting.flag.starts_with("--") && !setting.key.is_empty(), "{kind}");
                assert_ne!(setting.key, "store", "{kind}: `store` is every kind's own key");
                if let SettingShape::Choice(words) = setting.shape {
                    assert!(!words.is_empty(), "{kind}");
                }
            }
        }
    }

    #[test]
    fn kinds_order_as_the_registry_lists_them() {
        let mut kinds: Vec<_> = CredentialKind::all().collect();
        kinds.reverse();
        kinds.sort();
        assert_eq!(kinds, CredentialKind::all().collect::<Vec<_>>());
    }
}
