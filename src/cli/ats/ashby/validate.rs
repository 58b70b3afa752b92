//! `atsctl validate <partner> --ats ashby`: check an Ashby API key against the manifest's Ashby
//! section with read-only safe probes only (`apiKey.info`, else one smallest-page read per
//! needed module), and say what no API reveals (write permissions, the key's toggles).
//!
//! The report comes from [`atsctl::ashby::check::check`] as an [`AshbyReport`]; [`human`] is
//! its terminal form and `--format json` prints it as it is.

use std::fmt::Write as _;
use std::time::Duration;

use atsctl::ashby::check::{self, CheckContext};
use atsctl::ashby::report::{AshbyReport, Evidence, PartnerRef, PermissionReport, Status, Verdict};
use atsctl::manifest::Manifest;

use super::session::{Connect, Session};
use crate::cli::output::{paint, style};
use crate::cli::table::{new_table, render};
use crate::cli::{CliError, CliResult, Exit, Output, failure};

/// The flags `validate` shares between ATSs.
pub(crate) struct Common<'a> {
    pub(crate) json: bool,
    pub(crate) strict: bool,
    /// `--profile` (or `ATSCTL_PROFILE`).
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    pub(crate) timeout: Duration,
    pub(crate) verbose: u8,
}

pub(crate) fn run(manifest: &Manifest, common: &Common<'_>, output: &mut Output) -> CliResult {
    let Some(setup) = manifest.ashby.as_ref() else {
        let covers: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.as_str()).collect();
        return Err(
            CliError::usage(format!("{} has no Ashby setup to validate", manifest.partner.name))
                .with_help(format!("it covers: {}", covers.join(", "))),
        );
    };
    let mut session = Session::open(
        &Connect {
            profile: common.profile,
            api_key_stdin: common.api_key_stdin,
            timeout: common.timeout,
            stdin_example: "printenv MY_ASHBY_KEY | atsctl validate acme-sourcing --ats ashby --api-key-stdin",
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
        partner: PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        },
        credential: session.credential.clone(),
        api_url_source: session.url_source.clone(),
        strict: common.strict,
    };
    let report = session
        .run(output, async |client| check::check(setup, client, &context).await)
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
fn status_cell(status: Status, evidence: Evidence) -> String {
    let how = match evidence {
        Evidence::ApiKeyInfo => " (apiKey.info)",
        Evidence::Probe => " (probe)",
        Evidence::NotChecked => "",
    };
    let mark = match status {
        Status::Granted => "✔ granted",
        Status::Missing => "✘ missing",
        Status::Unverified => "? unverified",
    };
    format!("{mark}{how}")
}

fn permission_row(row: &PermissionReport) -> Vec<String> {
    vec![
        row.label(),
        row.permission_id.clone(),
        if row.required { "required" } else { "optional" }.to_owned(),
        status_cell(row.status, row.evidence),
        row.note.clone().unwrap_or_default(),
    ]
}

/// The report for a terminal: permissions, toggles, what apply needs, fixes, the verdict.
pub(crate) fn human(report: &AshbyReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{} — Ashby check", paint(style::EMPHASIS, &report.partner.name));
    let title = report
        .key_title
        .as_deref()
        .map_or_else(String::new, |title| format!(" \"{title}\""));
    let _ = writeln!(
        text,
        "{}",
        paint(
            style::DIM,
            &format!(
                "{}{title} at {} ({}); read-only safe probes",
                report.credential, report.api_url, report.api_url_source
            )
        )
    );
    if !report.permissions.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::HEADING, "API key permissions"));
        let mut table = new_table(&["Permission", "id", "Need", "Status", "Note"]);
        for row in &report.permissions {
            table.add_row(permission_row(row));
        }
        text.push_str(&render(&table, 2));
    }
    if !report.toggles.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::HEADING, "API key settings — check by hand"));
        for toggle in &report.toggles {
            let need = if toggle.required { "required" } else { "optional" };
            let _ = writeln!(text, "  - {} ({need}): {}", toggle.label, toggle.status.as_str());
        }
    }
    if let Some(row) = &report.apply_permission {
        let _ = writeln!(
            text,
            "\n{} {} ({}) lets `atsctl apply` create the webhooks: {}",
            paint(style::HEADING, "For apply:"),
            row.label(),
            row.permission_id,
            status_cell(row.status, row.evidence)
        );
    }
    if !report.fixes.is_empty() {
        let _ = writeln!(
            text,
            "\n{}",
            paint(style::HEADING, &format!("To fix in Ashby ({})", report.fixes.len()))
        );
        for (index, fix) in report.fixes.iter().enumerate() {
            let need = if fix.required { "" } else { " (optional)" };
            let _ = writeln!(text, "  {}. {}{need}", index + 1, fix.sentence());
        }
    }
    if report.least_privilege.checked && !report.least_privilege.extra.is_empty() {
        let _ = writeln!(
            text,
            "\n{} the key also has {}, which {} does not need.",
            paint(style::WARNING, "Least privilege:"),
            report.least_privilege.extra.join(", "),
            report.partner.name
        );
    }
    if !report.notes.is_empty() {
        let _ = writeln!(text, "\n{}", paint(style::DIM, "Notes"));
        for note in &report.notes {
            let _ = writeln!(text, "  - {note}");
        }
    }
    let summary = report.summary;
    let counts = format!(
        "{} granted, {} missing, {} unverified",
        summary.granted, summary.missing, summary.unverified
    );
    let verdict = match report.verdict {
        Verdict::Ok => paint(
            style::OK,
            "OK: every required permission that can be checked is granted",
        ),
        Verdict::Findings if summary.required_missing > 0 => paint(
            style::ERROR,
            &format!("{} required permission(s) missing", summary.required_missing),
        ),
        Verdict::Findings => paint(
            style::ERROR,
            &format!("{} required item(s) unverified (--strict)", summary.required_unverified),
        ),
    };
    let _ = writeln!(text, "\nResult: {counts} — {verdict}");
    text
}
