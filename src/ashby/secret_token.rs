//! The secret token of a webhook `apply` creates, when the partner did not give one.
//!
//! Ashby signs each delivery with the token (`Ashby-Signature`, reference §7), and
//! `webhook.create` requires one. Ashby cannot list webhooks, and `webhook.info` never returns
//! the token, so a token lost between the create request and the moment it is shown could never
//! be recovered: a run killed there would leave a webhook whose deliveries nobody can verify.
//!
//! So a generated token is derived, not drawn directly: `HMAC-SHA256(API key, label ‖ nonce)`,
//! with a 32-byte nonce from the operating system's CSPRNG. The nonce goes into the state file
//! with the create intent before the request is sent; a resumed run recomputes the very token
//! the interrupted one sent. The nonce alone tells nothing (it is useless without the key), and
//! whoever holds the key can already replace a webhook's token with `webhook.update`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::{AshbyError, ErrorKind};
use crate::http::Secret;

/// Separates this use of the API key as an HMAC key from any other.
const LABEL: &[u8] = b"atsctl/ashby/webhook-secret-token/v1\0";
const NONCE_BYTES: usize = 32;

/// A fresh nonce from the OS CSPRNG, as hex (what the state file records).
pub fn new_nonce() -> Result<String, AshbyError> {
    let mut nonce = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce).map_err(|error| {
        AshbyError::new(
            ErrorKind::Usage,
            format!("the operating system's random number generator failed: {error}"),
        )
    })?;
    Ok(hex::encode(nonce))
}

/// The token for `nonce` (hex, from [`new_nonce`]) under `api_key`: 64 hex digits.
pub fn derive(api_key: &Secret, nonce: &str) -> Result<Secret, AshbyError> {
    let nonce = hex::decode(nonce.trim())
        .ok()
        .filter(|bytes| bytes.len() == NONCE_BYTES)
        .ok_or_else(|| AshbyError::new(ErrorKind::Usage, "a recorded token nonce is not 32 bytes of hex"))?;
    let mut mac = Hmac::<Sha256>::new_from_slice(api_key.expose().as_bytes())
        .map_err(|_| AshbyError::new(ErrorKind::Usage, "the API key cannot key an HMAC"))?;
    mac.update(LABEL);
    mac.update(&nonce);
    Ok(Secret::new(hex::encode(mac.finalize().into_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_differ_and_tokens_are_reproducible_per_key() {
        let first = new_nonce().unwrap();
        let second = new_nonce().unwrap();
        assert_eq!(first.len(), 64);
        assert_ne!(first, second, "32 random bytes twice alike");
        let key = Secret::new("ashby-key-one");
        let token = derive(&key, &first).unwrap();
        assert_eq!(token.expose().len(), 64);
        assert!(token.expose().chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            derive(&key, &first).unwrap(),
            token,
            "a resumed run gets the same token"
        );
        assert_ne!(derive(&key, &second).unwrap(), token);
        assert_ne!(derive(&Secret::new("ashby-key-two"), &first).unwrap(), token);
        assert!(!token.expose().contains(&first), "the token is not the nonce");
    }

    #[test]
    fn a_damaged_nonce_is_an_error() {
        let key = Secret::new("ashby-key-one");
        assert!(derive(&key, "zz").is_err());
        assert!(derive(&key, "abcd").is_err(), "too short");
    }
}
