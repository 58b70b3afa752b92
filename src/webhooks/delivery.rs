//! Reading a delivery body: the event it reports and, for Lever, the fields that carry its
//! signature. Only those fields are deserialized; the payload itself is never looked at.

use serde::Deserialize;
use serde_json::Value;

use super::clip;

/// Why a body cannot be read as a delivery. Messages never quote the body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MalformedBody {
    #[error("the body is not JSON ({0})")]
    NotJson(String),
    #[error("the body is not a JSON object")]
    NotObject,
    #[error("`{0}` is missing")]
    Missing(&'static str),
    #[error("`{0}` has the wrong type")]
    WrongType(&'static str),
}

/// What a Greenhouse body says: `{"action": "...", "payload": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GreenhouseBody {
    /// `action`, clipped; `None` when absent (the save-time ping's body is undocumented).
    pub action: Option<String>,
}

/// What a Lever body says: `id`, `event`, `triggeredAt`, `token`, `signature`, `data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeverBody {
    pub event: Option<String>,
    /// Lever's per-delivery nonce: signed, and the key for spotting duplicates.
    pub token: Option<String>,
    pub triggered_at: Option<TriggeredAt>,
    pub signature: Option<String>,
}

/// `triggeredAt`: milliseconds since the Unix epoch, and the exact decimal text Lever signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggeredAt {
    pub millis: i64,
    pub text: String,
}

impl LeverBody {
    /// The three signed fields, or the first one missing.
    pub fn signed_fields(&self) -> Result<(&str, &TriggeredAt, &str), MalformedBody> {
        let token = self.token.as_deref().ok_or(MalformedBody::Missing("token"))?;
        let triggered_at = self
            .triggered_at
            .as_ref()
            .ok_or(MalformedBody::Missing("triggeredAt"))?;
        let signature = self.signature.as_deref().ok_or(MalformedBody::Missing("signature"))?;
        Ok((token, triggered_at, signature))
    }
}

#[derive(Deserialize)]
struct RawGreenhouse {
    action: Option<Value>,
}

#[derive(Deserialize)]
struct RawLever {
    event: Option<Value>,
    token: Option<Value>,
    #[serde(rename = "triggeredAt")]
    triggered_at: Option<Value>,
    signature: Option<Value>,
}

/// Reads a Greenhouse body.
pub fn greenhouse(body: &[u8]) -> Result<GreenhouseBody, MalformedBody> {
    let raw: RawGreenhouse = parse_object(body)?;
    Ok(GreenhouseBody {
        action: string_field(raw.action, "action")?,
    })
}

/// Reads a Lever body.
pub fn lever(body: &[u8]) -> Result<LeverBody, MalformedBody> {
    let raw: RawLever = parse_object(body)?;
    // The token and signature are used whole (they are signed or compared), never clipped.
    let whole = |value: Option<Value>, name| match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(MalformedBody::WrongType(name)),
    };
    Ok(LeverBody {
        event: string_field(raw.event, "event")?,
        token: whole(raw.token, "token")?,
        triggered_at: raw.triggered_at.map(triggered_at).transpose()?,
        signature: whole(raw.signature, "signature")?,
    })
}

fn parse_object<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, MalformedBody> {
    // Checking the shape first keeps the error about the body, not about our struct.
    let value: Value = serde_json::from_slice(body).map_err(|error| MalformedBody::NotJson(syntax_reason(&error)))?;
    if !value.is_object() {
        return Err(MalformedBody::NotObject);
    }
    serde_json::from_value(value).map_err(|_| MalformedBody::NotObject)
}

/// serde_json's syntax message without anything quoted from the input.
fn syntax_reason(error: &serde_json::Error) -> String {
    match error.classify() {
        serde_json::error::Category::Eof => {
            format!("it ends early, at line {} column {}", error.line(), error.column())
        }
        _ => format!("syntax error at line {} column {}", error.line(), error.column()),
    }
}

fn string_field(value: Option<Value>, name: &'static str) -> Result<Option<String>, MalformedBody> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(clip(&text))),
        Some(_) => Err(MalformedBody::WrongType(name)),
    }
}

/// Lever documents `triggeredAt` as a number; a string of digits is accepted too, signed as is.
fn triggered_at(value: Value) -> Result<TriggeredAt, MalformedBody> {
    let wrong = MalformedBody::WrongType("triggeredAt");
    match value {
        Value::Number(number) => number
            .as_i64()
            .map(|millis| TriggeredAt {
                millis,
                text: number.to_string(),
            })
            .ok_or(wrong),
        Value::String(text)
            if !text.is_empty() && text.len() <= 20 && text.bytes().all(|byte| byte.is_ascii_digit()) =>
        {
            text.parse()
                .map(|millis| TriggeredAt { millis, text })
                .map_err(|_| wrong)
        }
        _ => Err(wrong),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greenhouse_action() {
        let body = greenhouse(br#"{"action":"hire_candidate","payload":{"x":1}}"#).expect("valid");
        assert_eq!(body.action.as_deref(), Some("hire_candidate"));
        assert_eq!(greenhouse(br#"{"payload":{}}"#).expect("valid").action, None);
        assert_eq!(greenhouse(br#"{"action":null}"#).expect("valid").action, None);
        assert_eq!(greenhouse(br#"{"action":7}"#), Err(MalformedBody::WrongType("action")));
        assert_eq!(greenhouse(b"[1,2]"), Err(MalformedBody::NotObject));
        assert!(matches!(
            greenhouse(br#"{"action":"hire_"#),
            Err(MalformedBody::NotJson(_))
        ));
        assert!(matches!(greenhouse(b""), Err(MalformedBody::NotJson(_))));
        assert!(matches!(greenhouse(&[0xff, 0xfe]), Err(MalformedBody::NotJson(_))));
    }

    #[test]
    fn every_example_body_has_its_file_name_as_action() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/greenhouse-webhook-examples");
        let mut count = 0;
        for entry in std::fs::read_dir(folder).expect("examples folder") {
            let path = entry.expect("entry").path();
            let body = std::fs::read(&path).expect("readable");
            let parsed = greenhouse(&body).expect("example parses");
            let stem = path.file_stem().and_then(|stem| stem.to_str()).map(str::to_owned);
            assert_eq!(parsed.action, stem, "{}", path.display());
            count += 1;
        }
        assert_eq!(count, 29);
    }

    #[test]
    fn long_actions_are_clipped() {
        let body = format!(r#"{{"action":"{}"}}"#, "a".repeat(10_000));
        let action = greenhouse(body.as_bytes()).expect("valid").action.expect("present");
        assert!(action.chars().count() <= crate::webhooks::MAX_FIELD_CHARS + 1);
    }

    #[test]
    fn lever_fields() {
        let body = lever(
            br#"{"id":"e1","event":"candidateStageChange","triggeredAt":1455213155069,"token":"abc","signature":"def","data":{}}"#,
        )
        .expect("valid");
        assert_eq!(body.event.as_deref(), Some("candidateStageChange"));
        let (token, at, signature) = body.signed_fields().expect("signed");
        assert_eq!(
            (token, at.millis, at.text.as_str(), signature),
            ("abc", 1_455_213_155_069, "1455213155069", "def")
        );

        let text = lever(br#"{"triggeredAt":"1455213155069"}"#).expect("valid");
        assert_eq!(text.triggered_at.map(|at| at.millis), Some(1_455_213_155_069));
        assert_eq!(
            lever(br#"{"event":"x"}"#).expect("valid").signed_fields(),
            Err(MalformedBody::Missing("token"))
        );
        assert_eq!(
            lever(br#"{"triggeredAt":1.5}"#),
            Err(MalformedBody::WrongType("triggeredAt"))
        );
        assert_eq!(
            lever(br#"{"triggeredAt":"-1"}"#),
            Err(MalformedBody::WrongType("triggeredAt"))
        );
        assert_eq!(
            lever(br#"{"triggeredAt":"99999999999999999999"}"#),
            Err(MalformedBody::WrongType("triggeredAt"))
        );
        assert_eq!(lever(br#"{"token":{"a":1}}"#), Err(MalformedBody::WrongType("token")));
    }
}
