//! `atsctl apply <partner> --ats ashby [--webhook-url URL]`: create the manifest's webhooks in
//! Ashby with `webhook.create`, each exactly once.
//!
//! Ashby cannot list webhooks, so the library plans from a state file of what earlier runs
//! created ([`atsctl::ashby::apply::plan`]) and records an intent before each create
//! ([`atsctl::ashby::apply::create`]): a second run creates nothing, and a run killed after a
//! create resumes it with the same token, which Ashby answers as a duplicate. This module holds
//! the run's lock on that file, names the permission the key needs (API Keys write) before
//! anything is sent, shows the plan, asks (on a terminal; `--yes` otherwise), and prints each
//! new secret token once, on stdout, through [`Output::print_secret`] — at a terminal only,
//! never in JSON.
//!
//! What the run comes to is an [`ApplyOutcome`] (the same as Lever's), shown as
//! `atsctl::document::apply_outcome_document` in every format; `--format json` prints the
//! outcome with its verdict.

use std::sync::Arc;

use atsctl::ashby::apply::{self, ApplyPlan, Outcome, PlanAction, PlanItem};
use atsctl::ashby::report::PartnerRef;
use atsctl::ashby::seam::ATS;
use atsctl::ashby::state::StateFile;
use atsctl::ashby::{ErrorKind, manifest::WEBHOOKS_PLACE};
use atsctl::ats::Failure;
use atsctl::document::{self, Document};
use atsctl::guided::{ApplyItem, ApplyMethod, ApplyOutcome, FailureSummary, ItemStatus};
use atsctl::http::Secret;
use atsctl::manifest::Manifest;
use atsctl::profile::{SecretKey, SecretStore, SecretStores, SystemStores};
use atsctl::webhooks::SECRET_ENV;

use super::session::{Connect, Session};
use crate::cli::apply::{ApplyFormat, exit_of, print_outcome};
use crate::cli::ats::lever::apply::LeverApplyArgs as WebhookApplyArgs;
use crate::cli::output::layout_width;
use crate::cli::prompt;
use crate::cli::render::{self, DocumentFormat};
use crate::cli::{CliError, CliResult, Exit, Output};

/// How long a second `apply` for the same partner waits for the first to finish.
const RUN_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// The flags `apply` shares between ATSs.
pub(crate) struct Common<'a> {
    pub(crate) yes: bool,
    pub(crate) format: ApplyFormat,
    pub(crate) reset: bool,
    /// Of the manifest, for the documents printed.
    pub(crate) fingerprint: &'a str,
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
    let export = matches!(common.format, ApplyFormat::Markdown | ApplyFormat::Html);
    if export && common.yes {
        return Err(CliError::usage(
            "--yes creates webhooks, and --format markdown|html only prints what would be created",
        )
        .with_help("drop --format to create them (or use --format json for a script)"));
    }
    if setup.webhooks.is_empty() {
        let outcome = empty_outcome(manifest, None);
        print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
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
    let plan = match session.run(output, async |client| {
        apply::plan(setup, partner, client, &state_file, url.as_ref()).await
    }) {
        Ok(plan) => plan,
        Err(error) => {
            let failure = Failure::from(error);
            let outcome = ApplyOutcome {
                items: setup
                    .webhooks
                    .iter()
                    .map(|webhook| ApplyItem {
                        key: webhook.webhook_type.name.clone(),
                        label: webhook.webhook_type.name.clone(),
                        status: ItemStatus::Missing,
                        id: None,
                        notes: Vec::new(),
                    })
                    .collect(),
                failure: Some(FailureSummary::from(&failure)),
                ..empty_outcome(manifest, url.as_ref().map(ToString::to_string))
            };
            if common.format != ApplyFormat::Text {
                print_outcome(&outcome, &outcome_document(&outcome, common), common.format, output);
            }
            return Err(CliError::from(failure));
        }
    };
    output.status(&format!(
        "{} at {} ({})\nCreated webhooks are recorded in {}\n",
        session.credential, plan.api_url, session.url_source, plan.state_file
    ));
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
    let partner_token = partner_token(&plan)?;
    let store = if args.store_token {
        open_store(&session, output)
    } else {
        None
    };
    let shows_tokens = common.format == ApplyFormat::Text;
    if !shows_tokens && store.is_none() && plan.to_create().any(|item| !item.token_from_partner) {
        // Ashby never shows a token again (webhook.info has none), so say it before creating.
        output.warning(&format!(
            "--format json prints no secret token, and none will be stored (--store-token keeps them in the \
             credential store): to verify deliveries, set a new secret token on each webhook created, in \
             {WEBHOOKS_PLACE}"
        ));
    }
    let outcome = create_each(
        manifest,
        &plan,
        &state_file,
        partner_token.as_ref(),
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

/// An outcome of `manifest` on Ashby with no items yet.
fn empty_outcome(manifest: &Manifest, target: Option<String>) -> ApplyOutcome {
    ApplyOutcome::start(manifest, ATS, ApplyMethod::Api, target)
}

/// The one request URL every webhook of `plan` delivers to, when they share one.
fn shared_url(plan: &ApplyPlan) -> Option<String> {
    let first = plan.items.first()?;
    plan.items
        .iter()
        .all(|item| item.request_url == first.request_url)
        .then(|| first.request_url.clone())
}

/// The plan as an outcome: each webhook recorded and still in Ashby, or still to create.
fn planned(plan: &ApplyPlan, dry_run: bool) -> ApplyOutcome {
    let target = shared_url(plan);
    let items = plan
        .items
        .iter()
        .map(|item| ApplyItem {
            key: item.webhook_type.clone(),
            // Ashby's UI labels for the types are unknown; its "Webhook Type" dropdown spells
            // them as the API does (reference README, "Ashby").
            label: item.webhook_type.clone(),
            status: match item.action {
                PlanAction::Exists => ItemStatus::Exists,
                PlanAction::Create | PlanAction::Resume => ItemStatus::Missing,
            },
            id: item.id.clone(),
            notes: plan_notes(item, target.is_none(), &plan.partner.name),
        })
        .collect();
    let mut outcome = ApplyOutcome {
        partner_id: plan.partner.id.clone(),
        partner_name: plan.partner.name.clone(),
        ats: ATS,
        method: ApplyMethod::Api,
        dry_run,
        target,
        items,
        next_steps: Vec::new(),
        failure: None,
        confirmed_this_run: 0,
    };
    let disabled: Vec<String> = plan
        .items
        .iter()
        .filter(|item| item.enabled == Some(false))
        .map(|item| item.webhook_type.clone())
        .collect();
    outcome.next_steps = next_steps(&outcome, plan, &disabled);
    outcome
}

/// What a person should know about one planned webhook: its URL when the webhooks have
/// several, the library's note (resume, undocumented type, disabled, ...) and, for one still to
/// create, where its secret token comes from.
fn plan_notes(item: &PlanItem, own_url: bool, partner_name: &str) -> Vec<String> {
    let mut notes = url_note(item, own_url);
    if item.action == PlanAction::Resume {
        notes.push("resumes the create an earlier run left unfinished".to_owned());
    }
    notes.extend(item.note.iter().cloned());
    if item.action != PlanAction::Exists {
        notes.push(if item.token_from_partner {
            format!("secret token: {partner_name}'s own, from {SECRET_ENV}")
        } else {
            "secret token: generated by atsctl".to_owned()
        });
    }
    notes
}

/// The webhook's request URL as a note, when the outcome has no one target.
fn url_note(item: &PlanItem, own_url: bool) -> Vec<String> {
    if own_url {
        vec![format!("to {}", item.request_url)]
    } else {
        Vec::new()
    }
}

/// What only a person can do in Ashby, given the items' states and the `disabled` webhooks.
fn next_steps(outcome: &ApplyOutcome, plan: &ApplyPlan, disabled: &[String]) -> Vec<String> {
    let mut steps = Vec::new();
    if outcome.count(ItemStatus::Missing) > 0 {
        let permission = &plan.permission;
        steps.push(format!(
            "Make sure the API key has {} ({}) in {}: webhook.create needs it.",
            permission.label, permission.permission_id, permission.place
        ));
    }
    let refused: Vec<&str> = outcome
        .items
        .iter()
        .filter(|item| item.status == ItemStatus::Refused)
        .map(|item| item.key.as_str())
        .collect();
    if !refused.is_empty() {
        steps.push(format!(
            "Create the webhook(s) Ashby refused ({}) by hand in {WEBHOOKS_PLACE}, with the type and request URL \
             above.",
            refused.join(", ")
        ));
    }
    for webhook_type in disabled {
        steps.push(format!(
            "Fix the endpoint of the {webhook_type} webhook, then enable it in {WEBHOOKS_PLACE}: Ashby disabled it \
             when its ping failed."
        ));
    }
    steps
}

/// What is there and what will be created, before anything is: the plan document, for a
/// terminal at the layout width (`setup` shows it too).
pub(crate) fn plan_text(plan: &ApplyPlan, _session: &Session) -> String {
    plan_text_of(plan, "")
}

/// [`plan_text`] for the manifest with `fingerprint`.
fn plan_text_of(plan: &ApplyPlan, fingerprint: &str) -> String {
    render::render(
        &document::apply_outcome_document(&planned(plan, true), fingerprint),
        DocumentFormat::Terminal,
        layout_width(),
    )
}

/// The partner's own token, when the manifest says the partner supplies it: from
/// `ATSCTL_WEBHOOK_SECRET`, the variable `webhooks listen` verifies with, never from a flag.
pub(crate) fn partner_token(plan: &ApplyPlan) -> Result<Option<Secret>, CliError> {
    if !plan.to_create().any(|item| item.token_from_partner) {
        return Ok(None);
    }
    match std::env::var(SECRET_ENV) {
        Ok(value) if !value.trim().is_empty() => Ok(Some(Secret::new(value.trim()))),
        _ => Err(CliError::usage(format!(
            "{} supplies the secret token of its Ashby webhooks, and {SECRET_ENV} is not set",
            plan.partner.name,
        ))
        .with_help(format!(
            "set {SECRET_ENV} to the token {} gave you; atsctl never takes a secret as a flag",
            plan.partner.name
        ))),
    }
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
        atsctl::ashby::credential::KIND,
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

/// Creates each missing webhook of `plan`, printing each token once, then the outcome, at a
/// terminal (`setup` runs this too). The exit code is the outcome's.
pub(crate) fn create_all(
    manifest: &Manifest,
    plan: &ApplyPlan,
    state_file: &StateFile,
    partner_token: Option<&Secret>,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    output: &mut Output,
) -> CliResult {
    let outcome = create_each(manifest, plan, state_file, partner_token, session, store, true, output);
    let document = document::apply_outcome_document(&outcome, "");
    output.print(&format!(
        "\n{}",
        render::render(&document, DocumentFormat::Terminal, output.width())
    ));
    exit_of(&outcome)
}

/// Creates each missing webhook of `plan` and says what became of each. Generated tokens are
/// printed (at a terminal, `shows_tokens`) as each is created, and filed in `store` when given.
#[allow(clippy::too_many_arguments)]
fn create_each(
    manifest: &Manifest,
    plan: &ApplyPlan,
    state_file: &StateFile,
    partner_token: Option<&Secret>,
    session: &mut Session,
    store: Option<&Arc<dyn SecretStore>>,
    shows_tokens: bool,
    output: &mut Output,
) -> ApplyOutcome {
    let mut outcome = planned(plan, false);
    let mut disabled: Vec<String> = Vec::new();
    let mut tokens_shown = false;
    let partner = &manifest.partner;
    // `planned` keeps the plan's order, one item per plan item.
    for (item, planned_item) in outcome.items.iter_mut().zip(&plan.items) {
        if item.status != ItemStatus::Missing {
            if planned_item.enabled == Some(false) {
                disabled.push(item.key.clone());
            }
            continue;
        }
        output.status(&format!("Creating the {} webhook…\n", item.key));
        let token = partner_token.filter(|_| planned_item.token_from_partner);
        let result = session.run(output, async |client| {
            apply::create(client, state_file, &partner.id, planned_item, token).await
        });
        // The plan's notes said what would happen; from here on, what did.
        let own_url = outcome.target.is_none();
        let done = match result {
            Ok(done) => done,
            Err(error) if error.kind == ErrorKind::Refused => {
                item.status = ItemStatus::Refused;
                item.notes = url_note(planned_item, own_url);
                item.notes.push(error.message.clone());
                continue;
            }
            Err(error) => {
                outcome.failure = Some(FailureSummary::from(&Failure::from(error)));
                break;
            }
        };
        item.notes = url_note(planned_item, own_url);
        item.status = match done.outcome {
            Outcome::Created => ItemStatus::Created,
            Outcome::Recovered => {
                // The library's note repeats Ashby's duplicate answer; this says it shorter.
                item.notes.push(
                    "created by an earlier request whose answer was lost; Ashby refused the duplicate, and the \
                     token here is the one that request sent"
                        .to_owned(),
                );
                ItemStatus::Recovered
            }
            Outcome::AlreadyExisted => ItemStatus::Exists,
        };
        if done.outcome != Outcome::Recovered {
            item.notes.extend(done.note.iter().cloned());
        }
        item.id.clone_from(&done.id);
        if done.enabled == Some(false) {
            disabled.push(item.key.clone());
        }
        let Some(secret_token) = &done.secret_token else {
            continue;
        };
        if !done.token_generated {
            item.notes.push(format!(
                "signed with the secret token {} supplied ({SECRET_ENV})",
                partner.name
            ));
            continue;
        }
        if shows_tokens {
            let heading = document::Section {
                id: "section-token".to_owned(),
                number: None,
                heading: format!("Secret token for {} (shown once; copy it now):", item.key),
                blocks: Vec::new(),
            };
            output.print(&format!("\n{}    ", render::terminal_section(&heading, output.width())));
            // The one secret atsctl prints, on purpose: everything else written is redacted.
            output.print_secret(secret_token);
            output.print("\n");
            item.notes.push("secret token: printed above, once".to_owned());
            tokens_shown = true;
        } else if store.is_none() {
            item.notes.push(format!(
                "secret token: not printed in JSON, and Ashby never shows it again; set a new one on the webhook in \
                 {WEBHOOKS_PLACE}"
            ));
        }
        if let Some(store) = store {
            let key = token_key(&session.profile, &partner.id, &item.key);
            match store.set(&key, secret_token) {
                Ok(()) => item.notes.push(format!(
                    "secret token stored in {} (service atsctl, account {})",
                    store.kind().display_name(),
                    key.user()
                )),
                Err(error) => output.warning(&format!(
                    "the secret token of {} was not stored: {error}; {}",
                    item.key,
                    if shows_tokens {
                        "copy it from the output above".to_owned()
                    } else {
                        format!("set a new one on the webhook in {WEBHOOKS_PLACE}")
                    }
                )),
            }
        }
    }
    outcome.next_steps = next_steps(&outcome, plan, &disabled);
    if tokens_shown {
        // Said once for every token, not in each item's note.
        outcome.next_steps.push(format!(
            "Give each secret token printed above to {}, who verifies Ashby's deliveries with it; to verify \
             them yourself, set it as {SECRET_ENV} for `atsctl webhooks listen|verify`.",
            partner.name
        ));
    }
    outcome
}
