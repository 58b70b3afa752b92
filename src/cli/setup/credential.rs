//! Step 3: the credential. One the environment or a profile already gives is used as it is;
//! otherwise it is typed (the secret with hidden input). Once it has been checked, the person is
//! asked once whether to keep it in an OS credential store as a profile; a machine without one
//! says so in one line. Stores are opened and written here, in synchronous code only.

use atsctl::ats::{Ats, Credential};
use atsctl::http::Secret;
use atsctl::plan::Checklist;
use atsctl::profile::{
    self, CredentialKind, Environment as _, NewCredential, Origin, ProcessEnv, ProfileError, ResolveError,
    ResolveRequest, SecretStores as _, SettingShape, Sources, StoreKind,
};

use super::ask::{Answer, Prompter};
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard, excerpt};
use crate::cli::auth::value_name;
use crate::cli::credentials;
use crate::cli::output::style;
use crate::cli::render::{self, Run};

/// The summary's row for keeping the credential.
pub(crate) const STORE_STEP: &str = "Store the credential";

/// The origin of a value typed at the wizard's prompt, as "secret …" names it.
pub(crate) const TYPED: &str = "typed at the prompt";

/// The credential the later steps use.
pub(crate) struct Chosen {
    /// Resolved or typed; only the ATS's folder looks inside, with `credential.get` of its own type.
    pub(crate) credential: Credential,
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
        let found = self.resolve_credential(target.ats, &sources);
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
        let typed = self.type_credential(checklist, target)?;
        self.summary.add("Credential", Status::Done, typed_description(&typed));
        Ok(Chosen {
            credential: credential_from_typed(target.ats, &typed, None),
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
            chosen.credential = credential_from_typed(target.ats, &typed, stored);
        }
        Ok(())
    }

    fn use_found(&mut self, found: Credential, target: &mut Target) -> Chosen {
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
            credential: found,
            profile,
            typed: false,
            pending: None,
        }
    }

    /// The credential for `ats` that the environment or a profile already gives, as `validate`
    /// would find it (`--api` picks the kind where the ATS has several).
    fn resolve_credential(&self, ats: Ats, sources: &Sources) -> Result<Credential, ResolveError> {
        ResolveRequest {
            sources,
            env: &ProcessEnv,
            config: &self.config,
            stores: &self.stores,
            preferred: self.preferred_kind(ats),
        }
        .resolve(ats)
    }

    /// The kind `--api` asks for on `ats`, if any.
    fn preferred_kind(&self, ats: Ats) -> Option<CredentialKind> {
        self.args
            .api
            .and_then(|api| CredentialKind::for_api(ats, &value_name(&api)))
    }

    /// Asks for a credential of the kind `--api` picks (else the ATS's first), as its data
    /// says: what to say first, the settings a flag or variable did not give (required ones
    /// before the secret, the others after), and the secret, hidden.
    fn type_credential(&mut self, checklist: &Checklist, target: &mut Target) -> Step<NewCredential> {
        let kind = self
            .preferred_kind(target.ats)
            .unwrap_or_else(|| CredentialKind::default_of(target.ats));
        let intro = (kind.spec().setup_intro)();
        if !intro.is_empty() {
            self.say(&intro);
        }
        if kind.spec().setup_shows_connection {
            // The plan's own steps and scope table: the scopes to tick are here, not in another
            // command.
            let sections: Vec<_> = [excerpt::connection(checklist), excerpt::scopes(checklist)]
                .into_iter()
                .flatten()
                .collect();
            if !sections.is_empty() {
                self.output
                    .print(&render::terminal_sections(&sections, self.output.width()));
                self.output
                    .print("\nThe check below names any scope that is missing.\n\n");
            }
        }
        // A flag, else the variable (set without its secret), else a question.
        let mut given = Vec::new();
        for setting in kind.settings() {
            if !matches!(setting.shape, SettingShape::Required | SettingShape::Optional) {
                continue;
            }
            let value = self
                .args
                .setting_flag(setting.flag)
                .or_else(|| setting.env.and_then(|variable| ProcessEnv.var(variable)))
                .map(|value| value.trim().to_owned());
            if let Some(value) = &value {
                self.say(&format!("{}: {value}\n", setting.what));
            }
            given.push(value);
        }
        let flag_given = |flag: &str| self.args.setting_flag(flag);
        let env_set = |variable: &str| ProcessEnv.var(variable).is_some();
        let typed = ask_typed(self.ask, kind, given, flag_given, env_set)?;
        for setting in kind.settings() {
            let asked_choice = matches!(setting.shape, SettingShape::Choice(_)) && typed.asked.contains(&setting.key);
            let text = matches!(setting.shape, SettingShape::Required | SettingShape::Optional);
            if text || asked_choice {
                target.set_setting(setting.key, typed.credential.setting(setting.key).map(str::to_owned));
            }
        }
        Ok(typed.credential)
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

/// A typed credential and the settings that were asked for (not given by a flag).
struct Typed {
    credential: NewCredential,
    asked: Vec<&'static str>,
}

/// Asks for what a typed credential of `kind` still lacks, in the order the ATS shows it:
/// required settings, the secret (hidden), then optional settings and choices. `given` holds
/// what a flag or variable gave for each text setting, in the kind's order.
fn ask_typed(
    ask: &mut dyn Prompter,
    kind: CredentialKind,
    given: Vec<Option<String>>,
    flag_given: impl Fn(&str) -> Option<String>,
    env_set: impl Fn(&str) -> bool,
) -> Answer<Typed> {
    let text_settings: Vec<_> = kind
        .settings()
        .iter()
        .filter(|setting| matches!(setting.shape, SettingShape::Required | SettingShape::Optional))
        .zip(given)
        .collect();
    let mut values: Vec<(&'static str, Option<String>)> = Vec::new();
    let mut asked = Vec::new();
    for (setting, value) in &text_settings {
        if setting.shape == SettingShape::Required {
            let value = match (value, setting.prompt) {
                (Some(value), _) => value.clone(),
                (None, prompt) => {
                    asked.push(setting.key);
                    ask.text(prompt.unwrap_or(setting.what), false)?
                }
            };
            values.push((setting.key, Some(value)));
        }
    }
    let secret: Secret = ask.secret(&format!("{} (hidden)", kind.secret_name()))?;
    for (setting, value) in &text_settings {
        if setting.shape == SettingShape::Optional {
            let value = match (value, setting.prompt) {
                (Some(value), _) => Some(value.clone()),
                (None, Some(prompt)) => {
                    asked.push(setting.key);
                    Some(ask.text(prompt, true)?)
                }
                (None, None) => None,
            };
            values.push((setting.key, value.filter(|value| !value.is_empty())));
        }
    }
    for setting in kind.settings() {
        let SettingShape::Choice(choices) = setting.shape else {
            continue;
        };
        let value = match (flag_given(setting.flag), setting.prompt) {
            (Some(value), _) => value,
            (None, _) if setting.not_asked_when.is_some_and(&env_set) => choices[0].0.to_owned(),
            (None, Some(prompt)) => {
                let items: Vec<String> = choices.iter().map(|(_, label)| (*label).to_owned()).collect();
                asked.push(setting.key);
                choices[ask.select(prompt, &items, 0)?].0.to_owned()
            }
            (None, None) => choices[0].0.to_owned(),
        };
        values.push((setting.key, Some(value)));
    }
    let credential = values
        .into_iter()
        .fold(NewCredential::new(kind, secret), |credential, (key, value)| {
            credential.with(key, value)
        });
    Ok(Typed { credential, asked })
}

/// What was typed, without the secret, for the summary.
pub(crate) fn typed_description(typed: &NewCredential) -> String {
    (typed.kind().spec().describe_typed)(typed)
}

/// The typed credential in the shape a resolved one has, its origin the profile it was stored
/// in or the prompt.
pub(crate) fn credential_from_typed(
    ats: Ats,
    typed: &NewCredential,
    stored: Option<(String, StoreKind)>,
) -> Credential {
    let (secret_origin, value_origin) = match stored {
        Some((profile, store)) => (
            Origin::Keyring {
                profile: profile.clone(),
                store,
            },
            Origin::Profile(profile),
        ),
        None => (Origin::Stdin(TYPED), Origin::Stdin(TYPED)),
    };
    (ats.spec().from_typed)(typed, secret_origin, value_origin, &ProcessEnv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::setup::ask::Stop;
    use crate::cli::setup::ask::script::{Reply, Script};

    fn kind(name: &str) -> CredentialKind {
        CredentialKind::from_name(name).unwrap()
    }

    fn ask(script: &mut Script, kind: CredentialKind, given: Vec<Option<String>>) -> Answer<Typed> {
        ask_typed(script, kind, given, |_| None, |_| false)
    }

    #[test]
    fn only_missing_values_are_asked_and_ctrl_c_stops() {
        let v3 = kind("greenhouse-v3");
        let mut script = Script::new(&[Reply::Text("client-7"), Reply::Secret("s3cret-value"), Reply::Text("")]);
        let typed = ask(&mut script, v3, vec![None, None]).unwrap().credential;
        assert_eq!(
            (
                typed.setting("client_id"),
                typed.secret().expose(),
                typed.setting("user_id")
            ),
            (Some("client-7"), "s3cret-value", None)
        );
        assert_eq!(script.asked.len(), 3);

        let mut script = Script::new(&[Reply::Secret("s3cret-value")]);
        let typed = ask(&mut script, v3, vec![Some("flag-id".into()), Some("101".into())])
            .unwrap()
            .credential;
        assert_eq!(
            (typed.setting("client_id"), typed.setting("user_id")),
            (Some("flag-id"), Some("101"))
        );
        assert_eq!(script.asked, ["Harvest v3 client secret (hidden)"]);

        let mut script = Script::new(&[Reply::Text("client-7"), Reply::CtrlC]);
        assert_eq!(ask(&mut script, v3, vec![None, None]).err(), Some(Stop::Interrupted));
    }

    #[test]
    fn a_typed_credential_names_its_profile_once_stored_and_never_its_secret() {
        let v3 = kind("greenhouse-v3");
        let ats = v3.ats();
        let typed = NewCredential::new(v3, Secret::new("s3cret-value"))
            .with("client_id", Some("client-7".into()))
            .with("user_id", Some("101".into()));
        assert_eq!(
            credential_from_typed(ats, &typed, None).describe(),
            "Harvest v3 client client-7 (secret typed at the prompt, acting user 101)"
        );
        assert_eq!(
            credential_from_typed(ats, &typed, Some(("work".into(), StoreKind::KernelKeyring))).describe(),
            "Harvest v3 client client-7 (secret from profile work in the Linux kernel keyring, acting user 101)"
        );
        assert_eq!(
            typed_description(&typed),
            "Harvest v3 client client-7, typed, acting user 101"
        );
        let lever = kind("lever");
        let typed = NewCredential::new(lever, Secret::new("lever-key-value")).with("region", Some("eu".into()));
        assert_eq!(typed_description(&typed), "Lever API key, typed (region eu)");
        let credential = credential_from_typed(lever.ats(), &typed, None);
        assert_eq!(credential.ats(), lever.ats());
        assert_eq!(credential.secret_origin(), &Origin::Stdin(TYPED));
        for view in [
            credential.describe(),
            format!("{credential:?}"),
            typed_description(&typed),
        ] {
            assert!(!view.contains("lever-key-value"), "{view}");
        }
    }

    #[test]
    fn a_region_is_asked_unless_a_flag_or_the_url_variable_decides_it() {
        let lever = kind("lever");
        let mut script = Script::new(&[Reply::Secret("lever-key")]);
        let typed = ask(&mut script, lever, Vec::new()).unwrap();
        // The script takes a choice's default, the first.
        assert_eq!(typed.credential.setting("region"), Some("us"));
        assert_eq!(typed.asked, ["region"]);
        assert_eq!(script.asked, ["Lever API key (hidden)", "Lever region"]);
        let mut script = Script::new(&[Reply::Secret("lever-key")]);
        let typed = ask_typed(&mut script, lever, Vec::new(), |_| None, |_| true).unwrap();
        assert_eq!((typed.credential.setting("region"), typed.asked.len()), (Some("us"), 0));
        let mut script = Script::new(&[Reply::Secret("lever-key")]);
        let typed = ask_typed(&mut script, lever, Vec::new(), |_| Some("eu".into()), |_| false).unwrap();
        assert_eq!((typed.credential.setting("region"), typed.asked.len()), (Some("eu"), 0));
    }

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
