//! `atsctl validate <partner> --ats lever`: check a Lever account against the manifest's Lever
//! section — the pipeline stages it needs, a webhook per event — with GETs only, and list what
//! no API can read (the Super Admin's webhook toggles, an OAuth authorization).
//!
//! `validate.rs` parses the shared flags and the registry (`cli/ats/mod.rs`) dispatches here; the
//! Lever-only flags live in [`LeverValidateArgs`], flattened into its arguments.

use std::fmt::Write as _;
use std::time::Duration;

use atsctl::lever::check::{self, CheckContext};
use atsctl::lever::report::{LeverReport, Status, Verdict};
use atsctl::lever::webhook_url;
use atsctl::manifest::Manifest;

use super::session::{Connect, RegionArg, Session};
use crate::cli::failure;
use crate::cli::fix_wording::fix_text;
use crate::cli::output::{paint, style};
use crate::cli::table::{new_table, render};
use crate::cli::{CliError, CliResult, Exit, Output};

/// Flags only `--ats lever` uses.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Lever (--ats lever)")]
pub(crate) struct LeverValidateArgs {
    /// The URL each webhook must point at. Without it, the manifest's fixed URL; failing that,
    /// a webhook for the event at any URL counts.
    #[arg(long, value_name = "URL")]
    pub(crate) webhook_url: Option<String>,
    /// The Lever account's region, which picks the API host: us (api.lever.co) or eu
    /// (api.eu.lever.co). ATSCTL_LEVER_URL sets the URL itself.
    #[arg(long, value_enum)]
    pub(crate) region: Option<RegionArg>,
}

/// The flags `validate` shares between ATSs.
pub(crate) struct Common<'a> {
    pub(crate) json: bool,
    /// `--profile` (or `ATSCTL_PROFILE`).
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    pub(crate) timeout: Duration,
    pub(crate) verbose: u8,
}

pub(crate) fn run(
    manifest: &Manifest,
    args: &LeverValidateArgs,
    common: &Common<'_>,
    output: &mut Output,
) -> CliResult {
    if manifest.lever.is_none() {
        let covers: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.as_str()).collect();
        return Err(
            CliError::usage(format!("{} has no Lever setup to validate", manifest.partner.name))
                .with_help(format!("it covers: {}", covers.join(", "))),
        );
    }
    let webhook_url = match &args.webhook_url {
        Some(url) => {
            Some(webhook_url::parse(url).map_err(|problem| CliError::usage(format!("--webhook-url: {problem}")))?)
        }
        None => None,
    };
    let mut session = Session::open(
        &Connect {
            profile: common.profile,
            api_key_stdin: common.api_key_stdin,
            region: args.region,
            timeout: common.timeout,
        },
        common.verbose,
        output,
    )?;
    if common.verbose > 0 {
        output.status(&format!(
            "checking {} against {}\n",
            session.credential,
            session.client.base_url()
        ));
    }
    let context = CheckContext {
        credential: session.credential.clone(),
        api_url_source: session.url_source.clone(),
        webhook_url: webhook_url.map(|url| url.to_string()),
    };
    let report = session
        .run(output, async |client| check::check(manifest, client, &context).await)
        .map_err(failure)?;
    if common.json {
        output.json(&report);
    } else {
        output.print(&human(&report));
    }
    Ok(match report.verdict {
        Verdict::Ok => Exit::Ok,
        Verdict::Findings => Exit::Findings,
    })
}

/// Plain text: table cells carry no styles, since the table measures their width.
fn status_cell(status: Status) -> String {
    match status {
        Status::Present => "✔ present",
        Status::Missing => "✘ missing",
        Status::NoAccess => "✘ no access",
    }
    .to_owned()
}

/// The report for a terminal: stages, webhooks, what to check by hand, fixes, the verdict.
pub(crate) fn human(report: &LeverReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{} — Lever check", paint(style::EMPHASIS, &report.partner.name));
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!(
                "{} at {} ({}); read-only GETs",
                report.credential, report.api_url, report.api_url_source
            )
        )
    );
    if !report.stages.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::HEADING, "Pipeline stages"));
        let mut table = new_table(&["Stage", "Need", "Status", "Note"]);
        for stage in &report.stages {
            table.add_row(vec![
                stage.name.clone(),
                if stage.required { "required" } else { "optional" }.to_owned(),
                status_cell(stage.status),
                stage.note.clone().unwrap_or_default(),
            ]);
        }
        text.push_str(&render(&table, 2));
    }
    if !report.webhooks.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::HEADING, "Webhooks"));
        let mut table = new_table(&["Event", "Must point at", "Status", "Note"]);
        for webhook in &report.webhooks {
            let mut note: Vec<String> = webhook.note.iter().cloned().collect();
            if webhook.status == Status::Present {
                let ids: Vec<String> = webhook
                    .matching
                    .iter()
                    .map(|found| format!("{} → {}", found.id, found.url))
                    .collect();
                note.push(ids.join("\n"));
            }
            table.add_row(vec![
                webhook.event.clone(),
                webhook.expected_url.clone().unwrap_or_else(|| "(any URL)".to_owned()),
                status_cell(webhook.status),
                note.join("\n"),
            ]);
        }
        text.push_str(&render(&table, 2));
    }
    if !report.manual.is_empty() {
        let _ = writeln!(
            text,
            "\n{}",
            paint(style::HEADING, "Not readable by API — check by hand")
        );
        for check in &report.manual {
            let _ = writeln!(text, "  - {}", check.action);
        }
    }
    if !report.fixes.is_empty() {
        let _ = writeln!(
            text,
            "\n{}",
            paint(style::HEADING, &format!("To fix in Lever ({})", report.fixes.len()))
        );
        for (index, fix) in report.fixes.iter().enumerate() {
            let _ = writeln!(text, "  {}. {}", index + 1, fix_text(&fix.action));
        }
    }
    if !report.notes.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::DIM, "Notes"));
        for note in &report.notes {
            let _ = writeln!(text, "  - {note}");
        }
    }
    let summary = report.summary;
    let mut counts = format!("{} present, {} missing", summary.present, summary.missing);
    if summary.no_access > 0 {
        let _ = write!(counts, ", {} not readable with this key", summary.no_access);
    }
    let verdict = match report.verdict {
        Verdict::Ok => paint(
            style::OK,
            "OK: every required stage and webhook is there (the toggles above still need a person)",
        ),
        Verdict::Findings => paint(
            style::ERROR,
            &format!("{} required item(s) missing or unreadable", summary.required_failing),
        ),
    };
    let _ = writeln!(text, "\nResult: {counts} — {verdict}");
    text
}
