//! What `validate --ats ashby` and `setup`'s check use: finding the API key (environment,
//! stdin, then profile), the API URL, and running the library on a tokio runtime within
//! `--timeout` while showing its requests with `-v`.

use std::sync::Arc;
use std::time::Duration;

use atsctl::ashby::{self, AshbyClient, AshbyError, AshbyOptions, ErrorKind};
use atsctl::http;
use atsctl::profile::{self, ProcessEnv, ProfileStore, ResolvedAshby, Sources, SystemStores};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use crate::cli::ats::lever::session::show;
use crate::cli::credentials;
use crate::cli::{CliError, Output, failure};

/// How to reach Ashby and as whom.
pub(crate) struct Connect<'a> {
    pub(crate) profile: Option<&'a str>,
    pub(crate) api_key_stdin: bool,
    /// `--timeout`: the time limit of each [`Session::run`].
    pub(crate) timeout: Duration,
    /// How the command is run with the key on stdin, for the message when stdin is a terminal.
    pub(crate) stdin_example: &'a str,
}

/// A client ready to use, and what to say about it.
pub(crate) struct Session {
    pub(crate) client: AshbyClient,
    /// "API key from ATSCTL_ASHBY_API_KEY", never the key.
    pub(crate) credential: String,
    pub(crate) url_source: String,
    timeout: Duration,
    runtime: tokio::runtime::Runtime,
    events: UnboundedReceiver<http::Event>,
    verbose: u8,
}

impl Session {
    /// Resolves the key and the URL, and builds the client. Nothing is sent yet.
    pub(crate) fn open(connect: &Connect<'_>, verbose: u8, output: &Output) -> Result<Self, CliError> {
        let api_key_stdin = if connect.api_key_stdin {
            Some(credentials::stdin_secret(
                "--api-key-stdin",
                "Ashby API key",
                connect.stdin_example,
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
        let config = ProfileStore::locate().map_err(credentials::profile_error)?;
        let resolved = profile::resolve_ashby(&sources, &ProcessEnv, &config, &SystemStores::new())
            .map_err(|error| credentials::resolve_error(&error))?;
        Self::for_key(&resolved, connect.timeout, verbose)
    }

    /// A session for a key already found (or typed in `setup`, and maybe not stored).
    pub(crate) fn for_key(resolved: &ResolvedAshby, timeout: Duration, verbose: u8) -> Result<Self, CliError> {
        let url = ashby::resolve_url(resolved.base_url.as_ref()).map_err(failure)?;
        let (sender, events) = unbounded_channel();
        let options = AshbyOptions {
            timeout: timeout.min(AshbyOptions::default().timeout),
            events: Some(Arc::new(move |event| {
                let _ = sender.send(event);
            })),
            ..AshbyOptions::default()
        };
        let client = AshbyClient::new(url.url, resolved.api_key.clone(), &options).map_err(failure)?;
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::One)?;
        Ok(Self {
            client,
            credential: format!("API key from {}", resolved.origin),
            url_source: url.source,
            timeout,
            runtime,
            events,
            verbose,
        })
    }

    /// Runs `work` against the client within `--timeout`, showing each request with `-v` as it
    /// happens. The limit starts again for each run: a person may pause between runs.
    pub(crate) fn run<T>(
        &mut self,
        output: &mut Output,
        work: impl AsyncFnOnce(&AshbyClient) -> Result<T, AshbyError>,
    ) -> Result<T, AshbyError> {
        let Self {
            client,
            runtime,
            events,
            verbose,
            timeout,
            ..
        } = self;
        let (verbose, timeout) = (*verbose, *timeout);
        runtime.block_on(async {
            let future = tokio::time::timeout(timeout, work(client));
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
            result.unwrap_or_else(|_elapsed| {
                Err(AshbyError::new(
                    ErrorKind::Unreachable,
                    format!("Ashby did not finish within {} s", timeout.as_secs_f64()),
                )
                .with_help("raise --timeout, or check the network and ATSCTL_ASHBY_URL"))
            })
        })
    }
}
