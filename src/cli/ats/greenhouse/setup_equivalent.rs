//! The Greenhouse words of `setup`'s scripted equivalent: the guided web hook step (the login
//! step's words come from the credential kinds' data, in `setup/equivalent.rs`).

use crate::cli::setup::equivalent::Target;

/// The web hook step: `apply`'s guided checklist.
pub(crate) fn webhook_step(target: &Target) -> (Vec<String>, Vec<String>) {
    (
        vec![
            "a guided checklist: no Greenhouse API creates web hooks; it reads one answer per web hook \
             from stdin (y, n or q), and --format markdown prints it for the Greenhouse admin"
                .to_owned(),
        ],
        vec![target.apply(false, false)],
    )
}

#[cfg(test)]
mod tests {
    use atsctl::greenhouse::seam::ATS;

    use crate::cli::setup::equivalent::render;
    use crate::cli::setup::equivalent::tests::hipeople;

    #[test]
    fn a_registered_partner_is_authorised_not_logged_in() {
        let target = hipeople(ATS);
        assert!(target.authorises());
        let steps = target.steps(false, false, false);
        let text = render(&steps);
        assert!(!text.contains("auth login") && !text.contains("secret"), "{text}");
        assert!(
            text.contains("atsctl setup hipeople --ats greenhouse --non-interactive --yes --confirm-authorised"),
            "{text}"
        );
        assert!(text.contains("atsctl apply hipeople --ats greenhouse"), "{text}");
    }

    #[test]
    fn greenhouse_steps_follow_the_flags() {
        let mut target = hipeople(ATS);
        // As a custom integration would: client credentials to store and check.
        target.partner_app = false;
        target.profile = Some("work".into());
        target.set_setting("client_id", Some("client 1".into()));
        let steps = target.steps(false, false, false);
        let commands: Vec<&str> = steps
            .iter()
            .flat_map(|step| &step.commands)
            .map(String::as_str)
            .collect();
        assert_eq!(
            commands,
            [
                "atsctl plan hipeople --ats greenhouse",
                "atsctl auth login --profile work --ats greenhouse --client-id 'client 1' --client-secret-stdin",
                "atsctl validate hipeople --ats greenhouse --profile work",
                "atsctl apply hipeople --ats greenhouse",
            ]
        );
        assert_eq!(steps[3].title, "Create the 4 web hooks");

        let steps = target.steps(true, true, true);
        let text = render(&steps);
        assert_eq!(steps.len(), 2, "{text}");
        assert!(
            text.contains("set ATSCTL_GREENHOUSE_CLIENT_ID, ATSCTL_GREENHOUSE_CLIENT_SECRET"),
            "{text}"
        );
        assert!(!text.contains("auth login"), "{text}");
    }
}
