//! Tests that store real secrets: in the Linux kernel keyring (keyutils), a real OS credential
//! store that needs no desktop session and is shared by every process of the user, so each test
//! uses profile names no other test (or person) uses and removes them even when it fails.

use std::sync::atomic::{AtomicUsize, Ordering};

use super::atsctl;

/// `atsctl` that cannot reach any D-Bus session bus, so no Secret Service, whatever the machine
/// running the tests has: a developer's desktop keyring is never touched.
pub fn atsctl_without_secret_service(home: &tempfile::TempDir) -> assert_cmd::Command {
    let mut command = atsctl(home);
    command
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", home.path());
    command
}

/// A profile name no other test (or person) uses: the kernel keyring is per user, not per test.
pub fn unique_profile() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "atsctl-test-{}-{nanos}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Removes the test's secrets from the kernel keyring even when an assertion fails midway.
pub struct LogoutOnDrop<'a> {
    pub home: &'a tempfile::TempDir,
    pub profile: &'a str,
}

impl Drop for LogoutOnDrop<'_> {
    fn drop(&mut self) {
        let _ = atsctl_without_secret_service(self.home)
            .args(["auth", "logout", "--profile", self.profile])
            .output();
    }
}
