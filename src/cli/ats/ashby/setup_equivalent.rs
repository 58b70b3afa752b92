//! The Ashby words of `setup`'s scripted equivalent: the webhook step's dry run and `--yes`
//! create (the login step's words come from the credential kinds' data).

use crate::cli::setup::equivalent::Target;

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
