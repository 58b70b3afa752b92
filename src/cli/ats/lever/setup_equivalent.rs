//! The Lever words of `setup`'s scripted equivalent: `auth login` with a region. Its webhook
//! step is the generic create step (`crate::cli::ats::webhook_step`).

use atsctl::profile;

use crate::cli::setup::equivalent::Target;

/// `auth login` flags after `--ats lever`: the region, and the key on stdin.
pub(crate) fn login_words(target: &Target, words: &mut Vec<String>) {
    if let Some(region) = target.region {
        words.extend(["--region".to_owned(), region.as_str().to_owned()]);
    }
    words.push("--api-key-stdin".to_owned());
}

/// What `auth login` reads from stdin.
pub(crate) fn secret_label(_: &Target) -> &'static str {
    "the Lever API key"
}

/// The variable that carries the key without a profile.
pub(crate) fn env_names(_: &Target) -> String {
    profile::ENV_LEVER_API_KEY.to_owned()
}

#[cfg(test)]
mod tests {
    use atsctl::lever::seam::ATS;
    use atsctl::profile::LeverRegion;

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
        target.region = Some(LeverRegion::Eu);
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
