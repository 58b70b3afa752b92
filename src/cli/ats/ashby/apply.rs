//! `atsctl apply <partner> --ats ashby [--webhook-url URL]`: create the manifest's webhooks in
//! Ashby with `webhook.create`, each exactly once.
//!
//! Ashby cannot list webhooks, so the library plans from a state file of what earlier runs
//! created ([`atsctl::ashby::apply::plan`]) and records an intent before each create
//! ([`atsctl::ashby::apply::create`]): a second run creates nothing, and a run killed after a
//! create resumes it with the same token, which Ashby answers as a duplicate. This module holds
//! the run's lock on that file, names the permission the key needs (API Keys write) before
//! anything is sent, shows the plan, asks (on a terminal; `--yes` otherwise), and prints each
//! new secret token once, on stdout, through [`Output::print_secret`].

use std::fmt::Write as _;
use std::sync::Arc;

use atsctl::ashby::apply::{self, ApplyPlan, Created, Outcome, PlanAction};
use atsctl::ashby::report::PartnerRef;
use atsctl::ashby::state::StateFile;
use atsctl::ashby::{ErrorKind, manifest::WEBHOOKS_PLACE};
use atsctl::http::Secret;
use atsctl::manifest::Manifest;
use atsctl::profile::{CredentialKind, SecretKey, SecretStore, SecretStores, SystemStores};

use super::session::{Connect, Session};
use crate::cli::ats::lever::apply::LeverApplyArgs as WebhookApplyArgs;
use crate::cli::output::{paint, style};
use crate::cli::prompt;
use crate::cli::table::{new_table, render};
use crate::cli::{CliError, CliResult, Exit, Output, failure};

/// How long a second `apply` for the same partner waits for the first to finish.
const RUN_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The flags `apply` shares between ATSs.
pub(crate) struct Common {
    pub(crate) yes: bool,
    pub(crate) markdown: bool,
    pub(crate) reset: bool,
}

pub(crate) fn run(manifest: &Manifest, args: &WebhookApplyArgs, common: &Common, output: &mut Output) -> CliResult {
    let Some(setup) = manifest.ashby.as_ref() else {
        return Err(CliError::usage(format!("{} has no Ashby setup", manifest.partner.name)));
    };
    if common.reset {
        return Err(CliError::usage("--reset is for the Greenhouse checklist").with_help(
            "Ashby's apply records the webhooks it creates and checks each record with Ashby on every run",
        ));
    }
    if args.region.is_some() {
        return Err(CliError::usage(
            "--region is for Lever; Ashby has one API host (ATSCTL_ASHBY_URL overrides it)",
        ));
    }
    if setup.webhooks.is_empty() {
        output.print(&format!("{} needs no webhooks in Ashby.\n", manifest.partner.name));
        return Ok(Exit::Ok);
    }
    let url = match &args.webhook_url {
        Some(text) => Some(
            apply::parse_webhook_url(text)
                .map_err(|error| CliError::usage(format!("--webhook-url: {}", error.message)))?,
        ),
        None => None,
    };
    let mut session = Session::open(
        &Connect {
            profile: args.profile.as_deref(),
            api_key_stdin: args.api_key_stdin,
            timeout: args.timeout,
            stdin_example: "printenv MY_ASHBY_KEY | atsctl apply acme-sourcing --ats ashby --api-key-stdin --yes",
        },
        args.verbose,
        output,
    )?;
    let state_file = StateFile::locate(&manifest.partner.id, session.client.base_url())
        .map_err(|error| CliError::usage(error.to_string()))?;
    let _run = state_file.hold_run(RUN_WAIT).map_err(|error| {
        CliError::usage(error.to_string()).with_help("another `atsctl apply` for this partner is running")
    })?;
    let partner = PartnerRef {
        id: manifest.partner.id.clone(),
        name: manifest.partner.name.clone(),
    };
    let plan = session
        .run(output, async |client| {
            apply::plan(setup, partner, client, &state_file, url.as_ref()).await
        })
        .map_err(failure)?;
    if common.markdown {
        output.print(&markdown(&plan));
        return Ok(Exit::Ok);
    }
    output.print(&plan_text(&plan, &session));
    let to_create = plan.create_count();
    if to_create == 0 {
        output.print(&format!(
            "\n{} every webhook is recorded and Ashby still has it; nothing to create.\n",
            paint(style::OK, "Done:")
        ));
        return Ok(Exit::Ok);
    }
    if args.dry_run {
        output.print(&format!(
            "\nDry run: {to_create} webhook(s) would be created; nothing was sent but read-only requests.\n"
        ));
        return Ok(Exit::Findings);
    }
    if !common.yes && !confirm(to_create, output)? {
        output.print("Nothing created.\n");
        return Ok(Exit::Findings);
    }
    let partner_token = partner_token(&plan)?;
    let store = if args.store_token {
        open_store(&session, output)
    } else {
        None
    };
    create_all(
        manifest,
        &plan,
        &state_file,
        partner_token.as_ref(),
        &mut session,
        store.as_ref(),
        output,
    )
}

/// The partner's own token, when the manifest says the partner supplies it: from
/// `ATSCTL_WEBHOOK_SECRET`, the variable `webhooks listen` verifies with, never from a flag.
pub(crate) fn partner_token(plan: &ApplyPlan) -> Result<Option<Secret>, CliError> {
    if !plan.to_create().any(|item| item.token_from_partner) {
        return Ok(None);
    }
    match std::env::var(atsctl::webhooks::SECRET_ENV) {
        Ok(value) if !value.trim().is_empty() => Ok(Some(Secret::new(value.trim()))),
        _ => Err(CliError::usage(format!(
            "{} supplies the secret token of its Ashby webhooks, and {} is not set",
            plan.partner.name,
            atsctl::webhooks::SECRET_ENV
        ))
        .with_help(format!(
            "set {} to the token {} gave you; atsctl never takes a secret as a flag",
            atsctl::webhooks::SECRET_ENV,
            plan.partner.name
        ))),
    }
}

pub(crate) fn plan_text(plan: &ApplyPlan, session: &Session) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} on Ashby — webhooks",
        paint(style::EMPHASIS, &plan.partner.name)
    );
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!("{} at {} ({})", session.credential, plan.api_url, session.url_source)
        )
    );
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!(
                "The key needs {} ({}) in {}; records are kept in {}",
                plan.permission.label, plan.permission.permission_id, plan.permission.place, plan.state_file
            )
        )
    );
    let mut table = new_table(&["Webhook type", "Request URL", "Action", "Note"]);
    for item in &plan.items {
        // Plain text: table cells carry no styles, since the table measures their width.
        let action = match item.action {
            PlanAction::Create => "create",
            PlanAction::Resume => "resume",
            PlanAction::Exists => "exists",
        };
        let mut note: Vec<String> = item.id.iter().map(|id| format!("id {id}")).collect();
        note.extend(item.note.iter().cloned());
        table.add_row(vec![
            item.webhook_type.clone(),
            item.request_url.clone(),
            action.to_owned(),
            note.join("; "),
        ]);
    }
    text.push_str(&render(&table, 2));
    text
}

fn confirm(count: usize, output: &mut Output) -> Result<bool, CliError> {
    if !output.stdin_is_terminal() {
        return Err(CliError::usage(format!(
            "apply would create {count} webhook(s) in Ashby, and there is no terminal to confirm it"
        ))
        .with_help("pass --yes to create them, or --dry-run to only look"));
    }
    let mut ask = prompt::for_stdin(output);
    loop {
        let answer = ask
            .line(output, &format!("Create {count} webhook(s) in Ashby? [y/N]"))
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

/// The store entry of a secret token: `<profile>/webhooks/<partner>.<type>/ashby`.
fn token_key(profile: &str, partner: &str, webhook_type: &str) -> SecretKey {
    SecretKey::new(
        &format!("{profile}/webhooks/{partner}.{webhook_type}"),
        CredentialKind::Ashby,
    )
}

/// The store for `--store-token`, opened before anything is created so its absence is said up
/// front. `None` (with a warning) when this machine has none.
fn open_store(session: &Session, output: &mut Output) -> Option<Arc<dyn SecretStore>> {
    let env_store = std::env::var(atsctl::profile::ENV_CREDENTIAL_STORE).ok();
    let opened = atsctl::lever::token::choose_store(&session.origin, env_store.as_deref())
        .and_then(|kind| SystemStores::new().open(kind).map_err(|error| error.to_string()));
    match opened {
        Ok(store) => Some(store),
        Err(reason) => {
            output.warning(&format!(
                "--store-token: the secret token cannot be stored ({reason}); it will only be printed below, so copy it then. atsctl never writes secrets to a plain file."
            ));
            None
        }
    }
}

pub(crate) fn create_all(
    manifest: &Manifest,
    plan: &ApplyPlan,
    state_file: &StateFile,
    partner_token: Option<&Secret>,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    output: &mut Output,
) -> CliResult {
    let total = plan.create_count();
    let mut created = 0usize;
    let mut refused = Vec::new();
    for item in plan.to_create() {
        output.status(&format!("Creating the {} webhook…\n", item.webhook_type));
        let token = partner_token.filter(|_| item.token_from_partner);
        let partner = &manifest.partner.id;
        let result = session.run(output, async |client| {
            apply::create(client, state_file, partner, item, token).await
        });
        let done = match result {
            Ok(done) => done,
            Err(error) if error.kind == ErrorKind::Refused => {
                output.print(&format!(
                    "{} {}: {}\n",
                    paint(style::ERROR, "✘"),
                    item.webhook_type,
                    error.message
                ));
                refused.push(item.webhook_type.clone());
                continue;
            }
            Err(error) => {
                if created > 0 {
                    output.print(&format!(
                        "\n{created} of {total} webhook(s) were created before this error; the next run resumes.\n"
                    ));
                }
                return Err(failure(error));
            }
        };
        created += 1;
        report_created(manifest, &done, session, store, output);
    }
    output.print(&format!("\n{created} of {total} webhook(s) created.\n"));
    if refused.is_empty() {
        Ok(Exit::Ok)
    } else {
        output.print(&format!(
            "Not created (Ashby refused): {}; create them by hand in {WEBHOOKS_PLACE}.\n",
            refused.join(", ")
        ));
        Ok(Exit::Findings)
    }
}

fn report_created(
    manifest: &Manifest,
    done: &Created,
    session: &Session,
    store: Option<&Arc<dyn SecretStore>>,
    output: &mut Output,
) {
    let id = done.id.as_deref().map_or_else(String::new, |id| format!(" (id {id})"));
    let how = match done.outcome {
        Outcome::Created => "created",
        Outcome::Recovered => "created by an earlier request whose answer was lost; Ashby refused the duplicate",
        Outcome::AlreadyExisted => "already existed in Ashby, made outside atsctl; its token is unknown to atsctl",
    };
    output.print(&format!(
        "\n{} {} webhook {how}{id}\n",
        paint(style::OK, "✔"),
        done.webhook_type
    ));
    if done.enabled == Some(false) {
        output.warning(&format!(
            "the {} webhook is disabled: Ashby's ping of {} failed. Fix the endpoint, then enable it in {WEBHOOKS_PLACE}",
            done.webhook_type, done.request_url
        ));
    }
    if let Some(note) = &done.note {
        output.print(&format!("  {note}\n"));
    }
    let Some(token) = &done.secret_token else { return };
    if !done.token_generated {
        output.print(&format!(
            "  Signed with the token {} supplied ({}).\n",
            manifest.partner.name,
            atsctl::webhooks::SECRET_ENV
        ));
        return;
    }
    output.print(&format!(
        "\n{}\n    ",
        paint(
            style::HEADING,
            &format!("Secret token for {} (shown once; copy it now):", done.webhook_type)
        )
    ));
    // The one secret atsctl prints, on purpose: everything else written is redacted.
    output.print_secret(token);
    output.print(&format!(
        "\n  Give it to {}: it verifies Ashby's deliveries with it. To verify them yourself, set it as \
         {} for `atsctl webhooks listen` / `atsctl webhooks verify`.\n",
        manifest.partner.name,
        atsctl::webhooks::SECRET_ENV
    ));
    if let Some(store) = store {
        let key = token_key(&session.profile, &manifest.partner.id, &done.webhook_type);
        match store.set(&key, token) {
            Ok(()) => output.print(&format!(
                "  Stored in {} (service atsctl, account {}).\n",
                store.kind().display_name(),
                key.user()
            )),
            Err(error) => output.warning(&format!(
                "the secret token of {} was not stored: {error}; copy it from the output above",
                done.webhook_type
            )),
        }
    }
}

/// The plan as a Markdown checklist for the Ashby admin; nothing is created.
fn markdown(plan: &ApplyPlan) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# {}: Ashby webhooks\n", plan.partner.name);
    let _ = writeln!(
        text,
        "The API key needs **{}** (`{}`) in {}.\n",
        plan.permission.label, plan.permission.permission_id, plan.permission.place
    );
    for item in &plan.items {
        let done = item.action == PlanAction::Exists;
        let _ = writeln!(
            text,
            "- [{}] **{}** webhook to `{}`{}",
            if done { "x" } else { " " },
            item.webhook_type,
            item.request_url,
            if done { " (exists)" } else { "" }
        );
    }
    text
}
