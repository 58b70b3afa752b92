//! The time budget of a run (`--timeout`): every request, retry and wait for a rate limit fits
//! inside it, and a wait that would end after it is not begun.
//!
//! It is measured on tokio's clock, so tests can pause time and step through a budget without
//! waiting for it.

use std::time::Duration;

use tokio::time::Instant;

/// When a run must be over, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    at: Option<Instant>,
    budget: Option<Duration>,
}

impl Deadline {
    /// No bound (library callers that bound the run themselves).
    pub const NONE: Self = Self { at: None, budget: None };

    /// `budget` from now.
    pub fn after(budget: Duration) -> Self {
        Self {
            at: Instant::now().checked_add(budget),
            budget: Some(budget),
        }
    }

    /// The whole budget this deadline was set with.
    pub fn budget(&self) -> Option<Duration> {
        self.budget
    }

    /// Time left; `None` when unbounded, zero once past.
    pub fn remaining(&self) -> Option<Duration> {
        self.at.map(|at| at.saturating_duration_since(Instant::now()))
    }

    pub fn is_past(&self) -> bool {
        self.remaining().is_some_and(|left| left.is_zero())
    }

    /// The tokio instant it falls on, for `sleep_until`.
    pub fn instant(&self) -> Option<Instant> {
        self.at
    }

    /// Whether something that ends at `until` ends in time.
    pub fn allows_until(&self, until: Instant) -> bool {
        self.at.is_none_or(|at| until <= at)
    }

    /// Whether a wait of `wait` from now ends in time.
    pub fn allows(&self, wait: Duration) -> bool {
        self.remaining().is_none_or(|left| wait <= left)
    }

    /// `timeout` shortened to the time left, so a request cannot outlive the run.
    pub fn clamp(&self, timeout: Duration) -> Duration {
        self.remaining().map_or(timeout, |left| timeout.min(left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_deadline_counts_down_on_tokios_clock() {
        let deadline = Deadline::after(Duration::from_secs(5));
        assert_eq!(deadline.remaining(), Some(Duration::from_secs(5)));
        assert!(deadline.allows(Duration::from_secs(5)));
        assert!(!deadline.allows(Duration::from_secs(6)));
        assert_eq!(deadline.clamp(Duration::from_secs(10)), Duration::from_secs(5));
        tokio::time::advance(Duration::from_secs(3)).await;
        assert_eq!(deadline.remaining(), Some(Duration::from_secs(2)));
        assert!(!deadline.is_past());
        tokio::time::advance(Duration::from_secs(3)).await;
        assert!(deadline.is_past());
        assert_eq!(deadline.clamp(Duration::from_secs(10)), Duration::ZERO);
        assert_eq!(deadline.budget(), Some(Duration::from_secs(5)));
    }

    #[test]
    fn no_deadline_allows_anything() {
        assert_eq!(Deadline::NONE.remaining(), None);
        assert!(Deadline::NONE.allows(Duration::MAX));
        assert!(!Deadline::NONE.is_past());
        assert_eq!(Deadline::NONE.clamp(Duration::from_secs(7)), Duration::from_secs(7));
    }
}
