//! Lever's JSON, read defensively: list pages, stages, webhooks and the create response.
//!
//! Every parser takes what a server sent and returns `None` or an error string instead of
//! panicking: a record without the fields we need is skipped and counted, never trusted.

use serde_json::Value;

use crate::http::Secret;

/// One page of a Lever list: `{data: [...], hasNext, next}` (reference README, "Lever":
/// `limit` 1–100, opaque `offset`, responses carry `next` and `hasNext`).
#[derive(Debug, Clone)]
pub struct Page {
    pub data: Vec<Value>,
    /// The `offset` for the next page, when there is one.
    pub next: Option<String>,
}

/// Reads a list page. `hasNext` without a usable `next` is an error: following it would loop.
pub fn parse_page(body: &Value) -> Result<Page, String> {
    let Some(data) = body.get("data").and_then(Value::as_array) else {
        return Err("the answer has no `data` list".to_owned());
    };
    let has_next = body.get("hasNext").and_then(Value::as_bool).unwrap_or(false);
    let next = match body.get("next") {
        Some(Value::String(next)) if !next.is_empty() => Some(next.clone()),
        // Some APIs send numeric cursors; pass them back as text.
        Some(Value::Number(next)) => Some(next.to_string()),
        _ => None,
    };
    if has_next && next.is_none() {
        return Err("the answer says `hasNext` but gives no `next` offset".to_owned());
    }
    Ok(Page {
        data: data.clone(),
        next: if has_next { next } else { None },
    })
}

/// A pipeline stage: `{id, text}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stage {
    pub id: String,
    pub text: String,
}

pub fn parse_stage(value: &Value) -> Option<Stage> {
    Some(Stage {
        id: id(value.get("id")?)?,
        text: value.get("text")?.as_str()?.to_owned(),
    })
}

/// Whether a stage's text names `wanted`: Lever's UI keeps whatever case and spacing the admin
/// typed, so compare ignoring case and surrounding space (reference README, "Lever").
pub fn stage_matches(text: &str, wanted: &str) -> bool {
    text.trim().to_lowercase() == wanted.trim().to_lowercase()
}

/// A webhook as `GET /webhooks` lists it or `POST /webhooks` returns it.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub event: String,
    /// `configuration.signatureToken`, when the answer carries it.
    pub signature_token: Option<Secret>,
}

pub fn parse_webhook(value: &Value) -> Option<Webhook> {
    let signature_token = value
        .get("configuration")
        .and_then(|configuration| configuration.get("signatureToken"))
        .and_then(Value::as_str)
        .filter(|token| !token.is_empty())
        .map(Secret::new);
    Some(Webhook {
        id: id(value.get("id")?)?,
        url: value.get("url")?.as_str()?.to_owned(),
        event: value.get("event")?.as_str()?.to_owned(),
        signature_token,
    })
}

/// The webhook in a `201` answer to `POST /webhooks`. Lever's docs show it nested as
/// `{data: {data: {...}}}`, while real clients read `{data: {...}}` (reference README, "Lever"):
/// accept both, preferring whichever level actually holds a webhook.
pub fn parse_created(body: &Value) -> Option<Webhook> {
    let data = body.get("data")?;
    parse_webhook(data).or_else(|| parse_webhook(data.get("data")?))
}

/// Lever ids are strings (UUIDs); accept numbers too rather than drop the record.
fn id(value: &Value) -> Option<String> {
    match value {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn webhook_json() -> Value {
        json!({
            "id": "8d3a1c2e-0000-4000-8000-000000000001",
            "url": "https://hooks.example.com/lever",
            "event": "candidateStageChange",
            "configuration": { "signatureToken": "tok-abc123def456", "conditions": null },
            "createdAt": 1_700_000_000_000_u64
        })
    }

    #[test]
    fn pages_follow_has_next_and_next() {
        let page = parse_page(&json!({ "data": [{"id": "a"}], "hasNext": true, "next": "opaque%3D" })).unwrap();
        assert_eq!(page.data.len(), 1);
        assert_eq!(page.next.as_deref(), Some("opaque%3D"));
        let last = parse_page(&json!({ "data": [], "hasNext": false, "next": "ignored" })).unwrap();
        assert_eq!(last.next, None, "hasNext false ends the list whatever `next` says");
        let bare = parse_page(&json!({ "data": [] })).unwrap();
        assert_eq!(bare.next, None);
    }

    #[test]
    fn broken_pages_are_errors_not_loops() {
        assert!(parse_page(&json!({ "data": [], "hasNext": true })).is_err());
        assert!(parse_page(&json!({ "data": [], "hasNext": true, "next": "" })).is_err());
        assert!(parse_page(&json!({ "items": [] })).is_err());
        assert!(parse_page(&json!([1, 2])).is_err());
    }

    #[test]
    fn stages_match_ignoring_case_and_surrounding_space() {
        assert!(stage_matches("  reference CHECK ", "Reference check"));
        assert!(!stage_matches("Reference checks", "Reference check"));
        assert!(
            !stage_matches("Reference  check", "Reference check"),
            "inner space is kept"
        );
        let stage = parse_stage(&json!({ "id": "s1", "text": "Reference check" })).unwrap();
        assert_eq!(stage.text, "Reference check");
        assert_eq!(parse_stage(&json!({ "id": "s1" })), None);
        assert_eq!(
            parse_stage(&json!({ "id": 7, "text": "Phone screen" })).unwrap().id,
            "7"
        );
    }

    #[test]
    fn both_create_response_shapes_give_the_token() {
        for body in [
            json!({ "data": webhook_json() }),
            json!({ "data": { "data": webhook_json() } }),
        ] {
            let created = parse_created(&body).unwrap_or_else(|| panic!("parsed {body}"));
            assert_eq!(created.event, "candidateStageChange");
            assert_eq!(created.url, "https://hooks.example.com/lever");
            assert_eq!(created.signature_token.unwrap().expose(), "tok-abc123def456");
        }
    }

    #[test]
    fn a_create_response_without_a_webhook_is_none() {
        assert!(parse_created(&json!({ "data": { "data": { "id": "x" } } })).is_none());
        assert!(parse_created(&json!({ "ok": true })).is_none());
        assert!(parse_created(&json!("created")).is_none());
        let mut without_token = webhook_json();
        without_token["configuration"] = json!({});
        let created = parse_created(&json!({ "data": without_token })).unwrap();
        assert!(created.signature_token.is_none());
    }

    #[test]
    fn debug_output_hides_the_token() {
        let webhook = parse_webhook(&webhook_json()).unwrap();
        assert!(!format!("{webhook:?}").contains("tok-abc123def456"));
    }
}
