//! Ashby's credential kind as the profile code and `auth login` see it (an API key), the
//! settings a profile keeps for it, and how a command finds the one to use.

use serde::{Deserialize, Serialize};

use super::seam::ATS;
use crate::ats::{Ats, Credential};
use crate::http::Secret;
use crate::profile::{
    CredentialKind, CredentialKindSpec, Environment, NewCredential, Origin, ProfileStore, ResolveError, ResolveRequest,
    SecretStores, SettingShape, SettingSpec, Sources, StoreKind, Valued, env_value, kind_secret, pick_profile,
    profile_value, read_secret,
};

const SPEC: CredentialKindSpec = CredentialKindSpec {
    name: "ashby",
    ats: Ats::Ashby,
    label: "Ashby",
    secret_name: "Ashby API key",
    secret_env: super::ENV_API_KEY,
    stdin_flag: "--api-key-stdin",
    settings: &[SettingSpec {
        key: "base_url",
        help: "Ashby: store this API URL in the profile instead of https://api.ashbyhq.com (a local fake server; plain http only to a loopback host)",
        what: "Ashby API URL",
        env: Some(super::ENV_URL),
        flag: "--ashby-url",
        value_name: "URL",
        flag_reads_env: false,
        prompt: None,
        shape: SettingShape::Url,
        not_asked_when: None,
    }],
    env_help: "set ATSCTL_ASHBY_API_KEY (or pipe the key with --api-key-stdin)",
    api: None,
    secret_label: "the Ashby API key",
    setup_intro: || {
        format!(
            "An Ashby API key ({}) with the module permissions above, and API Keys write to create the webhooks.\n",
            super::manifest::API_KEYS_PLACE
        )
    },
    setup_shows_connection: false,
    describe_typed: |_| "Ashby API key, typed".to_owned(),
    check_settings: crate::profile::check_settings::<AshbySettings>,
    status_urls: |section| {
        vec![crate::profile::BaseUrlStatus::of(
            section,
            "api",
            "base_url",
            super::DEFAULT_URL,
        )]
    },
};

/// An Ashby API key (store).
pub const KIND: CredentialKind = CredentialKind::new(&SPEC);

/// Ashby in a profile: the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AshbySettings {
    pub store: StoreKind,
    /// Overrides `https://api.ashbyhq.com` (a local fake server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// The Ashby API key to use and where it came from.
#[derive(Debug, Clone)]
pub struct ResolvedAshby {
    pub api_key: Secret,
    pub origin: Origin,
    /// `ATSCTL_ASHBY_URL` or the profile's override; `None`: Ashby's own host.
    pub base_url: Option<Valued<String>>,
}

/// `AtsSpec::from_typed` for Ashby: a typed key in the shape a resolved one has; the host is
/// the environment's.
pub fn from_typed(typed: &NewCredential, secret_origin: Origin, _: Origin, env: &dyn Environment) -> Credential {
    Credential::new(ResolvedAshby {
        api_key: typed.secret().clone(),
        origin: secret_origin,
        base_url: env_value(env, super::ENV_URL),
    })
}

/// `AtsSpec::resolve` for Ashby.
pub fn resolve(request: &ResolveRequest<'_>) -> Result<Credential, ResolveError> {
    resolve_request(request).map(Credential::new)
}

/// The Ashby API key to use: `ATSCTL_ASHBY_API_KEY` or `--api-key-stdin`, else the profile's.
pub fn resolve_ashby(
    sources: &Sources,
    env: &dyn Environment,
    config: &ProfileStore,
    stores: &dyn SecretStores,
) -> Result<ResolvedAshby, ResolveError> {
    resolve_request(&ResolveRequest {
        sources,
        env,
        config,
        stores,
        preferred: None,
    })
}

fn resolve_request(request: &ResolveRequest<'_>) -> Result<ResolvedAshby, ResolveError> {
    if let Some((api_key, origin)) = kind_secret(request, KIND)? {
        return Ok(ResolvedAshby {
            api_key,
            origin,
            base_url: env_value(request.env, super::ENV_URL),
        });
    }
    let Some((name, profile)) = pick_profile(request.sources, request.config)? else {
        return Err(ResolveError::not_found(request, ATS, &[KIND], None));
    };
    let Some(settings) = profile.settings::<AshbySettings>(KIND)? else {
        return Err(ResolveError::not_found(request, ATS, &[KIND], Some(name)));
    };
    let api_key = read_secret(request.stores, &name, KIND, settings.store)?;
    let base_url = env_value(request.env, super::ENV_URL).or_else(|| profile_value(settings.base_url.as_ref(), &name));
    Ok(ResolvedAshby {
        api_key,
        origin: Origin::Keyring {
            profile: name,
            store: settings.store,
        },
        base_url,
    })
}

/// What code that does not know Ashby sees of a resolved Ashby key.
impl crate::ats::ResolvedCredential for ResolvedAshby {
    fn ats(&self) -> Ats {
        ATS
    }

    fn describe(&self) -> String {
        format!("Ashby API key {}", self.origin.phrase())
    }

    fn secret_origin(&self) -> &crate::profile::Origin {
        &self.origin
    }

    fn clone_boxed(&self) -> Box<dyn crate::ats::ResolvedCredential> {
        Box::new(self.clone())
    }
}
