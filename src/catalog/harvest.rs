//! Greenhouse Harvest: the v1/v2 permission checkboxes, the v3 OAuth scopes, and the mapping
//! from the first to the second.
//!
//! A *permission* here is one checkbox in Greenhouse's "Manage API Key Permissions" screen. A few
//! checkboxes cover two endpoints (a v1 path and the v2 path that superseded it), so a permission
//! holds a list of endpoints; method + path is the identity the issue asks for, the label is what
//! a person sees.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::method::Method;
use super::tsv;

/// The path recorded for the one checkbox whose endpoint is not known.
pub const UNKNOWN_PATH: &str = "UNKNOWN";

/// One Harvest v1/v2 endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub method: Method,
    /// `None` when no public source names the endpoint behind the checkbox.
    pub path: Option<String>,
    /// Superseded by a v2 path in Greenhouse's docs.
    pub deprecated: bool,
}

impl Endpoint {
    /// `GET /v1/jobs`, or `GET (unknown endpoint)`.
    pub fn display(&self) -> String {
        match &self.path {
            Some(path) => format!("{} {path}", self.method),
            None => format!("{} (unknown endpoint)", self.method),
        }
    }

    /// A single-record endpoint: its path has a `{placeholder}` in the last segment.
    pub fn is_single_record(&self) -> bool {
        self.path
            .as_deref()
            .is_some_and(|path| path.trim_end_matches('/').ends_with('}'))
    }
}

/// How directly a public source tied a v1 endpoint to its v3 replacement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// No v3 equivalent is known.
    None,
    Low,
    Medium,
    High,
}

impl Confidence {
    fn parse(text: &str) -> Self {
        match text {
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            _ => Self::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::None => "none",
        }
    }
}

/// The v3 scopes that replace a v1 permission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct V3Mapping {
    /// Every scope is needed: a v1 permission split across several v3 resources needs them all.
    pub scopes: Vec<String>,
    /// The weakest confidence among the permission's endpoints.
    pub confidence: Confidence,
    pub notes: Vec<String>,
}

/// One checkbox of the Harvest v1/v2 permission screen.
#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    /// Position in the catalog; stable within one build, used to index tables.
    #[serde(skip)]
    pub index: usize,
    pub category: String,
    pub label: String,
    /// `label` as [`normalize_label`] gives it, kept so lookups do not re-normalize the catalog.
    #[serde(skip)]
    pub normalized_label: String,
    /// The label was seen in a partner guide, not only in API docs.
    pub label_verified: bool,
    pub endpoints: Vec<Endpoint>,
    pub v3: V3Mapping,
}

impl Permission {
    pub fn method(&self) -> Method {
        self.endpoints[0].method
    }

    /// The current endpoint: the first that is not deprecated.
    pub fn primary_endpoint(&self) -> &Endpoint {
        self.endpoints
            .iter()
            .find(|endpoint| !endpoint.deprecated)
            .unwrap_or(&self.endpoints[0])
    }
}

/// One Harvest v3 OAuth scope.
#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    pub name: String,
    /// The v3 endpoints the scope guards (`GET /v3/jobs`); empty for scopes declared with none.
    pub endpoints: Vec<String>,
}

impl Scope {
    /// The resource and action of `harvest:<resource>:<action>`.
    pub fn resource_and_action(&self) -> Option<(&str, &str)> {
        let rest = self.name.strip_prefix("harvest:")?;
        rest.split_once(':')
    }

    /// The `GET /v3/<resource>` list endpoint a `:list` scope guards, for probing.
    pub fn list_path(&self) -> Option<&str> {
        let (_, action) = self.resource_and_action()?;
        if action != "list" {
            return None;
        }
        self.endpoints
            .iter()
            .filter_map(|endpoint| endpoint.strip_prefix("GET "))
            .find(|path| !path.contains('{'))
    }
}

/// The Harvest tables, cross-linked.
#[derive(Debug)]
pub struct HarvestCatalog {
    pub permissions: Vec<Permission>,
    pub scopes: Vec<Scope>,
    /// Categories in the order the permission screen lists them.
    pub categories: Vec<String>,
}

impl HarvestCatalog {
    pub(super) fn load() -> Self {
        let mappings = load_mappings();
        let mut permissions: Vec<Permission> = Vec::new();
        let mut categories: Vec<String> = Vec::new();
        tsv::for_each_row(&tsv::V1_PERMISSIONS, |row| {
            let category = row.get("category").to_owned();
            let label = row.get("ui_label").to_owned();
            let method: Method = row
                .get("method")
                .parse()
                .unwrap_or_else(|err| panic!("line {}: {err}", row.line));
            let path = match row.get("path") {
                UNKNOWN_PATH => None,
                path => Some(path.to_owned()),
            };
            let endpoint = Endpoint {
                method,
                deprecated: row.get("notes").starts_with("DEPRECATED"),
                path,
            };
            if !categories.contains(&category) {
                categories.push(category.clone());
            }
            let normalized_label = normalize_label(&label);
            let same_checkbox = permissions
                .iter_mut()
                .find(|existing| existing.category == category && existing.normalized_label == normalized_label);
            match same_checkbox {
                Some(existing) => existing.endpoints.push(endpoint),
                None => permissions.push(Permission {
                    index: permissions.len(),
                    category,
                    label,
                    normalized_label,
                    label_verified: row.get("label_basis") == "ui-observed",
                    endpoints: vec![endpoint],
                    v3: V3Mapping {
                        scopes: Vec::new(),
                        confidence: Confidence::High,
                        notes: Vec::new(),
                    },
                }),
            }
        });
        for permission in &mut permissions {
            permission.v3 = mapping_for(&permission.endpoints, &mappings);
        }
        Self {
            permissions,
            scopes: load_scopes(),
            categories,
        }
    }

    /// Finds a permission by its UI label (case and spacing ignored) or by `METHOD /path`.
    pub fn find(&self, reference: &str) -> Option<&Permission> {
        if let Some(found) = self.find_by_endpoint(reference) {
            return Some(found);
        }
        let wanted = normalize_label(reference);
        self.permissions
            .iter()
            .find(|permission| permission.normalized_label == wanted)
    }

    fn find_by_endpoint(&self, reference: &str) -> Option<&Permission> {
        let (method, path) = reference.trim().split_once(' ')?;
        let method: Method = method.parse().ok()?;
        let path = path.trim();
        if !path.starts_with('/') {
            return None;
        }
        self.permissions.iter().find(|permission| {
            permission
                .endpoints
                .iter()
                .any(|endpoint| endpoint.method == method && endpoint.path.as_deref() == Some(path))
        })
    }

    pub fn in_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Permission> + 'a {
        self.permissions
            .iter()
            .filter(move |permission| permission.category.eq_ignore_ascii_case(category))
    }

    /// The catalog spelling of a category, matched ignoring case.
    pub fn category(&self, name: &str) -> Option<&str> {
        self.categories
            .iter()
            .find(|category| category.eq_ignore_ascii_case(name.trim()))
            .map(String::as_str)
    }

    pub fn scope(&self, name: &str) -> Option<&Scope> {
        self.scopes.iter().find(|scope| scope.name == name)
    }
}

/// Case-insensitive, spacing-insensitive form of a UI label: `Get:  List Jobs` = `GET: List Jobs`.
pub fn normalize_label(label: &str) -> String {
    let mut normalized = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        // "GET :" reads as "GET:"; any other word is separated by one space.
        if !normalized.is_empty() && word != ":" && !word.starts_with(':') {
            normalized.push(' ');
        }
        if word.is_ascii() {
            normalized.extend(word.bytes().map(|byte| char::from(byte.to_ascii_lowercase())));
        } else {
            normalized.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    normalized
}

type MappingKey = (Method, String);

struct MappingRow {
    scopes: Vec<String>,
    confidence: Confidence,
    note: String,
}

fn load_mappings() -> BTreeMap<MappingKey, MappingRow> {
    let mut mappings = BTreeMap::new();
    for (file, table) in [
        ("greenhouse-v1-to-v3.tsv", &tsv::V1_TO_V3),
        ("v1-to-v3-supplement.tsv", &tsv::V1_TO_V3_SUPPLEMENT),
    ] {
        tsv::for_each_row(table, |row| {
            let method: Method = row
                .get("v1_method")
                .parse()
                .unwrap_or_else(|err| panic!("{file}:{}: {err}", row.line));
            let scopes = match row.get("v3_scopes") {
                "NONE" | "" => Vec::new(),
                list => list.split(',').map(|scope| scope.trim().to_owned()).collect(),
            };
            let confidence = if scopes.is_empty() {
                Confidence::None
            } else {
                Confidence::parse(row.get("confidence"))
            };
            mappings.insert(
                (method, row.get("v1_path").to_owned()),
                MappingRow {
                    scopes,
                    confidence,
                    note: row.get("note").to_owned(),
                },
            );
        });
    }
    mappings
}

fn mapping_for(endpoints: &[Endpoint], mappings: &BTreeMap<MappingKey, MappingRow>) -> V3Mapping {
    let mut scopes = BTreeSet::new();
    let mut confidence = Confidence::High;
    let mut notes = Vec::new();
    for endpoint in endpoints {
        let key = (
            endpoint.method,
            endpoint.path.clone().unwrap_or_else(|| UNKNOWN_PATH.to_owned()),
        );
        match mappings.get(&key) {
            Some(row) => {
                scopes.extend(row.scopes.iter().cloned());
                confidence = confidence.min(row.confidence);
                if !row.note.is_empty() && !notes.contains(&row.note) {
                    notes.push(row.note.clone());
                }
            }
            None => confidence = Confidence::None,
        }
    }
    if scopes.is_empty() {
        confidence = Confidence::None;
    }
    V3Mapping {
        scopes: scopes.into_iter().collect(),
        confidence,
        notes,
    }
}

fn load_scopes() -> Vec<Scope> {
    let mut scopes: Vec<Scope> = Vec::new();
    tsv::for_each_row(&tsv::V3_SCOPES, |row| {
        let name = row.get("scope");
        if name == "NONE" {
            return;
        }
        let endpoint = match (row.get("v3_method"), row.get("v3_path")) {
            ("NONE", _) | (_, "NONE") => None,
            (method, path) => Some(format!("{method} {path}")),
        };
        match scopes.iter_mut().find(|scope| scope.name == name) {
            Some(scope) => scope.endpoints.extend(endpoint),
            None => scopes.push(Scope {
                name: name.to_owned(),
                endpoints: endpoint.into_iter().collect(),
            }),
        }
    });
    scopes
}
