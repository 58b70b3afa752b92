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

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{CredentialKind, ProfileError, StoreKind};
use crate::file_lock::{FileLock, LOCK_WAIT};

/// The profile `auth login` writes and commands read when no `--profile` is given.
pub const DEFAULT_PROFILE: &str = "default";
/// The file name inside the config directory.
pub const CONFIG_FILE: &str = "profiles.toml";
const VERSION: u32 = 1;
/// The largest profile file read: thousands of profiles fit; a runaway file is refused, not
/// read into memory and parsed five times.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The whole config file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// One named set of credentials, at most one of each kind: for each kind, its section of the
/// file (`store` and that kind's settings), which the kind's ATS folder reads as its own type.
/// Sections this atsctl does not know (written by a newer one) are kept as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    sections: toml::Table,
}

impl Profile {
    /// The kinds this profile holds, in a fixed order.
    pub fn kinds(&self) -> Vec<CredentialKind> {
        CredentialKind::all()
            .filter(|kind| self.store_of(*kind).is_some())
            .collect()
    }

    /// The section of `kind`, as the file has it.
    pub fn section(&self, kind: CredentialKind) -> Option<&toml::Table> {
        self.sections.get(kind.as_str()).and_then(toml::Value::as_table)
    }

    /// The settings of `kind` as its folder's type; `None` when the profile lacks the kind.
    /// [`ProfileStore::load`] has checked every known section, so an error here is a profile
    /// changed in memory, not on disk.
    pub fn settings<T: DeserializeOwned>(&self, kind: CredentialKind) -> Result<Option<T>, ProfileError> {
        self.section(kind)
            .map(|section| {
                section
                    .clone()
                    .try_into()
                    .map_err(|error: toml::de::Error| ProfileError::Corrupt {
                        path: PathBuf::from(CONFIG_FILE),
                        reason: format!("[{kind}]: {}", error.message()),
                    })
            })
            .transpose()
    }

    /// The store holding the secret of `kind`, when the profile has that kind.
    pub fn store_of(&self, kind: CredentialKind) -> Option<StoreKind> {
        self.section(kind)?.get("store")?.clone().try_into().ok()
    }

    /// Puts `kind`'s section: `store` first, then `settings` in the kind's order, then any
    /// others; a setting the kind's data does not list keeps its place after those.
    pub fn set(&mut self, kind: CredentialKind, store: StoreKind, settings: &toml::Table) {
        let mut section = toml::Table::new();
        section.insert("store".to_owned(), toml::Value::String(store.as_str().to_owned()));
        for setting in kind.settings() {
            if let Some(value) = settings.get(setting.key) {
                section.insert(setting.key.to_owned(), value.clone());
            }
        }
        for (key, value) in settings {
            if !section.contains_key(key) {
                section.insert(key.clone(), value.clone());
            }
        }
        self.sections
            .insert(kind.as_str().to_owned(), toml::Value::Table(section));
    }

    /// Drops `kind`; `true` when it was there.
    pub fn remove(&mut self, kind: CredentialKind) -> bool {
        self.sections.remove(kind.as_str()).is_some()
    }

    /// No section at all, known or not.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }
}

/// Known kinds in the registry's order (as the file always had them), then the sections this
/// atsctl does not know in the order they were read.
impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let known: Vec<&str> = CredentialKind::all().map(CredentialKind::as_str).collect();
        let mut map = serializer.serialize_map(Some(self.sections.len()))?;
        for name in &known {
            if let Some(section) = self.sections.get(*name) {
                map.serialize_entry(name, section)?;
            }
        }
        for (name, section) in &self.sections {
            if !known.contains(&name.as_str()) {
                map.serialize_entry(name, section)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        toml::Table::deserialize(deserializer).map(|sections| Self { sections })
    }
}

/// Reads the sections named `kind` of a whole profile file as `T`, so a bad value is reported
/// at its line; the other sections are skipped. Each kind's data points here with its own `T`.
pub fn check_settings<T: DeserializeOwned>(text: &str, kind: &'static str) -> Result<(), toml::de::Error> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
    use std::marker::PhantomData;

    /// A map whose values are read by `Inner` under `key` (any key when `None`) and skipped
    /// under every other.
    struct Level<Inner> {
        key: Option<&'static str>,
        inner: Inner,
    }
    struct Settings<T>(PhantomData<T>);

    trait Seed: Copy {
        fn read<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error>;
    }
    impl<T: DeserializeOwned> Clone for Settings<T> {
        fn clone(&self) -> Self {
            *self
        }
    }
    impl<T: DeserializeOwned> Copy for Settings<T> {}
    impl<T: DeserializeOwned> Seed for Settings<T> {
        fn read<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
            map.next_value::<T>().map(drop)
        }
    }
    impl<I: Seed> Clone for Level<I> {
        fn clone(&self) -> Self {
            *self
        }
    }
    impl<I: Seed> Copy for Level<I> {}
    impl<I: Seed> Seed for Level<I> {
        fn read<'de, A: MapAccess<'de>>(self, map: &mut A) -> Result<(), A::Error> {
            map.next_value_seed(self)
        }
    }
    impl<'de, I: Seed> DeserializeSeed<'de> for Level<I> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }
    impl<'de, I: Seed> Visitor<'de> for Level<I> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a table")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if self.key.is_none_or(|wanted| wanted == key) {
                    self.inner.read(&mut map)?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    let file = Level {
        key: Some("profiles"),
        inner: Level {
            key: None,
            inner: Level {
                key: Some(kind),
                inner: Settings::<T>(PhantomData),
            },
        },
    };
    file.deserialize(toml::Deserializer::parse(text)?)
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
        let read = std::fs::File::open(&self.path).and_then(|file| {
            use std::io::Read as _;
            let mut text = String::new();
            // One byte past the bound tells a file at the bound from a longer one.
            file.take(MAX_FILE_BYTES + 1).read_to_string(&mut text)?;
            Ok(text)
        });
        let text = match read {
            Ok(text) if text.len() as u64 > MAX_FILE_BYTES => {
                return Err(ProfileError::Corrupt {
                    path: self.path.clone(),
                    reason: format!(
                        "it is over {} KiB; a profile file holds a few settings",
                        MAX_FILE_BYTES / 1024
                    ),
                });
            }
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Profiles::default()),
            Err(error) => {
                return Err(ProfileError::Read {
                    path: self.path.clone(),
                    reason: error.to_string(),
                });
            }
        };
        let corrupt = |error: toml::de::Error| ProfileError::Corrupt {
            path: self.path.clone(),
            reason: error.message().to_owned()
                + &error
                    .span()
                    .map(|span| {
                        let line = text[..span.start].matches('\n').count() + 1;
                        format!(" (line {line})")
                    })
                    .unwrap_or_default(),
        };
        let profiles: Profiles = toml::from_str(&text).map_err(corrupt)?;
        for kind in CredentialKind::all() {
            (kind.spec().check_settings)(&text, kind.as_str()).map_err(corrupt)?;
        }
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

    fn kind(name: &str) -> CredentialKind {
        CredentialKind::from_name(name).unwrap()
    }

    fn settings(pairs: &[(&str, &str)]) -> toml::Table {
        pairs
            .iter()
            .map(|(key, value)| ((*key).to_owned(), toml::Value::String((*value).to_owned())))
            .collect()
    }

    fn sample() -> Profiles {
        let mut profile = Profile::default();
        profile.set(
            kind("greenhouse-v3"),
            StoreKind::SecretService,
            &settings(&[
                ("client_id", "client-123"),
                ("user_id", "4080"),
                ("harvest_url", "http://127.0.0.1:9999"),
            ]),
        );
        profile.set(kind("lever"), StoreKind::KernelKeyring, &settings(&[("region", "eu")]));
        profile.set(
            kind("ashby"),
            StoreKind::KernelKeyring,
            &settings(&[("base_url", "http://127.0.0.1:4020")]),
        );
        let mut profiles = Profiles::default();
        profiles.profiles.insert("default".into(), profile);
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
            vec![kind("greenhouse-v3"), kind("lever"), kind("ashby")]
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
    fn an_oversized_file_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("profiles.toml");
        let line = "# padding\n";
        let text = format!(
            "version = 1\n{}",
            line.repeat((MAX_FILE_BYTES as usize) / line.len() + 1)
        );
        std::fs::write(&path, &text).unwrap();
        let error = ProfileStore::new(&path).load().unwrap_err();
        assert!(error.to_string().contains("over 1024 KiB"), "{error}");
        std::fs::write(&path, &text[..MAX_FILE_BYTES as usize]).unwrap();
        assert!(ProfileStore::new(&path).load().is_ok(), "a file at the bound is read");
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
