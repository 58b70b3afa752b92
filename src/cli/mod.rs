//! Command-line interface: argument parsing, the commands, and their rendering. The library
//! produces data; everything about terminals lives here.

mod apply;
mod ats;
mod auth;
mod auth_check;
mod check_run;
mod credentials;
mod diff;
mod duration_arg;
mod exit;
mod fix_wording;
mod http_trace;
mod lint;
mod lint_sarif;
mod man;
mod manifest_source;
mod output;
mod partners;
mod plan;
mod prompt;
mod render;
mod runtime;
mod setup;
mod table;
mod validate;
mod webhooks;

use clap::{CommandFactory, FromArgMatches, Subcommand};

pub(crate) use exit::{CliError, CliResult, Exit, failure};
pub(crate) use output::Output;

/// Connect recruiting partners to an ATS as a checked, repeatable job.
///
/// atsctl turns a partner's setup guide into a manifest and prints the exact checklist for it
/// (`plan`), lints manifests in CI (`lint`), and checks real credentials against it.
#[derive(Debug, clap::Parser)]
#[command(name = "atsctl", version, propagate_version = true, max_term_width = 100)]
pub(crate) struct Cli {
    /// When to use colour: auto (TTY and NO_COLOR aware), always, never.
    #[arg(long, value_enum, default_value = "auto", global = true)]
    color: output::ColorWhen,
    /// Print only results and errors, no progress or status.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Lay out human output for this many columns (40-1000) [default: the terminal's width, or
    /// 100 when stdout is not a terminal].
    #[arg(long, global = true, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(i64::from(*output::WIDTH_RANGE.start())..=i64::from(*output::WIDTH_RANGE.end())))]
    width: Option<u16>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Partners(partners::PartnersArgs),
    Plan(plan::PlanArgs),
    Lint(lint::LintArgs),
    #[command(
        override_usage = "atsctl diff [OPTIONS] <OLD> <NEW>\n       atsctl diff [OPTIONS] --git <REV> <MANIFEST|PARTNER_ID>..."
    )]
    Diff(diff::DiffArgs),
    Schema(SchemaArgs),
    Explain(lint::ExplainArgs),
    Completions(CompletionsArgs),
    Webhooks(webhooks::WebhooksArgs),
    Validate(validate::ValidateArgs),
    Auth(auth::AuthArgs),
    Apply(apply::ApplyArgs),
    Setup(setup::SetupArgs),
    Man(man::ManArgs),
}

/// Print the manifest JSON Schema (for editors and other validators).
#[derive(Debug, clap::Args)]
struct SchemaArgs {}

/// Print a shell completion script.
#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub(crate) fn main() -> std::process::ExitCode {
    let mut command = Cli::command();
    let mut matches = command.get_matches_mut();
    let cli = Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|error| error.format(&mut command).exit());
    // Parsing needs the whole command tree (every subcommand's flags, ~190 KB); freed now, its
    // memory is reused by the command instead of the heap growing into fresh pages, each a
    // page fault that costs more than freeing what it holds.
    drop(command);
    drop(matches);
    let mut output = Output::new(cli.color, cli.quiet).with_width(cli.width);
    let result = run(cli.command, &mut output);
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            output.error(&error.message, &error.help);
            error.exit.into()
        }
    }
}

/// Leaves `value` to the end of the process, which returns all its memory at once: for plain
/// data (no files to flush, no terminal to restore) built once per run, whose destructor would
/// free thousands of allocations one by one just before exit.
pub(crate) fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

fn run(command: Command, output: &mut Output) -> CliResult {
    match command {
        Command::Partners(args) => partners::run(&args, output),
        Command::Plan(args) => plan::run(&args, output),
        Command::Lint(args) => lint::run(&args, output),
        Command::Diff(args) => diff::run(&args, output),
        Command::Validate(args) => validate::run(&args, output),
        Command::Explain(args) => lint::explain(&args, output),
        Command::Webhooks(args) => webhooks::run(&args, output),
        Command::Auth(args) => auth::run(&args, output),
        Command::Apply(args) => apply::run(&args, output),
        Command::Setup(args) => setup::run(&args, output),
        Command::Man(args) => man::run(&args, Cli::command(), output),
        Command::Schema(SchemaArgs {}) => {
            output.json(atsctl::manifest::schema());
            Ok(Exit::Ok)
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "atsctl", &mut script);
            output.print(&String::from_utf8_lossy(&script));
            Ok(Exit::Ok)
        }
    }
}
