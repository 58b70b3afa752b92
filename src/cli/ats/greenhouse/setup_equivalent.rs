//! The Greenhouse words of `setup`'s scripted equivalent: how `auth login` is given a Harvest
//! credential. Its web hook step is the generic guided step (`crate::cli::ats::webhook_step`).

use atsctl::profile;

use crate::cli::setup::equivalent::Target;

/// `auth login` flags after `--ats greenhouse`: the v1 key, or the v3 client with its secret on
/// stdin.
pub(crate) fn login_words(target: &Target, words: &mut Vec<String>) {
    if target.v1() {
        words.extend(["--api", "v1", "--api-key-stdin"].map(str::to_owned));
        return;
    }
    if let Some(client_id) = &target.client_id {
        words.extend(["--client-id".to_owned(), client_id.clone()]);
    }
    if let Some(user_id) = &target.user_id {
        words.extend(["--user-id".to_owned(), user_id.clone()]);
    }
    words.push("--client-secret-stdin".to_owned());
}

/// What `auth login` reads from stdin.
pub(crate) fn secret_label(target: &Target) -> &'static str {
    if target.v1() {
        "the Harvest v1 API key"
    } else {
        "the client secret"
    }
}

/// Where the rest of a v3 credential comes from when no flag gave it.
pub(crate) fn login_notes(target: &Target) -> Vec<String> {
    if !target.v1() && target.client_id.is_none() {
        vec![format!(
            "the client id comes from --client-id or {}",
            profile::ENV_GREENHOUSE_CLIENT_ID
        )]
    } else {
        Vec::new()
    }
}

/// The variables that carry the credential without a profile.
pub(crate) fn env_names(target: &Target) -> String {
    if target.v1() {
        profile::ENV_HARVEST_API_KEY.to_owned()
    } else {
        format!(
            "{}, {} and {}",
            profile::ENV_GREENHOUSE_CLIENT_ID,
            profile::ENV_GREENHOUSE_CLIENT_SECRET,
            profile::ENV_GREENHOUSE_USER_ID
        )
    }
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
        target.client_id = Some("client 1".into());
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
