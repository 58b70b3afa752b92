//! The kinds of credential a profile can hold, and Lever's regions.

use serde::{Deserialize, Serialize};

use crate::manifest::Ats;

/// One kind of credential: what its secret is and which non-secret settings go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialKind {
    /// Harvest v3 OAuth client credentials: client id (config), client secret (keyring),
    /// optional acting user id (config).
    GreenhouseV3,
    /// A legacy Harvest v1/v2 API key (keyring).
    GreenhouseV1,
    /// A Lever API key (keyring) and the account's region (config).
    Lever,
    /// An Ashby API key (keyring).
    Ashby,
}

impl CredentialKind {
    pub const ALL: [CredentialKind; 4] = [Self::GreenhouseV3, Self::GreenhouseV1, Self::Lever, Self::Ashby];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::GreenhouseV3 => "greenhouse-v3",
            Self::GreenhouseV1 => "greenhouse-v1",
            Self::Lever => "lever",
            Self::Ashby => "ashby",
        }
    }

    pub fn ats(self) -> Ats {
        match self {
            Self::GreenhouseV3 | Self::GreenhouseV1 => Ats::Greenhouse,
            Self::Lever => Ats::Lever,
            Self::Ashby => Ats::Ashby,
        }
    }

    /// What the secret is called, for prompts and messages.
    pub fn secret_name(self) -> &'static str {
        match self {
            Self::GreenhouseV3 => "Harvest v3 client secret",
            Self::GreenhouseV1 => "Harvest v1 API key",
            Self::Lever => "Lever API key",
            Self::Ashby => "Ashby API key",
        }
    }

    /// The environment variable that supplies the secret instead of a profile.
    pub fn secret_env(self) -> &'static str {
        match self {
            Self::GreenhouseV3 => super::ENV_GREENHOUSE_CLIENT_SECRET,
            Self::GreenhouseV1 => super::ENV_HARVEST_API_KEY,
            Self::Lever => super::ENV_LEVER_API_KEY,
            Self::Ashby => crate::ashby::ENV_API_KEY,
        }
    }

    /// The flag that reads the secret from standard input.
    pub fn stdin_flag(self) -> &'static str {
        match self {
            Self::GreenhouseV3 => "--client-secret-stdin",
            Self::GreenhouseV1 | Self::Lever | Self::Ashby => "--api-key-stdin",
        }
    }
}

impl std::fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a Lever account lives; it decides the API host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeverRegion {
    #[default]
    Us,
    Eu,
}

impl LeverRegion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Us => "us",
            Self::Eu => "eu",
        }
    }

    /// The Data API base URL for accounts in this region.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Us => "https://api.lever.co/v1",
            Self::Eu => "https://api.eu.lever.co/v1",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_distinct() {
        let names: Vec<_> = CredentialKind::ALL.iter().map(|kind| kind.as_str()).collect();
        assert_eq!(names, ["greenhouse-v3", "greenhouse-v1", "lever", "ashby"]);
        for kind in CredentialKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn regions_map_to_their_hosts() {
        assert_eq!(LeverRegion::default(), LeverRegion::Us);
        assert_eq!(LeverRegion::Eu.base_url(), "https://api.eu.lever.co/v1");
        assert_eq!(LeverRegion::Us.base_url(), "https://api.lever.co/v1");
    }
}
