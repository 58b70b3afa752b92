//! `setup`'s webhook step on Lever: `apply --ats lever`'s plan, confirmed, then its create flow.

use atsctl::lever::apply as lever_apply;
use atsctl::lever::webhook_url;
use atsctl::manifest::Manifest;
use url::Url;

use super::apply as apply_lever;
use crate::cli::output::{paint, style};
use crate::cli::setup::credential::Chosen;
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::summary::Status;
use crate::cli::setup::webhooks::STEP;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{Exit, failure};

impl Wizard<'_> {
    /// `apply --ats lever`: list, show the plan, confirm, create what is missing.
    pub(crate) fn lever_webhooks(
        &mut self,
        manifest: &Manifest,
        target: &Target,
        chosen: &Chosen,
        finish: &str,
    ) -> Step<()> {
        let Some(resolved) = chosen.credential.get::<atsctl::profile::ResolvedLever>() else {
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
        let toggles_row = |summary: &mut crate::cli::setup::summary::Summary| {
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
