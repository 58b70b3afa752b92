//! `atsctl apply`: set a partner up in the ATS. This file owns the flags and picks the flow by
//! the ATS's [`ApplyKind`]: [`created`] creates what its API can, [`guided`] walks a checklist
//! where no API can.

mod created;
pub(crate) mod guided;
mod webhook_flags;

pub(crate) use created::{CreateRun, Driver, partner_token, preview_text};
pub(crate) use webhook_flags::WebhookApplyArgs;

use std::path::PathBuf;

use atsctl::ats::{ApplyKind, Failure};
use atsctl::document::Document;
use atsctl::guided::{ApplyOutcome, Outcome};
use serde::Serialize;

use super::ats::AtsArg;
use super::manifest_source;
use super::render::DocumentFormat;
use super::{CliError, CliResult, Exit, Output};

const ANSWERS_HELP: &str = "\
Greenhouse (a guided checklist):
  No Greenhouse API creates web hooks, so each one is shown with the values to copy into
  Configure → Dev Center → Web Hooks, followed by \"Created it? [y/N/q]\":
    y   it is created: progress is saved and the next one is shown
    n   not now (also Enter): it stays pending and the next one is shown
    q   stop here; the next run resumes at the first web hook not yet confirmed
  Progress is saved after each confirmation (atomically, so Ctrl-C never corrupts it) in
  $XDG_STATE_HOME/atsctl/apply/<partner>-greenhouse.json on Linux (the local data directory
  elsewhere). It holds no secrets. When the manifest changed since, confirmations of web hooks
  whose settings changed are dropped and reported.

  Without a terminal on stdin, the answers are read from stdin, one line per question (for
  example `printf 'y\\ny\\nq\\n' | atsctl apply headhuntr` confirms two web hooks and stops); the
  end of input stops like q.

  --format markdown|html prints the web hooks not yet confirmed, to send to the Greenhouse
  admin (html: one page whose ticks persist in the browser), and --format json the same for
  scripts; none of them asks anything or changes progress.

Exit codes: 0 when every web hook is confirmed; 1 when some are still to do; 2 for a usage or
input error (including an unreadable progress file, which is left as it is).";

// Its description is on `Command::Apply` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
#[command(after_long_help = ANSWERS_HELP)]
pub(crate) struct ApplyArgs {
    /// A bundled partner (see `atsctl partners`).
    #[arg(required_unless_present = "manifest")]
    pub(crate) partner: Option<String>,
    /// The ATS to set up; may be omitted when the partner covers one.
    #[arg(long, value_enum)]
    pub(crate) ats: Option<AtsArg>,
    /// Use your own manifest file instead of a bundled partner.
    #[arg(long, value_name = "FILE")]
    pub(crate) manifest: Option<PathBuf>,
    /// text: the guided checklist (or Lever's run) at the terminal; markdown, html: what is still
    /// to create, for the ATS admin, asking nothing; json: the run's outcome for scripts.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ApplyFormat,
    /// Forget saved progress and start over.
    #[arg(long)]
    pub(crate) reset: bool,
    /// Confirm every remaining web hook without asking (when they already exist, for example
    /// after the admin worked through the Markdown export). With --ats lever: create the missing
    /// webhooks without asking (needed when stdin is not a terminal, and with --format json).
    #[arg(long)]
    pub(crate) yes: bool,
    #[command(flatten)]
    pub(crate) webhooks: WebhookApplyArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ApplyFormat {
    #[value(alias = "terminal")]
    Text,
    Markdown,
    Html,
    Json,
}

pub(crate) fn run(args: &ApplyArgs, output: &mut Output) -> CliResult {
    let source = manifest_source::load_source(args.partner.as_deref(), args.manifest.as_deref())?;
    let ats = manifest_source::pick_ats(&source.manifest, args.ats)?;
    let spec = ats.spec();
    match spec.apply {
        ApplyKind::CreatesWebhooks(creation) => {
            created::run(ats, creation, &source.manifest, &source.fingerprint, args, output)
        }
        ApplyKind::GuidedChecklist(_) => guided::run(ats, &source.manifest, &source.fingerprint, args, output),
    }
}

/// The exit code of an outcome: 0 when everything is in place, 1 when something is still to
/// create or was refused, the failure's own code when the run stopped (`exit.rs` maps it).
pub(crate) fn exit_of(outcome: &ApplyOutcome) -> CliResult {
    match outcome.outcome() {
        Outcome::Created | Outcome::NothingToDo => Ok(Exit::Ok),
        Outcome::WouldCreate | Outcome::Missing | Outcome::Refused => Ok(Exit::Findings),
        Outcome::Failed => Err(outcome.failure.as_ref().map_or_else(
            || CliError::new(Exit::Unreachable, "apply stopped"),
            |summary| {
                CliError::from(Failure {
                    kind: summary.failure_kind,
                    message: summary.message.clone(),
                    help: summary.help.clone(),
                })
            },
        )),
    }
}

/// `apply --format json`: the same top-level fields for every ATS (README, "JSON output").
#[derive(Serialize)]
struct ApplyJson<'a> {
    command: &'static str,
    outcome: Outcome,
    exit_code: u8,
    reason: String,
    #[serde(flatten)]
    result: &'a ApplyOutcome,
    document: &'a Document,
}

/// Prints `document` in `format`, or for JSON the outcome with its verdict and the document.
pub(crate) fn print_outcome(outcome: &ApplyOutcome, document: &Document, format: ApplyFormat, output: &mut Output) {
    let format = match format {
        ApplyFormat::Text => DocumentFormat::Terminal,
        ApplyFormat::Markdown => DocumentFormat::Markdown,
        ApplyFormat::Html => DocumentFormat::Html,
        ApplyFormat::Json => {
            let exit_code = match exit_of(outcome) {
                Ok(exit) => exit as u8,
                Err(error) => error.exit as u8,
            };
            output.json(&ApplyJson {
                command: "apply",
                outcome: outcome.outcome(),
                exit_code,
                reason: outcome.reason(),
                result: outcome,
                document,
            });
            return;
        }
    };
    output.print_document(document, format);
}
