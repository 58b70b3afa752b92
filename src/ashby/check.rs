//! `validate --ats ashby`: what an API key may do, checked against the manifest's Ashby section
//! without changing anything in Ashby.
//!
//! 1. `apiKey.info` (a safe probe) lists the key's scopes when the key has API Keys: Read
//!    (reference, §6). One request answers every read permission whose scope spelling is known.
//! 2. Otherwise, and for reads whose scope spelling Ashby has not published, one safe probe per
//!    needed read permission, asking for at most one record.
//! 3. Write permissions and the key's toggles stay `unverified` unless `apiKey.info` lists them:
//!    there is no documented side-effect-free way to test a write (reference, §6).
//!
//! Only catalog safe probes are sent: [`AshbyClient::probe`] takes nothing else.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::client::{AshbyClient, ProbeOutcome};
use super::manifest::{API_KEYS_PLACE, AshbySetup, PermissionNeed};
use super::report::{
    AshbyReport, CheckedBy, Evidence, LeastPrivilege, PartnerRef, PermissionReport, Status, Summary, ToggleReport,
    Verdict,
};
use super::{AshbyError, ErrorKind};
use crate::catalog::ashby::{Access, AshbyCatalog, Permission, SafeProbe};
use crate::manifest::Need;

/// Longest scope list read from `apiKey.info`; a real key has a few dozen at most.
const MAX_SCOPES: usize = 1000;

/// What a check is about besides the section.
#[derive(Debug, Clone)]
pub struct CheckContext {
    pub partner: PartnerRef,
    /// The credential, described without its secret ("API key from ATSCTL_ASHBY_API_KEY").
    pub credential: String,
    /// Where the API URL came from.
    pub api_url_source: String,
    /// Unverified required items count as failures.
    pub strict: bool,
}

/// What `apiKey.info` told.
enum KeyInfo {
    /// The key's scopes, and its title.
    Scopes {
        scopes: BTreeSet<String>,
        title: Option<String>,
    },
    /// It answered, but listed no scopes we could read: API Keys: Read is shown, nothing else.
    NoScopes { title: Option<String>, reason: String },
    /// The key lacks API Keys: Read.
    Missing { said: String },
    /// `success: false` for another reason.
    Failed { said: String },
}

/// Checks the key behind `client` against `setup`. Errors only for what stops the whole
/// check: a rejected key, an unreachable API.
pub async fn check(
    setup: &AshbySetup,
    client: &AshbyClient,
    context: &CheckContext,
) -> Result<AshbyReport, AshbyError> {
    let catalog = AshbyCatalog::bundled();
    let info_probe = catalog.api_key_info();
    let info = key_info(client.probe(info_probe).await?);
    let apply_needed = !setup.webhooks.is_empty();

    // Decide what apiKey.info settles; collect the probes for the rest.
    let mut rows: Vec<PermissionReport> = setup.permissions.iter().map(row).collect();
    let mut apply_row = apply_needed.then(|| {
        let permission = catalog.webhook_create_permission();
        permission_row(permission, false)
    });
    let mut wanted_probes: BTreeMap<String, &'static SafeProbe> = BTreeMap::new();
    for row in rows.iter_mut().chain(apply_row.iter_mut()) {
        decide(row, &info, info_probe);
        if row.evidence == Evidence::NotChecked
            && let Some(probe) = row.probe.as_deref().and_then(|endpoint| catalog.probe(endpoint))
        {
            wanted_probes.insert(probe.endpoint().to_owned(), probe);
        }
    }
    let answers = probe_all(client, wanted_probes.into_values().collect()).await?;
    for row in rows.iter_mut().chain(apply_row.iter_mut()) {
        if row.evidence == Evidence::NotChecked
            && let Some(outcome) = row.probe.as_deref().and_then(|endpoint| answers.get(endpoint))
        {
            settle_by_probe(row, outcome);
        }
    }

    let mut notes = Vec::new();
    let (checked_by, key_title, least_privilege) = match &info {
        KeyInfo::Scopes { scopes, title } => (
            CheckedBy::ApiKeyInfo,
            title.clone(),
            least_privilege(scopes, &setup.permissions),
        ),
        KeyInfo::NoScopes { title, reason } => {
            notes.push(format!(
                "apiKey.info answered but {reason}; each needed read permission was checked with one read-only request instead."
            ));
            (CheckedBy::Probes, title.clone(), unknown_extras())
        }
        KeyInfo::Missing { .. } | KeyInfo::Failed { .. } => {
            let why = match &info {
                KeyInfo::Missing { .. } => "the key lacks API Keys: Read".to_owned(),
                KeyInfo::Failed { said } => format!("it answered {said}"),
                _ => unreachable!("matched above"),
            };
            notes.push(format!(
                "apiKey.info could not list the key's scopes ({why}); each needed read permission was checked with one read-only request of at most one record."
            ));
            (CheckedBy::Probes, None, unknown_extras())
        }
    };
    if rows
        .iter()
        .any(|row| row.access != Access::Read && row.status == Status::Unverified)
    {
        notes.push(
            "Write permissions cannot be checked without changing data: Ashby documents no side-effect-free way to test one. Check them on the key."
                .to_owned(),
        );
    }
    if !setup.webhooks.is_empty() {
        notes.push(format!(
            "Ashby cannot list webhooks, so this check does not look for them: `apply` creates them and records their ids; the ones made by hand are in {}.",
            super::manifest::WEBHOOKS_PLACE
        ));
    }

    let toggles = setup
        .toggles
        .iter()
        .map(|need| ToggleReport {
            toggle: need.toggle,
            label: need.toggle.label().to_owned(),
            required: need.need == Need::Required,
            status: Status::Unverified,
            evidence: Evidence::NotChecked,
            note: Some(format!(
                "no Ashby API is known to show this setting; check it on the key in {API_KEYS_PLACE}"
            )),
        })
        .collect();

    let mut report = AshbyReport {
        partner: context.partner.clone(),
        api_url: client.base_url().to_string(),
        api_url_source: context.api_url_source.clone(),
        credential: context.credential.clone(),
        checked_by,
        key_title,
        permissions: rows,
        toggles,
        apply_permission: apply_row,
        fixes: Vec::new(),
        least_privilege,
        notes,
        summary: Summary::default(),
        strict: context.strict,
        verdict: Verdict::Ok,
    };
    report.finish();
    Ok(redacted(report, client))
}

fn key_info(outcome: ProbeOutcome) -> KeyInfo {
    match outcome {
        ProbeOutcome::Granted(results) => {
            let title = results.get("title").and_then(Value::as_str).map(crate::webhooks::clip);
            match results.get("scopes").and_then(Value::as_array) {
                Some(scopes) => KeyInfo::Scopes {
                    scopes: scopes
                        .iter()
                        .take(MAX_SCOPES)
                        .filter_map(Value::as_str)
                        .map(|scope| crate::webhooks::clip(scope.trim()))
                        .collect(),
                    title,
                },
                None => KeyInfo::NoScopes {
                    title,
                    reason: "without a `scopes` list".to_owned(),
                },
            }
        }
        ProbeOutcome::Missing { said } => KeyInfo::Missing { said },
        ProbeOutcome::Failed { said } => KeyInfo::Failed { said },
    }
}

fn row(need: &PermissionNeed) -> PermissionReport {
    let mut row = permission_row(need.permission, need.need == Need::Required);
    row.module_label.clone_from(&need.module.label);
    row
}

fn permission_row(permission: &Permission, required: bool) -> PermissionReport {
    let catalog = AshbyCatalog::bundled();
    PermissionReport {
        module: permission.module.clone(),
        module_label: catalog
            .modules
            .iter()
            .find(|module| module.key == permission.module)
            .and_then(|module| module.label.clone()),
        access: permission.access,
        permission_id: permission.id.clone(),
        scope: permission.scope.clone(),
        required,
        status: Status::Unverified,
        evidence: Evidence::NotChecked,
        probe: None,
        note: None,
    }
}

/// Sets what `apiKey.info` settles for one row; leaves the rest unverified and names the probe
/// that could settle it.
fn decide(row: &mut PermissionReport, info: &KeyInfo, info_probe: &SafeProbe) {
    let catalog = AshbyCatalog::bundled();
    let Some(permission) = catalog.permission(&row.permission_id) else {
        return;
    };
    // apiKey.info is itself the probe of API Keys: Read.
    if permission.id == info_probe.permission() {
        row.probe = Some(info_probe.endpoint().to_owned());
        row.evidence = Evidence::Probe;
        match info {
            KeyInfo::Scopes { .. } | KeyInfo::NoScopes { .. } => row.status = Status::Granted,
            KeyInfo::Missing { said } => {
                row.status = Status::Missing;
                row.note = Some(said.clone());
            }
            KeyInfo::Failed { said } => row.note = Some(format!("{} answered {said}", info_probe.endpoint())),
        }
        return;
    }
    if let KeyInfo::Scopes { scopes, .. } = info {
        if scopes.contains(&permission.scope) {
            row.status = Status::Granted;
            row.evidence = Evidence::ApiKeyInfo;
            if !permission.scope_seen {
                row.note = Some(format!(
                    "apiKey.info lists `{}`; Ashby has not published this spelling, atsctl assumes it",
                    permission.scope
                ));
            }
            return;
        }
        if permission.scope_seen {
            row.status = Status::Missing;
            row.evidence = Evidence::ApiKeyInfo;
            row.note = Some(format!("apiKey.info does not list `{}`", permission.scope));
            return;
        }
    }
    match (permission.access, permission.probe) {
        (Access::Read, Some(probe)) => row.probe = Some(probe.endpoint().to_owned()),
        (Access::Read, None) => {
            row.note = Some(unverified_note(
                info,
                permission,
                "no read-only request is known to test it",
            ));
        }
        (Access::Write | Access::Delete, _) => {
            row.note = Some(unverified_note(
                info,
                permission,
                "a write cannot be tested without changing data",
            ));
        }
    }
}

fn unverified_note(info: &KeyInfo, permission: &Permission, why: &str) -> String {
    match info {
        KeyInfo::Scopes { .. } => format!(
            "apiKey.info does not list `{}`, but Ashby has not published how it names this scope; {why}",
            permission.scope
        ),
        _ => why.to_owned(),
    }
}

fn settle_by_probe(row: &mut PermissionReport, outcome: &ProbeOutcome) {
    row.evidence = Evidence::Probe;
    let endpoint = row.probe.clone().unwrap_or_default();
    match outcome {
        ProbeOutcome::Granted(_) => {
            row.status = Status::Granted;
            row.note = None;
        }
        ProbeOutcome::Missing { said } => {
            row.status = Status::Missing;
            row.note = Some(format!("{endpoint}: {said}"));
        }
        ProbeOutcome::Failed { said } => {
            row.status = Status::Unverified;
            row.note = Some(format!(
                "{endpoint} answered {said}, which neither shows nor refutes the permission"
            ));
        }
    }
}

/// Sends every probe concurrently (the client's pacer bounds how many are in flight). Stops at
/// the first error that ends the check: a rejected key stops the others, as does no Ashby.
async fn probe_all(
    client: &AshbyClient,
    probes: Vec<&'static SafeProbe>,
) -> Result<BTreeMap<&'static str, ProbeOutcome>, AshbyError> {
    let mut tasks = tokio::task::JoinSet::new();
    for probe in probes {
        let client = client.clone();
        tasks.spawn(async move { (probe.endpoint(), client.probe(probe).await) });
    }
    let mut answers = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (endpoint, result) =
            joined.map_err(|error| AshbyError::new(ErrorKind::Unreachable, format!("a probe task failed: {error}")))?;
        match result {
            Ok(outcome) => {
                answers.insert(endpoint, outcome);
            }
            Err(error) => {
                tasks.abort_all();
                return Err(error);
            }
        }
    }
    Ok(answers)
}

fn least_privilege(scopes: &BTreeSet<String>, needs: &[PermissionNeed]) -> LeastPrivilege {
    let needed: BTreeSet<&str> = needs.iter().map(|need| need.permission.scope.as_str()).collect();
    let extra: Vec<String> = scopes
        .iter()
        .filter(|scope| !needed.contains(scope.as_str()))
        .cloned()
        .collect();
    let unknown: Vec<&str> = extra
        .iter()
        .filter(|scope| AshbyCatalog::bundled().permission_by_scope(scope).is_none())
        .map(String::as_str)
        .collect();
    LeastPrivilege {
        checked: true,
        note: (!unknown.is_empty()).then(|| {
            format!(
                "not in atsctl's catalog (a newer module, or a toggle listed as a scope): {}",
                unknown.join(", ")
            )
        }),
        extra,
    }
}

fn unknown_extras() -> LeastPrivilege {
    LeastPrivilege {
        checked: false,
        extra: Vec::new(),
        note: Some("only apiKey.info lists what else a key may do".to_owned()),
    }
}

/// The report with the key replaced by `***` wherever a server's words reached it.
fn redacted(mut report: AshbyReport, client: &AshbyClient) -> AshbyReport {
    let clean = |text: &mut Option<String>| {
        if let Some(value) = text {
            *value = client.scrub(value);
        }
    };
    for row in report.permissions.iter_mut().chain(report.apply_permission.iter_mut()) {
        clean(&mut row.note);
    }
    clean(&mut report.key_title);
    clean(&mut report.least_privilege.note);
    for extra in &mut report.least_privilege.extra {
        *extra = client.scrub(extra);
    }
    for note in &mut report.notes {
        *note = client.scrub(note);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ashby::manifest::{section_from_manifest, validate};

    fn setup() -> AshbySetup {
        let text = "\
ashby:
  permissions:
    - {module: Candidates, read: required, write: optional}
    - {module: Jobs, read: required}
    - {module: Reports, read: optional}
    - {module: API Keys, read: optional}
";
        let raw = section_from_manifest("t.yaml", text).unwrap().unwrap();
        let validated = validate(raw, "t.yaml");
        assert!(!validated.has_errors(), "{:?}", validated.diagnostics);
        validated.setup
    }

    fn decided(info: &KeyInfo) -> Vec<(String, Status, Evidence, Option<String>)> {
        let catalog = AshbyCatalog::bundled();
        setup()
            .permissions
            .iter()
            .map(|need| {
                let mut row = row(need);
                decide(&mut row, info, catalog.api_key_info());
                (row.permission_id, row.status, row.evidence, row.probe)
            })
            .collect()
    }

    #[test]
    fn api_key_info_settles_reads_with_known_spelling_and_leaves_writes() {
        let info = KeyInfo::Scopes {
            scopes: ["candidates:read", "offers:read"].map(str::to_owned).into(),
            title: Some("P".into()),
        };
        assert_eq!(
            decided(&info),
            [
                ("candidatesRead".into(), Status::Granted, Evidence::ApiKeyInfo, None),
                ("candidatesWrite".into(), Status::Unverified, Evidence::NotChecked, None),
                ("jobsRead".into(), Status::Missing, Evidence::ApiKeyInfo, None),
                ("reportsRead".into(), Status::Unverified, Evidence::NotChecked, None),
                (
                    "apiKeysRead".into(),
                    Status::Granted,
                    Evidence::Probe,
                    Some("apiKey.info".into())
                ),
            ]
        );
    }

    #[test]
    fn without_api_key_info_each_probeable_read_names_its_probe() {
        let info = KeyInfo::Missing {
            said: "missing_endpoint_permission".into(),
        };
        assert_eq!(
            decided(&info),
            [
                (
                    "candidatesRead".into(),
                    Status::Unverified,
                    Evidence::NotChecked,
                    Some("candidate.list".into())
                ),
                ("candidatesWrite".into(), Status::Unverified, Evidence::NotChecked, None),
                (
                    "jobsRead".into(),
                    Status::Unverified,
                    Evidence::NotChecked,
                    Some("job.list".into())
                ),
                ("reportsRead".into(), Status::Unverified, Evidence::NotChecked, None),
                (
                    "apiKeysRead".into(),
                    Status::Missing,
                    Evidence::Probe,
                    Some("apiKey.info".into())
                ),
            ]
        );
    }

    #[test]
    fn an_assumed_write_scope_that_is_listed_counts_as_granted() {
        let info = KeyInfo::Scopes {
            scopes: ["candidates:read", "candidates:write", "jobs:read", "custom:thing"]
                .map(str::to_owned)
                .into(),
            title: None,
        };
        let rows = decided(&info);
        assert_eq!(rows[1].1, Status::Granted);
        let scopes = match &info {
            KeyInfo::Scopes { scopes, .. } => scopes,
            _ => unreachable!(),
        };
        let extras = least_privilege(scopes, &setup().permissions);
        assert_eq!(extras.extra, ["custom:thing"]);
        assert!(extras.note.unwrap().contains("custom:thing"));
    }
}
