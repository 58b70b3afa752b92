//! `auth status --check`: ask each ATS whether it accepts each stored credential shown, with one
//! request that changes nothing (Greenhouse v3: a token request; v1: `GET /v1/users?per_page=1`;
//! Lever: `GET /stages?limit=1`).
//!
//! Every secret is read from its store first, before any async runtime exists (the Secret
//! Service store runs a runtime of its own); then the requests go out together.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use atsctl::acceptance::Acceptance;
use atsctl::greenhouse::{self, CheckEvent, CheckOptions, Credential};
use atsctl::http;
use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::profile::{
    self, CredentialKind, GreenhouseApi, ProfileStatus, ProfileStore, SecretState, SecretStores, Sources,
};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::{CliError, Output};

/// A credential ready to be asked about.
enum Target {
    Greenhouse(Credential, Box<CheckOptions>),
    Lever(LeverClient),
}

impl Target {
    async fn verify(self) -> Acceptance {
        match self {
            Self::Greenhouse(credential, options) => greenhouse::verify_accepted(&credential, &options).await,
            Self::Lever(client) => lever::verify_accepted(&client).await,
        }
    }
}

/// Sets `check` on every credential whose secret is in its store; the others stay unchecked
/// (their secret state already says why). Requests are shown on stderr with `-v`. All checks
/// run at once, each within `timeout`.
pub(crate) fn check_all(
    profiles: &mut [ProfileStatus],
    config: &ProfileStore,
    stores: &dyn SecretStores,
    timeout: Duration,
    verbose: u8,
    output: &mut Output,
) -> Result<(), CliError> {
    let (sender, mut events) = unbounded_channel::<http::Event>();
    // Where each answer goes (profile, credential), and what it is.
    let mut answers: Vec<((usize, usize), Acceptance)> = Vec::new();
    let mut prepared = Vec::new();
    for (at_profile, status) in profiles.iter().enumerate() {
        for (at_credential, credential) in status.credentials.iter().enumerate() {
            if credential.secret != SecretState::Stored {
                continue;
            }
            let place = (at_profile, at_credential);
            match prepare(&status.name, credential.kind, config, stores, timeout, &sender) {
                Ok(target) => prepared.push((place, target)),
                Err(acceptance) => answers.push((place, acceptance)),
            }
        }
    }
    drop(sender);
    let runtime = super::runtime::start(super::runtime::Threads::One)?;
    // Every check keeps inside `timeout` on its own; the backstop ends the lot should anything
    // else wait.
    runtime.block_on(super::runtime::within_time_limit(timeout, async {
        let mut tasks = tokio::task::JoinSet::new();
        let mut places = HashMap::new();
        for (place, target) in prepared {
            let handle = tasks.spawn(target.verify());
            places.insert(handle.id(), place);
        }
        loop {
            tokio::select! {
                biased;
                Some(event) = events.recv() => show(&event, verbose, output),
                joined = tasks.join_next_with_id() => {
                    let Some(joined) = joined else { break };
                    let (id, acceptance) = joined.unwrap_or_else(|error| {
                        let reason = format!("the check failed: {error}");
                        (error.id(), Acceptance::Unreachable { reason })
                    });
                    if let Some(place) = places.get(&id) {
                        answers.push((*place, acceptance));
                    }
                }
            }
        }
        while let Ok(event) = events.try_recv() {
            show(&event, verbose, output);
        }
    }))?;
    for ((at_profile, at_credential), acceptance) in answers {
        if let Some(credential) = profiles
            .get_mut(at_profile)
            .and_then(|status| status.credentials.get_mut(at_credential))
        {
            credential.check = Some(acceptance);
        }
    }
    Ok(())
}

/// Reads the credential of `kind` from profile `name`, as stored: the `ATSCTL_*` variables that
/// would replace it in other commands are not read, since the check is of what `status` shows.
fn prepare(
    name: &str,
    kind: CredentialKind,
    config: &ProfileStore,
    stores: &dyn SecretStores,
    timeout: Duration,
    events: &UnboundedSender<http::Event>,
) -> Result<Target, Acceptance> {
    let sources = Sources {
        profile: Some(name.to_owned()),
        ..Sources::default()
    };
    let no_environment = |_: &str| None::<String>;
    let sender = events.clone();
    match kind {
        CredentialKind::GreenhouseV3 | CredentialKind::GreenhouseV1 => {
            let api = if kind == CredentialKind::GreenhouseV3 {
                GreenhouseApi::V3
            } else {
                GreenhouseApi::V1
            };
            let resolved = profile::resolve_greenhouse(&sources, Some(api), &no_environment, config, stores)
                .map_err(|error| unusable(&error))?;
            let mut options = CheckOptions::for_resolved(&resolved).map_err(|error| unusable(&error))?;
            options.budget = timeout;
            options.events = Some(Arc::new(move |event| {
                if let CheckEvent::Http(event) = event {
                    let _ = sender.send(event);
                }
            }));
            Ok(Target::Greenhouse(
                Credential::from(resolved.credential),
                Box::new(options),
            ))
        }
        CredentialKind::Lever => {
            let resolved =
                profile::resolve_lever(&sources, &no_environment, config, stores).map_err(|error| unusable(&error))?;
            let url = lever::resolve_url(resolved.base_url.as_ref(), None).map_err(|error| unusable(&error))?;
            let options = LeverOptions {
                budget: timeout,
                events: Some(Arc::new(move |event| {
                    let _ = sender.send(event);
                })),
                ..LeverOptions::default()
            };
            LeverClient::new(url.url, resolved.api_key, &options)
                .map(Target::Lever)
                .map_err(|error| unusable(&error))
        }
    }
}

/// A credential that cannot even be asked about (its settings are unusable): no answer either way.
fn unusable(error: &dyn std::fmt::Display) -> Acceptance {
    Acceptance::Unreachable {
        reason: format!("cannot be checked: {error}"),
    }
}

fn show(event: &http::Event, verbose: u8, output: &mut Output) {
    if verbose > 0 {
        output.status(&super::http_trace::http_line(event, verbose));
    }
}
