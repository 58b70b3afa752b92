//! `setup`'s credential step on Lever: a typed API key and the account's region.

use atsctl::profile::{self, Environment as _, LeverRegion, NewCredential, ProcessEnv};

use crate::cli::setup::equivalent::Target;
use crate::cli::setup::{Step, Wizard};

impl Wizard<'_> {
    pub(crate) fn type_lever(&mut self, target: &mut Target) -> Step<NewCredential> {
        self.say(
            "A Lever API key (Settings → Integrations and API → API Credentials) that can read stages and webhooks \
             and create webhooks.\n",
        );
        let api_key = self.ask.secret("Lever API key (hidden)")?;
        let region = match self.args.region {
            Some(region) => LeverRegion::from(region),
            // The URL decides the host; a region would only conflict with it.
            None if ProcessEnv.var(profile::ENV_LEVER_URL).is_some() => LeverRegion::Us,
            None => {
                let items = ["US (api.lever.co)".to_owned(), "EU (api.eu.lever.co)".to_owned()];
                let region = if self.ask.select("Lever region", &items, 0)? == 1 {
                    LeverRegion::Eu
                } else {
                    LeverRegion::Us
                };
                target.region = Some(region);
                region
            }
        };
        Ok(NewCredential::Lever {
            api_key,
            region,
            base_url: None,
        })
    }
}
