//! The structural check: walks the YAML tree beside the manifest's JSON Schema and reports every
//! unknown key, wrong type, missing key and out-of-set value in one pass.
//!
//! Typed deserialization stops at the first problem; a linter must show them all. Driving the
//! walk from the generated schema keeps the check and the schema from ever disagreeing.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::yaml_tree::{Node, NodeKind, ScalarType};
use crate::diagnostic::{Code, Diagnostic, Location, nearest};

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

pub(crate) struct StructureCheck<'a> {
    root_schema: &'a Value,
    file: &'a str,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> StructureCheck<'a> {
    pub(crate) fn new(root_schema: &'a Value, file: &'a str) -> Self {
        Self {
            root_schema,
            file,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn check_document(&mut self, root: &Node) {
        self.check(root, self.root_schema, "manifest", root.location);
    }

    /// Checks `node` against `schema`. `name` and `owner` are the key the node is the value of,
    /// for messages about what the node lacks.
    fn check(&mut self, node: &Node, schema: &'a Value, name: &str, owner: Location) {
        let schema = self.resolve(schema);
        if matches!(node.kind, NodeKind::Alias) {
            return;
        }
        if let Some(alternatives) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            self.check_alternatives(node, alternatives, name, owner);
            return;
        }
        if let Some(allowed) = allowed_values(schema) {
            self.check_value_in(node, &allowed, name);
            return;
        }
        if !self.accepts_type(schema, node) {
            let expected = describe_types(schema);
            self.report(
                Code::WrongType,
                node.location,
                format!("`{name}` must be {expected}, found {}", node.describe()),
            );
            return;
        }
        match &node.kind {
            NodeKind::Mapping(entries) => self.check_mapping(entries, schema, name, owner),
            NodeKind::Sequence(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.check(item, item_schema, name, item.location);
                    }
                }
            }
            NodeKind::Scalar(_) | NodeKind::Alias => {}
        }
    }

    fn check_alternatives(&mut self, node: &Node, alternatives: &'a [Value], name: &str, owner: Location) {
        let resolved: Vec<&'a Value> = alternatives
            .iter()
            .map(|alternative| self.resolve(alternative))
            .collect();
        // An alternative that is a fixed value set matches only its values; others by type.
        let fitting = resolved.iter().find(|alternative| match allowed_values(alternative) {
            Some(values) => scalar_text(node).is_some_and(|text| values.iter().any(|value| value == text)),
            None => self.accepts_type(alternative, node),
        });
        if let Some(fitting) = fitting {
            self.check(node, fitting, name, owner);
            return;
        }
        let values: Vec<String> = resolved
            .iter()
            .filter_map(|alternative| allowed_values(alternative))
            .flatten()
            .collect();
        if !values.is_empty() && scalar_text(node).is_some() {
            self.check_value_in(node, &values, name);
        } else {
            let expected: Vec<String> = resolved.iter().map(|alternative| describe_types(alternative)).collect();
            self.report(
                Code::WrongType,
                node.location,
                format!("`{name}` must be {}, found {}", expected.join(" or "), node.describe()),
            );
        }
    }

    fn check_value_in(&mut self, node: &Node, allowed: &[String], name: &str) {
        let Some(text) = scalar_text(node) else {
            self.report(
                Code::WrongType,
                node.location,
                format!("`{name}` must be one of {}, found {}", list(allowed), node.describe()),
            );
            return;
        };
        if allowed.iter().any(|value| value == text) {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Code::InvalidValue,
            self.file,
            Some(node.location),
            format!("`{name}` cannot be `{text}`; expected one of {}", list(allowed)),
        );
        if let Some(suggestion) = nearest(text, allowed.iter().map(String::as_str)) {
            diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
        }
        self.diagnostics.push(diagnostic);
    }

    fn check_mapping(&mut self, entries: &[(Node, Node)], schema: &'a Value, name: &str, owner: Location) {
        let properties = schema.get("properties").and_then(Value::as_object).unwrap_or(&EMPTY);
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        // Keys seen so far, hashed: one lookup per key keeps a mapping of n keys linear (a list
        // searched per key took 31 s for 200,000 keys).
        let mut seen: HashMap<&str, Location> = HashMap::with_capacity(entries.len());
        for (key, value) in entries {
            if let Some(text) = scalar_text(key) {
                if let Some(first) = seen.get(text) {
                    let help = format!("keep one `{text}`; the first is on line {}", first.line);
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::DuplicateKey,
                            self.file,
                            Some(key.location),
                            format!("`{text}` appears twice in `{name}`"),
                        )
                        .with_help(help),
                    );
                    continue;
                }
                seen.insert(text, key.location);
            }
            let Some(key_text) = scalar_text(key) else {
                self.report(Code::WrongType, key.location, format!("keys of `{name}` must be text"));
                continue;
            };
            match properties.get(key_text) {
                Some(property_schema) => self.check(value, property_schema, key_text, key.location),
                None if closed => {
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownKey,
                        self.file,
                        Some(key.location),
                        format!("unknown key `{key_text}` in `{name}`"),
                    );
                    diagnostic = match nearest(key_text, properties.keys().map(String::as_str)) {
                        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                        None => diagnostic.with_help(format!("`{name}` takes {}", list(properties.keys()))),
                    };
                    self.diagnostics.push(diagnostic);
                }
                None => {}
            }
        }
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !seen.contains_key(required) {
                self.report(
                    Code::MissingKey,
                    owner,
                    format!("`{name}` is missing the required key `{required}`"),
                );
            }
        }
    }

    fn accepts_type(&self, schema: &Value, node: &Node) -> bool {
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(single)) => vec![single.as_str()],
            Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
            _ => return true,
        };
        types.iter().any(|kind| match (&node.kind, *kind) {
            (NodeKind::Mapping(_), "object") | (NodeKind::Sequence(_), "array") => true,
            (NodeKind::Scalar(scalar), kind) => match (scalar.resolved_type(), kind) {
                (ScalarType::Null, "null")
                | (ScalarType::Boolean, "boolean")
                | (ScalarType::Integer, "integer" | "number") => true,
                (ScalarType::Number, "number") => true,
                // Plain scalars such as `2026` or `yes` read as text where text is expected.
                (resolved, "string") => resolved != ScalarType::Null,
                _ => false,
            },
            _ => false,
        })
    }

    fn resolve(&self, schema: &'a Value) -> &'a Value {
        let mut current = schema;
        // `$ref` chains are short; the bound guards against a malformed self-reference.
        for _ in 0..8 {
            let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(pointer) = reference.strip_prefix('#') else {
                break;
            };
            match self.root_schema.pointer(pointer) {
                Some(target) => current = target,
                None => break,
            }
        }
        current
    }

    fn report(&mut self, code: Code, location: Location, message: String) {
        self.diagnostics
            .push(Diagnostic::new(code, self.file, Some(location), message));
    }
}

fn scalar_text(node: &Node) -> Option<&str> {
    match &node.kind {
        NodeKind::Scalar(scalar) => Some(scalar.text.as_str()),
        _ => None,
    }
}

/// The fixed values a schema allows (`enum` or `const`), if it is a value set.
fn allowed_values(schema: &Value) -> Option<Vec<String>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.iter().filter_map(Value::as_str).map(str::to_owned).collect());
    }
    schema
        .get("const")
        .and_then(Value::as_str)
        .map(|value| vec![value.to_owned()])
}

fn describe_types(schema: &Value) -> String {
    let describe = |kind: &str| match kind {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "text",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "true or false",
        "null" => "empty",
        _ => "a value",
    };
    match schema.get("type") {
        Some(Value::String(single)) => describe(single).to_owned(),
        Some(Value::Array(many)) => many
            .iter()
            .filter_map(Value::as_str)
            .filter(|kind| *kind != "null")
            .map(describe)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => match allowed_values(schema) {
            Some(values) => format!("one of {}", list(&values)),
            None => "a value".to_owned(),
        },
    }
}

fn list<T: AsRef<str>>(values: impl IntoIterator<Item = T>) -> String {
    values
        .into_iter()
        .map(|value| format!("`{}`", value.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}
