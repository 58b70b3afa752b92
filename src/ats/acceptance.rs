//! `auth status --check`: whether an ATS accepts a stored credential at all, asked with one
//! request that changes nothing. Each ATS's folder knows how to ask; this dispatches.

use std::time::Duration;

use crate::acceptance::Acceptance;
use crate::ashby::{self, AshbyClient, AshbyOptions};
use crate::greenhouse::{self, CheckEvent, CheckOptions, Credential};
use crate::http::EventHook;
use crate::lever::{self, LeverClient, LeverOptions};
use crate::profile::{self, CredentialKind, GreenhouseApi, ProfileStore, SecretStores, Sources};

use super::Ats;

/// A stored credential with its client, ready to be asked about.
pub struct StoredCredentialCheck(Target);

enum Target {
    Greenhouse(Credential, Box<CheckOptions>),
    Lever(LeverClient),
    Ashby(AshbyClient),
}

impl StoredCredentialCheck {
    /// Reads the credential of `kind` from profile `name`, as stored: the `ATSCTL_*` variables
    /// that would replace it in other commands are not read, since the check is of what
    /// `auth status` shows. A credential whose settings are unusable gets its answer at once.
    pub fn prepare(
        name: &str,
        kind: CredentialKind,
        config: &ProfileStore,
        stores: &dyn SecretStores,
        timeout: Duration,
        events: EventHook,
    ) -> Result<Self, Acceptance> {
        let sources = Sources {
            profile: Some(name.to_owned()),
            ..Sources::default()
        };
        let no_environment = |_: &str| None::<String>;
        let target = match kind.ats() {
            Ats::Greenhouse => {
                let api = if kind == CredentialKind::GreenhouseV3 {
                    GreenhouseApi::V3
                } else {
                    GreenhouseApi::V1
                };
                let resolved = profile::resolve_greenhouse(&sources, Some(api), &no_environment, config, stores)
                    .map_err(|error| unusable(&error))?;
                let mut options = CheckOptions::for_resolved(&resolved).map_err(|error| unusable(&error))?;
                options.budget = timeout;
                options.events = Some(std::sync::Arc::new(move |event| {
                    if let CheckEvent::Http(event) = event {
                        events(event);
                    }
                }));
                Target::Greenhouse(Credential::from(resolved.credential), Box::new(options))
            }
            Ats::Lever => {
                let resolved = profile::resolve_lever(&sources, &no_environment, config, stores)
                    .map_err(|error| unusable(&error))?;
                let url = lever::resolve_url(resolved.base_url.as_ref(), None).map_err(|error| unusable(&error))?;
                let options = LeverOptions {
                    budget: timeout,
                    events: Some(events),
                    ..LeverOptions::default()
                };
                LeverClient::new(url.url, resolved.api_key, &options)
                    .map(Target::Lever)
                    .map_err(|error| unusable(&error))?
            }
            Ats::Ashby => {
                let resolved = profile::resolve_ashby(&sources, &no_environment, config, stores)
                    .map_err(|error| unusable(&error))?;
                let url = ashby::resolve_url(resolved.base_url.as_ref()).map_err(|error| unusable(&error))?;
                let options = AshbyOptions {
                    timeout,
                    events: Some(events),
                    ..AshbyOptions::default()
                };
                AshbyClient::new(url.url, resolved.api_key, &options)
                    .map(Target::Ashby)
                    .map_err(|error| unusable(&error))?
            }
        };
        Ok(Self(target))
    }

    /// Asks the ATS, within the time limit given to [`Self::prepare`].
    pub async fn verify(self) -> Acceptance {
        match self.0 {
            Target::Greenhouse(credential, options) => greenhouse::verify_accepted(&credential, &options).await,
            Target::Lever(client) => lever::verify_accepted(&client).await,
            Target::Ashby(client) => ashby::verify_accepted(&client).await,
        }
    }
}

/// A credential that cannot even be asked about (its settings are unusable): no answer either way.
fn unusable(error: &dyn std::fmt::Display) -> Acceptance {
    Acceptance::Unreachable {
        reason: format!("cannot be checked: {error}"),
    }
}
