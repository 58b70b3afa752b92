//! `auth status --check`: whether an ATS accepts a stored credential at all, asked with one
//! request that changes nothing. Each ATS's folder knows how to ask (its spec's
//! `check_stored`); this reaches it through the registry.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::acceptance::Acceptance;
use crate::http::EventHook;
use crate::profile::{CredentialKind, ProfileStore, SecretStores, Sources};

/// The answer an ATS's folder will give once asked, its client already built.
pub type PendingAcceptance = Pin<Box<dyn Future<Output = Acceptance> + Send>>;

/// A stored credential to ask about, with what asking needs.
pub struct StoredCredential<'a> {
    /// The profile it is stored in.
    pub profile: &'a str,
    pub kind: CredentialKind,
    pub config: &'a ProfileStore,
    pub stores: &'a dyn SecretStores,
    /// The time limit of the whole check.
    pub timeout: Duration,
    pub events: EventHook,
}

impl StoredCredential<'_> {
    /// Where to read the credential: the profile alone, since the check is of what
    /// `auth status` shows.
    pub fn sources(&self) -> Sources {
        Sources {
            profile: Some(self.profile.to_owned()),
            ..Sources::default()
        }
    }

    /// The environment as a resolver sees it here: empty, so the `ATSCTL_*` variables that
    /// would replace the stored credential in other commands are not read.
    pub fn no_environment(_: &str) -> Option<String> {
        None
    }
}

/// A stored credential with its client, ready to be asked about.
pub struct StoredCredentialCheck(PendingAcceptance);

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
        let stored = StoredCredential {
            profile: name,
            kind,
            config,
            stores,
            timeout,
            events,
        };
        (kind.ats().spec().check_stored)(&stored).map(Self)
    }

    /// Asks the ATS, within the time limit given to [`Self::prepare`].
    pub async fn verify(self) -> Acceptance {
        self.0.await
    }
}

/// A credential that cannot even be asked about (its settings are unusable): no answer either way.
pub fn unusable(error: &dyn std::fmt::Display) -> Acceptance {
    Acceptance::Unreachable {
        reason: format!("cannot be checked: {error}"),
    }
}
