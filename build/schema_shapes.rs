//! Build-time half of the structure walk: reads `schema/manifest.schema.json` once and writes what
//! the walk asks of each schema node — `$ref`s already followed, keys sorted, value sets and type
//! lists extracted — as the static table `SHAPES` (`$OUT_DIR/schema_shapes.rs`), read by
//! `src/manifest/schema_shape.rs`. The run time then parses no JSON and resolves no pointer.
//!
//! The table holds no pointer either, so the loader relocates nothing in it at start-up
//! (`src/text_blob.rs`): every text is a `Span` of one blob, `NAMES`, and every list is a
//! `Run(start, len)` of one of three shared arrays — `NAME_LISTS` (spans), `SHAPE_LISTS` (shape
//! indexes) and `PROPERTIES` (a key's span and its shape index, sorted by key).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::text_blob::{Lists, TextBlob};

/// The `$ref` chain bound the walk always had: it guards against a malformed self-reference.
const REF_CHAIN_BOUND: usize = 8;

struct Shapes<'a> {
    root: &'a Value,
    /// The Rust text of each shape, by index; `None` while its children are being written.
    written: Vec<Option<String>>,
    /// Shapes already given an index, by the address of the schema node they describe.
    by_node: BTreeMap<*const Value, usize>,
    /// `NAMES`: every key, type name and allowed value.
    names: TextBlob,
    /// `NAME_LISTS`: the lists of texts (allowed values, type lists, required keys).
    name_lists: Lists,
    /// `SHAPE_LISTS`: the lists of alternatives.
    shape_lists: Lists,
    /// `PROPERTIES`: each object's properties.
    properties: Lists,
}

impl<'a> Shapes<'a> {
    /// Follows `$ref`s as the walk did: `#`-pointers into the root, at most 8 deep.
    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        for _ in 0..REF_CHAIN_BOUND {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(pointer) = reference.strip_prefix('#') else {
                break;
            };
            match self.root.pointer(pointer) {
                Some(target) => current = target,
                None => break,
            }
        }
        current
    }

    /// The index of the shape of `schema` (resolved first), writing it on first sight.
    fn shape(&mut self, schema: &'a Value) -> usize {
        let schema = self.resolve(schema);
        if let Some(&index) = self.by_node.get(&(schema as *const Value)) {
            return index;
        }
        let index = self.written.len();
        self.written.push(None);
        self.by_node.insert(schema as *const Value, index);

        let alternatives = match schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            Some(alternatives) => {
                let indexes: Vec<String> = alternatives
                    .iter()
                    .map(|alternative| self.shape(alternative).to_string())
                    .collect();
                let note = format!("alternatives of {index}");
                format!("Some({})", self.shape_lists.add(indexes, &note))
            }
            None => "None".to_owned(),
        };
        let allowed = match allowed_values(schema) {
            Some(values) => format!("Some({})", self.names(&values)),
            None => "None".to_owned(),
        };
        let types = match schema.get("type") {
            Some(Value::String(single)) => format!("Types::One(Name::at({}))", self.names.add(single)),
            Some(Value::Array(many)) => {
                let many: Vec<&str> = many.iter().filter_map(Value::as_str).collect();
                format!("Types::Many({})", self.names(&many))
            }
            _ => "Types::Any".to_owned(),
        };
        // Sorted by key (serde_json's own map order), for binary search and the same listings.
        let mut properties: Vec<(&str, &Value)> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| properties.iter().map(|(key, value)| (key.as_str(), value)).collect())
            .unwrap_or_default();
        properties.sort_by(|a, b| a.0.cmp(b.0));
        let entries: Vec<String> = properties
            .iter()
            .map(|(key, value)| format!("({}, {})", self.names.add(key), self.shape(value)))
            .collect();
        let keys: Vec<&str> = properties.iter().map(|(key, _)| *key).collect();
        let properties = self.properties.add(entries, &format!("{keys:?}"));
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let required = self.names(&required);
        let items = match schema.get("items") {
            Some(items) => format!("Some({})", self.shape(items)),
            None => "None".to_owned(),
        };
        self.written[index] = Some(format!(
            "Shape {{ alternatives: {alternatives}, allowed: {allowed}, types: {types}, properties: {properties}, closed: {closed}, required: {required}, items: {items} }}"
        ));
        index
    }

    /// The `Names(Run(..))` of the texts `list`.
    fn names(&mut self, list: &[&str]) -> String {
        let spans: Vec<String> = list.iter().map(|text| self.names.add(text).to_string()).collect();
        format!("Names({})", self.name_lists.add(spans, &format!("{list:?}")))
    }
}

/// The fixed values a schema allows (`enum` or `const`), if it is a value set.
fn allowed_values(schema: &Value) -> Option<Vec<&str>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.iter().filter_map(Value::as_str).collect());
    }
    schema.get("const").and_then(Value::as_str).map(|value| vec![value])
}

/// Writes `SHAPES` and the arrays it indexes for the schema `text`; the root schema is shape 0.
pub(crate) fn write(out: &mut String, file: &str, text: &str) {
    let root: Value = serde_json::from_str(text).unwrap_or_else(|err| panic!("{file}: {err}"));
    let mut shapes = Shapes {
        root: &root,
        written: Vec::new(),
        by_node: BTreeMap::new(),
        names: TextBlob::default(),
        name_lists: Lists::default(),
        shape_lists: Lists::default(),
        properties: Lists::default(),
    };
    let root_index = shapes.shape(&root);
    assert_eq!(root_index, 0, "the root schema is written first");
    assert!(
        u16::try_from(shapes.written.len()).is_ok(),
        "shape indexes are u16s in the tables"
    );
    shapes.names.write(out, "NAMES");
    shapes.name_lists.write(out, "NAME_LISTS", "Span");
    shapes.shape_lists.write(out, "SHAPE_LISTS", "u16");
    shapes.properties.write(out, "PROPERTIES", "(Span, u16)");
    writeln!(out, "static SHAPES: [Shape; {}] = [", shapes.written.len()).unwrap();
    for (index, shape) in shapes.written.iter().enumerate() {
        let shape = shape.as_deref().expect("every shape is written before the table is");
        writeln!(out, "    /* {index} */ {shape},").unwrap();
    }
    out.push_str("];\n");
}
