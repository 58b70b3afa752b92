//! What an Ashby answer means, by status and body: pure functions over a response, tested on
//! the bodies the reference quotes.
//!
//! Ashby's rules (reference, §2 and §3):
//! - success is `{"success": true, "results": ...}` with HTTP 200;
//! - "what would be 4XX errors will return 200 with `success` being false", with
//!   `errorInfo {code, message, requestId}` and the deprecated `errors` (strings, or
//!   `{message, parameter}` objects in practice) — so `success` decides, not the status;
//! - 401: no key sent; 403: a wrong or deactivated key, or a valid key without the endpoint's
//!   permission, told apart only by `missing_endpoint_permission` somewhere in the body.

use serde_json::Value;

use crate::http::Response;

/// The code Ashby gives a key that lacks an endpoint's permission.
pub(super) const MISSING_PERMISSION: &str = "missing_endpoint_permission";

/// The meaning of one answer.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Answer {
    /// `success: true`; `results` (null when absent).
    Success(Value),
    /// The key lacks the endpoint's permission.
    PermissionMissing { said: String },
    /// The key itself was refused (401, or 403 without the permission code).
    KeyRejected { status: u16, said: String },
    /// `success: false` for any other reason (`invalid_input`, `webhook_not_found`, a duplicate
    /// webhook), whatever the status.
    Failure(Failure),
    /// Not an answer of Ashby's API: a redirect, an HTML page, a 404 or 5xx, JSON without
    /// `success`.
    NotAshby { reason: String },
}

/// An error answer's code and words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Failure {
    /// `errorInfo.code`, else the first string of `errors`.
    pub(super) code: Option<String>,
    /// `errorInfo.message`, else the messages of `errors`.
    pub(super) message: Option<String>,
    /// `errorInfo.requestId`, or the `x-ashby-request-id` header: what Ashby support asks for.
    pub(super) request_id: Option<String>,
    /// Every code and message of the body, lower case, for matching.
    searchable: String,
}

impl Failure {
    pub(super) fn from_body(body: &Value, header_request_id: Option<&str>) -> Self {
        let info = body.get("errorInfo");
        let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
        let mut searchable = Vec::new();
        let mut error_messages = Vec::new();
        let mut first_error_code = None;
        if let Some(errors) = body.get("errors").and_then(Value::as_array) {
            for error in errors {
                match error {
                    Value::String(code) => {
                        searchable.push(code.clone());
                        first_error_code.get_or_insert_with(|| code.clone());
                    }
                    Value::Object(fields) => {
                        for key in ["message", "code", "parameter"] {
                            if let Some(value) = fields.get(key).and_then(Value::as_str) {
                                searchable.push(value.to_owned());
                                if key == "message" {
                                    error_messages.push(value.to_owned());
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let code = text(info.and_then(|info| info.get("code"))).or(first_error_code);
        let message = text(info.and_then(|info| info.get("message")))
            .or_else(|| (!error_messages.is_empty()).then(|| error_messages.join("; ")));
        searchable.extend(code.iter().cloned());
        searchable.extend(message.iter().cloned());
        Self {
            code,
            message,
            request_id: text(info.and_then(|info| info.get("requestId"))).or(header_request_id.map(str::to_owned)),
            searchable: searchable.join("\n").to_lowercase(),
        }
    }

    /// Whether any code or message contains `needle` (lower case).
    pub(super) fn mentions(&self, needle: &str) -> bool {
        self.searchable.contains(needle)
    }

    /// `code: message`, or whichever there is, for messages.
    pub(super) fn describe(&self) -> String {
        let mut text = match (&self.code, &self.message) {
            (Some(code), Some(message)) if !message.to_lowercase().contains(&code.to_lowercase()) => {
                format!("{code}: {message}")
            }
            (_, Some(message)) => message.clone(),
            (Some(code), None) => code.clone(),
            (None, None) => "no error code".to_owned(),
        };
        if let Some(id) = &self.request_id {
            text.push_str(&format!(" (request id {id})"));
        }
        text
    }
}

pub(super) fn classify(response: &Response) -> Answer {
    let header_request_id = response.header("x-ashby-request-id");
    let body = response.json_value();
    let failure = || body.as_ref().map(|body| Failure::from_body(body, header_request_id));
    let said = || failure().map_or_else(|| body_text(response), |failure| failure.describe());
    match response.status {
        401 => Answer::KeyRejected {
            status: 401,
            said: said(),
        },
        403 => match failure() {
            Some(failure) if failure.mentions(MISSING_PERMISSION) => Answer::PermissionMissing {
                said: failure.describe(),
            },
            _ => Answer::KeyRejected {
                status: 403,
                said: said(),
            },
        },
        status if (300..400).contains(&status) => Answer::NotAshby {
            reason: format!(
                "answered {status} redirecting to {} (not followed: the key stays on the configured host)",
                response.header("location").unwrap_or("nowhere")
            ),
        },
        _ if response.is_html() => Answer::NotAshby {
            reason: format!("answered {} with an HTML page, not JSON", response.status),
        },
        404 => Answer::NotAshby {
            reason: "answered 404: this server has no such endpoint".to_owned(),
        },
        status if status >= 500 => Answer::NotAshby {
            reason: format!("answered {status}: {}", said()),
        },
        status => {
            let Some(value) = &body else {
                return Answer::NotAshby {
                    reason: format!("answered {status} with a body that is not JSON"),
                };
            };
            if !(200..300).contains(&status) {
                return failure_answer(value, header_request_id);
            }
            match value.get("success").and_then(Value::as_bool) {
                Some(true) => Answer::Success(value.get("results").cloned().unwrap_or(Value::Null)),
                Some(false) => failure_answer(value, header_request_id),
                None => Answer::NotAshby {
                    reason: format!("answered {status} with JSON that has no `success` field"),
                },
            }
        }
    }
}

/// The whole body on one line. Not cut here: a secret split by a cut would escape redaction, so
/// the caller redacts first and shortens after.
pub(super) fn body_text(response: &Response) -> String {
    String::from_utf8_lossy(&response.body)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `success: false` body (or another 4xx): a missing permission when it says so, whatever
/// the status, else a plain failure.
fn failure_answer(body: &Value, header_request_id: Option<&str>) -> Answer {
    let failure = Failure::from_body(body, header_request_id);
    if failure.mentions(MISSING_PERMISSION) {
        Answer::PermissionMissing {
            said: failure.describe(),
        }
    } else {
        Answer::Failure(failure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(status: u16, body: &str) -> Response {
        Response::for_test(status, "application/json; charset=utf-8", body)
    }

    #[test]
    fn success_carries_results() {
        assert_eq!(
            classify(&json(
                200,
                r#"{"success":true,"results":[{"id":"j1"}],"moreDataAvailable":true}"#
            )),
            Answer::Success(serde_json::json!([{"id": "j1"}]))
        );
        assert_eq!(
            classify(&json(200, r#"{"success":true}"#)),
            Answer::Success(Value::Null)
        );
    }

    #[test]
    fn success_false_on_200_is_the_error_it_is() {
        // The reference's verbatim example (examples/api-error-invalid_input.openapi-example.json).
        let body = r#"{"success":false,"errors":["invalid_input"],"errorInfo":{"code":"invalid_input","message":"Request payload is malformed","requestId":"01JSJ8FDK5ZN4XQBZP7DBKK7ZC"}}"#;
        let Answer::Failure(failure) = classify(&json(200, body)) else {
            panic!("a failure");
        };
        assert_eq!(failure.code.as_deref(), Some("invalid_input"));
        assert_eq!(
            failure.describe(),
            "invalid_input: Request payload is malformed (request id 01JSJ8FDK5ZN4XQBZP7DBKK7ZC)"
        );
        // The docs' example without `errors` (trailing comma removed).
        let body = r#"{"success":false,"errorInfo":{"code":"application_not_found","message":"Application not found - are you lacking permissions to edit candidates?","requestId":"01JSJ8FEK5ZN4XQBZP7DBKK7ZC"}}"#;
        assert!(
            matches!(classify(&json(200, body)), Answer::Failure(f) if f.code.as_deref() == Some("application_not_found"))
        );
    }

    #[test]
    fn the_two_403s_are_told_apart_by_the_body_wherever_the_code_is() {
        for body in [
            r#"{"success":false,"errorInfo":{"code":"missing_endpoint_permission","message":"The API key is missing the candidatesRead permission"}}"#,
            r#"{"success":false,"errors":["missing_endpoint_permission"]}"#,
            r#"{"success":false,"errors":[{"message":"missing_endpoint_permission","parameter":null}]}"#,
        ] {
            assert!(
                matches!(classify(&json(403, body)), Answer::PermissionMissing { .. }),
                "{body}"
            );
            assert!(
                matches!(classify(&json(200, body)), Answer::PermissionMissing { .. }),
                "{body} on a 200"
            );
        }
        for body in [
            r#"{"success":false,"errorInfo":{"code":"invalid_api_key","message":"The API key is invalid or deactivated"}}"#,
            "Forbidden",
            "",
        ] {
            assert!(
                matches!(classify(&json(403, body)), Answer::KeyRejected { status: 403, .. }),
                "{body}"
            );
        }
        assert!(matches!(
            classify(&json(401, r#"{"success":false,"errorInfo":{"code":"unauthorized","message":"No API key"}}"#)),
            Answer::KeyRejected { status: 401, said } if said == "unauthorized: No API key"
        ));
    }

    #[test]
    fn other_servers_are_not_ashby() {
        let not = |response: Response| matches!(classify(&response), Answer::NotAshby { .. });
        assert!(not(Response::for_test(
            200,
            "text/html",
            "<!DOCTYPE html><html></html>"
        )));
        assert!(not(json(404, r#"{"message":"Not Found"}"#)));
        assert!(not(json(502, "{}")));
        assert!(not(json(200, r#"{"data":[]}"#)), "JSON without `success`");
        assert!(not(Response::for_test(200, "text/plain", "ok")));
        let mut redirect = Response::for_test(301, "", "");
        redirect.headers.insert(
            "location",
            reqwest::header::HeaderValue::from_static("https://evil.example/"),
        );
        let Answer::NotAshby { reason } = classify(&redirect) else {
            panic!("a redirect");
        };
        assert!(reason.contains("https://evil.example/"), "{reason}");
    }

    #[test]
    fn duplicates_are_found_in_any_error_form() {
        for body in [
            r#"{"success":false,"errorInfo":{"code":"invalid_input","message":"Duplicate webhook"}}"#,
            r#"{"success":false,"errors":[{"message":"Duplicate webhook for this URL and event","parameter":"requestUrl"}]}"#,
        ] {
            let Answer::Failure(failure) = classify(&json(200, body)) else {
                panic!("{body}");
            };
            assert!(failure.mentions("duplicate webhook"), "{body}");
        }
    }

    #[test]
    fn a_request_id_header_is_kept_when_the_body_has_none() {
        let mut response = json(200, r#"{"success":false,"errors":["webhook_not_found"]}"#);
        response
            .headers
            .insert("x-ashby-request-id", reqwest::header::HeaderValue::from_static("req-7"));
        let Answer::Failure(failure) = classify(&response) else {
            panic!("a failure");
        };
        assert_eq!(failure.describe(), "webhook_not_found (request id req-7)");
    }
}
