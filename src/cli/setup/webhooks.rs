//! Step 5: the webhooks. Greenhouse has no API for them, so this is `apply`'s guided checklist,
//! with its progress file; Lever's are created through the API after the person confirms, by
//! `apply --ats lever`'s own plan and create flow.

use atsctl::lever::apply as lever_apply;
use atsctl::lever::webhook_url;
use atsctl::manifest::{Ats, Manifest};
use atsctl::plan::Checklist;
use url::Url;

use super::credential::Chosen;
use super::equivalent::Target;
use super::summary::Status;
use super::{Step, Wizard};
use crate::cli::Exit;
use crate::cli::ats::Found;
use crate::cli::ats::greenhouse::apply as guided;
use crate::cli::ats::lever::apply as apply_lever;
use crate::cli::failure;
use crate::cli::output::{paint, style};

const STEP: &str = "Webhooks";

impl Wizard<'_> {
    pub(crate) fn webhooks(
        &mut self,
        manifest: &Manifest,
        checklist: &Checklist,
        target: &Target,
        chosen: &Chosen,
    ) -> Step<()> {
        if checklist.webhooks.is_empty() {
            self.output.print(&format!(
                "{} needs no webhooks on {}.\n",
                manifest.partner.name,
                target.ats.display_name()
            ));
            self.summary.add(STEP, Status::Done, "none needed");
            return Ok(());
        }
        let finish = target.apply(chosen.profile.is_some(), false);
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
        match (&chosen.found, target.ats) {
            (Found::Lever(_), Ats::Lever) => self.lever_webhooks(manifest, target, chosen, &finish),
            _ => self.greenhouse_webhooks(checklist, &finish),
        }
    }

    /// `apply`'s checklist: each web hook with the values to copy, confirmed one by one, progress
    /// saved after each confirmation.
    fn greenhouse_webhooks(&mut self, checklist: &Checklist, finish: &str) -> Step<()> {
        // `setup` has no --reset: point to the command that has.
        let opened = guided::guided_session(checklist, false, self.output).map_err(|mut error| {
            if error.help.iter().any(|help| help.contains("--reset")) {
                error.help = vec![format!(
                    "fix or delete the file, or start over with `{finish} --reset` (this forgets the saved progress)"
                )];
            }
            error
        })?;
        let Some((mut session, file)) = opened else {
            self.summary.add(STEP, Status::Done, "none needed");
            return Ok(());
        };
        self.journal.saved(format!(
            "each web hook confirmed, in {} (the next run resumes there)",
            file.path().display()
        ));
        guided::walk(&mut session, &file, false, self.output)?;
        let total = session.checklist().items.len();
        let done = session.done_count();
        if done == total {
            self.summary.add(
                STEP,
                Status::Done,
                format!("all {total} web hooks created and confirmed"),
            );
        } else {
            self.summary.add_with(
                STEP,
                Status::Remaining,
                format!("{done} of {total} web hooks confirmed"),
                finish,
            );
        }
        Ok(())
    }

    /// `apply --ats lever`: list, show the plan, confirm, create what is missing.
    fn lever_webhooks(&mut self, manifest: &Manifest, target: &Target, chosen: &Chosen, finish: &str) -> Step<()> {
        let Found::Lever(resolved) = &chosen.found else {
            return Ok(());
        };
        let Some(url) = self.lever_webhook_url(manifest, target)? else {
            self.summary.add_with(
                STEP,
                Status::Remaining,
                "no webhook URL given",
                format!("{finish} --webhook-url <the URL {} gives you>", manifest.partner.name),
            );
            return Ok(());
        };
        let mut target = target.clone();
        target.webhook_url = Some(url.to_string());
        let finish = target.apply(chosen.profile.is_some(), false);
        let mut session = self.lever_session(resolved, chosen.profile.as_deref())?;
        let plan = match session.run(self.output, async |client| {
            lever_apply::plan(manifest, client, &url).await
        }) {
            Ok(plan) => plan,
            Err(error) => {
                let error = failure(error);
                self.output.error(&error.message, &error.help);
                self.summary.fail_with(error.exit);
                self.summary.add_with(
                    STEP,
                    Status::Remaining,
                    format!("not created: {}", error.message),
                    finish,
                );
                return Ok(());
            }
        };
        self.output.print(&apply_lever::plan_text(&plan, &session));
        let toggles: Vec<String> = plan
            .items
            .iter()
            .map(|item| format!("\"{}\"", item.toggle_label))
            .collect();
        let toggles_row = |summary: &mut super::Summary| {
            summary.add_with(
                "Webhook toggles",
                Status::ByHand,
                "a Lever Super Admin",
                format!("switch on {} in {}", toggles.join(", "), atsctl::lever::TOGGLE_PLACE),
            );
        };
        let count = plan.create_count();
        if count == 0 {
            self.output.print(&format!(
                "\n{} every webhook already exists; nothing to create.\n",
                paint(style::OK, "Done:")
            ));
            self.output.print(&apply_lever::toggles_text(&plan));
            self.summary.add(STEP, Status::Done, "every webhook already exists");
            toggles_row(&mut self.summary);
            return Ok(());
        }
        let confirmed = if self.args.yes {
            true
        } else {
            self.ask
                .confirm(&format!("Create {count} webhook(s) in Lever?"), true)?
        };
        if !confirmed {
            self.output.print("Nothing created.\n");
            self.summary
                .add_with(STEP, Status::Remaining, format!("{count} to create; declined"), finish);
            return Ok(());
        }
        self.journal
            .saved("each Lever webhook created (a re-run creates only the missing ones)");
        match apply_lever::create_all(manifest, &plan, &url, &mut session, None, self.output) {
            Ok(Exit::Ok) => self.summary.add(STEP, Status::Done, format!("{count} created")),
            Ok(_) => self
                .summary
                .add_with(STEP, Status::Remaining, "Lever refused some webhooks", finish),
            Err(error) => {
                self.output.error(&error.message, &error.help);
                self.summary.fail_with(error.exit);
                self.summary
                    .add_with(STEP, Status::Remaining, format!("stopped: {}", error.message), finish);
            }
        }
        toggles_row(&mut self.summary);
        Ok(())
    }

    /// `--webhook-url`, else the manifest's fixed URL, else asked (Enter leaves the step).
    fn lever_webhook_url(&mut self, manifest: &Manifest, target: &Target) -> Step<Option<Url>> {
        let fixed = manifest.lever.as_ref().and_then(|setup| {
            setup
                .webhooks
                .iter()
                .find_map(|webhook| webhook.endpoint.as_ref()?.url.clone())
        });
        if let Some(text) = target.webhook_url.clone().or(fixed) {
            return match webhook_url::parse(&text) {
                Ok(url) => Ok(Some(url)),
                Err(problem) => Err(crate::cli::CliError::usage(format!("webhook URL {text}: {problem}")).into()),
            };
        }
        let instructions = manifest.lever.as_ref().and_then(|setup| {
            setup
                .webhooks
                .iter()
                .find_map(|webhook| webhook.endpoint.as_ref()?.instructions.clone())
        });
        self.output.print(&format!(
            "The webhooks deliver to a URL {} gives you{}\n",
            manifest.partner.name,
            instructions.map_or_else(|| ".".to_owned(), |text| format!(": {}", text.trim()))
        ));
        loop {
            let answer = self.ask.text("Webhook URL (https://…; Enter to skip)", true)?;
            if answer.is_empty() {
                return Ok(None);
            }
            match webhook_url::parse(&answer) {
                Ok(url) => return Ok(Some(url)),
                Err(problem) => self.output.prompt(&format!("{problem}\n")),
            }
        }
    }
}
