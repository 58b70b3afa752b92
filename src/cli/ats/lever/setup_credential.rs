//! `setup`'s credential step on Lever: a typed API key and the account's region, and the
//! session the later steps use it through.

use std::sync::Arc;
use std::time::Duration;

use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::profile::{self, Environment as _, LeverRegion, NewCredential, ProcessEnv, ResolvedLever};
use tokio::sync::mpsc::unbounded_channel;

use super::session::Session;
use crate::cli::setup::equivalent::Target;
use crate::cli::setup::{Step, Wizard};
use crate::cli::{CliError, failure};

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

    /// A Lever client for `resolved`, like `validate --ats lever` builds one, but for a key that
    /// may exist only in this process (typed and not stored).
    pub(crate) fn lever_session(&self, resolved: &ResolvedLever) -> Result<Session, CliError> {
        let url =
            lever::resolve_url(resolved.base_url.as_ref(), self.args.region.map(LeverRegion::from)).map_err(failure)?;
        let (sender, events) = unbounded_channel();
        let options = LeverOptions {
            timeout: Duration::from_secs(10),
            events: Some(Arc::new(move |event| {
                let _ = sender.send(event);
            })),
            ..LeverOptions::default()
        };
        let client = LeverClient::new(url.url, resolved.api_key.clone(), &options).map_err(failure)?;
        let runtime = crate::cli::runtime::start(crate::cli::runtime::Threads::One)?;
        Ok(Session {
            client,
            credential: format!("API key {}", resolved.origin.phrase()),
            url_source: url.source,
            runtime,
            events,
            verbose: 0,
        })
    }
}
