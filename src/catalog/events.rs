//! Webhook events: Greenhouse's "When" choices with their payload `action`, and Lever's events
//! with the Settings toggle that must be switched on before Lever sends them.
//!
//! Both lists are static data: `build.rs` (`build/event_catalog.rs`) writes every event as a
//! constant, with its label already normalized, so nothing is parsed, copied or allocated at run
//! time. Greenhouse rows without a known `action` are left out there: nothing identifies their
//! deliveries, so a manifest cannot choose them.
//!
//! The constants hold no pointer either, so the loader relocates nothing in them at start-up
//! (`src/text_blob.rs`): every text is a span of one blob, `EVENT_TEXT`, read through the
//! accessors as a `&'static str`.

use serde::Serialize;

use crate::text_blob::{self, Blob, Span};

/// The blob every text of the event catalogs is a span of.
pub(super) struct EventBlob;

impl Blob for EventBlob {
    const TEXT: &'static str = EVENT_TEXT;
}

/// One text of the event catalogs, a span of `EVENT_TEXT`.
pub(super) type Text = text_blob::Text<EventBlob>;

/// One choice of the "When" dropdown of a Greenhouse web hook.
#[derive(Debug, Clone, Serialize)]
pub struct GreenhouseEvent {
    /// Read through [`GreenhouseEvent::label`].
    label: Text,
    /// Read through [`GreenhouseEvent::action`].
    action: Text,
    /// The label was seen verbatim in a public guide.
    pub label_verified: bool,
    /// Read through [`GreenhouseEvent::notes`].
    notes: Text,
}

impl GreenhouseEvent {
    /// The "When" label.
    pub fn label(&self) -> &'static str {
        self.label.as_str()
    }

    /// The payload's `action`.
    pub fn action(&self) -> &'static str {
        self.action.as_str()
    }

    /// What the reference says of the event: when it fires, where its label was seen.
    pub fn notes(&self) -> &'static str {
        self.notes.as_str()
    }
}

/// One Lever webhook event.
#[derive(Debug, Clone, Serialize)]
pub struct LeverEvent {
    /// Read through [`LeverEvent::event`].
    event: Text,
    /// Read through [`LeverEvent::toggle_label`].
    toggle_label: Text,
    pub label_verified: bool,
}

impl LeverEvent {
    /// The API name, e.g. `candidateStageChange`.
    pub fn event(&self) -> &'static str {
        self.event.as_str()
    }

    /// The toggle in Settings → Integrations and API → Webhooks.
    pub fn toggle_label(&self) -> &'static str {
        self.toggle_label.as_str()
    }
}

include!(concat!(env!("OUT_DIR"), "/event_tables.rs"));
