//! Lever's credential kind as the profile code and `auth login` see it (an API key and the
//! account's region), the settings a profile keeps for it, and how a command finds the one to
//! use.

use serde::{Deserialize, Serialize};

use super::seam::ATS;
use crate::ats::{Ats, Credential};
use crate::http::Secret;
use crate::profile::{
    CredentialKind, CredentialKindSpec, ENV_LEVER_API_KEY, ENV_LEVER_URL, Environment, NewCredential, Origin,
    ProfileStore, ResolveError, ResolveRequest, SecretStores, SettingShape, SettingSpec, Sources, StoreKind, Valued,
    env_value, kind_secret, pick_profile, profile_value, read_secret,
};

const SPEC: CredentialKindSpec = CredentialKindSpec {
    name: "lever",
    ats: Ats::Lever,
    label: "Lever",
    secret_name: "Lever API key",
    secret_env: ENV_LEVER_API_KEY,
    stdin_flag: "--api-key-stdin",
    settings: &[
        SettingSpec {
            key: "region",
            help: "Lever only: the account's region, which decides the API host",
            what: "Lever region",
            env: None,
            flag: "--region",
            value_name: "REGION",
            flag_reads_env: false,
            prompt: Some("Lever region"),
            shape: SettingShape::Choice(&[("us", "US (api.lever.co)"), ("eu", "EU (api.eu.lever.co)")]),
            // The URL decides the host; a region would only conflict with it.
            not_asked_when: Some(ENV_LEVER_URL),
        },
        SettingSpec {
            key: "base_url",
            help: "Lever: use this API base URL instead of the region's",
            what: "Lever API URL",
            env: Some(ENV_LEVER_URL),
            flag: "--lever-url",
            value_name: "URL",
            flag_reads_env: false,
            prompt: None,
            shape: SettingShape::Url,
            not_asked_when: None,
        },
    ],
    env_help: "set ATSCTL_LEVER_API_KEY (or pipe the key with --api-key-stdin)",
    api: None,
    secret_label: "the Lever API key",
    setup_intro: || {
        "A Lever API key (Settings → Integrations and API → API Credentials) that can read stages and webhooks \
         and create webhooks.\n"
            .to_owned()
    },
    setup_shows_connection: false,
    describe_typed: |typed| {
        format!(
            "Lever API key, typed (region {})",
            typed.setting("region").unwrap_or(LeverRegion::Us.as_str())
        )
    },
    check_settings: crate::profile::check_settings::<LeverSettings>,
    status_urls: |section| {
        let region = section
            .get("region")
            .and_then(|region| region.clone().try_into::<LeverRegion>().ok())
            .unwrap_or_default();
        vec![crate::profile::BaseUrlStatus::of(
            section,
            "api",
            "base_url",
            region.base_url(),
        )]
    },
};

/// A Lever API key (store) and the account's region (config).
pub const KIND: CredentialKind = CredentialKind::new(&SPEC);

/// Where a Lever account lives; it decides the API host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeverRegion {
    #[default]
    Us,
    Eu,
}

impl LeverRegion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Us => "us",
            Self::Eu => "eu",
        }
    }

    /// The region `--region NAME` names, if any: `us` or `eu`.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Us, Self::Eu].into_iter().find(|region| region.as_str() == name)
    }

    /// `--region`'s value as a region; a usage failure for a name Lever has no region by.
    pub fn from_flag(name: Option<&str>) -> Result<Option<Self>, crate::ats::Failure> {
        name.map(|name| {
            Self::from_name(name).ok_or_else(|| crate::ats::Failure {
                kind: crate::ats::FailureKind::Usage,
                message: format!("--region {name:?}: Lever's regions are us and eu"),
                help: Vec::new(),
            })
        })
        .transpose()
    }

    /// The Data API base URL for accounts in this region.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Us => super::DEFAULT_URL,
            Self::Eu => super::EU_URL,
        }
    }
}

/// Lever in a profile: the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeverSettings {
    pub store: StoreKind,
    #[serde(default)]
    pub region: LeverRegion,
    /// Overrides the region's host (a sandbox, a local fake server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
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

/// `AtsSpec::from_typed` for Lever: a typed key in the shape a resolved one has; the host is
/// the environment's, else its region's.
pub fn from_typed(
    typed: &NewCredential,
    secret_origin: Origin,
    value_origin: Origin,
    env: &dyn Environment,
) -> Credential {
    let region = typed
        .setting("region")
        .and_then(|region| toml::Value::String(region.to_owned()).try_into::<LeverRegion>().ok())
        .unwrap_or_default();
    let region_url = (region != LeverRegion::Us).then(|| Valued::new(region.base_url().to_owned(), value_origin));
    Credential::new(ResolvedLever {
        api_key: typed.secret().clone(),
        origin: secret_origin,
        base_url: env_value(env, ENV_LEVER_URL).or(region_url),
        region: Some(region),
    })
}

/// `AtsSpec::resolve` for Lever.
pub fn resolve(request: &ResolveRequest<'_>) -> Result<Credential, ResolveError> {
    resolve_request(request).map(Credential::new)
}

/// The Lever API key to use: `ATSCTL_LEVER_API_KEY` or `--api-key-stdin`, else the profile's.
pub fn resolve_lever(
    sources: &Sources,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedLever, ResolveError> {
    resolve_request(&ResolveRequest {
        sources,
        env,
        config,
        stores,
        preferred: None,
    })
}

fn resolve_request(request: &ResolveRequest<'_>) -> Result<ResolvedLever, ResolveError> {
    if let Some((api_key, origin)) = kind_secret(request, KIND)? {
        return Ok(ResolvedLever {
            api_key,
            origin,
            base_url: env_value(request.env, ENV_LEVER_URL),
            region: None,
        });
    }
    let Some((name, profile)) = pick_profile(request.sources, request.config)? else {
        return Err(ResolveError::not_found(request, ATS, &[KIND], None));
    };
    let Some(settings) = profile.settings::<LeverSettings>(KIND)? else {
        return Err(ResolveError::not_found(request, ATS, &[KIND], Some(name)));
    };
    let api_key = read_secret(request.stores, &name, KIND, settings.store)?;
    let region_url = (settings.region != LeverRegion::Us).then(|| settings.region.base_url().to_owned());
    let base_url = env_value(request.env, ENV_LEVER_URL)
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

/// What code that does not know Lever sees of a resolved Lever key.
impl crate::ats::ResolvedCredential for ResolvedLever {
    fn ats(&self) -> Ats {
        ATS
    }

    fn describe(&self) -> String {
        format!("Lever API key {}", self.origin.phrase())
    }

    fn secret_origin(&self) -> &crate::profile::Origin {
        &self.origin
    }

    fn clone_boxed(&self) -> Box<dyn crate::ats::ResolvedCredential> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{MemoryStores, NewCredential, login};

    struct Fixture {
        _dir: tempfile::TempDir,
        config: ProfileStore,
        stores: MemoryStores,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        Fixture {
            config: ProfileStore::new(dir.path().join("profiles.toml")),
            _dir: dir,
            stores: MemoryStores::new(),
        }
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn lever_regions_choose_the_host() {
        let f = fixture();
        let credential = NewCredential::new(KIND, Secret::new("lever-key")).with("region", Some("eu".into()));
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

    #[test]
    fn a_typed_key_goes_to_its_region_unless_the_environment_names_a_host() {
        let typed = NewCredential::new(KIND, Secret::new("lever-key")).with("region", Some("eu".into()));
        let typed_here = Origin::Stdin("typed at the prompt");
        let credential = from_typed(&typed, typed_here.clone(), typed_here.clone(), &env(&[]));
        let resolved = credential.get::<ResolvedLever>().unwrap();
        assert_eq!(
            resolved.base_url.as_ref().map(|url| url.value.as_str()),
            Some("https://api.eu.lever.co/v1")
        );
        assert_eq!(resolved.region, Some(LeverRegion::Eu));
        let vars = env(&[("ATSCTL_LEVER_URL", "http://127.0.0.1:9000/v1")]);
        let credential = from_typed(&typed, typed_here.clone(), typed_here, &vars);
        let resolved = credential.get::<ResolvedLever>().unwrap();
        assert_eq!(
            resolved.base_url.as_ref().unwrap().origin,
            Origin::Env("ATSCTL_LEVER_URL")
        );
    }

    #[test]
    fn regions_map_to_their_hosts() {
        assert_eq!(LeverRegion::default(), LeverRegion::Us);
        assert_eq!(LeverRegion::Eu.base_url(), "https://api.eu.lever.co/v1");
        assert_eq!(LeverRegion::Us.base_url(), "https://api.lever.co/v1");
    }
}
