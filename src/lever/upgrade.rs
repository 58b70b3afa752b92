//! Lever's rules for an upgrade: a changed way of authorising the partner's app, and the
//! webhook toggles, stages, settings and steps every customer already set up must change.
//!
//! Lever has no scopes to grant: an app's access is its authorisation (OAuth consent, or an
//! API key a Super Admin creates), so a change there means authorising again.

use crate::diff::{Change, UpgradeTask, list_tasks};
use crate::plan::Checklist;

/// The tasks of moving customers from `old` to `new`, both Lever checklists.
pub(crate) fn tasks(old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let mut tasks = Vec::new();
    let method = |checklist: &Checklist| {
        checklist
            .authorization
            .as_ref()
            .map(|authorization| authorization.method)
    };
    if method(old) != method(new) {
        tasks.push(UpgradeTask::customer(
            new.authorization.is_some(),
            Change::AuthorizationChanged {
                old: old.authorization.clone(),
                new: new.authorization.clone(),
            },
        ));
    }
    tasks.extend(list_tasks(old, new));
    tasks
}
