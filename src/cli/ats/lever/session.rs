//! What `validate --ats lever` and `setup`'s check use: finding the API key (environment,
//! stdin, then profile), choosing the API host, and running the library on a tokio runtime while
//! showing its requests with `-v`.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use atsctl::http;
use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::profile::{self, LeverRegion, ProcessEnv, ProfileStore, Sources, SystemStores};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

pub(crate) use crate::cli::ats::RegionArg;
use crate::cli::credentials;
use crate::cli::{CliError, Output, failure};

/// How to reach Lever and as whom.
pub(crate) struct Connect<'a> {
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    pub(crate) region: Option<RegionArg>,
    /// `--timeout`: the time limit of each [`Session::run`].
    pub(crate) timeout: Duration,
}

/// A client ready to use, and what to say about it.
pub(crate) struct Session {
    pub(crate) client: LeverClient,
    /// "API key from ATSCTL_LEVER_API_KEY", never the key.
    pub(crate) credential: String,
    pub(crate) url_source: String,
    pub(crate) runtime: tokio::runtime::Runtime,
    pub(crate) events: UnboundedReceiver<http::Event>,
    pub(crate) verbose: u8,
}

impl Session {
    /// Resolves the key and the host, and builds the client. Nothing is sent yet.
    pub(crate) fn open(connect: &Connect<'_>, verbose: u8, output: &Output) -> Result<Self, CliError> {
        let api_key_stdin = if connect.api_key_stdin {
            Some(credentials::stdin_secret(
                "--api-key-stdin",
                "Lever API key",
                "printenv MY_LEVER_KEY | atsctl validate hipeople --ats lever --api-key-stdin",
                output,
            )?)
        } else {
            None
        };
        let sources = Sources {
            profile: connect.profile.map(str::to_owned),
            client_secret_stdin: None,
            api_key_stdin,
        };
        let config = ProfileStore::locate().map_err(crate::cli::credentials::profile_error)?;
        let resolved = profile::resolve_lever(&sources, &ProcessEnv, &config, &SystemStores::new())
            .map_err(|error| credentials::resolve_error(&error))?;
        let url =
            lever::resolve_url(resolved.base_url.as_ref(), connect.region.map(LeverRegion::from)).map_err(failure)?;
        let (sender, events) = unbounded_channel();
        let options = LeverOptions {
            budget: connect.timeout,
            events: Some(Arc::new(move |event| {
                let _ = sender.send(event);
            })),
            ..LeverOptions::default()
        };
        let client = LeverClient::new(url.url, resolved.api_key, &options).map_err(failure)?;
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::One)?;
        Ok(Self {
            client,
            credential: format!("API key from {}", resolved.origin),
            url_source: url.source,
            runtime,
            events,
            verbose,
        })
    }

    /// Runs `work` against the client, showing each request with `-v` as it happens. The
    /// client's time budget starts again for each run: a person may pause between runs.
    pub(crate) fn run<T>(&mut self, output: &mut Output, work: impl AsyncFnOnce(&LeverClient) -> T) -> T {
        let Self {
            client,
            runtime,
            events,
            verbose,
            ..
        } = self;
        let verbose = *verbose;
        let client = client.with_fresh_budget();
        runtime.block_on(async {
            let future = work(&client);
            tokio::pin!(future);
            let result = loop {
                tokio::select! {
                    biased;
                    Some(event) = events.recv() => show(&event, verbose, output),
                    result = &mut future => break result,
                }
            };
            while let Ok(event) = events.try_recv() {
                show(&event, verbose, output);
            }
            result
        })
    }
}

/// One request line on stderr with `-v`; error excerpts too with `-vv`. The HTTP layer's events
/// carry no secrets (URLs hold none; excerpts are redacted and only of failed answers).
pub(crate) fn show(event: &http::Event, verbose: u8, output: &mut Output) {
    if verbose == 0 {
        return;
    }
    let line = match event {
        http::Event::Response {
            request,
            status,
            elapsed,
            attempt,
            excerpt,
            ..
        } => {
            let mut line = format!("  {request} → {status} ({} ms)", elapsed.as_millis());
            if *attempt > 1 {
                let _ = write!(line, " [attempt {attempt}]");
            }
            if verbose > 1
                && let Some(excerpt) = excerpt.as_deref().filter(|excerpt| !excerpt.is_empty())
            {
                let _ = write!(line, "\n      {excerpt}");
            }
            line
        }
        http::Event::Failure {
            request,
            reason,
            attempt,
        } => format!("  {request} ✗ {reason} [attempt {attempt}]"),
        http::Event::Wait { request, reason, delay } => format!(
            "  waiting {:.2} s ({}) before {request}",
            delay.as_secs_f64(),
            reason.as_str()
        ),
    };
    output.status(&format!("{line}\n"));
}
