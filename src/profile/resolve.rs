//! Which credential a command uses: from the environment, from stdin, or from a profile, in that
//! order. The environment still overrides a profile, so CI jobs and one-off runs need no login.
//!
//! The rules, for each ATS:
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
    CredentialKind, DEFAULT_PROFILE, LeverRegion, Profile, ProfileError, ProfileStore, SecretKey, SecretStores,
    StoreError, StoreKind,
};
use crate::http::Secret;
use crate::manifest::Ats;

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
    fn new(value: T, origin: Origin) -> Self {
        Self { value, origin }
    }
}

/// Which Greenhouse API the caller insists on, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GreenhouseApi {
    V3,
    V1,
}

#[derive(Debug, Clone)]
pub struct GreenhouseV3Credential {
    pub client_id: Valued<String>,
    pub client_secret: Secret,
    pub secret_origin: Origin,
    /// The acting user (`sub`): `ATSCTL_GREENHOUSE_USER_ID`, else the profile's.
    pub user_id: Option<Valued<String>>,
}

#[derive(Debug, Clone)]
pub struct GreenhouseV1Credential {
    pub api_key: Secret,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub enum GreenhouseCredential {
    V3(GreenhouseV3Credential),
    V1(GreenhouseV1Credential),
}

/// A Greenhouse credential ready to use, with the hosts to use it on.
#[derive(Debug, Clone)]
pub struct ResolvedGreenhouse {
    pub credential: GreenhouseCredential,
    /// `None`: `https://auth.greenhouse.io`.
    pub auth_url: Option<Valued<String>>,
    /// `None`: `https://harvest.greenhouse.io`.
    pub harvest_url: Option<Valued<String>>,
}

/// A Lever credential ready to use.
#[derive(Debug, Clone)]
pub struct ResolvedLever {
    pub api_key: Secret,
    pub origin: Origin,
    /// `ATSCTL_LEVER_URL`, the profile's override, or its region's host; `None`: the US host.
    pub base_url: Option<Valued<String>>,
    pub region: Option<LeverRegion>,
}

/// The Ashby API key to use and where it came from.
#[derive(Debug, Clone)]
pub struct ResolvedAshby {
    pub api_key: Secret,
    pub origin: Origin,
    /// `ATSCTL_ASHBY_URL` or the profile's override; `None`: Ashby's own host.
    pub base_url: Option<Valued<String>>,
}

/// No usable credential.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    #[error("no {} credential found", .ats.display_name())]
    NoneFound {
        ats: Ats,
        api: Option<GreenhouseApi>,
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
        api: Option<GreenhouseApi>,
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
    /// What to do about it.
    pub fn help(&self) -> Vec<String> {
        let login = |profile: &str, ats: Ats, api: Option<GreenhouseApi>| {
            let profile = if profile == DEFAULT_PROFILE {
                String::new()
            } else {
                format!(" --profile {profile}")
            };
            let api = match api {
                Some(GreenhouseApi::V1) => " --api v1",
                _ => "",
            };
            format!("or store one: atsctl auth login{profile} --ats {}{api}", ats.as_str())
        };
        match self {
            Self::NoneFound {
                ats: Ats::Greenhouse,
                api,
                profile,
            } => {
                let mut help = Vec::new();
                if *api != Some(GreenhouseApi::V1) {
                    help.push(format!(
                        "for Harvest v3 set {} and {} (or pipe the secret with --client-secret-stdin), and {} for the acting user",
                        super::ENV_GREENHOUSE_CLIENT_ID,
                        super::ENV_GREENHOUSE_CLIENT_SECRET,
                        super::ENV_GREENHOUSE_USER_ID
                    ));
                }
                if *api != Some(GreenhouseApi::V3) {
                    help.push(format!(
                        "for a legacy v1 key set {} (or pipe it with --api-key-stdin)",
                        super::ENV_HARVEST_API_KEY
                    ));
                }
                help.push(login(
                    profile.as_deref().unwrap_or(DEFAULT_PROFILE),
                    Ats::Greenhouse,
                    *api,
                ));
                help
            }
            Self::NoneFound {
                ats: Ats::Lever,
                profile,
                ..
            } => vec![
                format!(
                    "set {} (or pipe the key with --api-key-stdin)",
                    super::ENV_LEVER_API_KEY
                ),
                login(profile.as_deref().unwrap_or(DEFAULT_PROFILE), Ats::Lever, None),
            ],
            Self::NoneFound {
                ats: Ats::Ashby,
                profile,
                ..
            } => vec![
                format!(
                    "set {} (or pipe the key with --api-key-stdin)",
                    crate::ashby::ENV_API_KEY
                ),
                login(profile.as_deref().unwrap_or(DEFAULT_PROFILE), Ats::Ashby, None),
            ],
            Self::ProfileLacks { profile, ats, api, .. } => {
                vec![login(profile, *ats, *api).trim_start_matches("or ").to_owned()]
            }
            Self::SecretMissing { profile, kind, .. } => {
                let api = (*kind == CredentialKind::GreenhouseV1).then_some(GreenhouseApi::V1);
                vec![login(profile, kind.ats(), api).replace("or store one", "store it again")]
            }
            Self::Profile(error) => error.help(),
            Self::Incomplete(_) => Vec::new(),
        }
    }
}

/// The profile to read, if any: the one asked for (which must exist), else `default` if present.
fn pick_profile(sources: &Sources, config: &ProfileStore) -> Result<Option<(String, Profile)>, ResolveError> {
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

fn read_secret(
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
fn env_or_stdin(
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

fn env_value(env: &dyn Environment, variable: &'static str) -> Option<Valued<String>> {
    env.var(variable).map(|value| Valued::new(value, Origin::Env(variable)))
}

fn profile_value(url: Option<&String>, profile: &str) -> Option<Valued<String>> {
    url.map(|value| Valued::new(value.clone(), Origin::Profile(profile.to_owned())))
}

/// The Greenhouse credential to use; see the module docs for the order.
pub fn resolve_greenhouse(
    sources: &Sources,
    api: Option<GreenhouseApi>,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedGreenhouse, ResolveError> {
    use super::{
        ENV_GREENHOUSE_AUTH_URL as AUTH_URL, ENV_GREENHOUSE_CLIENT_ID as CLIENT_ID, ENV_HARVEST_URL as HARVEST_URL,
    };
    let want_v3 = api != Some(GreenhouseApi::V1);
    let want_v1 = api != Some(GreenhouseApi::V3);
    let user_from_env = env_value(env, super::ENV_GREENHOUSE_USER_ID);
    let with_env_urls = |credential| ResolvedGreenhouse {
        credential,
        auth_url: env_value(env, AUTH_URL),
        harvest_url: env_value(env, HARVEST_URL),
    };

    // Tier 1: environment and stdin.
    if want_v3 {
        let secret = env_or_stdin(
            env,
            super::ENV_GREENHOUSE_CLIENT_SECRET,
            sources.client_secret_stdin.as_ref(),
            "--client-secret-stdin",
        )?;
        match (env.var(CLIENT_ID), secret) {
            (Some(client_id), Some((client_secret, secret_origin))) => {
                return Ok(with_env_urls(GreenhouseCredential::V3(GreenhouseV3Credential {
                    client_id: Valued::new(client_id, Origin::Env(CLIENT_ID)),
                    client_secret,
                    secret_origin,
                    user_id: user_from_env,
                })));
            }
            (Some(_), None) => {
                return Err(ResolveError::Incomplete(format!(
                    "{CLIENT_ID} is set but not {}; set it too, pipe it with --client-secret-stdin, or unset {CLIENT_ID} to use a profile",
                    super::ENV_GREENHOUSE_CLIENT_SECRET
                )));
            }
            (None, Some((_, origin))) => {
                return Err(ResolveError::Incomplete(format!(
                    "the client secret comes from {origin} but no client id does: set {CLIENT_ID}"
                )));
            }
            (None, None) => {}
        }
    }
    if want_v1
        && let Some((api_key, origin)) = env_or_stdin(
            env,
            super::ENV_HARVEST_API_KEY,
            sources.api_key_stdin.as_ref(),
            "--api-key-stdin",
        )?
    {
        return Ok(with_env_urls(GreenhouseCredential::V1(GreenhouseV1Credential {
            api_key,
            origin,
        })));
    }

    // Tier 2: a profile.
    let Some((name, profile)) = pick_profile(sources, config)? else {
        return Err(ResolveError::NoneFound {
            ats: Ats::Greenhouse,
            api,
            profile: None,
        });
    };
    if want_v3 && let Some(settings) = &profile.greenhouse_v3 {
        let client_secret = read_secret(stores, &name, CredentialKind::GreenhouseV3, settings.store)?;
        let user_id = user_from_env.or_else(|| profile_value(settings.user_id.as_ref(), &name));
        return Ok(ResolvedGreenhouse {
            credential: GreenhouseCredential::V3(GreenhouseV3Credential {
                client_id: Valued::new(settings.client_id.clone(), Origin::Profile(name.clone())),
                client_secret,
                secret_origin: Origin::Keyring {
                    profile: name.clone(),
                    store: settings.store,
                },
                user_id,
            }),
            auth_url: env_value(env, AUTH_URL).or_else(|| profile_value(settings.auth_url.as_ref(), &name)),
            harvest_url: env_value(env, HARVEST_URL).or_else(|| profile_value(settings.harvest_url.as_ref(), &name)),
        });
    }
    if want_v1 && let Some(settings) = &profile.greenhouse_v1 {
        let api_key = read_secret(stores, &name, CredentialKind::GreenhouseV1, settings.store)?;
        return Ok(ResolvedGreenhouse {
            credential: GreenhouseCredential::V1(GreenhouseV1Credential {
                api_key,
                origin: Origin::Keyring {
                    profile: name.clone(),
                    store: settings.store,
                },
            }),
            auth_url: env_value(env, AUTH_URL),
            harvest_url: env_value(env, HARVEST_URL).or_else(|| profile_value(settings.harvest_url.as_ref(), &name)),
        });
    }
    if sources.profile.is_some() {
        let wanted = match api {
            Some(GreenhouseApi::V1) => "Harvest v1",
            Some(GreenhouseApi::V3) => "Harvest v3",
            None => "Greenhouse",
        };
        return Err(ResolveError::ProfileLacks {
            profile: name,
            wanted,
            ats: Ats::Greenhouse,
            api,
        });
    }
    Err(ResolveError::NoneFound {
        ats: Ats::Greenhouse,
        api,
        profile: Some(name),
    })
}

/// The Lever API key to use; see the module docs for the order.
pub fn resolve_lever(
    sources: &Sources,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedLever, ResolveError> {
    let url_variable = super::ENV_LEVER_URL;
    if let Some((api_key, origin)) = env_or_stdin(
        env,
        super::ENV_LEVER_API_KEY,
        sources.api_key_stdin.as_ref(),
        "--api-key-stdin",
    )? {
        return Ok(ResolvedLever {
            api_key,
            origin,
            base_url: env_value(env, url_variable),
            region: None,
        });
    }
    let Some((name, profile)) = pick_profile(sources, config)? else {
        return Err(ResolveError::NoneFound {
            ats: Ats::Lever,
            api: None,
            profile: None,
        });
    };
    let Some(settings) = &profile.lever else {
        if sources.profile.is_some() {
            return Err(ResolveError::ProfileLacks {
                profile: name,
                wanted: "Lever",
                ats: Ats::Lever,
                api: None,
            });
        }
        return Err(ResolveError::NoneFound {
            ats: Ats::Lever,
            api: None,
            profile: Some(name),
        });
    };
    let api_key = read_secret(stores, &name, CredentialKind::Lever, settings.store)?;
    let region_url = (settings.region != LeverRegion::Us).then(|| settings.region.base_url().to_owned());
    let base_url = env_value(env, url_variable)
        .or_else(|| profile_value(settings.base_url.as_ref().or(region_url.as_ref()), &name));
    Ok(ResolvedLever {
        api_key,
        origin: Origin::Keyring {
            profile: name,
            store: settings.store,
        },
        base_url,
        region: Some(settings.region),
    })
}

/// The Ashby API key to use: `ATSCTL_ASHBY_API_KEY` or `--api-key-stdin`, else the profile's.
pub fn resolve_ashby(
    sources: &Sources,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedAshby, ResolveError> {
    let url_variable = crate::ashby::ENV_URL;
    if let Some((api_key, origin)) = env_or_stdin(
        env,
        crate::ashby::ENV_API_KEY,
        sources.api_key_stdin.as_ref(),
        "--api-key-stdin",
    )? {
        return Ok(ResolvedAshby {
            api_key,
            origin,
            base_url: env_value(env, url_variable),
        });
    }
    let Some((name, profile)) = pick_profile(sources, config)? else {
        return Err(ResolveError::NoneFound {
            ats: Ats::Ashby,
            api: None,
            profile: None,
        });
    };
    let Some(settings) = &profile.ashby else {
        if sources.profile.is_some() {
            return Err(ResolveError::ProfileLacks {
                profile: name,
                wanted: "Ashby",
                ats: Ats::Ashby,
                api: None,
            });
        }
        return Err(ResolveError::NoneFound {
            ats: Ats::Ashby,
            api: None,
            profile: Some(name),
        });
    };
    let api_key = read_secret(stores, &name, CredentialKind::Ashby, settings.store)?;
    let base_url = env_value(env, url_variable).or_else(|| profile_value(settings.base_url.as_ref(), &name));
    Ok(ResolvedAshby {
        api_key,
        origin: Origin::Keyring {
            profile: name,
            store: settings.store,
        },
        base_url,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::profile::{MemoryStores, NewCredential, login};

    struct Fixture {
        _dir: tempfile::TempDir,
        config: ProfileStore,
        stores: MemoryStores,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let config = ProfileStore::new(dir.path().join("profiles.toml"));
        Fixture {
            _dir: dir,
            config,
            stores: MemoryStores::new(),
        }
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |name: &str| map.get(name).cloned()
    }

    fn login_v3(f: &Fixture, profile: &str, secret: &str) {
        let credential = NewCredential::GreenhouseV3 {
            client_id: format!("{profile}-client"),
            client_secret: Secret::new(secret),
            user_id: Some("111".into()),
            auth_url: None,
            harvest_url: Some("http://127.0.0.1:4000".into()),
        };
        login(&f.config, &f.stores, profile, StoreKind::SecretService, &credential).unwrap();
    }

    fn v3(resolved: &ResolvedGreenhouse) -> &GreenhouseV3Credential {
        match &resolved.credential {
            GreenhouseCredential::V3(v3) => v3,
            GreenhouseCredential::V1(_) => panic!("expected v3"),
        }
    }

    #[test]
    fn the_default_profile_is_used_when_nothing_else_is_given() {
        let f = fixture();
        login_v3(&f, "default", "profile-secret");
        let resolved = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &f.stores).unwrap();
        let credential = v3(&resolved);
        assert_eq!(credential.client_secret.expose(), "profile-secret");
        assert_eq!(credential.client_id.value, "default-client");
        assert_eq!(
            credential.secret_origin,
            Origin::Keyring {
                profile: "default".into(),
                store: StoreKind::SecretService
            }
        );
        assert_eq!(credential.user_id.as_ref().unwrap().value, "111");
        assert_eq!(resolved.harvest_url.as_ref().unwrap().value, "http://127.0.0.1:4000");
        assert_eq!(resolved.auth_url, None);
    }

    #[test]
    fn the_environment_overrides_a_profile_whole() {
        let f = fixture();
        login_v3(&f, "default", "profile-secret");
        let vars = env(&[
            ("ATSCTL_GREENHOUSE_CLIENT_ID", "env-client"),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", "env-secret"),
            ("ATSCTL_GREENHOUSE_USER_ID", "222"),
        ]);
        let resolved = resolve_greenhouse(&Sources::default(), None, &vars, &f.config, &f.stores).unwrap();
        let credential = v3(&resolved);
        assert_eq!(
            (credential.client_id.value.as_str(), credential.client_secret.expose()),
            ("env-client", "env-secret")
        );
        assert_eq!(
            credential.user_id.as_ref().unwrap().origin,
            Origin::Env("ATSCTL_GREENHOUSE_USER_ID")
        );
        assert_eq!(
            resolved.harvest_url, None,
            "the profile's URL does not travel with an env credential"
        );

        let only_user = env(&[("ATSCTL_GREENHOUSE_USER_ID", "333")]);
        let resolved = resolve_greenhouse(&Sources::default(), None, &only_user, &f.config, &f.stores).unwrap();
        assert_eq!(
            v3(&resolved).user_id.as_ref().unwrap().value,
            "333",
            "the acting user can be overridden alone"
        );
        assert_eq!(v3(&resolved).client_secret.expose(), "profile-secret");
    }

    #[test]
    fn stdin_supplies_the_secret_and_conflicts_are_errors() {
        let f = fixture();
        let sources = Sources {
            client_secret_stdin: Some(Secret::new("piped-secret")),
            ..Sources::default()
        };
        let vars = env(&[("ATSCTL_GREENHOUSE_CLIENT_ID", "env-client")]);
        let resolved = resolve_greenhouse(&sources, None, &vars, &f.config, &f.stores).unwrap();
        assert_eq!(v3(&resolved).secret_origin, Origin::Stdin("--client-secret-stdin"));

        let both = env(&[
            ("ATSCTL_GREENHOUSE_CLIENT_ID", "id"),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", "env-secret"),
        ]);
        let error = resolve_greenhouse(&sources, None, &both, &f.config, &f.stores).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("both ATSCTL_GREENHOUSE_CLIENT_SECRET and --client-secret-stdin"),
            "{error}"
        );

        let half = env(&[("ATSCTL_GREENHOUSE_CLIENT_ID", "id")]);
        let error = resolve_greenhouse(&Sources::default(), None, &half, &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::Incomplete(_)), "{error:?}");
    }

    #[test]
    fn env_v1_beats_a_profile_v3_but_v3_wins_within_a_tier() {
        let f = fixture();
        login_v3(&f, "default", "profile-secret");
        let vars = env(&[("ATSCTL_HARVEST_API_KEY", "env-v1-key")]);
        let resolved = resolve_greenhouse(&Sources::default(), None, &vars, &f.config, &f.stores).unwrap();
        assert!(matches!(&resolved.credential, GreenhouseCredential::V1(v1) if v1.api_key.expose() == "env-v1-key"));
        let resolved = resolve_greenhouse(
            &Sources::default(),
            Some(GreenhouseApi::V3),
            &vars,
            &f.config,
            &f.stores,
        )
        .unwrap();
        assert_eq!(
            v3(&resolved).client_secret.expose(),
            "profile-secret",
            "--api v3 ignores the v1 key"
        );

        let all = env(&[
            ("ATSCTL_HARVEST_API_KEY", "k"),
            ("ATSCTL_GREENHOUSE_CLIENT_ID", "i"),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", "s"),
        ]);
        let resolved = resolve_greenhouse(&Sources::default(), None, &all, &f.config, &f.stores).unwrap();
        assert!(matches!(resolved.credential, GreenhouseCredential::V3(_)));
    }

    #[test]
    fn a_named_profile_must_exist_and_hold_the_credential() {
        let f = fixture();
        login_v3(&f, "work", "work-secret");
        let named = |name: &str| Sources {
            profile: Some(name.into()),
            ..Sources::default()
        };
        let resolved = resolve_greenhouse(&named("work"), None, &env(&[]), &f.config, &f.stores).unwrap();
        assert_eq!(v3(&resolved).client_secret.expose(), "work-secret");
        let error = resolve_greenhouse(&named("nope"), None, &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(error.to_string().contains("no profile named \"nope\""), "{error}");
        let error = resolve_lever(&named("work"), &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::ProfileLacks { .. }), "{error:?}");
        assert_eq!(
            error.help(),
            vec!["store one: atsctl auth login --profile work --ats lever".to_owned()]
        );
        // Without --profile and without a default profile there is simply nothing.
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::NoneFound { .. }), "{error:?}");
        let help = error.help().join("\n");
        assert!(
            help.contains("ATSCTL_GREENHOUSE_CLIENT_SECRET") && help.contains("ATSCTL_HARVEST_API_KEY"),
            "{help}"
        );
    }

    #[test]
    fn a_secret_gone_from_the_store_or_an_unavailable_store_is_reported() {
        let f = fixture();
        login_v3(&f, "default", "profile-secret");
        f.stores
            .open(StoreKind::SecretService)
            .unwrap()
            .delete(&SecretKey::new("default", CredentialKind::GreenhouseV3))
            .unwrap();
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::SecretMissing { .. }), "{error:?}");
        assert_eq!(
            error.help(),
            vec!["store it again: atsctl auth login --ats greenhouse".to_owned()]
        );

        let offline = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session bus");
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &offline).unwrap_err();
        assert!(
            error.to_string().contains("no OS credential store is available"),
            "{error}"
        );
        assert!(error.help().join(" ").contains("ATSCTL_LEVER_API_KEY"));
        // The environment still works without any store.
        let vars = env(&[
            ("ATSCTL_GREENHOUSE_CLIENT_ID", "i"),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", "s"),
        ]);
        assert!(resolve_greenhouse(&Sources::default(), None, &vars, &f.config, &offline).is_ok());
    }

    #[test]
    fn lever_regions_choose_the_host() {
        let f = fixture();
        let credential = NewCredential::Lever {
            api_key: Secret::new("lever-key"),
            region: LeverRegion::Eu,
            base_url: None,
        };
        login(&f.config, &f.stores, "default", StoreKind::SecretService, &credential).unwrap();
        let resolved = resolve_lever(&Sources::default(), &env(&[]), &f.config, &f.stores).unwrap();
        assert_eq!(resolved.api_key.expose(), "lever-key");
        assert_eq!(resolved.base_url.unwrap().value, "https://api.eu.lever.co/v1");
        let vars = env(&[("ATSCTL_LEVER_URL", "http://127.0.0.1:9000/v1")]);
        let resolved = resolve_lever(&Sources::default(), &vars, &f.config, &f.stores).unwrap();
        assert_eq!(resolved.base_url.unwrap().origin, Origin::Env("ATSCTL_LEVER_URL"));
        let vars = env(&[("ATSCTL_LEVER_API_KEY", "env-lever")]);
        let resolved = resolve_lever(&Sources::default(), &vars, &f.config, &f.stores).unwrap();
        assert_eq!((resolved.api_key.expose(), resolved.base_url), ("env-lever", None));
    }
}
