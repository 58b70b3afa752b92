//! JSON: a command's own data, as it always was, with the document added under `document`,
//! so scripts keep their fields and gain everything a person reads.

use atsctl::document::Document;
use serde::Serialize;
use serde_json::Value;

/// `data` serialized as an object, plus `"document": document`. Data that is not an object
/// is wrapped as `{"data": …, "document": …}`.
pub(crate) fn with_document<T: Serialize + ?Sized>(data: &T, document: &Document) -> Value {
    let document = serde_json::to_value(document).unwrap_or(Value::Null);
    match serde_json::to_value(data) {
        Ok(Value::Object(mut fields)) => {
            fields.insert("document".to_owned(), document);
            Value::Object(fields)
        }
        Ok(other) => serde_json::json!({ "data": other, "document": document }),
        Err(_) => serde_json::json!({ "document": document }),
    }
}
