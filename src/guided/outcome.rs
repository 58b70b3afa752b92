//! What one `apply` run came to, in words every ATS shares: the items it set out to create
//! (web hooks, today), what became of each, what only a person can still do, and the failure
//! that stopped it. Greenhouse's guided checklist, Lever's API calls and any later ATS fill the
//! same [`ApplyOutcome`], so `--format json` has one shape and the binary one exit-code rule.
//!
//! An ATS adds itself with one conversion (its own apply plan and results into an
//! [`ApplyOutcome`]); the document a person reads is built from the outcome by
//! [`crate::document::apply_outcome_document`].

use serde::Serialize;

use crate::ats::{Ats, Failure, FailureKind};
use crate::manifest::Manifest;

/// How an ATS's items come to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyMethod {
    /// atsctl creates them through the ATS's API.
    Api,
    /// A person creates them in the ATS's UI and confirms each (no API can).
    Guided,
}

/// What became of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Created by this run.
    Created,
    /// This run's create lost its answer; the ATS shows it was created all the same (and it was
    /// not sent again).
    Recovered,
    /// It existed before this run.
    Exists,
    /// A person confirmed creating it (guided apply).
    Confirmed,
    /// Still to create: not attempted, declined, or (dry run) would be created.
    Missing,
    /// The ATS answered the create with an error and created nothing.
    Refused,
}

impl ItemStatus {
    /// Whether the item exists in the ATS (as far as atsctl knows).
    pub fn is_present(self) -> bool {
        matches!(self, Self::Created | Self::Recovered | Self::Exists | Self::Confirmed)
    }

    /// The word every format shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Recovered => "recovered",
            Self::Exists => "already there",
            Self::Confirmed => "confirmed",
            Self::Missing => "to create",
            Self::Refused => "refused",
        }
    }
}

/// One thing apply sets out to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyItem {
    /// The machine name the ATS knows it by (Greenhouse's payload action, Lever's event).
    pub key: String,
    /// What a person sees in the ATS's UI (a web hook's name, a toggle label).
    pub label: String,
    pub status: ItemStatus,
    /// The ATS's id for it, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Anything else a person should know about this item, one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The run's verdict; each maps to one exit code (README, "JSON output").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Everything is there, some of it created (or confirmed) by this run. Exit 0.
    Created,
    /// Everything was there already. Exit 0.
    NothingToDo,
    /// A dry run found items to create; nothing was sent but reads. Exit 1.
    WouldCreate,
    /// Items are still to create (declined, not confirmed yet, or only exported). Exit 1.
    Missing,
    /// The ATS refused to create some items. Exit 1.
    Refused,
    /// The run stopped on a failure (credential rejected, ATS unreachable, …): its exit code is
    /// the failure's.
    Failed,
}

/// A [`Failure`] as data, without its Rust type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureSummary {
    /// `rejected`, `no_access`, `refused`, `unreachable`, `retired`, `usage`.
    pub kind: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub help: Vec<String>,
    /// Kept for the exit code; not serialized twice.
    #[serde(skip)]
    pub failure_kind: FailureKind,
}

impl From<&Failure> for FailureSummary {
    fn from(failure: &Failure) -> Self {
        let kind = match failure.kind {
            FailureKind::Rejected => "rejected",
            FailureKind::NoAccess => "no_access",
            FailureKind::Refused => "refused",
            FailureKind::Unreachable => "unreachable",
            FailureKind::Retired => "retired",
            FailureKind::Usage => "usage",
        };
        Self {
            kind,
            message: failure.message.clone(),
            help: failure.help.clone(),
            failure_kind: failure.kind,
        }
    }
}

/// One `apply` run on one ATS, whatever the ATS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplyOutcome {
    pub partner_id: String,
    pub partner_name: String,
    pub ats: Ats,
    pub method: ApplyMethod,
    /// Only reads were sent (`--dry-run`), or nothing was asked (an export).
    pub dry_run: bool,
    /// Where the created items deliver to, when one URL serves them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    pub items: Vec<ApplyItem>,
    /// What only a person can do afterwards (a toggle no API can switch), one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub next_steps: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<FailureSummary>,
    /// Guided apply: how many items a person confirmed during this run (the others were
    /// confirmed earlier).
    #[serde(skip_serializing_if = "is_zero")]
    pub confirmed_this_run: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

impl ApplyOutcome {
    /// A run of `manifest`'s partner on `ats` that has nothing to show yet: items, steps and a
    /// failure are added as the run goes.
    pub fn start(manifest: &Manifest, ats: Ats, method: ApplyMethod, target: Option<String>) -> Self {
        Self {
            partner_id: manifest.partner.id.clone(),
            partner_name: manifest.partner.name.clone(),
            ats,
            method,
            dry_run: false,
            target,
            items: Vec::new(),
            next_steps: Vec::new(),
            failure: None,
            confirmed_this_run: 0,
        }
    }

    /// The verdict, from the items and the failure.
    pub fn outcome(&self) -> Outcome {
        if self.failure.is_some() {
            Outcome::Failed
        } else if self.count(ItemStatus::Refused) > 0 {
            Outcome::Refused
        } else if self.count(ItemStatus::Missing) > 0 {
            if self.dry_run {
                Outcome::WouldCreate
            } else {
                Outcome::Missing
            }
        } else if self
            .items
            .iter()
            .any(|item| matches!(item.status, ItemStatus::Created | ItemStatus::Recovered))
            || self.confirmed_this_run > 0
        {
            Outcome::Created
        } else {
            Outcome::NothingToDo
        }
    }

    /// How many items have `status`.
    pub fn count(&self, status: ItemStatus) -> usize {
        self.items.iter().filter(|item| item.status == status).count()
    }

    /// One sentence saying why the run ends as it does.
    pub fn reason(&self) -> String {
        let total = self.items.len();
        let present = self.items.iter().filter(|item| item.status.is_present()).count();
        let missing = self.count(ItemStatus::Missing);
        let what = self.ats.spec().display_name;
        match self.outcome() {
            Outcome::Failed => {
                let message = self.failure.as_ref().map_or("", |failure| failure.message.as_str());
                format!("stopped with {present} of {total} in place: {message}")
            }
            Outcome::Refused => format!(
                "{what} refused {} of {total}; {present} in place",
                self.count(ItemStatus::Refused)
            ),
            Outcome::WouldCreate => format!("{missing} of {total} to create; nothing was sent but reads"),
            Outcome::Missing => match self.method {
                ApplyMethod::Guided => format!("{present} of {total} confirmed; {missing} still to create"),
                ApplyMethod::Api => format!("{missing} of {total} not created; {present} in place"),
            },
            Outcome::Created => match self.method {
                ApplyMethod::Guided => format!("{total} of {total} confirmed, {} by this run", self.created_now()),
                ApplyMethod::Api => format!(
                    "{} created by this run; {total} of {total} in place",
                    self.created_now()
                ),
            },
            Outcome::NothingToDo => match self.method {
                ApplyMethod::Guided => format!("nothing to do: {total} of {total} confirmed already"),
                ApplyMethod::Api => format!("nothing to create: {total} of {total} already in place"),
            },
        }
    }

    fn created_now(&self) -> usize {
        self.items
            .iter()
            .filter(|item| matches!(item.status, ItemStatus::Created | ItemStatus::Recovered))
            .count()
            + self.confirmed_this_run
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: ItemStatus) -> ApplyItem {
        ApplyItem {
            key: "candidateStageChange".to_owned(),
            label: "Candidate stage change".to_owned(),
            status,
            id: None,
            notes: Vec::new(),
        }
    }

    fn outcome(statuses: &[ItemStatus]) -> ApplyOutcome {
        ApplyOutcome {
            partner_id: "acme".to_owned(),
            partner_name: "Acme".to_owned(),
            ats: Ats::Lever,
            method: ApplyMethod::Api,
            dry_run: false,
            target: None,
            items: statuses.iter().copied().map(item).collect(),
            next_steps: Vec::new(),
            failure: None,
            confirmed_this_run: 0,
        }
    }

    #[test]
    fn a_failure_outranks_a_refusal_which_outranks_what_is_missing() {
        use ItemStatus::{Created, Exists, Missing, Refused};
        assert_eq!(outcome(&[Exists, Exists]).outcome(), Outcome::NothingToDo);
        assert_eq!(outcome(&[Exists, Created]).outcome(), Outcome::Created);
        assert_eq!(outcome(&[Created, Missing]).outcome(), Outcome::Missing);
        let dry = ApplyOutcome {
            dry_run: true,
            ..outcome(&[Exists, Missing])
        };
        assert_eq!(dry.outcome(), Outcome::WouldCreate);
        assert_eq!(dry.reason(), "1 of 2 to create; nothing was sent but reads");
        assert_eq!(outcome(&[Refused, Missing]).outcome(), Outcome::Refused);
        let failed = ApplyOutcome {
            failure: Some(FailureSummary::from(&Failure {
                kind: FailureKind::Unreachable,
                message: "Lever could not be reached".to_owned(),
                help: Vec::new(),
            })),
            ..outcome(&[Created, Refused, Missing])
        };
        assert_eq!(failed.outcome(), Outcome::Failed);
        assert_eq!(
            failed.reason(),
            "stopped with 1 of 3 in place: Lever could not be reached"
        );
    }

    #[test]
    fn serializes_the_failure_kind_as_a_word_and_leaves_empty_fields_out() {
        let mut value = outcome(&[ItemStatus::Missing]);
        value.failure = Some(FailureSummary::from(&Failure {
            kind: FailureKind::Rejected,
            message: "rejected".to_owned(),
            help: Vec::new(),
        }));
        let json = serde_json::to_value(&value).expect("serializes");
        assert_eq!(
            json["failure"],
            serde_json::json!({"kind": "rejected", "message": "rejected"})
        );
        assert_eq!(json["ats"], "lever");
        assert!(json.get("next_steps").is_none() && json.get("confirmed_this_run").is_none());
        assert_eq!(
            json["items"][0],
            serde_json::json!({
                "key": "candidateStageChange", "label": "Candidate stage change", "status": "missing"
            })
        );
    }
}
