//! Secrets (API keys, client secrets, access tokens, signature tokens) that must never reach a
//! log, an error message or `{:?}` output.

use std::fmt;
use std::sync::Arc;

/// A secret value. `Debug` prints `Secret(***)`; there is no `Display` and no `Serialize`, so a
/// secret can only leave through [`Secret::expose`], which the HTTP layer calls when it builds
/// an `Authorization` header or a form body.
///
/// Creating one registers the value with [`crate::redact`], so it is removed from every text
/// shown for the rest of the process, in whatever form a server echoes it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value: Arc<str> = Arc::from(value.into());
        crate::redact::register(&value);
        Self(value)
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = Secret::new("hunter2-canary");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(secret.clone())), "Some(Secret(***))");
        assert_eq!(secret.expose(), "hunter2-canary");
    }

    #[test]
    fn a_new_secret_is_redacted_from_every_text_afterwards() {
        let _secret = Secret::new("abc123xyz-secret-canary");
        assert_eq!(
            crate::redact::redact("key abc123xyz-secret-canary rejected: abc123xyz-secret-canary"),
            "key *** rejected: ***"
        );
        assert_eq!(crate::redact::redact("nothing here"), "nothing here");
    }
}
