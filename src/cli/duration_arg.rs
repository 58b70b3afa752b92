//! `--timeout` values: the one parser every command's time limit goes through, so `60`, `2.5s`
//! and `500ms` mean the same everywhere.

use std::time::Duration;

/// Seconds (`60`, `2.5s`) or milliseconds (`500ms`), between 50 ms and 600 s.
pub(crate) fn parse_timeout(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(ms) = text.strip_suffix("ms") {
        (ms, 0.001)
    } else if let Some(seconds) = text.strip_suffix('s') {
        (seconds, 1.0)
    } else {
        (text, 1.0)
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a duration; use e.g. 10, 2.5s or 500ms"))?;
    let seconds = value * scale;
    if !(0.05..=600.0).contains(&seconds) {
        return Err("the timeout must be between 50ms and 600s".to_owned());
    }
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_parse_in_seconds_or_milliseconds() {
        assert_eq!(parse_timeout("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_timeout("2.5s"), Ok(Duration::from_millis(2500)));
        assert_eq!(parse_timeout("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("soon").is_err());
        assert!(parse_timeout("1h").is_err());
        assert!(parse_timeout("601").is_err());
        assert!(parse_timeout("NaN").is_err());
        assert!(parse_timeout("inf").is_err());
        assert!(parse_timeout("-5").is_err());
    }
}
