//! One thing to do (or to know) when a partner's manifest changes: who does it, whether
//! customers already set up must do it, and the change behind it.

use serde::Serialize;

use super::items::Edited;
use crate::catalog::Method;
use crate::manifest::{Ats, Connection};
use crate::plan::{
    AuthorizationPlan, KeyPermissionItem, KeyToggleItem, PermissionItem, PolicyPlan, SettingItem, StageItem, StepItem,
    WebhookItem,
};

/// One task of an upgrade.
#[derive(Debug, Clone, Serialize)]
pub struct UpgradeTask {
    pub actor: Actor,
    /// Customers already set up must do it before the new version works. `false` for
    /// clean-up a customer may do (untick what the partner no longer uses) and for facts a
    /// reviewer should see.
    pub required: bool,
    #[serde(flatten)]
    pub change: Change,
}

/// Who does a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The partner, before customers can do their part.
    Partner,
    /// Each customer's ATS admin.
    Customer,
    /// Nobody: a fact for whoever reviews the change (a policy that no longer holds).
    Reviewer,
}

/// What changed, with the items that say what to do. Serialized with its name under `change`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// The ATS is new in this version: the whole setup is to do.
    AtsAdded {
        ats: Ats,
    },
    /// The ATS is gone from this version: customers may disconnect the partner there.
    AtsRemoved {
        ats: Ats,
    },
    /// Greenhouse: the partner now connects another way (partner authorisation, client
    /// credentials), so customers connect anew.
    ConnectionChanged {
        old: Connection,
        new: Connection,
    },
    /// Greenhouse, registered partner: Greenhouse Partner Support must add these scopes to the
    /// partner's app before any customer can grant them.
    AskPartnerSupport {
        scopes: Vec<String>,
    },
    /// Greenhouse: a permission to tick on a v1 key, and the v3 scopes it is new for.
    PermissionAdded {
        permission: PermissionItem,
        new_scopes: Vec<String>,
    },
    /// Greenhouse: an optional permission that became required.
    PermissionNowRequired {
        permission: PermissionItem,
    },
    /// Greenhouse: a permission the partner no longer uses, and the v3 scopes nothing else needs.
    PermissionRemoved {
        permission: PermissionItem,
        dropped_scopes: Vec<String>,
    },
    /// Greenhouse, registered partner: every customer authorises the app again, because
    /// Greenhouse adds no scope to a token already issued.
    Reauthorize {
        scopes: Vec<String>,
    },
    /// Greenhouse, registered partner: scopes dropped from the app are revoked from every
    /// token at once; customers do nothing.
    ScopesRevoked {
        scopes: Vec<String>,
    },
    /// Greenhouse, custom integration: edit the scopes of the client credentials.
    EditClientScopes {
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// Greenhouse: an added permission can change data though the old version was read-only.
    BreaksReadOnly {
        permission: PermissionItem,
    },
    /// Greenhouse: an added permission uses a method the old version forbade.
    ForbiddenMethodAllowed {
        permission: PermissionItem,
        method: Method,
    },
    /// Greenhouse: the policy itself changed.
    PolicyChanged {
        old: PolicyPlan,
        new: PolicyPlan,
    },
    /// Lever: the way the partner's app gets access changed.
    AuthorizationChanged {
        old: Option<AuthorizationPlan>,
        new: Option<AuthorizationPlan>,
    },
    /// Ashby: a permission box to tick on the existing API key.
    KeyPermissionAdded {
        permission: KeyPermissionItem,
    },
    /// Ashby: an optional permission box that became required.
    KeyPermissionNowRequired {
        permission: KeyPermissionItem,
    },
    /// Ashby: a permission box the partner no longer uses.
    KeyPermissionRemoved {
        permission: KeyPermissionItem,
    },
    /// Ashby: a yes/no question of the key to answer yes (new, or now required).
    KeyToggleAdded {
        toggle: KeyToggleItem,
    },
    /// Ashby: a yes/no question the partner no longer needs answered yes.
    KeyToggleRemoved {
        toggle: KeyToggleItem,
    },
    WebhookAdded {
        webhook: WebhookItem,
    },
    WebhookRemoved {
        webhook: WebhookItem,
    },
    WebhookEdited(Box<Edited<WebhookItem>>),
    StageAdded {
        stage: StageItem,
    },
    StageRemoved {
        stage: StageItem,
    },
    StageEdited(Edited<StageItem>),
    SettingAdded {
        setting: SettingItem,
    },
    SettingRemoved {
        setting: SettingItem,
    },
    SettingEdited(Edited<SettingItem>),
    StepAdded {
        step: StepItem,
    },
    StepRemoved {
        step: StepItem,
    },
    StepEdited(Edited<StepItem>),
}

impl UpgradeTask {
    pub(crate) fn customer(required: bool, change: Change) -> Self {
        Self {
            actor: Actor::Customer,
            required,
            change,
        }
    }

    pub(crate) fn partner(change: Change) -> Self {
        Self {
            actor: Actor::Partner,
            required: true,
            change,
        }
    }

    pub(crate) fn reviewer(change: Change) -> Self {
        Self {
            actor: Actor::Reviewer,
            required: false,
            change,
        }
    }

    /// Whether customers already set up must act on this task.
    pub fn customers_must_act(&self) -> bool {
        self.actor == Actor::Customer && self.required
    }
}
