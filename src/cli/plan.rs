//! `atsctl plan`: a partner's checklist as a document, rendered for a terminal, as Markdown (to
//! send to the ATS admin), as one HTML page to tick off, or as JSON (for scripts).

use std::path::PathBuf;

use atsctl::document;
use atsctl::plan;

use super::ats::AtsArg;
use super::manifest_source;
use super::render::{self, DocumentFormat};
use super::{CliError, CliResult, Exit, Output};

// Its description is on `Command::Plan` (src/cli/mod.rs says why).
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
    /// How to print the checklist.
    #[arg(long, value_enum, default_value = "terminal")]
    format: DocumentFormat,
}

pub(crate) fn run(args: &PlanArgs, output: &mut Output) -> CliResult {
    let source = manifest_source::load_source(args.partner.as_deref(), args.manifest.as_deref())?;
    let manifest = &source.manifest;
    let ats = manifest_source::pick_ats(manifest, args.ats)?;
    let checklist = plan::checklist(manifest, ats)
        .ok_or_else(|| CliError::usage(format!("{} has no {} setup", manifest.partner.name, ats.display_name())))?;
    let document = document::plan_document(&checklist, &source.fingerprint);
    match args.format {
        // Scripts keep the checklist's fields and find the document beside them.
        DocumentFormat::Json => output.json(&render::with_document(&checklist, &document)),
        format => output.print_document(&document, format),
    }
    super::free_at_exit(document);
    super::free_at_exit(checklist);
    super::free_at_exit(source);
    Ok(Exit::Ok)
}
