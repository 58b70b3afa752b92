//! JSON: a command's own data, as it always was, with the document added under `document`,
//! so scripts keep their fields and gain everything a person reads.

use atsctl::document::Document;
use serde::Serialize;

/// `data`'s fields followed by `"document"`; serialized in one pass, with no intermediate tree.
/// `data` must serialize as a struct or map.
#[derive(Serialize)]
pub(crate) struct WithDocument<'a, T: Serialize + ?Sized> {
    #[serde(flatten)]
    data: &'a T,
    document: &'a Document,
}

pub(crate) fn with_document<'a, T: Serialize + ?Sized>(data: &'a T, document: &'a Document) -> WithDocument<'a, T> {
    WithDocument { data, document }
}
