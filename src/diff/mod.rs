//! `diff`: what customers already set up must change when a partner's manifest changes, per
//! ATS, as an upgrade checklist.
//!
//! Both sides are validated manifests; each is turned into its [`plan::Checklist`] so the
//! upgrade reuses the plan's modelling (v1 permissions and their deduplicated v3 scopes, the
//! partner vs custom-integration connection) instead of deriving it again. The lists every ATS
//! has (web hooks, stages, settings, steps) are compared in [`shared`]; each ATS's own rules
//! (`greenhouse::upgrade`, `lever::upgrade`, `ashby::upgrade`) decide what a change asks of whom.

mod items;
mod shared;
mod task;

use serde::Serialize;

use crate::manifest::{Ats, Connection, Manifest};
use crate::plan::{self, Checklist, PartnerSummary};

pub use items::Edited;
pub(crate) use shared::list_tasks;
pub use task::{Actor, Change, UpgradeTask};

/// The upgrade from one version of a manifest to another.
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeReport {
    /// The partner as the new version names it.
    pub partner: PartnerSummary,
    /// Whether customers already set up must do anything: the exit status (1 when they must).
    pub customers_must_act: bool,
    /// The exit status in words.
    pub reason: String,
    /// One per ATS compared, in a fixed order.
    pub upgrades: Vec<AtsUpgrade>,
}

/// The upgrade on one ATS.
#[derive(Debug, Clone, Serialize)]
pub struct AtsUpgrade {
    pub ats: Ats,
    /// Greenhouse: how the new version connects on Harvest v3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Connection>,
    pub customers_must_act: bool,
    /// In the order they are done: the partner's first, then the customers', then facts.
    pub tasks: Vec<UpgradeTask>,
}

/// Compares `old` with `new` on every ATS either covers, or on `only`.
pub fn upgrade(old: &Manifest, new: &Manifest, only: Option<Ats>) -> UpgradeReport {
    let partner = plan_partner(new);
    let mut upgrades = Vec::new();
    for ats in Ats::ALL {
        if only.is_some_and(|wanted| wanted != ats) {
            continue;
        }
        let (old_checklist, new_checklist) = (plan::checklist(old, ats), plan::checklist(new, ats));
        let tasks = match (&old_checklist, &new_checklist) {
            (None, None) => continue,
            (None, Some(_)) => vec![UpgradeTask::customer(true, Change::AtsAdded { ats })],
            (Some(_), None) => vec![UpgradeTask::customer(false, Change::AtsRemoved { ats })],
            (Some(old), Some(new)) => ats_tasks(ats, old, new),
        };
        let connection = new_checklist
            .as_ref()
            .and_then(|checklist| checklist.credential.as_ref())
            .map(|credential| credential.connection);
        upgrades.push(AtsUpgrade {
            ats,
            connection,
            customers_must_act: tasks.iter().any(UpgradeTask::customers_must_act),
            tasks,
        });
    }
    let acting: Vec<&str> = upgrades
        .iter()
        .filter(|upgrade| upgrade.customers_must_act)
        .map(|upgrade| upgrade.ats.display_name())
        .collect();
    let required = upgrades
        .iter()
        .flat_map(|upgrade| &upgrade.tasks)
        .filter(|task| task.customers_must_act())
        .count();
    let reason = if acting.is_empty() {
        "customers already set up need to do nothing".to_owned()
    } else {
        format!(
            "customers already set up must act: {required} required task(s) on {}",
            acting.join(" and ")
        )
    };
    UpgradeReport {
        partner,
        customers_must_act: !acting.is_empty(),
        reason,
        upgrades,
    }
}

/// Each ATS's own rules, from its folder through the registry.
fn ats_tasks(ats: Ats, old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let mut tasks = (ats.spec().upgrade_tasks)(old, new);
    // Partner first (customers wait for it), then customers' required tasks, their optional
    // clean-up, and the facts for reviewers; the ATS's order within each.
    tasks.sort_by_key(|task| match (task.actor, task.required) {
        (Actor::Partner, _) => 0,
        (Actor::Customer, true) => 1,
        (Actor::Customer, false) => 2,
        (Actor::Reviewer, _) => 3,
    });
    tasks
}

fn plan_partner(manifest: &Manifest) -> PartnerSummary {
    PartnerSummary {
        id: manifest.partner.id.clone(),
        name: manifest.partner.name.clone(),
        support_email: manifest.partner.support_email.clone(),
        website: manifest.partner.website.clone(),
    }
}
