//! `atsctl validate`: check a Greenhouse or Lever credential against a partner manifest and say, per
//! permission, whether it is granted, missing or unverifiable, and what to change in Greenhouse.
//!
//! This file resolves the credential (environment, stdin, then a profile, through
//! [`atsctl::profile::resolve_greenhouse`]) and the hosts, runs the library check on a tokio
//! runtime while rendering its progress, and renders the report. Secrets never come from argv
//! and never reach the output.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use atsctl::ats::Ats;
use atsctl::greenhouse::report::{CheckedBy, CredentialReport, Evidence, Status, Verdict};
use atsctl::greenhouse::{self, CheckError, CheckEvent, CheckOptions, Credential, V3Authorization};
use atsctl::manifest::Manifest;
use atsctl::profile::{self, GreenhouseApi, Origin, ProcessEnv, ProfileStore, Sources, SystemStores};

use super::ats_arg::AtsArg;
use super::credentials;
use super::manifest_source;
use super::output::{paint, style};
use super::table::{new_table, render};
use super::{CliError, CliResult, Exit, Output, failure};

/// Check a Greenhouse or Lever credential against what a partner needs, without changing anything.
///
/// Credentials come from the environment (Greenhouse: ATSCTL_GREENHOUSE_CLIENT_ID,
/// ATSCTL_GREENHOUSE_CLIENT_SECRET and ATSCTL_GREENHOUSE_USER_ID for Harvest v3,
/// ATSCTL_HARVEST_API_KEY for a legacy v1 key; Lever: ATSCTL_LEVER_API_KEY) or from stdin, never
/// from a flag; failing those, from a profile stored with `atsctl auth login` (--profile, else
/// `default`). On Greenhouse with both present, v3 is checked unless --api says otherwise. Only
/// read requests reach the ATS.
///
/// A registered partner checks a customer's Harvest v3 authorisation with
/// --access-token-stdin: its own client id and secret, as above, and the customer's access token
/// piped to stdin.
///
/// Exit codes: 0 everything required is granted, 1 something required is missing (or
/// unverified, with --strict), 2 usage error, 3 credential rejected (or the customer's token is
/// inactive or another client's), 4 the ATS is unreachable or the API is retired.
#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// A bundled partner (see `atsctl partners`).
    #[arg(required_unless_present = "manifest")]
    partner: Option<String>,
    /// The ATS whose credential to check.
    #[arg(long, value_enum, default_value = "greenhouse")]
    ats: AtsArg,
    /// Check against your own manifest file instead of a bundled partner.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// table for a terminal, json for scripts (the same report, with a `status` per item).
    #[arg(long, value_enum, default_value = "table")]
    format: ValidateFormat,
    /// Also exit 1 when a required item could not be verified.
    #[arg(long)]
    strict: bool,
    /// The Harvest API to check: v3 (OAuth client credentials) or v1 (legacy API key). Default:
    /// v3 when its credentials are set, else v1.
    #[arg(long, value_enum)]
    api: Option<ApiArg>,
    /// Read the Harvest v3 client secret from stdin (the client id still comes from
    /// ATSCTL_GREENHOUSE_CLIENT_ID).
    #[arg(long, conflicts_with = "api_key_stdin")]
    client_secret_stdin: bool,
    /// Read the API key from stdin: a Harvest v1 key, or with --ats lever the Lever key.
    #[arg(long)]
    api_key_stdin: bool,
    /// For a registered partner: read a customer's Harvest v3 access token from stdin and check
    /// that customer's authorisation by token introspection with your own client
    /// (ATSCTL_GREENHOUSE_CLIENT_ID and ATSCTL_GREENHOUSE_CLIENT_SECRET, or a profile).
    #[arg(long, conflicts_with_all = ["api_key_stdin", "client_secret_stdin"])]
    access_token_stdin: bool,
    /// The profile (`atsctl auth login`) to take the credential from when the environment and
    /// stdin give none. Default: the `default` profile, if there is one. Its base URLs come with
    /// it; ATSCTL_GREENHOUSE_AUTH_URL, ATSCTL_HARVEST_URL and ATSCTL_LEVER_URL still override.
    #[arg(long, value_name = "NAME", env = "ATSCTL_PROFILE")]
    profile: Option<String>,
    /// Time limit for the whole run: requests, retries and waits for rate limits. A wait that
    /// would end later fails at once (exit 4), saying when the ATS accepts requests again. Each
    /// request also gives up after 10 s. `60`, `2.5s`, `500ms`; at most 600s.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::duration_arg::parse_timeout)]
    timeout: Duration,
    /// Show each request (-v), plus rate-limit headers and error bodies (-vv). Secrets are never shown.
    #[arg(long, short, action = clap::ArgAction::Count)]
    verbose: u8,
    /// Requests in flight at once (benchmarks compare 1 with the default).
    #[arg(long, default_value_t = 8, hide = true, value_parser = clap::value_parser!(u16).range(1..=64))]
    concurrency: u16,
    #[command(flatten)]
    lever: super::validate_lever::LeverValidateArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ValidateFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ApiArg {
    V1,
    V3,
}

impl From<ApiArg> for GreenhouseApi {
    fn from(arg: ApiArg) -> Self {
        match arg {
            ApiArg::V1 => GreenhouseApi::V1,
            ApiArg::V3 => GreenhouseApi::V3,
        }
    }
}

/// The credential and the hosts to use it on: the environment and stdin first, then the profile
/// (whose base URLs come with its secret). Runs before any async runtime exists: reading a
/// profile may open the Secret Service, which runs a runtime of its own.
fn resolve(args: &ValidateArgs, output: &Output) -> Result<(Credential, CheckOptions), CliError> {
    let piped = |flag, what| {
        credentials::stdin_secret(
            flag,
            what,
            &format!("printenv MY_SECRET | atsctl validate … {flag}"),
            output,
        )
    };
    // Read before the credential: a profile's store may prompt, and stdin holds only the token.
    let access_token = if args.access_token_stdin {
        Some(piped("--access-token-stdin", "customer's Harvest v3 access token")?)
    } else {
        None
    };
    let sources = Sources {
        profile: args.profile.clone(),
        client_secret_stdin: if args.client_secret_stdin {
            Some(piped("--client-secret-stdin", "Harvest v3 client secret")?)
        } else {
            None
        },
        api_key_stdin: if args.api_key_stdin {
            Some(piped("--api-key-stdin", "Harvest v1 API key")?)
        } else {
            None
        },
    };
    let config = ProfileStore::locate().map_err(super::credentials::profile_error)?;
    // A customer's token is checked with the partner's v3 client, never with a v1 key.
    let api = if access_token.is_some() {
        Some(GreenhouseApi::V3)
    } else {
        args.api.map(GreenhouseApi::from)
    };
    let resolved = profile::resolve_greenhouse(&sources, api, &ProcessEnv, &config, &SystemStores::new())
        .map_err(|error| credentials::resolve_error(&error))?;
    let options = CheckOptions::for_resolved(&resolved).map_err(|error| CliError::usage(error.to_string()))?;
    let credential = match (Credential::from(resolved.credential), access_token) {
        (Credential::V3(client), Some(access_token)) => Credential::V3Authorization(V3Authorization {
            client,
            access_token,
            token_origin: Origin::Stdin("--access-token-stdin"),
        }),
        (credential, _) => credential,
    };
    Ok((credential, options))
}

pub(crate) fn run(args: &ValidateArgs, output: &mut Output) -> CliResult {
    let manifest = manifest_source::load(args.partner.as_deref(), args.manifest.as_deref())?;
    // A flag the chosen ATS does not use is a mistake worth saying, not something to ignore.
    let ats = Ats::from(args.ats);
    let given = [
        (args.strict, "--strict"),
        (args.api.is_some(), "--api"),
        (args.client_secret_stdin, "--client-secret-stdin"),
        (args.access_token_stdin, "--access-token-stdin"),
        (args.lever.webhook_url.is_some(), "--webhook-url"),
        (args.lever.region.is_some(), "--region"),
    ];
    if let Some((flag, owner)) = super::ats_arg::misplaced_flags(ats, &given).first() {
        return Err(CliError::usage(format!(
            "{flag} applies only to --ats {}",
            owner.as_str()
        )));
    }
    if args.access_token_stdin && args.api == Some(ApiArg::V1) {
        return Err(CliError::usage(
            "--access-token-stdin checks a Harvest v3 authorisation; it cannot go with --api v1",
        ));
    }
    if ats == Ats::Lever {
        let common = super::validate_lever::Common {
            json: args.format == ValidateFormat::Json,
            profile: args.profile.as_deref(),
            api_key_stdin: args.api_key_stdin,
            timeout: args.timeout,
            verbose: args.verbose,
        };
        return super::validate_lever::run(&manifest, &args.lever, &common, output);
    }
    if manifest.greenhouse.is_none() {
        return Err(CliError::usage(format!(
            "{} has no Greenhouse setup to validate",
            manifest.partner.name
        )));
    }
    let (credential, mut options) = resolve(args, output)?;
    options.budget = args.timeout;
    options.concurrency = usize::from(args.concurrency);
    options.strict = args.strict;

    let runtime = super::runtime::start(super::runtime::Threads::PerCore)?;
    let result = runtime.block_on(super::runtime::within_time_limit(
        args.timeout,
        check_with_progress(&manifest, &credential, options, args.verbose, output),
    ));
    let report = result?.map_err(failure)?;
    match args.format {
        ValidateFormat::Json => output.json(&report),
        ValidateFormat::Table => output.print(&human(&report)),
    }
    Ok(match report.verdict {
        Verdict::Ok => Exit::Ok,
        Verdict::Findings => Exit::Findings,
    })
}

/// Runs the check, drawing its events as they come: a progress bar on a terminal, request
/// lines with `-v`. Both go to stderr through `output`, on this task only.
pub(crate) async fn check_with_progress(
    manifest: &Manifest,
    credential: &Credential,
    mut options: CheckOptions,
    verbose: u8,
    output: &mut Output,
) -> Result<CredentialReport, CheckError> {
    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
    options.events = Some(Arc::new(move |event| {
        let _ = sender.send(event);
    }));
    let bar = (verbose == 0 && output.stderr_is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
        if let Ok(template) = indicatif::ProgressStyle::with_template("{spinner} {msg:40!} [{bar:30}] {pos}/{len}") {
            bar.set_style(template.progress_chars("=> "));
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    });
    if verbose > 0 {
        output.status(&format!(
            "checking {} against {}\n",
            credential.describe(),
            options.harvest_url
        ));
    }
    let check = greenhouse::check_credential(manifest, credential, &options);
    tokio::pin!(check);
    let result = loop {
        tokio::select! {
            biased;
            Some(event) = events.recv() => show_event(&event, verbose, bar.as_ref(), output),
            result = &mut check => break result,
        }
    };
    while let Ok(event) = events.try_recv() {
        show_event(&event, verbose, bar.as_ref(), output);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

fn show_event(event: &CheckEvent, verbose: u8, bar: Option<&indicatif::ProgressBar>, output: &mut Output) {
    match event {
        CheckEvent::Progress { done, total } => {
            if let Some(bar) = bar {
                bar.set_length(*total as u64);
                bar.set_position(*done as u64);
            }
        }
        CheckEvent::Stage(stage) => {
            if let Some(bar) = bar {
                bar.set_message(stage.clone());
            }
            if verbose > 0 {
                output.status(&format!("· {stage}\n"));
            }
        }
        CheckEvent::Http(event) if verbose > 0 => output.status(&super::http_trace::http_line(event, verbose)),
        CheckEvent::Http(_) => {}
    }
}

fn status_cell(status: Status) -> &'static str {
    match status {
        Status::Granted => "✔ granted",
        Status::Missing => "✘ missing",
        Status::Unverified => "? unverified",
    }
}

fn status_paint(status: Status, text: &str) -> String {
    match status {
        Status::Granted => paint(style::OK, text),
        Status::Missing => paint(style::ERROR, text),
        Status::Unverified => paint(style::WARNING, text),
    }
}

/// "To fix in Greenhouse (n)" and the numbered fixes; `setup` shows the same list.
pub(crate) fn fixes_text(report: &CredentialReport) -> String {
    let mut text = format!(
        "{}\n",
        paint(
            style::HEADING,
            &format!("To fix in Greenhouse ({})", report.fixes.len())
        )
    );
    for (index, fix) in report.fixes.iter().enumerate() {
        let _ = writeln!(text, "  {}. {}", index + 1, fix.action);
    }
    text
}

/// The report for a terminal: one table per category, then the acting user, the fixes, least
/// privilege, notes and the verdict.
pub(crate) fn human(report: &CredentialReport) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} — Greenhouse credential check",
        paint(style::EMPHASIS, &report.partner.name)
    );
    let how = match report.checked_by {
        CheckedBy::Introspection => "scopes from token introspection",
        CheckedBy::V3Probes => "one read-only GET per list scope (no introspection)",
        CheckedBy::V1Probes => "one read-only GET per read permission",
    };
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!("{} at {}; {how}", report.credential, report.harvest_url)
        )
    );
    for category in &report.categories {
        let _ = writeln!(text, "\n{}", paint(style::HEADING, &category.category));
        let mut table = new_table(&["Permission (UI label)", "v3 scope(s)", "Status", "Note"]);
        for row in &category.permissions {
            let mut note = Vec::new();
            if !row.required {
                note.push("optional".to_owned());
            }
            if row.evidence == Evidence::Inferred
                && !row.note.as_deref().is_some_and(|note| note.starts_with("inferred"))
            {
                note.push("inferred".to_owned());
            }
            note.extend(row.note.clone());
            let scopes = if row.v3_scopes.is_empty() {
                "—".to_owned()
            } else {
                row.v3_scopes.join("\n")
            };
            table.add_row(vec![
                row.label.clone(),
                scopes,
                status_cell(row.status).to_owned(),
                note.join("; "),
            ]);
        }
        text.push_str(&render(&table, 2));
    }
    if let Some(user) = &report.acting_user {
        let id = user
            .id
            .as_deref()
            .map_or_else(|| "unknown id".to_owned(), |id| format!("user {id}"));
        let role = user
            .role
            .as_deref()
            .map_or_else(String::new, |role| format!(", role {role}"));
        let note = user
            .note
            .as_deref()
            .map_or_else(String::new, |note| format!(" — {note}"));
        let _ = writeln!(
            text,
            "\nActing user: {id}{role}: {}{note}",
            status_paint(user.status, status_cell(user.status))
        );
    }
    if let Some(organization) = &report.organization {
        let name = organization.name.as_deref().unwrap_or("(no name given)");
        let id = organization
            .id
            .as_deref()
            .map_or_else(String::new, |id| format!(" (id {id})"));
        let _ = writeln!(text, "Organization: {name}{id}");
    }
    if !report.fixes.is_empty() {
        text.push('\n');
        text.push_str(&fixes_text(report));
    }
    let _ = writeln!(text, "\n{}", paint(style::HEADING, "Least privilege"));
    if report.least_privilege.extra.is_empty() {
        let _ = writeln!(
            text,
            "  {}",
            report
                .least_privilege
                .note
                .as_deref()
                .unwrap_or("nothing beyond what the partner needs")
        );
    } else {
        let _ = writeln!(
            text,
            "  Granted beyond what {} needs ({}): {}",
            report.partner.name,
            report.least_privilege.extra.len(),
            report.least_privilege.extra.join(", ")
        );
    }
    if !report.notes.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::DIM, "Notes"));
        for note in &report.notes {
            let _ = writeln!(text, "  - {note}");
        }
    }
    let summary = report.summary;
    let counted = if report.acting_user.is_some() {
        " (permissions and the acting user)"
    } else {
        ""
    };
    let counts = format!(
        "{} granted, {} missing, {} unverified{counted}",
        summary.granted, summary.missing, summary.unverified
    );
    let verdict = match report.verdict {
        Verdict::Ok if summary.required_unverified > 0 => paint(
            style::WARNING,
            &format!(
                "OK, but {} required item(s) could not be verified (--strict fails on them)",
                summary.required_unverified
            ),
        ),
        Verdict::Ok => paint(style::OK, "OK: every required item is granted"),
        Verdict::Findings if summary.required_missing > 0 => paint(
            style::ERROR,
            &format!("{} required item(s) missing", summary.required_missing),
        ),
        Verdict::Findings => paint(
            style::ERROR,
            &format!("{} required item(s) unverified (--strict)", summary.required_unverified),
        ),
    };
    let _ = writeln!(text, "\nResult: {counts} — {verdict}");
    text
}
