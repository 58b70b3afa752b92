//! Whether Greenhouse takes a credential at all, from one request that changes nothing: a token
//! request for Harvest v3 clients, `GET /v1/users?per_page=1` for v1 keys. `auth status --check`
//! uses it; `validate` goes on to what the credential grants with [`super::check_credential`].

use std::time::Duration;

use super::classify::{self, V1Outcome, V1ProbeKind};
use super::credential::GreenhouseApi;
use super::{
    CheckError, CheckErrorKind, CheckEvent, CheckOptions, Credential, V1Key, V3Authorization, V3Credentials,
    http_client, v3,
};
use crate::acceptance::Acceptance;
use crate::ats::acceptance::{PendingAcceptance, StoredCredential, unusable};
use crate::http::{Auth, Pacer, PacerConfig, Request, Response};
use crate::plan::HARVEST_V1_RETIRED;
use crate::redact::redact;

/// The v1 list asked for: every account has users, and the answer is small with `per_page=1`.
const V1_PATH: &str = "/v1/users";
/// The permission that list needs (the catalog's label).
const V1_PERMISSION: &str = "GET: List Users";

/// Asks Greenhouse whether it accepts `credential`, on the hosts in `options` (only its
/// `timeout`, `budget` and `events` matter besides the URLs). Messages never hold the
/// credential's secret.
pub async fn verify_accepted(credential: &Credential, options: &CheckOptions) -> Acceptance {
    let acceptance = match credential {
        Credential::V3(v3) => verify_v3(v3, options).await,
        Credential::V1(key) => verify_v1(key, options).await,
        Credential::V3Authorization(authorization) => verify_authorization(authorization, options).await,
    };
    match acceptance {
        Acceptance::Accepted { notes } => Acceptance::Accepted {
            notes: notes.iter().map(|note| redact(note)).collect(),
        },
        Acceptance::Rejected { reason } => Acceptance::Rejected {
            reason: redact(&reason),
        },
        Acceptance::Unreachable { reason } => Acceptance::Unreachable {
            reason: redact(&reason),
        },
    }
}

/// Prepares `auth status --check` of a stored Greenhouse credential (v3 client or v1 key).
pub(crate) fn check_stored(stored: &StoredCredential<'_>) -> Result<PendingAcceptance, Acceptance> {
    let api = if stored.kind == super::credential::V3 {
        GreenhouseApi::V3
    } else {
        GreenhouseApi::V1
    };
    let resolved = super::credential::resolve_greenhouse(
        &stored.sources(),
        Some(api),
        &StoredCredential::no_environment,
        stored.config,
        stored.stores,
    )
    .map_err(|error| unusable(&error))?;
    let mut options = CheckOptions::for_resolved(&resolved).map_err(|error| unusable(&error))?;
    options.budget = stored.timeout;
    let events = stored.events.clone();
    options.events = Some(std::sync::Arc::new(move |event| {
        if let CheckEvent::Http(event) = event {
            events(event);
        }
    }));
    let credential = Credential::from(resolved.credential);
    Ok(Box::pin(async move { verify_accepted(&credential, &options).await }))
}

/// A token request: the same one `validate` starts with, so both judge a client alike.
async fn verify_v3(credentials: &V3Credentials, options: &CheckOptions) -> Acceptance {
    let client = match http_client(options) {
        Ok(client) => client,
        Err(error) => return unreachable(&CheckError::from(error)),
    };
    let basic = v3::basic_auth(credentials);
    match v3::request_token(&client, &options.auth_url, credentials, &basic, &v3::auth_pacer()).await {
        Ok(_) => Acceptance::accepted(),
        Err(error) if error.kind == CheckErrorKind::Rejected => Acceptance::Rejected { reason: error.message },
        Err(error) => unreachable(&error),
    }
}

/// Introspection of the customer's token with the partner's client: the one request that says
/// whether the token is live and this partner's.
async fn verify_authorization(authorization: &V3Authorization, options: &CheckOptions) -> Acceptance {
    let client = match http_client(options) {
        Ok(client) => client,
        Err(error) => return unreachable(&CheckError::from(error)),
    };
    match v3::verify_authorization(&client, &options.auth_url, authorization).await {
        Ok(true) => Acceptance::accepted(),
        Ok(false) => Acceptance::Unreachable {
            reason: "token introspection is unavailable, so whether Greenhouse accepts the access token is unknown"
                .to_owned(),
        },
        Err(error) if error.kind == CheckErrorKind::Rejected => Acceptance::Rejected { reason: error.message },
        Err(error) => unreachable(&error),
    }
}

async fn verify_v1(key: &V1Key, options: &CheckOptions) -> Acceptance {
    let client = match http_client(options) {
        Ok(client) => client,
        Err(error) => return unreachable(&CheckError::from(error)),
    };
    // Harvest v1 counts requests per 10-second window (reference README, "v1/v2").
    let pacer = Pacer::new(PacerConfig {
        default_window: Duration::from_secs(10),
        max_in_flight: 1,
        ..PacerConfig::default()
    });
    let request = Request::get(&options.harvest_url, V1_PATH)
        .query("per_page", "1")
        .auth(Auth::Basic {
            user: key.key.clone(),
            password: None,
        });
    match client.send(&pacer, &request).await {
        Ok(response) => v1_acceptance(&response),
        Err(error) => unreachable(&CheckError::from(error)),
    }
}

fn unreachable(error: &CheckError) -> Acceptance {
    Acceptance::Unreachable {
        reason: error.message.clone(),
    }
}

/// What the answer to `GET /v1/users?per_page=1` says about the key.
fn v1_acceptance(response: &Response) -> Acceptance {
    let status = response.status;
    match classify::v1(response, V1ProbeKind::List) {
        V1Outcome::Granted { .. } => Acceptance::accepted(),
        // The permission message comes after Greenhouse has recognised the key.
        V1Outcome::Missing { note } => {
            let said = note
                .or_else(|| response.error_message())
                .map_or_else(String::new, |said| format!(": {said}"));
            Acceptance::Accepted {
                notes: vec![format!(
                    "the key lacks the \"{V1_PERMISSION}\" permission (GET {V1_PATH} answered {status}{said}); the key itself works"
                )],
            }
        }
        V1Outcome::Rejected { message } => Acceptance::Rejected {
            reason: format!("Greenhouse rejected the Harvest API key ({status}: {message})"),
        },
        V1Outcome::RetiredLooking { reason } => Acceptance::Unreachable {
            reason: format!(
                "Harvest v1 looks retired (GET {V1_PATH} {reason}): Greenhouse retired Harvest v1/v2 on {HARVEST_V1_RETIRED}; store Harvest v3 client credentials instead"
            ),
        },
        V1Outcome::Unexpected { reason } => Acceptance::Unreachable {
            reason: format!("GET {V1_PATH}: {reason}"),
        },
        // Only record paths answer this way; a list path never does.
        V1Outcome::RecordNotFound => Acceptance::Unreachable {
            reason: format!("GET {V1_PATH} answered {status}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, content_type: &str, body: &str) -> Response {
        Response::for_test(status, content_type, body)
    }

    fn json(status: u16, body: &str) -> Response {
        response(status, "application/json", body)
    }

    #[test]
    fn v1_answers_read_as_accepted_rejected_or_unreachable() {
        assert_eq!(v1_acceptance(&json(200, r#"[{"id": 1}]"#)), Acceptance::accepted());
        let Acceptance::Accepted { notes } = v1_acceptance(&json(
            403,
            r#"{"message":"This API Key does not have permission for this endpoint"}"#,
        )) else {
            panic!("a key without the permission is still a key Greenhouse knows");
        };
        assert!(
            notes[0].contains("lacks the \"GET: List Users\" permission") && notes[0].contains("403"),
            "{notes:?}"
        );
        assert_eq!(
            v1_acceptance(&json(401, r#"{"message":"Invalid Basic Auth credentials"}"#)),
            Acceptance::Rejected {
                reason: "Greenhouse rejected the Harvest API key (401: Invalid Basic Auth credentials)".into()
            }
        );
        for retired in [
            response(404, "text/html", "<html><body>Not Found</body></html>"),
            json(404, "{}"),
            json(410, "{}"),
        ] {
            let Acceptance::Unreachable { reason } = v1_acceptance(&retired) else {
                panic!("{retired:?}");
            };
            assert!(reason.contains("Harvest v1 looks retired"), "{reason}");
        }
        assert!(matches!(
            v1_acceptance(&json(500, "{}")),
            Acceptance::Unreachable { reason } if reason.contains("500")
        ));
        // Not JSON and not HTML: not the API.
        assert!(matches!(
            v1_acceptance(&response(200, "text/plain", "hello")),
            Acceptance::Unreachable { .. }
        ));
    }
}
