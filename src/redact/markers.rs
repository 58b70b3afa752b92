//! Credentials recognised by where they stand rather than by value, so that even secrets this
//! process never held are not shown: the user information of a URL (`https://user:pass@host`)
//! and the values of credential headers written out in a text (`Authorization: Basic …`,
//! `"cookie": "…"`), as a careless server echoes them.

use std::borrow::Cow;

use super::MASK;

/// Header names whose values are credentials (`proxy-authorization` and `set-cookie` end in
/// them), each with the position of a letter rare in prose: names are found by jumping between
/// that letter's occurrences (a vectorised scan) instead of comparing at every byte.
const CREDENTIAL_HEADERS: [(&str, usize); 2] = [("authorization", 7), ("cookie", 3)];
/// A header value shorter than this is a word in a sentence ("authorization: none"), not a
/// credential.
const MIN_VALUE_BYTES: usize = 8;
/// An `Authorization` value without a scheme is masked only when it looks like a token: at least
/// this long, with letters and digits (a YAML line `authorization: partner-consent` is not one).
const MIN_BARE_TOKEN_BYTES: usize = 16;
/// HTTP authentication schemes (IANA registry, and the `Token`/`Key` forms APIs use); the word
/// is kept, the credential after it masked.
const AUTH_SCHEMES: [&str; 12] = [
    "Basic",
    "Bearer",
    "Digest",
    "Token",
    "Key",
    "ApiKey",
    "Negotiate",
    "NTLM",
    "OAuth",
    "HOBA",
    "Mutual",
    "DPoP",
];

/// Where the first `://` in `bytes` is. Every byte written passes through here: memchr finds
/// each colon with SIMD, which `str::find`'s general substring search did not.
fn scheme_separator(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b':', bytes).find(|&at| bytes[at + 1..].starts_with(b"//"))
}

/// `text` with the user name and password of every `scheme://user:pass@host` replaced; borrowed
/// when there is none.
pub(super) fn mask_userinfo(text: &str) -> Cow<'_, str> {
    let mut masked: Option<String> = None;
    let mut kept_until = 0;
    let mut from = 0;
    while let Some(at) = scheme_separator(&text.as_bytes()[from..]) {
        let authority_start = from + at + 3;
        let authority = &text[authority_start..];
        let end = authority
            .find(|c: char| c.is_whitespace() || "/?#@\"'<>`\\)]},".contains(c))
            .unwrap_or(authority.len());
        if authority[end..].starts_with('@') && end > 0 {
            let masked = masked.get_or_insert_with(|| String::with_capacity(text.len()));
            masked.push_str(&text[kept_until..authority_start]);
            masked.push_str(MASK);
            kept_until = authority_start + end;
            from = kept_until;
        } else {
            from = authority_start;
        }
    }
    match masked {
        Some(mut masked) => {
            masked.push_str(&text[kept_until..]);
            Cow::Owned(masked)
        }
        None => Cow::Borrowed(text),
    }
}

/// `text` with the value of every credential header written out in it replaced; borrowed when
/// there is none.
pub(super) fn mask_header_values(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut hidden: Vec<(usize, usize)> = Vec::new();
    for (name, anchor) in CREDENTIAL_HEADERS {
        let rare = name.as_bytes()[anchor];
        for at in memchr::memchr2_iter(rare, rare.to_ascii_uppercase(), bytes) {
            let Some(name_start) = at.checked_sub(anchor) else {
                continue;
            };
            let name_end = name_start + name.len();
            if name_end > bytes.len() || !bytes[name_start..name_end].eq_ignore_ascii_case(name.as_bytes()) {
                continue;
            }
            let word_start =
                name_start == 0 || !bytes[name_start - 1].is_ascii_alphanumeric() && bytes[name_start - 1] != b'_';
            if !word_start {
                continue;
            }
            if let Some(range) = value_range(text, name_end, name == "authorization") {
                hidden.push(range);
            }
        }
    }
    if hidden.is_empty() {
        return Cow::Borrowed(text);
    }
    hidden.sort_unstable();
    let mut masked = String::with_capacity(text.len());
    let mut kept_until = 0;
    for (start, end) in hidden {
        if start < kept_until {
            continue;
        }
        masked.push_str(&text[kept_until..start]);
        masked.push_str(MASK);
        kept_until = end;
    }
    masked.push_str(&text[kept_until..]);
    Cow::Owned(masked)
}

/// Where the value of a header whose name ends at `after_name` lies: past an optional closing
/// quote, `:` or `=`, spaces and an opening quote; for `Authorization`, past a scheme word
/// (`Basic`, `Bearer`) too, which is kept.
fn value_range(text: &str, after_name: usize, has_scheme: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = after_name;
    let skip = |at: &mut usize, set: &[u8]| {
        while *at < bytes.len() && set.contains(&bytes[*at]) {
            *at += 1;
        }
    };
    skip(&mut at, b"\"'");
    skip(&mut at, b" \t");
    if at >= bytes.len() || !matches!(bytes[at], b':' | b'=') {
        return None;
    }
    at += 1;
    skip(&mut at, b" \t");
    skip(&mut at, b"\"'");
    let is_end = |byte: u8, in_token: bool| {
        matches!(byte, b'\n' | b'\r' | b'"' | b'\'' | b'<' | b'>' | b'\\' | b'}' | b']')
            || in_token && (byte.is_ascii_whitespace() || matches!(byte, b',' | b';' | b')' | b'&'))
    };
    if has_scheme {
        let scheme_end = bytes[at..]
            .iter()
            .position(|byte| !byte.is_ascii_alphanumeric() && *byte != b'-')
            .map_or(bytes.len(), |length| at + length);
        let scheme = &text[at..scheme_end];
        let known_scheme = scheme_end < bytes.len()
            && bytes[scheme_end] == b' '
            && AUTH_SCHEMES.iter().any(|known| known.eq_ignore_ascii_case(scheme));
        if known_scheme {
            at = scheme_end;
            skip(&mut at, b" ");
        }
        let end = bytes[at..]
            .iter()
            .position(|byte| is_end(*byte, true))
            .map_or(bytes.len(), |length| at + length);
        let token = &text[at..end];
        // Without a scheme, only what looks like a bare credential: long, letters and digits.
        let credential = if known_scheme {
            token.len() >= MIN_VALUE_BYTES
        } else {
            token.len() >= MIN_BARE_TOKEN_BYTES
                && token.bytes().any(|byte| byte.is_ascii_digit())
                && token.bytes().any(|byte| byte.is_ascii_alphabetic())
        };
        return (credential && token != MASK).then_some((at, end));
    }
    // A cookie header holds `name=value; name=value`: everything up to the end of the value.
    let end = bytes[at..]
        .iter()
        .position(|byte| is_end(*byte, false))
        .map_or(bytes.len(), |length| at + length);
    let value = &text[at..end];
    (value.len() >= MIN_VALUE_BYTES && value.contains('=')).then_some((at, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_separator_is_the_first_colon_before_two_slashes() {
        assert_eq!(scheme_separator(b"harvest:jobs:list https://host"), Some(23));
        assert_eq!(scheme_separator(b"a:/ b::// c"), Some(6));
        for none in [&b""[..], b":", b"x:/", b"a: //", b"a:"] {
            assert_eq!(scheme_separator(none), None, "{:?}", String::from_utf8_lossy(none));
        }
        assert_eq!(scheme_separator(b"://"), Some(0));
    }

    #[test]
    fn userinfo_is_masked_and_hosts_are_kept() {
        assert_eq!(
            mask_userinfo("https://u:SECRET@harvest.example/v1 and http://key@127.0.0.1:9"),
            "https://***@harvest.example/v1 and http://***@127.0.0.1:9"
        );
        assert_eq!(
            mask_userinfo("see https://example.com/a@b and mailto:x@y"),
            "see https://example.com/a@b and mailto:x@y"
        );
        assert_eq!(mask_userinfo("\"https://a:b@h\""), "\"https://***@h\"");
        assert_eq!(mask_userinfo("://@host"), "://@host");
    }

    #[test]
    fn credential_header_values_are_masked_in_any_spelling() {
        assert_eq!(
            mask_header_values("denied for Authorization: Basic Q0FOQVJZLWtleTo="),
            "denied for Authorization: Basic ***"
        );
        assert_eq!(
            mask_header_values(
                r#"{"headers":{"authorization":"Bearer eyJhbGciOi.x.y","cookie":"sid=abcdef123456; t=1"}}"#
            ),
            r#"{"headers":{"authorization":"Bearer ***","cookie":"***"}}"#
        );
        assert_eq!(
            mask_header_values("Proxy-Authorization=Basic dXNlcjpwYXNz, next"),
            "Proxy-Authorization=Basic ***, next"
        );
        assert_eq!(
            mask_header_values("Set-Cookie: session=0123456789abcdef; Path=/"),
            "Set-Cookie: ***"
        );
        assert_eq!(
            mask_header_values("authorization: sk_live_0123456789"),
            "authorization: ***"
        );
        assert_eq!(
            mask_header_values("AUTHORIZATION: Bearer 0123456789 COOKIE=a=0123456789"),
            "AUTHORIZATION: Bearer *** COOKIE=***"
        );
    }

    #[test]
    fn names_are_found_only_whole_and_anywhere_in_the_text() {
        // The rare letter near the start (no room for the name before it), inside other
        // words, and a name cut off by the end of the text.
        for text in [
            "zk",
            "k: x",
            "pizza cookies",
            "xauthorization: Bearer 0123456789",
            "authoriz",
            "cooki",
        ] {
            assert_eq!(mask_header_values(text), text, "{text:?}");
        }
        assert_eq!(mask_header_values("cookie=a=0123456789"), "cookie=***");
        assert_eq!(mask_header_values("日本 cookie: a=0123456789"), "日本 cookie: ***");
    }

    #[test]
    fn prose_about_authorization_is_left_alone() {
        for prose in [
            "an OAuth authorization of the partner",
            "authorization: the Super Admin does it",
            "reauthorization: needed",
            "cookies are not used",
            "cookie: chocolate-chip-please",
            "Authorization: Basic ***",
            "authorization: partner-oauth-consent",
            r#""authorization": "Your HiPeople organization's admin""#,
            "authorization:\n    who: admin",
        ] {
            assert_eq!(mask_header_values(prose), prose);
        }
    }
}
