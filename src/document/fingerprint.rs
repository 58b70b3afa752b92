//! The manifest fingerprint: which version of a manifest a document was made from.

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of the manifest's bytes: enough to tell versions
/// apart, short enough to show.
pub fn manifest_fingerprint(bytes: &[u8]) -> String {
    let digest = hex::encode(Sha256::digest(bytes));
    digest[..16].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_stable_sixteen_digit_prefix() {
        let fingerprint = manifest_fingerprint(b"manifest_version: 1\n");
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(fingerprint, manifest_fingerprint(b"manifest_version: 1\n"));
        assert_ne!(fingerprint, manifest_fingerprint(b"manifest_version: 1 \n"));
    }
}
