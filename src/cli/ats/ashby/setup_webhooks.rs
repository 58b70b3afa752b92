//! `setup`'s webhook step on Ashby: `apply --ats ashby`'s plan, confirmed, then its create flow.

use std::time::Duration;

use atsctl::ashby::apply::{self as ashby_apply};
use atsctl::ashby::report::PartnerRef;
use atsctl::ashby::state::StateFile;
use atsctl::manifest::Manifest;
use url::Url;

use super::apply::{create_all, partner_token, plan_text};
use super::session::Session;
use crate::cli::output::{paint, style};
use crate::cli::setup::credential::Chosen;
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::summary::Status;
use crate::cli::setup::webhooks::STEP;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{CliError, Exit, failure};

/// The time limit of each phase (plan, then each create).
const PHASE_TIMEOUT: Duration = Duration::from_secs(60);

impl Wizard<'_> {
    /// `apply --ats ashby`: read the records, show the plan, confirm, create what is missing.
    pub(crate) fn ashby_webhooks(
        &mut self,
        manifest: &Manifest,
        target: &Target,
        chosen: &Chosen,
        finish: &str,
    ) -> Step<()> {
        let (Some(resolved), Some(setup)) = (
            chosen.credential.get::<atsctl::profile::ResolvedAshby>(),
            manifest.ashby.as_ref(),
        ) else {
            return Ok(());
        };
        if setup.webhooks.is_empty() {
            return Ok(());
        }
        let url = match self.ashby_webhook_url(manifest, target)? {
            Some(url) => Some(url),
            None if (manifest.ats_list().contains(&target.ats) && target.fixed_webhook_url) => None,
            None => {
                self.summary.add_with(
                    STEP,
                    Status::Remaining,
                    "no webhook URL given",
                    format!("{finish} --webhook-url <the URL {} gives you>", manifest.partner.name),
                );
                return Ok(());
            }
        };
        let mut target = target.clone();
        target.webhook_url = url.as_ref().map(Url::to_string);
        let finish = target.apply(chosen.profile.is_some(), false);
        let mut session = Session::for_key(resolved, chosen.profile.as_deref(), PHASE_TIMEOUT, 0)?;
        let stop = |wizard: &mut Self, error: CliError| {
            wizard.output.error(&error.message, &error.help);
            wizard.summary.fail_with(error.exit);
            wizard.summary.add_with(
                STEP,
                Status::Remaining,
                format!("not created: {}", error.message),
                finish.clone(),
            );
        };
        let state_file = match StateFile::locate(&manifest.partner.id, session.client.base_url()) {
            Ok(state_file) => state_file,
            Err(error) => {
                stop(self, CliError::usage(error.to_string()));
                return Ok(());
            }
        };
        let partner = PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        };
        let plan = match session.run(self.output, async |client| {
            ashby_apply::plan(setup, partner, client, &state_file, url.as_ref()).await
        }) {
            Ok(plan) => plan,
            Err(error) => {
                stop(self, failure(error));
                return Ok(());
            }
        };
        self.output.print(&plan_text(&plan, &session));
        let count = plan.create_count();
        if count == 0 {
            self.output.print(&format!(
                "\n{} every webhook is recorded and Ashby still has it; nothing to create.\n",
                paint(style::OK, "Done:")
            ));
            self.summary.add(STEP, Status::Done, "every webhook already exists");
            return Ok(());
        }
        let confirmed = if self.args.yes {
            true
        } else {
            self.ask
                .confirm(&format!("Create {count} webhook(s) in Ashby?"), true)?
        };
        if !confirmed {
            self.output.print("Nothing created.\n");
            self.summary
                .add_with(STEP, Status::Remaining, format!("{count} to create; declined"), finish);
            return Ok(());
        }
        let token = match partner_token(&plan) {
            Ok(token) => token,
            Err(error) => {
                stop(self, error);
                return Ok(());
            }
        };
        self.journal
            .saved("each Ashby webhook created is recorded (a re-run creates only the missing ones)");
        match create_all(
            manifest,
            &plan,
            &state_file,
            token.as_ref(),
            &mut session,
            None,
            self.output,
        ) {
            Ok(Exit::Ok) => self.summary.add(STEP, Status::Done, format!("{count} created")),
            Ok(_) => self
                .summary
                .add_with(STEP, Status::Remaining, "Ashby refused some webhooks", finish),
            Err(error) => stop(self, error),
        }
        Ok(())
    }

    /// `--webhook-url`, else `None` when the manifest fixes the URLs, else asked (Enter leaves
    /// the step).
    fn ashby_webhook_url(&mut self, manifest: &Manifest, target: &Target) -> Step<Option<Url>> {
        if let Some(text) = &target.webhook_url {
            return match ashby_apply::parse_webhook_url(text) {
                Ok(url) => Ok(Some(url)),
                Err(error) => Err(CliError::usage(format!("webhook URL {text}: {}", error.message)).into()),
            };
        }
        if target.fixed_webhook_url {
            return Ok(None);
        }
        self.output.print(&format!(
            "The webhooks deliver to a URL {} gives you.\n",
            manifest.partner.name
        ));
        loop {
            let answer = self.ask.text("Webhook URL (https://…; Enter to skip)", true)?;
            if answer.is_empty() {
                return Ok(None);
            }
            match ashby_apply::parse_webhook_url(&answer) {
                Ok(url) => return Ok(Some(url)),
                Err(error) => self.output.prompt(&format!("{}\n", error.message)),
            }
        }
    }
}
