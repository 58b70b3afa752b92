//! Text of a generated table packed into one string literal, each piece found again by its byte
//! offset and length, and its lists packed into shared arrays, each list found again by its first
//! index and length (`build/text_blob.rs` packs both).
//!
//! A `&str` or a slice stored in a `static` is a pointer, and in this position-independent binary
//! the dynamic loader rewrites every such pointer at every start: a copy-on-write fault on each
//! page of `.data.rel.ro` it touches. A [`Span`] or a [`Run`] is two integers, so a table of them
//! needs no relocation and stays in read-only, shared `.rodata`.

use std::fmt;
use std::marker::PhantomData;

use serde::{Serialize, Serializer};

/// Where one piece of text is in its blob: byte offset, then length.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span(pub(crate) u32, pub(crate) u32);

impl Span {
    /// This piece of `blob`, the blob `build.rs` made the span for.
    pub(crate) fn get(self, blob: &'static str) -> &'static str {
        let start = self.0 as usize;
        &blob[start..start + self.1 as usize]
    }
}

/// A list stored in a shared array of a generated table: its first index and its length.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Run(pub(crate) u16, pub(crate) u16);

impl Run {
    /// This list's entries of `array`, the array `build.rs` made the run for.
    pub(crate) fn of<T>(self, array: &'static [T]) -> &'static [T] {
        let start = usize::from(self.0);
        &array[start..start + usize::from(self.1)]
    }
}

/// A generated table's text blob, named by a type: a [`Text`] finds its blob through its type,
/// not through a pointer.
pub(crate) trait Blob {
    const TEXT: &'static str;
}

/// One text of blob `B`; compared, printed (`{:?}`) and serialized as the text itself, as the
/// `&'static str` it replaces was.
pub(crate) struct Text<B>(Span, PhantomData<B>);

impl<B: Blob> Text<B> {
    /// The text at `span` of `B`'s blob (generated tables are made of these).
    pub(crate) const fn at(span: Span) -> Self {
        Self(span, PhantomData)
    }

    /// The text itself, a slice of the blob.
    pub(crate) fn as_str(self) -> &'static str {
        self.0.get(B::TEXT)
    }
}

// By hand: derived, they would ask the same of `B`, a marker that is never a value.
impl<B> Clone for Text<B> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<B> Copy for Text<B> {}

impl<B: Blob> PartialEq for Text<B> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<B: Blob> Eq for Text<B> {}

impl<B: Blob> fmt::Debug for Text<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<B: Blob> Serialize for Text<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
