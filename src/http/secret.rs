//! Secrets (API keys, client secrets, access tokens) that must never reach a log, an error
//! message or `{:?}` output.

use std::fmt;
use std::sync::Arc;

/// A secret value. `Debug` prints `Secret(***)`; there is no `Display` and no `Serialize`, so a
/// secret can only leave through [`Secret::expose`], which the HTTP layer calls when it builds
/// an `Authorization` header or a form body.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
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

/// `text` with every occurrence of each secret replaced by `***`. Used on any text that came
/// from a server before it is shown, in case a server echoes what it was sent.
pub fn redact(text: &str, secrets: &[&Secret]) -> String {
    let mut redacted = text.to_owned();
    for secret in secrets {
        // Very short values would blank out ordinary words; real keys are long.
        if secret.0.len() >= 6 {
            redacted = redacted.replace(secret.expose(), "***");
        }
    }
    redacted
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
    fn redact_replaces_every_occurrence() {
        let secret = Secret::new("abc123xyz");
        assert_eq!(
            redact("key abc123xyz rejected: abc123xyz", &[&secret]),
            "key *** rejected: ***"
        );
        assert_eq!(redact("nothing here", &[&secret]), "nothing here");
    }
}
