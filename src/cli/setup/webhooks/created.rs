//! `setup`'s web hook step on an ATS whose API creates them: `apply`'s plan, confirmed, then its
//! create flow ([`crate::cli::apply`]), for whichever ATS the spec says creates them.

use std::time::Duration;

use atsctl::ats::webhook_creation::{Connection, UrlProblem, WebhookSession};
use atsctl::ats::{Credential, WebhookCreation};
use atsctl::document;
use atsctl::manifest::Manifest;
use url::Url;

use super::STEP;
use crate::cli::apply::{CreateRun, Driver, exit_of, partner_token, preview_text};
use crate::cli::output::{layout_width, paint, style};
use crate::cli::render::{self, DocumentFormat};
use crate::cli::setup::credential::Chosen;
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::summary::Status;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{CliError, Exit};

/// The time limit of each phase (plan, then each create).
const PHASE_TIMEOUT: Duration = Duration::from_secs(60);

impl Wizard<'_> {
    /// `apply` on `target.ats`: read what exists, show the plan, confirm, create what is missing.
    pub(crate) fn created_webhooks(
        &mut self,
        creation: &WebhookCreation,
        manifest: &Manifest,
        target: &Target,
        chosen: &Chosen,
        finish: &str,
    ) -> Step<()> {
        let ats = target.ats;
        let credential: Credential = chosen.credential.clone();
        if credential.ats() != ats {
            return Ok(());
        }
        let url = match self.webhook_url(creation, manifest, target)? {
            Some(url) => Some(url),
            None if target.fixed_webhook_url => match (creation.target_url)(manifest, None) {
                Ok(url) => url,
                Err(UrlProblem::Invalid(problem)) => {
                    return Err(CliError::usage(format!("the manifest's webhook URL: {problem}")).into());
                }
                Err(UrlProblem::Missing { .. }) => None,
            },
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
        if url.is_some() {
            target.webhook_url = url.as_ref().map(Url::to_string);
        }
        let finish = target.apply(chosen.profile.is_some(), false);
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
        let (mut driver, events) = Driver::start(0, PHASE_TIMEOUT)?;
        let connection = Connection {
            region: self.args.region.map(|region| crate::cli::auth::value_name(&region)),
            timeout: PHASE_TIMEOUT,
            events: Some(events),
            profile: chosen.profile.clone(),
        };
        let mut session = match (creation.open)(manifest, &credential, &connection) {
            Ok(session) => session,
            Err(failure) => {
                stop(self, CliError::from(failure));
                return Ok(());
            }
        };
        let plan = match driver.run(self.output, session.plan(url.as_ref())) {
            Ok(plan) => plan,
            Err(failure) => {
                stop(self, CliError::from(failure));
                return Ok(());
            }
        };
        self.output.print(&preview_text(&plan, &self.fingerprint));
        let count = plan.create_count();
        if count == 0 {
            self.output.print(&format!(
                "\n{} {}\n",
                paint(style::OK, "Done:"),
                creation.nothing_to_create
            ));
            self.output.print(&next_steps_text(&plan.outcome));
            self.summary.add(STEP, Status::Done, "every webhook already exists");
            self.by_hand_row(session.as_ref());
            return Ok(());
        }
        let confirmed = if self.args.yes {
            true
        } else {
            self.ask
                .confirm(&format!("Create {count} webhook(s) in {}?", ats.display_name()), true)?
        };
        if !confirmed {
            self.output.print("Nothing created.\n");
            self.summary
                .add_with(STEP, Status::Remaining, format!("{count} to create; declined"), finish);
            return Ok(());
        }
        let token = match partner_token(ats, creation, manifest, &plan) {
            Ok(token) => token,
            Err(error) => {
                stop(self, error);
                return Ok(());
            }
        };
        self.journal.saved(creation.journal);
        let run = CreateRun {
            creation,
            manifest,
            store: None,
            shows_tokens: true,
            partner_token: token.as_ref(),
        };
        let outcome = run.create_each(&plan, session.as_mut(), &mut driver, self.output);
        let shown = document::apply_outcome_document(&outcome, &self.fingerprint);
        self.output.print(&format!(
            "\n{}",
            render::render(&shown, DocumentFormat::Terminal, self.output.width())
        ));
        match exit_of(&outcome) {
            Ok(Exit::Ok) => self.summary.add(STEP, Status::Done, format!("{count} created")),
            Ok(_) => self.summary.add_with(
                STEP,
                Status::Remaining,
                format!("{} refused some webhooks", ats.display_name()),
                finish,
            ),
            Err(error) => stop(self, error),
        }
        self.by_hand_row(session.as_ref());
        Ok(())
    }

    /// What a person must still do in the ATS, as a summary row, when the ATS names something.
    fn by_hand_row(&mut self, session: &dyn WebhookSession) {
        if let Some(by_hand) = session.by_hand() {
            self.summary
                .add_with(by_hand.step, Status::ByHand, by_hand.who, by_hand.what);
        }
    }

    /// `--webhook-url`, else the manifest's (`None`: the caller takes it), else asked (Enter
    /// leaves the step: `None`).
    fn webhook_url(&mut self, creation: &WebhookCreation, manifest: &Manifest, target: &Target) -> Step<Option<Url>> {
        if let Some(text) = &target.webhook_url {
            return match (creation.parse_url)(text) {
                Ok(url) => Ok(Some(url)),
                Err(problem) => Err(CliError::usage(format!("webhook URL {text}: {problem}")).into()),
            };
        }
        if target.fixed_webhook_url {
            return Ok(None);
        }
        self.output.print(&format!(
            "The webhooks deliver to a URL {} gives you{}\n",
            manifest.partner.name,
            (creation.url_instructions)(manifest).map_or_else(|| ".".to_owned(), |text| format!(": {}", text.trim()))
        ));
        loop {
            let answer = self.ask.text("Webhook URL (https://…; Enter to skip)", true)?;
            if answer.is_empty() {
                return Ok(None);
            }
            match (creation.parse_url)(&answer) {
                Ok(url) => return Ok(Some(url)),
                Err(problem) => self.output.prompt(&format!("{problem}\n")),
            }
        }
    }
}

/// The outcome's "what is left to do" section, at the layout width; empty when nothing is.
fn next_steps_text(outcome: &atsctl::guided::ApplyOutcome) -> String {
    document::apply_outcome_document(outcome, "")
        .sections
        .iter()
        .filter(|section| section.id == "section-next")
        .map(|section| format!("\n{}", render::terminal_section(section, layout_width())))
        .collect()
}
