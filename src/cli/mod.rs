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

/// The commands. Each one's description is a doc comment here, not on its `Args` struct: with
/// `defer`, a command's flags are built only when it runs or shows its own help (every command
/// starts without building the other twelve's flags), while `atsctl --help` lists every command
/// from what is set here. A doc comment on an `Args` struct would be applied only once
/// deferred, so those carry plain comments.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
enum Command {
    /// List the bundled partners with their ATSs and counts of permissions and webhooks.
    Partners(partners::PartnersArgs),
    /// Print the complete setup checklist for a partner on one ATS.
    Plan(plan::PlanArgs),
    /// Check manifests: YAML syntax, unknown keys, types, permissions, events, policies, URLs.
    ///
    /// Directories are searched for *.yaml and *.yml files (hidden directories and `target` are
    /// skipped). Every finding of every file is reported in one run. Only regular files of at most
    /// 1 MiB are read; symbolic links are not followed out of the folder being checked (for a
    /// file named here, the current directory).
    Lint(lint::LintArgs),
    /// Show what customers already set up must change when a partner's manifest changes.
    ///
    /// Compares two manifest files, or (with --git) a manifest with its version at a git
    /// revision, and prints the upgrade checklist per ATS: permissions and v3 scopes to grant or
    /// drop, web hooks to create, delete or edit, stages, settings and steps that changed, and
    /// policy changes. Exit 0: customers need to do nothing; 1: they must act; 2: bad input.
    #[command(
        override_usage = "atsctl diff [OPTIONS] <OLD> <NEW>\n       atsctl diff [OPTIONS] --git <REV> <MANIFEST|PARTNER_ID>..."
    )]
    Diff(diff::DiffArgs),
    /// Print the manifest JSON Schema (for editors and other validators).
    Schema(SchemaArgs),
    /// Explain a lint finding code.
    Explain(lint::ExplainArgs),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Verify webhook deliveries: one saved body, or live ones on a local receiver.
    Webhooks(webhooks::WebhooksArgs),
    /// Check a Greenhouse, Lever or Ashby credential against what a partner needs, without changing
    /// anything.
    ///
    /// Credentials come from the environment (Greenhouse: ATSCTL_GREENHOUSE_CLIENT_ID,
    /// ATSCTL_GREENHOUSE_CLIENT_SECRET and ATSCTL_GREENHOUSE_USER_ID for Harvest v3,
    /// ATSCTL_HARVEST_API_KEY for a legacy v1 key; Lever: ATSCTL_LEVER_API_KEY; Ashby:
    /// ATSCTL_ASHBY_API_KEY) or from stdin, never from a flag; failing those, from a profile stored
    /// with `atsctl auth login` (--profile, else `default`). On Greenhouse with both present, v3 is
    /// checked unless --api says otherwise. Only read requests reach the ATS (Ashby's reads are
    /// POST calls: only the endpoints its catalog marks as safe probes are sent).
    ///
    /// A registered partner checks a customer's Harvest v3 authorisation with --access-token-stdin:
    /// its own client id and secret, as above, and the customer's access token piped to stdin.
    ///
    /// Exit codes: 0 everything required is granted, 1 something required is missing (or
    /// unverified, with --strict), 2 usage error, 3 credential rejected (or the customer's token is
    /// inactive or another client's), 4 the ATS is unreachable or the API is retired.
    Validate(validate::ValidateArgs),
    /// Store, show and remove credentials (profiles).
    ///
    /// A profile holds up to one credential of each kind: greenhouse-v3 (client id and acting user
    /// in the config file, client secret in the OS credential store), greenhouse-v1 (API key in the
    /// store) and lever (API key in the store, region in the config). Commands use the `default`
    /// profile unless given --profile; ATSCTL_* environment variables still override a profile.
    Auth(auth::AuthArgs),
    /// Set a partner up in the ATS, step by step.
    Apply(apply::ApplyArgs),
    /// Set a partner up step by step at a terminal: prerequisites, credential, check, webhooks.
    ///
    /// Every answer has a flag (--non-interactive asks nothing), and every step a command of its
    /// own; without a terminal and without --non-interactive, setup prints those commands and
    /// exits 2.
    Setup(setup::SetupArgs),
    /// Write a man page for atsctl and for each of its commands into a directory.
    ///
    /// Pages are named after the command path (`atsctl-webhooks-listen.1`) and overwrite pages of
    /// the same name. Read one with `man -l DIR/atsctl-plan.1`, or install them into a man1
    /// directory on MANPATH (for example `~/.local/share/man/man1`) and run `man atsctl-plan`.
    Man(man::ManArgs),
}

#[derive(Debug, clap::Args)]
struct SchemaArgs {}

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

/// The command tree with every command's flags built in, as completion scripts and man pages
/// need it. Built from the deferred tree, the `help` subcommand's copy of the commands would lack
/// `auth login` and the like (clap copies them before their flags exist), and each command's own
/// flags would follow the global ones instead of preceding them.
pub(crate) fn full_command() -> clap::Command {
    Cli::command().mut_subcommands(|command| match flags_of(command.get_name()) {
        // Its flags are in now: nothing is left to defer.
        Some(flags) => flags(command).defer(std::convert::identity),
        // A test keeps every command named in `flags_of`; one missing would still work, deferred.
        None => command,
    })
}

/// What adds a command's flags (and its own subcommands) to it, by the command's name.
fn flags_of(name: &str) -> Option<fn(clap::Command) -> clap::Command> {
    use clap::Args;
    Some(match name {
        "partners" => partners::PartnersArgs::augment_args,
        "plan" => plan::PlanArgs::augment_args,
        "lint" => lint::LintArgs::augment_args,
        "diff" => diff::DiffArgs::augment_args,
        "schema" => SchemaArgs::augment_args,
        "explain" => lint::ExplainArgs::augment_args,
        "completions" => CompletionsArgs::augment_args,
        "webhooks" => webhooks::WebhooksArgs::augment_args,
        "validate" => validate::ValidateArgs::augment_args,
        "auth" => auth::AuthArgs::augment_args,
        "apply" => apply::ApplyArgs::augment_args,
        "setup" => setup::SetupArgs::augment_args,
        "man" => man::ManArgs::augment_args,
        _ => return None,
    })
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
        Command::Man(args) => man::run(&args, full_command(), output),
        Command::Schema(SchemaArgs {}) => {
            output.json(atsctl::manifest::schema());
            Ok(Exit::Ok)
        }
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut full_command(), "atsctl", &mut script);
            output.print(&String::from_utf8_lossy(&script));
            Ok(Exit::Ok)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_consistent_with_every_command_built() {
        // clap checks a command's flags when it is built; deferred ones only when they run.
        full_command().debug_assert();
    }

    #[test]
    fn every_command_names_its_flags() {
        for command in Cli::command().get_subcommands() {
            assert!(
                flags_of(command.get_name()).is_some(),
                "{} is missing from flags_of",
                command.get_name()
            );
        }
    }

    #[test]
    fn running_a_command_builds_no_other_commands_flags() {
        let mut command = Cli::command();
        command
            .try_get_matches_from_mut(["atsctl", "plan", "headhuntr"])
            .expect("parses");
        let flags = |name: &str| {
            let command = command.find_subcommand(name).expect("a command");
            command
                .get_arguments()
                .map(|arg| arg.get_id().to_string())
                .collect::<Vec<_>>()
        };
        assert!(flags("plan").iter().any(|id| id == "format"), "{:?}", flags("plan"));
        // The others hold only what the top level passed down to them.
        assert_eq!(flags("lint"), ["color", "quiet", "width"]);
        assert_eq!(flags("validate"), ["color", "quiet", "width"]);
    }

    #[test]
    fn the_full_tree_lets_help_complete_nested_commands() {
        let mut command = full_command();
        command.build();
        let help = command.find_subcommand("help").expect("help");
        let auth = help.find_subcommand("auth").expect("help auth");
        let nested: Vec<&str> = auth.get_subcommands().map(clap::Command::get_name).collect();
        assert_eq!(nested, ["login", "status", "logout"]);
        let plan = command.find_subcommand("plan").expect("plan");
        let ids: Vec<&str> = plan.get_arguments().map(|arg| arg.get_id().as_str()).collect();
        // Its own flags first, then the global ones, as `--help` and completions list them.
        let own = ids.iter().position(|id| *id == "format").expect("--format");
        let global = ids.iter().position(|id| *id == "color").expect("--color");
        assert!(own < global, "{ids:?}");
    }
}
