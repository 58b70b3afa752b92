//! `profiles.toml` stays byte-compatible now that a profile is a map from credential kind to
//! that kind's section: a file holding every kind, as earlier atsctl versions wrote it, reads
//! and writes back unchanged; sections and keys this atsctl does not know are kept; a secret
//! never reaches the file.

use atsctl::profile::{CredentialKind, ProfileStore};

/// A file with every kind and every setting, exactly as `auth login` has always written it
/// (the header, then the kinds in the registry's order, each with `store` first).
const EVERY_KIND: &str = r#"# atsctl profiles, written by `atsctl auth login`. No secrets here: each `store` names the OS
# credential store that holds that credential's secret.

version = 1

[profiles.default.greenhouse-v3]
store = "secret-service"
client_id = "client-123"
user_id = "4080"
auth_url = "http://127.0.0.1:4001"
harvest_url = "http://127.0.0.1:4002"

[profiles.default.greenhouse-v1]
store = "kernel-keyring"
harvest_url = "http://127.0.0.1:4002"

[profiles.default.lever]
store = "secret-service"
region = "eu"
base_url = "http://127.0.0.1:4003/v1"

[profiles.default.ashby]
store = "kernel-keyring"
base_url = "http://127.0.0.1:4004"

[profiles.work.lever]
store = "kernel-keyring"
region = "us"
"#;

fn write(text: &str) -> (tempfile::TempDir, ProfileStore) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("profiles.toml");
    std::fs::write(&path, text).unwrap();
    (dir, ProfileStore::new(path))
}

fn rewrite(store: &ProfileStore) -> String {
    let profiles = store.load().unwrap();
    let lock = store.lock().unwrap();
    store.save(&lock, &profiles).unwrap();
    std::fs::read_to_string(store.path()).unwrap()
}

#[test]
fn a_file_holding_every_kind_is_read_and_written_back_unchanged() {
    let (_dir, store) = write(EVERY_KIND);
    let profiles = store.load().unwrap();
    let all: Vec<CredentialKind> = CredentialKind::all().collect();
    assert_eq!(profiles.profiles["default"].kinds(), all, "every kind is read");
    for kind in &all {
        assert!(
            EVERY_KIND.contains(&format!("[profiles.default.{kind}]")),
            "{kind} is in the sample"
        );
    }
    assert_eq!(rewrite(&store), EVERY_KIND);
}

#[test]
fn sections_and_keys_this_atsctl_does_not_know_are_kept() {
    let newer = EVERY_KIND.replace(
        "[profiles.work.lever]",
        "[profiles.work.workday]\nstore = \"kernel-keyring\"\ntenant = \"acme\"\n\n[profiles.work.lever]",
    ) + "proxy = \"http://127.0.0.1:3128\"\n";
    let (_dir, store) = write(&newer);
    let profiles = store.load().unwrap();
    let work = &profiles.profiles["work"];
    assert_eq!(work.kinds().len(), 1, "only the known kind counts as a credential");
    let text = rewrite(&store);
    for kept in [
        "tenant = \"acme\"",
        "[profiles.work.workday]",
        "proxy = \"http://127.0.0.1:3128\"",
    ] {
        assert!(text.contains(kept), "{kept} was dropped:\n{text}");
    }
    assert_eq!(rewrite(&store), text, "a second rewrite changes nothing");
}

#[test]
fn a_bad_value_in_any_kind_is_named_with_its_line() {
    for (bad, line) in [
        ("region = \"eu\"", "region = \"mars\""),
        ("client_id = \"client-123\"", "client_id = 123"),
        ("store = \"kernel-keyring\"\nbase_url", "store = \"floppy\"\nbase_url"),
    ] {
        let text = EVERY_KIND.replacen(bad, line, 1);
        assert_ne!(text, EVERY_KIND, "{bad}");
        let (_dir, store) = write(&text);
        let error = store.load().unwrap_err().to_string();
        let first = line.lines().next().unwrap();
        let expected = text.lines().position(|candidate| candidate == first).unwrap() + 1;
        assert!(error.contains(&format!("(line {expected})")), "{line}: {error}");
        assert_eq!(std::fs::read_to_string(store.path()).unwrap(), text, "left as it is");
    }
    let (_dir, store) = write("version = 1\n[profiles.default]\nlever = 5\n");
    let error = store.load().unwrap_err().to_string();
    assert!(error.contains("line 3"), "{error}");
}

/// Across processes through a real store (the kernel keyring): a login to another profile and
/// its logout leave the file as they found it, byte for byte, and the secret never in it.
#[cfg(target_os = "linux")]
#[test]
fn login_and_logout_of_another_profile_leave_the_file_as_it_was() {
    use crate::support::keyring::{LogoutOnDrop, atsctl_without_secret_service, unique_profile};
    use crate::support::secrets::assert_secret_nowhere;
    use crate::support::{home, stderr};

    const CANARY: &str = "canary-pr0file-file-never";
    let home = home();
    let path = home.path().join("config/atsctl/profiles.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, EVERY_KIND).unwrap();
    let profile = unique_profile();
    let _cleanup = LogoutOnDrop {
        home: &home,
        profile: &profile,
    };
    let login = atsctl_without_secret_service(&home)
        .args([
            "auth",
            "login",
            "--profile",
            &profile,
            "--ats",
            "ashby",
            "--api-key-stdin",
        ])
        .args(["--store", "kernel-keyring"])
        .write_stdin(format!("{CANARY}\n"))
        .output()
        .unwrap();
    assert_eq!(login.status.code(), Some(0), "{}", stderr(&login));
    let text = std::fs::read_to_string(&path).unwrap();
    for block in EVERY_KIND.split("\n\n") {
        assert!(text.contains(block), "{block} changed:\n{text}");
    }
    assert!(text.contains(&format!("[profiles.{profile}.ashby]")), "{text}");
    let logout = atsctl_without_secret_service(&home)
        .args(["auth", "logout", "--profile", &profile])
        .output()
        .unwrap();
    assert_eq!(logout.status.code(), Some(0), "{}", stderr(&logout));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EVERY_KIND);
    assert_secret_nowhere(&home, CANARY, [&login, &logout]);
}
