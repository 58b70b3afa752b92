//! `auth login`, `auth status` and `auth logout` as library operations: the secret goes to an OS
//! store, the rest to the config file, and the two are kept in step.

use serde::Serialize;

use super::{
    CredentialKind, Profile, ProfileError, ProfileStore, SecretKey, SecretStores, StoreKind, check_profile_name,
};
use crate::acceptance::Acceptance;
use crate::http::Secret;
use crate::manifest::Ats;

/// A credential to store, secret included: its kind, its secret and the non-secret settings
/// the profile keeps for it (keys of the kind's [`super::SettingSpec`]s).
#[derive(Debug, Clone)]
pub struct NewCredential {
    kind: CredentialKind,
    secret: Secret,
    settings: toml::Table,
}

impl NewCredential {
    pub fn new(kind: CredentialKind, secret: Secret) -> Self {
        Self {
            kind,
            secret,
            settings: toml::Table::new(),
        }
    }

    /// Adds the setting `key`; `None` leaves it out.
    #[must_use]
    pub fn with(mut self, key: &str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.settings.insert(key.to_owned(), toml::Value::String(value));
        }
        self
    }

    pub fn kind(&self) -> CredentialKind {
        self.kind
    }

    pub fn secret(&self) -> &Secret {
        &self.secret
    }

    /// The setting `key` as text, when given.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(toml::Value::as_str)
    }

    /// The settings as the kind's folder types them (`GreenhouseV3Settings` without its
    /// `store`, read through a table that has one).
    pub fn settings(&self) -> &toml::Table {
        &self.settings
    }
}

/// What `login` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginOutcome {
    pub profile: String,
    pub kind: CredentialKind,
    pub store: StoreKind,
    /// The profile already had this kind; its secret and settings were replaced.
    pub replaced: bool,
    /// The old secret was in another store and could not be removed from it.
    pub stale_secret_in: Option<StoreKind>,
}

/// Stores `credential` under `profile`: the secret in `store`, the settings in the config file.
/// The config is locked and read first, so a corrupt file (or another run that will not let go
/// of it) stops the login before anything is stored, and parallel logins keep every profile.
/// When the config cannot be saved, the store is put back as it was: the new secret removed, or
/// the one it replaced restored.
pub fn login(
    config: &ProfileStore,
    stores: &dyn SecretStores,
    profile: &str,
    store: StoreKind,
    credential: &NewCredential,
) -> Result<LoginOutcome, ProfileError> {
    check_profile_name(profile)?;
    let kind = credential.kind();
    if credential.secret().is_empty() {
        return Err(ProfileError::EmptySecret { kind });
    }
    let locked = config.lock()?;
    let mut profiles = config.load()?;
    let previous_store = profiles.get(profile).and_then(|existing| existing.store_of(kind));
    let secrets = stores.open(store)?;
    let key = SecretKey::new(profile, kind);
    // Kept to put back if the config cannot be saved; unreadable is as good as absent here.
    let replaced_secret = if previous_store == Some(store) {
        secrets.get(&key).ok().flatten()
    } else {
        None
    };
    secrets.set(&key, credential.secret())?;

    profiles
        .profiles
        .entry(profile.to_owned())
        .or_default()
        .set(kind, store, &credential.settings);
    if let Err(error) = config.save(&locked, &profiles) {
        // The config still describes the old state: make the store match it. Without a config
        // entry a new secret is unreachable (an orphan in the keyring); an entry that stays must
        // find the secret it had.
        let _ = match replaced_secret {
            Some(old) => secrets.set(&key, &old),
            None if previous_store != Some(store) => secrets.delete(&key).map(drop),
            None => Ok(()),
        };
        return Err(error);
    }
    // The secret moved stores: the old copy must not linger.
    let mut stale_secret_in = None;
    if let Some(old) = previous_store.filter(|old| *old != store) {
        let removed = stores.open(old).and_then(|old_store| old_store.delete(&key));
        if removed.is_err() {
            stale_secret_in = Some(old);
        }
    }
    Ok(LoginOutcome {
        profile: profile.to_owned(),
        kind,
        store,
        replaced: previous_store.is_some(),
        stale_secret_in,
    })
}

/// One credential `logout` removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    pub kind: CredentialKind,
    pub store: StoreKind,
    /// `false` when the store no longer had the secret (removed by hand, expired).
    pub secret_was_stored: bool,
}

/// Removes `profile`'s credentials for `ats` (all of them when `None`): secrets from their
/// stores, then the settings from the config. A store that cannot be opened stops the logout
/// with the config unchanged for that credential, so no secret is left behind unlisted.
pub fn logout(
    config: &ProfileStore,
    stores: &dyn SecretStores,
    profile: &str,
    ats: Option<Ats>,
) -> Result<Vec<Removed>, ProfileError> {
    let locked = config.lock()?;
    let mut profiles = config.load()?;
    let Some(existing) = profiles.profiles.get(profile).cloned() else {
        return Err(ProfileError::UnknownProfile {
            name: profile.to_owned(),
            known: profiles.names(),
        });
    };
    let kinds: Vec<CredentialKind> = existing
        .kinds()
        .into_iter()
        .filter(|kind| ats.is_none_or(|ats| kind.ats() == ats))
        .collect();
    if kinds.is_empty() {
        return Err(ProfileError::NoCredential {
            profile: profile.to_owned(),
            ats,
        });
    }
    let mut removed = Vec::new();
    let mut failure = None;
    for kind in kinds {
        let Some(store) = existing.store_of(kind) else { continue };
        match stores
            .open(store)
            .and_then(|secrets| secrets.delete(&SecretKey::new(profile, kind)))
        {
            Ok(secret_was_stored) => {
                if let Some(entry) = profiles.profiles.get_mut(profile) {
                    entry.remove(kind);
                }
                removed.push(Removed {
                    kind,
                    store,
                    secret_was_stored,
                });
            }
            Err(error) => {
                failure = Some(error);
                break;
            }
        }
    }
    if profiles.profiles.get(profile).is_some_and(Profile::is_empty) {
        profiles.profiles.remove(profile);
    }
    if !removed.is_empty() {
        config.save(&locked, &profiles)?;
    }
    match failure {
        Some(error) => Err(error.into()),
        None => Ok(removed),
    }
}

/// Whether a profile's secret is in its store. Never the secret itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "reason")]
pub enum SecretState {
    Stored,
    Missing,
    /// The store could not be opened or read.
    Unreadable(String),
    /// Not looked up (`status` was asked not to touch the stores).
    NotChecked,
}

/// A base URL a credential is used with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrlStatus {
    /// `auth`, `harvest` or `api`.
    pub name: &'static str,
    pub url: String,
    /// No override: the ATS's own host.
    pub is_default: bool,
}

impl BaseUrlStatus {
    /// The URL named `name` of a profile section: its setting `key`, else `default`.
    pub fn of(section: &toml::Table, name: &'static str, key: &str, default: &str) -> Self {
        let custom = section.get(key).and_then(toml::Value::as_str);
        Self {
            name,
            url: custom.unwrap_or(default).to_owned(),
            is_default: custom.is_none(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialStatus {
    pub kind: CredentialKind,
    pub store: StoreKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The account's region, for a kind that keeps one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub base_urls: Vec<BaseUrlStatus>,
    pub secret: SecretState,
    /// Whether the ATS accepted the credential, when asked (`auth status --check`); `status`
    /// itself never asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Acceptance>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileStatus {
    pub name: String,
    pub credentials: Vec<CredentialStatus>,
}

/// Every profile (or just `only`), with each credential's settings and, when `check_secrets`,
/// whether its secret is in its store.
pub fn status(
    config: &ProfileStore,
    stores: &dyn SecretStores,
    only: Option<&str>,
    check_secrets: bool,
) -> Result<Vec<ProfileStatus>, ProfileError> {
    let profiles = config.load()?;
    if let Some(name) = only
        && profiles.get(name).is_none()
    {
        return Err(ProfileError::UnknownProfile {
            name: name.to_owned(),
            known: profiles.names(),
        });
    }
    let mut list = Vec::new();
    for (name, profile) in profiles
        .profiles
        .iter()
        .filter(|(name, _)| only.is_none_or(|only| only == name.as_str()))
    {
        let mut credentials = Vec::new();
        for kind in profile.kinds() {
            let Some(store) = profile.store_of(kind) else { continue };
            let section = profile.section(kind).cloned().unwrap_or_default();
            let text = |key: &str| section.get(key).and_then(toml::Value::as_str).map(str::to_owned);
            let status = CredentialStatus {
                kind,
                store,
                client_id: text("client_id"),
                user_id: text("user_id"),
                region: text("region"),
                base_urls: (kind.spec().status_urls)(&section),
                secret: SecretState::NotChecked,
                check: None,
            };
            let mut status = status;
            if check_secrets {
                status.secret = match stores
                    .open(store)
                    .and_then(|secrets| secrets.get(&SecretKey::new(name, kind)))
                {
                    Ok(Some(_)) => SecretState::Stored,
                    Ok(None) => SecretState::Missing,
                    Err(error) => SecretState::Unreadable(error.to_string()),
                };
            }
            credentials.push(status);
        }
        list.push(ProfileStatus {
            name: name.clone(),
            credentials,
        });
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::greenhouse::credential::GreenhouseV3Settings;
    use crate::greenhouse::credential::V3;
    use crate::lever::credential::KIND as LEVER;
    use crate::profile::MemoryStores;

    const CANARY: &str = "canary-7c1f-never-on-disk";

    fn setup() -> (tempfile::TempDir, ProfileStore, MemoryStores) {
        let dir = tempfile::tempdir().unwrap();
        let config = ProfileStore::new(dir.path().join("profiles.toml"));
        (dir, config, MemoryStores::new())
    }

    fn v3(secret: &str) -> NewCredential {
        NewCredential::new(V3, Secret::new(secret))
            .with("client_id", Some("client-123".into()))
            .with("user_id", Some("4080".into()))
    }

    fn lever_eu(secret: &str) -> NewCredential {
        NewCredential::new(LEVER, Secret::new(secret)).with("region", Some("eu".into()))
    }

    fn stored(stores: &MemoryStores, store: StoreKind, profile: &str, kind: CredentialKind) -> Option<String> {
        stores
            .open(store)
            .unwrap()
            .get(&SecretKey::new(profile, kind))
            .unwrap()
            .map(|secret| secret.expose().to_owned())
    }

    /// A config path whose name fits the file system's 255-byte limit while the temporary file
    /// written beside it (`.<name>.<pid>.<n>.tmp`) does not: loading and locking work, saving
    /// fails, after the secret was stored.
    #[cfg(unix)]
    fn unsavable(dir: &tempfile::TempDir) -> ProfileStore {
        ProfileStore::new(dir.path().join("p".repeat(248)))
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_save_takes_the_new_secret_back_out() {
        let (dir, _, stores) = setup();
        let config = unsavable(&dir);
        let error = login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap_err();
        assert!(matches!(error, ProfileError::Write { .. }), "{error:?}");
        assert_eq!(
            stored(&stores, StoreKind::SecretService, "default", V3),
            None,
            "no orphan secret in the store"
        );
        assert!(!error.to_string().contains(CANARY));
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_save_puts_back_the_secret_it_replaced() {
        let (dir, _, stores) = setup();
        let config = unsavable(&dir);
        std::fs::write(
            config.path(),
            "version = 1\n[profiles.default.greenhouse-v3]\nstore = \"secret-service\"\nclient_id = \"client-old\"\n",
        )
        .unwrap();
        let key = SecretKey::new("default", V3);
        stores
            .open(StoreKind::SecretService)
            .unwrap()
            .set(&key, &Secret::new("the-old-secret"))
            .unwrap();
        login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap_err();
        assert_eq!(
            stored(&stores, StoreKind::SecretService, "default", V3).as_deref(),
            Some("the-old-secret"),
            "the config still names the old client: its secret must still be there"
        );
        assert_eq!(
            config.load().unwrap().profiles["default"]
                .settings::<GreenhouseV3Settings>(V3)
                .unwrap()
                .map(|settings| settings.client_id),
            Some("client-old".to_owned())
        );
    }

    #[test]
    fn parallel_logins_keep_every_profile() {
        let (_dir, config, stores) = setup();
        let stores = std::sync::Arc::new(stores);
        std::thread::scope(|scope| {
            for index in 0..20 {
                let (config, stores) = (&config, &stores);
                scope.spawn(move || {
                    let profile = format!("parallel-{index}");
                    login(config, stores.as_ref(), &profile, StoreKind::SecretService, &v3(CANARY)).unwrap();
                });
            }
        });
        assert_eq!(config.load().unwrap().profiles.len(), 20);
    }

    #[test]
    fn login_puts_the_secret_in_the_store_and_never_in_the_config() {
        let (_dir, config, stores) = setup();
        let outcome = login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap();
        assert!(!outcome.replaced);
        assert_eq!(
            stored(&stores, StoreKind::SecretService, "default", V3).as_deref(),
            Some(CANARY)
        );
        let text = std::fs::read_to_string(config.path()).unwrap();
        assert!(!text.contains(CANARY), "the secret reached the config file:\n{text}");
        assert!(
            text.contains("client_id = \"client-123\"") && text.contains("user_id = \"4080\""),
            "{text}"
        );
    }

    #[test]
    fn login_again_overwrites_and_moving_stores_removes_the_old_copy() {
        let (_dir, config, stores) = setup();
        login(
            &config,
            &stores,
            "default",
            StoreKind::SecretService,
            &v3("first-secret"),
        )
        .unwrap();
        let again = login(
            &config,
            &stores,
            "default",
            StoreKind::SecretService,
            &v3("second-secret"),
        )
        .unwrap();
        assert!(again.replaced);
        assert_eq!(
            stored(&stores, StoreKind::SecretService, "default", V3).as_deref(),
            Some("second-secret")
        );
        let moved = login(
            &config,
            &stores,
            "default",
            StoreKind::KernelKeyring,
            &v3("third-secret"),
        )
        .unwrap();
        assert_eq!(moved.stale_secret_in, None);
        assert_eq!(stored(&stores, StoreKind::SecretService, "default", V3), None);
        assert_eq!(
            stored(&stores, StoreKind::KernelKeyring, "default", V3).as_deref(),
            Some("third-secret")
        );
        assert_eq!(
            config.load().unwrap().profiles["default"].store_of(V3),
            Some(StoreKind::KernelKeyring)
        );
    }

    #[test]
    fn without_a_store_login_stores_nothing_and_writes_no_config() {
        let (_dir, config, _) = setup();
        let stores = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session bus");
        let error = login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap_err();
        assert!(
            matches!(
                error,
                ProfileError::Store(crate::profile::StoreError::Unavailable { .. })
            ),
            "{error:?}"
        );
        assert!(!config.path().exists(), "a config was written without its secret");
    }

    #[test]
    fn a_corrupt_config_stops_login_before_the_secret_is_stored() {
        let (_dir, config, stores) = setup();
        std::fs::write(config.path(), "this is = = not toml").unwrap();
        let error = login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap_err();
        assert!(matches!(error, ProfileError::Corrupt { .. }), "{error:?}");
        assert_eq!(stored(&stores, StoreKind::SecretService, "default", V3), None);
        assert_eq!(std::fs::read_to_string(config.path()).unwrap(), "this is = = not toml");
    }

    #[test]
    fn empty_secrets_and_bad_names_are_refused() {
        let (_dir, config, stores) = setup();
        assert!(matches!(
            login(&config, &stores, "default", StoreKind::SecretService, &v3("")),
            Err(ProfileError::EmptySecret { .. })
        ));
        assert!(matches!(
            login(&config, &stores, "a/b", StoreKind::SecretService, &v3("x-secret")),
            Err(ProfileError::InvalidName { .. })
        ));
    }

    #[test]
    fn logout_deletes_secrets_and_settings() {
        let (_dir, config, stores) = setup();
        login(&config, &stores, "work", StoreKind::SecretService, &v3("v3-secret")).unwrap();
        let lever = lever_eu("lever-key");
        login(&config, &stores, "work", StoreKind::SecretService, &lever).unwrap();

        let removed = logout(&config, &stores, "work", Some(Ats::Lever)).unwrap();
        assert_eq!(
            removed,
            vec![Removed {
                kind: LEVER,
                store: StoreKind::SecretService,
                secret_was_stored: true
            }]
        );
        assert_eq!(stored(&stores, StoreKind::SecretService, "work", LEVER), None);
        assert_eq!(config.load().unwrap().profiles["work"].kinds(), vec![V3]);

        logout(&config, &stores, "work", None).unwrap();
        assert!(
            config.load().unwrap().profiles.is_empty(),
            "an empty profile is dropped"
        );
        assert_eq!(stored(&stores, StoreKind::SecretService, "work", V3), None);
        assert!(matches!(
            logout(&config, &stores, "work", None),
            Err(ProfileError::UnknownProfile { .. })
        ));
    }

    #[test]
    fn logout_without_the_store_keeps_the_profile() {
        let (_dir, config, stores) = setup();
        login(&config, &stores, "work", StoreKind::SecretService, &v3("v3-secret")).unwrap();
        let offline = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session bus");
        assert!(logout(&config, &offline, "work", None).is_err());
        assert_eq!(config.load().unwrap().profiles["work"].kinds(), vec![V3]);
    }

    #[test]
    fn status_reports_settings_and_secret_presence_only() {
        let (_dir, config, stores) = setup();
        login(&config, &stores, "default", StoreKind::SecretService, &v3(CANARY)).unwrap();
        let lever = lever_eu("lever-key-value");
        login(&config, &stores, "eu", StoreKind::KernelKeyring, &lever).unwrap();
        stores
            .open(StoreKind::KernelKeyring)
            .unwrap()
            .delete(&SecretKey::new("eu", LEVER))
            .unwrap();

        let list = status(&config, &stores, None, true).unwrap();
        assert_eq!(
            list.iter().map(|profile| profile.name.as_str()).collect::<Vec<_>>(),
            ["default", "eu"]
        );
        let v3 = &list[0].credentials[0];
        assert_eq!(v3.secret, SecretState::Stored);
        assert_eq!(
            v3.base_urls[1],
            BaseUrlStatus {
                name: "harvest",
                url: crate::greenhouse::DEFAULT_HARVEST_URL.into(),
                is_default: true
            }
        );
        let lever = &list[1].credentials[0];
        assert_eq!(lever.secret, SecretState::Missing);
        assert_eq!(lever.base_urls[0].url, "https://api.eu.lever.co/v1");
        let json = serde_json::to_string(&list).unwrap();
        assert!(!json.contains(CANARY) && !json.contains("lever-key-value"), "{json}");
        assert!(matches!(
            status(&config, &stores, Some("nope"), false),
            Err(ProfileError::UnknownProfile { .. })
        ));
    }
}
