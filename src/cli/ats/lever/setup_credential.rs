//! The session `setup`'s later steps use a Lever credential through (its typing is the
//! generic credential step, `setup/credential.rs`).

use std::sync::Arc;
use std::time::Duration;

use atsctl::lever::{self, LeverClient, LeverOptions};
use atsctl::profile::{self, LeverRegion, ResolvedLever};
use tokio::sync::mpsc::unbounded_channel;

use super::session::Session;
use crate::cli::setup::Wizard;
use crate::cli::{CliError, failure};

impl Wizard<'_> {
    /// A Lever client for `resolved`, like `validate --ats lever` builds one, but for a key that
    /// may exist only in this process (typed and not stored).
    pub(crate) fn lever_session(&self, resolved: &ResolvedLever, profile: Option<&str>) -> Result<Session, CliError> {
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
            origin: resolved.origin.clone(),
            profile: profile.unwrap_or(profile::DEFAULT_PROFILE).to_owned(),
            url_source: url.source,
            runtime,
            events,
            verbose: 0,
        })
    }
}
