//! A report's [`Fix`] as words. The library says what to do; command lines are written here,
//! where the flags they name are defined.

use atsctl::ats::Fix;

/// `fix` as one sentence; a command to run is quoted in backticks, ready to copy.
pub(crate) fn fix_text(fix: &Fix) -> String {
    match fix {
        Fix::InAts(text) => text.clone(),
        Fix::RunApply {
            partner,
            ats,
            event,
            webhook_url,
        } => format!(
            "Create the {event} webhook: `atsctl apply {partner} --ats {} --webhook-url {}`",
            ats.as_str(),
            webhook_url.as_deref().unwrap_or("URL")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atsctl::ats::Ats;
    use clap::ValueEnum as _;

    use crate::cli::ats::AtsArg;

    #[test]
    fn a_command_is_worded_with_the_url_or_a_placeholder() {
        for ats in AtsArg::value_variants().iter().map(|arg| -> Ats { (*arg).into() }) {
            let mut fix = Fix::RunApply {
                partner: "hipeople".into(),
                ats,
                event: "candidateHired".into(),
                webhook_url: Some("https://hooks.example/hook".into()),
            };
            assert_eq!(
                fix_text(&fix),
                format!(
                    "Create the candidateHired webhook: `atsctl apply hipeople --ats {} --webhook-url https://hooks.example/hook`",
                    ats.as_str()
                )
            );
            if let Fix::RunApply { webhook_url, .. } = &mut fix {
                *webhook_url = None;
            }
            assert!(fix_text(&fix).ends_with("--webhook-url URL`"), "{}", fix_text(&fix));
        }
        assert_eq!(fix_text(&Fix::InAts("grant it".into())), "grant it");
    }
}
