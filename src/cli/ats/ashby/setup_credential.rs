//! `setup`'s credential step on Ashby: a typed API key.

use atsctl::ashby::manifest::API_KEYS_PLACE;
use atsctl::profile::NewCredential;

use crate::cli::setup::{Step, Wizard};

impl Wizard<'_> {
    pub(crate) fn type_ashby(&mut self) -> Step<NewCredential> {
        self.output.print(&format!(
            "An Ashby API key ({API_KEYS_PLACE}) with the module permissions above, and API Keys write \
             to create the webhooks.\n"
        ));
        let api_key = self.ask.secret("Ashby API key (hidden)")?;
        Ok(NewCredential::Ashby {
            api_key,
            base_url: None,
        })
    }
}
