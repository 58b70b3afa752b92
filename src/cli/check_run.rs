//! Runs one ATS's check through its spec on a runtime, and shows its progress on stderr as it
//! comes: a spinner that turns into a bar once the check counts its requests (on a terminal,
//! without `-v`), or with `-v` a line per stage and per request. `validate` and the wizard's
//! check step both run their checks here.

use std::sync::Arc;
use std::time::Duration;

use atsctl::ats::{CheckEvent, CheckObserver, CheckOutcome, CheckRequest, CheckSettings, Credential};
use atsctl::manifest::Manifest;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::runtime::Runtime;

use super::runtime::within_time_limit;
use super::{CliError, Output, failure};

/// Runs the check of `credential`'s ATS against `manifest` on `runtime`, within
/// `settings.timeout` (plus the runtime's backstop). `on_start` is told the credential (never
/// its secret) and the host once the check knows them, before its first request.
pub(crate) fn run_check(
    runtime: &Runtime,
    manifest: &Manifest,
    credential: &Credential,
    settings: &CheckSettings,
    verbose: u8,
    output: &mut Output,
    on_start: &mut dyn FnMut(&str, &str, &mut Output),
) -> Result<CheckOutcome, CliError> {
    let spec = credential.ats().spec();
    let (sender, mut events) = tokio::sync::mpsc::unbounded_channel();
    let observer: CheckObserver = Arc::new(move |event| {
        let _ = sender.send(event);
    });
    let request = CheckRequest {
        manifest,
        credential,
        settings,
        observer: Some(observer),
    };
    let mut display = Display {
        verbose,
        draw: verbose == 0 && output.stderr_is_terminal(),
        bar: None,
    };
    let result = runtime.block_on(within_time_limit(settings.timeout, async {
        let mut check = (spec.check)(request);
        let result = loop {
            tokio::select! {
                biased;
                Some(event) = events.recv() => display.show(event, output, on_start),
                result = &mut check => break result,
            }
        };
        while let Ok(event) = events.try_recv() {
            display.show(event, output, on_start);
        }
        result
    }));
    if let Some(bar) = display.bar {
        bar.finish_and_clear();
    }
    result?.map_err(failure)
}

/// What is on stderr while a check runs.
struct Display {
    verbose: u8,
    /// Whether to draw a spinner or bar: stderr is a terminal and `-v` is off.
    draw: bool,
    bar: Option<ProgressBar>,
}

impl Display {
    fn show(&mut self, event: CheckEvent, output: &mut Output, on_start: &mut dyn FnMut(&str, &str, &mut Output)) {
        match event {
            CheckEvent::Started { credential, url } => on_start(&credential, &url, output),
            CheckEvent::Stage(stage) => {
                if let Some(bar) = self.bar() {
                    bar.set_message(stage.clone());
                }
                if self.verbose > 0 {
                    output.status(&format!("· {stage}\n"));
                }
            }
            CheckEvent::Progress { done, total } => {
                if let Some(bar) = self.bar() {
                    if bar.length().is_none()
                        && let Ok(template) = ProgressStyle::with_template("{spinner} {msg:40!} [{bar:30}] {pos}/{len}")
                    {
                        bar.set_style(template.progress_chars("=> "));
                    }
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                }
            }
            CheckEvent::Http(event) if self.verbose > 0 => {
                output.status(&super::http_trace::http_line(&event, self.verbose));
            }
            CheckEvent::Http(_) => {}
        }
    }

    /// The spinner, started on first use when one is drawn at all.
    fn bar(&mut self) -> Option<&ProgressBar> {
        if self.draw && self.bar.is_none() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(template) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(template);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            self.bar = Some(bar);
        }
        self.bar.as_ref()
    }
}
