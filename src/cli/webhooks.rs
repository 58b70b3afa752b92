//! `atsctl webhooks verify` and `atsctl webhooks listen`: check one saved delivery's signature,
//! or receive deliveries live and watch which of a partner's webhooks arrive verified.
//!
//! The judging lives in the library (`atsctl::webhooks`); this file reads the secret from the
//! environment, runs the receiver on a tokio runtime, and renders records and progress.

use std::fmt::Write as _;
use std::future::Future;
use std::io::Read as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use atsctl::manifest::Ats;
use atsctl::webhooks::open_files::raise_open_file_limit;
use atsctl::webhooks::server::{self, Limits, Received};
use atsctl::webhooks::{DeliveryRecord, Inspector, MAX_BODY_BYTES, Progress, SECRET_ENV, Secrets, Tracker, Verdict};
use clap::Subcommand;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};

use super::ats::AtsArg;
use super::manifest_source::{self, io_reason};
use super::output::{paint, style};
use super::table::{new_table, render};
use super::{CliError, CliResult, Exit, Output, failure};

// Its description is on `Command::Webhooks` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct WebhooksArgs {
    #[command(subcommand)]
    command: WebhooksCommand,
}

#[derive(Debug, Subcommand)]
enum WebhooksCommand {
    Verify(VerifyArgs),
    Listen(ListenArgs),
}

/// Check one delivery's signature: exit 0 valid, 1 invalid, 2 when it cannot be checked.
///
/// The secret (Greenhouse's Secret Key, Lever's signature token, Ashby's secret token) comes
/// from ATSCTL_WEBHOOK_SECRET; several, comma-separated, are each tried. Pass the body exactly as
/// received: Greenhouse and Ashby sign the raw bytes, so reformatting it or adding a newline breaks the
/// signature. The signature is checked over the raw bytes before anything is parsed, so a
/// tampered body is invalid (exit 1) whatever it contains; exit 2 means there was nothing to
/// check (no secret, no signature, an unreadable body). Freshness and duplicates are `listen`'s
/// business; this checks the signature only.
#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// The ATS that sent the delivery.
    #[arg(long, value_enum)]
    ats: AtsArg,
    /// The delivery body as received; read from stdin when omitted.
    #[arg(long, value_name = "BODY")]
    file: Option<PathBuf>,
    /// Greenhouse: the `Signature` header's value (`sha256 <hex>`, or the hex alone). Ashby: the
    /// `Ashby-Signature` header's value (`sha256=<hex>`). Lever: the body carries its signature;
    /// if given, this must match too.
    #[arg(long, value_name = "VALUE")]
    signature: Option<String>,
    /// `human`, or `json` for scripts.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Receive deliveries on a local HTTP endpoint and check them against a partner's manifest.
///
/// Every POST is verified with ATSCTL_WEBHOOK_SECRET (several comma-separated while rotating a
/// secret), mapped to the manifest's webhooks, and reported on stderr; --format json also writes
/// one JSON line per delivery on stdout. Unsigned or wrongly signed deliveries get 401, bodies
/// over 1 MiB 413, other methods 405, request headers over 32 KiB 431, headers that do not
/// arrive within 5 seconds 408; Greenhouse's and Ashby's save-time pings and unknown actions get
/// 200 and are not counted; repeats (same Greenhouse-Event-ID, Lever token, or Ashby
/// webhookActionId and action, or the same signed body under another id) get 200 and are
/// counted once; Lever deliveries whose triggeredAt is more than 5 minutes off get 401. Ashby
/// does not retry a delivery answered 401: a wrong secret loses events, and the live view says so.
///
/// Greenhouse, Lever and Ashby deliver only to public HTTPS URLs: put a tunnel or TLS reverse proxy in
/// front of this address. Exit 0 when every expected webhook was verified, 1 when some are
/// missing (at --timeout, or on Ctrl-C).
#[derive(Debug, clap::Args)]
struct ListenArgs {
    /// A bundled partner (see `atsctl partners`).
    #[arg(required_unless_present = "manifest")]
    partner: Option<String>,
    /// The ATS whose deliveries to expect; may be omitted when the partner covers one.
    #[arg(long, value_enum)]
    ats: Option<AtsArg>,
    /// Expect the webhooks of your own manifest file instead of a bundled partner's.
    #[arg(long, value_name = "FILE")]
    manifest: Option<PathBuf>,
    /// Address to listen on; port 0 picks a free port (the address is printed once bound).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Exit 0 as soon as every expected webhook has been verified.
    #[arg(long)]
    until_complete: bool,
    /// Stop after this long (`90`, `30s`, `5m`, `1h`; at most 365 days); exit 1 naming what is
    /// still missing.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    timeout: Option<Duration>,
    /// `human` (lines on stderr), or `json`: also one JSON line per delivery on stdout.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    // `terminal` as every command that prints for a person accepts it.
    #[value(alias = "terminal")]
    Human,
    Json,
}

pub(crate) fn run(args: &WebhooksArgs, output: &mut Output) -> CliResult {
    match &args.command {
        WebhooksCommand::Verify(args) => verify(args, output),
        WebhooksCommand::Listen(args) => listen(args, output),
    }
}

/// The secrets in `ATSCTL_WEBHOOK_SECRET`. Never a flag: argv is visible to every local user.
fn secrets_from_env() -> Result<Secrets, CliError> {
    let missing = || {
        CliError::usage(format!("{SECRET_ENV} is not set"))
            .with_help(
                "set it to the web hook's Secret Key (Greenhouse), signature token (Lever) or secret token (Ashby)",
            )
            .with_help(format!(
                "while rotating, give both, comma-separated: {SECRET_ENV}=old,new"
            ))
    };
    match std::env::var(SECRET_ENV) {
        Ok(value) => Secrets::parse(&value).ok_or_else(missing),
        Err(std::env::VarError::NotPresent) => Err(missing()),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::usage(format!("{SECRET_ENV} is not valid UTF-8"))),
    }
}

// ---------------------------------------------------------------------------------------------
// verify

/// The result of `webhooks verify`, as `--format json` prints it.
#[derive(Debug, Serialize)]
struct VerifyReport {
    command: &'static str,
    /// `valid` (exit 0) or `invalid` (exit 1).
    outcome: &'static str,
    exit_code: u8,
    reason: String,
    ats: Ats,
    /// Greenhouse's `action` or Lever's `event`.
    event: Option<String>,
    /// Lever's `token` (Greenhouse's event id is a header, not in the body).
    event_id: Option<String>,
    valid: bool,
    /// Which secret verified it, counting from 1.
    secret: Option<usize>,
    /// How many secrets were tried.
    secrets_tried: usize,
}

fn verify(args: &VerifyArgs, output: &mut Output) -> CliResult {
    let secrets = secrets_from_env()?;
    let ats: Ats = args.ats.into();
    // The signature is read before the body: without one there may be nothing to check.
    let spec = ats.spec();
    let signature = (spec.read_signature)(args.signature.as_deref()).map_err(failure)?;
    let body = read_body(args, output)?;
    let checked = (spec.verify_delivery)(&secrets, &body, signature.as_deref()).map_err(failure)?;
    let valid = checked.secret.is_some();
    let exit = if valid { Exit::Ok } else { Exit::Findings };
    let reason = match checked.secret {
        Some(index) => format!("the signature matches secret {} of {}", index + 1, secrets.len()),
        None => format!("the signature matches none of the {} secret(s) tried", secrets.len()),
    };
    let report = VerifyReport {
        command: "webhooks verify",
        outcome: if valid { "valid" } else { "invalid" },
        exit_code: exit as u8,
        reason,
        ats,
        event: checked.event,
        event_id: checked.event_id,
        valid,
        secret: checked.secret.map(|index| index + 1),
        secrets_tried: secrets.len(),
    };
    match args.format {
        Format::Json => output.json(&report),
        Format::Human => output.print(&verify_text(&report)),
    }
    if report.valid
        && let Some(problem) = checked.body_problem
    {
        output.warning(&format!(
            "the signature is valid, but this is not a readable {} delivery: {problem}",
            ats.display_name()
        ));
    }
    Ok(exit)
}

/// The body, from --file or stdin, at most [`MAX_BODY_BYTES`]: `listen` refuses anything
/// larger, and a path like /dev/zero must not read forever.
fn read_body(args: &VerifyArgs, output: &Output) -> Result<Vec<u8>, CliError> {
    let limit = u64::try_from(MAX_BODY_BYTES).unwrap_or(u64::MAX);
    let (body, source) = match &args.file {
        Some(path) => {
            let file = std::fs::File::open(path)
                .map_err(|error| CliError::usage(format!("cannot read {}: {}", path.display(), io_reason(&error))))?;
            let mut body = Vec::new();
            file.take(limit + 1)
                .read_to_end(&mut body)
                .map_err(|error| CliError::usage(format!("cannot read {}: {}", path.display(), io_reason(&error))))?;
            (body, path.display().to_string())
        }
        None if output.stdin_is_terminal() => {
            return Err(
                CliError::usage("no body: pass --file BODY, or pipe the body on stdin").with_help(format!(
                    "atsctl webhooks verify --ats {} --signature \"$SIG\" < body.json",
                    Ats::from(args.ats).as_str()
                )),
            );
        }
        None => {
            let mut body = Vec::new();
            std::io::stdin()
                .take(limit + 1)
                .read_to_end(&mut body)
                .map_err(|error| CliError::usage(format!("cannot read the body from stdin: {}", io_reason(&error))))?;
            (body, "the body on stdin".to_owned())
        }
    };
    if body.len() > MAX_BODY_BYTES {
        return Err(CliError::usage(format!(
            "{source} is larger than {MAX_BODY_BYTES} bytes: not a delivery `listen` would accept"
        )));
    }
    Ok(body)
}

fn verify_text(report: &VerifyReport) -> String {
    let event = report
        .event
        .as_deref()
        .map_or_else(|| "(no event)".to_owned(), terminal_safe);
    let mut text = format!("{} `{event}`: ", report.ats.display_name());
    match report.secret {
        Some(index) => {
            let which = if report.secrets_tried > 1 {
                format!(" (secret {index} of {})", report.secrets_tried)
            } else {
                String::new()
            };
            let _ = writeln!(text, "{}{which}", paint(style::OK, "signature valid"));
        }
        None => {
            let _ = writeln!(text, "{}", paint(style::ERROR, "signature invalid"));
            let hint = report.ats.spec().signature.invalid_hint;
            let _ = writeln!(text, "  {}", paint(style::DIM, hint));
        }
    }
    text
}

// ---------------------------------------------------------------------------------------------
// listen

/// Below this many connections at once a trickle of slow clients could fill the receiver
/// before the header deadline frees them: worth a warning.
const MANY_CONNECTIONS: usize = 2_000;

/// The longest `--timeout`: a year is longer than anyone waits for a webhook, and far inside
/// what the clock can add.
const LONGEST_TIMEOUT: Duration = Duration::from_secs(365 * 24 * 3600);

/// How listening ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Complete,
    TimedOut,
    Interrupted,
    ServerStopped,
}

fn listen(args: &ListenArgs, output: &mut Output) -> CliResult {
    let manifest = manifest_source::load(args.partner.as_deref(), args.manifest.as_deref())?;
    let ats = manifest_source::pick_ats(&manifest, args.ats)?;
    let secrets = secrets_from_env()?;
    let tracker = Tracker::for_manifest(&manifest, ats);
    let runtime = super::runtime::start(super::runtime::Threads::PerCore)?;
    let title = format!("{} on {}", manifest.partner.name, ats.display_name());
    let inspector = Inspector::new(ats, secrets);
    let limits = Limits::default();
    // Room for the connection cap and the descriptors that are not connections.
    let wanted_files = u64::try_from(limits.max_connections)
        .unwrap_or(u64::MAX)
        .saturating_add(atsctl::webhooks::open_files::RESERVED_FILES);
    let limits = limits.within_open_files(raise_open_file_limit(wanted_files));
    runtime.block_on(receive(args, output, inspector, tracker, limits, &title))
}

async fn receive(
    args: &ListenArgs,
    output: &mut Output,
    inspector: Inspector,
    mut tracker: Tracker,
    limits: Limits,
    title: &str,
) -> CliResult {
    let listener = server::bind(args.addr).map_err(|error| {
        CliError::usage(format!("cannot listen on {}: {}", args.addr, io_reason(&error)))
            .with_help("choose another address with --addr; port 0 picks any free port")
    })?;
    let local = listener.local_addr().unwrap_or(args.addr);
    // Registered before anything is printed, so a Ctrl-C right after the address appears is
    // already ours to handle.
    let interrupted = interrupt_signal();
    tokio::pin!(interrupted);

    let (events_sender, mut events) = mpsc::channel::<Received>(1024);
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(server::serve(listener, inspector, limits, events_sender, async move {
        let _ = stopped.await;
    }));

    output.status(&format!("listening on http://{local}\n"));
    if limits.max_connections < MANY_CONNECTIONS {
        output.warning(&format!(
            "the open-file limit allows only {} connections at once; slow clients could hold them all (raise it with `ulimit -n`)",
            limits.max_connections
        ));
    }
    if !local.ip().is_loopback() {
        output.warning(
            "this is plain HTTP on a non-loopback address; Greenhouse, Lever and Ashby deliver only to HTTPS URLs, so put a TLS reverse proxy or tunnel in front",
        );
    }
    let expected = tracker.progress().expected();
    if expected == 0 {
        output.warning(&format!(
            "{title}: the manifest sets up no webhooks; every delivery will be unexpected"
        ));
    } else {
        let stop_hint = if args.until_complete {
            "until all are verified"
        } else {
            "Ctrl-C to stop"
        };
        output.status(&format!("{title}: waiting for {expected} webhook(s) ({stop_hint})\n"));
    }

    let mut view = LiveView::new(output, args.format, expected);
    // A deadline past what the clock can represent is no deadline (parse_duration caps the flag
    // far below that; this keeps the addition from overflowing whatever the input).
    let deadline = args
        .timeout
        .and_then(|timeout| tokio::time::Instant::now().checked_add(timeout));
    let timer = async move {
        match deadline {
            Some(deadline) => tokio::time::sleep_until(deadline).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(timer);
    view.redraw(tracker.progress());

    let end = if args.until_complete && tracker.progress().is_complete() {
        End::Complete
    } else {
        loop {
            tokio::select! {
                received = events.recv() => {
                    let Some(Received { at, inspection }) = received else { break End::ServerStopped };
                    let record = tracker.record(inspection, at);
                    view.delivery(&record, tracker.progress());
                    if args.until_complete && tracker.progress().is_complete() {
                        break End::Complete;
                    }
                }
                () = &mut timer => break End::TimedOut,
                () = &mut interrupted => break End::Interrupted,
            }
        }
    };
    let _ = stop.send(());
    let _ = server.await;
    // Deliveries already answered are recorded too, even those that raced the stop.
    while let Ok(Received { at, inspection }) = events.try_recv() {
        let record = tracker.record(inspection, at);
        view.delivery(&record, tracker.progress());
    }
    view.finish(tracker.progress(), title, end);
    // The summary table above marks each missing web hook; the error repeats them only when
    // --quiet kept the table from being shown.
    let table_shown = !output.is_quiet();

    let progress = tracker.progress();
    match end {
        _ if progress.is_complete() => Ok(Exit::Ok),
        End::TimedOut => {
            let waited = args
                .timeout
                .map_or_else(String::new, |timeout| format!(" after {}", describe_duration(timeout)));
            Err(CliError::new(
                Exit::Findings,
                format!(
                    "timed out{waited}: {} of {} webhooks not verified{}",
                    progress.expected() - progress.verified(),
                    progress.expected(),
                    if table_shown {
                        " (marked ✗ in the table above)".to_owned()
                    } else {
                        format!(": {}", missing_list(progress))
                    }
                ),
            )
            .with_help("check each missing web hook's event, endpoint URL and secret, then trigger it (e.g. move a test candidate)"))
        }
        End::ServerStopped => Err(CliError::new(Exit::Findings, "the receiver stopped unexpectedly")),
        End::Complete | End::Interrupted => Ok(Exit::Findings),
    }
}

/// Completes on Ctrl-C (and, on Unix, SIGTERM), so either ends with the summary.
fn interrupt_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let interrupt = signal(SignalKind::interrupt());
        let terminate = signal(SignalKind::terminate());
        async move {
            match (interrupt, terminate) {
                (Ok(mut interrupt), Ok(mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                // Without a handler the default action ends the process, summary or not.
                _ => std::future::pending().await,
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}

fn missing_list(progress: &Progress) -> String {
    progress
        .missing()
        .map(|webhook| describe_webhook(&webhook.name, &webhook.event))
        .collect::<Vec<_>>()
        .join(", ")
}

fn describe_webhook(name: &str, event: &str) -> String {
    if name == event {
        name.to_owned()
    } else {
        format!("{name} ({event})")
    }
}

/// What the person at the terminal (stderr) and a script (stdout, with --format json) see.
struct LiveView<'a> {
    output: &'a mut Output,
    format: Format,
    /// On a terminal a status line is kept at the bottom and redrawn; elsewhere only lines.
    live: bool,
    /// Characters of the status line on screen now, to blank it before writing over it.
    shown: usize,
    width: usize,
    expected: usize,
}

impl<'a> LiveView<'a> {
    fn new(output: &'a mut Output, format: Format, expected: usize) -> Self {
        let live = output.stderr_is_terminal();
        let mut probe = comfy_table::Table::new();
        probe.use_stderr();
        // A pseudo-terminal without a size (e.g. under `script`) reports 0 columns.
        let width = probe
            .width()
            .map(usize::from)
            .filter(|&width| width >= 40)
            .unwrap_or(80);
        Self {
            output,
            format,
            live,
            shown: 0,
            width,
            expected,
        }
    }

    fn delivery(&mut self, record: &DeliveryRecord, progress: &Progress) {
        if self.format == Format::Json {
            self.output.json_line(record);
        }
        self.clear();
        self.output.status(&record_line(record, progress, self.expected));
        self.redraw(progress);
    }

    /// Blanks the status line. Spaces rather than an erase sequence, which would be stripped
    /// when colour is off.
    fn clear(&mut self) {
        if self.shown > 0 {
            self.output.status(&format!("\r{}\r", " ".repeat(self.shown)));
            self.shown = 0;
        }
    }

    fn redraw(&mut self, progress: &Progress) {
        if !self.live {
            return;
        }
        self.clear();
        let line: String = status_line(progress)
            .chars()
            .take(self.width.saturating_sub(1).max(20))
            .collect();
        self.shown = line.chars().count();
        self.output.status(&line);
    }

    fn finish(mut self, progress: &Progress, title: &str, end: End) {
        self.clear();
        let how = match end {
            End::Complete => "complete",
            End::TimedOut => "timed out",
            End::Interrupted => "stopped",
            End::ServerStopped => "receiver stopped",
        };
        self.output
            .status(&format!("\n{} — {how}\n", paint(style::HEADING, title)));
        self.output.status(&summary(progress));
    }
}

/// `3/14 verified · 1 unexpected · 2 refused · waiting for job_created +10`
fn status_line(progress: &Progress) -> String {
    let mut line = format!("{}/{} verified", progress.verified(), progress.expected());
    let unexpected: u64 = progress.unexpected.values().sum();
    for (count, label) in [
        (unexpected, "unexpected"),
        (progress.count(Verdict::Ping), "ping"),
        (progress.rejected(), "refused"),
    ] {
        if count > 0 {
            let _ = write!(line, " · {count} {label}");
        }
    }
    let mut missing = progress.missing();
    if let Some(next) = missing.next() {
        let rest = missing.count();
        let _ = write!(line, " · waiting for {}", terminal_safe(&next.event));
        if rest > 0 {
            let _ = write!(line, " +{rest}");
        }
    }
    line
}

/// One line per delivery: time, status, verdict, event, and what it counted for or why not.
fn record_line(record: &DeliveryRecord, progress: &Progress, expected: usize) -> String {
    let time = record.received_at.get(11..19).unwrap_or(&record.received_at);
    let verdict_style = match record.verdict {
        Verdict::Verified => style::OK,
        Verdict::Unexpected | Verdict::Duplicate | Verdict::Ping => style::WARNING,
        _ => style::ERROR,
    };
    let verdict = paint(verdict_style, &format!("{:<17}", record.verdict.as_str()));
    let event = record.event.as_deref().map_or_else(|| "-".to_owned(), terminal_safe);
    let mut line = format!("{time} {} {verdict} {event}", record.status);
    if let Some(webhook) = &record.webhook
        && webhook != &event
    {
        let _ = write!(line, "  \"{}\"", terminal_safe(webhook));
    }
    if record.verdict == Verdict::Verified {
        let _ = write!(line, "  [{}/{expected}]", progress.verified());
    }
    if let Some(reason) = &record.reason {
        let _ = write!(line, "  {}", paint(style::DIM, &terminal_safe(reason)));
    }
    if let Some(secret) = record.secret
        && record.verdict == Verdict::Verified
        && secret > 1
    {
        let _ = write!(line, "  {}", paint(style::DIM, &format!("(secret {secret})")));
    }
    line.push('\n');
    line
}

/// The final table: every expected webhook with its counts, then what else arrived.
fn summary(progress: &Progress) -> String {
    let mut text = String::new();
    if progress.expected() > 0 {
        let mut table = new_table(&["", "Webhook", "Event", "Verified", "Refused"]);
        table.use_stderr();
        if table.width().is_some_and(|width| width < 40) {
            // A terminal that reports no useful width: print the table unwrapped.
            table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        }
        for webhook in &progress.webhooks {
            let mark = if webhook.verified > 0 { "✓" } else { "✗" };
            table.add_row(vec![
                mark.to_owned(),
                terminal_safe(&webhook.name),
                webhook.event.clone(),
                webhook.verified.to_string(),
                webhook.rejected.to_string(),
            ]);
        }
        text.push_str(&render(&table, 0));
    }
    let _ = writeln!(
        text,
        "{} of {} expected webhooks verified",
        progress.verified(),
        progress.expected()
    );
    if !progress.unexpected.is_empty() {
        let list: Vec<String> = progress
            .unexpected
            .iter()
            .map(|(event, count)| format!("{} ×{count}", terminal_safe(event)))
            .collect();
        let _ = writeln!(text, "unexpected events: {}", list.join(", "));
    }
    let others: Vec<String> = Verdict::ALL
        .iter()
        .filter(|verdict| !matches!(verdict, Verdict::Verified | Verdict::Unexpected))
        .filter_map(|&verdict| {
            let count = progress.count(verdict);
            (count > 0).then(|| format!("{} {count}", verdict.as_str()))
        })
        .collect();
    if !others.is_empty() {
        let _ = writeln!(text, "not counted: {}", others.join(", "));
    }
    text
}

/// Text from a request, made harmless for a terminal: control characters (escape sequences
/// included) become `?`.
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|character| if character.is_control() { '?' } else { character })
        .collect()
}

/// Parses `90`, `90s`, `1500ms`, `5m`, `1h`, up to [`LONGEST_TIMEOUT`].
fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = parse_any_duration(text)?;
    if duration > LONGEST_TIMEOUT {
        return Err(format!(
            "`{}` is too long; the longest is 365 days (8760h)",
            text.trim()
        ));
    }
    Ok(duration)
}

fn parse_any_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|character: char| !character.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let value: u64 = digits.parse().map_err(|_| {
        if digits.is_empty() {
            format!("`{text}` is not a duration; use e.g. 30s, 5m, 1h or a number of seconds")
        } else {
            // Only digits, yet no u64: far too many of them.
            format!("`{text}` is too long; the longest is 365 days (8760h)")
        }
    })?;
    let seconds = |factor: u64| {
        value
            .checked_mul(factor)
            .map(Duration::from_secs)
            .ok_or_else(|| format!("`{text}` is too long"))
    };
    match unit.trim() {
        "" | "s" | "sec" | "secs" => seconds(1),
        "ms" => Ok(Duration::from_millis(value)),
        "m" | "min" | "mins" => seconds(60),
        "h" => seconds(3600),
        _ => Err(format!("`{text}`: unknown unit `{unit}`; use ms, s, m or h")),
    }
}

fn describe_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0 => format!("{}ms", duration.as_millis()),
        1..120 => format!("{seconds}s"),
        _ if seconds.is_multiple_of(3600) => format!("{}h", seconds / 3600),
        _ if seconds.is_multiple_of(60) => format!("{}m", seconds / 60),
        _ => format!("{seconds}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("30s"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("-5s").is_err());
        assert!(parse_duration("99999999999999999999h").is_err());
        // Once a panic (an Instant overflow): now a clear refusal.
        let refused = parse_duration("9223372036854775807s").expect_err("too long");
        assert!(
            refused.contains("too long") && refused.contains("365 days"),
            "{refused}"
        );
        assert!(parse_duration("18446744073709551615ms").is_err());
        assert!(parse_duration("8761h").is_err());
        assert_eq!(parse_duration("8760h"), Ok(LONGEST_TIMEOUT));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(describe_duration(Duration::from_secs(2)), "2s");
        assert_eq!(describe_duration(Duration::from_secs(300)), "5m");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(terminal_safe("job\u{1b}[2Jcreated\n"), "job?[2Jcreated?");
    }
}
