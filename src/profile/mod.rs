//! Credentials kept between runs: named profiles whose secrets live in the OS credential store
//! (macOS Keychain, Windows Credential Manager, the Secret Service or the kernel keyring on
//! Linux) and whose other settings live in a config file, and the rules and helpers by which
//! each ATS's folder decides which credential a command uses (environment, stdin, then
//! profile). Nothing here knows an ATS: each folder describes its credential kinds
//! ([`CredentialKindSpec`], in `src/<ats>/credential.rs`) and resolves them (`AtsSpec::resolve`).
//!
//! Commands use it like this (`validate`, `apply`, `setup`), holding the result as an
//! ATS-neutral [`crate::ats::Credential`] that only the ATS's folder looks inside:
//!
//! ```no_run
//! use atsctl::ats::Ats;
//! use atsctl::profile::{ProcessEnv, ProfileStore, ResolveRequest, Sources, SystemStores};
//!
//! let config = ProfileStore::locate()?;
//! let sources = Sources { profile: None, client_secret_stdin: None, api_key_stdin: None };
//! let stores = SystemStores::new();
//! let request = ResolveRequest { sources: &sources, env: &ProcessEnv, config: &config, stores: &stores, preferred: None };
//! let credential = request.resolve(Ats::Lever)?;
//! assert_eq!(credential.ats(), Ats::Lever);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Nothing here prints or prompts; the binary gathers input and renders the results.

mod account;
mod config;
mod kind;
mod resolve;
mod secret_store;
mod system;

use std::path::PathBuf;

pub use account::{
    BaseUrlStatus, CredentialStatus, LoginOutcome, NewCredential, ProfileStatus, Removed, SecretState, login, logout,
    status,
};
pub use config::{
    CONFIG_FILE, DEFAULT_PROFILE, Profile, ProfileStore, Profiles, ProfilesLock, check_profile_name, check_settings,
};
pub use kind::{CredentialKind, CredentialKindSpec, SettingShape, SettingSpec};

pub use resolve::{
    Environment, Origin, ProcessEnv, ResolveError, ResolveRequest, Sources, Valued, env_or_stdin, env_value,
    kind_secret, pick_profile, profile_value, read_secret,
};
pub use secret_store::{
    KeyringStore, MemoryStores, SERVICE, SecretKey, SecretStore, SecretStores, StoreError, StoreKind, SystemStores,
};

use crate::ats::Ats;

/// Environment variables (DESIGN.md, "Environment"). Each secret can come from here instead of
/// a profile, and then overrides it.
pub const ENV_GREENHOUSE_CLIENT_ID: &str = "ATSCTL_GREENHOUSE_CLIENT_ID";
pub const ENV_GREENHOUSE_CLIENT_SECRET: &str = "ATSCTL_GREENHOUSE_CLIENT_SECRET";
pub const ENV_GREENHOUSE_USER_ID: &str = "ATSCTL_GREENHOUSE_USER_ID";
pub const ENV_HARVEST_API_KEY: &str = "ATSCTL_HARVEST_API_KEY";
pub const ENV_LEVER_API_KEY: &str = "ATSCTL_LEVER_API_KEY";
pub const ENV_GREENHOUSE_AUTH_URL: &str = "ATSCTL_GREENHOUSE_AUTH_URL";
pub const ENV_HARVEST_URL: &str = "ATSCTL_HARVEST_URL";
pub const ENV_LEVER_URL: &str = "ATSCTL_LEVER_URL";
/// Selects a profile like `--profile`.
pub const ENV_PROFILE: &str = "ATSCTL_PROFILE";
/// Selects the store `auth login` writes to, like `--store`.
pub const ENV_CREDENTIAL_STORE: &str = "ATSCTL_CREDENTIAL_STORE";

/// The variables that override profiles, for `auth status` to list the ones set: each ATS's
/// credential variables (kind by kind), then its host variables.
pub fn overriding_env() -> Vec<&'static str> {
    let mut names = Vec::new();
    for ats in Ats::ALL {
        let spec = ats.spec();
        let kinds = spec.credentials.iter();
        let settings = kinds
            .clone()
            .flat_map(|kind| kind.settings().iter().filter_map(|setting| setting.env));
        let urls = spec.urls.iter().map(|url| url.env);
        for name in kinds.flat_map(|kind| kind.env_names()).chain(settings).chain(urls) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// A profile operation that failed. Messages name the file or store involved, never a secret.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot find a home directory for the atsctl config")]
    NoHome,
    #[error("cannot read {}: {reason}", .path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not a valid atsctl profile file: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("cannot write {}: {reason}", .path.display())]
    Write { path: PathBuf, reason: String },
    #[error("invalid profile name {name:?}: use letters, digits, '-', '_' and '.', at most 64, not starting with '.'")]
    InvalidName { name: String },
    #[error("no profile named {name:?}")]
    UnknownProfile { name: String, known: Vec<String> },
    #[error("profile {profile} has no {} credential", .ats.map_or("stored", Ats::display_name))]
    NoCredential { profile: String, ats: Option<Ats> },
    #[error("the {} is empty", .kind.secret_name())]
    EmptySecret { kind: CredentialKind },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ProfileError {
    /// What to do about it, for the binary to word.
    pub fn remedies(&self) -> Vec<Remedy> {
        let login = |why| Remedy::Login {
            profile: None,
            ats: None,
            kind: None,
            why,
        };
        match self {
            Self::Corrupt { .. } => vec![login(RemedyLogin::AfterFixingFile)],
            Self::UnknownProfile { known, .. } if known.is_empty() => vec![login(RemedyLogin::First)],
            Self::UnknownProfile { known, .. } => vec![Remedy::Note(format!("profiles: {}", known.join(", ")))],
            Self::Store(error) => error.help().into_iter().map(Remedy::Note).collect(),
            _ => Vec::new(),
        }
    }
}

/// Something to do about a credential that cannot be found or stored. The library says what;
/// the binary words it (the commands to run, the variables to set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remedy {
    /// Give a credential of this kind through the environment or stdin (its `env_help`).
    SetEnv(CredentialKind),
    /// Store a credential with `auth login`.
    Login {
        /// The profile to store it in; `None`: whichever (the default).
        profile: Option<String>,
        ats: Option<Ats>,
        /// The kind, when the caller insisted on one of the ATS's kinds.
        kind: Option<CredentialKind>,
        why: RemedyLogin,
    },
    /// A fact or advice, said as it is.
    Note(String),
}

/// Why `auth login` is the remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemedyLogin {
    /// Besides the environment: "or store one".
    Alternative,
    /// The named profile lacks it: "store one".
    Missing,
    /// The store lost the secret: "store it again".
    Again,
    /// The config file is unreadable: fix it or move it away, then log in again.
    AfterFixingFile,
    /// There are no profiles at all yet.
    First,
}
