//! Step 5: the webhooks, by the ATS's `apply` kind: where an API creates them, `apply`'s own
//! plan and create flow after the person confirms ([`created`]); where none does, `apply`'s
//! guided checklist with its progress file ([`guided`]). A registered partner's authorisation
//! leaves no credential: the web hooks that need none still follow.

mod created;
mod guided;

use atsctl::manifest::Manifest;
use atsctl::plan::Checklist;

use super::credential::Chosen;
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};

pub(crate) const STEP: &str = "Webhooks";

impl Wizard<'_> {
    pub(crate) fn webhooks(
        &mut self,
        manifest: &Manifest,
        checklist: &Checklist,
        target: &Target,
        chosen: Option<&Chosen>,
    ) -> Step<()> {
        if checklist.webhooks.is_empty() {
            self.say(&format!(
                "{} needs no webhooks on {}.\n",
                manifest.partner.name,
                target.ats.display_name()
            ));
            self.summary.add(STEP, Status::Done, "none needed");
            return Ok(());
        }
        let finish = target.apply(chosen.is_some_and(|chosen| chosen.profile.is_some()), false);
        if self.args.skip_webhooks {
            self.output.print("Skipped (--skip-webhooks).\n");
            self.summary.add_with(
                STEP,
                Status::Remaining,
                format!("{} to set up; skipped (--skip-webhooks)", checklist.webhooks.len()),
                finish,
            );
            return Ok(());
        }
        // A credential of this ATS is what its API creates web hooks with; without one (a
        // partner's app was authorised instead) the guided checklist remains.
        let creation = target.ats.spec().apply.creates_webhooks();
        match (creation, chosen) {
            (Some(creation), Some(chosen)) if chosen.credential.ats() == target.ats => {
                self.created_webhooks(creation, manifest, target, chosen, &finish)
            }
            _ => self.guided_webhooks(checklist, &finish),
        }
    }
}
