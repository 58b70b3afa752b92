//! Webhook events: Greenhouse's "When" choices with their payload `action`, and Lever's events
//! with the Settings toggle that must be switched on before Lever sends them.
//!
//! Both lists are static data: `build.rs` (`build/event_catalog.rs`) writes every event as a
//! constant, with its label already normalized, so nothing is parsed, copied or allocated at run
//! time. Greenhouse rows without a known `action` are left out there: nothing identifies their
//! deliveries, so a manifest cannot choose them.

use serde::Serialize;

/// One choice of the "When" dropdown of a Greenhouse web hook.
#[derive(Debug, Clone, Serialize)]
pub struct GreenhouseEvent {
    /// The "When" label.
    pub label: &'static str,
    /// The payload's `action`.
    pub action: &'static str,
    /// The label was seen verbatim in a public guide.
    pub label_verified: bool,
    pub notes: &'static str,
}

/// One Lever webhook event.
#[derive(Debug, Clone, Serialize)]
pub struct LeverEvent {
    /// The API name, e.g. `candidateStageChange`.
    pub event: &'static str,
    /// The toggle in Settings → Integrations and API → Webhooks.
    pub toggle_label: &'static str,
    pub label_verified: bool,
}

include!(concat!(env!("OUT_DIR"), "/event_tables.rs"));
