//! The profile config file: named profiles and, for each credential kind, the non-secret settings
//! (client id, acting user, base URLs, Lever region) and which OS store holds the secret. It never
//! holds a secret; the types here have nowhere to put one.
//!
//! ```toml
//! version = 1
//!
//! [profiles.default.greenhouse-v3]
//! store = "secret-service"
//! client_id = "f3a9..."
//! user_id = "4080"
//!
//! [profiles.default.lever]
//! store = "secret-service"
//! region = "eu"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CredentialKind, LeverRegion, ProfileError, StoreKind};
use crate::file_lock::{FileLock, LOCK_WAIT};

/// The profile `auth login` writes and commands read when no `--profile` is given.
pub const DEFAULT_PROFILE: &str = "default";
/// The file name inside the config directory.
pub const CONFIG_FILE: &str = "profiles.toml";
const VERSION: u32 = 1;

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profiles {
    pub version: u32,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

impl Default for Profiles {
    fn default() -> Self {
        Self {
            version: VERSION,
            profiles: BTreeMap::new(),
        }
    }
}

impl Profiles {
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    pub fn names(&self) -> Vec<String> {
        self.profiles.keys().cloned().collect()
    }
}

/// One named set of credentials, at most one of each kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greenhouse_v3: Option<GreenhouseV3Settings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub greenhouse_v1: Option<GreenhouseV1Settings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lever: Option<LeverSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ashby: Option<AshbySettings>,
}

impl Profile {
    /// The kinds this profile holds, in a fixed order.
    pub fn kinds(&self) -> Vec<CredentialKind> {
        CredentialKind::ALL
            .into_iter()
            .filter(|kind| self.store_of(*kind).is_some())
            .collect()
    }

    /// The store holding the secret of `kind`, when the profile has that kind.
    pub fn store_of(&self, kind: CredentialKind) -> Option<StoreKind> {
        match kind {
            CredentialKind::GreenhouseV3 => self.greenhouse_v3.as_ref().map(|settings| settings.store),
            CredentialKind::GreenhouseV1 => self.greenhouse_v1.as_ref().map(|settings| settings.store),
            CredentialKind::Lever => self.lever.as_ref().map(|settings| settings.store),
            CredentialKind::Ashby => self.ashby.as_ref().map(|settings| settings.store),
        }
    }

    /// Drops `kind`; `true` when it was there.
    pub fn remove(&mut self, kind: CredentialKind) -> bool {
        match kind {
            CredentialKind::GreenhouseV3 => self.greenhouse_v3.take().is_some(),
            CredentialKind::GreenhouseV1 => self.greenhouse_v1.take().is_some(),
            CredentialKind::Lever => self.lever.take().is_some(),
            CredentialKind::Ashby => self.ashby.take().is_some(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kinds().is_empty()
    }
}

/// Harvest v3: the client secret is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreenhouseV3Settings {
    pub store: StoreKind,
    pub client_id: String,
    /// The acting user (`sub`); Greenhouse needs a Site Admin for lists to return data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Overrides `https://auth.greenhouse.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// Overrides `https://harvest.greenhouse.io`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harvest_url: Option<String>,
}

/// Harvest v1/v2 (legacy): the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GreenhouseV1Settings {
    pub store: StoreKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harvest_url: Option<String>,
}

/// Lever: the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeverSettings {
    pub store: StoreKind,
    #[serde(default)]
    pub region: LeverRegion,
    /// Overrides the region's host (a sandbox, a local fake server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// Ashby: the API key is in `store`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AshbySettings {
    pub store: StoreKind,
    /// Overrides `https://api.ashbyhq.com` (a local fake server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// Profile names become part of keyring entry names and appear in messages: keep them plain.
pub fn check_profile_name(name: &str) -> Result<(), ProfileError> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if valid {
        Ok(())
    } else {
        Err(ProfileError::InvalidName { name: name.to_owned() })
    }
}

/// The config file on disk: read it, replace it atomically, under a lock held from the read to
/// the write (see [`ProfileStore::lock`]).
#[derive(Debug, Clone)]
pub struct ProfileStore {
    path: PathBuf,
}

/// Proof that the config is locked for a read-modify-write: [`ProfileStore::save`] asks for one,
/// so no change is saved over another run's without reading it first. Dropping it unlocks.
#[derive(Debug)]
pub struct ProfilesLock {
    _lock: FileLock,
}

impl ProfileStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// `profiles.toml` in the platform's config directory: `$XDG_CONFIG_HOME/atsctl` (else
    /// `~/.config/atsctl`) on Linux, `~/Library/Application Support/atsctl` on macOS,
    /// `%APPDATA%\atsctl\config` on Windows.
    pub fn locate() -> Result<Self, ProfileError> {
        let dirs = directories::ProjectDirs::from("", "", "atsctl").ok_or(ProfileError::NoHome)?;
        Ok(Self::new(dirs.config_dir().join(CONFIG_FILE)))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Locks the config against other atsctl runs changing it, waiting a few seconds at most for
    /// one that is. Take it before [`ProfileStore::load`] and keep it until after
    /// [`ProfileStore::save`]: parallel logins then each add their profile (without it, 20 parallel
    /// logins kept 4 profiles). Reading alone needs no lock: the file is replaced atomically.
    pub fn lock(&self) -> Result<ProfilesLock, ProfileError> {
        FileLock::exclusive(&self.path, LOCK_WAIT)
            .map(|lock| ProfilesLock { _lock: lock })
            .map_err(|error| ProfileError::Write {
                path: self.path.clone(),
                reason: error.to_string(),
            })
    }

    /// The profiles; none when the file does not exist yet. A file that cannot be read or
    /// parsed is an error naming it, and is left as it is.
    pub fn load(&self) -> Result<Profiles, ProfileError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Profiles::default()),
            Err(error) => {
                return Err(ProfileError::Read {
                    path: self.path.clone(),
                    reason: error.to_string(),
                });
            }
        };
        let profiles: Profiles = toml::from_str(&text).map_err(|error| ProfileError::Corrupt {
            path: self.path.clone(),
            reason: error.message().to_owned()
                + &error
                    .span()
                    .map(|span| {
                        let line = text[..span.start].matches('\n').count() + 1;
                        format!(" (line {line})")
                    })
                    .unwrap_or_default(),
        })?;
        if profiles.version != VERSION {
            return Err(ProfileError::Corrupt {
                path: self.path.clone(),
                reason: format!(
                    "version {} is not one this atsctl reads (it reads version {VERSION})",
                    profiles.version
                ),
            });
        }
        for name in profiles.profiles.keys() {
            check_profile_name(name).map_err(|error| ProfileError::Corrupt {
                path: self.path.clone(),
                reason: error.to_string(),
            })?;
        }
        Ok(profiles)
    }

    /// Replaces the file atomically (temporary file + rename in the same directory), mode 0600
    /// on Unix, under the lock taken before `profiles` was loaded.
    pub fn save(&self, _locked: &ProfilesLock, profiles: &Profiles) -> Result<(), ProfileError> {
        let body = toml::to_string_pretty(profiles).map_err(|error| ProfileError::Write {
            path: self.path.clone(),
            reason: error.to_string(),
        })?;
        let text = format!(
            "# atsctl profiles, written by `atsctl auth login`. No secrets here: each `store` names the OS\n\
             # credential store that holds that credential's secret.\n\n{body}"
        );
        crate::atomic_write::write_atomic(&self.path, text.as_bytes()).map_err(|error| ProfileError::Write {
            path: self.path.clone(),
            reason: error.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Profiles {
        let mut profiles = Profiles::default();
        profiles.profiles.insert(
            "default".into(),
            Profile {
                greenhouse_v3: Some(GreenhouseV3Settings {
                    store: StoreKind::SecretService,
                    client_id: "client-123".into(),
                    user_id: Some("4080".into()),
                    auth_url: None,
                    harvest_url: Some("http://127.0.0.1:9999".into()),
                }),
                greenhouse_v1: None,
                lever: Some(LeverSettings {
                    store: StoreKind::KernelKeyring,
                    region: LeverRegion::Eu,
                    base_url: None,
                }),
                ashby: Some(AshbySettings {
                    store: StoreKind::KernelKeyring,
                    base_url: Some("http://127.0.0.1:4020".into()),
                }),
            },
        );
        profiles
    }

    #[test]
    fn round_trips_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = ProfileStore::new(dir.path().join("atsctl/profiles.toml"));
        assert_eq!(
            store.load().unwrap(),
            Profiles::default(),
            "a missing file is no profiles"
        );
        let lock = store.lock().unwrap();
        store.save(&lock, &sample()).unwrap();
        assert_eq!(store.load().unwrap(), sample());
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("[profiles.default.greenhouse-v3]"), "{text}");
        assert!(text.contains("store = \"kernel-keyring\""), "{text}");
        assert!(text.contains("[profiles.default.ashby]"), "{text}");
        assert_eq!(
            sample().profiles["default"].kinds(),
            vec![
                CredentialKind::GreenhouseV3,
                CredentialKind::Lever,
                CredentialKind::Ashby
            ]
        );
    }

    #[test]
    fn a_corrupt_file_is_named_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.toml");
        std::fs::write(
            &path,
            "version = 1\n[profiles.default.greenhouse-v3]\nstore = \"floppy-disk\"\n",
        )
        .unwrap();
        let error = ProfileStore::new(&path).load().unwrap_err();
        assert!(matches!(error, ProfileError::Corrupt { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains(&path.display().to_string()) && message.contains("line 3"),
            "{message}"
        );
        assert!(std::fs::read_to_string(&path).unwrap().contains("floppy-disk"));
    }

    #[test]
    fn a_newer_version_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.toml");
        std::fs::write(&path, "version = 7\n").unwrap();
        let error = ProfileStore::new(&path).load().unwrap_err();
        assert!(error.to_string().contains("version 7"), "{error}");
    }

    #[test]
    fn profile_names_are_plain() {
        for good in ["default", "acme-prod", "eu_2", "a.b"] {
            check_profile_name(good).unwrap();
        }
        for bad in ["", ".hidden", "with space", "a/b", "x@y", &"n".repeat(65)] {
            assert!(check_profile_name(bad).is_err(), "{bad:?} accepted");
        }
    }
}
