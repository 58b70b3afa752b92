//! `atsctl validate <partner> --ats greenhouse`: resolve a Greenhouse credential (environment,
//! stdin, then a profile, through [`atsctl::profile::resolve_greenhouse`]) and the hosts, run
//! the library check on a tokio runtime while rendering its progress, and hand the report to
//! `validate`'s printer as a [`atsctl::document::CheckView`].
//! Secrets never come from argv and never reach the output.

use std::sync::Arc;
use std::time::Duration;

use atsctl::greenhouse::report::{CredentialReport, Verdict};
use atsctl::greenhouse::{self, CheckError, CheckEvent, CheckOptions, Credential, V3Authorization};
use atsctl::manifest::Manifest;
use atsctl::profile::{self, GreenhouseApi, Origin, ProcessEnv, ProfileStore, Sources, SystemStores};

use crate::cli::credentials;
use crate::cli::validate::{ApiArg, ValidateArgs, print_report};
use crate::cli::{CliError, CliResult, Exit, Output, failure};

/// `validate --ats greenhouse`: resolve the credential, check it on a runtime while showing
/// progress, and print the report.
pub(crate) fn run(manifest: &Manifest, fingerprint: &str, args: &ValidateArgs, output: &mut Output) -> CliResult {
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
    print_report(&report, &report.check_view(), args, fingerprint, output);
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
