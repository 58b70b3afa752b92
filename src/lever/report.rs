//! The result of checking a Lever account against a manifest: plain serializable data, shaped
//! like the Greenhouse report (rows with a status and a note, fixes, notes, a summary and a
//! verdict). The binary renders it as tables or serializes it as JSON, so both show the same.

use serde::Serialize;

use super::records::Stage;

/// Whether the account has what one item needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Present,
    /// Listed, and not there.
    Missing,
    /// The key may not read the list (403), so it is unknown; a finding all the same, since
    /// the setup needs the key to have that access.
    NoAccess,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::Missing => "missing",
            Self::NoAccess => "no access",
        }
    }
}

/// The outcome, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every required stage and webhook is there.
    Ok,
    /// Something required is missing or could not be read.
    Findings,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeverReport {
    pub partner: PartnerRef,
    pub api_url: String,
    /// Where the API URL came from: `default`, `--region eu`, `ATSCTL_LEVER_URL`, a profile.
    pub api_url_source: String,
    /// The credential, described without its secret.
    pub credential: String,
    pub stages: Vec<StageReport>,
    pub webhooks: Vec<WebhookReport>,
    /// What no API can read, for a person to check.
    pub manual: Vec<ManualCheck>,
    /// What to change in Lever, one entry per missing item.
    pub fixes: Vec<Fix>,
    pub notes: Vec<String>,
    pub summary: Summary,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageReport {
    /// The stage text the manifest names, e.g. `Reference check`.
    pub name: String,
    pub required: bool,
    pub status: Status,
    /// The pipeline stage that matched (ignoring case and surrounding space).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Stage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebhookReport {
    /// The API event, e.g. `candidateStageChange`.
    pub event: String,
    /// The toggle a Super Admin switches on, e.g. `Candidate stage change`.
    pub toggle_label: String,
    /// The URL it must point at (`--webhook-url`, or the manifest's); `None`: any URL counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_url: Option<String>,
    pub status: Status,
    /// Webhooks for this event at the expected URL (any URL when none is expected).
    pub matching: Vec<WebhookRef>,
    /// Webhooks for this event pointing elsewhere.
    pub elsewhere: Vec<WebhookRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A webhook without its signature token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookRef {
    pub id: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManualCheck {
    /// `toggle: Candidate stage change`, `authorization`.
    pub item: String,
    pub action: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    /// `stage: Reference check`, `webhook: candidateStageChange`.
    pub item: String,
    pub action: crate::ats::Fix,
}

/// Counts over the stage and webhook rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub present: usize,
    pub missing: usize,
    pub no_access: usize,
    /// Required rows that are missing or could not be read.
    pub required_failing: usize,
}

impl Summary {
    fn count(&mut self, status: Status, required: bool) {
        match status {
            Status::Present => self.present += 1,
            Status::Missing => self.missing += 1,
            Status::NoAccess => self.no_access += 1,
        }
        if required && status != Status::Present {
            self.required_failing += 1;
        }
    }
}

impl LeverReport {
    /// Counts the rows and sets the verdict; call once every row is in.
    pub(super) fn finish(&mut self) {
        let mut summary = Summary::default();
        for stage in &self.stages {
            summary.count(stage.status, stage.required);
        }
        for webhook in &self.webhooks {
            summary.count(webhook.status, true);
        }
        self.summary = summary;
        self.verdict = if summary.required_failing > 0 {
            Verdict::Findings
        } else {
            Verdict::Ok
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(stages: Vec<StageReport>, webhooks: Vec<WebhookReport>) -> LeverReport {
        let mut report = LeverReport {
            partner: PartnerRef {
                id: "p".into(),
                name: "P".into(),
            },
            api_url: String::new(),
            api_url_source: String::new(),
            credential: String::new(),
            stages,
            webhooks,
            manual: Vec::new(),
            fixes: Vec::new(),
            notes: Vec::new(),
            summary: Summary::default(),
            verdict: Verdict::Ok,
        };
        report.finish();
        report
    }

    fn stage(required: bool, status: Status) -> StageReport {
        StageReport {
            name: "Reference check".into(),
            required,
            status,
            matched: None,
            note: None,
        }
    }

    #[test]
    fn optional_stages_do_not_fail_the_check() {
        let ok = report(
            vec![stage(false, Status::Missing), stage(true, Status::Present)],
            Vec::new(),
        );
        assert_eq!(ok.verdict, Verdict::Ok);
        assert_eq!((ok.summary.present, ok.summary.missing), (1, 1));
        let failing = report(vec![stage(true, Status::NoAccess)], Vec::new());
        assert_eq!(failing.verdict, Verdict::Findings);
        assert_eq!(failing.summary.required_failing, 1);
    }

    #[test]
    fn statuses_serialize_in_snake_case() {
        assert_eq!(serde_json::to_string(&Status::NoAccess).unwrap(), "\"no_access\"");
        assert_eq!(serde_json::to_string(&Verdict::Findings).unwrap(), "\"findings\"");
    }
}
