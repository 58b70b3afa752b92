//! Text of a generated table packed into one string literal, each piece found again by its byte
//! offset and length, and its lists packed into shared arrays, each list found again by its first
//! index and length (`build/text_blob.rs` packs both).
//!
//! A `&str` or a slice stored in a `static` is a pointer, and in this position-independent binary
//! the dynamic loader rewrites every such pointer at every start: a copy-on-write fault on each
//! page of `.data.rel.ro` it touches. A [`Span`] or a [`Run`] is two integers, so a table of them
//! needs no relocation and stays in read-only, shared `.rodata`.

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
