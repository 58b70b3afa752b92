//! `atsctl apply`: set a partner up in the ATS. This file owns the flags; the ATS's own side
//! ([`super::ats::apply`]) creates what its API can, or walks a guided checklist where no API
//! can.

use std::path::PathBuf;

use super::ats::AtsArg;
use super::manifest_source;
use super::{CliResult, Output};

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

  --format markdown prints the web hooks not yet confirmed, to send to the Greenhouse admin,
  and changes nothing.

Exit codes: 0 when every web hook is confirmed; 1 when some are still to do; 2 for a usage or
input error (including an unreadable progress file, which is left as it is).";

/// Set a partner up in the ATS, step by step.
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
    /// text: the guided checklist; markdown: the web hooks still to create, for the ATS admin.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: ApplyFormat,
    /// Forget saved progress and start over.
    #[arg(long)]
    pub(crate) reset: bool,
    /// Confirm every remaining web hook without asking (when they already exist, for example
    /// after the admin worked through the Markdown export). With --ats lever: create the missing
    /// webhooks without asking (needed when stdin is not a terminal).
    #[arg(long, conflicts_with = "format")]
    pub(crate) yes: bool,
    #[command(flatten)]
    pub(crate) ats_flags: super::ats::ApplyFlags,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ApplyFormat {
    Text,
    Markdown,
}

pub(crate) fn run(args: &ApplyArgs, output: &mut Output) -> CliResult {
    let manifest = manifest_source::load(args.partner.as_deref(), args.manifest.as_deref())?;
    let ats = manifest_source::pick_ats(&manifest, args.ats)?;
    super::ats::apply(ats, &manifest, args, output)
}
