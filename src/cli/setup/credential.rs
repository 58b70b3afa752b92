//! Step 3: the credential. One the environment or a profile already gives is used as it is;
//! otherwise it is typed (the secret with hidden input) and, if the person wants and the machine
//! has an OS credential store, stored in a profile. Stores are opened and written here, in
//! synchronous code only.

use std::sync::Arc;
use std::time::Duration;

use atsctl::greenhouse;
use atsctl::http::Secret;
use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::manifest::Ats;
use atsctl::plan::Checklist;
use atsctl::profile::{
    self, Environment as _, GreenhouseApi, GreenhouseCredential, GreenhouseV1Credential, GreenhouseV3Credential,
    LeverRegion, NewCredential, Origin, ProcessEnv, ProfileError, ResolveError, ResolvedGreenhouse, ResolvedLever,
    SecretStores as _, Sources, StoreError, StoreKind, Valued,
};
use tokio::sync::mpsc::unbounded_channel;

use super::ask::Prompter;
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::ats::lever::session::Session;
use crate::cli::failure;
use crate::cli::output::{paint, style};
use crate::cli::{CliError, credentials};

/// The origin of a value typed at the wizard's prompt (it is read from stdin, a terminal).
const TYPED: &str = "typed at the setup prompt";

/// The credential the later steps use.
pub(super) struct Chosen {
    pub(super) found: Found,
    /// The profile that holds it, when one does: later commands name it with `--profile`.
    pub(super) profile: Option<String>,
    /// Typed in this run: when the ATS refuses it, it can be typed again.
    pub(super) typed: bool,
}

pub(super) enum Found {
    Greenhouse(ResolvedGreenhouse),
    Lever(ResolvedLever),
}

impl Found {
    /// The credential as messages name it, never with its secret.
    pub(super) fn describe(&self) -> String {
        match self {
            Self::Greenhouse(resolved) => greenhouse::Credential::from(resolved.credential.clone()).describe(),
            Self::Lever(resolved) => format!("Lever API key from {}", resolved.origin),
        }
    }

    fn secret_origin(&self) -> &Origin {
        match self {
            Self::Greenhouse(resolved) => match &resolved.credential {
                GreenhouseCredential::V3(v3) => &v3.secret_origin,
                GreenhouseCredential::V1(v1) => &v1.origin,
            },
            Self::Lever(resolved) => &resolved.origin,
        }
    }
}

/// Why the wizard asks for a credential instead of using one it found; `None` when the failure
/// must stop it (a corrupt profile file, say).
fn reason_to_ask(error: &ResolveError) -> Option<String> {
    match error {
        ResolveError::NoneFound { .. } => Some("No credential in the environment or in a profile yet.".to_owned()),
        ResolveError::ProfileLacks { profile, wanted } => {
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
    pub(super) fn credential(&mut self, checklist: &Checklist, target: &mut Target) -> Step<Chosen> {
        let sources = Sources {
            profile: self.args.profile.clone(),
            client_secret_stdin: None,
            api_key_stdin: None,
        };
        let found = match target.ats {
            Ats::Greenhouse => profile::resolve_greenhouse(
                &sources,
                self.args.api.map(GreenhouseApi::from),
                &ProcessEnv,
                &self.config,
                &self.stores,
            )
            .map(Found::Greenhouse),
            Ats::Lever => profile::resolve_lever(&sources, &ProcessEnv, &self.config, &self.stores).map(Found::Lever),
        };
        match found {
            Ok(found) => return Ok(self.use_found(found, target)),
            Err(error) => match reason_to_ask(&error) {
                Some(reason) => self.output.print(&format!("{reason}\n")),
                None => return Err(credentials::resolve_error(&error).into()),
            },
        }
        self.retype(checklist, target)
    }

    /// Asks for the credential (again, after the ATS refused the one typed before) and offers to
    /// store it.
    pub(super) fn retype(&mut self, checklist: &Checklist, target: &mut Target) -> Step<Chosen> {
        let typed = match target.ats {
            Ats::Greenhouse => self.type_greenhouse(checklist, target)?,
            Ats::Lever => self.type_lever(target)?,
        };
        self.summary.add("Credential", Status::Done, typed_description(&typed));
        let stored = self.offer_store(&typed, target)?;
        let profile = stored.as_ref().map(|(profile, _)| profile.clone());
        Ok(Chosen {
            found: found_from_typed(typed, stored),
            profile,
            typed: true,
        })
    }

    fn use_found(&mut self, found: Found, target: &mut Target) -> Chosen {
        let described = found.describe();
        self.output.print(&format!(
            "Using the {described}: nothing to type. {}\n",
            paint(
                style::DIM,
                "(ATSCTL_* variables come first, then --profile, else the `default` profile.)"
            )
        ));
        self.summary.add("Credential", Status::Done, described);
        let profile = match found.secret_origin() {
            Origin::Keyring { profile, store } => {
                self.summary.add(
                    "Store the credential",
                    Status::Done,
                    format!("already in profile {profile} ({})", store.display_name()),
                );
                target.profile = Some(profile.clone());
                Some(profile.clone())
            }
            _ => {
                self.summary.add(
                    "Store the credential",
                    Status::Skipped,
                    "given by the environment; nothing stored",
                );
                None
            }
        };
        Chosen {
            found,
            profile,
            typed: false,
        }
    }

    fn type_greenhouse(&mut self, checklist: &Checklist, target: &mut Target) -> Step<NewCredential> {
        if self.args.api == Some(super::ApiArg::V1) {
            self.output.print(&format!(
                "A legacy Harvest v1 API key (Greenhouse retired them on {}; only for accounts that still have one).\n",
                atsctl::plan::HARVEST_V1_RETIRED
            ));
            let api_key = self.ask.secret("Harvest v1 API key (hidden)")?;
            return Ok(NewCredential::GreenhouseV1 {
                api_key,
                harvest_url: None,
            });
        }
        if let Some(plan) = &checklist.credential {
            let scopes = checklist.v3_scopes.iter().filter(|scope| scope.required).count();
            self.output.print(&format!(
                "Create {} in {}, granting the {scopes} scopes `{}` lists (the check below names any that are \
                 missing). Acting user: {}.\n",
                plan.v3.kind,
                plan.v3.where_to_create,
                target.plan(),
                plan.v3.acting_user
            ));
        }
        // A flag, else the variable (set without its secret), else a question.
        let given = |flag: &Option<String>, variable: &str| {
            flag.clone()
                .or_else(|| ProcessEnv.var(variable))
                .map(|value| value.trim().to_owned())
        };
        let client_id = given(&self.args.client_id, profile::ENV_GREENHOUSE_CLIENT_ID);
        let user_id = given(&self.args.user_id, profile::ENV_GREENHOUSE_USER_ID);
        if let Some(id) = &client_id {
            self.output.print(&format!("Harvest v3 client id: {id}\n"));
        }
        if let Some(id) = &user_id {
            self.output.print(&format!("Acting user id: {id}\n"));
        }
        let (client_id, client_secret, user_id) = ask_v3(self.ask, client_id, user_id)?;
        target.client_id = Some(client_id.clone());
        target.user_id.clone_from(&user_id);
        Ok(NewCredential::GreenhouseV3 {
            client_id,
            client_secret,
            user_id,
            auth_url: None,
            harvest_url: None,
        })
    }

    fn type_lever(&mut self, target: &mut Target) -> Step<NewCredential> {
        self.output.print(
            "A Lever API key (Settings → Integrations and API → API Credentials) that can read stages and webhooks \
             and create webhooks.\n",
        );
        let api_key = self.ask.secret("Lever API key (hidden)")?;
        let region = match self.args.region {
            Some(region) => LeverRegion::from(region),
            // The URL decides the host; a region would only conflict with it.
            None if ProcessEnv.var(profile::ENV_LEVER_URL).is_some() => LeverRegion::Us,
            None => {
                let items = ["US (api.lever.co)".to_owned(), "EU (api.eu.lever.co)".to_owned()];
                let region = if self.ask.select("Lever region", &items, 0)? == 1 {
                    LeverRegion::Eu
                } else {
                    LeverRegion::Us
                };
                target.region = Some(region);
                region
            }
        };
        Ok(NewCredential::Lever {
            api_key,
            region,
            base_url: None,
        })
    }

    /// Offers to keep a typed credential in an OS credential store as the profile; returns the
    /// profile and store when it was stored.
    fn offer_store(&mut self, typed: &NewCredential, target: &mut Target) -> Step<Option<(String, StoreKind)>> {
        const STEP: &str = "Store the credential";
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
            self.output.print(&format!("Not stored (--no-store); {later}.\n"));
            self.summary.add(STEP, Status::Skipped, format!("--no-store; {later}"));
            return Ok(None);
        }
        let (store, unavailable) = self.pick_store();
        let Some(store) = store else {
            let reasons = unavailable.join("; ");
            self.output.print(&format!(
                "Not stored: this machine has no OS credential store atsctl can use ({reasons}), and atsctl never \
                 writes a secret to a plain file. This run uses it from memory; {later}.\n"
            ));
            self.summary
                .add(STEP, Status::Skipped, format!("no credential store here; {later}"));
            return Ok(None);
        };
        for reason in &unavailable {
            self.output
                .print(&format!("{}\n", paint(style::DIM, &format!("({reason}.)"))));
        }
        let replaces = self
            .config
            .load()
            .ok()
            .and_then(|profiles| profiles.get(&name).and_then(|existing| existing.store_of(kind)))
            .is_some();
        let confirmed = if self.args.store.is_some() {
            self.output.print(&format!(
                "Storing it in {} as profile {name} (--store).\n",
                store.display_name()
            ));
            true
        } else {
            let lifetime = store
                .lifetime_note()
                .map_or_else(String::new, |note| format!(" It is {note}."));
            let question = format!(
                "Store the {} in {} as profile {name}{}?{lifetime}",
                kind.secret_name(),
                store.display_name(),
                if replaces { ", replacing the one there" } else { "" }
            );
            self.ask
                .confirm(&question, Some(store) == StoreKind::platform_default())?
        };
        if !confirmed {
            self.output.print(&format!("Not stored; {later}.\n"));
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
                self.output.print(&format!(
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
    /// this platform's stores that opens. Also why the ones tried first could not be used.
    fn pick_store(&self) -> (Option<StoreKind>, Vec<String>) {
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
        let mut unavailable = Vec::new();
        for kind in candidates {
            if !kind.supported_here() {
                unavailable.push(format!("{} is not available on this platform", kind.display_name()));
                continue;
            }
            match self.stores.open(kind) {
                Ok(_) => return (Some(kind), unavailable),
                Err(
                    StoreError::Unavailable { reason, .. }
                    | StoreError::Denied { reason, .. }
                    | StoreError::Failed { reason, .. },
                ) => unavailable.push(format!("{} cannot be used here: {reason}", kind.display_name())),
            }
        }
        (None, unavailable)
    }

    /// A Lever client for `resolved`, like `validate --ats lever` builds one, but for a key that
    /// may exist only in this process (typed and not stored).
    pub(super) fn lever_session(&self, resolved: &ResolvedLever, profile: Option<&str>) -> Result<Session, CliError> {
        let url =
            lever::resolve_url(resolved.base_url.as_ref(), self.args.region.map(LeverRegion::from)).map_err(failure)?;
        let (sender, events) = unbounded_channel();
        let options = LeverOptions {
            timeout: Duration::from_secs(10),
            events: Some(Arc::new(move |event| {
                let _ = sender.send(event);
            })),
            ..LeverOptions::default()
        };
        let client = LeverClient::new(url.url, resolved.api_key.clone(), &options).map_err(failure)?;
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::One)?;
        Ok(Session {
            client,
            credential: format!("API key from {}", resolved.origin),
            origin: resolved.origin.clone(),
            profile: profile.unwrap_or(profile::DEFAULT_PROFILE).to_owned(),
            url_source: url.source,
            runtime,
            events,
            verbose: 0,
        })
    }
}

/// What was typed, without the secret, for the summary.
fn typed_description(typed: &NewCredential) -> String {
    match typed {
        NewCredential::GreenhouseV3 { client_id, user_id, .. } => format!(
            "Harvest v3 client {client_id}, typed{}",
            user_id
                .as_deref()
                .map_or_else(|| ", no acting user".to_owned(), |user| format!(", acting user {user}"))
        ),
        NewCredential::GreenhouseV1 { .. } => "Harvest v1 API key, typed".to_owned(),
        NewCredential::Lever { region, .. } => format!("Lever API key, typed (region {})", region.as_str()),
    }
}

/// `ATSCTL_*_URL` when set: a typed credential goes to the hosts the environment names.
fn env_url(variable: &'static str) -> Option<Valued<String>> {
    ProcessEnv.var(variable).map(|value| Valued {
        value,
        origin: Origin::Env(variable),
    })
}

/// The typed credential in the shape a resolved one has, its origin the profile it was stored
/// in or the prompt.
fn found_from_typed(typed: NewCredential, stored: Option<(String, StoreKind)>) -> Found {
    let (secret_origin, value_origin) = match &stored {
        Some((profile, store)) => (
            Origin::Keyring {
                profile: profile.clone(),
                store: *store,
            },
            Origin::Profile(profile.clone()),
        ),
        None => (Origin::Stdin(TYPED), Origin::Stdin(TYPED)),
    };
    let valued = |value: String| Valued {
        value,
        origin: value_origin.clone(),
    };
    match typed {
        NewCredential::GreenhouseV3 {
            client_id,
            client_secret,
            user_id,
            ..
        } => Found::Greenhouse(ResolvedGreenhouse {
            credential: GreenhouseCredential::V3(GreenhouseV3Credential {
                client_id: valued(client_id),
                client_secret,
                secret_origin,
                user_id: user_id.map(valued),
            }),
            auth_url: env_url(profile::ENV_GREENHOUSE_AUTH_URL),
            harvest_url: env_url(profile::ENV_HARVEST_URL),
        }),
        NewCredential::GreenhouseV1 { api_key, .. } => Found::Greenhouse(ResolvedGreenhouse {
            credential: GreenhouseCredential::V1(GreenhouseV1Credential {
                api_key,
                origin: secret_origin,
            }),
            auth_url: env_url(profile::ENV_GREENHOUSE_AUTH_URL),
            harvest_url: env_url(profile::ENV_HARVEST_URL),
        }),
        NewCredential::Lever { api_key, region, .. } => Found::Lever(ResolvedLever {
            api_key,
            origin: secret_origin,
            base_url: env_url(profile::ENV_LEVER_URL)
                .or_else(|| (region != LeverRegion::Us).then(|| valued(region.base_url().to_owned()))),
            region: Some(region),
        }),
    }
}

/// Asks for what a typed Harvest v3 credential still lacks, in the order Greenhouse shows it:
/// client id, secret (hidden), acting user (optional).
fn ask_v3(
    ask: &mut dyn Prompter,
    client_id: Option<String>,
    user_id: Option<String>,
) -> super::ask::Answer<(String, Secret, Option<String>)> {
    let client_id = match client_id {
        Some(id) => id,
        None => ask.text("Harvest v3 client id", false)?,
    };
    let secret = ask.secret("Harvest v3 client secret (hidden)")?;
    let user_id = match user_id {
        Some(id) => Some(id),
        None => Some(ask.text("Acting user id (a Site Admin; Enter to skip)", true)?),
    }
    .filter(|id| !id.is_empty());
    Ok((client_id, secret, user_id))
}

#[cfg(test)]
mod tests {
    use super::super::ask::Stop;
    use super::super::ask::script::{Reply, Script};
    use super::*;

    #[test]
    fn only_missing_values_are_asked_and_ctrl_c_stops() {
        let mut script = Script::new(&[Reply::Text("client-7"), Reply::Secret("s3cret-value"), Reply::Text("")]);
        let (id, secret, user) = ask_v3(&mut script, None, None).unwrap();
        assert_eq!((id.as_str(), secret.expose(), user), ("client-7", "s3cret-value", None));
        assert_eq!(script.asked.len(), 3);

        let mut script = Script::new(&[Reply::Secret("s3cret-value")]);
        let (id, _, user) = ask_v3(&mut script, Some("flag-id".into()), Some("101".into())).unwrap();
        assert_eq!((id.as_str(), user.as_deref()), ("flag-id", Some("101")));
        assert_eq!(script.asked, ["Harvest v3 client secret (hidden)"]);

        let mut script = Script::new(&[Reply::Text("client-7"), Reply::CtrlC]);
        assert_eq!(ask_v3(&mut script, None, None).unwrap_err(), Stop::Interrupted);
    }

    #[test]
    fn a_typed_credential_names_its_profile_once_stored_and_never_its_secret() {
        let typed = || NewCredential::GreenhouseV3 {
            client_id: "client-7".into(),
            client_secret: Secret::new("s3cret-value"),
            user_id: Some("101".into()),
            auth_url: None,
            harvest_url: None,
        };
        let memory = found_from_typed(typed(), None);
        assert_eq!(
            memory.describe(),
            "Harvest v3 client client-7 (secret from stdin, acting user 101)"
        );
        let stored = found_from_typed(typed(), Some(("work".into(), StoreKind::KernelKeyring)));
        assert_eq!(
            stored.describe(),
            "Harvest v3 client client-7 (secret from profile work in the Linux kernel keyring, acting user 101)"
        );
        assert!(!typed_description(&typed()).contains("s3cret"));
        let lever = found_from_typed(
            NewCredential::Lever {
                api_key: Secret::new("lever-key-value"),
                region: LeverRegion::Eu,
                base_url: None,
            },
            None,
        );
        let Found::Lever(resolved) = lever else {
            panic!("expected Lever");
        };
        assert_eq!(
            resolved.base_url.map(|url| url.value).as_deref(),
            Some("https://api.eu.lever.co/v1")
        );
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
