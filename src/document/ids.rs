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
        if self.taken.contains(&id) {
            let base = id.len();
            let mut counter = 1;
            loop {
                counter += 1;
                id.truncate(base);
                let _ = write!(id, "-{counter}");
                if !self.taken.contains(&id) {
                    break;
                }
            }
        }
        self.taken.insert(id.clone());
        id
    }
}

/// The longest slug kept: ids stay readable in storage and anchors.
const MAX_SLUG: usize = 48;

/// Appends the slug of `text` to `out`: lowercase ASCII letters and digits, other runs become
/// one dash, at most [`MAX_SLUG`] bytes; `item` when nothing is left.
fn push_slug(out: &mut String, text: &str) {
    let start = out.len();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if out.len() > start && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() - start >= MAX_SLUG {
            break;
        }
    }
    let kept = out[start..].trim_end_matches('-').len();
    out.truncate(start + kept);
    if out.len() == start {
        out.push_str("item");
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
