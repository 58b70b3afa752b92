//! `atsctl setup`: the wizard. One partner on one ATS, at a terminal, in the order the work is
//! done: partner and ATS, prerequisites, the credential (stored in the OS credential store if the
//! person wants), a check of what it grants with a re-check loop until it passes or the person
//! moves on, the webhooks, and a summary of what is done and what remains.
//!
//! The steps reuse the commands' own parts (`plan`'s checklist, `auth login`'s store, `validate`'s
//! check and renderer, `apply`'s guided checklist and Lever create flow); this module only asks
//! and connects them. Questions go through [`ask::Prompter`], so every answer can also come from
//! a flag, and without a terminal `setup` prints the commands that do the same instead.

pub(crate) mod ask;
pub(crate) mod authorise;
pub(crate) mod check;
pub(crate) mod credential;
pub(crate) mod equivalent;
pub(crate) mod excerpt;
pub(crate) mod interrupt;
pub(crate) mod summary;
pub(crate) mod webhooks;

use std::io::IsTerminal;
use std::path::PathBuf;

use atsctl::document::Subject;
use atsctl::manifest::{self, Ats, Manifest};
use atsctl::plan::{self, Checklist};
use atsctl::profile::{self, CredentialKind, ProfileStore, StoreKind, SystemStores};
use clap::builder::{PossibleValuesParser, TypedValueParser as _};

use self::ask::{Prompter, Stop};
use self::equivalent::{PartnerArg, Target};
use self::interrupt::Journal;
use self::summary::{Status, Summary};
use super::ats::AtsArg;
use super::ats::RegionArg;
use super::manifest_source;
use super::output::{paint, style};
use super::render::{self, DocumentFormat, Run};
use super::{CliError, CliResult, Exit, Output};

const HELP: &str = "\
Steps:
  1. Partner and ATS: asked for unless given (PARTNER or --manifest, --ats).
  2. Prerequisites: who must do the setup and which permissions they need; confirm to go on
     (--yes).
  3. Credential. A registered Greenhouse partner on Harvest v3 (every bundled partner) needs
     none: you authorise its app on Greenhouse's authorisation screen. The wizard shows where
     that starts, who should do it and the scopes the screen should request, and asks whether
     it requested those and you authorised (--confirm-authorised answers yes).
     Otherwise the credential is taken from the environment or a profile when one is there
     (ATSCTL_* variables, --profile, else the `default` profile), or typed: Harvest v3 client
     id (--client-id), client secret (hidden input, never a flag), acting user id (--user-id)
     for a custom integration; a Harvest v1 API key with --api v1; a Lever API key and region
     (--region). After the check, a typed credential can be stored in the OS credential store
     as profile --profile (default `default`): asked once, or --store STORE / --no-store.
     Without a credential store nothing is stored (one line says so); atsctl never writes a
     secret to a plain file.
  4. Check: what the credential grants against what the partner needs, with a progress bar.
     When something is missing the fixes are listed and the check runs again after Enter, until
     it passes or you answer s; d shows the full report, and r types a refused credential again
     (--skip-validate skips the step).
  5. Webhooks: Greenhouse has no API for them, so its guided checklist (the one `atsctl apply`
     walks, progress saved after each confirmation); on Lever they are created through the API
     after you confirm (--yes), delivering to --webhook-url (asked for when the manifest fixes
     none). --skip-webhooks skips the step.
  6. Summary: each step done, skipped, to do, by hand or to check by hand (what atsctl could
     not verify is never shown as done), with the commands that finish the rest.

--non-interactive asks nothing: answers come from flags, the credential from the environment
or a profile; a confirmation no flag gives is answered no, and the summary lists that step as
to do. --format json then prints only the summary on stdout (the steps' progress goes to
stderr): partner, ats, exit_code, outcome (ok, remaining, credential_rejected, unreachable),
reason, steps (each: step, status (done, skipped, remaining, by_hand, to_check), detail,
finish when a command or instruction finishes it) and document (the summary as a document).

Without a terminal on stdin and stderr and without --non-interactive nothing is asked: setup
exits 2 and prints the commands (plan, auth login, validate, apply) that do the same steps,
built from the flags given.

Ctrl-C at any prompt stops the wizard with exit code 130 after saying what was saved. What was
saved stays consistent: a secret is written only after you confirmed storing it, together with
its profile entry, and web hook progress is saved whole after each confirmation.

Exit codes: 0 everything is done; 1 something remains (a skipped check or missing items, web
hooks not created or confirmed, prerequisites not confirmed); 2 usage error or no terminal;
3 the ATS rejected the credential and you went on without a check; 4 the ATS could not be
reached and you went on; 130 Ctrl-C.";

// Its description is on `Command::Setup` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
#[command(after_long_help = HELP)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct SetupArgs {
    /// A bundled partner (see `atsctl partners`); asked for when missing.
    pub(crate) partner: Option<String>,
    /// The ATS to set up; asked for when the partner covers several.
    #[arg(long, value_enum)]
    pub(crate) ats: Option<AtsArg>,
    /// Use your own manifest file instead of a bundled partner.
    #[arg(long, value_name = "FILE", conflicts_with = "partner")]
    pub(crate) manifest: Option<PathBuf>,
    /// The profile to take the credential from, or to store a typed one in (default: `default`).
    #[arg(long, value_name = "NAME", env = "ATSCTL_PROFILE")]
    pub(crate) profile: Option<String>,
    /// Greenhouse: Harvest v3 OAuth client credentials (default) or a legacy v1 API key.
    #[arg(long, value_enum)]
    pub(crate) api: Option<ApiArg>,
    /// Harvest v3 client id, when the credential is typed.
    #[arg(long, value_name = "ID")]
    pub(crate) client_id: Option<String>,
    /// Harvest v3 acting user id (`sub`, a Site Admin), when the credential is typed.
    #[arg(long, value_name = "ID")]
    pub(crate) user_id: Option<String>,
    /// Lever: the account's region, which picks the API host.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
    /// Store a typed credential in this OS credential store without asking.
    #[arg(
        long,
        value_name = "STORE",
        conflicts_with = "no_store",
        value_parser = PossibleValuesParser::new(StoreKind::ALL.map(StoreKind::as_str)).map(|name| store_kind(&name))
    )]
    pub(crate) store: Option<StoreKind>,
    /// Do not store a typed credential (use the environment variables later).
    #[arg(long)]
    pub(crate) no_store: bool,
    /// Lever: the HTTPS URL the webhooks deliver to (the partner gives it).
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// Skip the check of the credential (the summary then lists it as remaining).
    #[arg(long)]
    pub(crate) skip_validate: bool,
    /// Skip the webhooks (the summary then lists them as remaining).
    #[arg(long)]
    pub(crate) skip_webhooks: bool,
    /// Answer yes to the confirmations: the prerequisites are in place; Lever: create the webhooks.
    #[arg(long, short)]
    pub(crate) yes: bool,
    /// Greenhouse partner on Harvest v3: you authorised it, and the authorisation screen requested
    /// the scopes the wizard (and `plan`) lists.
    #[arg(long)]
    pub(crate) confirm_authorised: bool,
    /// Ask nothing: answers come from flags, the credential from the environment or a profile,
    /// and an unanswered confirmation is no.
    #[arg(long)]
    pub(crate) non_interactive: bool,
    /// How to print the summary; json and the human formats other than terminal send the steps'
    /// progress to stderr, so stdout carries the summary alone.
    #[arg(long, value_enum, default_value = "terminal")]
    pub(crate) format: DocumentFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ApiArg {
    V3,
    V1,
}

impl SetupArgs {
    /// The value given to the credential setting flag `flag` (`--client-id`), as text; the
    /// kinds' data names the flags, this struct holds the ones `setup` takes.
    pub(crate) fn setting_flag(&self, flag: &str) -> Option<String> {
        match flag {
            "--client-id" => self.client_id.clone(),
            "--user-id" => self.user_id.clone(),
            "--region" => self.region.map(|region| super::auth::value_name(&region)),
            _ => None,
        }
    }
}

/// A store name `PossibleValuesParser` already accepted.
fn store_kind(name: &str) -> StoreKind {
    StoreKind::ALL
        .into_iter()
        .find(|kind| kind.as_str() == name)
        .unwrap_or(StoreKind::SecretService)
}

/// The number of steps shown in headings ("Step 3 of 6").
const STEPS: usize = 6;

/// Why the wizard stopped before the summary.
pub(crate) enum Halt {
    Stop(Stop),
    Error(CliError),
}

impl From<Stop> for Halt {
    fn from(stop: Stop) -> Self {
        Self::Stop(stop)
    }
}

impl From<CliError> for Halt {
    fn from(error: CliError) -> Self {
        Self::Error(error)
    }
}

pub(crate) type Step<T> = Result<T, Halt>;

pub(crate) fn run(args: &SetupArgs, output: &mut Output) -> CliResult {
    if let Some(name) = &args.profile {
        profile::check_profile_name(name).map_err(super::credentials::profile_error)?;
    }
    if let Some(url) = &args.webhook_url {
        super::ats::check_webhook_url_flag(url)?;
    }
    let at_terminal = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !(at_terminal || args.non_interactive) {
        return refuse(args, output);
    }
    if args.format != DocumentFormat::Terminal {
        output.print_to_stderr();
    }
    let journal = Journal::start(output);
    let mut terminal;
    let mut non_interactive = ask::NonInteractive;
    let ask: &mut dyn Prompter = if args.non_interactive {
        &mut non_interactive
    } else {
        terminal = ask::Terminal::new(output.stderr_colored());
        &mut terminal
    };
    let mut wizard = Wizard {
        args,
        ask,
        output,
        journal: journal.clone(),
        config: ProfileStore::locate().map_err(super::credentials::profile_error)?,
        stores: SystemStores::new(),
        summary: Summary::default(),
        fingerprint: String::new(),
    };
    match wizard.run() {
        Ok(exit) => Ok(exit),
        Err(Halt::Stop(Stop::Interrupted)) => journal.interrupted(),
        Err(Halt::Stop(Stop::Closed(reason))) => Err(CliError::usage(format!(
            "the terminal stopped answering ({reason}); what was saved before stays saved"
        ))),
        Err(Halt::Stop(Stop::NeedsFlag(what))) => Err(CliError::usage(format!(
            "--non-interactive asks nothing, and nothing gave {what}"
        ))),
        Err(Halt::Error(error)) => Err(error),
    }
}

/// No terminal: nothing can be asked, so say which commands do the same, and exit 2.
fn refuse(args: &SetupArgs, output: &mut Output) -> CliResult {
    let (manifest, partner) = match (&args.partner, &args.manifest) {
        (None, None) => {
            // A real partner as the example, so the commands run as they are.
            let id = manifest::bundled_ids().next().unwrap_or("hipeople");
            (
                manifest_source::load(Some(id), None)?,
                PartnerArg::Bundled(id.to_owned()),
            )
        }
        (partner, path) => (
            manifest_source::load(partner.as_deref(), path.as_deref())?,
            match path {
                Some(path) => PartnerArg::File(path.clone()),
                None => PartnerArg::Bundled(partner.clone().unwrap_or_default()),
            },
        ),
    };
    let atses = match args.ats {
        Some(ats) => vec![manifest_source::pick_ats(&manifest, Some(ats))?],
        None => manifest.ats_list(),
    };
    if let [ats] = atses.as_slice() {
        check_flags(args, *ats)?;
    }
    let mut text = String::from(
        "\nWith --non-interactive setup runs without a terminal and asks nothing (answers come from flags, the \
         credential from the environment or a profile). These commands do the same steps one at a time (a secret \
         is read from stdin):\n",
    );
    if args.partner.is_none() && args.manifest.is_none() {
        text.push_str(&format!(
            "(for {}, as an example: `atsctl partners` lists the others)\n",
            manifest.partner.name
        ));
    }
    for ats in atses {
        let target = target_from_flags(args, partner.clone(), &manifest, ats);
        check_confirmation(args, &target)?;
        text.push_str(&format!("\n{} on {}\n", manifest.partner.name, ats.display_name()));
        text.push_str(&equivalent::render(&target.steps(
            args.no_store,
            args.skip_validate,
            args.skip_webhooks,
        )));
    }
    output.error(
        "`atsctl setup` asks questions, and stdin or stderr is not a terminal",
        &["run it in a terminal, or run the commands below".to_owned()],
    );
    output.message(&text);
    Ok(Exit::Usage)
}

/// Flags that belong to the other ATS are a mistake worth stopping for, before anything is asked.
fn check_flags(args: &SetupArgs, ats: Ats) -> Result<(), CliError> {
    let given = [
        (args.api.is_some(), "--api"),
        (args.client_id.is_some(), "--client-id"),
        (args.user_id.is_some(), "--user-id"),
        (args.region.is_some(), "--region"),
        (args.webhook_url.is_some(), "--webhook-url"),
    ];
    let misplaced: Vec<&str> = super::ats::misplaced_flags(ats, &given)
        .into_iter()
        .map(|(flag, _)| flag)
        .collect();
    if misplaced.is_empty() {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "{} cannot be used with {}",
        misplaced.join(", "),
        ats.display_name()
    )))
}

/// `--confirm-authorised` confirms a registered partner's authorisation: on any other path
/// there is none, and accepting it silently would record nothing the person meant.
fn check_confirmation(args: &SetupArgs, target: &Target) -> Result<(), CliError> {
    if !args.confirm_authorised || target.authorises() {
        return Ok(());
    }
    Err(CliError::usage(format!(
        "--confirm-authorised confirms a registered Greenhouse partner's Harvest v3 authorisation; {} on {} {}",
        target.partner_name,
        target.ats.display_name(),
        if target.non_default_kind() {
            "with --api v1 uses a v1 key instead"
        } else {
            "is set up with a credential, not an authorisation"
        }
    )))
}

/// The commands' target as far as the flags fix it.
fn target_from_flags(args: &SetupArgs, partner: PartnerArg, manifest: &Manifest, ats: Ats) -> Target {
    let mut target = Target::new(partner, manifest, ats);
    target.profile.clone_from(&args.profile);
    target.kind = args
        .api
        .and_then(|api| CredentialKind::for_api(ats, &super::auth::value_name(&api)));
    for setting in CredentialKind::all().flat_map(CredentialKind::settings) {
        if let Some(value) = args.setting_flag(setting.flag) {
            target.set_setting(setting.key, Some(value));
        }
    }
    target.store = args.store;
    target.webhook_url.clone_from(&args.webhook_url);
    target
}

/// Everything the steps share.
pub(crate) struct Wizard<'a> {
    pub(crate) args: &'a SetupArgs,
    pub(crate) ask: &'a mut dyn Prompter,
    pub(crate) output: &'a mut Output,
    pub(crate) journal: Journal,
    pub(crate) config: ProfileStore,
    /// Opened (and probed) once; used only outside async code, since the Secret Service store
    /// runs a runtime of its own.
    pub(crate) stores: SystemStores,
    pub(crate) summary: Summary,
    /// The manifest's fingerprint once it is loaded, for the documents the wizard shows.
    pub(crate) fingerprint: String,
}

impl Wizard<'_> {
    fn run(&mut self) -> Step<Exit> {
        self.say_runs(&[
            Run::styled("atsctl setup", style::EMPHASIS),
            Run::plain(
                " connects a partner to your ATS, one step at a time. Ctrl-C stops at any prompt; what was saved stays \
                 saved.",
            ),
        ]);
        self.heading(1, "Partner and ATS");
        let (source, partner) = self.choose_partner()?;
        self.fingerprint.clone_from(&source.fingerprint);
        let manifest = source.manifest;
        let ats = self.choose_ats(&manifest)?;
        check_flags(self.args, ats)?;
        let Some(checklist) = plan::checklist(&manifest, ats) else {
            return Err(
                CliError::usage(format!("{} has no {} setup", manifest.partner.name, ats.display_name())).into(),
            );
        };
        let mut target = target_from_flags(self.args, partner, &manifest, ats);
        check_confirmation(self.args, &target)?;
        self.journal.resume_with(target.setup());
        self.say_runs(&[
            Run::styled(&manifest.partner.name, style::EMPHASIS),
            Run::plain(format!(" on {}. ", ats.display_name())),
            Run::styled(format!("(Without these questions: {})", target.setup()), style::DIM),
        ]);
        self.summary.add(
            "Partner and ATS",
            Status::Done,
            format!("{} on {}", manifest.partner.name, ats.display_name()),
        );

        self.heading(2, "Prerequisites");
        if !self.prerequisites(&checklist)? {
            self.summary.add_with(
                "Prerequisites",
                Status::Remaining,
                "not confirmed; stopped before the credential",
                target.plan(),
            );
            return Ok(self.finish(&target, &checklist));
        }
        self.summary.add("Prerequisites", Status::Done, "confirmed");

        if target.authorises() {
            // A registered partner on Harvest v3: no secret to ask for, nothing to check with.
            self.heading(3, "Authorise the partner");
            self.authorise(&checklist, &target)?;
            self.heading(4, "Check");
            self.say(&format!(
                "Nothing to check from here: atsctl holds no {} token; the authorisation screen was the check.\n",
                manifest.partner.name
            ));
            self.heading(5, "Webhooks");
            self.webhooks(&manifest, &checklist, &target, None)?;
            return Ok(self.finish(&target, &checklist));
        }

        self.heading(3, "Credential");
        let mut chosen = self.credential(&checklist, &mut target)?;

        self.heading(4, "Check");
        self.check(&manifest, &checklist, &mut target, &mut chosen)?;
        self.store_typed(&mut target, &mut chosen)?;

        self.heading(5, "Webhooks");
        self.webhooks(&manifest, &checklist, &target, Some(&chosen))?;

        Ok(self.finish(&target, &checklist))
    }

    /// Prose between the steps' documents, wrapped to the output width: each line of `text` is
    /// a paragraph.
    pub(crate) fn say(&mut self, text: &str) {
        for paragraph in text.trim_end_matches('\n').split('\n') {
            self.say_runs(&[Run::plain(paragraph)]);
        }
    }

    /// One styled paragraph, wrapped to the output width.
    pub(crate) fn say_runs(&mut self, runs: &[Run]) {
        let text = if runs.iter().all(|run| run.text.is_empty()) {
            "\n".to_owned()
        } else {
            render::wrapped(runs, self.output.width())
        };
        self.output.print(&text);
    }

    fn heading(&mut self, number: usize, title: &str) {
        self.output.print(&format!(
            "\n{}\n",
            paint(style::HEADING, &format!("Step {number} of {STEPS} · {title}"))
        ));
    }

    /// The manifest named by a flag, or picked from the bundled partners.
    fn choose_partner(&mut self) -> Step<(manifest_source::Source, PartnerArg)> {
        if let Some(path) = &self.args.manifest {
            return Ok((
                manifest_source::load_source(None, Some(path))?,
                PartnerArg::File(path.clone()),
            ));
        }
        if let Some(id) = &self.args.partner {
            return Ok((
                manifest_source::load_source(Some(id), None)?,
                PartnerArg::Bundled(id.clone()),
            ));
        }
        let mut choices = Vec::new();
        for bundled in manifest::BUNDLED {
            let loaded = manifest::load(bundled.file, bundled.text);
            let Some(manifest) = loaded.manifest else {
                continue;
            };
            let atses: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.display_name()).collect();
            choices.push((
                bundled.id,
                format!("{} ({}) — {}", manifest.partner.name, bundled.id, atses.join(", ")),
            ));
        }
        let items: Vec<String> = choices.iter().map(|(_, label)| label.clone()).collect();
        let index = self.ask.select("Partner", &items, 0)?;
        let id = choices[index].0;
        Ok((
            manifest_source::load_source(Some(id), None)?,
            PartnerArg::Bundled(id.to_owned()),
        ))
    }

    fn choose_ats(&mut self, manifest: &Manifest) -> Step<Ats> {
        let available = manifest.ats_list();
        if self.args.ats.is_some() || available.len() == 1 {
            return Ok(manifest_source::pick_ats(manifest, self.args.ats)?);
        }
        let items: Vec<String> = available.iter().map(|ats| ats.display_name().to_owned()).collect();
        let index = self.ask.select("ATS", &items, 0)?;
        Ok(available[index])
    }

    /// What must be in place before the credential, as the plan says it: `true` to go on.
    fn prerequisites(&mut self, checklist: &Checklist) -> Step<bool> {
        // The plan's "Before you start" names the role and permissions: no lead-in of our own.
        let sections = excerpt::before_you_start(checklist);
        let text = render::terminal_sections(&sections, self.output.width());
        self.output.print(text.strip_prefix('\n').unwrap_or(&text));
        if self.args.yes {
            self.output.print("\nIn place (--yes).\n");
            return Ok(true);
        }
        self.output.print("\n");
        Ok(self.ask.confirm("Are these in place? Continue", true)?)
    }

    /// The summary (with what is left by hand) and the exit code it implies.
    fn finish(&mut self, target: &Target, checklist: &Checklist) -> Exit {
        // A partner's authorisation connects it by itself: the hand-over is the v1 key's.
        let hand_over = checklist
            .credential
            .as_ref()
            .filter(|_| !target.authorises())
            .and_then(|plan| plan.hand_over.as_deref());
        if let Some(hand_over) = hand_over {
            self.summary.add_with(
                "Hand the credential over",
                Status::ByHand,
                format!("in {}", target.partner_name),
                hand_over.trim(),
            );
        }
        for step in checklist.steps.iter().filter(|step| step.when == "after") {
            self.summary.add_with(
                step.title.clone(),
                Status::ByHand,
                step.who.clone().unwrap_or_default(),
                step.instructions.trim(),
            );
        }
        let subject = Subject {
            partner_id: checklist.partner.id.clone(),
            partner_name: checklist.partner.name.clone(),
            ats: target.ats.as_str().to_owned(),
            ats_name: target.ats.display_name().to_owned(),
            manifest_fingerprint: self.fingerprint.clone(),
        };
        let title = format!(
            "{} on {} — setup summary",
            target.partner_name,
            target.ats.display_name()
        );
        let document = self.summary.document(title, subject.clone());
        match self.args.format {
            DocumentFormat::Json => {
                let data = self.summary.data(&subject);
                self.output.json(&render::with_document(&data, &document));
            }
            DocumentFormat::Terminal => {
                self.heading(STEPS, "Summary");
                self.output.print_document(&document, DocumentFormat::Terminal);
            }
            format => {
                let text = render::render(&document, format, self.output.width());
                self.output.write_stdout(&text);
            }
        }
        self.summary.exit()
    }
}
