//! A Lever report in the words every ATS's check shares ([`crate::document::CheckView`]): the
//! pipeline stages and the webhooks as groups, and what no API can read as checks by hand.

use super::report::{LeverReport, Status, Verdict};
use crate::ats::{Ats, Fix};
use crate::document::{BeyondNeed, CheckGroup, CheckItem, CheckView, ItemStatus};

impl LeverReport {
    /// The report as a [`CheckView`], every row kept.
    pub fn check_view(&self) -> CheckView {
        let fix_for = |item: String| -> Option<Fix> {
            self.fixes
                .iter()
                .find(|fix| fix.item == item)
                .map(|fix| fix.action.clone())
        };
        let mut groups = Vec::new();
        if !self.stages.is_empty() {
            groups.push(CheckGroup {
                name: "Pipeline stages".to_owned(),
                item_header: "Stage".to_owned(),
                ids_header: "Matched".to_owned(),
                items: self
                    .stages
                    .iter()
                    .map(|stage| CheckItem {
                        name: stage.name.clone(),
                        ids: stage.matched.iter().map(|matched| matched.id.clone()).collect(),
                        required: stage.required,
                        status: item_status(stage.status),
                        why: stage.note.clone(),
                        fix: fix_for(format!("stage: {}", stage.name)),
                    })
                    .collect(),
            });
        }
        if !self.webhooks.is_empty() {
            groups.push(CheckGroup {
                name: "Webhooks".to_owned(),
                item_header: "Event".to_owned(),
                ids_header: "Must point at".to_owned(),
                items: self
                    .webhooks
                    .iter()
                    .map(|webhook| {
                        let mut why: Vec<String> = webhook.note.iter().cloned().collect();
                        if webhook.status == Status::Present {
                            why.extend(
                                webhook
                                    .matching
                                    .iter()
                                    .map(|found| format!("webhook {} → {}", found.id, found.url)),
                            );
                        }
                        CheckItem {
                            name: webhook.event.clone(),
                            ids: vec![webhook.expected_url.clone().unwrap_or_else(|| "(any URL)".to_owned())],
                            required: true,
                            status: item_status(webhook.status),
                            why: (!why.is_empty()).then(|| why.join("; ")),
                            fix: fix_for(format!("webhook: {}", webhook.event)),
                        }
                    })
                    .collect(),
            });
        }
        CheckView {
            partner_id: self.partner.id.clone(),
            partner_name: self.partner.name.clone(),
            ats: Ats::Lever,
            credential: self.credential.clone(),
            checked: format!("at {} ({}); read-only GETs", self.api_url, self.api_url_source),
            ok_word: "present",
            groups,
            facts: Vec::new(),
            // Nothing in the check reads what else the key may do.
            beyond_need: BeyondNeed::default(),
            by_hand: self.manual.iter().map(|check| check.action.clone()).collect(),
            notes: self.notes.clone(),
            strict: false,
            passed: self.verdict == Verdict::Ok,
        }
    }
}

fn item_status(status: Status) -> ItemStatus {
    match status {
        Status::Present => ItemStatus::Ok,
        Status::Missing => ItemStatus::Missing,
        Status::NoAccess => ItemStatus::NoAccess,
    }
}
