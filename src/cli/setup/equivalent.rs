//! The commands that do what the wizard does, one per step. Without a terminal `setup` prints
//! them instead of asking, and its summary names the ones that finish what remains. They are
//! built from the flags given, so they can be copied and run as they are.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::PathBuf;

use atsctl::ats::Ats;
use atsctl::manifest::Manifest;
use atsctl::profile::{self, CredentialKind, SettingShape, StoreKind};

/// What the commands are about: everything the flags (or the answers) fixed.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) partner: PartnerArg,
    pub(crate) partner_name: String,
    pub(crate) ats: Ats,
    /// `--profile`, or the one a credential was stored in.
    pub(crate) profile: Option<String>,
    /// The credential kind `--api` insisted on, if any.
    pub(crate) kind: Option<CredentialKind>,
    /// Credential settings the flags or answers fixed (`client_id`, `region`), by key.
    pub(crate) settings: Vec<(&'static str, String)>,
    pub(crate) store: Option<StoreKind>,
    pub(crate) webhook_url: Option<String>,
    /// The manifest names a fixed Lever webhook URL, so `--webhook-url` is not needed.
    pub(crate) fixed_webhook_url: bool,
    pub(crate) webhooks: usize,
    /// The partner is a registered app the customer authorises (Greenhouse, Harvest v3): no
    /// credential of the customer's to type, store or check.
    pub(crate) partner_app: bool,
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
        let fixed_webhook_url = (ats.spec().fixes_webhook_url)(manifest);
        let webhooks = (ats.spec().webhook_count)(manifest);
        let partner_app = atsctl::plan::checklist(manifest, ats)
            .and_then(|checklist| checklist.credential)
            .is_some_and(|credential| credential.partner_authorization.is_some());
        Self {
            partner,
            partner_name: manifest.partner.name.clone(),
            ats,
            profile: None,
            kind: None,
            settings: Vec::new(),
            store: None,
            webhook_url: None,
            fixed_webhook_url,
            webhooks,
            partner_app,
        }
    }

    /// On this path the customer authorises the partner's app and types no credential: a
    /// registered partner, unless `--api v1` asks for the legacy key.
    pub(crate) fn authorises(&self) -> bool {
        self.partner_app && !self.non_default_kind()
    }

    /// The credential setting `key`, when a flag or an answer fixed it.
    pub(crate) fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .iter()
            .find(|(known, _)| *known == key)
            .map(|(_, value)| value.as_str())
    }

    /// Sets (or with `None` forgets) the credential setting `key`.
    pub(crate) fn set_setting(&mut self, key: &'static str, value: Option<String>) {
        self.settings.retain(|(known, _)| *known != key);
        if let Some(value) = value {
            self.settings.push((key, value));
        }
    }

    /// The kind of credential the steps use: the one `--api` asked for, else the ATS's first.
    pub(crate) fn credential_kind(&self) -> CredentialKind {
        self.kind.unwrap_or_else(|| CredentialKind::default_of(self.ats))
    }

    /// `--api` asked for a kind other than the ATS's first (Greenhouse's legacy v1 key).
    pub(crate) fn non_default_kind(&self) -> bool {
        self.kind
            .is_some_and(|kind| kind != CredentialKind::default_of(self.ats))
    }

    /// `--api API` when `--api` asked for a kind other than the ATS's first.
    fn api_words(&self) -> Vec<String> {
        match self.kind.and_then(|kind| kind.spec().api) {
            Some(api) if self.non_default_kind() => vec!["--api".to_owned(), api.to_owned()],
            _ => Vec::new(),
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

    pub(crate) fn profile_name(&self) -> &str {
        self.profile.as_deref().unwrap_or(profile::DEFAULT_PROFILE)
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
        words.extend(self.api_words());
        let kind = self.credential_kind();
        for setting in kind.settings() {
            if let Some(value) = self.setting(setting.key) {
                words.extend([setting.flag.to_owned(), value.to_owned()]);
            }
        }
        words.push(kind.stdin_flag().to_owned());
        if let Some(store) = self.store {
            words.extend(["--store".to_owned(), store.as_str().to_owned()]);
        }
        command_line(&words)
    }

    /// `atsctl validate …`, with `--profile` when the credential is in one.
    pub(crate) fn validate(&self, with_profile: bool) -> String {
        let mut words = self.base("validate");
        words.extend(self.api_words());
        // An ATS whose API cannot list its web hooks checks none, and refuses their URL.
        let url_checked = self.ats.spec().check_refuses_webhook_url.is_none();
        self.endpoint_words(&mut words, url_checked);
        if with_profile {
            words.extend(["--profile".to_owned(), self.profile_name().to_owned()]);
        }
        command_line(&words)
    }

    /// `--webhook-url` (unless `with_url` is false) and `--region` when the answers or flags
    /// fixed them (only an ATS that takes them ever has them).
    fn endpoint_words(&self, words: &mut Vec<String>, with_url: bool) {
        if let Some(url) = self.webhook_url.as_ref().filter(|_| with_url) {
            words.extend(["--webhook-url".to_owned(), url.clone()]);
        }
        if let Some(region) = self.setting("region") {
            words.extend(["--region".to_owned(), region.to_owned()]);
        }
    }

    /// `atsctl apply …`: a guided checklist, or the create flow of an ATS whose API creates web
    /// hooks (`--yes` creates without asking, which a script needs).
    pub(crate) fn apply(&self, with_profile: bool, yes: bool) -> String {
        let mut words = self.base("apply");
        if self.creates_webhooks() {
            self.endpoint_words(&mut words, true);
            if with_profile {
                words.extend(["--profile".to_owned(), self.profile_name().to_owned()]);
            }
            if yes {
                words.push("--yes".to_owned());
            }
        }
        command_line(&words)
    }

    /// Whether `apply` creates the web hooks through the ATS's API (and so needs their URL).
    fn creates_webhooks(&self) -> bool {
        self.ats.spec().apply.creates_webhooks().is_some()
    }

    /// An apply that creates web hooks needs a URL the manifest does not fix and no flag gave.
    pub(crate) fn lacks_webhook_url(&self) -> bool {
        self.creates_webhooks() && self.webhooks > 0 && self.webhook_url.is_none() && !self.fixed_webhook_url
    }

    /// `atsctl setup …` with the flags that got the wizard this far.
    pub(crate) fn setup(&self) -> String {
        let mut words = self.base("setup");
        if let Some(profile) = &self.profile {
            words.extend(["--profile".to_owned(), profile.clone()]);
        }
        words.extend(self.api_words());
        self.endpoint_words(&mut words, true);
        command_line(&words)
    }

    /// The environment variables that carry this credential without a profile: `A`, `A and B`,
    /// `A, B and C`.
    pub(crate) fn env_names(&self) -> String {
        match self.credential_kind().env_names().as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// What `auth login` reads from stdin, as the steps name it.
    fn secret_label(&self) -> &'static str {
        self.credential_kind().spec().secret_label
    }

    /// Where the rest of the credential comes from when no flag gave it: each required setting.
    fn login_notes(&self) -> Vec<String> {
        self.credential_kind()
            .settings()
            .iter()
            .filter(|setting| setting.shape == SettingShape::Required && self.setting(setting.key).is_none())
            .map(|setting| {
                // The key reads shorter than `what` (`client id`, not `Harvest v3 client id`):
                // the step already names the ATS.
                match setting.env {
                    Some(variable) => format!(
                        "the {} comes from {} or {variable}",
                        setting_name(setting.key),
                        setting.flag
                    ),
                    None => format!("the {} comes from {}", setting_name(setting.key), setting.flag),
                }
            })
            .collect()
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
        if self.authorises() {
            steps.push(Step {
                title: format!(
                    "Authorise {name}'s app on {ats}'s authorisation screen: no credential to create, store or check"
                ),
                notes: vec![
                    "where it starts, who should do it and the scopes the screen should request are in the plan's \
                     connection step"
                        .to_owned(),
                ],
                commands: vec![self.setup_authorised()],
            });
            self.push_webhooks(&mut steps, no_store, skip_webhooks);
            return steps;
        }
        let secret = self.secret_label();
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
            notes.extend(self.login_notes());
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
        self.push_webhooks(&mut steps, no_store, skip_webhooks);
        steps
    }

    fn push_webhooks(&self, steps: &mut Vec<Step>, no_store: bool, skip_webhooks: bool) {
        if !skip_webhooks && self.webhooks > 0 {
            let (notes, commands) = crate::cli::ats::webhook_step(self, no_store);
            let count = self.webhooks;
            steps.push(Step {
                title: format!("Create the {count} web hook{}", if count == 1 { "" } else { "s" }),
                notes,
                commands,
            });
        }
    }

    /// `atsctl setup … --non-interactive --yes --confirm-authorised --skip-webhooks`: records,
    /// once the admin has authorised, that the prerequisites were in place and the screen
    /// requested the listed scopes (the web hooks are the next step's).
    pub(crate) fn setup_authorised(&self) -> String {
        let mut words = self.base("setup");
        words.extend(["--non-interactive", "--yes", "--confirm-authorised", "--skip-webhooks"].map(str::to_owned));
        command_line(&words)
    }
}

/// A setting's key as words: `client_id` is the client id.
fn setting_name(key: &str) -> String {
    key.replace('_', " ")
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
pub(crate) mod tests {
    use clap::ValueEnum as _;

    use super::*;
    use crate::cli::ats::AtsArg;

    /// The bundled partner that covers every ATS, as a target on `ats`.
    pub(crate) fn hipeople(ats: Ats) -> Target {
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

    /// `line` split as a POSIX shell splits the words [`command_line`] makes: single quotes,
    /// and a backslash outside them.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let (mut quoted, mut started, mut escaped) = (false, false, false);
        for c in line.chars() {
            match c {
                c if escaped => (word, escaped) = (word + &c.to_string(), false),
                '\\' if !quoted => (escaped, started) = (true, true),
                '\'' => (quoted, started) = (!quoted, true),
                ' ' if !quoted => {
                    if started {
                        words.push(std::mem::take(&mut word));
                    }
                    started = false;
                }
                c => (word, started) = (word + &c.to_string(), true),
            }
        }
        if started {
            words.push(word);
        }
        words
    }

    /// Every command line the wizard suggests (the scripted steps, the summary's commands, the
    /// web hook note's `--format markdown`, the authorisation's `--confirm-authorised`), for
    /// every bundled partner and example manifest on every ATS it covers, with every flag the
    /// target can carry, is accepted by the real command-line definition, and gives no flag the
    /// command refuses for its ATS (`--region` to an ATS without regions, `--webhook-url` to a
    /// `validate` that checks no web hooks).
    #[test]
    fn every_suggested_command_parses() {
        use clap::Parser as _;

        let mut lines = Vec::new();
        let examples = [
            "examples/manifests/acme-sourcing.yaml",
            "examples/manifests/acme-sourcing-ashby.yaml",
        ]
        .map(|file| (file, std::fs::read_to_string(file).unwrap()));
        let manifests = atsctl::manifest::bundled_ids()
            .map(|id| {
                let bundled = atsctl::manifest::bundled(id).unwrap();
                (id.to_owned(), bundled.file, bundled.text.to_owned())
            })
            .chain(examples.into_iter().map(|(file, text)| ("acme".to_owned(), file, text)));
        let mut covered = std::collections::BTreeSet::new();
        for (id, file, text) in manifests {
            let manifest = atsctl::manifest::load(file, &text).manifest.unwrap();
            for ats in manifest.ats_list() {
                covered.insert(ats);
                let id = id.as_str();
                for variant in 0..4 {
                    let mut target = Target::new(PartnerArg::Bundled(id.to_owned()), &manifest, ats);
                    if variant > 0 {
                        target.partner = PartnerArg::File(PathBuf::from("my partners/acme.yaml"));
                        target.profile = Some("work".into());
                        target.store = Some(StoreKind::ALL[0]);
                        target.webhook_url = Some("https://hooks.example/x?a=1".into());
                        // The flags each ATS takes (`setup` refuses the others'), by what its
                        // API does: one that creates web hooks takes a URL and a region.
                        if target.creates_webhooks() {
                            if ats.spec().own_flags.contains(&"--region") {
                                target.set_setting("region", Some("eu".into()));
                            }
                        } else {
                            target.webhook_url = None;
                            target.set_setting("client_id", Some("client 1".into()));
                            target.set_setting("user_id", Some("101".into()));
                        }
                    }
                    if variant == 2 {
                        target.partner_app = false;
                    }
                    if variant == 3 {
                        // A second kind of the ATS, which `--api` picks.
                        target.kind = ats.spec().credentials.get(1).copied();
                    }
                    for (no_store, skip_validate, skip_webhooks) in
                        [(false, false, false), (true, true, true), (true, false, false)]
                    {
                        for step in target.steps(no_store, skip_validate, skip_webhooks) {
                            lines.extend(step.commands);
                            if step.notes.iter().any(|note| note.contains("--format markdown")) {
                                lines.push(format!("{} --format markdown", target.apply(false, false)));
                            }
                        }
                    }
                    lines.extend([
                        target.plan(),
                        target.login(),
                        target.validate(true),
                        target.validate(false),
                        target.apply(true, true),
                        target.setup(),
                        target.setup_authorised(),
                        format!("{} --confirm-authorised", target.setup()),
                    ]);
                }
            }
        }
        assert!(lines.len() > 100, "{}", lines.len());
        assert_eq!(
            covered.len(),
            Ats::ALL.len(),
            "every ATS's lines are checked: {covered:?}"
        );
        for line in &lines {
            let words = shell_words(line);
            if let Err(error) = crate::cli::Cli::try_parse_from(&words) {
                panic!("`{line}` does not parse ({words:?}):\n{error}");
            }
            let Some(ats) = words.iter().position(|word| word == "--ats").and_then(|at| {
                Ats::ALL
                    .into_iter()
                    .find(|ats| Some(&ats.as_str().to_owned()) == words.get(at + 1))
            }) else {
                continue;
            };
            let own = ats.spec().own_flags;
            for flag in ["--region", "--webhook-url"] {
                if words.iter().any(|word| word == flag) {
                    assert!(
                        own.contains(&flag),
                        "`{line}` gives {flag}, which {ats:?} does not take"
                    );
                }
            }
            if words[1] == "validate" && ats.spec().check_refuses_webhook_url.is_some() {
                assert!(
                    !words.iter().any(|word| word == "--webhook-url"),
                    "`{line}`: validate refuses it"
                );
            }
        }
        assert_eq!(
            shell_words("atsctl plan --manifest 'my partners/acme.yaml' --x 'it'\\''s'"),
            ["atsctl", "plan", "--manifest", "my partners/acme.yaml", "--x", "it's"]
        );
    }

    #[test]
    fn a_manifest_file_is_named_with_its_flag() {
        for ats in AtsArg::value_variants().iter().map(|arg| -> Ats { (*arg).into() }) {
            let mut target = hipeople(ats);
            target.partner = PartnerArg::File(PathBuf::from("my partners/acme.yaml"));
            assert_eq!(
                target.plan(),
                format!("atsctl plan --manifest 'my partners/acme.yaml' --ats {}", ats.as_str())
            );
        }
    }
}
