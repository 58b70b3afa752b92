//! The URL a Lever webhook delivers to: checked before anything is created, and compared the way
//! de-duplication needs.
//!
//! Deliveries carry candidate data, so the URL must be HTTPS; plain `http://` is accepted only
//! for a loopback host, the same rule as for API base URLs (DESIGN.md, "Contract"), so tests and
//! demos can point at a local receiver.

use url::Url;

use crate::http::is_loopback;

/// Parses `value` as a webhook URL, or says why it cannot be one.
pub fn parse(value: &str) -> Result<Url, String> {
    let url = Url::parse(value.trim()).map_err(|error| format!("{value:?} is not a URL: {error}"))?;
    let Some(host) = url.host() else {
        return Err(format!("{value:?} has no host"));
    };
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(format!(
                "{value:?} uses plain http://; Lever would send candidate data in clear text: use https://"
            ));
        }
        other => return Err(format!("{value:?}: a webhook URL must be https://, not {other}://")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "{value:?} carries a user name or password; Lever would store and show them"
        ));
    }
    Ok(url)
}

/// Whether two webhook URLs name the same endpoint. Both are normalized by the URL parser
/// (scheme and host case, default port, an empty path as `/`); anything else, including a
/// trailing slash on a longer path or the query, must match exactly, because the receiver may
/// route on it. Text that does not parse is compared as trimmed text.
pub fn same(a: &str, b: &str) -> bool {
    match (Url::parse(a.trim()), Url::parse(b.trim())) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_loopback_http_are_accepted() {
        for ok in [
            "https://hooks.hipeople.io/lever",
            "https://hooks.example.com/lever?tenant=42",
            "http://127.0.0.1:8080/lever",
            "http://localhost/hook",
        ] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn insecure_or_odd_urls_are_refused() {
        for (refused, why) in [
            ("http://hooks.example.com/lever", "plain http://"),
            ("ftp://hooks.example.com/lever", "ftp://"),
            ("https://user:pw@hooks.example.com/", "user name or password"),
            ("hooks.example.com/lever", "not a URL"),
        ] {
            let error = parse(refused).unwrap_err();
            assert!(error.contains(why), "{refused}: {error}");
        }
    }

    #[test]
    fn comparison_normalizes_only_what_the_parser_does() {
        assert!(same(
            "https://Hooks.Example.com/lever",
            "https://hooks.example.com/lever"
        ));
        assert!(same("https://hooks.example.com", "https://hooks.example.com/"));
        assert!(same("https://hooks.example.com:443/x", " https://hooks.example.com/x "));
        assert!(!same(
            "https://hooks.example.com/lever",
            "https://hooks.example.com/lever/"
        ));
        assert!(!same(
            "https://hooks.example.com/lever?a=1",
            "https://hooks.example.com/lever"
        ));
        assert!(!same("http://hooks.example.com/x", "https://hooks.example.com/x"));
        assert!(same("not a url", " not a url"));
    }
}
