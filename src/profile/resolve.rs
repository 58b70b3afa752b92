//! Which credential a command uses: from the environment, from stdin, or from a profile, in that
//! order. The environment still overrides a profile, so CI jobs and one-off runs need no login.
//!
//! Each ATS's folder decides for its own kinds (`src/<ats>/credential.rs`, reached through
//! `AtsSpec::resolve`) with the helpers here. The rules, for each ATS:
//! - a credential comes whole from one place: a client id from the environment is never paired
//!   with a client secret from a profile (they might belong to different clients);
//! - the environment and stdin beat a profile; for Greenhouse, within one of those two tiers, a
//!   Harvest v3 credential beats a v1 key (v1 is retired), unless the caller asks for one API;
//! - the same secret from both the environment and stdin is a conflict, not a silent choice;
//! - a profile is read only when nothing earlier supplied the credential: `--profile NAME` (or
//!   `ATSCTL_PROFILE`), else the `default` profile when there is one;
//! - base URLs travel with their credential: `ATSCTL_*_URL` variables win, then the settings of
//!   the profile whose secret is used; otherwise `None`, meaning the ATS's own host.
//!
//! Reading a profile's secret may open the OS store; see [`super::SystemStores`] on blocking.

use std::fmt;

use super::{
    CredentialKind, DEFAULT_PROFILE, Profile, ProfileError, ProfileStore, Remedy, RemedyLogin, SecretKey, SecretStores,
    StoreError, StoreKind,
};
use crate::ats::{Ats, Credential};
use crate::http::Secret;

/// Reads environment variables; a closure `Fn(&str) -> Option<String>` is one.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
}

impl<F: Fn(&str) -> Option<String>> Environment for F {
    fn var(&self, name: &str) -> Option<String> {
        self(name)
    }
}

/// The process environment. Surrounding whitespace is dropped (a secret pasted with its line
/// ending would otherwise be sent with it), and a variable left empty counts as unset.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnv;

impl Environment for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name)
            .ok()
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }
}

/// What the command line supplied besides the environment: the binary reads stdin, the library
/// only decides.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// `--profile NAME` (or `ATSCTL_PROFILE`); `None` means the `default` profile if it exists.
    pub profile: Option<String>,
    /// `--client-secret-stdin`
    pub client_secret_stdin: Option<Secret>,
    /// `--api-key-stdin` (a Harvest v1 key or a Lever key, whichever the command wants)
    pub api_key_stdin: Option<Secret>,
}

impl Sources {
    /// The secret piped to `kind`'s stdin flag, if any.
    pub fn stdin_for(&self, kind: CredentialKind) -> Option<&Secret> {
        match kind.stdin_flag() {
            "--client-secret-stdin" => self.client_secret_stdin.as_ref(),
            _ => self.api_key_stdin.as_ref(),
        }
    }
}

/// Where one value came from, so messages can say which setting to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Env(&'static str),
    /// The flag that read it from stdin.
    Stdin(&'static str),
    /// A non-secret setting in the profile config.
    Profile(String),
    /// A secret in an OS store, filed under a profile.
    Keyring {
        profile: String,
        store: StoreKind,
    },
}

impl Origin {
    /// Where a value came from, as a phrase after its name: "from stdin", "from profile work in
    /// the Linux kernel keyring", "from ATSCTL_LEVER_API_KEY". A value typed at a prompt (an
    /// origin named without a `--` flag) reads "typed at the prompt": "from stdin" would send the
    /// reader to a pipe that was never used. A store reads better without nested parentheses.
    pub fn phrase(&self) -> String {
        match self {
            Self::Keyring { profile, store } => format!("from profile {profile} in {}", store.display_name()),
            Self::Stdin(flag) if flag.starts_with("--") => "from stdin".to_owned(),
            Self::Stdin(typed) => (*typed).to_owned(),
            other => format!("from {other}"),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env(name) => f.write_str(name),
            Self::Stdin(flag) => write!(f, "stdin ({flag})"),
            Self::Profile(name) => write!(f, "profile {name}"),
            Self::Keyring { profile, store } => write!(f, "profile {profile} ({})", store.display_name()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valued<T> {
    pub value: T,
    pub origin: Origin,
}

impl<T> Valued<T> {
    pub fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }
}

/// What a command asks of an ATS's resolution (`AtsSpec::resolve`): where to look, and which of
/// the ATS's kinds it insists on, if any (Greenhouse's `--api v3|v1`).
#[derive(Clone, Copy)]
pub struct ResolveRequest<'a> {
    pub sources: &'a Sources,
    pub env: &'a dyn Environment,
    pub config: &'a ProfileStore,
    pub stores: &'a dyn SecretStores,
    pub preferred: Option<CredentialKind>,
}

impl ResolveRequest<'_> {
    /// Resolves a credential for `ats` through its folder.
    pub fn resolve(&self, ats: Ats) -> Result<Credential, ResolveError> {
        (ats.spec().resolve)(self)
    }
}

/// No usable credential.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no {} credential found", .ats.display_name())]
    NoneFound {
        ats: Ats,
        /// The kinds that were looked for: all the ATS's, or the one the caller insisted on.
        kinds: Vec<CredentialKind>,
        profile: Option<String>,
    },
    /// Half a credential, or the same secret twice.
    #[error("{0}")]
    Incomplete(String),
    #[error("profile {profile} has no {wanted} credential")]
    ProfileLacks {
        profile: String,
        /// What is missing, as people call it (`Harvest v1`, `Lever`).
        wanted: &'static str,
        /// Whose credential it is, so the help names the login that stores it.
        ats: Ats,
        /// The kind the caller insisted on, if any.
        kind: Option<CredentialKind>,
    },
    #[error("the {} of profile {profile} is not in {} any more", .kind.secret_name(), .store.display_name())]
    SecretMissing {
        profile: String,
        kind: CredentialKind,
        store: StoreKind,
    },
    #[error(transparent)]
    Profile(#[from] ProfileError),
}

impl From<StoreError> for ResolveError {
    fn from(error: StoreError) -> Self {
        Self::Profile(ProfileError::Store(error))
    }
}

impl ResolveError {
    /// What to do about it, for the binary to word.
    pub fn remedies(&self) -> Vec<Remedy> {
        let login = |profile: &str, ats: Ats, kind: Option<CredentialKind>, why: RemedyLogin| Remedy::Login {
            profile: Some(profile.to_owned()),
            ats: Some(ats),
            kind,
            why,
        };
        match self {
            Self::NoneFound { ats, kinds, profile } => {
                let insisted = (kinds.len() == 1 && ats.spec().credentials.len() > 1).then(|| kinds[0]);
                let mut remedies: Vec<Remedy> = kinds.iter().copied().map(Remedy::SetEnv).collect();
                remedies.push(login(
                    profile.as_deref().unwrap_or(DEFAULT_PROFILE),
                    *ats,
                    insisted,
                    RemedyLogin::Alternative,
                ));
                remedies
            }
            Self::ProfileLacks { profile, ats, kind, .. } => {
                vec![login(profile, *ats, *kind, RemedyLogin::Missing)]
            }
            Self::SecretMissing { profile, kind, .. } => {
                vec![login(profile, kind.ats(), Some(*kind), RemedyLogin::Again)]
            }
            Self::Profile(error) => error.remedies(),
            Self::Incomplete(_) => Vec::new(),
        }
    }

    /// Nothing for `ats` in the environment or the profile read (`profile`, if any): the error
    /// that says so, for `kinds`. With `--profile` given, the profile lacks it.
    pub fn not_found(
        request: &ResolveRequest<'_>,
        ats: Ats,
        kinds: &[CredentialKind],
        profile: Option<String>,
    ) -> Self {
        let insisted = (kinds.len() == 1 && ats.spec().credentials.len() > 1).then(|| kinds[0]);
        match profile {
            Some(profile) if request.sources.profile.is_some() => Self::ProfileLacks {
                profile,
                wanted: insisted.map_or(ats.display_name(), |kind| kind.spec().label),
                ats,
                kind: insisted,
            },
            profile => Self::NoneFound {
                ats,
                kinds: kinds.to_vec(),
                profile,
            },
        }
    }
}

/// The profile to read, if any: the one asked for (which must exist), else `default` if present.
pub fn pick_profile(sources: &Sources, config: &ProfileStore) -> Result<Option<(String, Profile)>, ResolveError> {
    let profiles = config.load()?;
    match &sources.profile {
        Some(name) => match profiles.get(name) {
            Some(profile) => Ok(Some((name.clone(), profile.clone()))),
            None => Err(ProfileError::UnknownProfile {
                name: name.clone(),
                known: profiles.names(),
            }
            .into()),
        },
        None => Ok(profiles
            .get(DEFAULT_PROFILE)
            .map(|profile| (DEFAULT_PROFILE.to_owned(), profile.clone()))),
    }
}

/// The secret of `kind` that `profile` keeps in `store`.
pub fn read_secret(
    stores: &dyn SecretStores,
    profile: &str,
    kind: CredentialKind,
    store: StoreKind,
) -> Result<Secret, ResolveError> {
    stores
        .open(store)?
        .get(&SecretKey::new(profile, kind))?
        .ok_or_else(|| ResolveError::SecretMissing {
            profile: profile.to_owned(),
            kind,
            store,
        })
}

/// One secret from the environment or stdin, never both.
pub fn env_or_stdin(
    env: &dyn Environment,
    variable: &'static str,
    stdin: Option<&Secret>,
    flag: &'static str,
) -> Result<Option<(Secret, Origin)>, ResolveError> {
    match (env.var(variable), stdin) {
        (Some(_), Some(_)) => Err(ResolveError::Incomplete(format!(
            "both {variable} and {flag} give the secret; use one"
        ))),
        (Some(value), None) => Ok(Some((Secret::new(value), Origin::Env(variable)))),
        (None, Some(secret)) => Ok(Some((secret.clone(), Origin::Stdin(flag)))),
        (None, None) => Ok(None),
    }
}

/// `kind`'s secret from its variable or its stdin flag, never both.
pub fn kind_secret(
    request: &ResolveRequest<'_>,
    kind: CredentialKind,
) -> Result<Option<(Secret, Origin)>, ResolveError> {
    env_or_stdin(
        request.env,
        kind.secret_env(),
        request.sources.stdin_for(kind),
        kind.stdin_flag(),
    )
}

/// A variable's value with its origin.
pub fn env_value(env: &dyn Environment, variable: &'static str) -> Option<Valued<String>> {
    env.var(variable).map(|value| Valued::new(value, Origin::Env(variable)))
}

/// A profile setting's value with its origin.
pub fn profile_value(url: Option<&String>, profile: &str) -> Option<Valued<String>> {
    url.map(|value| Valued::new(value.clone(), Origin::Profile(profile.to_owned())))
}
