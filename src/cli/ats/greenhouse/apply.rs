//! `atsctl apply --ats greenhouse`: Greenhouse has no API that creates web hooks, so this is a
//! guided checklist: one web hook at a time, with the values to copy, confirmed by the person
//! doing it, and progress saved after each confirmation. `setup` walks the same session.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use atsctl::guided::{GuidedChecklist, ManifestChange, Session, StateError, StateFile};
use atsctl::manifest::{Ats, Manifest};
use atsctl::plan::{self, Checklist, WebhookItem};

use crate::cli::apply::{ApplyArgs, ApplyFormat};
use crate::cli::output::{paint, style};
use crate::cli::prompt::{self, Ask};
use crate::cli::{CliError, CliResult, Exit, Output};

/// The guided checklist of `manifest`'s Greenhouse web hooks, or its Markdown export.
pub(crate) fn run(manifest: &Manifest, args: &ApplyArgs, output: &mut Output) -> CliResult {
    let checklist = plan::checklist(manifest, Ats::Greenhouse)
        .ok_or_else(|| CliError::usage(format!("{} has no Greenhouse setup", manifest.partner.name)))?;
    let Some((mut session, file)) = guided_session(&checklist, args.reset, output)? else {
        output.print(&format!(
            "{} needs no web hooks in Greenhouse.\n",
            manifest.partner.name
        ));
        return Ok(Exit::Ok);
    };
    match args.format {
        ApplyFormat::Markdown => {
            output.print(&markdown(&session));
            Ok(Exit::Ok)
        }
        ApplyFormat::Text => walk(&mut session, &file, args.yes, output),
    }
}

/// The guided web hook checklist of a Greenhouse `checklist` with its saved progress (removed
/// first when `reset`); a manifest changed since is reported. `None` when there are no web hooks.
/// `setup` walks the same session.
pub(crate) fn guided_session(
    checklist: &Checklist,
    reset: bool,
    output: &mut Output,
) -> Result<Option<(Session, StateFile)>, CliError> {
    let guided = GuidedChecklist::webhooks(checklist);
    if guided.items.is_empty() {
        return Ok(None);
    }
    let file = StateFile::locate(&guided.partner, Ats::Greenhouse).map_err(state_error)?;
    if reset && file.remove().map_err(state_error)? {
        output.status(&format!("Saved progress removed ({}).\n", file.path().display()));
    }
    let saved = file.load(&guided).map_err(state_error)?;
    let (session, change) = Session::start(guided, saved);
    if let Some(change) = change {
        report_change(&change, output);
    }
    Ok(Some((session, file)))
}

fn state_error(error: StateError) -> CliError {
    let error_text = error.to_string();
    match error {
        StateError::Corrupt { .. } | StateError::Read { .. } => CliError::usage(error_text)
            .with_help("fix or delete the file, or pass --reset to start over (this forgets the saved progress)"),
        StateError::NoHome | StateError::Write { .. } => CliError::usage(error_text),
    }
}

fn report_change(change: &ManifestChange, output: &mut Output) {
    let mut message = format!(
        "the manifest changed since progress was saved; {} confirmed web hook(s) still match",
        change.kept
    );
    for done in &change.changed {
        let _ = write!(message, "\n  changed, to do again: {} ({})", done.name, done.action);
    }
    for done in &change.removed {
        let _ = write!(
            message,
            "\n  no longer in the manifest: {} ({}) — delete it in Greenhouse if it is not needed",
            done.name, done.action
        );
    }
    output.warning(&message);
}

/// One web hook as text: a heading, then one value per line so each can be copied alone.
fn item_text(item: &WebhookItem, number: usize, total: usize) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\n{}",
        paint(style::HEADING, &format!("Web hook {number} of {total}"))
    );
    let field = |text: &mut String, label: &str, value: &str| {
        let _ = writeln!(text, "  {:<17}{value}", format!("{label}:"));
    };
    field(&mut text, "Name", &item.name);
    field(&mut text, "When", &item.event);
    if !item.event_label_verified {
        let _ = writeln!(
            text,
            "  {:<17}{}",
            "",
            paint(
                style::DIM,
                "(wording from Greenhouse's API docs; the dropdown may word it slightly differently)"
            )
        );
    }
    if let Some(endpoint) = &item.endpoint {
        match &endpoint.url {
            Some(url) => field(&mut text, "Endpoint URL", url),
            None => field(
                &mut text,
                "Endpoint URL",
                &format!("[{}] {}", source_label(endpoint.source), endpoint.instructions),
            ),
        }
    }
    if let Some(secret) = &item.secret {
        field(
            &mut text,
            "Secret key",
            &format!("[{}] {}", source_label(secret.source), secret.instructions),
        );
        if secret.source == "harvest-api-key" {
            let _ = writeln!(
                text,
                "  {:<17}{}",
                "",
                paint(
                    style::WARNING,
                    "unsafe: anyone who can read web hook settings learns the key; ask the partner for a separate secret"
                )
            );
        }
    }
    field(
        &mut text,
        "Error recipient",
        item.error_recipient
            .as_deref()
            .unwrap_or("(optional; the partner names none)"),
    );
    field(&mut text, "Payload action", &item.action);
    if let Some(note) = &item.note {
        let _ = writeln!(text, "  Note: {}", note.trim());
    }
    text
}

/// Where a value that is not in the manifest comes from (the plan's `source` names).
fn source_label(source: &str) -> &str {
    match source {
        "partner-team" => "from the partner's team",
        "partner-dashboard" => "from the partner's dashboard",
        "customer-chosen" => "you choose it",
        "harvest-api-key" => "the Harvest API key",
        "fixed" => "fixed",
        other => other,
    }
}

enum Answer {
    Yes,
    No,
    Quit,
}

fn ask_created(ask: &mut dyn Ask, output: &mut Output) -> Result<Answer, CliError> {
    loop {
        let answer = ask
            .line(output, "Created it? [y/N/q]")
            .map_err(|error| CliError::usage(format!("cannot read the answer: {error}")))?;
        let Some(answer) = answer else {
            output.status("Stopped: no more answers.\n");
            return Ok(Answer::Quit);
        };
        match answer.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => return Ok(Answer::Yes),
            "" | "n" | "no" => return Ok(Answer::No),
            "q" | "quit" => return Ok(Answer::Quit),
            _ => output.prompt("Answer y (created), n (not now) or q (stop).\n"),
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

pub(crate) fn walk(session: &mut Session, file: &StateFile, yes: bool, output: &mut Output) -> CliResult {
    let total = session.checklist().items.len();
    output.print(&format!(
        "{} on Greenhouse — {total} web hooks to create by hand\n",
        paint(style::EMPHASIS, &session.checklist().partner_name)
    ));
    output.print(&format!(
        "{}\n",
        paint(
            style::DIM,
            "Greenhouse has no API for web hooks: create each one in Configure → Dev Center → Web Hooks (this needs the \
             developer permission \"Can manage and configure web hooks\"). On save Greenhouse pings the endpoint; if the \
             ping fails, the hook is saved disabled and must be enabled by hand."
        )
    ));
    let done = session.done_count();
    if done > 0 {
        output.print(&format!(
            "{done} of {total} already confirmed; continuing with the rest.\n"
        ));
    }
    output.status(&format!("Progress is saved in {}\n", file.path().display()));

    let mut ask = (!yes).then(|| prompt::for_stdin(output));
    let mut cursor = session.next_pending(None);
    while let Some(index) = cursor {
        output.print(&item_text(&session.checklist().items[index], index + 1, total));
        let answer = match ask.as_deref_mut() {
            Some(ask) => ask_created(ask, output)?,
            None => Answer::Yes,
        };
        match answer {
            Answer::Yes => {
                session.confirm(index, now());
                file.save(session.progress()).map_err(state_error)?;
                output.status(&format!("Saved: {} of {total} confirmed.\n", session.done_count()));
            }
            Answer::No => {}
            Answer::Quit => break,
        }
        cursor = session.next_pending(Some(index));
    }

    let remaining = session.pending();
    if remaining.is_empty() {
        output.print(&format!(
            "\n{} all {total} web hooks are confirmed.\n",
            paint(style::OK, "Done:")
        ));
        return Ok(Exit::Ok);
    }
    let names: Vec<&str> = remaining
        .iter()
        .map(|index| session.checklist().items[*index].name.as_str())
        .collect();
    output.print(&format!(
        "\n{} of {total} web hooks confirmed; {} still to do: {}\n",
        session.done_count(),
        remaining.len(),
        names.join(", ")
    ));
    output.print(
        "Run the same command again to continue, or add --format markdown to send the rest to the Greenhouse admin.\n",
    );
    Ok(Exit::Findings)
}

/// The web hooks not yet confirmed, as a Markdown checklist for the Greenhouse admin.
fn markdown(session: &Session) -> String {
    let checklist = session.checklist();
    let total = checklist.items.len();
    let remaining = session.pending();
    let mut text = String::new();
    let _ = writeln!(text, "# {}: Greenhouse web hooks to create\n", checklist.partner_name);
    if remaining.is_empty() {
        let _ = writeln!(text, "All {total} web hooks are already created.");
        return text;
    }
    let _ = writeln!(
        text,
        "{} of {total} still to create ({} done). Create each in **Configure → Dev Center → Web Hooks** \
         (developer permission \"Can manage and configure web hooks\"). Greenhouse pings the endpoint on save; if the \
         ping fails the web hook is saved disabled and must be enabled by hand.\n",
        remaining.len(),
        total - remaining.len()
    );
    for index in remaining {
        let item = &checklist.items[index];
        let _ = writeln!(text, "- [ ] **{}**", item.name);
        let _ = writeln!(text, "  - Name: `{}`", item.name);
        let _ = writeln!(text, "  - When: *{}* (`{}`)", item.event, item.action);
        if let Some(endpoint) = &item.endpoint {
            match &endpoint.url {
                Some(url) => {
                    let _ = writeln!(text, "  - Endpoint URL: `{url}`");
                }
                None => {
                    let _ = writeln!(text, "  - Endpoint URL: {}", endpoint.instructions);
                }
            }
        }
        if let Some(secret) = &item.secret {
            let _ = writeln!(text, "  - Secret key: {}", secret.instructions);
        }
        if let Some(recipient) = &item.error_recipient {
            let _ = writeln!(text, "  - Error recipient email: {recipient}");
        }
        if let Some(note) = &item.note {
            let _ = writeln!(text, "  - Note: {}", note.trim());
        }
    }
    text
}
