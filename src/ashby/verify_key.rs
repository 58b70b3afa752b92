//! Whether Ashby takes an API key at all, from one `apiKey.info`, a safe probe that changes
//! nothing. `auth status --check` uses it; `validate` goes on to every needed permission.

use super::AshbyOptions;
use super::client::{AshbyClient, ProbeOutcome};
use super::{AshbyError, ErrorKind};
use crate::acceptance::Acceptance;
use crate::ats::acceptance::{PendingAcceptance, StoredCredential, unusable};
use crate::catalog::ashby::AshbyCatalog;

/// Asks Ashby whether it accepts the client's key. Messages never hold the key.
pub async fn verify_accepted(client: &AshbyClient) -> Acceptance {
    acceptance(client.probe(AshbyCatalog::bundled().api_key_info()).await)
}

/// Prepares `auth status --check` of a stored Ashby API key.
pub(crate) fn check_stored(stored: &StoredCredential<'_>) -> Result<PendingAcceptance, Acceptance> {
    let resolved = super::credential::resolve_ashby(
        &stored.sources(),
        &StoredCredential::no_environment,
        stored.config,
        stored.stores,
    )
    .map_err(|error| unusable(&error))?;
    let url = super::resolve_url(resolved.base_url.as_ref()).map_err(|error| unusable(&error))?;
    let options = AshbyOptions {
        timeout: stored.timeout,
        events: Some(stored.events.clone()),
        ..AshbyOptions::default()
    };
    let client = AshbyClient::new(url.url, resolved.api_key, &options).map_err(|error| unusable(&error))?;
    Ok(Box::pin(async move { verify_accepted(&client).await }))
}

fn acceptance(result: Result<ProbeOutcome, AshbyError>) -> Acceptance {
    match result {
        Ok(ProbeOutcome::Granted(_)) => Acceptance::accepted(),
        // 403 `missing_endpoint_permission`: Ashby knows the key; it only may not read itself.
        Ok(ProbeOutcome::Missing { said }) => Acceptance::Accepted {
            notes: vec![format!("the key lacks API Keys: Read ({said}); the key itself works")],
        },
        Ok(ProbeOutcome::Failed { said }) => Acceptance::Accepted {
            notes: vec![format!("apiKey.info answered {said}")],
        },
        Err(error) => match error.kind {
            ErrorKind::Rejected => Acceptance::Rejected { reason: error.message },
            ErrorKind::NoAccess | ErrorKind::Refused | ErrorKind::Unreachable | ErrorKind::Usage => {
                Acceptance::Unreachable { reason: error.message }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_maps_to_one_state() {
        assert_eq!(
            acceptance(Ok(ProbeOutcome::Granted(serde_json::Value::Null))),
            Acceptance::accepted()
        );
        assert!(matches!(
            acceptance(Ok(ProbeOutcome::Missing { said: "missing_endpoint_permission".into() })),
            Acceptance::Accepted { notes } if notes[0].contains("lacks API Keys: Read")
        ));
        assert_eq!(
            acceptance(Err(AshbyError::new(ErrorKind::Rejected, "wrong key"))),
            Acceptance::Rejected {
                reason: "wrong key".into()
            }
        );
        assert_eq!(
            acceptance(Err(AshbyError::new(ErrorKind::Unreachable, "refused"))),
            Acceptance::Unreachable {
                reason: "refused".into()
            }
        );
    }
}
