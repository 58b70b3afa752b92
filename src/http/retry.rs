//! When to try a request again and how long to wait first: bounded exponential backoff with
//! jitter for transient faults, and the server's own `Retry-After` for 429s.
//!
//! reqwest's built-in retry has no backoff and ignores `Retry-After` (DESIGN.md,
//! "Dependencies"), so the loop in [`super::HttpClient::send`] owns this.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total for connection errors, timeouts and 5xx (1 = no retry).
    pub max_attempts: u32,
    /// Extra attempts allowed after 429 answers, on top of `max_attempts`.
    pub max_rate_limited: u32,
    /// The first backoff; each retry doubles it.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The longest `Retry-After` worth waiting for; a longer one fails the request instead.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_rate_limited: 5,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry): exponential, capped, with
    /// "equal jitter" (half fixed, half random) so parallel probes that failed together do not
    /// retry together.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let full = self.base_delay.saturating_mul(1 << exponent).min(self.max_delay);
        let half = full / 2;
        half + half.mul_f64(random_unit())
    }
}

/// A number in [0, 1) from the standard library's per-process random hasher keys; jitter needs
/// spread, not cryptographic quality, and this avoids a dependency.
fn random_unit() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos()),
    );
    // 53 random bits make an evenly spread f64 in [0, 1).
    #[allow(clippy::cast_precision_loss)]
    let unit = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    unit
}

/// Parses a `Retry-After` value into a wait from `now`. Accepts the three forms seen in
/// Greenhouse's docs and the HTTP spec: delta seconds (`30`), an epoch time in seconds (older
/// Harvest docs; reference README, "v1/v2"), and an HTTP date. A time in the past means "now".
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(number) = value.parse::<f64>() {
        return seconds_or_epoch(number, now);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO)).filter(|wait| *wait <= MAX_WAIT)
}

/// How long a 429 asks to wait: its `Retry-After`, else the window's announced reset; `None`
/// when it says neither (the caller backs off).
pub fn wait_after_429(retry_after: Option<&str>, reset: Option<Duration>, now: SystemTime) -> Option<Duration> {
    retry_after.and_then(|value| parse_retry_after(value, now)).or(reset)
}

/// Parses an `X-RateLimit-Reset` value into a wait from `now`: epoch seconds (Harvest v3) or,
/// when the number is too small to be a date, seconds until the reset.
pub fn parse_reset(value: &str, now: SystemTime) -> Option<Duration> {
    let number = value.trim().parse::<f64>().ok()?;
    seconds_or_epoch(number, now)
}

/// Numbers above this are epoch times (2001-09-09), below it durations in seconds.
const EPOCH_THRESHOLD: f64 = 1_000_000_000.0;
/// Longer waits than this are nonsense from a server, not a plan: treated as absent.
const MAX_WAIT: Duration = Duration::from_secs(24 * 60 * 60);

fn seconds_or_epoch(number: f64, now: SystemTime) -> Option<Duration> {
    if !number.is_finite() || number < 0.0 {
        return None;
    }
    let seconds = if number >= EPOCH_THRESHOLD {
        let now_epoch = now.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
        (number - now_epoch).max(0.0)
    } else {
        number
    };
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|wait| *wait <= MAX_WAIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(epoch: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(epoch)
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(
            parse_retry_after("30", at(1_800_000_000)),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after(" 0 ", at(1_800_000_000)), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", at(1_800_000_000)),
            Some(Duration::from_millis(1500))
        );
    }

    #[test]
    fn retry_after_as_epoch() {
        assert_eq!(
            parse_retry_after("1800000007", at(1_800_000_000)),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("1799999990", at(1_800_000_000)),
            Some(Duration::ZERO),
            "past means now"
        );
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:49 GMT", now),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn garbage_is_ignored() {
        for value in [
            "",
            "soon",
            "-5",
            "NaN",
            "inf",
            "1e300",
            "99999999999999999999",
            "Fri, 31 Dec 9999 23:59:59 GMT",
        ] {
            assert_eq!(parse_retry_after(value, at(1_800_000_000)), None, "{value:?}");
        }
    }

    #[test]
    fn reset_as_epoch_or_delta() {
        assert_eq!(
            parse_reset("1800000010", at(1_800_000_000)),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_reset("4", at(1_800_000_000)), Some(Duration::from_secs(4)));
        assert_eq!(parse_reset("x", at(1_800_000_000)), None);
    }

    #[test]
    fn a_429_waits_for_retry_after_then_the_reset() {
        let now = at(1_800_000_000);
        let reset = Some(Duration::from_secs(9));
        assert_eq!(wait_after_429(Some("120"), reset, now), Some(Duration::from_secs(120)));
        assert_eq!(wait_after_429(Some("soon"), reset, now), reset, "garbage falls back");
        assert_eq!(wait_after_429(None, reset, now), reset);
        assert_eq!(wait_after_429(None, None, now), None);
        assert_eq!(
            wait_after_429(Some("1800086400"), None, now),
            Some(Duration::from_secs(86_400)),
            "an epoch a day away"
        );
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(350),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(
                first >= Duration::from_millis(50) && first <= Duration::from_millis(100),
                "{first:?}"
            );
            let second = policy.backoff(2);
            assert!(
                second >= Duration::from_millis(100) && second <= Duration::from_millis(200),
                "{second:?}"
            );
            let capped = policy.backoff(10);
            assert!(
                capped >= Duration::from_millis(175) && capped <= Duration::from_millis(350),
                "{capped:?}"
            );
        }
    }
}
