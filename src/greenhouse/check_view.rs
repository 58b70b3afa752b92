//! A Greenhouse credential report in the words every ATS's check shares
//! ([`crate::document::CheckView`]): a group per permission category, the acting user as an item
//! of its own (lists come back empty unless it is a Site Admin), and the credential's facts.

use super::report::{AuthorizedAs, CheckedBy, CredentialReport, Status, Verdict};
use crate::ats::{Ats, Fix};
use crate::document::{BeyondNeed, CheckGroup, CheckItem, CheckView, ItemStatus};

/// The group the acting user's item sits in.
const ACTING_USER: &str = "Acting user";

impl CredentialReport {
    /// The report as a [`CheckView`], every row kept.
    pub fn check_view(&self) -> CheckView {
        let fix_for = |item: &str| {
            self.fixes
                .iter()
                .find(|fix| fix.item == item)
                .map(|fix| Fix::InAts(fix.action.clone()))
        };
        // A fix names the permission label on v1 and each missing scope on v3.
        let fix_of_row = |label: &str, scopes: &[String]| {
            fix_for(label).or_else(|| {
                let actions: Vec<&str> = scopes
                    .iter()
                    .filter_map(|scope| self.fixes.iter().find(|fix| &fix.item == scope))
                    .map(|fix| fix.action.as_str())
                    .collect();
                (!actions.is_empty()).then(|| Fix::InAts(actions.join("; ")))
            })
        };
        let mut groups: Vec<CheckGroup> = self
            .categories
            .iter()
            .map(|category| CheckGroup {
                name: category.category.clone(),
                item_header: "Permission (UI label)".to_owned(),
                ids_header: "v3 scope(s)".to_owned(),
                items: category
                    .permissions
                    .iter()
                    .map(|row| CheckItem {
                        name: row.label.clone(),
                        ids: row.v3_scopes.clone(),
                        required: row.required,
                        status: item_status(row.status),
                        why: row.note.clone(),
                        fix: fix_of_row(&row.label, &row.v3_scopes),
                    })
                    .collect(),
            })
            .collect();
        let mut facts = Vec::new();
        if let Some(user) = &self.acting_user {
            let id = user
                .id
                .as_deref()
                .map_or_else(|| "unknown id".to_owned(), |id| format!("user {id}"));
            let role = user
                .role
                .as_deref()
                .map_or_else(String::new, |role| format!(", role {role}"));
            facts.push((ACTING_USER.to_owned(), format!("{id}{role}")));
            groups.push(CheckGroup {
                name: ACTING_USER.to_owned(),
                item_header: "User".to_owned(),
                ids_header: "Role".to_owned(),
                items: vec![CheckItem {
                    name: id,
                    ids: user.role.iter().cloned().collect(),
                    required: true,
                    status: item_status(user.status),
                    why: user.note.clone(),
                    fix: fix_for("acting user"),
                }],
            });
        }
        if let Some(authorization) = &self.authorization {
            let who = match authorization.authorized_as {
                AuthorizedAs::ServiceAccount => "a service account",
                AuthorizedAs::User => "a user, without a service account",
                AuthorizedAs::Unknown => "not said by token introspection",
            };
            facts.push(("Authorised by".to_owned(), who.to_owned()));
            let active = match authorization.active {
                Some(true) => "active",
                Some(false) => "inactive",
                None => "not said",
            };
            let client = authorization
                .token_client_id
                .as_deref()
                .map_or_else(|| "client not said".to_owned(), |client| format!("issued to {client}"));
            facts.push(("Token".to_owned(), format!("{active}, {client}")));
        }
        if let Some(organization) = &self.organization {
            let name = organization.name.as_deref().unwrap_or("(no name given)");
            let id = organization
                .id
                .as_deref()
                .map_or_else(String::new, |id| format!(" (id {id})"));
            facts.push(("Organisation".to_owned(), format!("{name}{id}")));
        }
        let how = match self.checked_by {
            CheckedBy::Introspection => "scopes from token introspection",
            CheckedBy::V3Probes => "one read-only GET per list scope (no introspection)",
            CheckedBy::V1Probes => "one read-only GET per read permission",
        };
        CheckView {
            partner_id: self.partner.id.clone(),
            partner_name: self.partner.name.clone(),
            ats: Ats::Greenhouse,
            credential: self.credential.clone(),
            checked: format!("at {}; {how}", self.harvest_url),
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
}

fn item_status(status: Status) -> ItemStatus {
    match status {
        Status::Granted => ItemStatus::Ok,
        Status::Missing => ItemStatus::Missing,
        Status::Unverified => ItemStatus::Unverified,
    }
}
