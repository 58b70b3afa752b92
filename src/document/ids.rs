//! Stable action ids: made from what an action is about (a scope, an endpoint, a stage name),
//! not its position, so inserting an item does not shift the ticks saved for the others.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Hands out ids, each unique within one document.
///
/// A sorted set, not a hash set: a document has tens of ids, and comparing a few short
/// strings costs less than seeding and running a SipHash for each.
#[derive(Debug, Default)]
pub(crate) struct IdSet {
    taken: BTreeSet<String>,
}

impl IdSet {
    /// `prefix-slug-of-key`; a repeat gets `-2`, `-3`, ...
    pub(crate) fn make(&mut self, prefix: &str, key: &str) -> String {
        // Built in place: one buffer for the id, one copy for the set (a plan makes tens of ids).
        let mut id = String::with_capacity(prefix.len() + 1 + key.len().min(MAX_SLUG) + 3);
        id.push_str(prefix);
        id.push('-');
        push_slug(&mut id, key);
        // One search of the set when the id is new (nearly always), instead of a look and a put.
        if !self.taken.insert(id.clone()) {
            let base = id.len();
            let mut counter = 1;
            loop {
                counter += 1;
                id.truncate(base);
                let _ = write!(id, "-{counter}");
                if self.taken.insert(id.clone()) {
                    break;
                }
            }
        }
        id
    }
}

/// The longest slug kept: ids stay readable in storage and anchors.
const MAX_SLUG: usize = 48;

/// Appends the slug of `text` to `out`: lowercase ASCII letters and digits, other runs become
/// one dash, at most [`MAX_SLUG`] bytes; `item` when nothing is left.
fn push_slug(out: &mut String, text: &str) {
    // Byte by byte, into a buffer on the stack appended once: a character outside ASCII is
    // bytes that are not ASCII letters or digits, which make one dash, as the character would.
    let mut slug = [0u8; MAX_SLUG];
    let mut len = 0;
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() {
            slug[len] = byte.to_ascii_lowercase();
            len += 1;
        } else if len > 0 && slug[len - 1] != b'-' {
            slug[len] = b'-';
            len += 1;
        }
        if len == MAX_SLUG {
            break;
        }
    }
    while len > 0 && slug[len - 1] == b'-' {
        len -= 1;
    }
    // The bytes are ASCII, so they are always a `str`; nothing left makes `item`.
    match std::str::from_utf8(&slug[..len]) {
        Ok(slug) if !slug.is_empty() => out.push_str(slug),
        _ => out.push_str("item"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(text: &str) -> String {
        let mut slug = String::new();
        push_slug(&mut slug, text);
        slug
    }

    #[test]
    fn slugs_are_lowercase_dashed_and_bounded() {
        assert_eq!(slug("GET /v1/jobs/{id}"), "get-v1-jobs-id");
        assert_eq!(slug("harvest:applications:list"), "harvest-applications-list");
        assert_eq!(slug("→ ✓"), "item");
        assert!(slug(&"a ".repeat(500)).len() <= MAX_SLUG);
        assert_eq!(slug("a-b--"), "a-b");
    }

    /// The slug as first written, a character at a time: what the byte-wise one must equal.
    fn slug_by_characters(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            if out.len() >= MAX_SLUG {
                break;
            }
        }
        let kept = out.trim_end_matches('-').len();
        out.truncate(kept);
        if out.is_empty() {
            out.push_str("item");
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn slugs_read_bytes_as_characters_would(text in "[a-zA-Z0-9 /{}:_é日→✓-]{0,80}") {
            proptest::prop_assert_eq!(slug(&text), slug_by_characters(&text));
        }
    }

    #[test]
    fn repeats_get_a_counter() {
        let mut ids = IdSet::default();
        assert_eq!(ids.make("webhook", "x"), "webhook-x");
        assert_eq!(ids.make("webhook", "x"), "webhook-x-2");
        assert_eq!(ids.make("webhook", "X"), "webhook-x-3");
        assert_eq!(ids.make("webhook", "x 2"), "webhook-x-2-2");
        assert_eq!(ids.make("step", "→"), "step-item");
        assert_eq!(ids.make("step", "→"), "step-item-2");
    }
}
