//! `atsctl validate`: check a credential against what a partner manifest needs, without
//! changing anything. One flow for every ATS: refuse the flags the chosen ATS does not take,
//! find its credential through its spec, run its check ([`super::check_run`]) and print the
//! report it returns as the check document.

use std::path::PathBuf;
use std::time::Duration;

use atsctl::ats::{Ats, AtsSpec, CheckSettings, Credential};
use atsctl::document::{CheckView, Detail, check_document};
use atsctl::http::Secret;
use atsctl::profile::{CredentialKind, ProcessEnv, ProfileStore, ResolveRequest, Sources, SystemStores};
use serde::Serialize;

use super::ats::AtsArg;
use super::fix_wording::fix_text;
use super::render::{self, DocumentFormat};
use super::{CliError, CliResult, Exit, Output, check_run, credentials, manifest_source};

// Its description is on `Command::Validate` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct ValidateArgs {
    /// A bundled partner (see `atsctl partners`).
    #[arg(required_unless_present = "manifest")]
    pub(crate) partner: Option<String>,
    /// The ATS whose credential to check.
    #[arg(long, value_enum, default_value = "greenhouse")]
    pub(crate) ats: AtsArg,
    /// Check against your own manifest file instead of a bundled partner.
    #[arg(long, value_name = "FILE")]
    pub(crate) manifest: Option<PathBuf>,
    /// terminal (alias table): the verdict, then only what needs action; markdown or html to
    /// send to whoever fixes it; json for scripts (every item with its `status`, and the document).
    #[arg(long, value_enum, default_value = "terminal")]
    pub(crate) format: ValidateFormat,
    /// Show every item checked, not only what needs action.
    #[arg(long)]
    pub(crate) all: bool,
    /// Also exit 1 when a required item could not be verified.
    #[arg(long)]
    pub(crate) strict: bool,
    /// The Harvest API to check: v3 (OAuth client credentials) or v1 (legacy API key). Default:
    /// v3 when its credentials are set, else v1.
    #[arg(long, value_enum)]
    pub(crate) api: Option<ApiArg>,
    /// Read the Harvest v3 client secret from stdin (the client id still comes from
    /// ATSCTL_GREENHOUSE_CLIENT_ID).
    #[arg(long, conflicts_with = "api_key_stdin")]
    pub(crate) client_secret_stdin: bool,
    /// Read the API key from stdin: a Harvest v1 key, or with --ats lever the Lever key.
    #[arg(long)]
    pub(crate) api_key_stdin: bool,
    /// For a registered partner: read a customer's Harvest v3 access token from stdin and check
    /// that customer's authorisation by token introspection with your own client
    /// (ATSCTL_GREENHOUSE_CLIENT_ID and ATSCTL_GREENHOUSE_CLIENT_SECRET, or a profile).
    #[arg(long, conflicts_with_all = ["api_key_stdin", "client_secret_stdin"])]
    pub(crate) access_token_stdin: bool,
    /// The profile (`atsctl auth login`) to take the credential from when the environment and
    /// stdin give none. Default: the `default` profile, if there is one. Its base URLs come with
    /// it; ATSCTL_GREENHOUSE_AUTH_URL, ATSCTL_HARVEST_URL and ATSCTL_LEVER_URL still override.
    #[arg(long, value_name = "NAME", env = "ATSCTL_PROFILE")]
    pub(crate) profile: Option<String>,
    /// Time limit for the whole run: requests, retries and waits for rate limits. A wait that
    /// would end later fails at once (exit 4), saying when the ATS accepts requests again. Each
    /// request also gives up after 10 s. `60`, `2.5s`, `500ms`; at most 600s.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::duration_arg::parse_timeout)]
    pub(crate) timeout: Duration,
    /// Show each request (-v), plus rate-limit headers and error bodies (-vv). Secrets are never shown.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
    /// Requests in flight at once (benchmarks compare 1 with the default).
    #[arg(long, default_value_t = 8, hide = true, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub(crate) concurrency: u16,
    #[command(flatten)]
    pub(crate) ats_flags: super::ats::ValidateFlags,
}

/// `validate` prints a document like `plan`: terminal, markdown, html or json.
pub(crate) type ValidateFormat = DocumentFormat;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ApiArg {
    V1,
    V3,
}

pub(crate) fn run(args: &ValidateArgs, output: &mut Output) -> CliResult {
    let source = manifest_source::load_source(args.partner.as_deref(), args.manifest.as_deref())?;
    // A flag the chosen ATS does not use is a mistake worth saying, not something to ignore.
    let ats: Ats = args.ats.into();
    let given = [
        (args.strict, "--strict"),
        (args.api.is_some(), "--api"),
        (args.client_secret_stdin, "--client-secret-stdin"),
        (args.access_token_stdin, "--access-token-stdin"),
    ]
    .into_iter()
    .chain(args.ats_flags.given())
    .collect::<Vec<_>>();
    if let Some((flag, owner)) = super::ats::misplaced_flags(ats, &given).first() {
        return Err(CliError::usage(format!(
            "{flag} applies only to --ats {}",
            owner.as_str()
        )));
    }
    let manifest = &source.manifest;
    let spec = ats.spec();
    if args.access_token_stdin && args.api == Some(ApiArg::V1) {
        return Err(CliError::usage(
            "--access-token-stdin checks a Harvest v3 authorisation; it cannot go with --api v1",
        ));
    }
    if args.ats_flags.webhook_url.is_some()
        && let Some(reason) = spec.check_refuses_webhook_url
    {
        return Err(CliError::usage(format!("--webhook-url: {reason}")).with_help(format!(
            "`atsctl apply --ats {} --webhook-url URL` creates them and records each one",
            spec.id
        )));
    }
    if !manifest.ats_list().contains(&ats) {
        let covers: Vec<&str> = manifest.ats_list().iter().map(|ats| ats.as_str()).collect();
        return Err(CliError::usage(format!(
            "{} has no {} setup to validate",
            manifest.partner.name, spec.display_name
        ))
        .with_help(format!("it covers: {}", covers.join(", "))));
    }
    if let Some(url) = &args.ats_flags.webhook_url {
        super::ats::check_webhook_url_flag(url)?;
    }
    let (credential, access_token) = resolve(spec, args, output)?;
    let settings = CheckSettings {
        strict: args.strict,
        webhook_url: args.ats_flags.webhook_url.clone(),
        region: args.ats_flags.region.map(|region| super::auth::value_name(&region)),
        access_token,
        timeout: args.timeout,
        concurrency: usize::from(args.concurrency),
    };
    // Started after the credential is found: reading a profile may open the Secret Service,
    // which runs a runtime of its own.
    let runtime = super::runtime::start(super::runtime::Threads::PerCore)?;
    let verbose = args.verbose;
    let outcome = check_run::run_check(
        &runtime,
        manifest,
        &credential,
        &settings,
        verbose,
        output,
        &mut |credential, url, output| {
            if verbose > 0 {
                output.status(&format!("checking {credential} against {url}\n"));
            }
        },
    )?;
    print_report(&*outcome.report, &outcome.view, args, &source.fingerprint, output);
    Ok(if outcome.passed() { Exit::Ok } else { Exit::Findings })
}

/// The credential to check, found through the ATS's spec: the environment and stdin first,
/// then a profile; and a customer's access token when `--access-token-stdin` pipes one. This is
/// the one place `validate` resolves a credential.
fn resolve(spec: &AtsSpec, args: &ValidateArgs, output: &Output) -> Result<(Credential, Option<Secret>), CliError> {
    let piped = |flag: &str, what: &str| {
        credentials::stdin_secret(
            flag,
            what,
            &format!("printenv MY_SECRET | atsctl validate … --ats {} {flag}", spec.id),
            output,
        )
    };
    // What the spec's credential kinds call the secret that flag reads.
    let secret_name = |flag: &str| {
        spec.credentials
            .iter()
            .find(|kind| kind.stdin_flag() == flag)
            .map_or("secret", |kind| kind.secret_name())
    };
    // Read before the credential: a profile's store may prompt, and stdin holds only the token.
    let access_token = if args.access_token_stdin {
        Some(piped("--access-token-stdin", "customer's Harvest v3 access token")?)
    } else {
        None
    };
    let stdin = |given: bool, flag: &str| given.then(|| piped(flag, secret_name(flag))).transpose();
    let sources = Sources {
        profile: args.profile.clone(),
        client_secret_stdin: stdin(args.client_secret_stdin, "--client-secret-stdin")?,
        api_key_stdin: stdin(args.api_key_stdin, "--api-key-stdin")?,
    };
    let config = ProfileStore::locate().map_err(credentials::profile_error)?;
    // A customer's token is checked with the partner's v3 client, never with a v1 key.
    let api = if access_token.is_some() {
        Some(ApiArg::V3)
    } else {
        args.api
    };
    let credential = ResolveRequest {
        sources: &sources,
        env: &ProcessEnv,
        config: &config,
        stores: &SystemStores::new(),
        preferred: api.and_then(|api| CredentialKind::for_api(spec.ats, &super::auth::value_name(&api))),
    }
    .resolve(spec.ats)
    .map_err(|error| credentials::resolve_error(&error))?;
    Ok((credential, access_token))
}

/// Prints an ATS's check report as its document in the asked format; JSON keeps the report's
/// own fields (scripts depend on them) and adds the document.
pub(crate) fn print_report<T: Serialize + ?Sized>(
    report: &T,
    view: &CheckView,
    args: &ValidateArgs,
    fingerprint: &str,
    output: &mut Output,
) {
    let detail = if args.all { Detail::Full } else { Detail::NeedsAction };
    let document = check_document(view, detail, fingerprint, &fix_text);
    match args.format {
        DocumentFormat::Json => output.json(&render::with_document(report, &document)),
        format => output.print_document(&document, format),
    }
}

/// The check's document for `setup`'s check step, laid out for the terminal: verdict first,
/// then what needs action (`Detail::Full` on `d`). The wizard never reads the manifest's bytes,
/// so the document carries no fingerprint.
pub(crate) fn report_text(view: &CheckView, detail: Detail, output: &Output) -> String {
    let document = check_document(view, detail, "", &fix_text);
    render::render(&document, DocumentFormat::Terminal, output.width())
}
