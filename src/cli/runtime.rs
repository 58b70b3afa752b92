//! The one place the binary starts an async runtime, and the backstop that ends a run which
//! outlives its time limit. Commands stay synchronous; each runs its network work through here.

use std::time::Duration;

use tokio::runtime::Runtime;

use super::{CliError, Exit};

/// How many worker threads a command's runtime gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threads {
    /// One thread: a session that sends one request at a time, or a signal watcher.
    One,
    /// A worker per core: checks with many requests in flight, or a server.
    PerCore,
}

/// A runtime with timers and I/O enabled.
pub(crate) fn start(threads: Threads) -> Result<Runtime, CliError> {
    start_io(threads)
        .map_err(|error| CliError::new(Exit::Unreachable, format!("cannot start the async runtime: {error}")))
}

/// [`start`] for callers that report the I/O error themselves.
pub(crate) fn start_io(threads: Threads) -> std::io::Result<Runtime> {
    match threads {
        Threads::One => tokio::runtime::Builder::new_current_thread().enable_all().build(),
        Threads::PerCore => tokio::runtime::Builder::new_multi_thread().enable_all().build(),
    }
}

/// The library keeps every request and wait inside `limit`; this is the backstop that ends the
/// run (exit 4) should anything else ever wait, a moment after the limit.
pub(crate) async fn within_time_limit<T>(limit: Duration, work: impl Future<Output = T>) -> Result<T, CliError> {
    const GRACE: Duration = Duration::from_secs(2);
    tokio::time::timeout(limit.saturating_add(GRACE), work)
        .await
        .map_err(|_| {
            CliError::new(
                Exit::Unreachable,
                format!(
                    "the run did not finish within its time limit ({} s, --timeout)",
                    limit.as_secs_f64()
                ),
            )
            .with_help("raise --timeout, or check the network")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_backstop_ends_a_run_that_outlives_its_limit() {
        let started = tokio::time::Instant::now();
        let stuck = within_time_limit(Duration::from_secs(5), std::future::pending::<()>()).await;
        let error = stuck.expect_err("a future that never ends is stopped");
        assert_eq!(error.exit, Exit::Unreachable);
        assert!(error.message.contains("time limit"), "{}", error.message);
        assert_eq!(started.elapsed(), Duration::from_secs(7));
        let quick = within_time_limit(Duration::from_secs(5), async { 42 }).await;
        assert_eq!(quick.ok(), Some(42));
    }
}
