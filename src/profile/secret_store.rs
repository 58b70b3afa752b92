//! Where secrets live: the OS credential store, behind a small trait so commands and tests do not
//! care which one. Every implementation goes through `keyring-core`; the binary opens the real
//! per-OS stores ([`SystemStores`]), tests use the in-memory mock ([`MemoryStores`]).
//!
//! There is deliberately no file-backed store: on a machine without a credential store, secrets
//! come from the environment or stdin, and atsctl says so instead of writing them to disk.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use keyring_core::CredentialStore;
use serde::{Deserialize, Serialize};

use super::CredentialKind;
use crate::http::Secret;

/// The keyring service name every atsctl secret is filed under.
pub const SERVICE: &str = "atsctl";

/// An OS credential store atsctl can keep secrets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreKind {
    /// macOS login keychain.
    Keychain,
    /// Windows Credential Manager.
    CredentialManager,
    /// The freedesktop Secret Service over D-Bus (GNOME Keyring, KWallet, KeePassXC).
    SecretService,
    /// The Linux kernel's persistent keyring (keyutils): no daemon needed, but secrets last until
    /// reboot, or until unused for the kernel's persistent-keyring expiry (3 days by default).
    KernelKeyring,
}

impl StoreKind {
    pub const ALL: [StoreKind; 4] = [
        Self::Keychain,
        Self::CredentialManager,
        Self::SecretService,
        Self::KernelKeyring,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Keychain => "keychain",
            Self::CredentialManager => "credential-manager",
            Self::SecretService => "secret-service",
            Self::KernelKeyring => "kernel-keyring",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Self::Keychain => "the macOS Keychain",
            Self::CredentialManager => "the Windows Credential Manager",
            Self::SecretService => "the Secret Service (D-Bus)",
            Self::KernelKeyring => "the Linux kernel keyring",
        }
    }

    /// The store `auth login` uses unless told otherwise; `None` on platforms with none.
    pub fn platform_default() -> Option<StoreKind> {
        if cfg!(target_os = "macos") {
            Some(Self::Keychain)
        } else if cfg!(target_os = "windows") {
            Some(Self::CredentialManager)
        } else if cfg!(target_os = "linux") {
            Some(Self::SecretService)
        } else {
            None
        }
    }

    /// Whether this build can open the store on this platform.
    pub fn supported_here(self) -> bool {
        match self {
            Self::Keychain => cfg!(target_os = "macos"),
            Self::CredentialManager => cfg!(target_os = "windows"),
            Self::SecretService | Self::KernelKeyring => cfg!(target_os = "linux"),
        }
    }

    /// How long a secret stays, when that is shorter than "until deleted".
    pub fn lifetime_note(self) -> Option<&'static str> {
        match self {
            Self::KernelKeyring => {
                Some("kept until reboot, or until unused for 3 days (the kernel's persistent-keyring expiry)")
            }
            _ => None,
        }
    }
}

impl fmt::Display for StoreKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name of one secret: a profile's credential of one kind. In the store it is the entry
/// (service `atsctl`, user `<profile>/<kind>`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey {
    pub profile: String,
    pub kind: CredentialKind,
}

impl SecretKey {
    pub fn new(profile: &str, kind: CredentialKind) -> Self {
        Self {
            profile: profile.to_owned(),
            kind,
        }
    }

    /// The keyring "user" (account) the secret is stored under.
    pub fn user(&self) -> String {
        format!("{}/{}", self.profile, self.kind)
    }
}

/// Why a store could not do what was asked. Never carries a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The store cannot be used on this machine at all (no D-Bus session, no Secret Service,
    /// an unsupported platform, a kernel keyring the sandbox forbids).
    #[error("no OS credential store is available: {} cannot be used: {reason}", store.display_name())]
    Unavailable { store: StoreKind, reason: String },
    /// The store is there but refused (locked collection, access denied).
    #[error("{} refused access: {reason}", store.display_name())]
    Denied { store: StoreKind, reason: String },
    #[error("{} failed: {reason}", store.display_name())]
    Failed { store: StoreKind, reason: String },
}

impl StoreError {
    pub fn store(&self) -> StoreKind {
        match self {
            Self::Unavailable { store, .. } | Self::Denied { store, .. } | Self::Failed { store, .. } => *store,
        }
    }

    /// What to do instead: the environment and stdin path, named in full.
    pub fn help(&self) -> Vec<String> {
        // Every kind's variables with the kind's name, and every stdin flag once, from the
        // kinds' data: "A, B and C (Harvest v3), D (Lever)".
        let variables: Vec<String> = super::CredentialKind::all()
            .map(|kind| {
                let names = kind.env_names();
                let listed = match names.as_slice() {
                    [rest @ .., last] if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                    _ => names.join(""),
                };
                format!("{listed} ({})", kind.spec().label)
            })
            .collect();
        let mut stdin_flags: Vec<&str> = Vec::new();
        for flag in super::CredentialKind::all().map(super::CredentialKind::stdin_flag) {
            if !stdin_flags.contains(&flag) {
                stdin_flags.push(flag);
            }
        }
        let mut help = vec![
            format!(
                "pass credentials through the environment instead: {}",
                variables.join(", ")
            ),
            format!(
                "or pipe the secret to the command that needs it with {}",
                stdin_flags.join(" or ")
            ),
        ];
        if let Self::Unavailable {
            store: StoreKind::SecretService,
            ..
        } = self
        {
            help.push(
                "on a Linux machine without a desktop session, `--store kernel-keyring` keeps secrets in the kernel keyring \
                 instead (until reboot, or 3 days unused)"
                    .to_owned(),
            );
        }
        if let Self::Unavailable { .. } = self {
            help.push("atsctl never writes secrets to a plain file".to_owned());
        }
        help
    }
}

/// A place secrets can be put, read back and removed.
pub trait SecretStore: Send + Sync {
    /// Which store this is; recorded in the profile config so later runs open the same one.
    fn kind(&self) -> StoreKind;
    /// Creates or overwrites the secret.
    fn set(&self, key: &SecretKey, secret: &Secret) -> Result<(), StoreError>;
    /// The secret, or `None` when there is none.
    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, StoreError>;
    /// Removes the secret; `false` when there was none.
    fn delete(&self, key: &SecretKey) -> Result<bool, StoreError>;
}

/// Opens stores by kind. The binary uses [`SystemStores`]; tests use [`MemoryStores`].
pub trait SecretStores {
    /// The store, or [`StoreError::Unavailable`] when this machine has no usable one of that kind.
    fn open(&self, kind: StoreKind) -> Result<Arc<dyn SecretStore>, StoreError>;
}

/// A [`SecretStore`] over any `keyring-core` credential store.
pub struct KeyringStore {
    kind: StoreKind,
    inner: Arc<CredentialStore>,
}

impl fmt::Debug for KeyringStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyringStore")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl KeyringStore {
    pub fn new(kind: StoreKind, inner: Arc<CredentialStore>) -> Self {
        Self { kind, inner }
    }

    /// `keyring-core`'s in-memory mock standing in for the store `kind`: nothing outlives this
    /// value. For tests; the binary never selects it.
    pub fn in_memory(kind: StoreKind) -> Self {
        let mock =
            keyring_core::mock::Store::new().unwrap_or_else(|_| unreachable!("the mock store cannot fail to build"));
        Self::new(kind, mock)
    }

    fn entry(&self, key: &SecretKey) -> Result<keyring_core::Entry, StoreError> {
        self.inner
            .build(SERVICE, &key.user(), None)
            .map_err(|error| self.error(error))
    }

    fn error(&self, error: keyring_core::Error) -> StoreError {
        let store = self.kind;
        match error {
            keyring_core::Error::NoStorageAccess(reason) => StoreError::Denied {
                store,
                reason: reason.to_string(),
            },
            keyring_core::Error::NoDefaultStore => StoreError::Unavailable {
                store,
                reason: error.to_string(),
            },
            // The Ambiguous variant's text lists the matching entries; say less.
            keyring_core::Error::Ambiguous(entries) => StoreError::Failed {
                store,
                reason: format!(
                    "{} entries match one atsctl secret; remove the extra ones",
                    entries.len()
                ),
            },
            // Encoding errors carry the stored bytes: never put them in a message.
            keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => StoreError::Failed {
                store,
                reason: "the stored value is not readable text".to_owned(),
            },
            other => StoreError::Failed {
                store,
                reason: other.to_string(),
            },
        }
    }
}

impl SecretStore for KeyringStore {
    fn kind(&self) -> StoreKind {
        self.kind
    }

    fn set(&self, key: &SecretKey, secret: &Secret) -> Result<(), StoreError> {
        self.entry(key)?
            .set_password(secret.expose())
            .map_err(|error| self.error(error))
    }

    fn get(&self, key: &SecretKey) -> Result<Option<Secret>, StoreError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(self.error(error)),
        }
    }

    fn delete(&self, key: &SecretKey) -> Result<bool, StoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(error) => Err(self.error(error)),
        }
    }
}

/// The real OS stores, each opened (and probed) once per process.
///
/// Opening and using them blocks (the Secret Service store runs D-Bus calls on a runtime of its
/// own): call from synchronous code, not from inside an async task.
#[derive(Default)]
pub struct SystemStores {
    opened: Mutex<HashMap<StoreKind, Arc<dyn SecretStore>>>,
}

impl SystemStores {
    pub fn new() -> Self {
        Self::default()
    }
}

impl SecretStores for SystemStores {
    fn open(&self, kind: StoreKind) -> Result<Arc<dyn SecretStore>, StoreError> {
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(store) = opened.get(&kind) {
            return Ok(store.clone());
        }
        let inner = super::system::open(kind).map_err(|reason| StoreError::Unavailable { store: kind, reason })?;
        let store: Arc<dyn SecretStore> = Arc::new(KeyringStore::new(kind, inner));
        opened.insert(kind, store.clone());
        Ok(store)
    }
}

/// In-memory stores for tests: one `keyring-core` mock per kind, shared by every `open` of that
/// kind, so what one call stores the next reads. Kinds can be marked unavailable.
#[derive(Default)]
pub struct MemoryStores {
    opened: Mutex<HashMap<StoreKind, Arc<dyn SecretStore>>>,
    unavailable: HashMap<StoreKind, String>,
}

impl MemoryStores {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes `open(kind)` fail as a machine without that store would.
    #[must_use]
    pub fn with_unavailable(mut self, kind: StoreKind, reason: &str) -> Self {
        self.unavailable.insert(kind, reason.to_owned());
        self
    }
}

impl SecretStores for MemoryStores {
    fn open(&self, kind: StoreKind) -> Result<Arc<dyn SecretStore>, StoreError> {
        if let Some(reason) = self.unavailable.get(&kind) {
            return Err(StoreError::Unavailable {
                store: kind,
                reason: reason.clone(),
            });
        }
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(opened
            .entry(kind)
            .or_insert_with(|| Arc::new(KeyringStore::in_memory(kind)))
            .clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SecretKey {
        SecretKey::new("work", crate::greenhouse::credential::V3)
    }

    #[test]
    fn stores_reads_overwrites_and_deletes() {
        let store = KeyringStore::in_memory(StoreKind::SecretService);
        assert_eq!(store.get(&key()).unwrap(), None);
        store.set(&key(), &Secret::new("first-secret")).unwrap();
        assert_eq!(store.get(&key()).unwrap().unwrap().expose(), "first-secret");
        store.set(&key(), &Secret::new("second-secret")).unwrap();
        assert_eq!(store.get(&key()).unwrap().unwrap().expose(), "second-secret");
        assert!(store.delete(&key()).unwrap());
        assert_eq!(store.get(&key()).unwrap(), None);
        assert!(
            !store.delete(&key()).unwrap(),
            "deleting twice reports there was nothing"
        );
    }

    #[test]
    fn entries_are_per_profile_and_kind() {
        let store = KeyringStore::in_memory(StoreKind::Keychain);
        store.set(&key(), &Secret::new("v3-secret")).unwrap();
        store
            .set(
                &SecretKey::new("work", crate::lever::credential::KIND),
                &Secret::new("lever-key"),
            )
            .unwrap();
        store
            .set(
                &SecretKey::new("home", crate::greenhouse::credential::V3),
                &Secret::new("other"),
            )
            .unwrap();
        assert_eq!(store.get(&key()).unwrap().unwrap().expose(), "v3-secret");
        assert_eq!(key().user(), "work/greenhouse-v3");
    }

    #[test]
    fn store_failures_become_typed_errors_without_the_value() {
        let store = KeyringStore::in_memory(StoreKind::SecretService);
        store.set(&key(), &Secret::new("canary-secret-value")).unwrap();
        let entry = store.entry(&key()).unwrap();
        let mock: &keyring_core::mock::Cred = entry.as_any().downcast_ref().unwrap();
        mock.set_error(keyring_core::Error::NoStorageAccess("collection is locked".into()));
        let error = store.get(&key()).unwrap_err();
        assert!(matches!(error, StoreError::Denied { .. }), "{error:?}");
        assert!(error.to_string().contains("collection is locked"), "{error}");
        mock.set_error(keyring_core::Error::BadEncoding(b"canary-secret-value".to_vec()));
        let error = store.get(&key()).unwrap_err();
        assert!(
            !format!("{error} {error:?}").contains("canary-secret-value"),
            "{error:?}"
        );
    }

    #[test]
    fn memory_stores_share_one_store_per_kind_and_can_be_unavailable() {
        let stores = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session");
        let a = stores.open(StoreKind::KernelKeyring).unwrap();
        a.set(&key(), &Secret::new("shared-secret")).unwrap();
        let b = stores.open(StoreKind::KernelKeyring).unwrap();
        assert_eq!(b.get(&key()).unwrap().unwrap().expose(), "shared-secret");
        let Err(error) = stores.open(StoreKind::SecretService) else {
            panic!("the store is marked unavailable")
        };
        assert!(
            error.to_string().starts_with("no OS credential store is available"),
            "{error}"
        );
        let help = error.help().join("\n");
        for name in [
            "ATSCTL_GREENHOUSE_CLIENT_ID",
            "ATSCTL_GREENHOUSE_CLIENT_SECRET",
            "ATSCTL_GREENHOUSE_USER_ID",
            "ATSCTL_HARVEST_API_KEY",
            "ATSCTL_LEVER_API_KEY",
            "--client-secret-stdin",
            "--api-key-stdin",
        ] {
            assert!(help.contains(name), "{name} missing from {help}");
        }
    }
}
