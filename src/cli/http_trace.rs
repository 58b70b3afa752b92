//! One line per HTTP event for `-v` / `-vv` on stderr, the same for every command and ATS.
//! Events never carry secrets (the library redacts them before it emits one).

use std::fmt::Write as _;

use atsctl::http;

/// The line for `event`; `verbose > 1` adds rate-limit headers and error-body excerpts.
pub(crate) fn http_line(event: &http::Event, verbose: u8) -> String {
    match event {
        http::Event::Response {
            request,
            status,
            elapsed,
            attempt,
            rate,
            excerpt,
        } => {
            let mut line = format!("  {request} → {status} ({} ms)", elapsed.as_millis());
            if *attempt > 1 {
                let _ = write!(line, " [attempt {attempt}]");
            }
            if verbose > 1 {
                if !rate.is_empty() {
                    let show = |value: Option<u32>| value.map_or_else(|| "-".to_owned(), |value| value.to_string());
                    let reset = rate
                        .reset
                        .map_or_else(|| "-".to_owned(), |reset| format!("{:.1}s", reset.as_secs_f64()));
                    let _ = write!(
                        line,
                        " limit={} remaining={} reset={reset}",
                        show(rate.limit),
                        show(rate.remaining)
                    );
                }
                if let Some(excerpt) = excerpt.as_deref().filter(|excerpt| !excerpt.is_empty()) {
                    let _ = write!(line, "\n      {excerpt}");
                }
            }
            line.push('\n');
            line
        }
        http::Event::Failure {
            request,
            reason,
            attempt,
        } => format!("  {request} ✗ {reason} [attempt {attempt}]\n"),
        http::Event::Wait { request, reason, delay } => {
            format!(
                "  waiting {:.2} s ({}) before {request}\n",
                delay.as_secs_f64(),
                reason.as_str()
            )
        }
    }
}
