//! Inline text: runs of words where some spans are values a person types or pastes, so each
//! renderer can mark them (backticks in Markdown, copy buttons in HTML, never broken in a
//! terminal).

use serde::{Serialize, Serializer};

/// A run of spans, read as one piece of prose.
#[derive(Clone, Default)]
pub struct Text(Spans);

/// A text's spans. Most texts are one span, kept in place: a document has hundreds of texts,
/// and a list for each was an allocation and heap touched for nothing.
#[derive(Clone, Default)]
enum Spans {
    #[default]
    None,
    One(Span),
    Many(Vec<Span>),
}

/// One span of text and what kind of token it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    #[serde(skip_serializing_if = "SpanStyle::is_plain")]
    pub style: SpanStyle,
}

/// What a span is, so a renderer knows how to show it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanStyle {
    #[default]
    Plain,
    /// A name the reader should notice (a credential kind, a setting).
    Strong,
    /// Literal, code-like text shown as is but not typed: an endpoint, a payload action.
    Code,
    /// A value a person types, pastes or picks: a web hook name, a "When" label, a scope, an
    /// email, a dropdown value. HTML gives it a copy button.
    Copy,
    /// A web address to open; renderers link it only when it is `http(s)://`.
    Link,
}

impl SpanStyle {
    fn is_plain(&self) -> bool {
        *self == Self::Plain
    }

    /// Code, copyable values and links are tokens: a terminal keeps them on one line.
    pub fn is_token(self) -> bool {
        matches!(self, Self::Code | Self::Copy | Self::Link)
    }
}

impl Text {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends plain prose.
    #[must_use]
    pub fn plain(self, text: impl Into<String> + AsRef<str>) -> Self {
        self.push(text, SpanStyle::Plain)
    }

    #[must_use]
    pub fn strong(self, text: impl Into<String> + AsRef<str>) -> Self {
        self.push(text, SpanStyle::Strong)
    }

    #[must_use]
    pub fn code(self, text: impl Into<String> + AsRef<str>) -> Self {
        self.push(text, SpanStyle::Code)
    }

    #[must_use]
    pub fn copy(self, text: impl Into<String> + AsRef<str>) -> Self {
        self.push(text, SpanStyle::Copy)
    }

    #[must_use]
    pub fn link(self, text: impl Into<String> + AsRef<str>) -> Self {
        self.push(text, SpanStyle::Link)
    }

    /// Appends a span; empty text adds nothing, and a span continuing one of the same style is
    /// merged into it.
    #[must_use]
    pub fn push(mut self, text: impl Into<String> + AsRef<str>, style: SpanStyle) -> Self {
        // Borrowed text is copied only into a new span: merged, it is appended where it lies.
        if text.as_ref().is_empty() {
            return self;
        }
        let merges = |last: &Span| last.style == style && style == SpanStyle::Plain;
        self.0 = match std::mem::take(&mut self.0) {
            Spans::None => Spans::One(Span {
                text: text.into(),
                style,
            }),
            Spans::One(mut last) if merges(&last) => {
                last.text.push_str(text.as_ref());
                Spans::One(last)
            }
            Spans::One(first) => Spans::Many(vec![
                first,
                Span {
                    text: text.into(),
                    style,
                },
            ]),
            Spans::Many(mut spans) => {
                match spans.last_mut() {
                    Some(last) if merges(last) => last.text.push_str(text.as_ref()),
                    _ => spans.push(Span {
                        text: text.into(),
                        style,
                    }),
                }
                Spans::Many(spans)
            }
        };
        self
    }

    /// Appends every span of `other`.
    #[must_use]
    pub fn append(self, other: Text) -> Self {
        match other.0 {
            Spans::None => self,
            Spans::One(span) => self.push(span.text, span.style),
            Spans::Many(spans) => spans
                .into_iter()
                .fold(self, |text, span| text.push(span.text, span.style)),
        }
    }

    pub fn spans(&self) -> &[Span] {
        match &self.0 {
            Spans::None => &[],
            Spans::One(span) => std::slice::from_ref(span),
            Spans::Many(spans) => spans,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.spans().iter().all(|span| span.text.trim().is_empty())
    }

    /// The text without styles.
    pub fn to_plain(&self) -> String {
        self.spans().iter().map(|span| span.text.as_str()).collect()
    }
}

// Compared, printed and serialized as its list of spans, however they are held.
impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.spans() == other.spans()
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Text").field(&self.spans()).finish()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.spans())
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::new().plain(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::new().plain(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_spans_merge_and_tokens_stay_apart() {
        let text = Text::new().plain("Set ").plain("the ").copy("a").copy("b").plain("");
        assert_eq!(text.spans().len(), 3);
        assert_eq!(text.to_plain(), "Set the ab");
        assert_eq!(text.spans()[0].text, "Set the ");
    }

    #[test]
    fn a_text_is_its_spans_however_they_are_held() {
        let one = Text::new().plain("a ").plain("b");
        let two = Text::new().plain("a ").copy("b");
        assert_eq!(one.spans().len(), 1);
        assert_eq!(two.spans().len(), 2);
        assert_eq!(Text::new().plain("a b"), one);
        assert_ne!(one, two);
        assert!(Text::new().spans().is_empty() && Text::new().plain("  ").is_empty());
        assert_eq!(format!("{one:?}"), r#"Text([Span { text: "a b", style: Plain }])"#);
        assert_eq!(
            Text::new().code("x").append(two.clone()).spans().len(),
            3,
            "a code span does not merge"
        );
        assert_eq!(Text::new().plain("x ").append(one).to_plain(), "x a b");
    }

    #[test]
    fn serializes_plain_spans_without_a_style() {
        let text = Text::new().plain("x ").copy("y");
        let json = serde_json::to_value(&text).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!([{"text": "x "}, {"text": "y", "style": "copy"}])
        );
    }
}
