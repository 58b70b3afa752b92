//! Fuzz target: the redactor (`atsctl::redact::SecretSet`, the set the output writer masks
//! with). The input's first bytes (up to a NUL, at most 24) make a secret, the rest a text a
//! server might send. The secret is planted in that text raw, as the base64 of `secret:` (a
//! Basic header), URL-encoded and cut short at a random point of at least 8 characters; whatever
//! surrounds it, none of those forms may survive. A private `SecretSet` is used, not the
//! process-wide one, so fuzzed secrets never mask another test's output.

use atsctl::redact::SecretSet;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

pub(super) const DICTIONARY: &[&str] = &[
    "Basic ",
    "Bearer ",
    "Authorization: ",
    "Cookie: ",
    "https://user:",
    "@host/",
    "%2F",
    "%3A",
    "=",
    "\n",
    "…",
    "\u{0}",
];

/// The secret's alphabet: no `*`, so a mask can never spell part of one; `/+=:@ %` so that the
/// encoded forms differ from the raw one.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./+=:@ %";

pub(super) fn redact(input: &[u8]) {
    let split = input.iter().position(|byte| *byte == 0).unwrap_or(input.len().min(24));
    let (head, rest) = input.split_at(split);
    let secret: String = head
        .iter()
        .take(64)
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect();
    let text = String::from_utf8_lossy(rest.get(1..).unwrap_or_default()).into_owned();
    let mut set = SecretSet::new();
    // With nothing registered the redactor must still take any text (URL passwords and
    // credential headers are masked whatever the set holds).
    let _ = set.redact(&text);
    if secret.trim().len() < 8 || !set.add_secret(&secret) {
        return;
    }
    let basic = STANDARD.encode(format!("{secret}:"));
    let url_encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let cut = &secret[..8 + input.len() % (secret.len() - 7)];
    let planted = [
        (format!("{text}{secret}{text}"), secret.as_str()),
        (format!("{text} Basic {basic} {text}"), basic.as_str()),
        (format!("{text}?key={url_encoded}&{text}"), url_encoded.as_str()),
        (format!("{text}{cut}"), cut),
    ];
    for (planted, form) in &planted {
        let shown = set.redact(planted);
        assert!(
            !shown.contains(form),
            "a form of the secret survived redaction: secret {secret:?}, form {form:?}, shown {shown:?}"
        );
        assert!(
            !shown.contains(secret.as_str()),
            "the secret survived redaction: {secret:?} in {shown:?}"
        );
    }
}
