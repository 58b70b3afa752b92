//! The forms in which a secret can come back in a server's text: as itself, URL-encoded (form or
//! percent style, either hex case), JSON-escaped, and inside base64.
//!
//! Base64 works on 3-byte groups, so the characters a secret turns into depend on where it
//! starts in the encoded bytes: `base64("key:")` puts the key at offset 0, `base64("id:secret")`
//! at the length of `id:`. For each of the three alignments (and both alphabets, standard and
//! URL-safe) the characters that depend only on the secret's bytes are the same whatever comes
//! before or after it; those are the base64 forms returned here.

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};

/// Every form of `secret` worth searching for, without duplicates.
pub(super) fn of_secret(secret: &str) -> Vec<String> {
    let mut forms = vec![secret.to_owned()];
    forms.push(url::form_urlencoded::byte_serialize(secret.as_bytes()).collect());
    let percent = percent_encoded(secret);
    forms.push(percent.to_ascii_lowercase());
    forms.push(percent);
    if let Ok(json) = serde_json::to_string(secret) {
        forms.push(json[1..json.len() - 1].to_owned());
    }
    for alignment in 0..3 {
        forms.push(base64_core(secret.as_bytes(), alignment, &STANDARD_NO_PAD));
        forms.push(base64_core(secret.as_bytes(), alignment, &URL_SAFE_NO_PAD));
    }
    let mut unique: Vec<String> = Vec::with_capacity(forms.len());
    for form in forms {
        if !form.is_empty() && !unique.contains(&form) {
            unique.push(form);
        }
    }
    unique
}

/// Every byte outside RFC 3986's unreserved set as `%XX` (upper-case hex).
fn percent_encoded(secret: &str) -> String {
    let mut encoded = String::with_capacity(secret.len() * 3);
    for byte in secret.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The base64 characters fully determined by `secret` when it starts `alignment` bytes into a
/// 3-byte group. Character `k` carries bits `6k..6k+6` of the encoded bytes; the secret holds bits
/// `8·alignment..8·(alignment + len)`.
fn base64_core(secret: &[u8], alignment: usize, engine: &impl base64::Engine) -> String {
    let mut padded = vec![0u8; alignment];
    padded.extend_from_slice(secret);
    let encoded = engine.encode(&padded);
    let start = (8 * alignment).div_ceil(6);
    let end = (8 * (alignment + secret.len()) / 6).min(encoded.len());
    encoded.get(start..end).unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};

    use super::*;

    #[test]
    fn each_basic_auth_encoding_contains_a_base64_form() {
        let secret = "CANARY-9f8e7d/v1+x=y z";
        let forms = of_secret(secret);
        for prefix in ["", "i", "id", "id:", "eqtble-client:", "ab:"] {
            for engine in [&STANDARD, &URL_SAFE] {
                for suffix in ["", ":", "tail"] {
                    let encoded = engine.encode(format!("{prefix}{secret}{suffix}"));
                    assert!(
                        forms
                            .iter()
                            .any(|form| form.len() >= 8 && encoded.contains(form.as_str())),
                        "{prefix:?}+secret+{suffix:?} → {encoded} contains none of {forms:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn url_and_json_encodings_are_forms() {
        let forms = of_secret("a b/c\"d+é");
        for expected in [
            "a+b%2Fc%22d%2B%C3%A9",
            "a%20b%2Fc%22d%2B%C3%A9",
            "a%20b%2fc%22d%2b%c3%a9",
            "a b/c\\\"d+é",
        ] {
            assert!(forms.iter().any(|form| form == expected), "{expected} in {forms:?}");
        }
    }

    #[test]
    fn plain_secrets_are_not_listed_twice() {
        let forms = of_secret("abcdef123456");
        let mut sorted = forms.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), forms.len());
        assert_eq!(forms[0], "abcdef123456");
    }
}
