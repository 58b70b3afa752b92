//! Stable action ids: made from what an action is about (a scope, an endpoint, a stage name),
//! not its position, so inserting an item does not shift the ticks saved for the others.

use std::collections::BTreeSet;

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
        let base = format!("{prefix}-{}", slug(key));
        let mut id = base.clone();
        let mut counter = 1;
        while self.taken.contains(&id) {
            counter += 1;
            id = format!("{base}-{counter}");
        }
        self.taken.insert(id.clone());
        id
    }
}

/// The longest slug kept: ids stay readable in storage and anchors.
const MAX_SLUG: usize = 48;

/// Lowercase ASCII letters and digits, other runs become one dash.
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG {
            break;
        }
    }
    slug.truncate(slug.trim_end_matches('-').len());
    if slug.is_empty() { "item".to_owned() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_dashed_and_bounded() {
        assert_eq!(slug("GET /v1/jobs/{id}"), "get-v1-jobs-id");
        assert_eq!(slug("harvest:applications:list"), "harvest-applications-list");
        assert_eq!(slug("→ ✓"), "item");
        assert!(slug(&"a ".repeat(500)).len() <= MAX_SLUG);
    }

    #[test]
    fn repeats_get_a_counter() {
        let mut ids = IdSet::default();
        assert_eq!(ids.make("webhook", "x"), "webhook-x");
        assert_eq!(ids.make("webhook", "x"), "webhook-x-2");
        assert_eq!(ids.make("webhook", "X"), "webhook-x-3");
    }
}
