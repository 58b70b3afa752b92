//! Greenhouse Harvest: the v1/v2 permission checkboxes, the v3 OAuth scopes, and the mapping
//! from the first to the second.
//!
//! A *permission* here is one checkbox in Greenhouse's "Manage API Key Permissions" screen. A few
//! checkboxes cover two endpoints (a v1 path and the v2 path that superseded it), so a permission
//! holds a list of endpoints; method + path is the identity the issue asks for, the label is what
//! a person sees.
//!
//! The catalog is static data: `build.rs` writes every permission and scope as a constant, so
//! nothing is parsed, copied or allocated at run time.

use serde::Serialize;

pub use super::label::normalize_label;
use super::method::Method;

/// The path recorded for the one checkbox whose endpoint is not known.
pub const UNKNOWN_PATH: &str = "UNKNOWN";

/// One Harvest v1/v2 endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub method: Method,
    /// `None` when no public source names the endpoint behind the checkbox.
    pub path: Option<&'static str>,
    /// Superseded by a v2 path in Greenhouse's docs.
    pub deprecated: bool,
}

impl Endpoint {
    /// `GET /v1/jobs`, or `GET (unknown endpoint)`.
    pub fn display(&self) -> String {
        match self.path {
            Some(path) => format!("{} {path}", self.method),
            None => format!("{} (unknown endpoint)", self.method),
        }
    }

    /// A single-record endpoint: its path has a `{placeholder}` in the last segment.
    pub fn is_single_record(&self) -> bool {
        self.path.is_some_and(|path| path.trim_end_matches('/').ends_with('}'))
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
    pub scopes: &'static [&'static str],
    /// The weakest confidence among the permission's endpoints.
    pub confidence: Confidence,
    pub notes: &'static [&'static str],
}

/// One checkbox of the Harvest v1/v2 permission screen.
#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    /// Position in the catalog; stable within one build, used to index tables.
    #[serde(skip)]
    pub index: usize,
    pub category: &'static str,
    pub label: &'static str,
    /// `label` as [`normalize_label`] gives it, kept so lookups do not re-normalize the catalog.
    #[serde(skip)]
    pub normalized_label: &'static str,
    /// The label was seen in a partner guide, not only in API docs.
    pub label_verified: bool,
    pub endpoints: &'static [Endpoint],
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
    pub name: &'static str,
    /// The v3 endpoints the scope guards (`GET /v3/jobs`); empty for scopes declared with none.
    pub endpoints: &'static [&'static str],
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
    pub permissions: &'static [Permission],
    pub scopes: &'static [Scope],
    /// Categories in the order the permission screen lists them.
    pub categories: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/harvest_tables.rs"));

impl HarvestCatalog {
    /// The catalog `build.rs` grouped and joined (`build/harvest_catalog.rs`).
    pub(super) const BUNDLED: Self = Self {
        permissions: HARVEST_PERMISSIONS,
        scopes: HARVEST_SCOPES,
        categories: HARVEST_CATEGORIES,
    };

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
                .any(|endpoint| endpoint.method == method && endpoint.path == Some(path))
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
            .copied()
    }

    pub fn scope(&self, name: &str) -> Option<&Scope> {
        self.scopes.iter().find(|scope| scope.name == name)
    }
}
