//! The one redactor. Every text that came from a server or from the environment (error bodies,
//! headers, URLs, excerpts, `-v`/`-vv` lines, JSON output) passes [`redact`] before it is shown,
//! and the binary's output writer passes everything through it once more as the final guard.
//!
//! What it removes:
//! - every secret in play, in every form a server may echo it: raw, URL-encoded, JSON-escaped,
//!   and inside any base64 text (so `base64("key:")` and `base64("id:secret")`, the two HTTP
//!   Basic forms, are covered whatever comes before the secret), plus the exact Basic header
//!   values the HTTP layer sent ([`register_encoded`]);
//! - any run of at least 8 bytes of such a form, wherever it stands: a prefix left where a text
//!   was cut, by a server or by us, or one half of a secret a table wrapped across two lines;
//! - the user name and password of a URL (`https://***@host`);
//! - the values of `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie` headers
//!   written out in a text.
//!
//! The secrets in play are process-wide: every [`crate::http::Secret`] registers itself when it
//! is created, so no call site can forget one. Texts are cut only after redaction ([`excerpt`]),
//! so a cut can never split a secret into pieces the redactor no longer recognises.

mod forms;
mod markers;
#[cfg(test)]
mod property_tests;
mod secret_set;

use std::borrow::Cow;
use std::sync::{LazyLock, PoisonError, RwLock};

pub use secret_set::SecretSet;

/// What a redacted secret, user name or header value is replaced with.
pub const MASK: &str = "***";

/// The secrets registered in this process.
static REGISTERED: LazyLock<RwLock<SecretSet>> = LazyLock::new(|| RwLock::new(SecretSet::new()));

/// Adds `secret` to the secrets removed from every text shown. [`crate::http::Secret::new`] calls
/// it; values shorter than [`SecretSet::MIN_SECRET_BYTES`] are ignored (they would blank out
/// ordinary words, and no key, secret or token is that short).
pub fn register(secret: &str) {
    if !SecretSet::is_searchable(secret) {
        return;
    }
    if REGISTERED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .contains_secret(secret)
    {
        return;
    }
    REGISTERED
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .add_secret(secret);
}

/// Adds one exact encoded form of secrets in play, such as the base64 of `id:secret` the HTTP
/// layer put in a Basic `Authorization` header: its public part (the client id) is not a secret,
/// but the whole value is, and so is any 8-byte run of it.
pub fn register_encoded(form: &str) {
    if !SecretSet::is_searchable(form) {
        return;
    }
    if REGISTERED
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .contains_form(form)
    {
        return;
    }
    REGISTERED
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .add_form(form);
}

/// `text` without any registered secret (in any form, or any 8-byte run of one), URL user
/// information, or header value that carries credentials. Each is replaced by [`MASK`].
pub fn redact(text: &str) -> String {
    redacted(text).into_owned()
}

/// [`redact`] without a copy when nothing in `text` is masked: for the output writer, which
/// passes every byte it writes through here.
pub fn redacted(text: &str) -> Cow<'_, str> {
    REGISTERED.read().unwrap_or_else(PoisonError::into_inner).redacted(text)
}

/// The start of `text` on one line, redacted and then cut to `max_chars` characters (with `…`
/// when cut). Redacting first means the cut cannot leave a piece of a secret behind.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cut(&redact(&one_line), max_chars)
}

/// `text` cut to `max_chars` characters, with `…` when something was cut.
fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_secret_is_redacted_everywhere_in_the_process() {
        register("registry-canary-8c1f0e77b2");
        assert_eq!(redact("key registry-canary-8c1f0e77b2 refused"), "key *** refused");
        assert!(!redact("cut: registry-canary-8c").contains("registry-canary-8c"));
    }

    #[test]
    fn an_encoded_form_is_redacted_whole_even_where_its_public_part_stands_alone() {
        register_encoded("ZWd0YmxlLWNsaWVudDpzM2NyZXQ=");
        assert_eq!(redact("Basic ZWd0YmxlLWNsaWVudDpzM2NyZXQ="), "Basic ***");
        assert_eq!(redact("Basic ZWd0YmxlLWNs…"), "Basic ***…");
    }

    #[test]
    fn excerpts_are_cut_after_redaction() {
        register("excerpt-canary-0d9e8f7a6b5c");
        let body = format!("{}excerpt-canary-0d9e8f7a6b5c and more", "x".repeat(100));
        let excerpt = excerpt(&body, 110);
        assert_eq!(excerpt, format!("{}*** and mo…", "x".repeat(100)));
        assert_eq!(super::excerpt("a\n  b\tc", 10), "a b c");
        assert_eq!(super::excerpt("abcdef", 3), "abc…");
    }
}
