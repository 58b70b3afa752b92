//! Inline text: runs of words where some spans are values a person types or pastes, so each
//! renderer can mark them (backticks in Markdown, copy buttons in HTML, never broken in a
//! terminal).

use serde::Serialize;

/// A run of spans, read as one piece of prose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Span>);

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
        match self.0.last_mut() {
            Some(last) if last.style == style && style == SpanStyle::Plain => last.text.push_str(text.as_ref()),
            _ => {
                // Most texts are one span: room for exactly that, not the four a first push
                // would make (a plan has hundreds of texts; the spare room is pages touched).
                if self.0.capacity() == 0 {
                    self.0.reserve_exact(1);
                }
                self.0.push(Span {
                    text: text.into(),
                    style,
                });
            }
        }
        self
    }

    /// Appends every span of `other`.
    #[must_use]
    pub fn append(mut self, other: Text) -> Self {
        for span in other.0 {
            self = self.push(span.text, span.style);
        }
        self
    }

    pub fn spans(&self) -> &[Span] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|span| span.text.trim().is_empty())
    }

    /// The text without styles.
    pub fn to_plain(&self) -> String {
        self.0.iter().map(|span| span.text.as_str()).collect()
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
    fn serializes_plain_spans_without_a_style() {
        let text = Text::new().plain("x ").copy("y");
        let json = serde_json::to_value(&text).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!([{"text": "x "}, {"text": "y", "style": "copy"}])
        );
    }
}
