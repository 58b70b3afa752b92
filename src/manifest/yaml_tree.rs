//! A YAML document as a tree of nodes that remember where they are, built from the parser's
//! events. The structural check walks this tree; typed deserialization happens separately.

use serde_saphyr::granit_parser::{Event, Marker, Parser, ScalarStyle, Span};

use crate::diagnostic::Location;

/// One YAML node.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) location: Location,
}

#[derive(Debug)]
pub(crate) enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    /// Keys with their own locations, then values, in file order.
    Mapping(Vec<(Node, Node)>),
    /// `*alias`: not expanded here; the typed pass resolves it.
    Alias,
}

#[derive(Debug)]
pub(crate) struct Scalar {
    pub(crate) text: String,
    pub(crate) quoted: bool,
}

/// What a scalar means under YAML 1.2's core schema, which is what the typed pass uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScalarType {
    Null,
    Boolean,
    Integer,
    Number,
    String,
}

impl Scalar {
    pub(crate) fn resolved_type(&self) -> ScalarType {
        if self.quoted {
            return ScalarType::String;
        }
        match self.text.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => ScalarType::Null,
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => ScalarType::Boolean,
            text if text.parse::<i64>().is_ok() => ScalarType::Integer,
            text if text.parse::<f64>().is_ok() && text.chars().any(|c| c.is_ascii_digit()) => ScalarType::Number,
            _ => ScalarType::String,
        }
    }
}

impl Node {
    pub(crate) fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Scalar(scalar) => match scalar.resolved_type() {
                ScalarType::Null => "null",
                ScalarType::Boolean => "a boolean",
                ScalarType::Integer => "an integer",
                ScalarType::Number => "a number",
                ScalarType::String => "text",
            },
            NodeKind::Sequence(_) => "a list",
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Alias => "an alias",
        }
    }
}

/// A syntax error, with where the parser stopped.
#[derive(Debug)]
pub(crate) struct SyntaxError {
    pub(crate) message: String,
    pub(crate) location: Location,
}

/// The deepest nesting of lists and mappings accepted, the same bound as the typed pass
/// (`serde_saphyr`'s default budget). A manifest nests about six levels; the bound keeps the
/// recursive walks over the tree (the structural check, dropping it) off the end of the stack
/// whatever the input (`[[[[...` a hundred thousand deep).
pub(crate) const MAX_DEPTH: usize = 64;

/// Parses the first document of `text`; `Ok(None)` for an empty file.
pub(crate) fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| {
            // The scanner appends "at char N line L column C"; the finding carries the place.
            let mut message = error.to_string();
            if let Some(at) = message.rfind(" at char ") {
                message.truncate(at);
            }
            // The scanner's own nesting bound (255 levels) can trip before ours when it reads
            // ahead; one message for both.
            if message == "recursion limit exceeded" {
                message = too_deep();
            }
            SyntaxError {
                message,
                location: point(error.marker()),
            }
        })?;
        builder.push(event, span, text)?;
    }
    Ok(builder.root)
}

fn too_deep() -> String {
    format!("lists and mappings nest deeper than {MAX_DEPTH} levels; a manifest needs fewer than ten")
}

enum Frame {
    Sequence(Node),
    Mapping { node: Node, pending_key: Option<Node> },
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn push(&mut self, event: Event<'_>, span: Span, text: &str) -> Result<(), SyntaxError> {
        let location = locate(span, text);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        message: "a manifest is one YAML document; found a second `---`".into(),
                        location,
                    });
                }
            }
            Event::Scalar(value, style, ..) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                self.attach(Node {
                    kind: NodeKind::Scalar(Scalar {
                        text: value.into_owned(),
                        quoted,
                    }),
                    location,
                });
            }
            Event::Alias(_) => self.attach(Node {
                kind: NodeKind::Alias,
                location,
            }),
            Event::SequenceStart(..) | Event::MappingStart(..) if self.stack.len() >= MAX_DEPTH => {
                return Err(SyntaxError {
                    message: too_deep(),
                    location,
                });
            }
            Event::SequenceStart(..) => {
                self.stack.push(Frame::Sequence(Node {
                    kind: NodeKind::Sequence(Vec::new()),
                    location,
                }));
            }
            Event::MappingStart(..) => self.stack.push(Frame::Mapping {
                node: Node {
                    kind: NodeKind::Mapping(Vec::new()),
                    location,
                },
                pending_key: None,
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Sequence(node) | Frame::Mapping { node, .. }) => node,
                    None => return Ok(()),
                };
                self.attach(node);
            }
            _ => {}
        }
        Ok(())
    }

    fn attach(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Sequence(parent)) => {
                if let NodeKind::Sequence(items) = &mut parent.kind {
                    items.push(node);
                }
            }
            Some(Frame::Mapping {
                node: parent,
                pending_key,
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => {
                    if let NodeKind::Mapping(entries) = &mut parent.kind {
                        entries.push((key, node));
                    }
                }
            },
        }
    }
}

fn point(marker: &Marker) -> Location {
    let byte = marker.byte_offset().unwrap_or(0);
    Location {
        line: marker.line().max(1),
        column: marker.col() + 1,
        byte_start: byte,
        byte_end: byte,
    }
}

fn locate(span: Span, text: &str) -> Location {
    let start = point(&span.start);
    let end = span.end.byte_offset().unwrap_or(start.byte_start).min(text.len());
    // Underline at most the first line of a multi-line node: a caret under one line reads better.
    let line_end = text[start.byte_start..end]
        .find('\n')
        .map_or(end, |offset| start.byte_start + offset);
    Location {
        byte_end: line_end.max(start.byte_start),
        ..start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_places() {
        let root = parse("a: 1\nlist:\n  - 'x'\n  - y\n").unwrap().unwrap();
        let NodeKind::Mapping(entries) = &root.kind else {
            panic!("mapping")
        };
        let (key, value) = &entries[1];
        assert_eq!(key.location.line, 2);
        assert_eq!(key.location.column, 1);
        let NodeKind::Sequence(items) = &value.kind else {
            panic!("sequence")
        };
        assert_eq!(items[1].location.line, 4);
        assert_eq!(items[1].location.column, 5);
        let NodeKind::Scalar(quoted) = &items[0].kind else {
            panic!("scalar")
        };
        assert!(quoted.quoted);
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(error.location.line >= 1);
        assert!(!error.message.is_empty());
    }

    #[test]
    fn nesting_is_bounded_without_recursion() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let error = parse(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(error.message.contains("nest deeper than 64"), "{}", error.message);
        assert_eq!((error.location.line, error.location.column), (1, MAX_DEPTH + 1));
        // Far deeper, the scanner's own bound trips first; the finding reads the same.
        let error = parse(&nested(100_000)).unwrap_err();
        assert!(error.message.contains("nest deeper than 64"), "{}", error.message);
        assert_eq!(error.location.line, 1);
        let mappings: String = (0..1000).map(|depth| format!("{}k:\n", "  ".repeat(depth))).collect();
        let error = parse(&mappings).unwrap_err();
        assert_eq!(error.location.line, MAX_DEPTH + 1);
    }

    #[test]
    fn scalars_resolve_like_the_core_schema() {
        let types: Vec<ScalarType> = ["true", "12", "1.5", "~", "text"]
            .iter()
            .map(|text| {
                Scalar {
                    text: (*text).into(),
                    quoted: false,
                }
                .resolved_type()
            })
            .collect();
        assert_eq!(
            types,
            [
                ScalarType::Boolean,
                ScalarType::Integer,
                ScalarType::Number,
                ScalarType::Null,
                ScalarType::String
            ]
        );
    }
}
