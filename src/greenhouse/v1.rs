//! Harvest v1 API keys (legacy, retired 2026-08-31): nothing reveals a key's permissions, so
//! each needed read permission is probed with one GET and the answer classified. Writes are
//! never sent: no public source says whether Harvest checks the permission before it validates
//! or changes anything (reference README, "v1/v2"), so write permissions stay `unverified`.
//!
//! Lists are probed first (`?per_page=1`); single-record endpoints then use a real id read from
//! the matching list when the key could list it, otherwise an id that cannot exist (`0`), whose
//! 404 shows that the permission check passed — an inference, and the report says so.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::classify::{self, V1Outcome, V1ProbeKind};
use super::report::{
    CheckedBy, CredentialReport, Evidence, Fix, LeastPrivilege, PermissionReport, Status, Summary, Verdict, group,
};
use super::{ApiVersion, CheckError, CheckErrorKind, Context, Credential, V1Key, join_words};
use crate::catalog::Method;
use crate::http::{Auth, Pacer, PacerConfig, Request, Response};
use crate::manifest::Need;
use crate::plan::HARVEST_V1_RETIRED;

/// The id used when no real one is known: Greenhouse ids are positive.
const IMPOSSIBLE_ID: &str = "0";
/// The row note for a write permission; the report's notes say why once.
const WRITE_NOT_PROBED: &str = "write: not probed on v1; check it in Manage API Key Permissions";
/// `/v1/custom_fields/{field_type}` takes a type name, not an id; `candidate` always exists.
const FIELD_TYPE: &str = "candidate";

/// How one permission row is settled.
enum Plan {
    /// Not probed; the note says why.
    Skip(String),
    /// A GET of this path template.
    Probe { template: String, kind: V1ProbeKind },
}

/// A record path with its placeholders filled in.
struct Instance {
    path: String,
    /// At least one placeholder got [`IMPOSSIBLE_ID`].
    impossible: bool,
    /// Where the real ids came from (`/v1/jobs`), for the note.
    sources: Vec<String>,
}

pub(super) async fn check(ctx: &Context<'_>, key: &V1Key) -> Result<CredentialReport, CheckError> {
    // Harvest v1 allows `X-RateLimit-Limit` requests per 10 seconds and only announces the
    // reset on 429s (reference README, "v1/v2"), hence the 10 s default window.
    let pacer = Pacer::new(PacerConfig {
        default_window: Duration::from_secs(10),
        max_in_flight: ctx.options.concurrency,
        ..PacerConfig::default()
    });
    let auth = Auth::Basic {
        user: key.key.clone(),
        password: None,
    };
    let plans: Vec<Plan> = ctx.needs.permissions.iter().map(|need| plan(need.permission)).collect();

    let list_paths: Vec<String> = unique(plans.iter().filter_map(|plan| match plan {
        Plan::Probe {
            template,
            kind: V1ProbeKind::List,
        } => Some(fill_fixed(template)),
        _ => None,
    }));
    let record_templates: Vec<&str> = unique_refs(plans.iter().filter_map(|plan| match plan {
        Plan::Probe {
            template,
            kind: V1ProbeKind::Record,
        } => Some(template.as_str()),
        _ => None,
    }));
    ctx.plan_probes(list_paths.len() + record_templates.len());

    ctx.stage("probing list permissions");
    let lists = probe(ctx, &pacer, key, &auth, &list_paths, V1ProbeKind::List).await?;
    if !lists.is_empty()
        && lists
            .values()
            .all(|outcome| matches!(outcome, V1Outcome::RetiredLooking { .. }))
    {
        return Err(retired(ctx, &lists));
    }
    let first_ids: HashMap<&str, &str> = lists
        .iter()
        .filter_map(|(path, outcome)| match outcome {
            V1Outcome::Granted { first_id: Some(id) } => Some((path.as_str(), id.as_str())),
            _ => None,
        })
        .collect();
    let instances: BTreeMap<&str, Instance> = record_templates
        .iter()
        .map(|template| (*template, instantiate(template, &first_ids)))
        .collect();
    let record_paths: Vec<String> = unique(instances.values().map(|instance| instance.path.clone()));
    ctx.stage("probing single-record permissions");
    let records = probe(ctx, &pacer, key, &auth, &record_paths, V1ProbeKind::Record).await?;
    if lists.is_empty()
        && !records.is_empty()
        && records
            .values()
            .all(|outcome| matches!(outcome, V1Outcome::RetiredLooking { .. }))
    {
        return Err(retired(ctx, &records));
    }

    let mut rows = Vec::new();
    let mut fixes = Vec::new();
    for (need, plan) in ctx.needs.permissions.iter().zip(&plans) {
        let permission = need.permission;
        let (status, evidence, note) = match plan {
            Plan::Skip(note) => (Status::Unverified, Evidence::NotChecked, Some(note.clone())),
            Plan::Probe {
                template,
                kind: V1ProbeKind::List,
            } => {
                let path = fill_fixed(template);
                settle(lists.get(&path), None)
            }
            Plan::Probe {
                template,
                kind: V1ProbeKind::Record,
            } => {
                let instance = &instances[template.as_str()];
                settle(records.get(&instance.path), Some(instance))
            }
        };
        if status == Status::Missing {
            let optional = if need.need == Need::Required {
                ""
            } else {
                " (optional for the partner)"
            };
            fixes.push(Fix {
                item: permission.label().to_owned(),
                action: format!(
                    "Tick \"{}\" under {} in Configure → Dev Center → API Credential Management → the key → Manage API Key Permissions, then Save{optional}",
                    permission.label(), permission.category()
                ),
            });
        }
        let row = PermissionReport {
            label: permission.label().to_owned(),
            method: permission.method(),
            endpoint: Some(permission.primary_endpoint().display()),
            v3_scopes: permission.v3.scopes().iter().map(str::to_owned).collect(),
            required: need.need == Need::Required,
            status,
            evidence,
            note,
        };
        rows.push((permission.category().to_owned(), row));
    }
    fixes.sort_by_key(|fix| {
        !ctx.needs
            .permissions
            .iter()
            .any(|need| need.permission.label() == fix.item && need.need == Need::Required)
    });

    // The scopes themselves are the plan's "Harvest v3 scopes" section: listed here too they
    // filled half the report with names the reader cannot act on from a v1 key.
    let required_scopes = ctx.needs.scopes.iter().filter(|item| item.required).count();
    let mut notes = vec![format!(
        "This is a legacy Harvest v1 key: Greenhouse retired v1/v2 on {HARVEST_V1_RETIRED}. Move {} to Harvest v3, \
         which needs {required_scopes} required scope(s): its plan lists them under \"Harvest v3 scopes\".",
        ctx.needs.partner.name,
    )];
    if plans
        .iter()
        .any(|plan| matches!(plan, Plan::Skip(note) if note == WRITE_NOT_PROBED))
    {
        notes.push(
            "Write permissions are not probed: Greenhouse does not document whether Harvest v1 checks the permission before it validates or changes anything, so a write probe could change data. They stay unverified (--strict fails on them)."
                .to_owned(),
        );
    }
    let mut report = CredentialReport {
        partner: ctx.needs.partner.clone(),
        api: ApiVersion::V1,
        credential: Credential::V1(key.clone()).describe(),
        harvest_url: ctx.options.harvest_url.to_string(),
        auth_url: None,
        checked_by: CheckedBy::V1Probes,
        categories: group(rows),
        scopes: Vec::new(),
        acting_user: None,
        organization: None,
        authorization: None,
        fixes,
        least_privilege: LeastPrivilege {
            checked: false,
            extra: Vec::new(),
            note: Some(
                "Harvest v1 does not reveal a key's permissions and only the partner's were probed; check in Manage API Key Permissions that nothing else is ticked".to_owned(),
            ),
        },
        notes,
        summary: Summary::default(),
        strict: ctx.options.strict,
        verdict: Verdict::Ok,
    };
    report.finish();
    Ok(report)
}

fn plan(permission: &crate::catalog::Permission) -> Plan {
    if permission.method() != Method::Get {
        return Plan::Skip(WRITE_NOT_PROBED.to_owned());
    }
    let endpoint = permission.primary_endpoint();
    let Some(path) = endpoint.path() else {
        return Plan::Skip(
            "no known endpoint for this checkbox, so nothing can probe it; check it in Manage API Key Permissions"
                .to_owned(),
        );
    };
    let has_id = path
        .split('/')
        .any(|segment| is_placeholder(segment) && segment != "{field_type}");
    Plan::Probe {
        template: path.to_owned(),
        kind: if has_id { V1ProbeKind::Record } else { V1ProbeKind::List },
    }
}

fn is_placeholder(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Fills placeholders that take a fixed value rather than an id.
fn fill_fixed(template: &str) -> String {
    template.replace("{field_type}", FIELD_TYPE)
}

/// Fills every placeholder: a type name, a real id from the list path just before it when the
/// key could list it, or an id that cannot exist.
fn instantiate(template: &str, first_ids: &HashMap<&str, &str>) -> Instance {
    let mut path = String::new();
    let mut impossible = false;
    let mut sources = Vec::new();
    for segment in fill_fixed(template).split('/').filter(|segment| !segment.is_empty()) {
        path.push('/');
        if is_placeholder(segment) {
            if let Some(id) = first_ids.get(path.trim_end_matches('/')) {
                sources.push(path.trim_end_matches('/').to_owned());
                path.push_str(id);
            } else {
                impossible = true;
                path.push_str(IMPOSSIBLE_ID);
            }
        } else {
            path.push_str(segment);
        }
    }
    Instance {
        path,
        impossible,
        sources,
    }
}

/// Probes every path once (they are distinct) and classifies the answers; stops at the first
/// answer that rejects the key.
async fn probe(
    ctx: &Context<'_>,
    pacer: &Pacer,
    key: &V1Key,
    auth: &Auth,
    paths: &[String],
    kind: V1ProbeKind,
) -> Result<BTreeMap<String, V1Outcome>, CheckError> {
    let requests = paths
        .iter()
        .map(|path| {
            let mut request = Request::get(&ctx.options.harvest_url, path);
            if kind == V1ProbeKind::List {
                request = request.query("per_page", "1");
            }
            (path.clone(), request.auth(auth.clone()))
        })
        .collect();
    let stop = |response: &Response| {
        // Both spellings of 401 that mean the key itself is bad.
        response.status == 401 && matches!(classify::v1(response, V1ProbeKind::List), V1Outcome::Rejected { .. })
    };
    let responses = ctx.fetch_all(pacer, requests, stop).await?;
    let mut outcomes = BTreeMap::new();
    for (path, response) in responses {
        let outcome = classify::v1(&response, kind);
        if let V1Outcome::Rejected { message } = &outcome {
            return Err(CheckError::new(
                CheckErrorKind::Rejected,
                format!(
                    "Greenhouse rejected the Harvest API key ({}: {message})",
                    response.status
                ),
            )
            .with_help(format!(
                "{}: the key may be mistyped, revoked, or from another Greenhouse account",
                key.fix_hint()
            )));
        }
        outcomes.insert(path, outcome);
    }
    Ok(outcomes)
}

/// A row's status from its probe's outcome.
fn settle(outcome: Option<&V1Outcome>, instance: Option<&Instance>) -> (Status, Evidence, Option<String>) {
    let Some(outcome) = outcome else {
        return (
            Status::Unverified,
            Evidence::NotChecked,
            Some("the probe was not answered".to_owned()),
        );
    };
    match outcome {
        V1Outcome::Granted { .. } => match instance {
            Some(instance) if !instance.sources.is_empty() => (
                Status::Granted,
                Evidence::Probe,
                Some(format!("id from {}", join_words(&instance.sources))),
            ),
            _ => (Status::Granted, Evidence::Probe, None),
        },
        V1Outcome::Missing { note } => (Status::Missing, Evidence::Probe, note.clone()),
        V1Outcome::RecordNotFound => {
            let note = match instance {
                // Greenhouse does not document whether it checks the permission before looking
                // up the record; the permission message would have come first if it does.
                Some(instance) if instance.impossible => {
                    format!(
                        "inferred: {} (an id that cannot exist) answered 404, not the permission message",
                        instance.path
                    )
                }
                Some(instance) => format!(
                    "inferred: {} answered 404 (record gone or empty), not the permission message",
                    instance.path
                ),
                None => "inferred from a 404".to_owned(),
            };
            (Status::Granted, Evidence::Inferred, Some(note))
        }
        V1Outcome::RetiredLooking { reason } | V1Outcome::Unexpected { reason } => {
            (Status::Unverified, Evidence::Probe, Some(reason.clone()))
        }
        V1Outcome::Rejected { message } => (Status::Unverified, Evidence::Probe, Some(message.clone())),
    }
}

fn retired(ctx: &Context<'_>, outcomes: &BTreeMap<String, V1Outcome>) -> CheckError {
    let example = outcomes.iter().find_map(|(path, outcome)| match outcome {
        V1Outcome::RetiredLooking { reason } => Some(format!("GET {path} {reason}")),
        _ => None,
    });
    let scopes: Vec<String> = ctx
        .needs
        .scopes
        .iter()
        .filter(|item| item.required)
        .map(|item| item.scope.clone())
        .collect();
    let mut error = CheckError::new(
        CheckErrorKind::Retired,
        format!(
            "Harvest answered as a retired API: Greenhouse retired Harvest v1/v2 on {HARVEST_V1_RETIRED}, so create Harvest v3 OAuth credentials (Configure → Dev Center → API Credential Management → Create New API Credential, type Harvest v3, a Site Admin as acting user) with the {} scope(s) {} needs and validate again with them.",
            scopes.len(),
            ctx.needs.partner.name
        ),
    );
    if let Some(example) = example {
        error = error.with_help(format!("for example, {example}"));
    }
    error
        .with_help(format!("scopes to grant: {}", scopes.join(", ")))
        .with_help(format!(
            "`atsctl plan {}` prints them as a checklist",
            ctx.needs.partner.id
        ))
}

fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

fn unique_refs<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn record_paths_use_real_ids_when_listed() {
        let ids: HashMap<&str, &str> = [("/v1/jobs", "4045")].into_iter().collect();
        let instance = instantiate("/v1/jobs/{id}/job_posts", &ids);
        assert_eq!(instance.path, "/v1/jobs/4045/job_posts");
        assert!(!instance.impossible);
        assert_eq!(instance.sources, ["/v1/jobs"]);
        let nested = instantiate("/v1/jobs/{job_id}/openings/{id}", &ids);
        assert_eq!(nested.path, "/v1/jobs/4045/openings/0");
        assert!(nested.impossible);
        let unknown = instantiate("/v1/applications/{application_id}/offers/current_offer", &ids);
        assert_eq!(unknown.path, "/v1/applications/0/offers/current_offer");
        assert!(unknown.impossible);
    }

    #[test]
    fn probes_are_planned_by_method_and_path() {
        let harvest = &Catalog::bundled().harvest;
        let plan_of = |label: &str| plan(harvest.find(label).unwrap_or_else(|| panic!("{label}")));
        assert!(matches!(
            plan_of("GET: List Jobs"),
            Plan::Probe {
                kind: V1ProbeKind::List,
                ..
            }
        ));
        assert!(matches!(
            plan_of("GET: Retrieve Job"),
            Plan::Probe {
                kind: V1ProbeKind::Record,
                ..
            }
        ));
        assert!(matches!(
            plan_of("GET: Get custom fields"),
            Plan::Probe {
                kind: V1ProbeKind::List,
                ..
            }
        ));
        assert!(matches!(plan_of("POST: Add Candidate"), Plan::Skip(_)));
        assert!(
            matches!(plan_of("GET: Retrieve Application's Scorecard"), Plan::Skip(note) if note.contains("no known endpoint"))
        );
        assert_eq!(
            fill_fixed("/v1/custom_fields/{field_type}"),
            "/v1/custom_fields/candidate"
        );
    }
}
