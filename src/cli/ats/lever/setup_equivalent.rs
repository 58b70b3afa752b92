//! The Lever words of `setup`'s scripted equivalent: the webhook step's dry run and `--yes`
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
        "--dry-run shows what would be created; --yes creates it (without a terminal nothing can \
         confirm). A Lever Super Admin then switches each event on in Settings → Integrations and \
         API → Webhooks."
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

#[cfg(test)]
mod tests {
    use atsctl::lever::seam::ATS;

    use crate::cli::setup::equivalent::render;
    use crate::cli::setup::equivalent::tests::hipeople;

    #[test]
    fn lever_steps_need_a_webhook_url_and_yes() {
        let mut target = hipeople(ATS);
        let text = render(&target.steps(false, false, false));
        assert!(text.contains("add --webhook-url"), "{text}");
        assert!(
            text.contains("atsctl apply hipeople --ats lever --profile default --yes"),
            "{text}"
        );
        target.webhook_url = Some("https://hooks.example/lever".into());
        target.set_setting("region", Some("eu".into()));
        let text = render(&target.steps(false, false, false));
        assert!(!text.contains("add --webhook-url"), "{text}");
        assert!(
            text.contains("atsctl auth login --profile default --ats lever --region eu --api-key-stdin"),
            "{text}"
        );
        assert!(
            text.contains(
                "atsctl apply hipeople --ats lever --webhook-url https://hooks.example/lever --region eu --profile default --dry-run"
            ),
            "{text}"
        );
    }
}
