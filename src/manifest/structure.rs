//! The structural check: walks the YAML tree beside the manifest's JSON Schema and reports every
//! unknown key, wrong type, missing key and out-of-set value in one pass.
//!
//! Typed deserialization stops at the first problem; a linter must show them all. Driving the
//! walk from the schema (precomputed into [`Shape`]s at build time, tested equal to the generated
//! schema) keeps the check and the schema from ever disagreeing.

use std::collections::HashMap;

use super::schema_shape::{Shape, Types};
use super::yaml_tree::{Node, NodeKind, ScalarType};
use crate::diagnostic::{Code, Diagnostic, Location, nearest};

pub(crate) struct StructureCheck<'a> {
    file: &'a str,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> StructureCheck<'a> {
    pub(crate) fn new(file: &'a str) -> Self {
        Self {
            file,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn check_document(&mut self, root: &Node) {
        self.check(root, Shape::root(), "manifest", root.location);
    }

    /// Checks `node` against `schema`. `name` and `owner` are the key the node is the value of,
    /// for messages about what the node lacks.
    fn check(&mut self, node: &Node, schema: &'static Shape, name: &str, owner: Location) {
        if matches!(node.kind, NodeKind::Alias) {
            return;
        }
        if let Some(alternatives) = schema.alternatives() {
            self.check_alternatives(node, alternatives, name, owner);
            return;
        }
        if let Some(allowed) = schema.allowed() {
            self.check_value_in(node, allowed.iter(), name);
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
                if let Some(item_schema) = schema.items() {
                    for item in items {
                        self.check(item, item_schema, name, item.location);
                    }
                }
            }
            NodeKind::Scalar(_) | NodeKind::Alias => {}
        }
    }

    fn check_alternatives(
        &mut self,
        node: &Node,
        alternatives: impl Iterator<Item = &'static Shape>,
        name: &str,
        owner: Location,
    ) {
        let resolved: Vec<&'static Shape> = alternatives.collect();
        // An alternative that is a fixed value set matches only its values; others by type.
        let fitting = resolved.iter().find(|alternative| match alternative.allowed() {
            Some(values) => scalar_text(node).is_some_and(|text| values.contains(text)),
            None => self.accepts_type(alternative, node),
        });
        if let Some(fitting) = fitting {
            self.check(node, fitting, name, owner);
            return;
        }
        let values: Vec<&str> = resolved
            .iter()
            .filter_map(|alternative| alternative.allowed())
            .flat_map(|allowed| allowed.iter())
            .collect();
        if !values.is_empty() && scalar_text(node).is_some() {
            self.check_value_in(node, values.iter().copied(), name);
        } else {
            let expected: Vec<String> = resolved.iter().map(|alternative| describe_types(alternative)).collect();
            self.report(
                Code::WrongType,
                node.location,
                format!("`{name}` must be {}, found {}", expected.join(" or "), node.describe()),
            );
        }
    }

    fn check_value_in<'v>(&mut self, node: &Node, allowed: impl Iterator<Item = &'v str> + Clone, name: &str) {
        let Some(text) = scalar_text(node) else {
            self.report(
                Code::WrongType,
                node.location,
                format!("`{name}` must be one of {}, found {}", list(allowed), node.describe()),
            );
            return;
        };
        if allowed.clone().any(|value| value == text) {
            return;
        }
        let mut diagnostic = Diagnostic::new(
            Code::InvalidValue,
            self.file,
            Some(node.location),
            format!("`{name}` cannot be `{text}`; expected one of {}", list(allowed.clone())),
        );
        if let Some(suggestion) = nearest(text, allowed) {
            diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
        }
        self.diagnostics.push(diagnostic);
    }

    fn check_mapping(&mut self, entries: &[(Node, Node)], schema: &'static Shape, name: &str, owner: Location) {
        let closed = schema.closed;
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
            match schema.property(key_text) {
                Some(property_schema) => self.check(value, property_schema, key_text, key.location),
                None if closed => {
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownKey,
                        self.file,
                        Some(key.location),
                        format!("unknown key `{key_text}` in `{name}`"),
                    );
                    diagnostic = match nearest(key_text, schema.property_names()) {
                        Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                        None => diagnostic.with_help(format!("`{name}` takes {}", list(schema.property_names()))),
                    };
                    self.diagnostics.push(diagnostic);
                }
                None => {}
            }
        }
        for required in schema.required().iter() {
            if !seen.contains_key(required) {
                self.report(
                    Code::MissingKey,
                    owner,
                    format!("`{name}` is missing the required key `{required}`"),
                );
            }
        }
    }

    fn accepts_type(&self, schema: &Shape, node: &Node) -> bool {
        let accepts = |kind: &str| match (&node.kind, kind) {
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
        };
        match schema.types {
            Types::One(single) => accepts(single.as_str()),
            Types::Many(many) => many.iter().any(accepts),
            Types::Any => true,
        }
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

fn describe_types(schema: &Shape) -> String {
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
    match schema.types {
        Types::One(single) => describe(single.as_str()).to_owned(),
        Types::Many(many) => many
            .iter()
            .filter(|kind| *kind != "null")
            .map(describe)
            .collect::<Vec<_>>()
            .join(" or "),
        Types::Any => match schema.allowed() {
            Some(values) => format!("one of {}", list(values.iter())),
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
