//! A report's [`Fix`] as words. The library says what to do; command lines are written here,
//! where the flags they name are defined.

use atsctl::ats::{Command, Fix};

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

/// `command` as the command line to type.
pub(crate) fn command_text(command: &Command) -> String {
    match command {
        Command::Plan { partner, ats } => format!("atsctl plan {partner} --ats {}", ats.as_str()),
        Command::Apply { ats } => format!("atsctl apply --ats {}", ats.as_str()),
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

    #[test]
    fn a_command_names_the_partner_and_the_ats_it_is_for() {
        for ats in AtsArg::value_variants().iter().map(|arg| -> Ats { (*arg).into() }) {
            let plan = Command::Plan {
                partner: "hipeople".into(),
                ats,
            };
            assert_eq!(
                command_text(&plan),
                format!("atsctl plan hipeople --ats {}", ats.as_str())
            );
            assert_eq!(
                command_text(&Command::Apply { ats }),
                format!("atsctl apply --ats {}", ats.as_str())
            );
        }
    }
}
