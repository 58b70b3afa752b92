//! Build-time half of the webhook event catalogs: reads the Greenhouse and Lever event rows and
//! writes them as constants of the catalog's own types (`GREENHOUSE_EVENTS`, `LEVER_EVENTS`),
//! each with its labels already normalized (`GREENHOUSE_EVENT_LABELS`, `LEVER_EVENT_LABELS`, in
//! the same order), which `src/catalog/events.rs` includes: nothing is parsed, normalized or
//! copied at run time.
//!
//! The constants hold no pointer, so the loader relocates nothing in them at start-up
//! (`src/text_blob.rs`): every text, normalized labels included, is a `Text::at(Span)` of one blob,
//! `EVENT_TEXT`. Each row carries its label or event name as a comment, so the generated file can
//! still be checked by eye.

use std::fmt::Write as _;

use crate::Split;
use crate::label::normalize_label;
use crate::text_blob::TextBlob;

/// The `action` of Greenhouse rows whose deliveries nothing identifies.
const UNKNOWN_ACTION: &str = "UNKNOWN";

/// Writes the Greenhouse and Lever event tables into `out`.
pub(crate) fn write(out: &mut String, greenhouse: &Split, lever: &Split) {
    let mut text = TextBlob::default();
    let mut text_of = |value: &str| format!("Text::at({})", text.add(value));

    let mut greenhouse_events = Vec::new();
    let mut greenhouse_labels = Vec::new();
    for row in &greenhouse.rows {
        // Rows without a known action (the save-time ping, "Hiring Team Updated (?)") cannot be
        // chosen in a manifest: nothing identifies their deliveries.
        let action = greenhouse.get(row, "action");
        if action == UNKNOWN_ACTION {
            continue;
        }
        let label = greenhouse.get(row, "ui_label");
        greenhouse_events.push(format!(
            "    GreenhouseEvent {{ label: {}, action: {}, label_verified: {}, notes: {} }}, // {label:?}",
            text_of(label),
            text_of(action),
            greenhouse.get(row, "label_verified") == "yes",
            text_of(greenhouse.get(row, "notes")),
        ));
        let normalized = normalize_label(label);
        greenhouse_labels.push(format!("    {}, // {normalized:?}", text_of(&normalized)));
    }

    let mut lever_events = Vec::new();
    let mut lever_labels = Vec::new();
    for row in &lever.rows {
        let event = lever.get(row, "event");
        let toggle_label = lever.get(row, "toggle_label");
        lever_events.push(format!(
            "    LeverEvent {{ event: {}, toggle_label: {}, label_verified: {} }}, // {event:?}",
            text_of(event),
            text_of(toggle_label),
            lever.get(row, "label_verified") == "yes",
        ));
        let normalized = normalize_label(toggle_label);
        lever_labels.push(format!("    {}, // {normalized:?}", text_of(&normalized)));
    }

    text.write(out, "EVENT_TEXT");
    for (name, kind, lines) in [
        ("GREENHOUSE_EVENTS", "GreenhouseEvent", &greenhouse_events),
        ("GREENHOUSE_EVENT_LABELS", "Text", &greenhouse_labels),
        ("LEVER_EVENTS", "LeverEvent", &lever_events),
        ("LEVER_EVENT_LABELS", "Text", &lever_labels),
    ] {
        writeln!(out, "pub(super) static {name}: [{kind}; {}] = [", lines.len()).unwrap();
        for line in lines {
            writeln!(out, "{line}").unwrap();
        }
        out.push_str("];\n");
    }
}
