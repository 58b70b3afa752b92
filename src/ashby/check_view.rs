//! An Ashby key report in the words every ATS's check shares ([`crate::document::CheckView`]):
//! the key's module permissions, its settings (which no API shows, so they are checked by hand)
//! and the permission `apply` needs, each with its fix.

use super::manifest::API_KEYS_PLACE;
use super::report::{AshbyReport, CheckedBy, Evidence, PermissionReport, Status, Verdict};
use crate::ats::{Ats, Fix};
use crate::document::{BeyondNeed, CheckGroup, CheckItem, CheckView, ItemStatus};

impl AshbyReport {
    /// The report as a [`CheckView`], every row kept.
    pub fn check_view(&self) -> CheckView {
        let mut groups = Vec::new();
        if !self.permissions.is_empty() {
            groups.push(CheckGroup {
                name: "API key permissions".to_owned(),
                item_header: "Permission".to_owned(),
                ids_header: "id".to_owned(),
                items: self.permissions.iter().map(|row| self.permission_item(row)).collect(),
            });
        }
        if !self.toggles.is_empty() {
            groups.push(CheckGroup {
                name: "API key settings".to_owned(),
                item_header: "Setting".to_owned(),
                ids_header: "Manifest key".to_owned(),
                items: self
                    .toggles
                    .iter()
                    .map(|toggle| CheckItem {
                        name: toggle.label.clone(),
                        ids: vec![toggle.toggle.key().to_owned()],
                        required: toggle.required,
                        status: item_status(toggle.status),
                        why: toggle.note.clone(),
                        fix: (toggle.status != Status::Granted).then(|| {
                            Fix::InAts(format!(
                                "Check on the API key in {API_KEYS_PLACE} that \"{}\" is switched on",
                                toggle.label
                            ))
                        }),
                    })
                    .collect(),
            });
        }
        if let Some(row) = &self.apply_permission {
            // Only `apply` needs it, so it never fails `validate`.
            let mut item = self.permission_item(row);
            item.required = false;
            item.why = Some(item.why.map_or_else(
                || "lets `atsctl apply` create the webhooks".to_owned(),
                |why| format!("lets `atsctl apply` create the webhooks; {why}"),
            ));
            groups.push(CheckGroup {
                name: "For apply".to_owned(),
                item_header: "Permission".to_owned(),
                ids_header: "id".to_owned(),
                items: vec![item],
            });
        }
        let mut facts = Vec::new();
        if let Some(title) = &self.key_title {
            facts.push(("API key".to_owned(), format!("\"{title}\"")));
        }
        let how = match self.checked_by {
            CheckedBy::ApiKeyInfo => "the key's permissions from apiKey.info",
            CheckedBy::Probes => "one read-only safe probe per needed read permission",
        };
        CheckView {
            partner_id: self.partner.id.clone(),
            partner_name: self.partner.name.clone(),
            ats: Ats::Ashby,
            credential: self.credential.clone(),
            checked: format!("at {} ({}); {how}", self.api_url, self.api_url_source),
            ok_word: "granted",
            groups,
            facts,
            beyond_need: BeyondNeed {
                checked: self.least_privilege.checked,
                extra: self.least_privilege.extra.clone(),
                note: self.least_privilege.note.clone(),
            },
            by_hand: Vec::new(),
            notes: self.notes.clone(),
            strict: self.strict,
            passed: self.verdict == Verdict::Ok,
        }
    }

    fn permission_item(&self, row: &PermissionReport) -> CheckItem {
        let label = row.label();
        let fix = match row.status {
            Status::Granted => None,
            Status::Missing => self
                .fixes
                .iter()
                .find(|fix| fix.item == label)
                .map(|fix| Fix::InAts(fix.sentence())),
            Status::Unverified => Some(Fix::InAts(format!(
                "Check on the API key in {API_KEYS_PLACE} that \"{label}\" ({}) is ticked",
                row.permission_id
            ))),
        };
        let evidence = match row.evidence {
            Evidence::ApiKeyInfo => Some("from apiKey.info".to_owned()),
            Evidence::Probe => row.probe.as_ref().map(|probe| format!("probe {probe}")),
            Evidence::NotChecked => None,
        };
        let why = match (evidence, &row.note) {
            // A probe's answer already names the probe.
            (Some(_), Some(note)) if row.probe.as_ref().is_some_and(|probe| note.starts_with(probe.as_str())) => {
                Some(format!("probe {note}"))
            }
            (Some(evidence), Some(note)) => Some(format!("{evidence}; {note}")),
            (evidence, note) => evidence.or_else(|| note.clone()),
        };
        CheckItem {
            name: label,
            ids: vec![row.permission_id.clone()],
            required: row.required,
            status: item_status(row.status),
            why,
            fix,
        }
    }
}

fn item_status(status: Status) -> ItemStatus {
    match status {
        Status::Granted => ItemStatus::Ok,
        Status::Missing => ItemStatus::Missing,
        Status::Unverified => ItemStatus::Unverified,
    }
}
