//! `Located<T>`: a manifest value with the place it was written, so validation can point at it.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::diagnostic::Location;

/// A deserialized value and its location in the manifest file.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub location: Option<Location>,
}

impl<T> Located<T> {
    pub fn get(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        let location = (at.line() > 0).then(|| {
            let span = at.span();
            let start = usize::try_from(span.byte_offset().unwrap_or(0)).unwrap_or(0);
            let len = usize::try_from(span.byte_len().unwrap_or(0)).unwrap_or(0);
            Location {
                line: usize::try_from(at.line()).unwrap_or(1),
                column: usize::try_from(at.column()).unwrap_or(1),
                byte_start: start,
                byte_end: start + len,
            }
        });
        Ok(Self {
            value: spanned.value,
            location,
        })
    }
}

/// The schema of a located value is the schema of the value: locations are not written.
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
