//! The credential `setup` found or was given, whichever ATS it is for.

use atsctl::ats::Credential;
use atsctl::profile::{
    self, Environment as _, GreenhouseCredential, GreenhouseV1Credential, GreenhouseV3Credential, LeverRegion,
    NewCredential, Origin, ProcessEnv, ResolvedAshby, ResolvedGreenhouse, ResolvedLever, StoreKind, Valued,
};

use crate::cli::setup::credential::TYPED;

/// A resolved credential of one ATS.
pub(crate) enum Found {
    Greenhouse(ResolvedGreenhouse),
    Lever(ResolvedLever),
    Ashby(ResolvedAshby),
}

impl Found {
    /// The credential as the library's ATS-neutral [`Credential`], which code that must not
    /// know the ATS holds and passes back to the ATS's folder.
    pub(crate) fn credential(&self) -> Credential {
        match self {
            Self::Greenhouse(resolved) => Credential::new(resolved.clone()),
            Self::Lever(resolved) => Credential::new(resolved.clone()),
            Self::Ashby(resolved) => Credential::new(resolved.clone()),
        }
    }

    /// The credential as messages name it, never with its secret.
    pub(crate) fn describe(&self) -> String {
        self.credential().describe()
    }

    pub(crate) fn secret_origin(&self) -> Origin {
        self.credential().secret_origin().clone()
    }
}

/// What was typed, without the secret, for the summary.
pub(crate) fn typed_description(typed: &NewCredential) -> String {
    match typed {
        NewCredential::GreenhouseV3 { client_id, user_id, .. } => format!(
            "Harvest v3 client {client_id}, typed{}",
            user_id
                .as_deref()
                .map_or_else(|| ", no acting user".to_owned(), |user| format!(", acting user {user}"))
        ),
        NewCredential::GreenhouseV1 { .. } => "Harvest v1 API key, typed".to_owned(),
        NewCredential::Lever { region, .. } => format!("Lever API key, typed (region {})", region.as_str()),
        NewCredential::Ashby { .. } => "Ashby API key, typed".to_owned(),
    }
}

/// `ATSCTL_*_URL` when set: a typed credential goes to the hosts the environment names.
fn env_url(variable: &'static str) -> Option<Valued<String>> {
    ProcessEnv.var(variable).map(|value| Valued {
        value,
        origin: Origin::Env(variable),
    })
}

/// The typed credential in the shape a resolved one has, its origin the profile it was stored
/// in or the prompt.
pub(crate) fn found_from_typed(typed: NewCredential, stored: Option<(String, StoreKind)>) -> Found {
    let (secret_origin, value_origin) = match &stored {
        Some((profile, store)) => (
            Origin::Keyring {
                profile: profile.clone(),
                store: *store,
            },
            Origin::Profile(profile.clone()),
        ),
        None => (Origin::Stdin(TYPED), Origin::Stdin(TYPED)),
    };
    let valued = |value: String| Valued {
        value,
        origin: value_origin.clone(),
    };
    match typed {
        NewCredential::GreenhouseV3 {
            client_id,
            client_secret,
            user_id,
            ..
        } => Found::Greenhouse(ResolvedGreenhouse {
            credential: GreenhouseCredential::V3(GreenhouseV3Credential {
                client_id: valued(client_id),
                client_secret,
                secret_origin,
                user_id: user_id.map(valued),
            }),
            auth_url: env_url(profile::ENV_GREENHOUSE_AUTH_URL),
            harvest_url: env_url(profile::ENV_HARVEST_URL),
        }),
        NewCredential::GreenhouseV1 { api_key, .. } => Found::Greenhouse(ResolvedGreenhouse {
            credential: GreenhouseCredential::V1(GreenhouseV1Credential {
                api_key,
                origin: secret_origin,
            }),
            auth_url: env_url(profile::ENV_GREENHOUSE_AUTH_URL),
            harvest_url: env_url(profile::ENV_HARVEST_URL),
        }),
        NewCredential::Lever { api_key, region, .. } => Found::Lever(ResolvedLever {
            api_key,
            origin: secret_origin,
            base_url: env_url(profile::ENV_LEVER_URL)
                .or_else(|| (region != LeverRegion::Us).then(|| valued(region.base_url().to_owned()))),
            region: Some(region),
        }),
        NewCredential::Ashby { api_key, .. } => Found::Ashby(ResolvedAshby {
            api_key,
            origin: secret_origin,
            base_url: env_url(atsctl::ashby::ENV_URL),
        }),
    }
}

#[cfg(test)]
mod tests {
    use atsctl::http::Secret;

    use super::*;

    #[test]
    fn a_typed_credential_names_its_profile_once_stored_and_never_its_secret() {
        let typed = || NewCredential::GreenhouseV3 {
            client_id: "client-7".into(),
            client_secret: Secret::new("s3cret-value"),
            user_id: Some("101".into()),
            auth_url: None,
            harvest_url: None,
        };
        let memory = found_from_typed(typed(), None);
        assert_eq!(
            memory.describe(),
            "Harvest v3 client client-7 (secret typed at the prompt, acting user 101)"
        );
        let stored = found_from_typed(typed(), Some(("work".into(), StoreKind::KernelKeyring)));
        assert_eq!(
            stored.describe(),
            "Harvest v3 client client-7 (secret from profile work in the Linux kernel keyring, acting user 101)"
        );
        assert!(!typed_description(&typed()).contains("s3cret"));
        let lever = found_from_typed(
            NewCredential::Lever {
                api_key: Secret::new("lever-key-value"),
                region: LeverRegion::Eu,
                base_url: None,
            },
            None,
        );
        let Found::Lever(resolved) = lever else {
            panic!("expected Lever");
        };
        assert_eq!(
            resolved.base_url.map(|url| url.value).as_deref(),
            Some("https://api.eu.lever.co/v1")
        );
    }
}
