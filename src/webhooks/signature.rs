//! The two signing schemes, both HMAC-SHA256 and compared in constant time (`verify_slice`):
//!
//! - Greenhouse: header `Signature: sha256 <hex>`, the HMAC of the raw body keyed with the
//!   webhook's Secret Key (reference README, "Greenhouse webhooks").
//! - Lever: the body's `signature`, the hex HMAC of the string `token + triggeredAt` keyed with
//!   the webhook's signature token (reference README, "Lever").

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Length of an HMAC-SHA256 in bytes.
const MAC_BYTES: usize = 32;

/// The webhook secrets a receiver accepts: one, or several while a secret is rotated (the old
/// one keeps verifying deliveries already queued or retried with it). Never printed: `Debug`
/// shows only how many there are.
#[derive(Clone, PartialEq, Eq)]
pub struct Secrets(Vec<Vec<u8>>);

impl Secrets {
    /// The secrets in `value`, separated by commas, surrounding space trimmed, empty ones
    /// dropped. `None` when nothing is left. A secret that itself contains a comma cannot be
    /// given this way: rotation was judged more useful than that rare case.
    pub fn parse(value: &str) -> Option<Self> {
        let secrets: Vec<Vec<u8>> = value
            .split(',')
            .map(str::trim)
            .filter(|secret| !secret.is_empty())
            .map(|secret| secret.as_bytes().to_vec())
            .collect();
        (!secrets.is_empty()).then_some(Self(secrets))
    }

    /// One secret, taken as is (commas included).
    pub fn single(secret: &[u8]) -> Self {
        Self(vec![secret.to_vec()])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The position (0-based) of the secret whose HMAC over `message` is `signature`, if any.
    /// Every secret is tried, so the time taken does not depend on which one matches.
    fn find(&self, message: &[&[u8]], signature: &[u8]) -> Option<usize> {
        let mut found = None;
        for (index, secret) in self.0.iter().enumerate() {
            // HMAC accepts keys of any length, so this never fails; stay total anyway.
            let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
                continue;
            };
            for part in message {
                mac.update(part);
            }
            if mac.verify_slice(signature).is_ok() && found.is_none() {
                found = Some(index);
            }
        }
        found
    }
}

impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secrets({} redacted)", self.0.len())
    }
}

/// Why a signature value cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureFormatError {
    #[error("the signature is empty")]
    Empty,
    /// The value does not echo what was sent: it may be hostile or huge.
    #[error("the signature scheme is not `sha256`; Greenhouse sends `Signature: sha256 <hex>`")]
    Scheme,
    #[error("the signature is not 64 hexadecimal digits (an HMAC-SHA256)")]
    NotHex,
}

/// Reads a Greenhouse `Signature` header value: `sha256 <hex>`, or the bare hex digits.
pub fn parse_greenhouse(value: &str) -> Result<Vec<u8>, SignatureFormatError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SignatureFormatError::Empty);
    }
    match value.split_once(char::is_whitespace) {
        Some((scheme, digits)) if scheme.eq_ignore_ascii_case("sha256") => parse_hex(digits),
        Some(_) => Err(SignatureFormatError::Scheme),
        None => parse_hex(value),
    }
}

/// Reads a hex HMAC-SHA256 (Lever's `signature`), upper or lower case.
pub fn parse_hex(value: &str) -> Result<Vec<u8>, SignatureFormatError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(SignatureFormatError::Empty);
    }
    if value.len() != MAC_BYTES * 2 {
        return Err(SignatureFormatError::NotHex);
    }
    hex::decode(value).map_err(|_| SignatureFormatError::NotHex)
}

/// Which secret (0-based) signed this Greenhouse body. Greenhouse escapes Unicode before
/// signing (reference README): the HMAC is over the bytes received, never re-serialized JSON.
pub fn verify_greenhouse(secrets: &Secrets, body: &[u8], signature: &[u8]) -> Option<usize> {
    secrets.find(&[body], signature)
}

/// Which signature token (0-based) signed this Lever delivery. `triggered_at` is the decimal
/// text of the body's `triggeredAt` (milliseconds), as Lever concatenates it.
pub fn verify_lever(secrets: &Secrets, token: &str, triggered_at: &str, signature: &[u8]) -> Option<usize> {
    secrets.find(&[token.as_bytes(), triggered_at.as_bytes()], signature)
}

/// The `Signature` header value Greenhouse would send for `body`: `sha256 <hex>`. For tests,
/// load generators and demos.
pub fn sign_greenhouse(secret: &[u8], body: &[u8]) -> String {
    format!("sha256 {}", hex_mac(secret, &[body]))
}

/// The `signature` Lever would put in a delivery with this `token` and `triggeredAt`.
pub fn sign_lever(secret: &[u8], token: &str, triggered_at: &str) -> String {
    hex_mac(secret, &[token.as_bytes(), triggered_at.as_bytes()])
}

fn hex_mac(secret: &[u8], message: &[&[u8]]) -> String {
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return String::new();
    };
    for part in message {
        mac.update(part);
    }
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    const RFC4231_KEY: &[u8] = b"Jefe";
    const RFC4231_DATA: &[u8] = b"what do ya want for nothing?";
    const RFC4231_MAC: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    #[test]
    fn greenhouse_signature_is_the_hmac_of_the_raw_body() {
        assert_eq!(
            sign_greenhouse(RFC4231_KEY, RFC4231_DATA),
            format!("sha256 {RFC4231_MAC}")
        );
        let signature = parse_greenhouse(&format!("sha256 {RFC4231_MAC}")).expect("well formed");
        assert_eq!(
            verify_greenhouse(&Secrets::single(RFC4231_KEY), RFC4231_DATA, &signature),
            Some(0)
        );
    }

    #[test]
    fn one_changed_byte_fails() {
        let signature = parse_hex(RFC4231_MAC).expect("well formed");
        let mut body = RFC4231_DATA.to_vec();
        body[5] ^= 1;
        assert_eq!(
            verify_greenhouse(&Secrets::single(RFC4231_KEY), &body, &signature),
            None
        );
        assert_eq!(
            verify_greenhouse(&Secrets::single(b"jefe"), RFC4231_DATA, &signature),
            None
        );
    }

    #[test]
    fn escaped_and_raw_unicode_are_different_bodies() {
        // What Greenhouse signs is the escaped form; a receiver that re-serializes would fail.
        let escaped = br#"{"name":"Ren\u00e9e"}"#;
        let raw = "{\"name\":\"Renée\"}".as_bytes();
        let signature = parse_greenhouse(&sign_greenhouse(b"s", escaped)).expect("well formed");
        assert_eq!(verify_greenhouse(&Secrets::single(b"s"), escaped, &signature), Some(0));
        assert_eq!(verify_greenhouse(&Secrets::single(b"s"), raw, &signature), None);
    }

    #[test]
    fn header_forms() {
        let upper = RFC4231_MAC.to_uppercase();
        assert!(parse_greenhouse(&format!("sha256 {RFC4231_MAC}")).is_ok());
        assert!(parse_greenhouse(&format!("SHA256  {upper}")).is_ok());
        assert!(parse_greenhouse(RFC4231_MAC).is_ok(), "bare hex");
        assert_eq!(parse_greenhouse(""), Err(SignatureFormatError::Empty));
        assert_eq!(
            parse_greenhouse(&format!("sha1 {RFC4231_MAC}")),
            Err(SignatureFormatError::Scheme)
        );
        assert_eq!(parse_greenhouse("sha256 abc"), Err(SignatureFormatError::NotHex));
        assert_eq!(
            parse_greenhouse(&format!("sha256 {}", "zz".repeat(32))),
            Err(SignatureFormatError::NotHex)
        );
        assert_eq!(
            parse_greenhouse(&format!("sha256={RFC4231_MAC}")),
            Err(SignatureFormatError::NotHex)
        );
        // Multi-byte characters must not trip a length check into slicing mid-character.
        assert_eq!(parse_hex(&"é".repeat(32)), Err(SignatureFormatError::NotHex));
    }

    #[test]
    fn lever_signs_token_then_triggered_at() {
        let token = "6bdf6f1de2d69ec5b0f5cc2a0b26d4bd";
        let at = "1455213155069";
        let signature = sign_lever(b"signature-token", token, at);
        let manual = hex_mac(b"signature-token", &[format!("{token}{at}").as_bytes()]);
        assert_eq!(signature, manual);
        let bytes = parse_hex(&signature).expect("hex");
        assert_eq!(
            verify_lever(&Secrets::single(b"signature-token"), token, at, &bytes),
            Some(0)
        );
        assert_eq!(
            verify_lever(&Secrets::single(b"signature-token"), token, "1455213155070", &bytes),
            None
        );
    }

    #[test]
    fn rotation_accepts_every_listed_secret() {
        let secrets = Secrets::parse(" old-secret , new-secret ,").expect("two secrets");
        assert_eq!(secrets.len(), 2);
        for (index, secret) in [b"old-secret".as_slice(), b"new-secret"].into_iter().enumerate() {
            let signature = parse_greenhouse(&sign_greenhouse(secret, b"{}")).expect("well formed");
            assert_eq!(verify_greenhouse(&secrets, b"{}", &signature), Some(index));
        }
        assert_eq!(Secrets::parse(" , ,"), None);
        assert_eq!(Secrets::parse(""), None);
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let secrets = Secrets::parse("canary-7f3a,other").expect("secrets");
        let shown = format!("{secrets:?}");
        assert!(!shown.contains("canary") && !shown.contains("other"), "{shown}");
        assert!(shown.contains('2'));
    }
}
