//! The commands that do what the wizard does, one per step. Without a terminal `setup` prints
//! them instead of asking, and its summary names the ones that finish what remains. They are
//! built from the flags given, so they can be copied and run as they are.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::PathBuf;

use atsctl::manifest::{Ats, Manifest};
use atsctl::profile::{self, GreenhouseApi, LeverRegion, StoreKind};

/// What the commands are about: everything the flags (or the answers) fixed.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) partner: PartnerArg,
    pub(crate) partner_name: String,
    pub(crate) ats: Ats,
    /// `--profile`, or the one a credential was stored in.
    pub(crate) profile: Option<String>,
    pub(crate) api: Option<GreenhouseApi>,
    pub(crate) client_id: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) region: Option<LeverRegion>,
    pub(crate) store: Option<StoreKind>,
    pub(crate) webhook_url: Option<String>,
    /// The manifest names a fixed Lever webhook URL, so `--webhook-url` is not needed.
    pub(crate) fixed_webhook_url: bool,
    pub(crate) webhooks: usize,
}

/// How the commands name the partner.
#[derive(Debug, Clone)]
pub(crate) enum PartnerArg {
    Bundled(String),
    File(PathBuf),
}

/// One step of the scripted equivalent: what it does, and its command lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) title: String,
    pub(crate) notes: Vec<String>,
    pub(crate) commands: Vec<String>,
}

impl Target {
    pub(crate) fn new(partner: PartnerArg, manifest: &Manifest, ats: Ats) -> Self {
        let fixed_webhook_url = manifest.lever.as_ref().is_some_and(|setup| {
            setup
                .webhooks
                .iter()
                .any(|webhook| webhook.endpoint.as_ref().is_some_and(|endpoint| endpoint.url.is_some()))
        });
        let webhooks = match ats {
            Ats::Greenhouse => manifest.greenhouse.as_ref().map_or(0, |setup| setup.webhooks.len()),
            Ats::Lever => manifest.lever.as_ref().map_or(0, |setup| setup.webhooks.len()),
        };
        Self {
            partner,
            partner_name: manifest.partner.name.clone(),
            ats,
            profile: None,
            api: None,
            client_id: None,
            user_id: None,
            region: None,
            store: None,
            webhook_url: None,
            fixed_webhook_url,
            webhooks,
        }
    }

    fn partner_words(&self) -> Vec<String> {
        match &self.partner {
            PartnerArg::Bundled(id) => vec![id.clone()],
            PartnerArg::File(path) => vec!["--manifest".to_owned(), path.display().to_string()],
        }
    }

    /// `atsctl <command> <partner> --ats <ats>`, the start of most lines.
    fn base(&self, command: &str) -> Vec<String> {
        let mut words = vec!["atsctl".to_owned(), command.to_owned()];
        words.extend(self.partner_words());
        words.extend(["--ats".to_owned(), self.ats.as_str().to_owned()]);
        words
    }

    fn profile_name(&self) -> &str {
        self.profile.as_deref().unwrap_or(profile::DEFAULT_PROFILE)
    }

    fn v1(&self) -> bool {
        self.api == Some(GreenhouseApi::V1)
    }

    pub(crate) fn plan(&self) -> String {
        command_line(&self.base("plan"))
    }

    /// `atsctl auth login …` storing this credential in a profile; the secret is read from stdin.
    pub(crate) fn login(&self) -> String {
        let mut words = vec![
            "atsctl".to_owned(),
            "auth".to_owned(),
            "login".to_owned(),
            "--profile".to_owned(),
            self.profile_name().to_owned(),
            "--ats".to_owned(),
            self.ats.as_str().to_owned(),
        ];
        match self.ats {
            Ats::Greenhouse if self.v1() => words.extend(["--api", "v1", "--api-key-stdin"].map(str::to_owned)),
            Ats::Greenhouse => {
                if let Some(client_id) = &self.client_id {
                    words.extend(["--client-id".to_owned(), client_id.clone()]);
                }
                if let Some(user_id) = &self.user_id {
                    words.extend(["--user-id".to_owned(), user_id.clone()]);
                }
                words.push("--client-secret-stdin".to_owned());
            }
            Ats::Lever => {
                if let Some(region) = self.region {
                    words.extend(["--region".to_owned(), region.as_str().to_owned()]);
                }
                words.push("--api-key-stdin".to_owned());
            }
        }
        if let Some(store) = self.store {
            words.extend(["--store".to_owned(), store.as_str().to_owned()]);
        }
        command_line(&words)
    }

    /// `atsctl validate …`, with `--profile` when the credential is in one.
    pub(crate) fn validate(&self, with_profile: bool) -> String {
        let mut words = self.base("validate");
        if self.v1() {
            words.extend(["--api".to_owned(), "v1".to_owned()]);
        }
        if self.ats == Ats::Lever {
            self.lever_words(&mut words);
        }
        if with_profile {
            words.extend(["--profile".to_owned(), self.profile_name().to_owned()]);
        }
        command_line(&words)
    }

    fn lever_words(&self, words: &mut Vec<String>) {
        if let Some(url) = &self.webhook_url {
            words.extend(["--webhook-url".to_owned(), url.clone()]);
        }
        if let Some(region) = self.region {
            words.extend(["--region".to_owned(), region.as_str().to_owned()]);
        }
    }

    /// `atsctl apply …`: Greenhouse's guided checklist, or Lever's create flow (`--yes` creates
    /// without asking, which a script needs).
    pub(crate) fn apply(&self, with_profile: bool, yes: bool) -> String {
        let mut words = self.base("apply");
        if self.ats == Ats::Lever {
            self.lever_words(&mut words);
            if with_profile {
                words.extend(["--profile".to_owned(), self.profile_name().to_owned()]);
            }
            if yes {
                words.push("--yes".to_owned());
            }
        }
        command_line(&words)
    }

    /// Lever's apply needs a URL the manifest does not fix and no flag gave.
    pub(crate) fn lacks_webhook_url(&self) -> bool {
        self.ats == Ats::Lever && self.webhooks > 0 && self.webhook_url.is_none() && !self.fixed_webhook_url
    }

    /// `atsctl setup …` with the flags that got the wizard this far.
    pub(crate) fn setup(&self) -> String {
        let mut words = self.base("setup");
        if let Some(profile) = &self.profile {
            words.extend(["--profile".to_owned(), profile.clone()]);
        }
        if self.v1() {
            words.extend(["--api".to_owned(), "v1".to_owned()]);
        }
        if self.ats == Ats::Lever {
            self.lever_words(&mut words);
        }
        command_line(&words)
    }

    /// The environment variables that carry this credential without a profile.
    pub(crate) fn env_names(&self) -> String {
        match self.ats {
            Ats::Greenhouse if self.v1() => profile::ENV_HARVEST_API_KEY.to_owned(),
            Ats::Greenhouse => format!(
                "{}, {} and {}",
                profile::ENV_GREENHOUSE_CLIENT_ID,
                profile::ENV_GREENHOUSE_CLIENT_SECRET,
                profile::ENV_GREENHOUSE_USER_ID
            ),
            Ats::Lever => profile::ENV_LEVER_API_KEY.to_owned(),
        }
    }

    /// Every step, as `setup` would take it with `skip_validate`, `skip_webhooks` and `no_store`.
    pub(crate) fn steps(&self, no_store: bool, skip_validate: bool, skip_webhooks: bool) -> Vec<Step> {
        let name = &self.partner_name;
        let ats = self.ats.display_name();
        let mut steps = vec![Step {
            title: format!("What {name} needs on {ats}: prerequisites, the credential, the web hooks"),
            notes: Vec::new(),
            commands: vec![self.plan()],
        }];
        let secret = match self.ats {
            Ats::Greenhouse if self.v1() => "the Harvest v1 API key",
            Ats::Greenhouse => "the client secret",
            Ats::Lever => "the Lever API key",
        };
        if no_store {
            steps.push(Step {
                title: "Give the credential through the environment (--no-store: no profile)".to_owned(),
                notes: vec![format!("set {}", self.env_names())],
                commands: Vec::new(),
            });
        } else {
            let mut notes = vec![format!(
                "{secret} is read from stdin; pipe it in from where you keep it"
            )];
            if self.ats == Ats::Greenhouse && !self.v1() && self.client_id.is_none() {
                notes.push(format!(
                    "the client id comes from --client-id or {}",
                    profile::ENV_GREENHOUSE_CLIENT_ID
                ));
            }
            notes.push(format!(
                "no OS credential store on this machine? set {} instead, and leave --profile out below",
                self.env_names()
            ));
            steps.push(Step {
                title: format!(
                    "Store the credential in the OS credential store as profile {}",
                    self.profile_name()
                ),
                notes,
                commands: vec![self.login()],
            });
        }
        if !skip_validate {
            steps.push(Step {
                title: format!("Check the credential against what {name} needs; fix what it reports and run it again"),
                notes: Vec::new(),
                commands: vec![self.validate(!no_store)],
            });
        }
        if !skip_webhooks && self.webhooks > 0 {
            let mut notes = Vec::new();
            let commands = match self.ats {
                Ats::Greenhouse => {
                    notes.push(
                        "a guided checklist: no Greenhouse API creates web hooks; it reads one answer per web hook \
                         from stdin (y, n or q), and --format markdown prints it for the Greenhouse admin"
                            .to_owned(),
                    );
                    vec![self.apply(false, false)]
                }
                Ats::Lever => {
                    if self.lacks_webhook_url() {
                        notes.push(format!(
                            "add --webhook-url with the URL {name} gives you for its webhooks"
                        ));
                    }
                    notes.push(
                        "--dry-run shows what would be created; --yes creates it (without a terminal nothing can \
                         confirm). A Lever Super Admin then switches each event on in Settings → Integrations and \
                         API → Webhooks."
                            .to_owned(),
                    );
                    vec![
                        format!("{} --dry-run", self.apply(!no_store, false)),
                        self.apply(!no_store, true),
                    ]
                }
            };
            let count = self.webhooks;
            steps.push(Step {
                title: format!("Create the {count} web hook{}", if count == 1 { "" } else { "s" }),
                notes,
                commands,
            });
        }
        steps
    }
}

/// The steps as text: a heading per step, notes as comments, then the commands.
pub(crate) fn render(steps: &[Step]) -> String {
    let mut text = String::new();
    for (index, step) in steps.iter().enumerate() {
        let _ = writeln!(text, "  # {}. {}", index + 1, step.title);
        for note in &step.notes {
            let _ = writeln!(text, "  #    {note}");
        }
        for command in &step.commands {
            let _ = writeln!(text, "  {command}");
        }
    }
    text
}

/// Words joined into one shell command line, each quoted when the shell would split or expand it.
pub(crate) fn command_line(words: &[String]) -> String {
    words.iter().map(|word| quote(word)).collect::<Vec<_>>().join(" ")
}

/// `word` as one POSIX shell word: as it is when it is safe, else in single quotes.
fn quote(word: &str) -> Cow<'_, str> {
    let safe = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '%' | '+' | '=' | ',')
        });
    if safe {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(format!("'{}'", word.replace('\'', r"'\''")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hipeople(ats: Ats) -> Target {
        let bundled = atsctl::manifest::bundled("hipeople").unwrap();
        let manifest = atsctl::manifest::load(bundled.file, bundled.text).manifest.unwrap();
        Target::new(PartnerArg::Bundled("hipeople".into()), &manifest, ats)
    }

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(quote("hipeople"), "hipeople");
        assert_eq!(quote("https://x.example/hook?a=1"), "'https://x.example/hook?a=1'");
        assert_eq!(quote("my file.yaml"), "'my file.yaml'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn greenhouse_steps_follow_the_flags() {
        let mut target = hipeople(Ats::Greenhouse);
        target.profile = Some("work".into());
        target.client_id = Some("client 1".into());
        let steps = target.steps(false, false, false);
        let commands: Vec<&str> = steps
            .iter()
            .flat_map(|step| &step.commands)
            .map(String::as_str)
            .collect();
        assert_eq!(
            commands,
            [
                "atsctl plan hipeople --ats greenhouse",
                "atsctl auth login --profile work --ats greenhouse --client-id 'client 1' --client-secret-stdin",
                "atsctl validate hipeople --ats greenhouse --profile work",
                "atsctl apply hipeople --ats greenhouse",
            ]
        );
        assert_eq!(steps[3].title, "Create the 4 web hooks");

        let steps = target.steps(true, true, true);
        let text = render(&steps);
        assert_eq!(steps.len(), 2, "{text}");
        assert!(
            text.contains("set ATSCTL_GREENHOUSE_CLIENT_ID, ATSCTL_GREENHOUSE_CLIENT_SECRET"),
            "{text}"
        );
        assert!(!text.contains("auth login"), "{text}");
    }

    #[test]
    fn lever_steps_need_a_webhook_url_and_yes() {
        let mut target = hipeople(Ats::Lever);
        let text = render(&target.steps(false, false, false));
        assert!(text.contains("add --webhook-url"), "{text}");
        assert!(
            text.contains("atsctl apply hipeople --ats lever --profile default --yes"),
            "{text}"
        );
        target.webhook_url = Some("https://hooks.example/lever".into());
        target.region = Some(LeverRegion::Eu);
        let text = render(&target.steps(false, false, false));
        assert!(!text.contains("add --webhook-url"), "{text}");
        assert!(
            text.contains("atsctl auth login --profile default --ats lever --region eu --api-key-stdin"),
            "{text}"
        );
        assert!(
            text.contains(
                "atsctl apply hipeople --ats lever --webhook-url https://hooks.example/lever --region eu --profile default --dry-run"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_manifest_file_is_named_with_its_flag() {
        let mut target = hipeople(Ats::Greenhouse);
        target.partner = PartnerArg::File(PathBuf::from("my partners/acme.yaml"));
        assert_eq!(
            target.plan(),
            "atsctl plan --manifest 'my partners/acme.yaml' --ats greenhouse"
        );
    }
}
