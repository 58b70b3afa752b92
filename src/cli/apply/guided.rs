//! `atsctl apply` on an ATS whose API creates no web hooks ([`ApplyKind::GuidedChecklist`]): a
//! guided checklist, one web hook at a time, with the values to copy, confirmed by the person
//! doing it, and progress saved after each confirmation. `setup` walks the same session. The
//! checklist is a document (`atsctl::document::guided_document`): the walk shows it a section
//! at a time; `--format markdown|html|json` print it whole and ask nothing.
//!
//! [`ApplyKind::GuidedChecklist`]: atsctl::ats::ApplyKind::GuidedChecklist

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use atsctl::ats::Ats;
use atsctl::document;
use atsctl::guided::{ApplyMethod, ApplyOutcome, GuidedChecklist, ManifestChange, Session, StateError, StateFile};
use atsctl::manifest::Manifest;
use atsctl::plan::{self, Checklist};

use crate::cli::apply::{ApplyArgs, ApplyFormat, exit_of, print_outcome};
use crate::cli::prompt::{self, Ask};
use crate::cli::render;
use crate::cli::{CliError, CliResult, Exit, Output};

/// The guided checklist of `manifest`'s web hooks on `ats`: walked at a terminal, or printed
/// whole in another format.
pub(crate) fn run(
    ats: Ats,
    manifest: &Manifest,
    fingerprint: &str,
    args: &ApplyArgs,
    output: &mut Output,
) -> CliResult {
    let checklist = plan::checklist(manifest, ats)
        .ok_or_else(|| CliError::usage(format!("{} has no {} setup", manifest.partner.name, ats.display_name())))?;
    if args.yes && args.format != ApplyFormat::Text {
        return Err(CliError::usage(
            "--yes records every web hook as created, and --format markdown|html|json only prints the checklist",
        )
        .with_help("drop --format to record them, or --yes to print what is left"));
    }
    let Some((mut session, file)) = guided_session(&checklist, args.reset, output)? else {
        let outcome = ApplyOutcome::start(manifest, ats, ApplyMethod::Guided, None);
        let document = document::apply_outcome_document(&outcome, fingerprint);
        print_outcome(&outcome, &document, args.format, output);
        return Ok(Exit::Ok);
    };
    if args.format == ApplyFormat::Text {
        return walk(&mut session, &file, args.yes, fingerprint, output);
    }
    let outcome = session.outcome(0);
    print_outcome(
        &outcome,
        &document::guided_document(&session, fingerprint),
        args.format,
        output,
    );
    exit_of(&outcome)
}

/// The guided web hook checklist of `checklist` with its saved progress (removed
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
    let file = StateFile::locate(&guided.partner, checklist.ats).map_err(state_error)?;
    if reset && file.remove().map_err(state_error)? {
        output.status(&format!("Saved progress removed ({}).\n", file.path().display()));
    }
    let saved = file.load(&guided).map_err(state_error)?;
    let (session, change) = Session::start(guided, saved);
    if let Some(change) = change {
        report_change(&change, checklist.ats, output);
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

fn report_change(change: &ManifestChange, ats: Ats, output: &mut Output) {
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
            "\n  no longer in the manifest: {} ({}) — delete it in {} if it is not needed",
            done.name,
            done.action,
            ats.display_name()
        );
    }
    output.warning(&message);
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

/// Walks the session at a terminal (or on answers from stdin): the checklist's header, then each
/// web hook still to create as its section, each followed by the question; `yes` confirms all.
/// `fingerprint` is the manifest's, shown with the checklist as `plan` shows it.
pub(crate) fn walk(
    session: &mut Session,
    file: &StateFile,
    yes: bool,
    fingerprint: &str,
    output: &mut Output,
) -> CliResult {
    let width = output.width();
    output.print_document(
        &document::guided_header(session, fingerprint),
        render::DocumentFormat::Terminal,
    );
    output.status(&format!("Progress is saved in {}\n", file.path().display()));

    let mut ask = (!yes).then(|| prompt::for_stdin(output));
    let mut confirmed = 0;
    let mut cursor = session.next_pending(None);
    while let Some(index) = cursor {
        if let Some(section) = document::guided_item_section(session, index) {
            output.print(&format!("\n{}", render::terminal_section(&section, width)));
        }
        let answer = match ask.as_deref_mut() {
            Some(ask) => ask_created(ask, output)?,
            None => Answer::Yes,
        };
        match answer {
            Answer::Yes => {
                session.confirm(index, now());
                file.save(session.progress()).map_err(state_error)?;
                confirmed += 1;
                output.status(&format!(
                    "Saved: {} of {} confirmed.\n",
                    session.done_count(),
                    session.checklist().items.len()
                ));
            }
            Answer::No => {}
            Answer::Quit => break,
        }
        cursor = session.next_pending(Some(index));
    }
    let outcome = session.outcome(confirmed);
    output.print(&format!(
        "\n{}",
        render::terminal_section(&document::guided_result_section(session, &outcome), width)
    ));
    exit_of(&outcome)
}
