//! `atsctl validate <partner> --ats greenhouse`: resolve a Greenhouse credential (environment,
//! stdin, then a profile, through [`atsctl::profile::resolve_greenhouse`]) and the hosts, run
//! the library check on a tokio runtime while rendering its progress, and render the report.
//! Secrets never come from argv and never reach the output.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use atsctl::greenhouse::report::{CheckedBy, CredentialReport, Evidence, Status, Verdict};
use atsctl::greenhouse::{self, CheckError, CheckEvent, CheckOptions, Credential, V3Authorization};
use atsctl::manifest::Manifest;
use atsctl::profile::{self, GreenhouseApi, Origin, ProcessEnv, ProfileStore, Sources, SystemStores};

use crate::cli::credentials;
use crate::cli::output::{paint, style};
use crate::cli::table::{new_table, render};
use crate::cli::validate::{ApiArg, ValidateArgs, ValidateFormat};
use crate::cli::{CliError, CliResult, Exit, Output, failure};

/// `validate --ats greenhouse`: resolve the credential, check it on a runtime while showing
/// progress, and print the report.
pub(crate) fn run(manifest: &Manifest, args: &ValidateArgs, output: &mut Output) -> CliResult {
    if args.access_token_stdin && args.api == Some(ApiArg::V1) {
        return Err(CliError::usage(
            "--access-token-stdin checks a Harvest v3 authorisation; it cannot go with --api v1",
        ));
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

    let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::PerCore)?;
    let result = runtime.block_on(crate::cli::runtime::within_time_limit(
        args.timeout,
        check_with_progress(manifest, &credential, options, args.verbose, output),
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
    let config = ProfileStore::locate().map_err(crate::cli::credentials::profile_error)?;
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
        CheckEvent::Http(event) if verbose > 0 => output.status(&crate::cli::http_trace::http_line(event, verbose)),
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
