//! What a Harvest answer means, by status and body: pure functions over a response, tested on
//! the bodies the reference README quotes.

use crate::http::Response;

/// The v1 message for a key without the endpoint's permission. The docs' wording leaves room
/// for 401 as well as 403, so it is matched on either (reference README, "v1/v2").
const NO_PERMISSION: &str = "does not have permission";
/// The v1 message for an unknown or revoked key.
const INVALID_KEY: &str = "invalid basic auth credentials";

/// What kind of v1 endpoint a probe hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum V1ProbeKind {
    /// A documented list path (`/v1/jobs?per_page=1`).
    List,
    /// A path with a record id in it.
    Record,
}

/// The meaning of one v1 probe's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum V1Outcome {
    /// 200 with JSON; for lists, the id of the first record when there is one.
    Granted { first_id: Option<String> },
    /// The permission message.
    Missing { note: Option<String> },
    /// 404 on a record path: the permission check passed, the record does not exist.
    RecordNotFound,
    /// The key itself was refused.
    Rejected { message: String },
    /// Answered like an API that no longer exists (404/410 on a list, HTML, a redirect).
    RetiredLooking { reason: String },
    /// Anything else; the reason says what came back.
    Unexpected { reason: String },
}

pub(super) fn v1(response: &Response, kind: V1ProbeKind) -> V1Outcome {
    let message = response.error_message().unwrap_or_default();
    let lower = message.to_ascii_lowercase();
    match response.status {
        401 | 403 if lower.contains(NO_PERMISSION) => V1Outcome::Missing { note: None },
        401 if lower.contains(INVALID_KEY) => V1Outcome::Rejected { message },
        401 => V1Outcome::Rejected {
            message: if message.is_empty() {
                "401 Unauthorized".to_owned()
            } else {
                message
            },
        },
        403 => V1Outcome::Missing {
            note: Some(format!(
                "403 without Greenhouse's permission message: {}",
                response.excerpt(120)
            )),
        },
        status if (300..400).contains(&status) => V1Outcome::RetiredLooking {
            reason: format!(
                "answered {status} redirecting to {} (not followed: credentials stay on the configured host)",
                response.location().as_deref().unwrap_or("nowhere")
            ),
        },
        _ if response.is_html() => V1Outcome::RetiredLooking {
            reason: format!("answered {} with an HTML page, not JSON", response.status),
        },
        410 => V1Outcome::RetiredLooking {
            reason: "answered 410 Gone".to_owned(),
        },
        404 => match kind {
            V1ProbeKind::List => V1Outcome::RetiredLooking {
                reason: "answered 404 on a documented v1 list path".to_owned(),
            },
            V1ProbeKind::Record => V1Outcome::RecordNotFound,
        },
        200..=299 => match response.json_value() {
            Some(value) => V1Outcome::Granted {
                first_id: first_id(&value),
            },
            None if response.truncated => V1Outcome::Unexpected {
                reason: format!("answered {} with {}", response.status, response.unreadable_body()),
            },
            None => V1Outcome::RetiredLooking {
                reason: format!("answered {} with a body that is not JSON", response.status),
            },
        },
        status => V1Outcome::Unexpected {
            reason: format!("unexpected answer {status}: {}", response.excerpt(120)),
        },
    }
}

/// The meaning of one `GET /v3/<resource>?per_page=1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum V3Outcome {
    /// 200; `items` is the number of records on the page when the body is a list.
    Granted {
        items: Option<usize>,
        first: Option<serde_json::Value>,
    },
    /// 403: the token lacks the scope.
    Missing,
    /// 401: the token itself was refused.
    Rejected {
        message: String,
    },
    Unexpected {
        reason: String,
    },
}

pub(super) fn v3(response: &Response) -> V3Outcome {
    match response.status {
        200..=299 => match response.json_value() {
            Some(value) => {
                let list = list_items(&value);
                V3Outcome::Granted {
                    items: list.map(<[serde_json::Value]>::len),
                    first: list.and_then(|items| items.first().cloned()),
                }
            }
            None => V3Outcome::Unexpected {
                reason: format!("answered {} with {}", response.status, response.unreadable_body()),
            },
        },
        403 => V3Outcome::Missing,
        401 => V3Outcome::Rejected {
            message: response
                .error_message()
                .unwrap_or_else(|| "401 Unauthorized".to_owned()),
        },
        // v3 routes before it authenticates (reference README, "v3"), so 404 means the path
        // itself is unknown to this server, not that the scope is missing.
        404 => V3Outcome::Unexpected {
            reason: "answered 404: this server has no such v3 path".to_owned(),
        },
        status if (300..400).contains(&status) => V3Outcome::Unexpected {
            reason: format!(
                "answered {status} redirecting to {} (not followed)",
                response.location().as_deref().unwrap_or("nowhere")
            ),
        },
        status => V3Outcome::Unexpected {
            reason: format!("unexpected answer {status}: {}", response.excerpt(120)),
        },
    }
}

/// The records of a list answer: a bare array (Harvest's lists), or the first array-valued
/// field of an object, in case a list comes wrapped.
fn list_items(value: &serde_json::Value) -> Option<&[serde_json::Value]> {
    match value {
        serde_json::Value::Array(items) => Some(items),
        serde_json::Value::Object(fields) => fields.values().find_map(|field| field.as_array().map(Vec::as_slice)),
        _ => None,
    }
}

/// The `id` of the first record of a list answer, as text.
fn first_id(value: &serde_json::Value) -> Option<String> {
    let first = list_items(value)?.first()?;
    match first.get("id")? {
        serde_json::Value::Number(number) => Some(number.to_string()),
        serde_json::Value::String(text)
            if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            Some(text.clone())
        }
        _ => None,
    }
}

/// Whether an introspection `user_role` names a Site Admin (`site_admin`, `Site Admin`, ...).
pub(super) fn is_site_admin_role(role: &str) -> bool {
    let normalized: String = role
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    normalized == "siteadmin"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, content_type: &str, body: &str) -> Response {
        Response::for_test(status, content_type, body)
    }

    fn json(status: u16, body: &str) -> Response {
        response(status, "application/json; charset=utf-8", body)
    }

    #[test]
    fn v1_permission_message_on_403_or_401_is_missing() {
        let body = r#"{"message":"This API Key does not have permission for this endpoint"}"#;
        assert_eq!(
            v1(&json(403, body), V1ProbeKind::List),
            V1Outcome::Missing { note: None }
        );
        assert_eq!(
            v1(&json(401, body), V1ProbeKind::Record),
            V1Outcome::Missing { note: None }
        );
    }

    #[test]
    fn v1_invalid_key_is_rejected() {
        let outcome = v1(
            &json(401, r#"{"message":"Invalid Basic Auth credentials"}"#),
            V1ProbeKind::List,
        );
        assert_eq!(
            outcome,
            V1Outcome::Rejected {
                message: "Invalid Basic Auth credentials".to_owned()
            }
        );
    }

    #[test]
    fn v1_lists_give_their_first_id() {
        assert_eq!(
            v1(&json(200, r#"[{"id": 4045, "name": "x"}]"#), V1ProbeKind::List),
            V1Outcome::Granted {
                first_id: Some("4045".to_owned())
            }
        );
        assert_eq!(
            v1(&json(200, "[]"), V1ProbeKind::List),
            V1Outcome::Granted { first_id: None }
        );
        assert_eq!(
            v1(&json(200, r#"[{"id": "../../x"}]"#), V1ProbeKind::List),
            V1Outcome::Granted { first_id: None },
            "ids go into paths"
        );
    }

    #[test]
    fn v1_404_depends_on_the_path() {
        let body = r#"{"message":"Resource not found"}"#;
        assert_eq!(v1(&json(404, body), V1ProbeKind::Record), V1Outcome::RecordNotFound);
        assert!(matches!(
            v1(&json(404, body), V1ProbeKind::List),
            V1Outcome::RetiredLooking { .. }
        ));
    }

    #[test]
    fn v1_retired_shapes() {
        assert!(matches!(
            v1(&json(410, "{}"), V1ProbeKind::Record),
            V1Outcome::RetiredLooking { .. }
        ));
        assert!(matches!(
            v1(
                &response(200, "text/html", "<html><body>Moved</body></html>"),
                V1ProbeKind::List
            ),
            V1Outcome::RetiredLooking { .. }
        ));
        assert!(matches!(
            v1(
                &response(404, "text/plain", "<!DOCTYPE html><html>"),
                V1ProbeKind::Record
            ),
            V1Outcome::RetiredLooking { .. }
        ));
        assert!(matches!(
            v1(&response(200, "text/plain", "ok"), V1ProbeKind::List),
            V1Outcome::RetiredLooking { .. }
        ));
        let mut redirect = json(301, "");
        redirect.headers.insert(
            "location",
            reqwest::header::HeaderValue::from_static("https://developers.greenhouse.io/"),
        );
        assert!(
            matches!(v1(&redirect, V1ProbeKind::List), V1Outcome::RetiredLooking { reason } if reason.contains("developers.greenhouse.io"))
        );
    }

    #[test]
    fn v1_other_statuses_are_unexpected() {
        assert!(matches!(
            v1(&json(422, r#"{"message":"Validation error"}"#), V1ProbeKind::List),
            V1Outcome::Unexpected { .. }
        ));
    }

    #[test]
    fn v3_outcomes() {
        assert_eq!(
            v3(&json(200, "[]")),
            V3Outcome::Granted {
                items: Some(0),
                first: None
            }
        );
        assert!(matches!(
            v3(&json(200, r#"[{"id":1}]"#)),
            V3Outcome::Granted {
                items: Some(1),
                first: Some(_)
            }
        ));
        assert_eq!(v3(&json(403, r#"{"message":"Forbidden"}"#)), V3Outcome::Missing);
        assert!(matches!(
            v3(&json(401, r#"{"message":"Unauthorized","errors":[]}"#)),
            V3Outcome::Rejected { .. }
        ));
        assert!(matches!(v3(&json(404, "{}")), V3Outcome::Unexpected { .. }));
        assert!(matches!(
            v3(&response(200, "text/html", "<html>")),
            V3Outcome::Unexpected { .. }
        ));
    }

    #[test]
    fn site_admin_spellings() {
        for yes in ["site_admin", "Site Admin", "SITE-ADMIN", "SiteAdmin"] {
            assert!(is_site_admin_role(yes), "{yes}");
        }
        for no in ["basic", "job_admin", "interviewer", "", "site_admin_limited"] {
            assert!(!is_site_admin_role(no), "{no}");
        }
    }
}
