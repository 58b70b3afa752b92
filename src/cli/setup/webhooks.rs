//! Step 5: the webhooks. Greenhouse has no API for them, so this is `apply`'s guided checklist,
//! with its progress file; Lever's are created through the API after the person confirms, by
//! `apply --ats lever`'s own plan and create flow. A registered partner's authorisation leaves
//! no credential: the web hooks that need none still follow.

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
        crate::cli::ats::setup_webhooks(self, manifest, checklist, target, chosen, &finish)
    }
}
