//! Greenhouse credentials and where they came from. The binary gathers them (environment,
//! stdin; an OS keyring profile next) through a [`CredentialSource`] and hands the library a
//! [`Credential`]; the library never reads the environment or argv for secrets itself.

use serde::Serialize;

use crate::http::Secret;

/// Environment variables (DESIGN.md, "Environment").
pub const ENV_CLIENT_ID: &str = "ATSCTL_GREENHOUSE_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "ATSCTL_GREENHOUSE_CLIENT_SECRET";
pub const ENV_USER_ID: &str = "ATSCTL_GREENHOUSE_USER_ID";
pub const ENV_API_KEY: &str = "ATSCTL_HARVEST_API_KEY";
pub const ENV_AUTH_URL: &str = "ATSCTL_GREENHOUSE_AUTH_URL";
pub const ENV_HARVEST_URL: &str = "ATSCTL_HARVEST_URL";

/// The Harvest API generation a credential belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiVersion {
    /// Legacy API keys (HTTP Basic), retired by Greenhouse on 2026-08-31.
    V1,
    /// OAuth 2.0 client credentials.
    V3,
}

impl ApiVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V3 => "v3",
        }
    }
}

/// Where one credential value came from, so messages can say which setting to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialOrigin {
    Env(&'static str),
    Stdin,
}

impl std::fmt::Display for CredentialOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env(name) => f.write_str(name),
            Self::Stdin => f.write_str("stdin"),
        }
    }
}

/// Harvest v3 OAuth client credentials.
#[derive(Debug, Clone)]
pub struct V3Credentials {
    pub client_id: String,
    pub client_secret: Secret,
    /// The acting user (`sub`); Greenhouse needs a Site Admin here for lists to return data.
    pub user_id: Option<String>,
    pub secret_origin: CredentialOrigin,
}

/// A legacy Harvest v1/v2 API key.
#[derive(Debug, Clone)]
pub struct V1Key {
    pub key: Secret,
    pub origin: CredentialOrigin,
}

/// Everything a source found; either half may be absent.
#[derive(Debug, Clone, Default)]
pub struct GreenhouseCredentials {
    pub v3: Option<V3Credentials>,
    pub v1: Option<V1Key>,
}

/// The one credential a check uses.
#[derive(Debug, Clone)]
pub enum Credential {
    V3(V3Credentials),
    V1(V1Key),
}

impl Credential {
    pub fn api(&self) -> ApiVersion {
        match self {
            Self::V3(_) => ApiVersion::V3,
            Self::V1(_) => ApiVersion::V1,
        }
    }

    /// Every secret this credential holds, for redaction.
    pub fn secrets(&self) -> Vec<&Secret> {
        match self {
            Self::V3(v3) => vec![&v3.client_secret],
            Self::V1(v1) => vec![&v1.key],
        }
    }

    /// "client id X (secret from stdin)" or "API key from ATSCTL_HARVEST_API_KEY".
    pub fn describe(&self) -> String {
        match self {
            Self::V3(v3) => {
                let user = v3
                    .user_id
                    .as_deref()
                    .map_or_else(String::new, |user| format!(", acting user {user}"));
                format!(
                    "Harvest v3 client {} (secret from {}{user})",
                    v3.client_id, v3.secret_origin
                )
            }
            Self::V1(v1) => format!("Harvest v1 API key from {}", v1.origin),
        }
    }
}

/// Where credentials come from: environment and stdin today, an OS keyring profile later.
pub trait CredentialSource {
    fn greenhouse(&self) -> Result<GreenhouseCredentials, CredentialError>;
}

/// No usable credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("no Greenhouse credential found")]
    NoneFound,
    #[error("--api v3 needs Harvest v3 client credentials")]
    NoV3,
    #[error("--api v1 needs a Harvest v1 API key")]
    NoV1,
    #[error("{0}")]
    Incomplete(String),
    #[error("{0}")]
    Unreadable(String),
}

impl CredentialError {
    /// What to do about it.
    pub fn help(&self) -> Vec<String> {
        let v3 = format!(
            "for Harvest v3 set {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} (or pipe the secret with --client-secret-stdin), and {ENV_USER_ID} for the acting user"
        );
        let v1 = format!("for a legacy v1 key set {ENV_API_KEY} (or pipe it with --api-key-stdin)");
        match self {
            Self::NoneFound => vec![v3, v1],
            Self::NoV3 => vec![v3],
            Self::NoV1 => vec![v1],
            Self::Incomplete(_) | Self::Unreadable(_) => Vec::new(),
        }
    }
}

impl GreenhouseCredentials {
    /// The credential to use: the one `api` asks for, else v3 when present (v1 keys are legacy),
    /// else v1.
    pub fn select(self, api: Option<ApiVersion>) -> Result<Credential, CredentialError> {
        match (api, self.v3, self.v1) {
            (Some(ApiVersion::V3), Some(v3), _) | (None, Some(v3), _) => Ok(Credential::V3(v3)),
            (Some(ApiVersion::V3), None, _) => Err(CredentialError::NoV3),
            (Some(ApiVersion::V1), _, Some(v1)) | (None, None, Some(v1)) => Ok(Credential::V1(v1)),
            (Some(ApiVersion::V1), _, None) => Err(CredentialError::NoV1),
            (None, None, None) => Err(CredentialError::NoneFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both() -> GreenhouseCredentials {
        GreenhouseCredentials {
            v3: Some(V3Credentials {
                client_id: "id".into(),
                client_secret: Secret::new("s3cret-value"),
                user_id: None,
                secret_origin: CredentialOrigin::Env(ENV_CLIENT_SECRET),
            }),
            v1: Some(V1Key {
                key: Secret::new("k3y-value"),
                origin: CredentialOrigin::Stdin,
            }),
        }
    }

    #[test]
    fn v3_wins_unless_v1_is_asked_for() {
        assert_eq!(both().select(None).unwrap().api(), ApiVersion::V3);
        assert_eq!(both().select(Some(ApiVersion::V1)).unwrap().api(), ApiVersion::V1);
        let only_v1 = GreenhouseCredentials { v3: None, ..both() };
        assert_eq!(only_v1.clone().select(None).unwrap().api(), ApiVersion::V1);
        assert_eq!(only_v1.select(Some(ApiVersion::V3)).unwrap_err(), CredentialError::NoV3);
        assert_eq!(
            GreenhouseCredentials::default().select(None).unwrap_err(),
            CredentialError::NoneFound
        );
    }

    #[test]
    fn descriptions_hold_no_secret() {
        let credentials = both();
        let v3 = Credential::V3(credentials.v3.unwrap());
        let v1 = Credential::V1(credentials.v1.unwrap());
        for credential in [v3, v1] {
            let text = format!("{} {credential:?}", credential.describe());
            assert!(!text.contains("s3cret-value") && !text.contains("k3y-value"), "{text}");
        }
    }
}
