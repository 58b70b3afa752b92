//! The Ashby words of `setup`'s scripted equivalent: `auth login` with the key on stdin, and
//! the webhook step's dry run and `--yes` create.

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

/// The webhook step: a dry run, then the create flow with `--yes`.
pub(crate) fn webhook_step(target: &Target, no_store: bool) -> (Vec<String>, Vec<String>) {
    let mut notes = Vec::new();
    if target.lacks_webhook_url() {
        notes.push(format!(
            "add --webhook-url with the URL {} gives you for its webhooks",
            target.partner_name
        ));
    }
    notes.push(
        "--dry-run shows what would be created; --yes creates it (without a terminal nothing can confirm). \
         The key needs API Keys write; each new secret token is printed once."
            .to_owned(),
    );
    (
        notes,
        vec![
            format!("{} --dry-run", target.apply(!no_store, false)),
            target.apply(!no_store, true),
        ],
    )
}
