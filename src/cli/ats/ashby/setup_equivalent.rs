//! The Ashby words of `setup`'s scripted equivalent: `auth login` with the key on stdin. Its
//! webhook step is the generic create step (`crate::cli::ats::webhook_step`).

use crate::cli::setup::equivalent::Target;

/// `auth login` flags after `--ats ashby`: the key on stdin.
pub(crate) fn login_words(_: &Target, words: &mut Vec<String>) {
    words.push("--api-key-stdin".to_owned());
}

/// What `auth login` reads from stdin.
pub(crate) fn secret_label(_: &Target) -> &'static str {
    "the Ashby API key"
}

/// The variable that carries the key without a profile.
pub(crate) fn env_names(_: &Target) -> String {
    atsctl::ashby::ENV_API_KEY.to_owned()
}
