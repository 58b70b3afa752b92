//! A set of secrets and the machinery that finds them in a text: the first 8 bytes of every form
//! of every secret, in a hash map, so one pass over the text finds each place a form starts;
//! from there the match runs as far as the text agrees with the form. Whole forms and prefixes
//! of at least 8 bytes (what a cut leaves) are masked alike, in time linear in the text.
//!
//! Only prefixes: a secret's tail standing alone is not searched for, because test and
//! hand-made secrets often end in ordinary words (`…-partial`) that public values share, and a
//! tail appears only where a text was cut at its start, which nothing here does. A line wrap
//! in a rendered table could split a secret too, so texts are redacted before they are
//! rendered (the library redacts what it quotes from servers), not only on the way out.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::{MASK, forms, markers};

/// A prefix of a secret's form this long (or the whole form) is redacted wherever it stands.
const WINDOW: usize = 8;
/// The most secret bytes indexed. Real runs hold a few keys and tokens (a few KiB); the bound
/// keeps a server that hands out thousands of tokens from growing the index without end. The
/// user's own credentials are read before any request, so they are always within it.
const MAX_INDEXED_BYTES: usize = 256 * 1024;

/// Secrets and their forms, searchable in a text.
#[derive(Debug, Default)]
pub struct SecretSet {
    /// Forms of at least `WINDOW` bytes.
    long: Vec<Box<[u8]>>,
    /// The indexes in `long` of the forms that start with each `WINDOW`-byte key (the first
    /// bytes as a little-endian `u64`).
    starts: HashMap<u64, Vec<usize>, BuildHasherDefault<WindowHasher>>,
    /// Forms shorter than a window, searched for whole.
    short: Vec<String>,
    secrets: HashSet<Box<str>>,
    forms: HashSet<Box<str>>,
    indexed_bytes: usize,
}

impl SecretSet {
    /// Shorter values are not searched for: they would blank out ordinary words.
    pub const MIN_SECRET_BYTES: usize = 6;

    pub fn new() -> Self {
        Self::default()
    }

    /// Whether `value` is long enough to be searched for.
    pub fn is_searchable(value: &str) -> bool {
        value.len() >= Self::MIN_SECRET_BYTES
    }

    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty() && self.forms.is_empty()
    }

    pub fn contains_secret(&self, secret: &str) -> bool {
        self.secrets.contains(secret)
    }

    pub fn contains_form(&self, form: &str) -> bool {
        self.forms.contains(form)
    }

    /// Adds `secret` in every form a server may echo it in. Returns whether it is now searched
    /// for (false when too short, or when the index is full).
    pub fn add_secret(&mut self, secret: &str) -> bool {
        if !Self::is_searchable(secret) {
            return false;
        }
        if self.secrets.contains(secret) {
            return true;
        }
        if self.indexed_bytes + secret.len() > MAX_INDEXED_BYTES {
            return false;
        }
        self.indexed_bytes += secret.len();
        self.secrets.insert(secret.into());
        for form in forms::of_secret(secret) {
            self.index(&form);
        }
        true
    }

    /// Adds one exact form (the base64 of `id:secret` sent in a header, say).
    pub fn add_form(&mut self, form: &str) -> bool {
        if !Self::is_searchable(form) {
            return false;
        }
        if self.forms.contains(form) {
            return true;
        }
        if self.indexed_bytes + form.len() > MAX_INDEXED_BYTES {
            return false;
        }
        self.indexed_bytes += form.len();
        self.forms.insert(form.into());
        self.index(form);
        true
    }

    fn index(&mut self, form: &str) {
        let bytes = form.as_bytes();
        if bytes.len() < WINDOW {
            if !self.short.iter().any(|short| short == form) {
                self.short.push(form.to_owned());
            }
            return;
        }
        let key = window_key(&bytes[..WINDOW]);
        let known = self
            .starts
            .get(&key)
            .is_some_and(|indexes| indexes.iter().any(|index| self.long[*index].as_ref() == bytes));
        if !known {
            self.long.push(bytes.into());
            self.starts.entry(key).or_default().push(self.long.len() - 1);
        }
    }

    /// `text` with every secret run, URL user information and credential header value masked.
    pub fn redact(&self, text: &str) -> String {
        self.redacted(text).into_owned()
    }

    /// [`SecretSet::redact`] without a copy when nothing is masked (the common case: a plan
    /// reads no credential, and its text holds no URL password or credential header).
    pub fn redacted<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.mask_secrets(text) {
            Cow::Borrowed(text) => match markers::mask_userinfo(text) {
                Cow::Borrowed(text) => markers::mask_header_values(text),
                Cow::Owned(text) => Cow::Owned(markers::mask_header_values(&text).into_owned()),
            },
            Cow::Owned(text) => {
                let userinfo_masked = markers::mask_userinfo(&text).into_owned();
                Cow::Owned(markers::mask_header_values(&userinfo_masked).into_owned())
            }
        }
    }

    /// `text` with every run of secret bytes replaced by [`MASK`].
    fn mask_secrets<'a>(&self, text: &'a str) -> Cow<'a, str> {
        // No secret in play (no command that reads a credential): nothing to search for.
        if self.starts.is_empty() && self.short.is_empty() {
            return Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        // Byte ranges to hide; overlapping and touching ones are merged below.
        let mut hidden: Vec<(usize, usize)> = Vec::new();
        if !self.starts.is_empty() {
            for (start, window) in bytes.windows(WINDOW).enumerate() {
                let Some(indexes) = self.starts.get(&window_key(window)) else {
                    continue;
                };
                // The longest agreement with any form starting here: the whole form, or the
                // prefix a cut left.
                let rest = &bytes[start..];
                let length = indexes
                    .iter()
                    .map(|index| common_prefix(rest, &self.long[*index]))
                    .max()
                    .unwrap_or(0);
                if length >= WINDOW {
                    hidden.push((start, start + length));
                }
            }
        }
        for short in &self.short {
            hidden.extend(text.match_indices(short.as_str()).map(|(at, _)| (at, at + short.len())));
        }
        hidden.sort_unstable();
        if hidden.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut masked = String::with_capacity(text.len());
        let mut kept_until = 0;
        let mut pending: Option<(usize, usize)> = None;
        // A window may start or end inside a multi-byte character: hide the whole character,
        // and merge ranges that touch once widened.
        for (start, end) in hidden {
            let (start, end) = (floor_char_boundary(text, start), ceil_char_boundary(text, end));
            pending = match pending {
                Some((open, close)) if start <= close => Some((open, close.max(end))),
                Some((open, close)) => {
                    masked.push_str(&text[kept_until..open]);
                    masked.push_str(MASK);
                    kept_until = close;
                    Some((start, end))
                }
                None => Some((start, end)),
            };
        }
        if let Some((open, close)) = pending {
            masked.push_str(&text[kept_until..open]);
            masked.push_str(MASK);
            kept_until = close;
        }
        masked.push_str(&text[kept_until..]);
        Cow::Owned(masked)
    }
}

fn common_prefix(text: &[u8], form: &[u8]) -> usize {
    text.iter().zip(form).take_while(|(a, b)| a == b).count()
}

fn window_key(window: &[u8]) -> u64 {
    let mut bytes = [0u8; WINDOW];
    bytes.copy_from_slice(window);
    u64::from_le_bytes(bytes)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// A fast hash for `u64` window keys (multiply and fold). The keys are secrets' bytes, which a
/// server cannot choose, so there is nothing to gain from a keyed hash.
#[derive(Debug, Default, Clone, Copy)]
struct WindowHasher(u64);

impl Hasher for WindowHasher {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u64(u64::from(*byte));
        }
    }

    fn write_u64(&mut self, value: u64) {
        let mut mixed = (self.0 ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        mixed ^= mixed >> 32;
        mixed = mixed.wrapping_mul(0xD6E8_FEB8_6659_FD93);
        self.0 = mixed ^ (mixed >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    fn set(secrets: &[&str]) -> SecretSet {
        let mut set = SecretSet::new();
        for secret in secrets {
            assert!(set.add_secret(secret));
        }
        set
    }

    #[test]
    fn whole_secrets_and_prefixes_are_masked() {
        let set = set(&["CANARY-9f8e7d-v1-0123456789"]);
        assert_eq!(set.redact("key CANARY-9f8e7d-v1-0123456789 refused"), "key *** refused");
        assert_eq!(set.redact("cut CANARY-9f8e7d-v1…"), "cut ***…");
        assert_eq!(
            set.redact("cut, then more: CANARY-9f8e7d-v1) and"),
            "cut, then more: ***) and"
        );
        assert_eq!(
            set.redact("two CANARY-9f8e7d-v1-0123456789CANARY-9f8e7d-v1-0123456789"),
            "two ***"
        );
        assert_eq!(
            set.redact("short piece CANARY-"),
            "short piece CANARY-",
            "under 8 bytes stays"
        );
        assert_eq!(set.redact("nothing here"), "nothing here");
    }

    #[test]
    fn basic_auth_encodings_are_masked() {
        let set = set(&["CANARY-key-77aa99bb"]);
        let key_only = STANDARD.encode("CANARY-key-77aa99bb:");
        let redacted = set.redact(&format!("denied for Basic {key_only}"));
        assert!(!redacted.contains(&key_only[..12]), "{redacted}");
        let with_id = STANDARD.encode("client-id-1:CANARY-key-77aa99bb");
        let redacted = set.redact(&format!("denied for Basic {with_id}"));
        assert!(redacted.starts_with("denied for Basic "), "{redacted}");
        assert!(redacted.contains(MASK) && redacted.len() < 40, "{redacted}");
    }

    #[test]
    fn a_tail_shared_with_public_text_is_left_alone() {
        let set = set(&["canary-secret-5b8e0c7d2f19-partial"]);
        assert_eq!(set.redact("client id profile-partial"), "client id profile-partial");
        assert_eq!(set.redact("canary-secret-5b8e0c7d2f19-partial"), "***");
    }

    #[test]
    fn short_secrets_are_masked_whole_and_tiny_ones_ignored() {
        let mut set = SecretSet::new();
        assert!(set.add_secret("s3cr3t"));
        assert!(!set.add_secret("abc"));
        assert_eq!(set.redact("a s3cr3t b s3cr3t"), "a *** b ***");
        assert_eq!(set.redact("abc"), "abc");
    }

    #[test]
    fn multibyte_text_around_and_inside_secrets_stays_valid() {
        let set = set(&["clé-secrète-ünïcode-42"]);
        assert_eq!(set.redact("→ clé-secrète-ünïcode-42 ←"), "→ *** ←");
        assert_eq!(set.redact("→ clé-secrè…"), "→ ***…");
    }

    #[test]
    fn with_no_secret_in_play_only_the_scan_for_secrets_is_skipped() {
        let empty = SecretSet::new();
        let plain = "1. Permissions │ harvest:jobs:list ┆ https://example.com/a@b";
        assert!(
            matches!(empty.redacted(plain), Cow::Borrowed(_)),
            "nothing masked, nothing copied"
        );
        // URL passwords and credential headers are found by where they stand, not by value:
        // the fast path still masks them.
        assert_eq!(
            empty.redacted("https://u:CANARY-4d2e9f@h/x Authorization: Bearer CANARY-4d2e9f-token"),
            "https://***@h/x Authorization: Bearer ***"
        );
        // The same text through a set with a secret: the secret goes too, in every pass.
        let set = set(&["CANARY-secret-61b0a4"]);
        assert_eq!(set.redacted(plain), plain);
        assert_eq!(
            set.redacted("secret CANARY-secret-61b0a4 and CANARY-secret-61 at https://a:b@h"),
            "secret *** and *** at https://***@h"
        );
    }

    #[test]
    fn the_index_has_a_bound() {
        let mut set = SecretSet::new();
        let mut added = 0;
        for index in 0..400 {
            if set.add_secret(&format!("token-{index:06}-{}", "x".repeat(1000))) {
                added += 1;
            }
        }
        assert_eq!(added, MAX_INDEXED_BYTES / 1013, "whole secrets until the bound");
        assert!(set.indexed_bytes <= MAX_INDEXED_BYTES);
    }
}
