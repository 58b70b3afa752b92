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
use atsctl::ats::StoredCredentialCheck;
use atsctl::http;
use atsctl::profile::{ProfileStatus, ProfileStore, SecretState, SecretStores};
use tokio::sync::mpsc::unbounded_channel;

use super::{CliError, Output};

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
            let sender = sender.clone();
            let events: http::EventHook = Arc::new(move |event| {
                let _ = sender.send(event);
            });
            match StoredCredentialCheck::prepare(&status.name, credential.kind, config, stores, timeout, events) {
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

fn show(event: &http::Event, verbose: u8, output: &mut Output) {
    if verbose > 0 {
        output.status(&super::http_trace::http_line(event, verbose));
    }
}
