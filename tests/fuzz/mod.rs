//! Fuzzing in the suite (issue 10, build item 6): every input that reaches atsctl from outside
//! — manifest files, webhook deliveries and their signature headers, answers of the Greenhouse
//! and Lever APIs — is fed mutated corpus inputs, and nothing may panic, hang or break the
//! invariants each target checks. See `engine` for how a run goes and how crashes are kept.
//!
//! `cargo test` replays each corpus and a few hundred fixed-seed cases; `.ci/run` gives every
//! target a time budget with `ATSCTL_FUZZ_SECONDS`.
//!
//! Adding a target is a corpus folder under `tests/fuzz/corpus/`, a
//! module with a `fn(&[u8])` that panics on a broken invariant, and one `#[test]` below that
//! hands them to [`engine::fuzz`]; `.ci/run` picks it up through the `fuzz::` filter.

mod answer_server;
mod classifiers;
mod engine;
mod manifest;
mod redactor;
mod webhooks;

use engine::{Target, fuzz};

#[test]
fn fuzz_manifest_loading() {
    fuzz(&Target {
        name: "manifest",
        run: manifest::load,
        dictionary: manifest::DICTIONARY,
    });
}

#[test]
fn fuzz_webhook_delivery_bodies() {
    fuzz(&Target {
        name: "webhook_delivery",
        run: webhooks::read_delivery,
        dictionary: webhooks::DELIVERY_DICTIONARY,
    });
}

#[test]
fn fuzz_webhook_signature_headers() {
    fuzz(&Target {
        name: "signature_header",
        run: webhooks::read_signature,
        dictionary: webhooks::SIGNATURE_DICTIONARY,
    });
}

#[test]
fn fuzz_greenhouse_answers() {
    fuzz(&Target {
        name: "greenhouse_response",
        run: classifiers::greenhouse,
        dictionary: classifiers::DICTIONARY,
    });
}

#[test]
fn fuzz_lever_answers() {
    fuzz(&Target {
        name: "lever_response",
        run: classifiers::lever,
        dictionary: classifiers::DICTIONARY,
    });
}

#[test]
fn fuzz_redactor() {
    fuzz(&Target {
        name: "redactor",
        run: redactor::redact,
        dictionary: redactor::DICTIONARY,
    });
}
