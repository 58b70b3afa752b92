//! Step 3 for a registered partner on Harvest v3: there is no credential to type. The customer's
//! admin authorises the partner's app on the ATS's own authorisation screen; the wizard shows the
//! plan's connection step as `plan` shows it (where it starts, who does it and why, the scopes
//! the screen should request) and records whether the admin saw exactly those scopes and
//! authorised.

use atsctl::plan::Checklist;

use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::render;

pub(crate) const STEP: &str = "Authorise the partner";
/// The summary's row for what a partner's authorisation grants: nothing atsctl can check.
pub(crate) const CHECK_STEP: &str = "Check the authorisation";

/// How many scopes the authorisation screen should request.
pub(crate) fn required_scopes(checklist: &Checklist) -> usize {
    checklist.v3_scopes.iter().filter(|scope| scope.required).count()
}

impl Wizard<'_> {
    /// Shows the authorisation and records the admin's confirmation (a question, or
    /// `--confirm-authorised`). Nothing secret is asked.
    pub(crate) fn authorise(&mut self, checklist: &Checklist, target: &Target) -> Step<()> {
        let partner = &checklist.partner.name;
        self.say(&format!(
            "{partner} is a registered Greenhouse partner: on Harvest v3 you authorise its app, and there is no \
             credential to create or type.\n"
        ));
        if let Some(section) = super::excerpt::connection(checklist) {
            self.output
                .print(&render::terminal_sections(&[section], self.output.width()));
        }
        let scopes = required_scopes(checklist);
        let confirmed = if self.args.confirm_authorised {
            self.output.print("\n");
            self.say(&format!(
                "Confirmed (--confirm-authorised): the screen requested these {scopes} scopes, and {partner} is \
                 authorised.\n"
            ));
            true
        } else {
            self.output.print("\n");
            self.ask.confirm(
                &format!("Did the screen request these {scopes} scopes, and did you authorise?"),
                false,
            )?
        };
        if confirmed {
            self.summary.add(
                STEP,
                Status::Done,
                format!("confirmed by the admin: the screen requested the {scopes} scopes; authorised"),
            );
        } else {
            self.summary.add_with(
                STEP,
                Status::Remaining,
                "not confirmed",
                format!(
                    "authorise {partner} as `{}` shows, then run `{} --confirm-authorised`",
                    target.plan(),
                    target.setup()
                ),
            );
        }
        // atsctl holds no token of the partner's, so what the authorisation grants can only be
        // compared on the screen, not checked.
        self.summary.add_with(
            CHECK_STEP,
            Status::ToCheck,
            format!("atsctl holds no {partner} token to check with"),
            format!(
                "the authorisation screen is the check: if a {partner} feature fails, compare the scopes it requested \
                 with `{}`",
                target.plan()
            ),
        );
        Ok(())
    }
}
