//! Greenhouse credentials and where they came from. The binary resolves them with
//! [`super::credential::resolve_greenhouse`] (environment, stdin, then a profile) and hands the
//! library a [`Credential`]; the library never reads the environment, argv or a keyring itself.

use serde::Serialize;

use super::credential::GreenhouseCredential;
use crate::http::Secret;
use crate::profile::Origin;

/// Where a secret came from: the one [`Origin`] type of the whole program, so a credential from
/// a profile says which profile and store without showing the secret.
pub use crate::profile::Origin as CredentialOrigin;

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

/// Harvest v3 OAuth client credentials.
#[derive(Debug, Clone)]
pub struct V3Credentials {
    pub client_id: String,
    pub client_secret: Secret,
    /// The acting user (`sub`); Greenhouse needs a Site Admin here for lists to return data.
    pub user_id: Option<String>,
    pub secret_origin: Origin,
}

/// A legacy Harvest v1/v2 API key.
#[derive(Debug, Clone)]
pub struct V1Key {
    pub key: Secret,
    pub origin: Origin,
}

/// A customer's Harvest v3 authorisation of a registered partner, checked from the partner's
/// side: the partner's own client credentials (to introspect with) and the access token the
/// customer's authorisation gave it (reference README, "v3 has two ways in").
#[derive(Debug, Clone)]
pub struct V3Authorization {
    /// The partner's client: introspection takes its id and secret as HTTP Basic.
    pub client: V3Credentials,
    /// The customer's access token, read from stdin; a secret like any other.
    pub access_token: Secret,
    /// The flag or place the token came from, for messages.
    pub token_origin: Origin,
}

/// The one credential a check uses.
#[derive(Debug, Clone)]
pub enum Credential {
    V3(V3Credentials),
    V1(V1Key),
    /// A customer's access token, checked by the partner it was issued to.
    V3Authorization(V3Authorization),
}

impl From<GreenhouseCredential> for Credential {
    fn from(resolved: GreenhouseCredential) -> Self {
        match resolved {
            GreenhouseCredential::V3(v3) => Self::V3(V3Credentials {
                client_id: v3.client_id.value,
                client_secret: v3.client_secret,
                user_id: v3.user_id.map(|user| user.value),
                secret_origin: v3.secret_origin,
            }),
            GreenhouseCredential::V1(v1) => Self::V1(V1Key {
                key: v1.api_key,
                origin: v1.origin,
            }),
        }
    }
}

impl Credential {
    pub fn api(&self) -> ApiVersion {
        match self {
            Self::V3(_) | Self::V3Authorization(_) => ApiVersion::V3,
            Self::V1(_) => ApiVersion::V1,
        }
    }

    /// "Harvest v3 client X (secret from stdin)", "Harvest v1 API key from ATSCTL_HARVEST_API_KEY",
    /// "... from profile work in the Linux kernel keyring".
    pub fn describe(&self) -> String {
        match self {
            Self::V3(v3) => {
                let user = v3
                    .user_id
                    .as_deref()
                    .map_or_else(String::new, |user| format!(", acting user {user}"));
                format!(
                    "Harvest v3 client {} (secret {}{user})",
                    v3.client_id,
                    source(&v3.secret_origin)
                )
            }
            Self::V1(v1) => format!("Harvest v1 API key {}", source(&v1.origin)),
            Self::V3Authorization(authorization) => format!(
                "a customer's Harvest v3 access token {}, introspected with client {} (secret {})",
                source(&authorization.token_origin),
                authorization.client.client_id,
                source(&authorization.client.secret_origin)
            ),
        }
    }
}

impl V3Credentials {
    /// Where to fix the credential when Greenhouse refuses it: the variables that gave it, or the
    /// profile to log in to again.
    pub(crate) fn fix_hint(&self) -> String {
        use crate::profile::{ENV_GREENHOUSE_CLIENT_ID as ID, ENV_GREENHOUSE_CLIENT_SECRET as SECRET};
        match &self.secret_origin {
            Origin::Keyring { profile, .. } | Origin::Profile(profile) => format!(
                "check the client id and secret of profile {profile}; store the current ones with `atsctl auth login --profile {profile} --ats greenhouse`"
            ),
            Origin::Stdin(flag) => format!("check {ID} and the secret piped to {flag}"),
            Origin::Env(_) => format!("check {ID} and {SECRET}"),
        }
    }
}

impl V1Key {
    /// Where to fix the key when Greenhouse refuses it.
    pub(crate) fn fix_hint(&self) -> String {
        match &self.origin {
            Origin::Keyring { profile, .. } | Origin::Profile(profile) => format!(
                "check the API key of profile {profile}; store the current one with `atsctl auth login --profile {profile} --ats greenhouse --api v1`"
            ),
            Origin::Stdin(flag) => format!("check the key piped to {flag}"),
            Origin::Env(name) => format!("check {name}"),
        }
    }
}

/// Where a value came from, as a phrase ("from stdin", "typed at the prompt").
fn source(origin: &Origin) -> String {
    origin.phrase()
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::greenhouse::credential::{GreenhouseV1Credential, GreenhouseV3Credential};
    use crate::profile::{StoreKind, Valued};

    fn resolved_v3(origin: Origin) -> GreenhouseCredential {
        GreenhouseCredential::V3(GreenhouseV3Credential {
            client_id: Valued {
                value: "id".into(),
                origin: Origin::Profile("work".into()),
            },
            client_secret: Secret::new("s3cret-value"),
            secret_origin: origin,
            user_id: Some(Valued {
                value: "101".into(),
                origin: Origin::Env("ATSCTL_GREENHOUSE_USER_ID"),
            }),
        })
    }

    #[test]
    fn a_resolved_credential_keeps_its_values_and_origin() {
        let keyring = Origin::Keyring {
            profile: "work".into(),
            store: StoreKind::KernelKeyring,
        };
        let Credential::V3(v3) = Credential::from(resolved_v3(keyring.clone())) else {
            panic!("expected v3");
        };
        assert_eq!(
            (v3.client_id.as_str(), v3.user_id.as_deref(), v3.client_secret.expose()),
            ("id", Some("101"), "s3cret-value")
        );
        assert_eq!(v3.secret_origin, keyring);
        let v1 = Credential::from(GreenhouseCredential::V1(GreenhouseV1Credential {
            api_key: Secret::new("k3y-value"),
            origin: Origin::Stdin("--api-key-stdin"),
        }));
        assert_eq!(v1.api(), ApiVersion::V1);
        assert_eq!(v1.describe(), "Harvest v1 API key from stdin");
    }

    #[test]
    fn descriptions_and_hints_name_the_source_but_hold_no_secret() {
        let keyring = Credential::from(resolved_v3(Origin::Keyring {
            profile: "work".into(),
            store: StoreKind::KernelKeyring,
        }));
        assert_eq!(
            keyring.describe(),
            "Harvest v3 client id (secret from profile work in the Linux kernel keyring, acting user 101)"
        );
        let env = Credential::from(resolved_v3(Origin::Env("ATSCTL_GREENHOUSE_CLIENT_SECRET")));
        assert!(env.describe().contains("secret from ATSCTL_GREENHOUSE_CLIENT_SECRET"));
        for credential in [keyring, env] {
            let Credential::V3(v3) = &credential else {
                panic!("expected v3");
            };
            let hint = v3.fix_hint();
            match &v3.secret_origin {
                Origin::Keyring { .. } => {
                    assert!(
                        hint.contains("atsctl auth login --profile work --ats greenhouse"),
                        "{hint}"
                    );
                }
                _ => assert!(hint.contains("ATSCTL_GREENHOUSE_CLIENT_SECRET"), "{hint}"),
            }
            let text = format!("{} {hint} {credential:?}", credential.describe());
            assert!(!text.contains("s3cret-value"), "{text}");
        }
    }
}
