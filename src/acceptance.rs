//! Whether an ATS accepts a credential, learned from one request that changes nothing. Each ATS
//! folder has a `verify_accepted` returning this, so `auth status --check` treats them alike.
//!
//! All three outcomes are answers to show side by side, not errors that stop a command: one
//! rejected credential must not hide whether the next one works.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Acceptance {
    /// The ATS took the credential. Notes say what else the answer showed (a permission the
    /// credential lacks, say); they never hold a secret.
    Accepted {
        #[serde(skip_serializing_if = "Vec::is_empty")]
        notes: Vec<String>,
    },
    /// The ATS refused the credential itself (unknown client, wrong secret, revoked key).
    Rejected { reason: String },
    /// No answer that says either way: the network, timeouts, 5xx after retries, a retired API,
    /// or a host that is not the ATS.
    Unreachable { reason: String },
}

impl Acceptance {
    pub fn accepted() -> Self {
        Self::Accepted { notes: Vec::new() }
    }

    /// `accepted`, `rejected` or `unreachable`.
    pub fn state(&self) -> &'static str {
        match self {
            Self::Accepted { .. } => "accepted",
            Self::Rejected { .. } => "rejected",
            Self::Unreachable { .. } => "unreachable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_the_state_and_leaves_out_empty_notes() {
        let json = |value: &Acceptance| serde_json::to_value(value).unwrap();
        assert_eq!(
            json(&Acceptance::accepted()),
            serde_json::json!({ "state": "accepted" })
        );
        assert_eq!(
            json(&Acceptance::Accepted {
                notes: vec!["lacks X".into()]
            }),
            serde_json::json!({ "state": "accepted", "notes": ["lacks X"] })
        );
        let rejected = Acceptance::Rejected { reason: "bad".into() };
        assert_eq!(
            json(&rejected),
            serde_json::json!({ "state": "rejected", "reason": "bad" })
        );
        assert_eq!(rejected.state(), "rejected");
        assert_eq!(Acceptance::Unreachable { reason: "x".into() }.state(), "unreachable");
    }
}
