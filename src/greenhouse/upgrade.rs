//! Greenhouse's rules for an upgrade: what a change in permissions, v3 scopes, connection and
//! policy asks of the partner and of customers already connected.
//!
//! Harvest v3 gives a token the scopes it was authorised with and nothing later (reference
//! README, "v3 has two ways in"): for a registered partner an added scope must first be added
//! to the partner's app by Greenhouse Partner Support, and then every customer authorises the
//! app again; a scope dropped from the app is revoked at once and needs nothing from customers.
//! A custom integration's customer edits the scopes of its client credentials instead. On a
//! legacy v1 key, an added permission is one more box to tick.

use crate::diff::{Change, UpgradeTask, list_tasks};
use crate::manifest::Connection;
use crate::plan::{Checklist, PermissionItem};

/// The tasks of moving customers from `old` to `new`, both Greenhouse checklists.
pub(crate) fn tasks(old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let mut tasks = Vec::new();
    let old_connection = connection(old);
    let new_connection = connection(new);
    if old_connection != new_connection {
        tasks.push(UpgradeTask::customer(
            true,
            Change::ConnectionChanged {
                old: old_connection,
                new: new_connection,
            },
        ));
    }

    let old_scopes: Vec<&str> = old.v3_scopes.iter().map(|item| item.scope.as_str()).collect();
    let new_scopes: Vec<&str> = new.v3_scopes.iter().map(|item| item.scope.as_str()).collect();
    let added_scopes: Vec<String> = new
        .v3_scopes
        .iter()
        .filter(|item| !old_scopes.contains(&item.scope.as_str()))
        .map(|item| item.scope.clone())
        .collect();
    let removed_scopes: Vec<String> = old
        .v3_scopes
        .iter()
        .filter(|item| !new_scopes.contains(&item.scope.as_str()))
        .map(|item| item.scope.clone())
        .collect();
    // Only a scope a required permission needs forces customers to act; an optional one they
    // may grant when they want the feature.
    let required_scope_added = new
        .v3_scopes
        .iter()
        .any(|item| item.required && added_scopes.contains(&item.scope));

    let partner = new_connection == Connection::Partner;
    if partner && !added_scopes.is_empty() {
        tasks.push(UpgradeTask::partner(Change::AskPartnerSupport {
            scopes: added_scopes.clone(),
        }));
    }

    for permission in &new.permissions {
        let before = old.permissions.iter().find(|item| same_permission(item, permission));
        match before {
            None => {
                let new_scopes = permission
                    .v3_scopes
                    .iter()
                    .filter(|scope| added_scopes.contains(scope))
                    .cloned()
                    .collect();
                tasks.push(UpgradeTask::customer(
                    permission.required,
                    Change::PermissionAdded {
                        permission: permission.clone(),
                        new_scopes,
                    },
                ));
            }
            Some(before) if permission.required && !before.required => tasks.push(UpgradeTask::customer(
                true,
                Change::PermissionNowRequired {
                    permission: permission.clone(),
                },
            )),
            Some(_) => {}
        }
    }

    if !added_scopes.is_empty() || !removed_scopes.is_empty() {
        match new_connection {
            Connection::Partner => {
                if !added_scopes.is_empty() {
                    tasks.push(UpgradeTask::customer(
                        required_scope_added,
                        Change::Reauthorize {
                            scopes: added_scopes.clone(),
                        },
                    ));
                }
                if !removed_scopes.is_empty() {
                    tasks.push(UpgradeTask::reviewer(Change::ScopesRevoked {
                        scopes: removed_scopes.clone(),
                    }));
                }
            }
            Connection::CustomIntegration => tasks.push(UpgradeTask::customer(
                required_scope_added,
                Change::EditClientScopes {
                    add: added_scopes.clone(),
                    remove: removed_scopes.clone(),
                },
            )),
        }
    }

    for permission in &old.permissions {
        if !new.permissions.iter().any(|item| same_permission(item, permission)) {
            let dropped_scopes = permission
                .v3_scopes
                .iter()
                .filter(|scope| removed_scopes.contains(scope))
                .cloned()
                .collect();
            tasks.push(UpgradeTask::customer(
                false,
                Change::PermissionRemoved {
                    permission: permission.clone(),
                    dropped_scopes,
                },
            ));
        }
    }

    tasks.extend(policy_tasks(old, new));
    tasks.extend(list_tasks(old, new));
    tasks
}

/// What the old version's policy promised and an added permission breaks, and the policy's
/// own change. These are for whoever reviews the change: the customer agreed to the old policy.
fn policy_tasks(old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let mut tasks = Vec::new();
    let (Some(old_policy), Some(new_policy)) = (&old.policy, &new.policy) else {
        return tasks;
    };
    let added = new
        .permissions
        .iter()
        .filter(|permission| !old.permissions.iter().any(|item| same_permission(item, permission)));
    for permission in added {
        if old_policy.read_only && permission.method.is_write() {
            tasks.push(UpgradeTask::reviewer(Change::BreaksReadOnly {
                permission: permission.clone(),
            }));
        }
        if old_policy.forbid_methods.contains(&permission.method) {
            tasks.push(UpgradeTask::reviewer(Change::ForbiddenMethodAllowed {
                permission: permission.clone(),
                method: permission.method,
            }));
        }
    }
    if old_policy.read_only != new_policy.read_only || old_policy.forbid_methods != new_policy.forbid_methods {
        tasks.push(UpgradeTask::reviewer(Change::PolicyChanged {
            old: old_policy.clone(),
            new: new_policy.clone(),
        }));
    }
    tasks
}

fn connection(checklist: &Checklist) -> Connection {
    checklist
        .credential
        .as_ref()
        .map_or(Connection::CustomIntegration, |credential| credential.connection)
}

/// A permission is its checkbox: category, method and label.
fn same_permission(a: &PermissionItem, b: &PermissionItem) -> bool {
    a.category == b.category && a.method == b.method && a.label == b.label
}

#[cfg(test)]
mod tests {
    use crate::diff::{Actor, Change, upgrade};
    use crate::manifest::{self, Ats, Manifest};

    const HEADHUNTR: &str = include_str!("../../integrations/headhuntr.yaml");

    fn load(text: &str) -> Manifest {
        let loaded = manifest::load("test.yaml", text);
        loaded.manifest.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    fn with_offers(text: &str) -> String {
        text.replacen(
            "        - \"GET: List Users\"\n",
            "        - \"GET: List Users\"\n    - category: Offers\n      required:\n        - \"GET: List Offers\"\n",
            1,
        )
    }

    #[test]
    fn a_custom_integration_edits_its_client_scopes_and_needs_no_partner_support() {
        let custom = HEADHUNTR.replacen("  connection: partner\n", "  connection: custom-integration\n", 1);
        assert_ne!(custom, HEADHUNTR);
        let report = upgrade(&load(&custom), &load(&with_offers(&custom)), Some(Ats::Greenhouse));
        assert!(report.customers_must_act);
        let tasks = &report.upgrades[0].tasks;
        assert!(tasks.iter().all(|task| task.actor != Actor::Partner), "{tasks:?}");
        assert!(
            !tasks
                .iter()
                .any(|task| matches!(task.change, Change::Reauthorize { .. }))
        );
        let edit = tasks
            .iter()
            .find_map(|task| match &task.change {
                Change::EditClientScopes { add, remove } => Some((add, remove, task.required)),
                _ => None,
            })
            .expect("an edit of the client credentials' scopes");
        assert_eq!(edit, (&vec!["harvest:offers:list".to_owned()], &Vec::new(), true));
    }

    #[test]
    fn a_removed_scope_of_a_partner_app_asks_nothing_of_customers() {
        let old = load(&with_offers(HEADHUNTR));
        let report = upgrade(&old, &load(HEADHUNTR), None);
        assert!(!report.customers_must_act, "{report:?}");
        assert_eq!(report.reason, "customers already set up need to do nothing");
        let tasks = &report.upgrades[0].tasks;
        assert!(tasks.iter().any(|task| matches!(
            &task.change,
            Change::ScopesRevoked { scopes } if scopes == &["harvest:offers:list"]
        )));
        let removed = tasks
            .iter()
            .find(|task| matches!(task.change, Change::PermissionRemoved { .. }))
            .expect("the removed permission");
        assert_eq!((removed.actor, removed.required), (Actor::Customer, false));
    }

    #[test]
    fn an_added_write_permission_breaks_a_read_only_policy() {
        let read_only = HEADHUNTR.replacen("    forbid_methods: [DELETE]\n", "    read_only: true\n", 1);
        // Read-only allows no write permission: keep only the GET ones on the old side.
        let old: String = read_only
            .lines()
            .filter(|line| !line.contains("\"POST:") && !line.contains("\"PATCH:"))
            .map(|line| format!("{line}\n"))
            .collect();
        let new = HEADHUNTR.to_owned();
        let report = upgrade(&load(&old), &load(&new), None);
        let tasks = &report.upgrades[0].tasks;
        let broken = tasks
            .iter()
            .filter(|task| matches!(task.change, Change::BreaksReadOnly { .. }))
            .count();
        let writes = HEADHUNTR
            .lines()
            .filter(|line| {
                ["- \"POST:", "- \"PATCH:"]
                    .iter()
                    .any(|item| line.trim_start().starts_with(item))
            })
            .count();
        assert!(writes > 0);
        assert_eq!(broken, writes, "every added POST and PATCH permission: {tasks:?}");
        assert!(
            tasks
                .iter()
                .any(|task| matches!(task.change, Change::PolicyChanged { .. }))
        );
        assert!(
            tasks
                .iter()
                .filter(|task| task.actor == Actor::Reviewer)
                .all(|task| !task.customers_must_act())
        );
    }
}
