//! The manifest JSON Schema as the structure walk reads it: one [`Shape`] per schema node, with
//! `$ref`s followed and keys sorted by `build.rs` (`build/schema_shapes.rs`) from the committed
//! `schema/manifest.schema.json`, so a run parses no JSON and resolves no pointer.
//!
//! The tables hold integers only — texts are [`Span`]s of one blob, lists are [`Run`]s of shared
//! arrays — so the loader relocates nothing in them at start-up (`src/text_blob.rs`).

use crate::text_blob::{self, Blob, Run, Span};

/// The blob every text of the schema tables is a span of.
pub(crate) struct SchemaBlob;

impl Blob for SchemaBlob {
    const TEXT: &'static str = NAMES;
}

/// One text of the schema: a type name.
pub(crate) type Name = text_blob::Text<SchemaBlob>;

/// A list of texts of the schema: type names, allowed values or required keys, in schema order.
#[derive(Clone, Copy)]
pub(crate) struct Names(Run);

impl Names {
    /// The texts, in schema order.
    pub(crate) fn iter(self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.0.of(&NAME_LISTS).iter().map(|span| span.get(NAMES))
    }

    /// Whether `text` is one of the texts.
    pub(crate) fn contains(self, text: &str) -> bool {
        self.iter().any(|name| name == text)
    }
}

/// The `type` keyword of a schema node.
#[derive(Clone, Copy)]
pub(crate) enum Types {
    /// No `type`: any value.
    Any,
    /// `"type": "object"`.
    One(Name),
    /// `"type": ["string", "null"]`.
    Many(Names),
}

/// What the walk needs of one schema node.
pub(crate) struct Shape {
    /// `anyOf` (or else `oneOf`): the alternatives, a run of `SHAPE_LISTS`.
    alternatives: Option<Run>,
    /// `enum` or `const`: the fixed text values allowed.
    allowed: Option<Names>,
    pub(crate) types: Types,
    /// `properties`, a run of `PROPERTIES`: sorted by key, each with its shape index.
    properties: Run,
    /// `additionalProperties: false`.
    pub(crate) closed: bool,
    required: Names,
    /// `items`: the shape index of every element of a list.
    items: Option<u16>,
}

include!(concat!(env!("OUT_DIR"), "/schema_shapes.rs"));

impl Shape {
    /// The shape of the whole manifest.
    pub(crate) fn root() -> &'static Shape {
        &SHAPES[0]
    }

    /// The shape with this index (indexes come from the same tables).
    fn at(index: u16) -> &'static Shape {
        &SHAPES[usize::from(index)]
    }

    /// `anyOf` (or else `oneOf`): the alternatives' shapes, in schema order.
    pub(crate) fn alternatives(&self) -> Option<impl ExactSizeIterator<Item = &'static Shape> + Clone> {
        self.alternatives
            .map(|run| run.of(&SHAPE_LISTS).iter().map(|index| Shape::at(*index)))
    }

    /// `enum` or `const`: the fixed text values allowed.
    pub(crate) fn allowed(&self) -> Option<Names> {
        self.allowed
    }

    /// `required`: the keys an object must have.
    pub(crate) fn required(&self) -> Names {
        self.required
    }

    /// `items`: the shape of every element of a list.
    pub(crate) fn items(&self) -> Option<&'static Shape> {
        self.items.map(Shape::at)
    }

    /// The shape of the property `key`, if the schema names it.
    pub(crate) fn property(&self, key: &str) -> Option<&'static Shape> {
        let properties = self.properties.of(&PROPERTIES);
        properties
            .binary_search_by(|(name, _)| name.get(NAMES).cmp(key))
            .ok()
            .map(|found| Shape::at(properties[found].1))
    }

    /// The property names, in schema order (sorted).
    pub(crate) fn property_names(&self) -> impl ExactSizeIterator<Item = &'static str> + Clone {
        self.properties.of(&PROPERTIES).iter().map(|(name, _)| name.get(NAMES))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// Every shape says what its schema node says: the precomputed table is the schema.
    fn assert_shape_matches(shape: &Shape, schema: &Value, root: &Value, depth: usize) {
        assert!(depth < 32, "the schema nests deeper than expected");
        let schema = resolve(schema, root);
        let alternatives = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array);
        assert_eq!(
            shape.alternatives().map(|shapes| shapes.len()),
            alternatives.map(Vec::len)
        );
        for (alternative_shape, alternative) in shape
            .alternatives()
            .into_iter()
            .flatten()
            .zip(alternatives.into_iter().flatten())
        {
            assert_shape_matches(alternative_shape, alternative, root, depth + 1);
        }
        let enumerated = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(Value::as_str).collect::<Vec<_>>());
        let allowed = enumerated.or_else(|| schema.get("const").and_then(Value::as_str).map(|value| vec![value]));
        assert_eq!(shape.allowed().map(|values| values.iter().collect::<Vec<_>>()), allowed);
        match (shape.types, schema.get("type")) {
            (Types::Any, None) => {}
            (Types::One(kind), Some(Value::String(expected))) => assert_eq!(kind.as_str(), expected),
            (Types::Many(kinds), Some(Value::Array(expected))) => {
                assert_eq!(
                    kinds.iter().collect::<Vec<_>>(),
                    expected.iter().filter_map(Value::as_str).collect::<Vec<_>>()
                );
            }
            (_, other) => panic!("type {other:?} was not kept"),
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        assert_eq!(shape.property_names().len(), properties.map_or(0, |map| map.len()));
        assert!(
            shape.property_names().is_sorted(),
            "keys are sorted for the binary search"
        );
        for (key, property) in properties.into_iter().flatten() {
            let found = shape.property(key).expect("every property is kept");
            assert_shape_matches(found, property, root, depth + 1);
        }
        assert_eq!(
            shape.closed,
            schema.get("additionalProperties") == Some(&Value::Bool(false))
        );
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(shape.required().iter().collect::<Vec<_>>(), required);
        assert_eq!(shape.items().is_some(), schema.get("items").is_some());
        if let (Some(item_shape), Some(items)) = (shape.items(), schema.get("items")) {
            assert_shape_matches(item_shape, items, root, depth + 1);
        }
    }

    fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..8 {
            match current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
                .and_then(|pointer| root.pointer(pointer))
            {
                Some(target) => current = target,
                None => break,
            }
        }
        current
    }

    #[test]
    fn shapes_are_the_generated_schema() {
        // The generated schema, not the committed file, so an edit to the types that was not
        // re-committed to schema/ fails here as well as in the schema test.
        let schema = crate::manifest::schema().as_value();
        assert_shape_matches(Shape::root(), schema, schema, 0);
        assert!(Shape::root().closed, "the manifest's top level takes no unknown key");
        assert!(Shape::root().property("manifest_version").is_some());
    }
}
