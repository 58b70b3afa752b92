//! Greenhouse's credential kinds as the profile code and `auth login` see them (Harvest v3
//! client credentials and a legacy Harvest v1 key), the settings a profile keeps for each, and
//! how a command finds the one to use.

use serde::{Deserialize, Serialize};

use super::seam::ATS;
use crate::ats::{Ats, Credential};
use crate::http::Secret;
use crate::profile::{
    CredentialKind, CredentialKindSpec, ENV_GREENHOUSE_AUTH_URL, ENV_GREENHOUSE_CLIENT_ID,
    ENV_GREENHOUSE_CLIENT_SECRET, ENV_GREENHOUSE_USER_ID, ENV_HARVEST_API_KEY, ENV_HARVEST_URL, Environment,
    NewCredential, Origin, ProfileStore, ResolveError, ResolveRequest, SecretStores, SettingShape, SettingSpec,
    Sources, StoreKind, Valued, env_or_stdin, env_value, pick_profile, profile_value, read_secret,
};

const HARVEST_URL: SettingSpec = SettingSpec {
    key: "harvest_url",
    help: "Greenhouse: use this Harvest host instead of https://harvest.greenhouse.io",
    what: "Harvest host",
    env: Some(ENV_HARVEST_URL),
    flag: "--harvest-url",
    value_name: "URL",
    flag_reads_env: false,
    prompt: None,
    shape: SettingShape::Url,
    not_asked_when: None,
};

const V3_SPEC: CredentialKindSpec = CredentialKindSpec {
    name: "greenhouse-v3",
    ats: Ats::Greenhouse,
    label: "Harvest v3",
    secret_name: "Harvest v3 client secret",
    secret_env: ENV_GREENHOUSE_CLIENT_SECRET,
    stdin_flag: "--client-secret-stdin",
    settings: &[
        SettingSpec {
            key: "client_id",
            help: "Harvest v3 client id (asked for on a terminal when missing)",
            what: "Harvest v3 client id",
            env: Some(ENV_GREENHOUSE_CLIENT_ID),
            flag: "--client-id",
            value_name: "ID",
            flag_reads_env: true,
            prompt: Some("Harvest v3 client id"),
            shape: SettingShape::Required,
            not_asked_when: None,
        },
        SettingSpec {
            key: "user_id",
            help: "Harvest v3 acting user id (`sub`), a Site Admin; optional",
            what: "Acting user id",
            env: Some(ENV_GREENHOUSE_USER_ID),
            flag: "--user-id",
            value_name: "ID",
            flag_reads_env: true,
            prompt: Some("Acting user id (a Site Admin; Enter to skip)"),
            shape: SettingShape::Optional,
            not_asked_when: None,
        },
        SettingSpec {
            key: "auth_url",
            help: "Greenhouse v3: use this auth server instead of https://auth.greenhouse.io",
            what: "auth server",
            env: Some(ENV_GREENHOUSE_AUTH_URL),
            flag: "--auth-url",
            value_name: "URL",
            flag_reads_env: false,
            prompt: None,
            shape: SettingShape::Url,
            not_asked_when: None,
        },
        HARVEST_URL,
    ],
    env_help: "for Harvest v3 set ATSCTL_GREENHOUSE_CLIENT_ID and ATSCTL_GREENHOUSE_CLIENT_SECRET (or pipe the secret with --client-secret-stdin), and ATSCTL_GREENHOUSE_USER_ID for the acting user",
    api: Some("v3"),
    secret_label: "the client secret",
    setup_intro: String::new,
    setup_shows_connection: true,
    describe_typed: |typed| {
        format!(
            "Harvest v3 client {}, typed{}",
            typed.setting("client_id").unwrap_or_default(),
            typed
                .setting("user_id")
                .map_or_else(|| ", no acting user".to_owned(), |user| format!(", acting user {user}"))
        )
    },
    check_settings: crate::profile::check_settings::<GreenhouseV3Settings>,
    status_urls: |section| {
        vec![
            crate::profile::BaseUrlStatus::of(section, "auth", "auth_url", super::DEFAULT_AUTH_URL),
            crate::profile::BaseUrlStatus::of(section, "harvest", "harvest_url", super::DEFAULT_HARVEST_URL),
        ]
    },
};

const V1_SPEC: CredentialKindSpec = CredentialKindSpec {
    name: "greenhouse-v1",
    ats: Ats::Greenhouse,
    label: "Harvest v1",
    secret_name: "Harvest v1 API key",
    secret_env: ENV_HARVEST_API_KEY,
    stdin_flag: "--api-key-stdin",
    settings: &[HARVEST_URL],
    env_help: "for a legacy v1 key set ATSCTL_HARVEST_API_KEY (or pipe it with --api-key-stdin)",
    api: Some("v1"),
    secret_label: "the Harvest v1 API key",
    setup_intro: || {
        format!(
            "A legacy Harvest v1 API key (Greenhouse retired them on {}; only for accounts that still have one).\n",
            crate::plan::HARVEST_V1_RETIRED
        )
    },
    setup_shows_connection: false,
    describe_typed: |_| "Harvest v1 API key, typed".to_owned(),
    check_settings: crate::profile::check_settings::<GreenhouseV1Settings>,
    status_urls: |section| {
        vec![crate::profile::BaseUrlStatus::of(
            section,
            "harvest",
            "harvest_url",
            super::DEFAULT_HARVEST_URL,
        )]
    },
};

/// Harvest v3 OAuth client credentials: client id (config), client secret (store), optional
/// acting user id (config).
pub const V3: CredentialKind = CredentialKind::new(&V3_SPEC);
/// A legacy Harvest v1/v2 API key (store).
pub const V1: CredentialKind = CredentialKind::new(&V1_SPEC);

/// Harvest v3 in a profile: the client secret is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreenhouseV3Settings {
    pub store: StoreKind,
    pub client_id: String,
    /// The acting user (`sub`); Greenhouse needs a Site Admin for lists to return data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Overrides `https://auth.greenhouse.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// Overrides `https://harvest.greenhouse.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harvest_url: Option<String>,
}

/// Harvest v1/v2 (legacy) in a profile: the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreenhouseV1Settings {
    pub store: StoreKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harvest_url: Option<String>,
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

/// `AtsSpec::from_typed` for Greenhouse: a typed credential in the shape a resolved one has; its
/// hosts are the environment's, as for a credential from the environment.
pub fn from_typed(
    typed: &NewCredential,
    secret_origin: Origin,
    value_origin: Origin,
    env: &dyn Environment,
) -> Credential {
    let valued = |value: &str| Valued::new(value.to_owned(), value_origin.clone());
    let credential = if typed.kind() == V1 {
        GreenhouseCredential::V1(GreenhouseV1Credential {
            api_key: typed.secret().clone(),
            origin: secret_origin,
        })
    } else {
        GreenhouseCredential::V3(GreenhouseV3Credential {
            client_id: valued(typed.setting("client_id").unwrap_or_default()),
            client_secret: typed.secret().clone(),
            secret_origin,
            user_id: typed.setting("user_id").map(valued),
        })
    };
    Credential::new(ResolvedGreenhouse {
        credential,
        auth_url: env_value(env, ENV_GREENHOUSE_AUTH_URL),
        harvest_url: env_value(env, ENV_HARVEST_URL),
    })
}

/// `AtsSpec::resolve` for Greenhouse: the caller's preferred kind is its `--api`.
pub fn resolve(request: &ResolveRequest<'_>) -> Result<Credential, ResolveError> {
    let api = request.preferred.map(|kind| {
        if kind == V1 {
            GreenhouseApi::V1
        } else {
            GreenhouseApi::V3
        }
    });
    resolve_greenhouse(request.sources, api, request.env, request.config, request.stores).map(Credential::new)
}

/// The Greenhouse credential to use; see the module docs for the order.
pub fn resolve_greenhouse(
    sources: &Sources,
    api: Option<GreenhouseApi>,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedGreenhouse, ResolveError> {
    use crate::profile::{
        ENV_GREENHOUSE_AUTH_URL as AUTH_URL, ENV_GREENHOUSE_CLIENT_ID as CLIENT_ID, ENV_HARVEST_URL as HARVEST_URL,
    };
    let want_v3 = api != Some(GreenhouseApi::V1);
    let want_v1 = api != Some(GreenhouseApi::V3);
    let kinds: Vec<CredentialKind> = [(want_v3, V3), (want_v1, V1)]
        .into_iter()
        .filter_map(|(wanted, kind)| wanted.then_some(kind))
        .collect();
    let insisted = api.map(|api| match api {
        GreenhouseApi::V3 => V3,
        GreenhouseApi::V1 => V1,
    });
    let user_from_env = env_value(env, crate::profile::ENV_GREENHOUSE_USER_ID);
    let with_env_urls = |credential| ResolvedGreenhouse {
        credential,
        auth_url: env_value(env, AUTH_URL),
        harvest_url: env_value(env, HARVEST_URL),
    };

    // Tier 1: environment and stdin.
    if want_v3 {
        let secret = env_or_stdin(
            env,
            crate::profile::ENV_GREENHOUSE_CLIENT_SECRET,
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
                    crate::profile::ENV_GREENHOUSE_CLIENT_SECRET
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
            crate::profile::ENV_HARVEST_API_KEY,
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
            ats: ATS,
            kinds,
            profile: None,
        });
    };
    if want_v3 && let Some(settings) = profile.settings::<GreenhouseV3Settings>(V3)? {
        let client_secret = read_secret(stores, &name, V3, settings.store)?;
        let user_id = user_from_env.or_else(|| profile_value(settings.user_id.as_ref(), &name));
        return Ok(ResolvedGreenhouse {
            credential: GreenhouseCredential::V3(GreenhouseV3Credential {
                client_id: Valued::new(settings.client_id, Origin::Profile(name.clone())),
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
    if want_v1 && let Some(settings) = profile.settings::<GreenhouseV1Settings>(V1)? {
        let api_key = read_secret(stores, &name, V1, settings.store)?;
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
        return Err(ResolveError::ProfileLacks {
            profile: name,
            wanted: insisted.map_or(ATS.display_name(), |kind| kind.spec().label),
            ats: ATS,
            kind: insisted,
        });
    }
    Err(ResolveError::NoneFound {
        ats: ATS,
        kinds,
        profile: Some(name),
    })
}

/// What code that does not know Greenhouse sees of a resolved Greenhouse credential.
impl crate::ats::ResolvedCredential for ResolvedGreenhouse {
    fn ats(&self) -> crate::ats::Ats {
        super::seam::ATS
    }

    fn describe(&self) -> String {
        super::credentials::Credential::from(self.credential.clone()).describe()
    }

    fn secret_origin(&self) -> &Origin {
        match &self.credential {
            GreenhouseCredential::V3(v3) => &v3.secret_origin,
            GreenhouseCredential::V1(v1) => &v1.origin,
        }
    }

    fn clone_boxed(&self) -> Box<dyn crate::ats::ResolvedCredential> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::profile::{MemoryStores, NewCredential, Remedy, RemedyLogin, SecretKey, login};

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
        let credential = NewCredential::new(V3, Secret::new(secret))
            .with("client_id", Some(format!("{profile}-client")))
            .with("user_id", Some("111".into()))
            .with("harvest_url", Some("http://127.0.0.1:4000".into()));
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
        let error =
            crate::lever::credential::resolve_lever(&named("work"), &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::ProfileLacks { .. }), "{error:?}");
        assert_eq!(
            error.remedies(),
            vec![Remedy::Login {
                profile: Some("work".into()),
                ats: Some(Ats::Lever),
                kind: None,
                why: RemedyLogin::Missing
            }]
        );
        let error =
            resolve_greenhouse(&named("work"), Some(GreenhouseApi::V1), &env(&[]), &f.config, &f.stores).unwrap_err();
        assert_eq!(error.to_string(), "profile work has no Harvest v1 credential");
        // Without --profile and without a default profile there is simply nothing.
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::NoneFound { .. }), "{error:?}");
        assert_eq!(
            error.remedies(),
            vec![
                Remedy::SetEnv(V3),
                Remedy::SetEnv(V1),
                Remedy::Login {
                    profile: Some("default".into()),
                    ats: Some(ATS),
                    kind: None,
                    why: RemedyLogin::Alternative
                }
            ]
        );
    }

    #[test]
    fn a_secret_gone_from_the_store_or_an_unavailable_store_is_reported() {
        let f = fixture();
        login_v3(&f, "default", "profile-secret");
        f.stores
            .open(StoreKind::SecretService)
            .unwrap()
            .delete(&SecretKey::new("default", V3))
            .unwrap();
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &f.stores).unwrap_err();
        assert!(matches!(error, ResolveError::SecretMissing { .. }), "{error:?}");
        assert_eq!(
            error.remedies(),
            vec![Remedy::Login {
                profile: Some("default".into()),
                ats: Some(ATS),
                kind: Some(V3),
                why: RemedyLogin::Again
            }]
        );

        let offline = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session bus");
        let error = resolve_greenhouse(&Sources::default(), None, &env(&[]), &f.config, &offline).unwrap_err();
        assert!(
            error.to_string().contains("no OS credential store is available"),
            "{error}"
        );
        assert!(
            error
                .remedies()
                .iter()
                .any(|remedy| matches!(remedy, Remedy::Note(note) if note.contains("ATSCTL_LEVER_API_KEY")))
        );
        // The environment still works without any store.
        let vars = env(&[
            ("ATSCTL_GREENHOUSE_CLIENT_ID", "i"),
            ("ATSCTL_GREENHOUSE_CLIENT_SECRET", "s"),
        ]);
        assert!(resolve_greenhouse(&Sources::default(), None, &vars, &f.config, &offline).is_ok());
    }
}
