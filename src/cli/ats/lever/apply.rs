//! `atsctl apply <partner> --ats lever --webhook-url URL`: create the manifest's webhooks in
//! Lever through its API, each exactly once.
//!
//! The run lists the existing webhooks, shows what it will create and what already exists, asks
//! (on a terminal; `--yes` otherwise), then creates the missing ones one by one. Lever has no
//! idempotency key, so the library de-duplicates by URL + event and checks by listing after any
//! ambiguous failure: a second run creates nothing, an interrupted run resumes without
//! duplicates (reference README, "Lever").
//!
//! Each new webhook's signature token is printed once, on stdout, labelled, at a terminal; with
//! `--store-token` it is also filed in the OS credential store when there is one. It never goes
//! to stderr, where progress and logs go, nor into JSON (Lever shows it with the webhook).
//! Finally the toggle a Super Admin must switch on is named: no API can do that part.
//!
//! What the run comes to is an [`ApplyOutcome`], shown as `atsctl::document::apply_outcome_document`
//! in every format; `--format json` prints the outcome with its verdict.

use std::sync::Arc;
use std::time::Duration;

use atsctl::ats::Failure;
use atsctl::document::{self, Document};
use atsctl::guided::{ApplyItem, ApplyMethod, ApplyOutcome, FailureSummary, ItemStatus};
use atsctl::lever::apply::{self, ApplyPlan, Outcome, PlanAction};
use atsctl::lever::seam::ATS;
use atsctl::lever::{ErrorKind, TOGGLE_PLACE, token, webhook_url};
use atsctl::manifest::Manifest;
use atsctl::profile::{SecretStore, SecretStores, SystemStores};
use url::Url;

use super::session::{Connect, RegionArg, Session};
use crate::cli::apply::{ApplyFormat, exit_of, print_outcome};
use crate::cli::output::layout_width;
use crate::cli::prompt;
use crate::cli::render::{self, DocumentFormat};
use crate::cli::{CliError, CliResult, Exit, Output};

/// Flags only `--ats lever` uses.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Lever and Ashby (--ats lever, --ats ashby)")]
pub(crate) struct LeverApplyArgs {
    /// The HTTPS URL Lever or Ashby delivers the webhooks to (the partner gives it). Required
    /// unless the manifest fixes one; plain http:// only to a loopback host (tests, demos).
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// Show what would be created and what already exists, and send only read-only requests.
    /// Exit 1 when something would be created.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Also keep each new webhook's signature (Lever) or secret (Ashby) token in the OS
    /// credential store (service `atsctl`, account `<profile>/webhooks/<partner>.<event>/<ats>`),
    /// when this machine has one. It is printed either way.
    #[arg(long)]
    pub(crate) store_token: bool,
    /// The Lever account's region, which picks the API host: us (api.lever.co) or eu
    /// (api.eu.lever.co). ATSCTL_LEVER_URL sets the URL itself.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
    /// The profile whose API key to use when ATSCTL_LEVER_API_KEY / ATSCTL_ASHBY_API_KEY and
    /// --api-key-stdin give none (default: the `default` profile, if there is one).
    #[arg(long, value_name = "NAME", env = "ATSCTL_PROFILE")]
    pub(crate) profile: Option<String>,
    /// Read the API key from stdin (then stdin cannot confirm: add --yes).
    #[arg(long)]
    pub(crate) api_key_stdin: bool,
    /// Show each request to the ATS on stderr (-v), and error bodies (-vv). Secrets never are.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Time limit for each phase that talks to the ATS (listing, then each create), waits for rate
    /// limits included: `60`, `2.5s`, `500ms`. Each request also gives up after 10 s.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = crate::cli::duration_arg::parse_timeout)]
    pub(crate) timeout: Duration,
}

/// The flags `apply` shares between ATSs.
pub(crate) struct Common<'a> {
    pub(crate) yes: bool,
    pub(crate) format: ApplyFormat,
    pub(crate) reset: bool,
    /// Of the manifest, for the documents printed.
    pub(crate) fingerprint: &'a str,
}

pub(crate) fn run(manifest: &Manifest, args: &LeverApplyArgs, common: &Common, output: &mut Output) -> CliResult {
    let Some(setup) = manifest.lever.as_ref() else {
        return Err(CliError::usage(format!("{} has no Lever setup", manifest.partner.name)));
    };
    if common.reset {
        return Err(CliError::usage("--reset is for the Greenhouse checklist").with_help(
            "Lever's apply keeps no progress file: every run lists the webhooks and creates only what is missing",
        ));
    }
    let export = matches!(common.format, ApplyFormat::Markdown | ApplyFormat::Html);
    if export && common.yes {
        return Err(CliError::usage(
            "--yes creates webhooks, and --format markdown|html only prints what would be created",
        )
        .with_help("drop --format to create them (or use --format json for a script)"));
    }
    if setup.webhooks.is_empty() {
        let outcome = ApplyOutcome {
            items: Vec::new(),
            ..empty_outcome(manifest, None)
        };
        print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
        return Ok(Exit::Ok);
    }
    let url = target_url(manifest, args)?;
    let mut session = Session::open(
        &Connect {
            profile: args.profile.as_deref(),
            api_key_stdin: args.api_key_stdin,
            region: args.region,
            timeout: args.timeout,
        },
        args.verbose,
        output,
    )?;
    let plan = match session.run(output, async |client| apply::plan(manifest, client, &url).await) {
        Ok(plan) => plan,
        Err(error) => {
            let failure = Failure::from(error);
            let outcome = ApplyOutcome {
                items: setup
                    .webhooks
                    .iter()
                    .map(|webhook| ApplyItem {
                        key: webhook.event.event.clone(),
                        label: webhook.event.toggle_label.clone(),
                        status: ItemStatus::Missing,
                        id: None,
                        notes: Vec::new(),
                    })
                    .collect(),
                failure: Some(FailureSummary::from(&failure)),
                ..empty_outcome(manifest, Some(url.to_string()))
            };
            if common.format != ApplyFormat::Text {
                print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
            }
            return Err(CliError::from(failure));
        }
    };
    output.status(&format!(
        "{} at {} ({})\n",
        session.credential, plan.api_url, session.url_source
    ));
    if plan.skipped_records > 0 {
        output.warning(&format!(
            "{} webhook record(s) without id, url or event were ignored",
            plan.skipped_records
        ));
    }
    let to_create = plan.create_count();
    // Nothing is created without --yes or a terminal's answer; a format for another reader
    // asks nothing, so it shows the plan.
    let creates = to_create > 0 && !args.dry_run && !export && (common.format == ApplyFormat::Text || common.yes);
    if !creates {
        let outcome = planned(&plan, true);
        print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
        return exit_of(&outcome);
    }
    if common.format == ApplyFormat::Text {
        output.print(&plan_text_of(&plan, common.fingerprint));
        output.print("\n");
        if !common.yes && !confirm(to_create, output)? {
            output.print("Nothing created.\n");
            return Ok(Exit::Findings);
        }
    }
    let store = if args.store_token {
        open_store(&session, output)
    } else {
        None
    };
    let shows_tokens = common.format == ApplyFormat::Text;
    let outcome = create_each(
        manifest,
        &plan,
        &url,
        &mut session,
        store.as_ref(),
        shows_tokens,
        output,
    );
    if shows_tokens {
        output.print("\n");
    }
    print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
    exit_of(&outcome)
}

fn outcome_document(outcome: &ApplyOutcome, common: &Common) -> Document {
    document::apply_outcome_document(outcome, common.fingerprint)
}

/// An outcome of `manifest` on Lever with no items yet.
fn empty_outcome(manifest: &Manifest, target: Option<String>) -> ApplyOutcome {
    ApplyOutcome::start(manifest, ATS, ApplyMethod::Api, target)
}

/// The plan as an outcome: each webhook there already or still to create, and the toggles.
fn planned(plan: &ApplyPlan, dry_run: bool) -> ApplyOutcome {
    let items = plan
        .items
        .iter()
        .map(|item| {
            let mut notes = Vec::new();
            if item.existing.len() > 1 {
                notes.push(format!(
                    "{} identical webhooks: each event is delivered {} times",
                    item.existing.len(),
                    item.existing.len()
                ));
            }
            if !item.elsewhere.is_empty() {
                notes.push(format!("{} more at other URLs (left alone)", item.elsewhere.len()));
            }
            ApplyItem {
                key: item.event.clone(),
                label: item.toggle_label.clone(),
                status: match item.action {
                    PlanAction::Create => ItemStatus::Missing,
                    PlanAction::Exists => ItemStatus::Exists,
                },
                id: item.existing.first().map(|webhook| webhook.id.clone()),
                notes,
            }
        })
        .collect();
    ApplyOutcome {
        partner_id: plan.partner.id.clone(),
        partner_name: plan.partner.name.clone(),
        ats: ATS,
        method: ApplyMethod::Api,
        dry_run,
        target: Some(plan.webhook_url.clone()),
        items,
        next_steps: plan
            .items
            .iter()
            .map(|item| {
                format!(
                    "A Lever Super Admin switches on \"{}\" in {TOGGLE_PLACE}: Lever sends nothing until then, and no \
                     API can switch it.",
                    item.toggle_label
                )
            })
            .collect(),
        failure: None,
        confirmed_this_run: 0,
    }
}

/// What is there and what will be created, before anything is: the result table of the plan,
/// for a terminal at the layout width.
pub(crate) fn plan_text(plan: &ApplyPlan, _session: &Session) -> String {
    plan_text_of(plan, "")
}

/// [`plan_text`] for the manifest with `fingerprint`.
fn plan_text_of(plan: &ApplyPlan, fingerprint: &str) -> String {
    let outcome = ApplyOutcome {
        next_steps: Vec::new(),
        ..planned(plan, true)
    };
    render::render(
        &document::apply_outcome_document(&outcome, fingerprint),
        DocumentFormat::Terminal,
        layout_width(),
    )
}

/// `--webhook-url`, else the manifest's fixed URL; checked to be HTTPS.
fn target_url(manifest: &Manifest, args: &LeverApplyArgs) -> Result<Url, CliError> {
    let fixed = manifest.lever.as_ref().and_then(|setup| {
        setup
            .webhooks
            .iter()
            .find_map(|webhook| webhook.endpoint.as_ref()?.url.clone())
    });
    let Some(text) = args.webhook_url.clone().or(fixed) else {
        let instructions = manifest.lever.as_ref().and_then(|setup| {
            setup
                .webhooks
                .iter()
                .find_map(|webhook| webhook.endpoint.as_ref()?.instructions.clone())
        });
        let mut error =
            CliError::usage("--webhook-url is required: the manifest names no fixed URL for the Lever webhooks");
        error = error.with_help(match instructions {
            Some(instructions) => format!("where to find it: {}", instructions.trim()),
            None => format!(
                "ask {} for the URL their Lever webhooks should deliver to",
                manifest.partner.name
            ),
        });
        return Err(error);
    };
    webhook_url::parse(&text).map_err(|problem| CliError::usage(format!("--webhook-url: {problem}")))
}

fn confirm(count: usize, output: &mut Output) -> Result<bool, CliError> {
    if !output.stdin_is_terminal() {
        return Err(CliError::usage(format!(
            "apply would create {count} webhook(s) in Lever, and there is no terminal to confirm it"
        ))
        .with_help("pass --yes to create them, or --dry-run to only look"));
    }
    let mut ask = prompt::for_stdin(output);
    loop {
        let answer = ask
            .line(output, &format!("Create {count} webhook(s) in Lever? [y/N]"))
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

/// The store for `--store-token`, opened before anything is created so its absence is said up
/// front. `None` (with a warning) when this machine has none.
fn open_store(session: &Session, output: &mut Output) -> Option<Arc<dyn SecretStore>> {
    let env_store = std::env::var(atsctl::profile::ENV_CREDENTIAL_STORE).ok();
    let opened = token::choose_store(&session.origin, env_store.as_deref())
        .and_then(|kind| SystemStores::new().open(kind).map_err(|error| error.to_string()));
    match opened {
        Ok(store) => Some(store),
        Err(reason) => {
            output.warning(&format!(
                "--store-token: the signature token cannot be stored ({reason}); it will only be printed below, so copy it then. atsctl never writes secrets to a plain file."
            ));
            None
        }
    }
}

/// Creates each missing webhook of `plan` and says what became of each. Tokens are printed (at a
/// terminal, `shows_tokens`) as each is created, and filed in `store` when given.
fn create_each(
    manifest: &Manifest,
    plan: &ApplyPlan,
    url: &Url,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    shows_tokens: bool,
    output: &mut Output,
) -> ApplyOutcome {
    let mut outcome = planned(plan, false);
    for item in &mut outcome.items {
        if item.status != ItemStatus::Missing {
            continue;
        }
        output.status(&format!("Creating the {} webhook…\n", item.key));
        let result = session.run(output, async |client| apply::create(client, url, &item.key).await);
        let done = match result {
            Ok(done) => done,
            Err(error) if error.kind == ErrorKind::Refused => {
                item.status = ItemStatus::Refused;
                item.notes.push(error.message.clone());
                continue;
            }
            Err(error) => {
                outcome.failure = Some(FailureSummary::from(&Failure::from(error)));
                break;
            }
        };
        item.status = match done.outcome {
            Outcome::Created => ItemStatus::Created,
            Outcome::Recovered => {
                item.notes
                    .push("its answer was lost, and listing found it, so it was not sent again".to_owned());
                ItemStatus::Recovered
            }
        };
        item.id.clone_from(&done.id);
        let Some(signature_token) = &done.signature_token else {
            item.notes.push(format!(
                "Lever's answer carried no signature token; find it with the webhook in Lever ({TOGGLE_PLACE})"
            ));
            continue;
        };
        if shows_tokens {
            let heading = document::Section {
                id: "section-token".to_owned(),
                number: None,
                heading: format!("Signature token for {} (shown once; copy it now):", item.key),
                blocks: Vec::new(),
            };
            output.print(&format!("\n{}    ", render::terminal_section(&heading, output.width())));
            // The one secret atsctl prints, on purpose: everything else written is redacted.
            output.print_secret(signature_token);
            output.print("\n");
            item.notes.push(format!(
                "signature token: printed above, once. Give it to {}, who verifies Lever's deliveries with it; to \
                 verify them yourself, set it as ATSCTL_WEBHOOK_SECRET for `atsctl webhooks listen|verify`",
                manifest.partner.name
            ));
        } else {
            item.notes.push(format!(
                "signature token: not printed here; Lever shows it with the webhook ({TOGGLE_PLACE})"
            ));
        }
        if let Some(store) = store {
            let key = token::key(&session.profile, &manifest.partner.id, &item.key);
            match store.set(&key, signature_token) {
                Ok(()) => item.notes.push(format!(
                    "signature token stored in {} (service atsctl, account {})",
                    store.kind().display_name(),
                    key.user()
                )),
                Err(error) => output.warning(&format!(
                    "the signature token of {} was not stored: {error}; copy it from the output above",
                    item.key
                )),
            }
        }
    }
    outcome
}

/// Creates each missing webhook of `plan`, printing each token once, then the outcome, at a
/// terminal (`setup` runs this too). The exit code is the outcome's.
pub(crate) fn create_all(
    manifest: &Manifest,
    plan: &ApplyPlan,
    url: &Url,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    output: &mut Output,
) -> CliResult {
    let outcome = create_each(manifest, plan, url, session, store, true, output);
    let document = document::apply_outcome_document(&outcome, "");
    output.print(&format!(
        "\n{}",
        render::render(&document, DocumentFormat::Terminal, output.width())
    ));
    exit_of(&outcome)
}

/// What only a Lever Super Admin can do, as the outcome document shows it.
pub(crate) fn toggles_text(plan: &ApplyPlan) -> String {
    let document = document::apply_outcome_document(&planned(plan, false), "");
    document
        .sections
        .iter()
        .filter(|section| section.id == "section-next")
        .map(|section| format!("\n{}", render::terminal_section(section, layout_width())))
        .collect()
}
