//! Whether Lever takes an API key at all, from one `GET /stages?limit=1`, which changes nothing.
//! `auth status --check` uses it; `validate --ats lever` goes on to stages and webhooks.

use super::LeverOptions;
use super::{ErrorKind, LeverClient, LeverError};
use crate::acceptance::Acceptance;
use crate::ats::acceptance::{PendingAcceptance, StoredCredential, unusable};

/// Asks Lever whether it accepts the client's key. Messages never hold the key.
pub async fn verify_accepted(client: &LeverClient) -> Acceptance {
    acceptance(client.probe_stages().await)
}

/// Prepares `auth status --check` of a stored Lever API key.
pub(crate) fn check_stored(stored: &StoredCredential<'_>) -> Result<PendingAcceptance, Acceptance> {
    let resolved = super::credential::resolve_lever(
        &stored.sources(),
        &StoredCredential::no_environment,
        stored.config,
        stored.stores,
    )
    .map_err(|error| unusable(&error))?;
    let url = super::resolve_url(resolved.base_url.as_ref(), None).map_err(|error| unusable(&error))?;
    let options = LeverOptions {
        budget: stored.timeout,
        events: Some(stored.events.clone()),
        ..LeverOptions::default()
    };
    let client = LeverClient::new(url.url, resolved.api_key, &options).map_err(|error| unusable(&error))?;
    Ok(Box::pin(async move { verify_accepted(&client).await }))
}

fn acceptance(result: Result<(), LeverError>) -> Acceptance {
    match result {
        Ok(()) => Acceptance::accepted(),
        Err(error) => match error.kind {
            ErrorKind::Rejected => Acceptance::Rejected { reason: error.message },
            // 403: Lever knows the key; it only may not read stages.
            ErrorKind::NoAccess => Acceptance::Accepted {
                notes: vec![format!("{}; the key itself works", error.message)],
            },
            ErrorKind::Unreachable | ErrorKind::Usage | ErrorKind::Refused => {
                Acceptance::Unreachable { reason: error.message }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_kind_maps_to_one_state() {
        assert_eq!(acceptance(Ok(())), Acceptance::accepted());
        let error = |kind| Err(LeverError::new(kind, "said"));
        assert_eq!(
            acceptance(error(ErrorKind::Rejected)),
            Acceptance::Rejected { reason: "said".into() }
        );
        assert_eq!(
            acceptance(error(ErrorKind::NoAccess)),
            Acceptance::Accepted {
                notes: vec!["said; the key itself works".into()]
            }
        );
        for kind in [ErrorKind::Unreachable, ErrorKind::Usage, ErrorKind::Refused] {
            assert_eq!(
                acceptance(error(kind)),
                Acceptance::Unreachable { reason: "said".into() }
            );
        }
    }
}
