//! Base URLs of outside APIs, checked before any credential is sent to them.
//!
//! The rule (DESIGN.md, "Contract"): HTTPS everywhere, except plain `http://` to a loopback host
//! (127.0.0.0/8, ::1, `localhost`), which is how tests and demos reach a local fake server.
//!
//! A refusal names the variable or flag and echoes the value, but never its user name or
//! password: a URL like `https://user:secret@host` is refused for carrying them, without
//! repeating them.

use std::fmt;
use std::net::{IpAddr, Ipv6Addr};

use url::{Host, Url};

/// Why a base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("{name}={value:?} is not a URL: {reason}")]
    Invalid {
        name: String,
        value: String,
        reason: String,
    },
    #[error(
        "{name}={value:?} uses plain http:// to a host that is not loopback; use https:// (credentials would travel in clear text)"
    )]
    Insecure { name: String, value: String },
    #[error("{name}={value:?}: only https:// (or http:// to a loopback host) is supported")]
    Scheme { name: String, value: String },
    #[error(
        "{name} carries a user name or password (user:password@ before the host); atsctl sends credentials only in headers, from their own variables, so remove them from the URL"
    )]
    Credentials { name: String },
    #[error("{name}={value:?} must not carry a query or fragment")]
    Extra { name: String, value: String },
}

/// `value` as it may be shown: any `user:password@` before the host replaced by `***@`, also
/// when the value does not parse as a URL.
fn shown(value: &str) -> String {
    let value = value.trim();
    let authority_start = value.find("://").map_or(0, |at| at + 3);
    let authority_end = value[authority_start..]
        .find(['/', '?', '#'])
        .map_or(value.len(), |at| authority_start + at);
    match value[authority_start..authority_end].rfind('@') {
        Some(at) => format!(
            "{}{}{}",
            &value[..authority_start],
            crate::redact::MASK,
            &value[authority_start + at..]
        ),
        None => value.to_owned(),
    }
}

/// An absolute `https://` (or loopback `http://`) URL that request paths are joined onto.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: Url,
}

impl BaseUrl {
    /// Parses and checks `value`; `name` (an environment variable, a flag) is used in errors.
    pub fn parse(name: &str, value: &str) -> Result<Self, BaseUrlError> {
        let shown_value = shown(value);
        let invalid = |reason: String| BaseUrlError::Invalid {
            name: name.to_owned(),
            value: shown_value.clone(),
            reason,
        };
        let mut url = Url::parse(value.trim()).map_err(|error| invalid(error.to_string()))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlError::Credentials { name: name.to_owned() });
        }
        let Some(host) = url.host() else {
            return Err(invalid("it has no host".to_owned()));
        };
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(BaseUrlError::Insecure {
                    name: name.to_owned(),
                    value: shown_value,
                });
            }
            _ => {
                return Err(BaseUrlError::Scheme {
                    name: name.to_owned(),
                    value: shown_value,
                });
            }
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(BaseUrlError::Extra {
                name: name.to_owned(),
                value: shown_value,
            });
        }
        // A trailing slash keeps `join` from dropping the last path segment of a prefix.
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(Self { url })
    }

    /// `path` (with or without a leading `/`) under this base. The result is always on the same
    /// scheme, host and port: a path cannot redirect a credential elsewhere.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.url.clone();
        let joined = format!("{}{}", self.url.path(), path.trim_start_matches('/'));
        url.set_path(&joined);
        url
    }

    /// `scheme://host[:port]`, for messages.
    pub fn origin(&self) -> String {
        self.url.origin().ascii_serialization()
    }

    pub fn as_url(&self) -> &Url {
        &self.url
    }

    /// Whether `url` is on this base's scheme, host and port.
    pub fn same_origin(&self, url: &Url) -> bool {
        self.url.origin() == url.origin()
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.url)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str().trim_end_matches('/'))
    }
}

/// Whether `host` is this machine (127.0.0.0/8, ::1 and IPv4-mapped loopback, `localhost`): the
/// only hosts plain `http://` may reach, so tests and demos can use local fake servers.
pub fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            *ip == Ipv6Addr::LOCALHOST || ip.to_ipv4_mapped().is_some_and(|v4| IpAddr::V4(v4).is_loopback())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_is_accepted_and_joined() {
        let base = BaseUrl::parse("X", "https://harvest.greenhouse.io").unwrap();
        assert_eq!(base.join("/v1/jobs").as_str(), "https://harvest.greenhouse.io/v1/jobs");
        let prefixed = BaseUrl::parse("X", "https://example.com/api").unwrap();
        assert_eq!(prefixed.join("v3/users").as_str(), "https://example.com/api/v3/users");
        assert_eq!(prefixed.to_string(), "https://example.com/api");
    }

    #[test]
    fn plain_http_only_for_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9",
            "http://localhost:3000",
            "http://LOCALHOST",
        ] {
            assert!(BaseUrl::parse("X", ok).is_ok(), "{ok} should be accepted");
        }
        for refused in [
            "http://harvest.greenhouse.io",
            "http://10.0.0.1",
            "http://128.0.0.1",
            "http://localhost.example.com",
        ] {
            assert!(
                matches!(BaseUrl::parse("X", refused), Err(BaseUrlError::Insecure { .. })),
                "{refused} should be refused"
            );
        }
    }

    #[test]
    fn other_shapes_are_refused() {
        assert!(matches!(
            BaseUrl::parse("X", "ftp://example.com"),
            Err(BaseUrlError::Scheme { .. })
        ));
        assert!(matches!(
            BaseUrl::parse("X", "https://user:pw@example.com"),
            Err(BaseUrlError::Credentials { .. })
        ));
        assert!(matches!(
            BaseUrl::parse("X", "https://example.com/?a=1"),
            Err(BaseUrlError::Extra { .. })
        ));
        assert!(matches!(
            BaseUrl::parse("X", "not a url"),
            Err(BaseUrlError::Invalid { .. })
        ));
    }

    /// V6: a password in a base URL is refused without being echoed, in every refusal shape.
    #[test]
    fn userinfo_is_never_echoed() {
        for value in [
            "https://u:CANARY-pw-0f9e8d@harvest.example",
            "https://CANARY-pw-0f9e8d@harvest.example",
            "http://u:CANARY-pw-0f9e8d@10.0.0.1",
            "ftp://u:CANARY-pw-0f9e8d@example.com",
            "https://u:CANARY-pw-0f9e8d@harvest.example:99999",
            "https://u:CANARY-pw-0f9e8d@[::1",
            "u:CANARY-pw-0f9e8d@harvest.example",
            " https://u:CANARY-pw-0f9e8d@harvest.example/?a=1 ",
        ] {
            let error = BaseUrl::parse("ATSCTL_HARVEST_URL", value).expect_err(value);
            let message = error.to_string();
            assert!(!message.contains("CANARY"), "{value} → {message}");
            assert!(message.contains("ATSCTL_HARVEST_URL"), "{message}");
        }
        let message = BaseUrl::parse("ATSCTL_HARVEST_URL", "https://u:CANARY-pw@harvest.example")
            .unwrap_err()
            .to_string();
        assert!(message.contains("user name or password"), "{message}");
        assert_eq!(
            shown("https://u:p@host:99999/x@y"),
            "https://***@host:99999/x@y",
            "only the part before the host is hidden"
        );
    }

    #[test]
    fn join_cannot_leave_the_host() {
        let base = BaseUrl::parse("X", "https://harvest.greenhouse.io").unwrap();
        let joined = base.join("//evil.example.com/v1/jobs");
        assert!(base.same_origin(&joined), "{joined}");
    }
}
