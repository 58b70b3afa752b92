//! Text of a generated table packed into one string literal, each piece found again by its byte
//! offset and length (`build/text_blob.rs` packs it).
//!
//! A `&str` stored in a `static` is a pointer, and in this position-independent binary the dynamic
//! loader rewrites every such pointer at every start: a copy-on-write fault on each page of
//! `.data.rel.ro` it touches. A [`Span`] is two integers, so a table of them needs no relocation
//! and stays in read-only, shared `.rodata`.

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
