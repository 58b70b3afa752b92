//! The parts of an upgrade every ATS has in common: web hooks, stages, settings and steps
//! added, removed or changed. Each ATS's own rules (`greenhouse::upgrade`, `lever::upgrade`)
//! add what only it has and call this for the rest.

use super::items::diff_items;
use super::task::{Change, UpgradeTask};
use crate::plan::Checklist;

/// The web hook fields a customer sets: a change in any of them is an edit to make.
const WEBHOOK_FIELDS: [&str; 6] = [
    "name",
    "event",
    "endpoint/source",
    "endpoint/url",
    "secret/source",
    "error_recipient",
];

/// The tasks from the web hooks, stages, settings and steps of two checklists of one ATS.
pub(crate) fn list_tasks(old: &Checklist, new: &Checklist) -> Vec<UpgradeTask> {
    let mut tasks = Vec::new();
    let webhooks = diff_items(
        &old.webhooks,
        &new.webhooks,
        |webhook| webhook.action.clone(),
        &WEBHOOK_FIELDS,
    );
    for webhook in webhooks.added {
        tasks.push(UpgradeTask::customer(true, Change::WebhookAdded { webhook }));
    }
    for edited in webhooks.changed {
        tasks.push(UpgradeTask::customer(true, Change::WebhookEdited(Box::new(edited))));
    }
    // A web hook the partner no longer receives keeps sending data to it: delete it.
    for webhook in webhooks.removed {
        tasks.push(UpgradeTask::customer(true, Change::WebhookRemoved { webhook }));
    }

    let stages = diff_items(
        &old.stages,
        &new.stages,
        |stage| stage.name.clone(),
        &["required", "purpose"],
    );
    for stage in stages.added {
        tasks.push(UpgradeTask::customer(stage.required, Change::StageAdded { stage }));
    }
    for edited in stages.changed {
        // Only a stage that became required asks something new of a customer.
        let required = edited.new.required && !edited.old.required;
        tasks.push(UpgradeTask::customer(required, Change::StageEdited(edited)));
    }
    for stage in stages.removed {
        tasks.push(UpgradeTask::customer(false, Change::StageRemoved { stage }));
    }

    let settings = diff_items(
        &old.settings,
        &new.settings,
        |setting| setting.name.clone(),
        &["where", "description"],
    );
    for setting in settings.added {
        tasks.push(UpgradeTask::customer(true, Change::SettingAdded { setting }));
    }
    for edited in settings.changed {
        tasks.push(UpgradeTask::customer(true, Change::SettingEdited(edited)));
    }
    for setting in settings.removed {
        tasks.push(UpgradeTask::customer(false, Change::SettingRemoved { setting }));
    }

    let steps = diff_items(
        &old.steps,
        &new.steps,
        |step| step.title.clone(),
        &["who", "when", "instructions"],
    );
    for step in steps.added {
        tasks.push(UpgradeTask::customer(true, Change::StepAdded { step }));
    }
    for edited in steps.changed {
        tasks.push(UpgradeTask::customer(true, Change::StepEdited(edited)));
    }
    for step in steps.removed {
        tasks.push(UpgradeTask::customer(false, Change::StepRemoved { step }));
    }
    tasks
}
