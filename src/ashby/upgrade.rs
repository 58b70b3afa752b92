//! Ashby's rules for an upgrade: permission boxes and toggles on the API key every customer
//! already created, then the webhooks and steps shared with the other ATSs.
//!
//! Ashby keys keep their permissions editable, so a new permission is an edit of the existing
//! key, not a new key.

use crate::diff::{Change, UpgradeTask, list_tasks};
use crate::plan::{Checklist, KeyPermissionItem, KeyToggleItem};

/// The tasks of moving customers from `old` to `new`, both Ashby checklists.
pub(crate) fn tasks(old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let permissions = |checklist: &Checklist| -> Vec<KeyPermissionItem> {
        checklist
            .api_key
            .as_ref()
            .map(|key| key.permissions.clone())
            .unwrap_or_default()
    };
    let toggles = |checklist: &Checklist| -> Vec<KeyToggleItem> {
        checklist
            .api_key
            .as_ref()
            .map(|key| key.toggles.clone())
            .unwrap_or_default()
    };
    let (old_permissions, new_permissions) = (permissions(old), permissions(new));
    let mut tasks = Vec::new();
    for permission in &new_permissions {
        match old_permissions.iter().find(|item| item.id == permission.id) {
            None => tasks.push(UpgradeTask::customer(
                permission.required,
                Change::KeyPermissionAdded {
                    permission: permission.clone(),
                },
            )),
            Some(before) if permission.required && !before.required => tasks.push(UpgradeTask::customer(
                true,
                Change::KeyPermissionNowRequired {
                    permission: permission.clone(),
                },
            )),
            Some(_) => {}
        }
    }
    for permission in &old_permissions {
        if !new_permissions.iter().any(|item| item.id == permission.id) {
            tasks.push(UpgradeTask::customer(
                false,
                Change::KeyPermissionRemoved {
                    permission: permission.clone(),
                },
            ));
        }
    }
    let (old_toggles, new_toggles) = (toggles(old), toggles(new));
    for toggle in &new_toggles {
        let before = old_toggles.iter().find(|item| item.key == toggle.key);
        if before.is_none_or(|before| toggle.required && !before.required) {
            tasks.push(UpgradeTask::customer(
                toggle.required,
                Change::KeyToggleAdded { toggle: toggle.clone() },
            ));
        }
    }
    for toggle in &old_toggles {
        if !new_toggles.iter().any(|item| item.key == toggle.key) {
            tasks.push(UpgradeTask::customer(
                false,
                Change::KeyToggleRemoved { toggle: toggle.clone() },
            ));
        }
    }
    tasks.extend(list_tasks(old, new));
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Ats;
    use crate::plan::{ApiKeyPlan, PartnerSummary};

    fn checklist(permissions: Vec<KeyPermissionItem>, toggles: Vec<KeyToggleItem>) -> Checklist {
        Checklist {
            partner: PartnerSummary {
                id: "acme".into(),
                name: "Acme".into(),
                support_email: "a@acme.example".into(),
                website: None,
            },
            ats: Ats::Ashby,
            guide: None,
            order: Vec::new(),
            prerequisites: Vec::new(),
            credential: None,
            authorization: None,
            api_key: Some(ApiKeyPlan {
                location: "here",
                name: None,
                integration_partner: None,
                integration_partner_optional: false,
                permissions,
                toggles,
                hand_over: None,
            }),
            policy: None,
            permissions: Vec::new(),
            v3_scopes: Vec::new(),
            webhooks: Vec::new(),
            stages: Vec::new(),
            settings: Vec::new(),
            steps: Vec::new(),
            alternatives: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn permission(id: &str, required: bool) -> KeyPermissionItem {
        KeyPermissionItem {
            module: "Candidates".into(),
            access: "read",
            id: id.into(),
            required,
            note: None,
        }
    }

    #[test]
    fn added_hardened_and_removed_permissions_and_toggles_are_tasks() {
        let toggle = KeyToggleItem {
            label: "Allow access to non-offer private fields?",
            key: "non_offer_private_fields",
            required: true,
        };
        let old = checklist(
            vec![permission("candidatesRead", false), permission("jobsRead", true)],
            Vec::new(),
        );
        let new = checklist(
            vec![permission("candidatesRead", true), permission("offersRead", false)],
            vec![toggle],
        );
        let tasks = tasks(&old, &new);
        let summary: Vec<(String, bool)> = tasks
            .iter()
            .map(|task| {
                let json = serde_json::to_value(&task.change).unwrap();
                (json["change"].as_str().unwrap().to_owned(), task.required)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("key_permission_now_required".to_owned(), true),
                ("key_permission_added".to_owned(), false),
                ("key_permission_removed".to_owned(), false),
                ("key_toggle_added".to_owned(), true),
            ]
        );
        assert!(super::tasks(&new, &new).is_empty());
    }
}
