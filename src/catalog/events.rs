//! Webhook events: Greenhouse's "When" choices with their payload `action`, and Lever's events
//! with the Settings toggle that must be switched on before Lever sends them.

use serde::Serialize;

use super::tsv;

/// One choice of the "When" dropdown of a Greenhouse web hook.
#[derive(Debug, Clone, Serialize)]
pub struct GreenhouseEvent {
    /// The "When" label.
    pub label: String,
    /// The payload's `action`.
    pub action: String,
    /// The label was seen verbatim in a public guide.
    pub label_verified: bool,
    pub notes: String,
}

/// One Lever webhook event.
#[derive(Debug, Clone, Serialize)]
pub struct LeverEvent {
    /// The API name, e.g. `candidateStageChange`.
    pub event: String,
    /// The toggle in Settings → Integrations and API → Webhooks.
    pub toggle_label: String,
    pub label_verified: bool,
}

pub(super) fn load_greenhouse() -> Vec<GreenhouseEvent> {
    let mut events = Vec::new();
    tsv::for_each_row(&tsv::GREENHOUSE_EVENTS, |row| {
        // Rows without a known action (the save-time ping, "Hiring Team Updated (?)") cannot be
        // chosen in a manifest: nothing identifies their deliveries.
        if row.get("action") == "UNKNOWN" {
            return;
        }
        events.push(GreenhouseEvent {
            label: row.get("ui_label").to_owned(),
            action: row.get("action").to_owned(),
            label_verified: row.get("label_verified") == "yes",
            notes: row.get("notes").to_owned(),
        });
    });
    events
}

pub(super) fn load_lever() -> Vec<LeverEvent> {
    let mut events = Vec::new();
    tsv::for_each_row(&tsv::LEVER_EVENTS, |row| {
        events.push(LeverEvent {
            event: row.get("event").to_owned(),
            toggle_label: row.get("toggle_label").to_owned(),
            label_verified: row.get("label_verified") == "yes",
        });
    });
    events
}
