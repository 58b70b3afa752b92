//! `atsctl apply` on an ATS whose API creates web hooks ([`ApplyKind::CreatesWebhooks`]): one
//! flow for every such ATS, over the session its spec opens ([`WebhookCreation`]).
//!
//! The run reads what exists and plans, shows what it will create and what already exists, asks
//! (on a terminal; `--yes` otherwise), then creates the missing web hooks one by one; the ATS's
//! library makes each exactly once (by listing, or by the records it keeps). Each new web hook's
//! token is printed once, on stdout, labelled, at a terminal, through [`Output::print_secret`];
//! with `--store-token` it is also filed in the OS credential store when there is one. It never
//! goes to stderr, where progress and logs go, nor into JSON. Finally what only a person can do
//! in the ATS is named.
//!
//! What the run comes to is an [`ApplyOutcome`], shown as `atsctl::document::apply_outcome_document`
//! in every format; `--format json` prints the outcome with its verdict.
//!
//! [`ApplyKind::CreatesWebhooks`]: atsctl::ats::ApplyKind::CreatesWebhooks

use std::sync::Arc;
use std::time::Duration;

use atsctl::ats::webhook_creation::{Connection, UrlProblem, WebhookPlan, WebhookSession, Work};
use atsctl::ats::{Ats, Failure, FailureKind, WebhookCreation};
use atsctl::document;
use atsctl::guided::{ApplyOutcome, FailureSummary, ItemStatus};
use atsctl::http::{self, Secret};
use atsctl::manifest::Manifest;
use atsctl::profile::{ProcessEnv, ProfileStore, ResolveRequest, SecretStore, SecretStores, Sources, SystemStores};
use atsctl::webhooks::SECRET_ENV;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use url::Url;

use super::webhook_flags::WebhookApplyArgs;
use super::{ApplyArgs, ApplyFormat, exit_of, print_outcome};
use crate::cli::http_trace::http_line;
use crate::cli::output::layout_width;
use crate::cli::prompt;
use crate::cli::render::{self, DocumentFormat};
use crate::cli::runtime::within_time_limit;
use crate::cli::{CliError, CliResult, Exit, Output, credentials};

/// `apply` on `ats` for `manifest` (whose fingerprint the documents show).
pub(crate) fn run(
    ats: Ats,
    creation: &WebhookCreation,
    manifest: &Manifest,
    fingerprint: &str,
    args: &ApplyArgs,
    output: &mut Output,
) -> CliResult {
    let flags = &args.webhooks;
    if !manifest.ats_list().contains(&ats) {
        return Err(CliError::usage(format!(
            "{} has no {} setup",
            manifest.partner.name,
            ats.display_name()
        )));
    }
    if args.reset {
        return Err(CliError::usage("--reset is for the guided checklist").with_help(creation.no_progress_file));
    }
    refuse_region(ats, flags)?;
    let export = matches!(args.format, ApplyFormat::Markdown | ApplyFormat::Html);
    if export && args.yes {
        return Err(CliError::usage(
            "--yes creates webhooks, and --format markdown|html only prints what would be created",
        )
        .with_help("drop --format to create them (or use --format json for a script)"));
    }
    let document_of = |outcome: &ApplyOutcome| document::apply_outcome_document(outcome, fingerprint);
    if (ats.spec().webhook_count)(manifest) == 0 {
        let outcome = (creation.unplanned)(manifest, None);
        print_outcome(&outcome, &document_of(&outcome), args.format, output);
        return Ok(Exit::Ok);
    }
    let url = target_url(ats, creation, manifest, flags.webhook_url.as_deref())?;
    let credential = resolve_credential(creation, flags, ats, output)?;
    let (mut driver, events) = Driver::start(flags.verbose, flags.timeout)?;
    let connection = Connection {
        region: flags.region.map(|region| crate::cli::auth::value_name(&region)),
        timeout: flags.timeout,
        events: Some(events),
        profile: flags.profile.clone(),
    };
    let mut session = (creation.open)(manifest, &credential, &connection).map_err(CliError::from)?;
    let plan = match driver.run(output, session.plan(url.as_ref())) {
        Ok(plan) => plan,
        Err(failure) => {
            let outcome = ApplyOutcome {
                failure: Some(FailureSummary::from(&failure)),
                ..(creation.unplanned)(manifest, url.as_ref())
            };
            if args.format != ApplyFormat::Text {
                print_outcome(&outcome, &document_of(&outcome), args.format, output);
            }
            return Err(CliError::from(failure));
        }
    };
    let mut status = format!(
        "{} at {} ({})\n",
        session.credential(),
        plan.api_url,
        session.key().url_source
    );
    if let Some(records) = &plan.records {
        status.push_str(&format!("Created webhooks are recorded in {records}\n"));
    }
    output.status(&status);
    for warning in &plan.warnings {
        output.warning(warning);
    }
    let to_create = plan.create_count();
    // Nothing is created without --yes or a terminal's answer; a format for another reader
    // asks nothing, so it shows the plan.
    let creates = to_create > 0 && !flags.dry_run && !export && (args.format == ApplyFormat::Text || args.yes);
    if !creates {
        print_outcome(&plan.outcome, &document_of(&plan.outcome), args.format, output);
        return exit_of(&plan.outcome);
    }
    if args.format == ApplyFormat::Text {
        output.print(&preview_text(&plan, fingerprint));
        output.print("\n");
        if !args.yes && !confirm(ats, to_create, output)? {
            output.print("Nothing created.\n");
            return Ok(Exit::Findings);
        }
    }
    let partner_token = partner_token(ats, creation, manifest, &plan)?;
    let store = if flags.store_token {
        open_store(creation, session.as_ref(), output)
    } else {
        None
    };
    let shows_tokens = args.format == ApplyFormat::Text;
    if !shows_tokens
        && store.is_none()
        && let Some(warning) = session.unshown_tokens_warning()
    {
        output.warning(&warning);
    }
    let run = CreateRun {
        creation,
        manifest,
        store: store.as_ref(),
        shows_tokens,
        partner_token: partner_token.as_ref(),
    };
    let outcome = run.create_each(&plan, session.as_mut(), &mut driver, output);
    if shows_tokens {
        output.print("\n");
    }
    print_outcome(&outcome, &document_of(&outcome), args.format, output);
    exit_of(&outcome)
}

/// `--region` given to an ATS that takes none: a usage error naming one that does.
fn refuse_region(ats: Ats, flags: &WebhookApplyArgs) -> Result<(), CliError> {
    if flags.region.is_none() || ats.spec().own_flags.contains(&"--region") {
        return Ok(());
    }
    let owner = Ats::ALL
        .into_iter()
        .find(|other| other.spec().own_flags.contains(&"--region"))
        .map_or("another ATS", |other| other.display_name());
    let overridden_by = ats.spec().urls.iter().map(|url| url.env).collect::<Vec<_>>().join(", ");
    Err(CliError::usage(format!(
        "--region is for {owner}; {} has one API host ({overridden_by} overrides it)",
        ats.display_name()
    )))
}

/// `--webhook-url`, else what the manifest fixes, as the ATS needs it.
fn target_url(
    ats: Ats,
    creation: &WebhookCreation,
    manifest: &Manifest,
    given: Option<&str>,
) -> Result<Option<Url>, CliError> {
    (creation.target_url)(manifest, given).map_err(|problem| match problem {
        UrlProblem::Invalid(problem) => CliError::usage(format!("--webhook-url: {problem}")),
        UrlProblem::Missing { instructions } => CliError::usage(format!(
            "--webhook-url is required: the manifest names no fixed URL for the {} webhooks",
            ats.display_name()
        ))
        .with_help(match instructions {
            Some(instructions) => format!("where to find it: {}", instructions.trim()),
            None => format!(
                "ask {} for the URL their {} webhooks should deliver to",
                manifest.partner.name,
                ats.display_name()
            ),
        }),
    })
}

/// The credential of the run: `--api-key-stdin`, the environment, then the profile. The one
/// place `apply` resolves one.
fn resolve_credential(
    creation: &WebhookCreation,
    flags: &WebhookApplyArgs,
    ats: Ats,
    output: &Output,
) -> Result<atsctl::ats::Credential, CliError> {
    let api_key_stdin = if flags.api_key_stdin {
        Some(credentials::stdin_secret(
            "--api-key-stdin",
            &format!("{} API key", ats.display_name()),
            creation.key_stdin_example,
            output,
        )?)
    } else {
        None
    };
    let sources = Sources {
        profile: flags.profile.clone(),
        client_secret_stdin: None,
        api_key_stdin,
    };
    let config = ProfileStore::locate().map_err(credentials::profile_error)?;
    ResolveRequest {
        sources: &sources,
        env: &ProcessEnv,
        config: &config,
        stores: &SystemStores::new(),
        preferred: None,
    }
    .resolve(ats)
    .map_err(|error| credentials::resolve_error(&error))
}

/// What is there and what will be created, before anything is, for a terminal at the layout
/// width (`setup` shows it too).
pub(crate) fn preview_text(plan: &WebhookPlan, fingerprint: &str) -> String {
    render::render(
        &document::apply_outcome_document(&plan.preview, fingerprint),
        DocumentFormat::Terminal,
        layout_width(),
    )
}

fn confirm(ats: Ats, count: usize, output: &mut Output) -> Result<bool, CliError> {
    let name = ats.display_name();
    if !output.stdin_is_terminal() {
        return Err(CliError::usage(format!(
            "apply would create {count} webhook(s) in {name}, and there is no terminal to confirm it"
        ))
        .with_help("pass --yes to create them, or --dry-run to only look"));
    }
    let mut ask = prompt::for_stdin(output);
    loop {
        let answer = ask
            .line(output, &format!("Create {count} webhook(s) in {name}? [y/N]"))
            .map_err(|error| CliError::usage(format!("cannot read the answer: {error}")))?;
        match answer
            .as_deref()
            .map(|answer| answer.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("y" | "yes") => return Ok(true),
            None | Some("" | "n" | "no") => return Ok(false),
            Some(_) => output.prompt("Answer y or n.\n"),
        }
    }
}

/// The partner's own token, when the plan says the partner supplies it: from
/// `ATSCTL_WEBHOOK_SECRET`, the variable `webhooks listen` verifies with, never from a flag.
pub(crate) fn partner_token(
    ats: Ats,
    creation: &WebhookCreation,
    manifest: &Manifest,
    plan: &WebhookPlan,
) -> Result<Option<Secret>, CliError> {
    if !plan.needs_partner_token {
        return Ok(None);
    }
    let partner = &manifest.partner.name;
    match std::env::var(SECRET_ENV) {
        Ok(value) if !value.trim().is_empty() => Ok(Some(Secret::new(value.trim()))),
        _ => Err(CliError::usage(format!(
            "{partner} supplies the {} of its {} webhooks, and {SECRET_ENV} is not set",
            creation.token_name,
            ats.display_name()
        ))
        .with_help(format!(
            "set {SECRET_ENV} to the token {partner} gave you; atsctl never takes a secret as a flag"
        ))),
    }
}

/// The store for `--store-token`, opened before anything is created so its absence is said up
/// front. `None` (with a warning) when this machine has none.
fn open_store(
    creation: &WebhookCreation,
    session: &dyn WebhookSession,
    output: &mut Output,
) -> Option<Arc<dyn SecretStore>> {
    let env_store = std::env::var(atsctl::profile::ENV_CREDENTIAL_STORE).ok();
    let opened = atsctl::ats::webhook_creation::choose_token_store(&session.key().origin, env_store.as_deref())
        .and_then(|kind| SystemStores::new().open(kind).map_err(|error| error.to_string()));
    match opened {
        Ok(store) => Some(store),
        Err(reason) => {
            output.warning(&format!(
                "--store-token: the {} cannot be stored ({reason}); it will only be printed below, so copy it then. \
                 atsctl never writes secrets to a plain file.",
                creation.token_name
            ));
            None
        }
    }
}

/// How a run creates: what it creates, where tokens go.
pub(crate) struct CreateRun<'a> {
    pub(crate) creation: &'a WebhookCreation,
    pub(crate) manifest: &'a Manifest,
    pub(crate) store: Option<&'a Arc<dyn SecretStore>>,
    /// At a terminal: each new token is printed once.
    pub(crate) shows_tokens: bool,
    pub(crate) partner_token: Option<&'a Secret>,
}

impl CreateRun<'_> {
    /// Creates each missing web hook of `plan` and says what became of each. Tokens are printed
    /// (`shows_tokens`) as each is created, and filed in `store` when given.
    pub(crate) fn create_each(
        &self,
        plan: &WebhookPlan,
        session: &mut dyn WebhookSession,
        driver: &mut Driver,
        output: &mut Output,
    ) -> ApplyOutcome {
        let mut outcome = ApplyOutcome {
            dry_run: false,
            ..plan.outcome.clone()
        };
        let mut tokens_shown = false;
        for index in 0..outcome.items.len() {
            if outcome.items[index].status != ItemStatus::Missing {
                continue;
            }
            output.status(&format!("Creating the {} webhook…\n", outcome.items[index].key));
            let created = match driver.run(output, session.create(index, self.partner_token)) {
                Ok(created) => created,
                Err(failure) => {
                    outcome.failure = Some(FailureSummary::from(&failure));
                    break;
                }
            };
            let mut item = created.item;
            if let Some(token) = &created.token {
                self.hand_over(token, &mut item, session, output);
                tokens_shown |= self.shows_tokens;
            }
            outcome.items[index] = item;
        }
        outcome.next_steps = session.next_steps(&outcome, tokens_shown);
        outcome
    }

    /// Shows a new web hook's token once (at a terminal) and files it in the store, noting both
    /// on its item.
    fn hand_over(
        &self,
        token: &Secret,
        item: &mut atsctl::guided::ApplyItem,
        session: &dyn WebhookSession,
        output: &mut Output,
    ) {
        let token_name = self.creation.token_name;
        if self.shows_tokens {
            let heading = document::Section {
                id: "section-token".to_owned(),
                number: None,
                heading: format!(
                    "{} for {} (shown once; copy it now):",
                    capitalised(token_name),
                    item.key
                ),
                blocks: Vec::new(),
            };
            output.print(&format!("\n{}    ", render::terminal_section(&heading, output.width())));
            // The one secret atsctl prints, on purpose: everything else written is redacted.
            output.print_secret(token);
            output.print("\n");
        }
        if let Some(note) = session.token_note(&self.manifest.partner.name, self.shows_tokens, self.store.is_some()) {
            item.notes.push(note);
        }
        let Some(store) = self.store else {
            return;
        };
        let key = (self.creation.token_key)(&session.key().profile, &self.manifest.partner.id, &item.key);
        match store.set(&key, token) {
            Ok(()) => item.notes.push(format!(
                "{token_name} stored in {} (service atsctl, account {})",
                store.kind().display_name(),
                key.user()
            )),
            Err(error) => output.warning(&format!(
                "the {token_name} of {} was not stored: {error}; {}",
                item.key,
                session.unstored_token_help(self.shows_tokens)
            )),
        }
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Runs a session's phases on a runtime, showing each request with `-v` as it happens.
pub(crate) struct Driver {
    runtime: tokio::runtime::Runtime,
    events: UnboundedReceiver<http::Event>,
    verbose: u8,
    /// Each phase's time limit, which the session keeps; the driver ends a phase that does not.
    limit: Duration,
}

impl Driver {
    /// A driver for phases of at most `limit` each, and the hook a session reports its requests
    /// to.
    pub(crate) fn start(verbose: u8, limit: Duration) -> Result<(Self, http::EventHook), CliError> {
        let (sender, events) = unbounded_channel();
        let hook: http::EventHook = Arc::new(move |event| {
            let _ = sender.send(event);
        });
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::One)?;
        Ok((
            Self {
                runtime,
                events,
                verbose,
                limit,
            },
            hook,
        ))
    }

    /// Runs `work` to its end. The session bounds its own time; should it ever wait longer,
    /// the phase ends a moment after the limit as unreachable.
    pub(crate) fn run<T>(&mut self, output: &mut Output, work: Work<'_, T>) -> Result<T, Failure> {
        let Self {
            runtime,
            events,
            verbose,
            limit,
        } = self;
        let (verbose, limit) = (*verbose, *limit);
        let show = |event: &http::Event, output: &mut Output| {
            if verbose > 0 {
                output.status(&http_line(event, verbose));
            }
        };
        runtime.block_on(async {
            let work = within_time_limit(limit, work);
            tokio::pin!(work);
            let result = loop {
                tokio::select! {
                    biased;
                    Some(event) = events.recv() => show(&event, output),
                    result = &mut work => break result,
                }
            };
            while let Ok(event) = events.try_recv() {
                show(&event, output);
            }
            result.unwrap_or_else(|stopped| {
                Err(Failure {
                    kind: FailureKind::Unreachable,
                    message: stopped.message,
                    help: stopped.help,
                })
            })
        })
    }
}
