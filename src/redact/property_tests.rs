//! Property test of the redactor: random secrets, in random encodings (raw, base64 of `key:` and
//! of `id:secret`, URL-encoded, JSON-escaped), inside random text, cut at random places by the
//! "server" and then by [`super::excerpt`]-style cutting, never leave 8 characters of the start of
//! what the secret became. The seed is fixed, so every run checks the same cases.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};

use super::SecretSet;

const SECRET_CHARS: &[char] = &[
    'a', 'b', 'c', 'x', 'y', 'z', 'A', 'K', 'Q', 'Z', '0', '1', '7', '9', '-', '_', '.', '~', '/', '+', '=', ' ', ':',
    '"', '%', 'é', '€',
];
const TEXT_CHARS: &[char] = &[
    'd', 'e', 'n', 'i', ' ', ':', '(', ')', '{', '}', '"', ',', '\n', '…', '│',
];

#[derive(Debug, Clone, Copy)]
enum Encoding {
    Raw,
    BasicKey,
    /// `base64("id:secret")`, registered like the HTTP layer registers the header it sent.
    BasicIdSecretRegistered,
    /// `base64("id:secret")` the HTTP layer never sent (a server that re-encodes what it got).
    BasicIdSecretUnknown,
    UrlForm,
    Json,
}

fn text(chars: &'static [char], length: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), length).prop_map(|chars| chars.into_iter().collect())
}

fn encoding() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Raw,
        Encoding::BasicKey,
        Encoding::BasicIdSecretRegistered,
        Encoding::BasicIdSecretUnknown,
        Encoding::UrlForm,
        Encoding::Json,
    ])
}

/// What `secret` looks like once encoded, and the part of it that must not survive.
fn encode(secret: &str, id: &str, encoding: Encoding) -> (String, String) {
    match encoding {
        Encoding::Raw => (secret.to_owned(), secret.to_owned()),
        Encoding::BasicKey => {
            let encoded = STANDARD.encode(format!("{secret}:"));
            (encoded.clone(), encoded)
        }
        Encoding::BasicIdSecretRegistered => {
            let encoded = STANDARD.encode(format!("{id}:{secret}"));
            (encoded.clone(), encoded)
        }
        Encoding::BasicIdSecretUnknown => {
            // Only the characters that depend on the secret's bytes are secret; the id's are not.
            let offset = id.len() + 1;
            let encoded = STANDARD.encode(format!("{id}:{secret}"));
            let start = (8 * offset).div_ceil(6);
            let end = 8 * (offset + secret.len()) / 6;
            let secret_part = encoded[start..end.min(encoded.len())].to_owned();
            (encoded, secret_part)
        }
        Encoding::UrlForm => {
            let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
            (encoded.clone(), encoded)
        }
        Encoding::Json => {
            let quoted = serde_json::to_string(secret).expect("a string serializes");
            let encoded = quoted[1..quoted.len() - 1].to_owned();
            (encoded.clone(), encoded)
        }
    }
}

/// `text` cut after `keep` characters, with an ellipsis, as a server or an excerpt cuts.
fn cut(text: &str, keep: usize) -> String {
    match text.char_indices().nth(keep) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

#[test]
fn no_eight_characters_of_an_encoded_secret_survive_any_cut() {
    let config = Config {
        cases: 3000,
        rng_seed: RngSeed::Fixed(0x00A7_5C71_0010),
        failure_persistence: None,
        ..Config::default()
    };
    let strategy = (
        text(SECRET_CHARS, 8..48),
        text(&['c', 'l', 'i', 'e', 'n', 't', '-', '7'], 0..14),
        encoding(),
        text(TEXT_CHARS, 0..40),
        text(TEXT_CHARS, 0..40),
        0usize..200,
        0usize..200,
    );
    TestRunner::new(config)
        .run(
            &strategy,
            |(secret, id, encoding, before, after, server_cut, our_cut)| {
                let mut set = SecretSet::new();
                prop_assert!(set.add_secret(&secret));
                let (encoded, must_not_survive) = encode(&secret, &id, encoding);
                if matches!(encoding, Encoding::BasicIdSecretRegistered) {
                    set.add_form(&encoded);
                }
                let sent = cut(&format!("{before}{encoded}{after}"), server_cut);
                // Redact, then cut: the order every excerpt uses.
                let shown = cut(&set.redact(&sent), our_cut);
                let start: String = must_not_survive.chars().take(8).collect();
                if start.chars().count() == 8 {
                    prop_assert!(
                        !shown.contains(&start),
                        "{encoding:?} of {secret:?} → {encoded:?}: {start:?} survives in {shown:?}"
                    );
                }
                Ok(())
            },
        )
        .unwrap_or_else(|failure| panic!("{failure}"));
}
