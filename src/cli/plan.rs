//! `atsctl plan`: render a partner's checklist as a table (for a person at a terminal), Markdown
//! (to send to the ATS admin) or JSON (for scripts).

use std::fmt::Write as _;
use std::path::PathBuf;

use atsctl::catalog::Confidence;
use atsctl::manifest::{Connection, GuessedField};
use atsctl::plan::{self, Checklist, ScopeAccess};

use super::manifest_source::{self, AtsArg};
use super::output::{paint, style};
use super::table::{new_table, render};
use super::{CliError, CliResult, Exit, Output};

/// Print the complete setup checklist for a partner on one ATS.
#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// A bundled partner (see `atsctl partners`).
    #[arg(required_unless_present = "manifest")]
    partner: Option<String>,
    /// The ATS to plan for; may be omitted when the partner covers one.
    #[arg(long, value_enum)]
    ats: Option<AtsArg>,
    /// Plan from your own manifest file instead of a bundled partner.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// table for a terminal, markdown to send to the ATS admin, json for scripts.
    #[arg(long, value_enum, default_value = "table")]
    format: PlanFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PlanFormat {
    Table,
    Markdown,
    Json,
}

pub(crate) fn run(args: &PlanArgs, output: &mut Output) -> CliResult {
    let manifest = manifest_source::load(args.partner.as_deref(), args.manifest.as_deref())?;
    let ats = manifest_source::pick_ats(&manifest, args.ats)?;
    let checklist = plan::checklist(&manifest, ats)
        .ok_or_else(|| CliError::usage(format!("{} has no {} setup", manifest.partner.name, ats.display_name())))?;
    match args.format {
        PlanFormat::Json => output.json(&checklist),
        PlanFormat::Markdown => output.print(&markdown(&checklist)),
        PlanFormat::Table => output.print(&human(&checklist)),
    }
    Ok(Exit::Ok)
}

/// How a non-high mapping is flagged after a permission's scopes.
fn confidence_mark(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "",
        Confidence::Medium => " — medium confidence",
        Confidence::Low => " — low confidence",
        Confidence::None => " — no v3 equivalent",
    }
}

fn need(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// The checklist for a terminal: numbered sections, tables where there are many items.
fn human(checklist: &Checklist) -> String {
    let mut text = String::new();
    let mut section = 0;
    let mut heading = |text: &mut String, title: &str| {
        section += 1;
        let _ = writeln!(text, "\n{}", paint(style::HEADING, &format!("{section}. {title}")));
    };
    let _ = writeln!(
        text,
        "{} on {} — setup checklist",
        paint(style::EMPHASIS, &checklist.partner.name),
        paint(style::EMPHASIS, checklist.ats.display_name())
    );
    if let Some(guide) = &checklist.guide {
        let _ = writeln!(
            text,
            "{}",
            paint(style::DIM, &format!("From the partner's guide \"{}\"", guide.title))
        );
    }

    let (replacing, other_alternatives): (Vec<_>, Vec<_>) = checklist
        .alternatives
        .iter()
        .partition(|alternative| alternative.replaces_setup);
    if !replacing.is_empty() {
        heading(&mut text, "First: do you need this setup at all?");
        write_alternatives(&mut text, &replacing);
    }
    if !checklist.prerequisites.is_empty() {
        heading(&mut text, "Before you start");
        for item in &checklist.prerequisites {
            let _ = writeln!(text, "  • {item}");
        }
    }
    for step in checklist.steps.iter().filter(|step| step.when == "before") {
        heading(&mut text, &step.title);
        write_step(&mut text, step);
    }
    if let Some(authorization) = &checklist.authorization {
        heading(&mut text, "Authorize the partner");
        if let Some(who) = &authorization.who {
            let _ = writeln!(text, "  Who: {who}");
        }
        let _ = writeln!(text, "  {}", authorization.instructions.trim());
    }
    if !checklist.permissions.is_empty() {
        let required = checklist
            .permissions
            .iter()
            .filter(|permission| permission.required)
            .count();
        heading(
            &mut text,
            &format!(
                "Harvest permissions ({required} required, {} optional)",
                checklist.permissions.len() - required
            ),
        );
        if let Some(policy) = &checklist.policy {
            let mut rules = Vec::new();
            if policy.read_only {
                rules.push("read-only".to_owned());
            }
            if !policy.forbid_methods.is_empty() {
                rules.push(format!(
                    "no {}",
                    policy
                        .forbid_methods
                        .iter()
                        .map(|m| m.as_str())
                        .collect::<Vec<_>>()
                        .join("/")
                ));
            }
            if !rules.is_empty() {
                let reason = policy
                    .reason
                    .as_deref()
                    .map(|reason| format!(" — {reason}"))
                    .unwrap_or_default();
                let _ = writeln!(text, "  Policy: {}{reason}", rules.join(", "));
            }
        }
        let mut table = new_table(&["Category", "Permission (UI label)", "Endpoint", "Need", "v3 scopes"]);
        let mut previous_category = "";
        for permission in &checklist.permissions {
            let category = if permission.category == previous_category {
                String::new()
            } else {
                permission.category.clone()
            };
            previous_category = &permission.category;
            let endpoint = match &permission.path {
                Some(path) => format!("{} {path}", permission.method),
                None => format!("{} (unknown)", permission.method),
            };
            let scopes = if permission.v3_scopes.is_empty() {
                "none: no v3 equivalent".to_owned()
            } else {
                let mark = confidence_mark(permission.v3_confidence).trim_start_matches(" — ");
                if mark.is_empty() {
                    permission.v3_scopes.join("\n")
                } else {
                    format!("{}\n({mark})", permission.v3_scopes.join("\n"))
                }
            };
            table.add_row(vec![
                category,
                if permission.label_verified {
                    permission.label.clone()
                } else {
                    format!("{}\n(label unverified)", permission.label)
                },
                endpoint,
                need(permission.required).to_owned(),
                scopes,
            ]);
        }
        text.push_str(&render(&table, 2));
    }
    if !checklist.v3_scopes.is_empty() {
        heading(
            &mut text,
            &format!("{} ({})", scopes_title(checklist), checklist.v3_scopes.len()),
        );
        let mut table = new_table(&["Scope", "Need", "Mapping", "Replaces v1 permission"]);
        for scope in &checklist.v3_scopes {
            let mapping = match scope.confidence {
                Confidence::High => "high".to_owned(),
                other => format!("{} — check", other.as_str()),
            };
            table.add_row(vec![
                scope.scope.clone(),
                format!("{}{}", need(scope.required), access_mark(scope.access, "\n")),
                mapping,
                scope.replaces.join("\n"),
            ]);
        }
        text.push_str(&render(&table, 2));
        for scope in &checklist.v3_scopes {
            if let Some(check) = &scope.check {
                let _ = writeln!(text, "  • {check}");
            }
        }
    }
    if let Some(credential) = &checklist.credential {
        write_credential(&mut text, &mut heading, credential, checklist);
    }
    if !checklist.webhooks.is_empty() {
        match checklist.ats {
            atsctl::manifest::Ats::Greenhouse => {
                heading(
                    &mut text,
                    &format!(
                        "Web hooks ({}) — Configure → Dev Center → Web Hooks",
                        checklist.webhooks.len()
                    ),
                );
                let mut table = new_table(&[
                    "#",
                    "Name",
                    "When",
                    "action",
                    "Endpoint URL",
                    "Secret key",
                    "Error recipient",
                ]);
                for (index, webhook) in checklist.webhooks.iter().enumerate() {
                    table.add_row(vec![
                        (index + 1).to_string(),
                        marked(&webhook.name, guessed(webhook, GuessedField::Name)),
                        marked(
                            &webhook.event,
                            guessed(webhook, GuessedField::Event)
                                .or((!webhook.event_label_verified).then_some("label unverified")),
                        ),
                        webhook.action.clone(),
                        webhook
                            .endpoint
                            .as_ref()
                            .map(|endpoint| endpoint.url.clone().unwrap_or_else(|| endpoint.instructions.clone()))
                            .unwrap_or_default(),
                        webhook.secret.as_ref().map(secret_text).unwrap_or_default(),
                        webhook.error_recipient.clone().unwrap_or_else(|| "—".to_owned()),
                    ]);
                }
                text.push_str(&render(&table, 2));
            }
            atsctl::manifest::Ats::Lever => {
                heading(
                    &mut text,
                    &format!(
                        "Webhooks ({}) — Settings → Integrations and API → Webhooks",
                        checklist.webhooks.len()
                    ),
                );
                let mut table = new_table(&["Toggle", "event", "Endpoint"]);
                for webhook in &checklist.webhooks {
                    let endpoint = webhook
                        .endpoint
                        .as_ref()
                        .map(|endpoint| endpoint.url.clone().unwrap_or_else(|| endpoint.instructions.clone()));
                    table.add_row(vec![
                        webhook.event.clone(),
                        webhook.action.clone(),
                        endpoint.unwrap_or_else(|| "set by the partner's app".to_owned()),
                    ]);
                }
                text.push_str(&render(&table, 2));
            }
        }
    }
    if !checklist.stages.is_empty() {
        heading(&mut text, "Pipeline stages");
        for stage in &checklist.stages {
            let _ = writeln!(text, "  • \"{}\" ({})", stage.name, need(stage.required));
            for extra in [&stage.purpose, &stage.help].into_iter().flatten() {
                let _ = writeln!(text, "      {extra}");
            }
        }
    }
    if !checklist.settings.is_empty() {
        heading(&mut text, "Settings on the partner's side");
        for setting in &checklist.settings {
            let place = setting
                .location
                .as_deref()
                .map(|place| format!(" ({place})"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "  • {}{place}: {}",
                paint(style::EMPHASIS, &setting.name),
                setting.description
            );
        }
    }
    for step in checklist.steps.iter().filter(|step| step.when == "after") {
        heading(&mut text, &step.title);
        write_step(&mut text, step);
    }
    if !other_alternatives.is_empty() {
        heading(&mut text, "Alternatives");
        write_alternatives(&mut text, &other_alternatives);
    }
    if !checklist.warnings.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::WARNING, "Warnings"));
        for warning in &checklist.warnings {
            let _ = writeln!(text, "  ! {warning}");
        }
    }
    if !checklist.notes.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::DIM, "Notes on the partner's guide"));
        for note in &checklist.notes {
            let about = note
                .about
                .as_deref()
                .map(|about| format!(" [{about}]"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "  - {}{about} ({}): {}",
                note.kind,
                note.certainty_label,
                note.text.trim()
            );
        }
    }
    let _ = writeln!(text, "\nSupport: {}", checklist.partner.support_email);
    text
}

fn write_step(text: &mut String, step: &plan::StepItem) {
    if let Some(who) = &step.who {
        let _ = writeln!(text, "  Who: {who}");
    }
    for line in step.instructions.trim().lines() {
        let _ = writeln!(text, "  {line}");
    }
}

fn write_alternatives(text: &mut String, alternatives: &[&plan::AlternativeItem]) {
    for alternative in alternatives {
        let contact = alternative
            .contact
            .as_deref()
            .map(|contact| format!(" Contact: {contact}."))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  • {}: {}{contact}",
            paint(style::EMPHASIS, &alternative.name),
            alternative.instructions.trim()
        );
    }
}

/// The Greenhouse connection: a registered partner's authorisation or a custom integration's
/// client credentials, then the legacy v1 key.
fn write_credential(
    text: &mut String,
    heading: &mut impl FnMut(&mut String, &str),
    credential: &plan::CredentialPlan,
    checklist: &Checklist,
) {
    match &credential.partner_authorization {
        Some(authorization) => {
            heading(
                text,
                &format!("Connect {} on Harvest v3 (authorisation)", checklist.partner.name),
            );
            let _ = writeln!(text, "  {}", paint(style::EMPHASIS, credential.v3.kind));
            let _ = writeln!(
                text,
                "  Who: {}, choosing \"{}\".",
                authorization.who, authorization.choose
            );
            for why in &authorization.why {
                let _ = writeln!(text, "    Why: {why}");
            }
            for (index, step) in credential.v3.steps.iter().enumerate() {
                let _ = writeln!(text, "  {}. {step}", index + 1);
            }
            let _ = writeln!(text, "  Note: {}", authorization.scope_wording);
        }
        None => {
            heading(text, "Create the credential");
            let _ = writeln!(
                text,
                "  {}: {}",
                paint(style::EMPHASIS, credential.v3.kind),
                credential.v3.where_to_create
            );
            let _ = writeln!(text, "    Acting user: {}", credential.v3.acting_user);
            for (index, step) in credential.v3.steps.iter().enumerate() {
                let _ = writeln!(text, "  {}. {step}", index + 1);
            }
        }
    }
    let legacy = &credential.v1_legacy;
    let _ = writeln!(
        text,
        "  {} (retired {}; only for accounts that still have one):",
        paint(style::EMPHASIS, "Harvest v1 API key"),
        legacy.retired_on
    );
    let _ = writeln!(text, "    API Type: {}", legacy.api_type);
    if let Some(partner) = &legacy.partner {
        let optional = if legacy.partner_optional { " (optional)" } else { "" };
        let _ = writeln!(text, "    Partner: {partner}{optional}");
    }
    if let Some(description) = &legacy.description {
        let _ = writeln!(text, "    Description: {description}");
    }
    if let Some(hand_over) = &credential.hand_over {
        let _ = writeln!(text, "  Then{}: {hand_over}", hand_over_scope(credential));
    }
}

/// A partner's hand-over is the legacy key's: on v3 the authorisation connects it.
fn hand_over_scope(credential: &plan::CredentialPlan) -> &'static str {
    if credential.partner_authorization.is_some() {
        " (v1 key)"
    } else {
        ""
    }
}

fn scopes_title(checklist: &Checklist) -> &'static str {
    match checklist.credential.as_ref().map(|credential| credential.connection) {
        Some(Connection::Partner) => "Harvest v3 scopes the authorisation should request",
        _ => "Harvest v3 scopes to grant",
    }
}

/// What a scope lets the partner do, when more than reading.
fn access_mark(access: ScopeAccess, separator: &str) -> String {
    match access {
        ScopeAccess::Read => String::new(),
        ScopeAccess::Write => format!("{separator}writes"),
        ScopeAccess::Destroy => format!("{separator}destroys"),
    }
}

fn guessed(webhook: &plan::WebhookItem, field: GuessedField) -> Option<&'static str> {
    webhook
        .guess
        .as_ref()
        .is_some_and(|guess| guess.fields.contains(&field))
        .then_some("guess")
}

fn marked(value: &str, mark: Option<&str>) -> String {
    match mark {
        Some(mark) => format!("{value}\n({mark})"),
        None => value.to_owned(),
    }
}

fn secret_text(secret: &plan::ValueSourceItem) -> String {
    match &secret.v3_instead {
        Some(instead) => format!("{} {instead}", secret.instructions),
        None => secret.instructions.clone(),
    }
}

/// The checklist as Markdown with task boxes, to send to whoever does the setup.
fn markdown(checklist: &Checklist) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# {} on {}: setup checklist\n",
        checklist.partner.name,
        checklist.ats.display_name()
    );
    if let Some(guide) = &checklist.guide {
        let _ = writeln!(text, "From the partner's guide *{}*.\n", guide.title);
    }
    let (replacing, other_alternatives): (Vec<_>, Vec<_>) = checklist
        .alternatives
        .iter()
        .partition(|alternative| alternative.replaces_setup);
    if !replacing.is_empty() {
        let _ = writeln!(text, "## First: do you need this setup at all?\n");
        markdown_alternatives(&mut text, &replacing);
    }
    if !checklist.prerequisites.is_empty() {
        let _ = writeln!(text, "## Before you start\n");
        for item in &checklist.prerequisites {
            let _ = writeln!(text, "- [ ] {item}");
        }
        text.push('\n');
    }
    for step in checklist.steps.iter().filter(|step| step.when == "before") {
        markdown_step(&mut text, step);
    }
    if let Some(authorization) = &checklist.authorization {
        let _ = writeln!(text, "## Authorize the partner\n");
        if let Some(who) = &authorization.who {
            let _ = writeln!(text, "Who: {who}\n");
        }
        let _ = writeln!(text, "- [ ] {}\n", authorization.instructions.trim());
    }
    if !checklist.permissions.is_empty() {
        let _ = writeln!(text, "## Harvest v1 permissions\n");
        let _ = writeln!(
            text,
            "| Category | Permission | Endpoint | Need | v3 scopes |\n|---|---|---|---|---|"
        );
        for permission in &checklist.permissions {
            let endpoint = permission.path.as_deref().map_or_else(
                || format!("{} (unknown)", permission.method),
                |path| format!("`{} {path}`", permission.method),
            );
            let scopes = permission
                .v3_scopes
                .iter()
                .map(|scope| format!("`{scope}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                text,
                "| {} | {}{} | {endpoint} | {} | {}{} |",
                permission.category,
                permission.label,
                if permission.label_verified {
                    ""
                } else {
                    " *(label unverified)*"
                },
                need(permission.required),
                if scopes.is_empty() { "none".to_owned() } else { scopes },
                confidence_mark(permission.v3_confidence)
            );
        }
        text.push('\n');
    }
    if !checklist.v3_scopes.is_empty() {
        let _ = writeln!(text, "## {}\n", scopes_title(checklist));
        for scope in &checklist.v3_scopes {
            let mark = if scope.confidence == Confidence::High {
                String::new()
            } else {
                format!(" — {} confidence mapping, check", scope.confidence.as_str())
            };
            let _ = writeln!(
                text,
                "- [ ] `{}` ({}{}){mark}",
                scope.scope,
                need(scope.required),
                access_mark(scope.access, "; ")
            );
            if let Some(check) = &scope.check {
                let _ = writeln!(text, "  - Check: {check}");
            }
        }
        text.push('\n');
    }
    if let Some(credential) = &checklist.credential {
        markdown_credential(&mut text, credential, checklist);
    }
    if !checklist.webhooks.is_empty() {
        let _ = writeln!(text, "## Webhooks\n");
        for webhook in &checklist.webhooks {
            let _ = writeln!(
                text,
                "- [ ] **{}**{}: When *{}*{} (`{}`)",
                webhook.name,
                guessed(webhook, GuessedField::Name).map_or(String::new(), |mark| format!(" ({mark})")),
                webhook.event,
                guessed(webhook, GuessedField::Event)
                    .or((!webhook.event_label_verified).then_some("label unverified"))
                    .map_or(String::new(), |mark| format!(" ({mark})")),
                webhook.action
            );
            if let Some(endpoint) = &webhook.endpoint {
                let _ = writeln!(
                    text,
                    "  - Endpoint URL: {}",
                    endpoint.url.clone().unwrap_or_else(|| endpoint.instructions.clone())
                );
            }
            if let Some(secret) = &webhook.secret {
                let _ = writeln!(text, "  - Secret key: {}", secret_text(secret));
            }
            if let Some(recipient) = &webhook.error_recipient {
                let _ = writeln!(text, "  - Error recipient email: {recipient}");
            }
        }
        text.push('\n');
    }
    if !checklist.stages.is_empty() {
        let _ = writeln!(text, "## Pipeline stages\n");
        for stage in &checklist.stages {
            let purpose = stage
                .purpose
                .as_deref()
                .map(|purpose| format!(": {purpose}"))
                .unwrap_or_default();
            let _ = writeln!(text, "- [ ] \"{}\" ({}){purpose}", stage.name, need(stage.required));
        }
        text.push('\n');
    }
    if !checklist.settings.is_empty() {
        let _ = writeln!(text, "## Settings on the partner's side\n");
        for setting in &checklist.settings {
            let _ = writeln!(text, "- [ ] **{}**: {}", setting.name, setting.description);
        }
        text.push('\n');
    }
    for step in checklist.steps.iter().filter(|step| step.when == "after") {
        markdown_step(&mut text, step);
    }
    if !other_alternatives.is_empty() {
        let _ = writeln!(text, "## Alternatives\n");
        markdown_alternatives(&mut text, &other_alternatives);
    }
    if !checklist.warnings.is_empty() {
        let _ = writeln!(text, "## Warnings\n");
        for warning in &checklist.warnings {
            let _ = writeln!(text, "> {warning}\n");
        }
    }
    if !checklist.notes.is_empty() {
        let _ = writeln!(text, "## Notes on the partner's guide\n");
        for note in &checklist.notes {
            let about = note
                .about
                .as_deref()
                .map(|about| format!(" `{about}`"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "- **{}**{about} ({}): {}",
                note.kind,
                note.certainty_label,
                note.text.trim()
            );
        }
        text.push('\n');
    }
    let _ = writeln!(text, "Support: {}", checklist.partner.support_email);
    text
}

fn markdown_alternatives(text: &mut String, alternatives: &[&plan::AlternativeItem]) {
    for alternative in alternatives {
        let contact = alternative
            .contact
            .as_deref()
            .map(|contact| format!(" Contact: {contact}."))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "- **{}**: {}{contact}",
            alternative.name,
            alternative.instructions.trim()
        );
    }
    text.push('\n');
}

fn markdown_credential(text: &mut String, credential: &plan::CredentialPlan, checklist: &Checklist) {
    match &credential.partner_authorization {
        Some(authorization) => {
            let _ = writeln!(
                text,
                "## Connect {} on Harvest v3 (authorisation)\n",
                checklist.partner.name
            );
            let _ = writeln!(text, "**{}**\n", credential.v3.kind);
            let _ = writeln!(
                text,
                "Who: {}, choosing \"{}\".\n",
                authorization.who, authorization.choose
            );
            for why in &authorization.why {
                let _ = writeln!(text, "- Why: {why}");
            }
            text.push('\n');
        }
        None => {
            let _ = writeln!(text, "## Create the credential\n");
            let _ = writeln!(
                text,
                "**{}**: {}. Acting user: {}.\n",
                credential.v3.kind, credential.v3.where_to_create, credential.v3.acting_user
            );
        }
    }
    for step in &credential.v3.steps {
        let _ = writeln!(text, "- [ ] {step}");
    }
    if let Some(authorization) = &credential.partner_authorization {
        let _ = writeln!(text, "- Note: {}", authorization.scope_wording);
    }
    let legacy = &credential.v1_legacy;
    let partner = legacy
        .partner
        .as_deref()
        .map(|partner| {
            format!(
                ", Partner: {partner}{}",
                if legacy.partner_optional { " (optional)" } else { "" }
            )
        })
        .unwrap_or_default();
    let description = legacy
        .description
        .as_deref()
        .map(|description| format!(", Description: {description}"))
        .unwrap_or_default();
    let _ = writeln!(
        text,
        "- Legacy **Harvest v1 API key** (retired {}): API Type: {}{partner}{description}.",
        legacy.retired_on, legacy.api_type
    );
    if let Some(hand_over) = &credential.hand_over {
        // A partner's hand-over belongs to the legacy key: no box to tick on the v3 path.
        let task = if credential.partner_authorization.is_some() {
            ""
        } else {
            "[ ] "
        };
        let _ = writeln!(text, "- {task}Then{}: {hand_over}", hand_over_scope(credential));
    }
    text.push('\n');
}

fn markdown_step(text: &mut String, step: &plan::StepItem) {
    let _ = writeln!(text, "## {}\n", step.title);
    if let Some(who) = &step.who {
        let _ = writeln!(text, "Who: {who}\n");
    }
    let _ = writeln!(text, "- [ ] {}\n", step.instructions.trim().replace('\n', "\n  "));
}
