//! `setup`'s credential step on Greenhouse: a custom integration's Harvest v3 client (or, with
//! --api v1, a legacy key), typed with the secret hidden, after the plan's steps and scopes for
//! it. A registered partner's authorisation is `setup/authorise.rs`.

use atsctl::http::Secret;
use atsctl::plan::Checklist;
use atsctl::profile::{self, Environment as _, NewCredential, ProcessEnv};

use crate::cli::render;
use crate::cli::setup::ask::Prompter;
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::excerpt;
use crate::cli::setup::{Step, Wizard};

impl Wizard<'_> {
    pub(crate) fn type_greenhouse(&mut self, checklist: &Checklist, target: &mut Target) -> Step<NewCredential> {
        if self.args.api == Some(crate::cli::setup::ApiArg::V1) {
            self.say(&format!(
                "A legacy Harvest v1 API key (Greenhouse retired them on {}; only for accounts that still have one).\n",
                atsctl::plan::HARVEST_V1_RETIRED
            ));
            let api_key = self.ask.secret("Harvest v1 API key (hidden)")?;
            return Ok(NewCredential::GreenhouseV1 {
                api_key,
                harvest_url: None,
            });
        }
        // The plan's own steps and scope table: the scopes to tick are here, not in another
        // command.
        let sections: Vec<_> = [excerpt::connection(checklist), excerpt::scopes(checklist)]
            .into_iter()
            .flatten()
            .collect();
        if !sections.is_empty() {
            self.output
                .print(&render::terminal_sections(&sections, self.output.width()));
            self.output
                .print("\nThe check below names any scope that is missing.\n\n");
        }
        // A flag, else the variable (set without its secret), else a question.
        let given = |flag: &Option<String>, variable: &str| {
            flag.clone()
                .or_else(|| ProcessEnv.var(variable))
                .map(|value| value.trim().to_owned())
        };
        let client_id = given(&self.args.client_id, profile::ENV_GREENHOUSE_CLIENT_ID);
        let user_id = given(&self.args.user_id, profile::ENV_GREENHOUSE_USER_ID);
        if let Some(id) = &client_id {
            self.say(&format!("Harvest v3 client id: {id}\n"));
        }
        if let Some(id) = &user_id {
            self.say(&format!("Acting user id: {id}\n"));
        }
        let (client_id, client_secret, user_id) = ask_v3(self.ask, client_id, user_id)?;
        target.client_id = Some(client_id.clone());
        target.user_id.clone_from(&user_id);
        Ok(NewCredential::GreenhouseV3 {
            client_id,
            client_secret,
            user_id,
            auth_url: None,
            harvest_url: None,
        })
    }
}

/// Asks for what a typed Harvest v3 credential still lacks, in the order Greenhouse shows it:
/// client id, secret (hidden), acting user (optional).
fn ask_v3(
    ask: &mut dyn Prompter,
    client_id: Option<String>,
    user_id: Option<String>,
) -> crate::cli::setup::ask::Answer<(String, Secret, Option<String>)> {
    let client_id = match client_id {
        Some(id) => id,
        None => ask.text("Harvest v3 client id", false)?,
    };
    let secret = ask.secret("Harvest v3 client secret (hidden)")?;
    let user_id = match user_id {
        Some(id) => Some(id),
        None => Some(ask.text("Acting user id (a Site Admin; Enter to skip)", true)?),
    }
    .filter(|id| !id.is_empty());
    Ok((client_id, secret, user_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::setup::ask::Stop;
    use crate::cli::setup::ask::script::{Reply, Script};

    #[test]
    fn only_missing_values_are_asked_and_ctrl_c_stops() {
        let mut script = Script::new(&[Reply::Text("client-7"), Reply::Secret("s3cret-value"), Reply::Text("")]);
        let (id, secret, user) = ask_v3(&mut script, None, None).unwrap();
        assert_eq!((id.as_str(), secret.expose(), user), ("client-7", "s3cret-value", None));
        assert_eq!(script.asked.len(), 3);

        let mut script = Script::new(&[Reply::Secret("s3cret-value")]);
        let (id, _, user) = ask_v3(&mut script, Some("flag-id".into()), Some("101".into())).unwrap();
        assert_eq!((id.as_str(), user.as_deref()), ("flag-id", Some("101")));
        assert_eq!(script.asked, ["Harvest v3 client secret (hidden)"]);

        let mut script = Script::new(&[Reply::Text("client-7"), Reply::CtrlC]);
        assert_eq!(ask_v3(&mut script, None, None).unwrap_err(), Stop::Interrupted);
    }
}
