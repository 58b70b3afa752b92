//! Credentials kept between runs: named profiles whose secrets live in the OS credential store
//! (macOS Keychain, Windows Credential Manager, the Secret Service or the kernel keyring on
//! Linux) and whose other settings live in a config file, plus the one function per ATS that
//! decides which credential a command uses (environment, stdin, then profile).
//!
//! Commands use it like this (`validate`, `apply`, `setup`):
//!
//! ```no_run
//! use atsctl::profile::{self, ProcessEnv, ProfileStore, Sources, SystemStores};
//!
//! let config = ProfileStore::locate()?;
//! let sources = Sources { profile: None, client_secret_stdin: None, api_key_stdin: None };
//! let resolved = profile::resolve_greenhouse(&sources, None, &ProcessEnv, &config, &SystemStores::new())?;
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
    AshbySettings, CONFIG_FILE, DEFAULT_PROFILE, GreenhouseV1Settings, GreenhouseV3Settings, LeverSettings, Profile,
    ProfileStore, Profiles, ProfilesLock, check_profile_name,
};
pub use kind::{CredentialKind, LeverRegion};
pub use resolve::{
    Environment, GreenhouseApi, GreenhouseCredential, GreenhouseV1Credential, GreenhouseV3Credential, Origin,
    ProcessEnv, ResolveError, ResolvedAshby, ResolvedGreenhouse, ResolvedLever, Sources, Valued, resolve_ashby,
    resolve_greenhouse, resolve_lever,
};
pub use secret_store::{
    KeyringStore, MemoryStores, SERVICE, SecretKey, SecretStore, SecretStores, StoreError, StoreKind, SystemStores,
};

use crate::manifest::Ats;

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
pub const ENV_ASHBY_API_KEY: &str = crate::ashby::ENV_API_KEY;
pub const ENV_ASHBY_URL: &str = crate::ashby::ENV_URL;
/// Selects a profile like `--profile`.
pub const ENV_PROFILE: &str = "ATSCTL_PROFILE";
/// Selects the store `auth login` writes to, like `--store`.
pub const ENV_CREDENTIAL_STORE: &str = "ATSCTL_CREDENTIAL_STORE";

/// The variables that override profiles, for `auth status` to list the ones set.
pub const OVERRIDING_ENV: [&str; 10] = [
    ENV_GREENHOUSE_CLIENT_ID,
    ENV_GREENHOUSE_CLIENT_SECRET,
    ENV_GREENHOUSE_USER_ID,
    ENV_HARVEST_API_KEY,
    ENV_LEVER_API_KEY,
    ENV_GREENHOUSE_AUTH_URL,
    ENV_HARVEST_URL,
    ENV_LEVER_URL,
    ENV_ASHBY_API_KEY,
    ENV_ASHBY_URL,
];

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
    /// What to do about it.
    pub fn help(&self) -> Vec<String> {
        match self {
            Self::Corrupt { .. } => {
                vec!["fix the file, or move it away and log in again with `atsctl auth login`".to_owned()]
            }
            Self::UnknownProfile { known, .. } if known.is_empty() => {
                vec!["there are no profiles yet; create one with `atsctl auth login`".to_owned()]
            }
            Self::UnknownProfile { known, .. } => vec![format!("profiles: {}", known.join(", "))],
            Self::Store(error) => error.help(),
            _ => Vec::new(),
        }
    }
}
