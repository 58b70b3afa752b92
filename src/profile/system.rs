//! Opening the real OS credential stores, one function per platform. Each open also probes the
//! store, so a machine without one is detected before anyone types a secret.

use std::sync::Arc;

use keyring_core::CredentialStore;

use super::StoreKind;

/// The `keyring-core` store for `kind`, or why this machine cannot use it.
pub(super) fn open(kind: StoreKind) -> Result<Arc<CredentialStore>, String> {
    match kind {
        #[cfg(target_os = "macos")]
        StoreKind::Keychain => apple_native_keyring_store::keychain::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|error| error.to_string()),
        #[cfg(target_os = "windows")]
        StoreKind::CredentialManager => windows_native_keyring_store::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|error| error.to_string()),
        #[cfg(target_os = "linux")]
        StoreKind::SecretService => linux::secret_service(),
        #[cfg(target_os = "linux")]
        StoreKind::KernelKeyring => linux::kernel_keyring(),
        #[allow(unreachable_patterns)]
        other => Err(format!("{} is not supported on this platform", other.as_str())),
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::Arc;

    use keyring_core::CredentialStore;
    use linux_keyutils::{KeyRing, KeyRingIdentifier};

    /// Connects to the Secret Service on the session bus. This fails, quickly, when there is no
    /// session bus (a headless server, CI) or no service on it (no GNOME Keyring, KWallet...).
    pub(super) fn secret_service() -> Result<Arc<CredentialStore>, String> {
        let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS");
        zbus_secret_service_keyring_store::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|error| {
                let detail = match &error {
                    keyring_core::Error::PlatformFailure(inner) | keyring_core::Error::NoStorageAccess(inner) => {
                        inner.to_string()
                    }
                    other => other.to_string(),
                };
                if bus.is_none() {
                    format!("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): {detail}")
                } else {
                    detail
                }
            })
    }

    /// The kernel's per-user persistent keyring, reached through the session keyring.
    ///
    /// A process started outside a login session (cron, a container, CI) has no session keyring
    /// of its own and falls back to the user-session keyring, from which the kernel will not link
    /// keys into the persistent keyring (EACCES). Asking for the session keyring with `create`
    /// joins a fresh anonymous one first, as `pam_keyinit` would at login; inside a login session
    /// it is a no-op. The persistent keyring is what outlives this process, so without it (a
    /// kernel built without CONFIG_PERSISTENT_KEYRINGS) the store is not usable.
    pub(super) fn kernel_keyring() -> Result<Arc<CredentialStore>, String> {
        KeyRing::from_special_id(KeyRingIdentifier::Session, true)
            .map_err(|error| format!("no session keyring: {error}"))?;
        KeyRing::get_persistent(KeyRingIdentifier::Session)
            .map_err(|error| format!("the persistent keyring cannot be reached: {error}"))?;
        linux_keyutils_keyring_store::Store::new()
            .map(|store| store as Arc<CredentialStore>)
            .map_err(|error| error.to_string())
    }
}
