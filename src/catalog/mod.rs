//! The facts atsctl knows about each ATS, compiled in from the TSV files under `catalog/`.
//!
//! `build.rs` splits the TSVs into static tables at compile time, groups and joins the Harvest
//! ones into the typed Harvest catalog itself, and types the Greenhouse and Lever webhook events
//! with their normalized labels: those catalogs are constants, nothing to build at run time. The
//! Ashby catalog is typed from its tables once, on first use. The data stays reviewable as plain
//! files instead of generated Rust.

use std::fmt;

pub mod ashby;
mod events;
mod harvest;
mod label;
mod method;
mod tsv;
#[cfg(test)]
mod tsv_text;

pub use events::{GreenhouseEvent, LeverEvent};
pub use harvest::{
    Confidence, Endpoint, HarvestCatalog, Permission, Scope, TextList, UNKNOWN_PATH, V3Mapping, normalize_label,
};
pub use method::Method;

/// Every catalog atsctl carries. It holds no pointer: the tables are statics of integers and
/// texts in blobs (`src/text_blob.rs`), read through the accessors, so the bundled catalog needs
/// no relocation at start-up either.
pub struct Catalog {
    pub harvest: HarvestCatalog,
}

/// Printed as the struct of tables it was, so `{:?}` output stays as it was.
impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("harvest", &self.harvest)
            .field("greenhouse_events", &self.greenhouse_events())
            .field("lever_events", &self.lever_events())
            .field("greenhouse_event_labels", &events::GREENHOUSE_EVENT_LABELS)
            .field("lever_event_labels", &events::LEVER_EVENT_LABELS)
            .finish()
    }
}

impl Catalog {
    /// The catalog compiled into this binary.
    pub fn bundled() -> &'static Catalog {
        static CATALOG: Catalog = Catalog {
            harvest: HarvestCatalog::BUNDLED,
        };
        &CATALOG
    }

    /// The Greenhouse "When" choices a manifest can name, in catalog order.
    pub fn greenhouse_events(&self) -> &'static [GreenhouseEvent] {
        &events::GREENHOUSE_EVENTS
    }

    /// The Lever webhook events, in catalog order.
    pub fn lever_events(&self) -> &'static [LeverEvent] {
        &events::LEVER_EVENTS
    }

    /// A Greenhouse event by its "When" label or its `action`, ignoring case and spacing.
    pub fn greenhouse_event(&self, name: &str) -> Option<&'static GreenhouseEvent> {
        // `GREENHOUSE_EVENT_LABELS` holds `normalize_label` of each label, in event order, so a
        // lookup normalizes only what it is given.
        let wanted = normalize_label(name);
        self.greenhouse_events()
            .iter()
            .zip(&events::GREENHOUSE_EVENT_LABELS)
            .find(|(event, label)| label.as_str() == wanted || event.action() == name.trim())
            .map(|(event, _)| event)
    }

    /// A Lever event by API name or toggle label.
    pub fn lever_event(&self, name: &str) -> Option<&'static LeverEvent> {
        // `LEVER_EVENT_LABELS` holds `normalize_label` of each toggle label, in event order.
        let wanted = normalize_label(name);
        self.lever_events()
            .iter()
            .zip(&events::LEVER_EVENT_LABELS)
            .find(|(event, label)| event.event().eq_ignore_ascii_case(name.trim()) || label.as_str() == wanted)
            .map(|(event, _)| event)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_reference_row_is_loaded() {
        let catalog = Catalog::bundled();
        let endpoints: usize = catalog.harvest.permissions().iter().map(|p| p.endpoints().len()).sum();
        assert_eq!(endpoints, 139, "the reference lists 139 Harvest v1/v2 endpoints");
        assert_eq!(
            catalog.harvest.permissions().len(),
            136,
            "three checkboxes cover a v1 and a v2 path"
        );
        assert_eq!(
            catalog.harvest.scopes().len(),
            150,
            "166 scope rows name 150 distinct scopes"
        );
        assert_eq!(catalog.greenhouse_events().len(), 29, "29 events have a known action");
        assert_eq!(catalog.lever_events().len(), 10);
    }

    #[test]
    fn every_mapped_scope_exists() {
        let catalog = Catalog::bundled();
        for permission in catalog.harvest.permissions() {
            for scope in permission.v3.scopes().iter() {
                assert!(
                    catalog.harvest.scope(scope).is_some(),
                    "{}: unknown scope {scope}",
                    permission.label()
                );
            }
        }
    }

    #[test]
    fn every_permission_has_a_mapping_decision() {
        // Only `PATCH /v1/users/permission_level` is confirmed to have no v3 equivalent.
        let unmapped: Vec<&str> = Catalog::bundled()
            .harvest
            .permissions()
            .iter()
            .filter(|p| p.v3.scopes().is_empty())
            .map(Permission::label)
            .collect();
        assert_eq!(unmapped, ["PATCH: Change user permission level"]);
    }

    #[test]
    fn no_duplicate_rows() {
        let catalog = Catalog::bundled();
        let mut endpoints = BTreeSet::new();
        for permission in catalog.harvest.permissions() {
            for endpoint in permission.endpoints() {
                let key = (endpoint.method, endpoint.path(), permission.label());
                assert!(endpoints.insert(key), "duplicate endpoint {}", endpoint.display());
            }
        }
        let mut labels = BTreeSet::new();
        for permission in catalog.harvest.permissions() {
            assert!(
                labels.insert(normalize_label(permission.label())),
                "duplicate label {}",
                permission.label()
            );
        }
        let mut scope_names = BTreeSet::new();
        for scope in catalog.harvest.scopes() {
            assert!(scope_names.insert(scope.name()), "scope {} loaded twice", scope.name());
        }
        let mut actions = BTreeSet::new();
        let mut event_labels = BTreeSet::new();
        for event in catalog.greenhouse_events() {
            assert!(actions.insert(event.action()), "duplicate action {}", event.action());
            assert!(
                event_labels.insert(normalize_label(event.label())),
                "duplicate label {}",
                event.label()
            );
        }
    }

    #[test]
    fn v3_scope_rows_reference_known_v1_endpoints() {
        // The scopes table names the v1 endpoints each scope replaces; each must be in the v1 table.
        let catalog = Catalog::bundled();
        for line in include_str!("../../catalog/greenhouse/greenhouse-harvest-v3-scopes.tsv")
            .lines()
            .skip(1)
        {
            let fields: Vec<&str> = line.split('\t').collect();
            for v1 in fields[3].split(';').filter(|v1| *v1 != "-") {
                let (method, path) = v1.split_once(' ').expect("METHOD path");
                let found = catalog.harvest.permissions().iter().any(|permission| {
                    permission.endpoints().iter().any(|endpoint| {
                        endpoint.method.as_str() == method && endpoint.path().unwrap_or(UNKNOWN_PATH) == path
                    })
                });
                assert!(found, "{}: v1 endpoint {v1} is not in the permission table", fields[0]);
            }
        }
    }

    #[test]
    fn finds_permissions_by_label_or_endpoint() {
        let harvest = &Catalog::bundled().harvest;
        let by_label = harvest
            .find("get:  list   JOBS")
            .expect("label match ignores case and spacing");
        assert_eq!(by_label.primary_endpoint().display(), "GET /v1/jobs");
        let by_endpoint = harvest.find("GET /v1/jobs").expect("method + path");
        assert_eq!(by_endpoint.label(), "GET: List Jobs");
        let grouped = harvest.find("DELETE: Destroy Openings").expect("grouped checkbox");
        assert_eq!(grouped.endpoints().len(), 2);
        assert_eq!(grouped.primary_endpoint().path(), Some("/v2/jobs/{job_id}/openings"));
        let activity = harvest.find("GET: Retrieve Activity Feed").expect("activity feed");
        assert_eq!(
            activity.v3.scopes().iter().collect::<Vec<_>>(),
            ["harvest:application_stages:list", "harvest:notes:list"]
        );
        let scorecard = harvest
            .find("GET: Retrieve Application's Scorecard")
            .expect("unknown endpoint row");
        assert_eq!(
            scorecard.v3.scopes().iter().collect::<Vec<_>>(),
            ["harvest:scorecards:list"]
        );
        assert_eq!(scorecard.v3.confidence, Confidence::Low);
    }

    #[test]
    fn entries_print_and_serialize_their_texts_as_before() {
        // The fields are spans and runs into the generated tables; `{:?}` and JSON show what the
        // `&'static str` and slice fields they replaced showed.
        let harvest = &Catalog::bundled().harvest;
        let grouped = harvest.find("DELETE: Destroy Openings").expect("grouped checkbox");
        assert_eq!(
            serde_json::to_string(grouped).unwrap(),
            r#"{"category":"Job Openings","label":"DELETE: Destroy Openings","label_verified":false,"endpoints":[{"method":"DELETE","path":"/v1/jobs/{job_id}/openings","deprecated":true},{"method":"DELETE","path":"/v2/jobs/{job_id}/openings","deprecated":false}],"v3":{"scopes":["harvest:openings:destroy"],"confidence":"medium","notes":["v1 form deprecated 2022"]}}"#
        );
        assert_eq!(
            format!("{grouped:?}"),
            r#"Permission { index: 70, category: "Job Openings", label: "DELETE: Destroy Openings", normalized_label: "delete: destroy openings", label_verified: false, endpoints: [Endpoint { method: Delete, path: Some("/v1/jobs/{job_id}/openings"), deprecated: true }, Endpoint { method: Delete, path: Some("/v2/jobs/{job_id}/openings"), deprecated: false }], v3: V3Mapping { scopes: ["harvest:openings:destroy"], confidence: Medium, notes: ["v1 form deprecated 2022"] } }"#
        );
        let unknown = harvest
            .find("GET: Retrieve Application's Scorecard")
            .expect("unknown endpoint row")
            .endpoints()[0]
            .clone();
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            r#"{"method":"GET","path":null,"deprecated":false}"#
        );
        assert_eq!(
            format!("{unknown:?}"),
            "Endpoint { method: Get, path: None, deprecated: false }"
        );
        let scope = harvest.scope("harvest:jobs:list").expect("scope");
        assert_eq!(
            serde_json::to_string(scope).unwrap(),
            r#"{"name":"harvest:jobs:list","endpoints":["GET /v3/jobs"]}"#
        );
        assert_eq!(
            format!("{scope:?}"),
            r#"Scope { name: "harvest:jobs:list", endpoints: ["GET /v3/jobs"] }"#
        );
        assert_eq!(harvest.categories().iter().next(), Some("Activity Feed"));
        assert_eq!(harvest.categories().len(), harvest.categories().iter().count());

        let catalog = Catalog::bundled();
        let deleted = catalog.greenhouse_event("job_deleted").expect("Greenhouse event");
        assert_eq!(
            serde_json::to_string(deleted).unwrap(),
            r#"{"label":"Job Deleted","action":"job_deleted","label_verified":true,"notes":"Fires only when a closed job is deleted from the Job Dashboard."}"#
        );
        assert_eq!(
            format!("{deleted:?}"),
            r#"GreenhouseEvent { label: "Job Deleted", action: "job_deleted", label_verified: true, notes: "Fires only when a closed job is deleted from the Job Dashboard." }"#
        );
        let stage_change = catalog.lever_event("candidateStageChange").expect("Lever event");
        assert_eq!(
            serde_json::to_string(stage_change).unwrap(),
            r#"{"event":"candidateStageChange","toggle_label":"Candidate stage change","label_verified":true}"#
        );
        assert_eq!(
            format!("{stage_change:?}"),
            r#"LeverEvent { event: "candidateStageChange", toggle_label: "Candidate stage change", label_verified: true }"#
        );
    }

    #[test]
    fn list_scopes_know_their_probe_path() {
        let harvest = &Catalog::bundled().harvest;
        assert_eq!(
            harvest.scope("harvest:jobs:list").and_then(Scope::list_path),
            Some("/v3/jobs")
        );
        assert_eq!(harvest.scope("harvest:jobs:create").and_then(Scope::list_path), None);
    }

    #[test]
    fn events_are_typed_as_the_rows_say() {
        let catalog = Catalog::bundled();
        let updated = catalog
            .greenhouse_event("application_updated")
            .expect("Application Updated has a known action");
        assert_eq!(updated.label(), "Application Updated");
        assert!(updated.label_verified);
        assert!(
            updated.notes().contains(r#"Crosschq writes "Application updated""#),
            "quoted fields are unquoted: {}",
            updated.notes()
        );
        assert!(
            catalog
                .greenhouse_events()
                .iter()
                .all(|event| event.action() != "UNKNOWN"),
            "rows without a known action are left out"
        );
        let created = catalog.lever_event("applicationCreated").expect("Lever event");
        assert_eq!(
            (created.toggle_label(), created.label_verified),
            ("Application created", false)
        );
        assert_eq!(events::GREENHOUSE_EVENT_LABELS.len(), catalog.greenhouse_events().len());
        assert_eq!(events::LEVER_EVENT_LABELS.len(), catalog.lever_events().len());
        for (event, label) in catalog.greenhouse_events().iter().zip(&events::GREENHOUSE_EVENT_LABELS) {
            assert_eq!(normalize_label(event.label()), label.as_str());
        }
        for (event, label) in catalog.lever_events().iter().zip(&events::LEVER_EVENT_LABELS) {
            assert_eq!(normalize_label(event.toggle_label()), label.as_str());
        }
    }

    #[test]
    fn finds_events_by_label_or_action() {
        let catalog = Catalog::bundled();
        assert_eq!(
            catalog
                .greenhouse_event("candidate has changed STAGE")
                .map(|e| e.action()),
            Some("candidate_stage_change")
        );
        assert_eq!(
            catalog.greenhouse_event("hire_candidate").map(|e| e.label()),
            Some("Candidate has been hired")
        );
        assert_eq!(
            catalog.lever_event("Candidate stage change").map(|e| e.event()),
            Some("candidateStageChange")
        );
    }
}
