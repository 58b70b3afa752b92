//! Client-side pacing by the server's rate-limit headers, so a healthy run never meets a 429.
//!
//! Greenhouse announces `X-RateLimit-Limit` and `X-RateLimit-Remaining` on every response, and
//! `X-RateLimit-Reset` on every v3 response but only on 429s from v1 (reference README, "Harvest
//! API": v1 "per 10 seconds", v3 "a fixed 30-second window"). The pacer therefore:
//!
//! - sends the first request alone, because until it answers the limit is unknown;
//! - then counts its own sends per window and stops at the limit; a window ends at the server's
//!   announced reset when there is one, otherwise one configured window after the first send of
//!   the window (conservative for fixed and sliding windows alike), plus a safety margin for
//!   clock rounding and latency;
//! - tightens its count when `X-RateLimit-Remaining` says someone else uses the same credential;
//! - stops everything until `Retry-After` when a 429 comes anyway;
//! - never begins a wait that would end after the run's [`Deadline`]: it says until when the
//!   server holds requests instead, so the caller can fail at once and say so.
//!
//! One pacer per credential and host; it also bounds the requests in flight.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use tokio::sync::Notify;
use tokio::time::Instant;

use super::deadline::Deadline;
use super::retry::parse_reset;

/// How a [`Pacer`] behaves before and between what the server tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacerConfig {
    /// The window length assumed when the server does not announce its reset time.
    pub default_window: Duration,
    /// Added to every window end: covers epoch times rounded to whole seconds and requests still
    /// travelling when the window turns.
    pub safety_margin: Duration,
    /// Requests in flight at once.
    pub max_in_flight: usize,
}

impl Default for PacerConfig {
    fn default() -> Self {
        Self {
            default_window: Duration::from_secs(10),
            safety_margin: Duration::from_millis(250),
            max_in_flight: 8,
        }
    }
}

/// The rate-limit headers of one response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimitHeaders {
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
    /// Time until the window resets, from `X-RateLimit-Reset` (epoch seconds or a delta).
    pub reset: Option<Duration>,
}

impl RateLimitHeaders {
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
        let number = |name: &str| text(name).and_then(|value| value.parse::<u32>().ok());
        Self {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: text("x-ratelimit-reset").and_then(|value| parse_reset(value, SystemTime::now())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.reset.is_none()
    }
}

/// Paces the requests to one rate-limited API. Cheap to clone; clones share state.
#[derive(Debug, Clone)]
pub struct Pacer {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: PacerConfig,
    state: Mutex<State>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct State {
    /// A response has been seen, so the limit (or its absence) is known.
    learned: bool,
    limit: Option<u32>,
    /// Requests counted against the current window.
    used: u32,
    window_ends: Option<Instant>,
    blocked_until: Option<Instant>,
    in_flight: usize,
}

enum Decision {
    Go,
    SleepUntil(Instant),
    WaitForChange,
}

/// Why [`Pacer::acquire_before`] gave no permit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacerStop {
    /// The rate limit (an exhausted window, a 429's pause) holds every request until this
    /// instant, which is after the deadline.
    HeldUntil(Instant),
    /// The deadline came while waiting for requests in flight to answer.
    OutOfTime,
}

/// Leave to send one request. Dropping it frees the in-flight slot.
#[derive(Debug)]
pub struct Permit {
    inner: Arc<Inner>,
    waited: Duration,
}

impl Pacer {
    pub fn new(config: PacerConfig) -> Self {
        let config = PacerConfig {
            max_in_flight: config.max_in_flight.max(1),
            ..config
        };
        Self {
            inner: Arc::new(Inner {
                config,
                state: Mutex::new(State::default()),
                changed: Notify::new(),
            }),
        }
    }

    /// A pacer that knows the limit before any answer: for APIs that document a rate but do not
    /// announce it in headers (Lever: "about 10 requests/second per key"; reference README,
    /// "Lever"). `limit` requests per `config.default_window`, the first request included;
    /// rate-limit headers, if any arrive, take over as with [`Pacer::new`].
    pub fn with_limit(config: PacerConfig, limit: u32) -> Self {
        let pacer = Self::new(config);
        {
            let mut state = pacer.inner.lock();
            state.learned = true;
            state.limit = Some(limit.max(1));
        }
        pacer
    }

    pub fn config(&self) -> PacerConfig {
        self.inner.config
    }

    /// Waits until a request may be sent under the limit, the window and the in-flight bound.
    pub async fn acquire(&self) -> Permit {
        loop {
            // Without a deadline nothing stops the wait, so this returns on the first pass.
            if let Ok(permit) = self.acquire_before(Deadline::NONE).await {
                return permit;
            }
        }
    }

    /// Like [`Pacer::acquire`], but never waits past `deadline`: when the window or a pause
    /// ends after it, returns at once with the instant the server accepts requests again.
    pub async fn acquire_before(&self, deadline: Deadline) -> Result<Permit, PacerStop> {
        let started = Instant::now();
        loop {
            let changed = self.inner.changed.notified();
            tokio::pin!(changed);
            // Registered before the state is read, so a change in between is not missed.
            changed.as_mut().enable();
            match self.decide() {
                Decision::Go => {
                    return Ok(Permit {
                        inner: Arc::clone(&self.inner),
                        waited: started.elapsed(),
                    });
                }
                Decision::SleepUntil(until) => {
                    if !deadline.allows_until(until) {
                        return Err(PacerStop::HeldUntil(until));
                    }
                    tokio::select! {
                        () = tokio::time::sleep_until(until) => {}
                        () = &mut changed => {}
                    }
                }
                Decision::WaitForChange => match deadline.instant() {
                    Some(at) => tokio::select! {
                        () = tokio::time::sleep_until(at) => return Err(PacerStop::OutOfTime),
                        () = &mut changed => {}
                    },
                    None => changed.await,
                },
            }
        }
    }

    fn decide(&self) -> Decision {
        let config = self.inner.config;
        let mut state = self.inner.lock();
        let now = Instant::now();
        if let Some(until) = state.blocked_until {
            if now < until {
                return Decision::SleepUntil(until);
            }
            state.blocked_until = None;
        }
        if state.in_flight >= config.max_in_flight {
            return Decision::WaitForChange;
        }
        if state.window_ends.is_some_and(|end| now >= end) {
            // Requests still in flight may land in the new window: count them there too.
            state.used = u32::try_from(state.in_flight).unwrap_or(u32::MAX);
            state.window_ends = None;
        }
        if !state.learned && state.in_flight > 0 {
            // The first answer tells the limit; until then one request probes it.
            return Decision::WaitForChange;
        }
        if let Some(limit) = state.limit
            && state.used >= limit
        {
            let end = *state
                .window_ends
                .get_or_insert(now + config.default_window + config.safety_margin);
            return Decision::SleepUntil(end);
        }
        state.used = state.used.saturating_add(1);
        state.in_flight += 1;
        if state.window_ends.is_none() {
            state.window_ends = Some(now + config.default_window + config.safety_margin);
        }
        Decision::Go
    }

    /// Stops all requests until `delay` from now (a 429's `Retry-After`); the current window is
    /// treated as used up.
    pub fn pause_for(&self, delay: Duration) {
        let now = Instant::now();
        let until = now.checked_add(delay).unwrap_or(now);
        let mut state = self.inner.lock();
        state.blocked_until = Some(state.blocked_until.map_or(until, |blocked| blocked.max(until)));
        if let Some(limit) = state.limit {
            state.used = state.used.max(limit);
        }
        state.window_ends = Some(state.window_ends.map_or(until, |end| end.max(until)));
        drop(state);
        self.inner.changed.notify_waiters();
    }

    /// What the pacer currently believes, for progress and verbose output.
    pub fn snapshot(&self) -> PacerSnapshot {
        let state = self.inner.lock();
        PacerSnapshot {
            limit: state.limit,
            used: state.used,
            in_flight: state.in_flight,
        }
    }
}

/// A copy of a pacer's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacerSnapshot {
    pub limit: Option<u32>,
    pub used: u32,
    pub in_flight: usize,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain counters behind; they are still usable.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Permit {
    /// How long `acquire` waited for this permit.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// Feeds the response's rate-limit headers back into the pacer.
    pub fn observe(&self, headers: &RateLimitHeaders) {
        let margin = self.inner.config.safety_margin;
        let mut state = self.inner.lock();
        state.learned = true;
        if let Some(limit) = headers.limit {
            state.limit = Some(limit.max(1));
        } else if headers.remaining == Some(0) && state.limit.is_none() {
            // "None left" without a limit: what this pacer has used is all there was.
            state.limit = Some(state.used.max(1));
        }
        if let Some(end) = headers
            .reset
            .filter(|reset| !reset.is_zero())
            .and_then(|reset| Instant::now().checked_add(reset + margin))
        {
            // The server knows when its window ends; trust it over our estimate in both
            // directions (its window may have started before our first request, or be longer
            // than the default).
            state.window_ends = Some(end);
        }
        if let (Some(limit), Some(remaining)) = (state.limit, headers.remaining) {
            // `remaining` counts this request but perhaps not the others still in flight:
            // assume none of them is counted yet, which can only make us slower, never faster.
            let others = u32::try_from(state.in_flight.saturating_sub(1)).unwrap_or(u32::MAX);
            let server_left = remaining.saturating_sub(others);
            let our_left = limit.saturating_sub(state.used);
            if server_left < our_left {
                state.used = limit - server_left;
            }
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut state = self.inner.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        drop(state);
        self.inner.changed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    /// A fixed-window server anchored at its first request, as many API gateways count.
    struct FixedWindowServer {
        limit: u32,
        window: Duration,
        announce_reset: bool,
        state: Mutex<(Option<Instant>, u32)>,
        rejected: AtomicU32,
    }

    impl FixedWindowServer {
        fn handle(&self) -> RateLimitHeaders {
            let now = Instant::now();
            let mut state = self.state.lock().unwrap();
            let start = match state.0 {
                Some(start) if now < start + self.window => start,
                _ => {
                    *state = (Some(now), 0);
                    now
                }
            };
            state.1 += 1;
            if state.1 > self.limit {
                self.rejected.fetch_add(1, Ordering::SeqCst);
            }
            let ends = start + self.window - now;
            RateLimitHeaders {
                limit: Some(self.limit),
                remaining: Some(self.limit.saturating_sub(state.1)),
                reset: self.announce_reset.then_some(ends),
            }
        }
    }

    async fn run(server: Arc<FixedWindowServer>, config: PacerConfig, requests: usize) -> Duration {
        let pacer = Pacer::new(config);
        let started = Instant::now();
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..requests {
            let pacer = pacer.clone();
            let server = Arc::clone(&server);
            tasks.spawn(async move {
                let permit = pacer.acquire().await;
                tokio::time::sleep(Duration::from_millis(5)).await;
                let headers = server.handle();
                tokio::time::sleep(Duration::from_millis(5)).await;
                permit.observe(&headers);
            });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.unwrap();
        }
        started.elapsed()
    }

    #[tokio::test(start_paused = true)]
    async fn no_request_exceeds_the_limit_without_a_reset_header() {
        let window = Duration::from_millis(300);
        let server = Arc::new(FixedWindowServer {
            limit: 4,
            window,
            announce_reset: false,
            state: Mutex::new((None, 0)),
            rejected: AtomicU32::new(0),
        });
        let config = PacerConfig {
            default_window: window,
            safety_margin: Duration::from_millis(30),
            max_in_flight: 3,
        };
        let elapsed = run(Arc::clone(&server), config, 10).await;
        assert_eq!(server.rejected.load(Ordering::SeqCst), 0);
        // Time is paused: windows pass without waiting, and the count is exact.
        assert!(
            elapsed >= window * 2 && elapsed < window * 4,
            "10 requests at 4 per window need three windows, took {elapsed:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn no_request_exceeds_the_limit_with_announced_resets() {
        let window = Duration::from_millis(300);
        let server = Arc::new(FixedWindowServer {
            limit: 5,
            window,
            announce_reset: true,
            state: Mutex::new((None, 0)),
            rejected: AtomicU32::new(0),
        });
        // A default window far longer than the real one: the announced reset must win.
        let config = PacerConfig {
            default_window: Duration::from_secs(30),
            safety_margin: Duration::from_millis(30),
            max_in_flight: 8,
        };
        let elapsed = run(Arc::clone(&server), config, 12).await;
        assert_eq!(server.rejected.load(Ordering::SeqCst), 0);
        assert!(
            elapsed < Duration::from_secs(5),
            "the announced reset replaces the 30 s default, took {elapsed:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_first_request_goes_alone_and_in_flight_is_bounded() {
        let pacer = Pacer::new(PacerConfig {
            max_in_flight: 2,
            ..PacerConfig::default()
        });
        let first = pacer.acquire().await;
        let blocked = tokio::time::timeout(Duration::from_millis(50), pacer.acquire()).await;
        assert!(blocked.is_err(), "a second request waits until the first answers");
        first.observe(&RateLimitHeaders {
            limit: Some(100),
            remaining: Some(99),
            reset: None,
        });
        drop(first);
        let _a = pacer.acquire().await;
        let _b = pacer.acquire().await;
        let third = tokio::time::timeout(Duration::from_millis(50), pacer.acquire()).await;
        assert!(third.is_err(), "at most two in flight");
        assert_eq!(pacer.snapshot().in_flight, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn remaining_from_other_clients_tightens_the_budget() {
        let pacer = Pacer::new(PacerConfig {
            default_window: Duration::from_secs(60),
            ..PacerConfig::default()
        });
        let permit = pacer.acquire().await;
        // Someone else already used 98 of 100.
        permit.observe(&RateLimitHeaders {
            limit: Some(100),
            remaining: Some(1),
            reset: None,
        });
        drop(permit);
        let _last = pacer.acquire().await;
        let over = tokio::time::timeout(Duration::from_millis(50), pacer.acquire()).await;
        assert!(over.is_err(), "the budget is spent");
    }

    #[tokio::test(start_paused = true)]
    async fn pause_blocks_everyone() {
        let pacer = Pacer::new(PacerConfig::default());
        let permit = pacer.acquire().await;
        permit.observe(&RateLimitHeaders::default());
        drop(permit);
        pacer.pause_for(Duration::from_millis(120));
        let started = Instant::now();
        let _permit = pacer.acquire().await;
        assert!(
            started.elapsed() >= Duration::from_millis(120),
            "{:?}",
            started.elapsed()
        );
    }

    /// A far `X-RateLimit-Reset` with nothing left (V4): the wait would outlast the run, so the
    /// pacer says when the server accepts requests again instead of sleeping for a day.
    #[tokio::test(start_paused = true)]
    async fn a_reset_beyond_the_deadline_stops_at_once() {
        let pacer = Pacer::new(PacerConfig::default());
        let permit = pacer.acquire().await;
        permit.observe(&RateLimitHeaders {
            limit: Some(50),
            remaining: Some(0),
            reset: Some(Duration::from_secs(86_400)),
        });
        drop(permit);
        let started = Instant::now();
        let stop = pacer
            .acquire_before(Deadline::after(Duration::from_secs(5)))
            .await
            .expect_err("a day is beyond a 5 s budget");
        assert_eq!(started.elapsed(), Duration::ZERO, "no time spent waiting");
        let PacerStop::HeldUntil(until) = stop else {
            panic!("{stop:?}");
        };
        assert_eq!(
            until - started,
            Duration::from_secs(86_400) + PacerConfig::default().safety_margin
        );
        // Within a long enough budget the same wait is taken.
        let permit = pacer
            .acquire_before(Deadline::after(Duration::from_secs(90_000)))
            .await
            .expect("a day fits in 25 hours");
        assert!(started.elapsed() >= Duration::from_secs(86_400));
        drop(permit);
    }

    #[tokio::test(start_paused = true)]
    async fn none_left_without_a_limit_still_holds_requests() {
        let config = PacerConfig {
            default_window: Duration::from_secs(10),
            ..PacerConfig::default()
        };
        let pacer = Pacer::new(config);
        let permit = pacer.acquire().await;
        permit.observe(&RateLimitHeaders {
            limit: None,
            remaining: Some(0),
            reset: None,
        });
        drop(permit);
        let stop = pacer.acquire_before(Deadline::after(Duration::from_secs(5))).await;
        assert!(matches!(stop, Err(PacerStop::HeldUntil(_))), "{stop:?}");
        let started = Instant::now();
        let _permit = pacer.acquire().await;
        assert!(started.elapsed() >= Duration::from_secs(10) - Duration::from_millis(1));
    }

    #[tokio::test(start_paused = true)]
    async fn a_pause_beyond_the_deadline_stops_at_once() {
        let pacer = Pacer::new(PacerConfig::default());
        pacer.acquire().await.observe(&RateLimitHeaders::default());
        pacer.pause_for(Duration::from_secs(120));
        let started = Instant::now();
        let stop = pacer.acquire_before(Deadline::after(Duration::from_secs(5))).await;
        assert!(
            matches!(stop, Err(PacerStop::HeldUntil(until)) if until - started == Duration::from_secs(120)),
            "{stop:?}"
        );
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_for_an_answer_ends_at_the_deadline() {
        let pacer = Pacer::new(PacerConfig::default());
        // The first request probes the limit alone; its answer never comes.
        let _first = pacer.acquire().await;
        let started = Instant::now();
        let stop = pacer.acquire_before(Deadline::after(Duration::from_secs(5))).await;
        assert_eq!(stop.unwrap_err(), PacerStop::OutOfTime);
        assert_eq!(started.elapsed(), Duration::from_secs(5));
    }
}
