//! `atsctl apply <partner> --ats lever --webhook-url URL`: create the manifest's webhooks in
//! Lever through its API, each exactly once.
//!
//! The run lists the existing webhooks, shows what it will create and what already exists, asks
//! (on a terminal; `--yes` otherwise), then creates the missing ones one by one. Lever has no
//! idempotency key, so the library de-duplicates by URL + event and checks by listing after any
//! ambiguous failure: a second run creates nothing, an interrupted run resumes without
//! duplicates (reference README, "Lever").
//!
//! Each new webhook's signature token is printed once, on stdout, labelled; with
//! `--store-token` it is also filed in the OS credential store when there is one. It never goes
//! to stderr, where progress and logs go. Finally the toggle a Super Admin must switch on is
//! named: no API can do that part.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use atsctl::lever::apply::{self, ApplyPlan, Outcome, PlanAction};
use atsctl::lever::{ErrorKind, TOGGLE_PLACE, token, webhook_url};
use atsctl::manifest::Manifest;
use atsctl::profile::{SecretStore, SecretStores, SystemStores};
use url::Url;

use super::session::{Connect, RegionArg, Session};
use crate::cli::failure;
use crate::cli::output::{paint, style};
use crate::cli::prompt;
use crate::cli::table::{new_table, render};
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
pub(crate) struct Common {
    pub(crate) yes: bool,
    pub(crate) markdown: bool,
    pub(crate) reset: bool,
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
    if setup.webhooks.is_empty() {
        output.print(&format!("{} needs no webhooks in Lever.\n", manifest.partner.name));
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
    let plan = session
        .run(output, async |client| apply::plan(manifest, client, &url).await)
        .map_err(failure)?;
    if common.markdown {
        output.print(&markdown(&plan));
        return Ok(Exit::Ok);
    }
    output.print(&plan_text(&plan, &session));
    let to_create = plan.create_count();
    if to_create == 0 {
        output.print(&format!(
            "\n{} every webhook already exists; nothing to create.\n",
            paint(style::OK, "Done:")
        ));
        output.print(&toggles_text(&plan));
        return Ok(Exit::Ok);
    }
    if args.dry_run {
        output.print(&format!(
            "\nDry run: {to_create} webhook(s) would be created; nothing was sent but GETs.\n"
        ));
        return Ok(Exit::Findings);
    }
    if !common.yes && !confirm(to_create, output)? {
        output.print("Nothing created.\n");
        return Ok(Exit::Findings);
    }
    let store = if args.store_token {
        open_store(&session, output)
    } else {
        None
    };
    create_all(manifest, &plan, &url, &mut session, store.as_ref(), output)
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

pub(crate) fn plan_text(plan: &ApplyPlan, session: &Session) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} on Lever — webhooks delivering to {}",
        paint(style::EMPHASIS, &plan.partner.name),
        plan.webhook_url
    );
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!("{} at {} ({})", session.credential, plan.api_url, session.url_source)
        )
    );
    let mut table = new_table(&["Event", "Action", "Note"]);
    for item in &plan.items {
        // Plain text: table cells carry no styles, since the table measures their width.
        let action = match item.action {
            PlanAction::Create => "create",
            PlanAction::Exists => "exists",
        }
        .to_owned();
        let mut note = Vec::new();
        if let Some(first) = item.existing.first() {
            note.push(format!("id {}", first.id));
        }
        if item.existing.len() > 1 {
            note.push(format!(
                "{} identical webhooks: each event is delivered {} times",
                item.existing.len(),
                item.existing.len()
            ));
        }
        if !item.elsewhere.is_empty() {
            note.push(format!("{} more at other URLs (left alone)", item.elsewhere.len()));
        }
        table.add_row(vec![item.event.clone(), action, note.join("; ")]);
    }
    text.push_str(&render(&table, 2));
    if plan.skipped_records > 0 {
        let _ = writeln!(
            text,
            "  {}",
            paint(
                style::DIM,
                &format!(
                    "{} webhook record(s) without id, url or event were ignored",
                    plan.skipped_records
                )
            )
        );
    }
    text
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

pub(crate) fn create_all(
    manifest: &Manifest,
    plan: &ApplyPlan,
    url: &Url,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    output: &mut Output,
) -> CliResult {
    let total = plan.create_count();
    let mut created = 0usize;
    let mut refused = Vec::new();
    for item in plan.to_create() {
        output.status(&format!("Creating the {} webhook…\n", item.event));
        let result = session.run(output, async |client| apply::create(client, url, &item.event).await);
        let done = match result {
            Ok(done) => done,
            Err(error) if error.kind == ErrorKind::Refused => {
                output.print(&format!(
                    "{} {}: {}\n",
                    paint(style::ERROR, "✘"),
                    item.event,
                    error.message
                ));
                refused.push(item.event.clone());
                continue;
            }
            Err(error) => {
                if created > 0 {
                    output.print(&format!(
                        "\n{created} of {total} webhook(s) were created before this error.\n"
                    ));
                }
                return Err(failure(error));
            }
        };
        created += 1;
        let id = done.id.as_deref().map_or_else(String::new, |id| format!(" (id {id})"));
        let how = match done.outcome {
            Outcome::Created => String::new(),
            Outcome::Recovered => " — its answer was lost, and listing found it, so it was not sent again".to_owned(),
        };
        output.print(&format!(
            "\n{} {} webhook created{id}{how}\n",
            paint(style::OK, "✔"),
            item.event
        ));
        match &done.signature_token {
            Some(signature_token) => {
                output.print(&format!(
                    "\n{}\n    ",
                    paint(
                        style::HEADING,
                        &format!("Signature token for {} (shown once; copy it now):", item.event)
                    )
                ));
                // The one secret atsctl prints, on purpose: everything else written is redacted.
                output.print_secret(signature_token);
                output.print(&format!(
                    "\n  Give it to {}: it verifies Lever's deliveries with it. To verify them yourself, set it as \
                     ATSCTL_WEBHOOK_SECRET for `atsctl webhooks listen` / `atsctl webhooks verify`.\n",
                    manifest.partner.name
                ));
                if let Some(store) = store {
                    let key = token::key(&session.profile, &manifest.partner.id, &item.event);
                    match store.set(&key, signature_token) {
                        Ok(()) => output.print(&format!(
                            "  Stored in {} (service atsctl, account {}).\n",
                            store.kind().display_name(),
                            key.user()
                        )),
                        Err(error) => output.warning(&format!(
                            "the signature token of {} was not stored: {error}; copy it from the output above",
                            item.event
                        )),
                    }
                }
            }
            None => output.print(&format!(
                "  Lever's answer carried no signature token; find it with the webhook in Lever ({TOGGLE_PLACE}).\n"
            )),
        }
    }
    output.print(&format!("\n{created} of {total} webhook(s) created.\n"));
    output.print(&toggles_text(plan));
    if refused.is_empty() {
        Ok(Exit::Ok)
    } else {
        output.print(&format!("Not created (Lever refused): {}\n", refused.join(", ")));
        Ok(Exit::Findings)
    }
}

/// What only a Lever Super Admin can do.
pub(crate) fn toggles_text(plan: &ApplyPlan) -> String {
    let mut text = String::new();
    for item in &plan.items {
        let _ = writeln!(
            text,
            "\n{} a Lever Super Admin must switch on \"{}\" in {TOGGLE_PLACE}. Lever sends nothing until then, and no API can switch it.",
            paint(style::WARNING, "Next:"),
            item.toggle_label
        );
    }
    text
}

/// The plan as a Markdown checklist for the Lever admin; nothing is created.
fn markdown(plan: &ApplyPlan) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# {}: Lever webhooks\n", plan.partner.name);
    let _ = writeln!(text, "Delivering to `{}`.\n", plan.webhook_url);
    for item in &plan.items {
        let done = item.action == PlanAction::Exists;
        let _ = writeln!(
            text,
            "- [{}] **{}** webhook{}",
            if done { "x" } else { " " },
            item.event,
            if done { " (exists)" } else { "" }
        );
        let _ = writeln!(
            text,
            "- [ ] A Super Admin switches on *{}* in **{TOGGLE_PLACE}**",
            item.toggle_label
        );
    }
    text
}
