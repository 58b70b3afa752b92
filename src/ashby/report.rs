//! The result of checking an Ashby API key against a manifest: plain serializable data, shaped
//! like the Greenhouse report (rows with a status, evidence and note; fixes; least privilege;
//! notes; a summary and a verdict). Fixes are data: the binary words them.

use serde::Serialize;

use super::manifest::{API_KEYS_PLACE, Toggle};
use crate::catalog::ashby::Access;

/// Whether the key has what one item needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Granted,
    /// Checked, and not there.
    Missing,
    /// Could not be checked without side effects or without information Ashby does not give.
    Unverified,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Missing => "missing",
            Self::Unverified => "unverified",
        }
    }
}

/// How a status was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// `apiKey.info` listed the key's scopes.
    ApiKeyInfo,
    /// A safe probe answered.
    Probe,
    /// Nothing was sent that could tell.
    NotChecked,
}

/// Where the permissions were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckedBy {
    /// One `apiKey.info`, which lists the key's scopes.
    ApiKeyInfo,
    /// One safe probe per needed read permission.
    Probes,
}

/// The outcome, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every required item is granted (or unverified, without strict).
    Ok,
    /// Something required is missing (or unverified, with strict).
    Findings,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AshbyReport {
    pub partner: PartnerRef,
    pub api_url: String,
    /// Where the API URL came from: `default`, `ATSCTL_ASHBY_URL`, a profile.
    pub api_url_source: String,
    /// The credential, described without its secret.
    pub credential: String,
    pub checked_by: CheckedBy,
    /// The key's name as `apiKey.info` gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_title: Option<String>,
    /// One row per permission the manifest names, in manifest order.
    pub permissions: Vec<PermissionReport>,
    /// The key's yes/no settings the manifest names.
    pub toggles: Vec<ToggleReport>,
    /// What `apply` needs from this key to create the webhooks; not part of the verdict unless
    /// the manifest itself asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apply_permission: Option<PermissionReport>,
    /// What to change on the key, one entry per missing item.
    pub fixes: Vec<Fix>,
    pub least_privilege: LeastPrivilege,
    pub notes: Vec<String>,
    pub summary: Summary,
    pub strict: bool,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize)]
pub struct PermissionReport {
    /// The module key (`hiringProcessMetadata`).
    pub module: String,
    /// The module as Ashby's docs name it (`Hiring Process`); `None` where unpublished.
    pub module_label: Option<String>,
    pub access: Access,
    /// `hiringProcessMetadataRead`.
    pub permission_id: String,
    /// How `apiKey.info` names it (`hiringProcessMetadata:read`).
    pub scope: String,
    pub required: bool,
    pub status: Status,
    pub evidence: Evidence,
    /// The safe probe sent for it, when one was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl PermissionReport {
    /// `Candidates: Read`, as the key form shows it.
    pub fn label(&self) -> String {
        format!(
            "{}: {}",
            self.module_label.as_deref().unwrap_or(&self.module),
            self.access.label()
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ToggleReport {
    pub toggle: Toggle,
    /// The question on the key form.
    pub label: String,
    pub required: bool,
    pub status: Status,
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One thing to change in Ashby.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// `Candidates: Read`, or a toggle's question.
    pub item: String,
    pub required: bool,
    pub action: FixAction,
}

/// What to do, as data; [`Fix::sentence`] words it plainly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FixAction {
    /// Tick a module permission on the key (an Ashby Admin can edit an existing key's
    /// permissions, reference §6).
    GrantPermission {
        module: String,
        module_label: Option<String>,
        access: Access,
        permission_id: String,
        place: &'static str,
    },
}

impl Fix {
    /// One plain sentence, e.g. "Tick \"Candidates: Read\" (candidatesRead) on the API key in
    /// Admin → Integrations → API Keys."
    pub fn sentence(&self) -> String {
        match &self.action {
            FixAction::GrantPermission {
                module,
                module_label,
                access,
                permission_id,
                place,
            } => match module_label {
                Some(label) => format!(
                    "Tick \"{label}: {}\" ({permission_id}) on the API key in {place}.",
                    access.label()
                ),
                None => format!(
                    "Give the API key the {permission_id} permission in {place} (Ashby has not published the label of the {module} module)."
                ),
            },
        }
    }

    pub(super) fn grant(row: &PermissionReport) -> Self {
        Self {
            item: row.label(),
            required: row.required,
            action: FixAction::GrantPermission {
                module: row.module.clone(),
                module_label: row.module_label.clone(),
                access: row.access,
                permission_id: row.permission_id.clone(),
                place: API_KEYS_PLACE,
            },
        }
    }
}

/// What the key has beyond what the partner needs.
#[derive(Debug, Clone, Serialize)]
pub struct LeastPrivilege {
    /// Whether the extras could be determined (only `apiKey.info` lists them).
    pub checked: bool,
    /// Scopes the key has that the partner does not need, as `apiKey.info` names them.
    pub extra: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Counts over the permission and toggle rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub granted: usize,
    pub missing: usize,
    pub unverified: usize,
    pub required_missing: usize,
    pub required_unverified: usize,
}

impl Summary {
    fn count(&mut self, status: Status, required: bool) {
        match status {
            Status::Granted => self.granted += 1,
            Status::Missing => {
                self.missing += 1;
                self.required_missing += usize::from(required);
            }
            Status::Unverified => {
                self.unverified += 1;
                self.required_unverified += usize::from(required);
            }
        }
    }
}

impl AshbyReport {
    /// Counts the rows, lists the fixes and sets the verdict; call once every row is in.
    pub(super) fn finish(&mut self) {
        let mut summary = Summary::default();
        for row in &self.permissions {
            summary.count(row.status, row.required);
        }
        for toggle in &self.toggles {
            summary.count(toggle.status, toggle.required);
        }
        self.fixes = self
            .permissions
            .iter()
            .filter(|row| row.status == Status::Missing)
            .map(Fix::grant)
            .collect();
        self.summary = summary;
        let failed = summary.required_missing > 0 || (self.strict && summary.required_unverified > 0);
        self.verdict = if failed { Verdict::Findings } else { Verdict::Ok };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(access: Access, required: bool, status: Status) -> PermissionReport {
        PermissionReport {
            module: "candidates".into(),
            module_label: Some("Candidates".into()),
            access,
            permission_id: format!("candidates{}", access.label()),
            scope: format!("candidates:{access}"),
            required,
            status,
            evidence: Evidence::Probe,
            probe: None,
            note: None,
        }
    }

    fn report(permissions: Vec<PermissionReport>, strict: bool) -> AshbyReport {
        let mut report = AshbyReport {
            partner: PartnerRef {
                id: "p".into(),
                name: "P".into(),
            },
            api_url: String::new(),
            api_url_source: String::new(),
            credential: String::new(),
            checked_by: CheckedBy::Probes,
            key_title: None,
            permissions,
            toggles: vec![ToggleReport {
                toggle: Toggle::NonOfferPrivateFields,
                label: Toggle::NonOfferPrivateFields.label().into(),
                required: true,
                status: Status::Unverified,
                evidence: Evidence::NotChecked,
                note: None,
            }],
            apply_permission: None,
            fixes: Vec::new(),
            least_privilege: LeastPrivilege {
                checked: false,
                extra: Vec::new(),
                note: None,
            },
            notes: Vec::new(),
            summary: Summary::default(),
            strict,
            verdict: Verdict::Ok,
        };
        report.finish();
        report
    }

    #[test]
    fn missing_required_fails_and_unverified_fails_only_when_strict() {
        let ok = report(
            vec![
                row(Access::Read, true, Status::Granted),
                row(Access::Write, false, Status::Missing),
            ],
            false,
        );
        assert_eq!(ok.verdict, Verdict::Ok);
        assert_eq!(ok.fixes.len(), 1, "optional missing items still get a fix");
        assert!(!ok.fixes[0].required);
        assert_eq!(
            report(Vec::new(), true).verdict,
            Verdict::Findings,
            "a required toggle is unverified"
        );
        let missing = report(vec![row(Access::Read, true, Status::Missing)], false);
        assert_eq!(missing.verdict, Verdict::Findings);
        assert_eq!(missing.summary.required_missing, 1);
    }

    #[test]
    fn fixes_are_data_with_a_plain_sentence() {
        let report = report(vec![row(Access::Read, true, Status::Missing)], false);
        let fix = &report.fixes[0];
        assert_eq!(fix.item, "Candidates: Read");
        assert_eq!(
            fix.sentence(),
            "Tick \"Candidates: Read\" (candidatesRead) on the API key in Admin → Integrations → API Keys."
        );
        let json = serde_json::to_value(fix).unwrap();
        assert_eq!(json["action"]["kind"], "grant_permission");
        assert_eq!(json["action"]["access"], "read");
        assert_eq!(json["action"]["permission_id"], "candidatesRead");
        let unlabeled = Fix {
            item: "notetaker: Read".into(),
            required: true,
            action: FixAction::GrantPermission {
                module: "notetaker".into(),
                module_label: None,
                access: Access::Read,
                permission_id: "notetakerRead".into(),
                place: API_KEYS_PLACE,
            },
        };
        assert!(
            unlabeled
                .sentence()
                .contains("has not published the label of the notetaker module")
        );
    }
}
