//! Step 3: the credential. One the environment or a profile already gives is used as it is;
//! otherwise it is typed (the secret with hidden input). Once it has been checked, the person is
//! asked once whether to keep it in an OS credential store as a profile; a machine without one
//! says so in one line. Stores are opened and written here, in synchronous code only.

use atsctl::plan::Checklist;
use atsctl::profile::{
    self, Environment as _, NewCredential, Origin, ProcessEnv, ProfileError, ResolveError, SecretStores as _, Sources,
    StoreKind,
};

use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::ats::{Found, typed_description};
use crate::cli::credentials;
use crate::cli::output::style;
use crate::cli::render::Run;

/// The summary's row for keeping the credential.
pub(crate) const STORE_STEP: &str = "Store the credential";

/// The origin of a value typed at the wizard's prompt, as "secret …" names it.
pub(crate) const TYPED: &str = "typed at the prompt";

/// The credential the later steps use.
pub(crate) struct Chosen {
    pub(crate) found: Found,
    /// The profile that holds it, when one does: later commands name it with `--profile`.
    pub(crate) profile: Option<String>,
    /// Typed in this run: when the ATS refuses it, it can be typed again.
    pub(crate) typed: bool,
    /// Typed and not stored yet: offered to a credential store once, after the check.
    pub(crate) pending: Option<NewCredential>,
}

/// Why the wizard asks for a credential instead of using one it found; `None` when the failure
/// must stop it (a corrupt profile file, say).
fn reason_to_ask(error: &ResolveError) -> Option<String> {
    match error {
        ResolveError::NoneFound { .. } => Some("No credential in the environment or in a profile yet.".to_owned()),
        ResolveError::ProfileLacks { profile, wanted, .. } => {
            Some(format!("Profile {profile} has no {wanted} credential yet."))
        }
        ResolveError::SecretMissing { .. } | ResolveError::Incomplete(_) => Some(format!("{error}.")),
        ResolveError::Profile(ProfileError::UnknownProfile { name, .. }) => Some(format!(
            "There is no profile {name} yet; a typed credential can be stored in it."
        )),
        ResolveError::Profile(ProfileError::Store(store)) => Some(format!("{store}.")),
        ResolveError::Profile(_) => None,
    }
}

impl Wizard<'_> {
    pub(crate) fn credential(&mut self, checklist: &Checklist, target: &mut Target) -> Step<Chosen> {
        let sources = Sources {
            profile: self.args.profile.clone(),
            client_secret_stdin: None,
            api_key_stdin: None,
        };
        let found = crate::cli::ats::resolve_credential(target.ats, self, &sources);
        match found {
            Ok(found) => return Ok(self.use_found(found, target)),
            Err(error) => match reason_to_ask(&error) {
                Some(reason) => self.say(&reason),
                None => return Err(credentials::resolve_error(&error).into()),
            },
        }
        self.retype(checklist, target)
    }

    /// Asks for the credential (again, after the ATS refused the one typed before). Storing it
    /// waits until it has been checked: see [`Wizard::store_typed`].
    pub(crate) fn retype(&mut self, checklist: &Checklist, target: &mut Target) -> Step<Chosen> {
        let typed = crate::cli::ats::type_credential(target.ats, self, checklist, target)?;
        self.summary.add("Credential", Status::Done, typed_description(&typed));
        Ok(Chosen {
            found: crate::cli::ats::found_from_typed(typed.clone(), None),
            profile: None,
            typed: true,
            pending: Some(typed),
        })
    }

    /// After the check: offers once to keep a typed credential, unless the ATS refused it.
    pub(crate) fn store_typed(&mut self, target: &mut Target, chosen: &mut Chosen) -> Step<()> {
        let Some(typed) = chosen.pending.take() else {
            return Ok(());
        };
        if self.summary.exit() == crate::cli::Exit::CredentialRejected {
            self.output
                .print(&format!("Not stored: {} refused it.\n", target.ats.display_name()));
            self.summary
                .add(STORE_STEP, Status::Skipped, "not stored: the ATS refused it");
            return Ok(());
        }
        let stored = self.offer_store(&typed, target)?;
        if let Some((profile, _)) = &stored {
            chosen.profile = Some(profile.clone());
            chosen.found = crate::cli::ats::found_from_typed(typed, stored);
        }
        Ok(())
    }

    fn use_found(&mut self, found: Found, target: &mut Target) -> Chosen {
        let described = found.describe();
        self.say_runs(&[
            Run::plain(format!("Using the {described}: nothing to type. ")),
            Run::styled(
                "(ATSCTL_* variables come first, then --profile, else the `default` profile.)",
                style::DIM,
            ),
        ]);
        self.summary.add("Credential", Status::Done, described);
        let profile = match found.secret_origin() {
            Origin::Keyring { profile, store } => {
                self.summary.add(
                    STORE_STEP,
                    Status::Done,
                    format!("already in profile {profile} ({})", store.display_name()),
                );
                target.profile = Some(profile.clone());
                Some(profile.clone())
            }
            _ => {
                self.summary
                    .add(STORE_STEP, Status::Skipped, "given by the environment; nothing stored");
                None
            }
        };
        Chosen {
            found,
            profile,
            typed: false,
            pending: None,
        }
    }

    /// Offers to keep a typed credential in an OS credential store as the profile; returns the
    /// profile and store when it was stored.
    fn offer_store(&mut self, typed: &NewCredential, target: &mut Target) -> Step<Option<(String, StoreKind)>> {
        const STEP: &str = STORE_STEP;
        let name = self
            .args
            .profile
            .clone()
            .unwrap_or_else(|| profile::DEFAULT_PROFILE.to_owned());
        let kind = typed.kind();
        let later = format!(
            "to use it later without typing it, set {} (or store it with `{}`)",
            target.env_names(),
            target.login()
        );
        if self.args.no_store {
            self.say(&format!("Not stored (--no-store); {later}.\n"));
            self.summary.add(STEP, Status::Skipped, format!("--no-store; {later}"));
            return Ok(None);
        }
        // Why each store could not be used (a D-Bus error, say) helps nobody here: one line
        // says there is none, and how to use the credential later.
        let Some(store) = self.pick_store() else {
            self.say(&format!(
                "Not stored: this machine has no OS credential store, and atsctl never writes a secret to a file; \
                 {later}.\n"
            ));
            self.summary
                .add(STEP, Status::Skipped, format!("no credential store here; {later}"));
            return Ok(None);
        };
        let replaces = self
            .config
            .load()
            .ok()
            .and_then(|profiles| profiles.get(&name).and_then(|existing| existing.store_of(kind)))
            .is_some();
        let confirmed = if self.args.store.is_some() {
            self.say(&format!(
                "Storing it in {} as profile {name} (--store).\n",
                store.display_name()
            ));
            true
        } else {
            // Said before the question, so the question stays one short line.
            if let Some(note) = store.lifetime_note() {
                self.say(&format!("Secrets in {} are {note}.", store.display_name()));
            }
            let question = format!(
                "Store the {} in {} as profile {name}{}?",
                kind.secret_name(),
                store.display_name(),
                if replaces { ", replacing the one there" } else { "" }
            );
            self.ask
                .confirm(&question, Some(store) == StoreKind::platform_default())?
        };
        if !confirmed {
            self.say(&format!("Not stored; {later}.\n"));
            self.summary.add(STEP, Status::Skipped, format!("declined; {later}"));
            return Ok(None);
        }
        // Secret and profile entry go in together: Ctrl-C waits until both are written.
        let (config, stores) = (&self.config, &self.stores);
        let outcome = self.journal.critical(|saved| {
            let outcome = profile::login(config, stores, &name, store, typed);
            if outcome.is_ok() {
                saved.push(format!(
                    "the {} in profile {name} ({}), with its settings in {}",
                    kind.secret_name(),
                    store.display_name(),
                    config.path().display()
                ));
            }
            outcome
        });
        match outcome {
            Ok(outcome) => {
                self.say(&format!(
                    "{} the {} of profile {name} in {}; settings in {}.\n",
                    if outcome.replaced { "Replaced" } else { "Stored" },
                    kind.secret_name(),
                    store.display_name(),
                    self.config.path().display()
                ));
                if let Some(note) = store.lifetime_note() {
                    self.output
                        .warning(&format!("secrets in {} are {note}", store.display_name()));
                }
                target.profile = Some(name.clone());
                target.store = self.args.store;
                self.journal.resume_with(target.setup());
                self.summary.add(
                    STEP,
                    Status::Done,
                    format!("profile {name} in {}", store.display_name()),
                );
                Ok(Some((name, store)))
            }
            Err(error) => {
                self.output.warning(&format!("the credential was not stored: {error}"));
                self.summary
                    .add(STEP, Status::Skipped, format!("could not store it ({error}); {later}"));
                Ok(None)
            }
        }
    }

    /// The store to offer: `--store` or `ATSCTL_CREDENTIAL_STORE` when given, else the first of
    /// this platform's stores that opens.
    fn pick_store(&self) -> Option<StoreKind> {
        let wanted = self.args.store.or_else(|| {
            ProcessEnv
                .var(profile::ENV_CREDENTIAL_STORE)
                .and_then(|name| StoreKind::ALL.into_iter().find(|kind| kind.as_str() == name.trim()))
        });
        let candidates: Vec<StoreKind> = match wanted {
            Some(kind) => vec![kind],
            None => StoreKind::platform_default()
                .into_iter()
                .chain(StoreKind::ALL.into_iter().filter(|kind| kind.supported_here()))
                .fold(Vec::new(), |mut list, kind| {
                    if !list.contains(&kind) {
                        list.push(kind);
                    }
                    list
                }),
        };
        candidates
            .into_iter()
            .find(|kind| kind.supported_here() && self.stores.open(*kind).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unreadable_profile_file_stops_the_wizard() {
        assert!(reason_to_ask(&ResolveError::Incomplete("half".into())).is_some());
        assert!(
            reason_to_ask(&ResolveError::Profile(ProfileError::UnknownProfile {
                name: "work".into(),
                known: Vec::new()
            }))
            .is_some_and(|reason| reason.contains("no profile work yet"))
        );
        assert!(
            reason_to_ask(&ResolveError::Profile(ProfileError::Corrupt {
                path: "profiles.toml".into(),
                reason: "bad".into()
            }))
            .is_none()
        );
    }
}
