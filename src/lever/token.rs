//! Where `apply --ats lever --store-token` keeps a created webhook's signature token: the OS
//! credential store, through the profile module's [`SecretStores`], never a plain file.
//!
//! The entry is filed under the profile, like its credentials, as
//! `<profile>/webhooks/<partner>.<event>/lever` (service `atsctl`). Profile names cannot contain
//! `/`, so a credential's entry (`<profile>/<kind>`, one slash) can never be overwritten by it.

use crate::http::Secret;
use crate::profile::{SecretKey, SecretStores, StoreError, StoreKind};

/// The store entry for the token of `partner`'s `event` webhook under `profile`.
pub fn key(profile: &str, partner: &str, event: &str) -> SecretKey {
    SecretKey::new(
        &format!("{profile}/webhooks/{partner}.{event}"),
        crate::lever::credential::KIND,
    )
}

/// Stores `token` under `key` in the store `kind`; fails with [`StoreError::Unavailable`] on a
/// machine without that store.
pub fn store(stores: &dyn SecretStores, kind: StoreKind, key: &SecretKey, token: &Secret) -> Result<(), StoreError> {
    stores.open(kind)?.set(key, token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::MemoryStores;

    #[test]
    fn the_token_never_lands_on_a_credential_entry() {
        let token_key = key("default", "hipeople", "candidateStageChange");
        assert_eq!(token_key.user(), "default/webhooks/hipeople.candidateStageChange/lever");
        assert_ne!(token_key, SecretKey::new("default", crate::lever::credential::KIND));

        let stores = MemoryStores::new();
        let store_kind = StoreKind::SecretService;
        let api_key = SecretKey::new("default", crate::lever::credential::KIND);
        stores
            .open(store_kind)
            .unwrap()
            .set(&api_key, &Secret::new("the-api-key"))
            .unwrap();
        store(&stores, store_kind, &token_key, &Secret::new("the-signature-token")).unwrap();
        let opened = stores.open(store_kind).unwrap();
        assert_eq!(opened.get(&api_key).unwrap().unwrap().expose(), "the-api-key");
        assert_eq!(opened.get(&token_key).unwrap().unwrap().expose(), "the-signature-token");
    }

    #[test]
    fn an_unavailable_store_is_an_error_not_a_file() {
        let stores = MemoryStores::new().with_unavailable(StoreKind::SecretService, "no D-Bus session bus");
        let error = store(
            &stores,
            StoreKind::SecretService,
            &key("default", "p", "e"),
            &Secret::new("tok-123456"),
        )
        .unwrap_err();
        assert!(matches!(error, StoreError::Unavailable { .. }), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("tok-123456"));
    }
}
