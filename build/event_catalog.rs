//! Build-time half of the webhook event catalogs: reads the Greenhouse and Lever event rows and
//! writes them as constants of the catalog's own types (`GREENHOUSE_EVENTS`, `LEVER_EVENTS`),
//! each with its labels already normalized (`GREENHOUSE_EVENT_LABELS`, `LEVER_EVENT_LABELS`, in
//! the same order), which `src/catalog/events.rs` includes: nothing is parsed, normalized or
//! copied at run time.

use std::fmt::Write as _;

use crate::Split;
use crate::label::normalize_label;

/// The `action` of Greenhouse rows whose deliveries nothing identifies.
const UNKNOWN_ACTION: &str = "UNKNOWN";

/// Writes the Greenhouse and Lever event tables into `out`.
pub(crate) fn write(out: &mut String, greenhouse: &Split, lever: &Split) {
    let mut labels = Vec::new();
    out.push_str("pub(super) static GREENHOUSE_EVENTS: &[GreenhouseEvent] = &[\n");
    for row in &greenhouse.rows {
        // Rows without a known action (the save-time ping, "Hiring Team Updated (?)") cannot be
        // chosen in a manifest: nothing identifies their deliveries.
        let action = greenhouse.get(row, "action");
        if action == UNKNOWN_ACTION {
            continue;
        }
        let label = greenhouse.get(row, "ui_label");
        writeln!(
            out,
            "    GreenhouseEvent {{ label: {label:?}, action: {action:?}, label_verified: {}, notes: {:?} }},",
            greenhouse.get(row, "label_verified") == "yes",
            greenhouse.get(row, "notes"),
        )
        .unwrap();
        labels.push(normalize_label(label));
    }
    out.push_str("];\n");
    writeln!(out, "pub(super) static GREENHOUSE_EVENT_LABELS: &[&str] = &{labels:?};").unwrap();

    let mut labels = Vec::new();
    out.push_str("pub(super) static LEVER_EVENTS: &[LeverEvent] = &[\n");
    for row in &lever.rows {
        let toggle_label = lever.get(row, "toggle_label");
        writeln!(
            out,
            "    LeverEvent {{ event: {:?}, toggle_label: {toggle_label:?}, label_verified: {} }},",
            lever.get(row, "event"),
            lever.get(row, "label_verified") == "yes",
        )
        .unwrap();
        labels.push(normalize_label(toggle_label));
    }
    out.push_str("];\n");
    writeln!(out, "pub(super) static LEVER_EVENT_LABELS: &[&str] = &{labels:?};").unwrap();
}
