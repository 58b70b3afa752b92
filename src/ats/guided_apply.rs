//! What `apply` tells a person about an ATS whose web hooks no API creates, so that one guided
//! checklist ([`crate::guided`], [`crate::document::guided_document`]) serves any such ATS.

/// The facts the guided checklist states about the ATS's web-hook screen, beyond where it is
/// ([`super::WebhookScreen::place`]).
#[derive(Debug)]
pub struct GuidedWebhooks {
    /// The permission a person needs to create web hooks there, as the ATS's screen names it.
    pub permission: &'static str,
    /// What the ATS does when a web hook is saved, and what that leaves to do by hand.
    pub on_save: &'static str,
}
