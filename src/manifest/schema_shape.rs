//! The manifest JSON Schema as the structure walk reads it: one [`Shape`] per schema node, with
//! `$ref`s followed and keys sorted by `build.rs` (`build/schema_shapes.rs`) from the committed
//! `schema/manifest.schema.json`, so a run parses no JSON and resolves no pointer.

/// The `type` keyword of a schema node.
pub(crate) enum Types {
    /// No `type`: any value.
    Any,
    /// `"type": "object"`.
    One(&'static str),
    /// `"type": ["string", "null"]`.
    Many(&'static [&'static str]),
}

/// What the walk needs of one schema node.
pub(crate) struct Shape {
    /// `anyOf` (or else `oneOf`): the alternatives, as shape indexes.
    pub(crate) alternatives: Option<&'static [usize]>,
    /// `enum` or `const`: the fixed text values allowed.
    pub(crate) allowed: Option<&'static [&'static str]>,
    pub(crate) types: Types,
    /// `properties`, sorted by key, each with its shape index.
    pub(crate) properties: &'static [(&'static str, usize)],
    /// `additionalProperties: false`.
    pub(crate) closed: bool,
    pub(crate) required: &'static [&'static str],
    /// `items`: the shape of every element of a list.
    pub(crate) items: Option<usize>,
}

include!(concat!(env!("OUT_DIR"), "/schema_shapes.rs"));

impl Shape {
    /// The shape of the whole manifest.
    pub(crate) fn root() -> &'static Shape {
        &SHAPES[0]
    }

    /// The shape with this index (indexes come from the same table).
    pub(crate) fn at(index: usize) -> &'static Shape {
        &SHAPES[index]
    }

    /// The shape of the property `key`, if the schema names it.
    pub(crate) fn property(&self, key: &str) -> Option<&'static Shape> {
        self.properties
            .binary_search_by(|(name, _)| (*name).cmp(key))
            .ok()
            .map(|found| Shape::at(self.properties[found].1))
    }

    /// The property names, in schema order (sorted).
    pub(crate) fn property_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.properties.iter().map(|(name, _)| *name)
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
        assert_eq!(shape.alternatives.map(<[usize]>::len), alternatives.map(Vec::len));
        for (index, alternative) in shape
            .alternatives
            .unwrap_or(&[])
            .iter()
            .zip(alternatives.into_iter().flatten())
        {
            assert_shape_matches(Shape::at(*index), alternative, root, depth + 1);
        }
        let enumerated = schema
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().filter_map(Value::as_str).collect::<Vec<_>>());
        let allowed = enumerated.or_else(|| schema.get("const").and_then(Value::as_str).map(|value| vec![value]));
        assert_eq!(shape.allowed.map(<[&str]>::to_vec), allowed);
        match (&shape.types, schema.get("type")) {
            (Types::Any, None) => {}
            (Types::One(kind), Some(Value::String(expected))) => assert_eq!(kind, expected),
            (Types::Many(kinds), Some(Value::Array(expected))) => {
                assert_eq!(
                    kinds.to_vec(),
                    expected.iter().filter_map(Value::as_str).collect::<Vec<_>>()
                );
            }
            (_, other) => panic!("type {other:?} was not kept"),
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        assert_eq!(shape.properties.len(), properties.map_or(0, |map| map.len()));
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
        assert_eq!(shape.required.to_vec(), required);
        assert_eq!(shape.items.is_some(), schema.get("items").is_some());
        if let (Some(index), Some(items)) = (shape.items, schema.get("items")) {
            assert_shape_matches(Shape::at(index), items, root, depth + 1);
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
