//! Greenhouse Harvest: the v1/v2 permission checkboxes, the v3 OAuth scopes, and the mapping
//! from the first to the second.
//!
//! A *permission* here is one checkbox in Greenhouse's "Manage API Key Permissions" screen. A few
//! checkboxes cover two endpoints (a v1 path and the v2 path that superseded it), so a permission
//! holds a list of endpoints; method + path is the identity the issue asks for, the label is what
//! a person sees.
//!
//! The catalog is static data: `build.rs` writes every permission and scope as a constant, so
//! nothing is parsed, copied or allocated at run time. The constants hold no pointer either, so
//! the loader relocates nothing in them at start-up (`src/text_blob.rs`): every text is a span of
//! one blob, `HARVEST_TEXT`, and every list is a run of a shared array (`HARVEST_ENDPOINTS`,
//! `HARVEST_TEXT_LISTS`); the accessors hand out `&'static` texts and slices.

use std::fmt;

use serde::{Serialize, Serializer};

pub use super::label::normalize_label;
use super::method::Method;
use crate::text_blob::{self, Blob, Run, Span};

/// The blob every text of the catalog is a span of.
struct HarvestBlob;

impl Blob for HarvestBlob {
    const TEXT: &'static str = HARVEST_TEXT;
}

/// One text of the catalog, a span of `HARVEST_TEXT`.
type Text = text_blob::Text<HarvestBlob>;

/// A list of texts of the catalog (a permission's v3 scopes or notes, a scope's endpoints, the
/// categories), a run of `HARVEST_TEXT_LISTS`; compared, printed and serialized as the list of
/// texts, as the `&'static [&'static str]` it replaces was.
#[derive(Clone, Copy)]
pub struct TextList(Run);

impl TextList {
    /// The texts, in catalog order.
    pub fn iter(self) -> impl ExactSizeIterator<Item = &'static str> + DoubleEndedIterator + Clone {
        self.0.of(&HARVEST_TEXT_LISTS).iter().map(|span| span.get(HARVEST_TEXT))
    }

    /// How many texts the list has, without reading them.
    pub fn len(self) -> usize {
        usize::from(self.0.1)
    }

    /// Whether the list has no text (a permission without a v3 equivalent has no scopes).
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Whether `text` is one of the texts (exactly).
    pub fn contains(self, text: &str) -> bool {
        self.iter().any(|entry| entry == text)
    }
}

impl PartialEq for TextList {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for TextList {}

impl fmt::Debug for TextList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for TextList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// A permission's endpoints, a run of `HARVEST_ENDPOINTS`; printed and serialized as the slice
/// of endpoints it replaces.
#[derive(Clone, Copy)]
struct EndpointList(Run);

impl EndpointList {
    /// The endpoints themselves, a slice of the shared array.
    fn get(self) -> &'static [Endpoint] {
        self.0.of(&HARVEST_ENDPOINTS)
    }
}

impl fmt::Debug for EndpointList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

impl Serialize for EndpointList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

/// The path recorded for the one checkbox whose endpoint is not known.
pub const UNKNOWN_PATH: &str = "UNKNOWN";

/// One Harvest v1/v2 endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    pub method: Method,
    /// Read through [`Endpoint::path`].
    path: Option<Text>,
    /// Superseded by a v2 path in Greenhouse's docs.
    pub deprecated: bool,
}

impl Endpoint {
    /// `None` when no public source names the endpoint behind the checkbox.
    pub fn path(&self) -> Option<&'static str> {
        self.path.map(Text::as_str)
    }

    /// `GET /v1/jobs`, or `GET (unknown endpoint)`.
    pub fn display(&self) -> String {
        match self.path() {
            Some(path) => format!("{} {path}", self.method),
            None => format!("{} (unknown endpoint)", self.method),
        }
    }

    /// A single-record endpoint: its path has a `{placeholder}` in the last segment.
    pub fn is_single_record(&self) -> bool {
        self.path()
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
    /// Read through [`V3Mapping::scopes`].
    scopes: TextList,
    /// The weakest confidence among the permission's endpoints.
    pub confidence: Confidence,
    /// Read through [`V3Mapping::notes`].
    notes: TextList,
}

impl V3Mapping {
    /// Every scope is needed: a v1 permission split across several v3 resources needs them all.
    pub fn scopes(&self) -> TextList {
        self.scopes
    }

    /// The mapping rows' notes, each once, in the permission's endpoint order.
    pub fn notes(&self) -> TextList {
        self.notes
    }
}

/// One checkbox of the Harvest v1/v2 permission screen.
#[derive(Debug, Clone, Serialize)]
pub struct Permission {
    /// Position in the catalog; stable within one build, used to index tables.
    #[serde(skip)]
    pub index: usize,
    /// Read through [`Permission::category`].
    category: Text,
    /// Read through [`Permission::label`].
    label: Text,
    /// Read through [`Permission::normalized_label`].
    #[serde(skip)]
    normalized_label: Text,
    /// The label was seen in a partner guide, not only in API docs.
    pub label_verified: bool,
    /// Read through [`Permission::endpoints`].
    endpoints: EndpointList,
    pub v3: V3Mapping,
}

impl Permission {
    /// The category the permission screen lists the checkbox under.
    pub fn category(&self) -> &'static str {
        self.category.as_str()
    }

    /// The checkbox's label, as the screen shows it.
    pub fn label(&self) -> &'static str {
        self.label.as_str()
    }

    /// `label` as [`normalize_label`] gives it, kept so lookups do not re-normalize the catalog.
    pub fn normalized_label(&self) -> &'static str {
        self.normalized_label.as_str()
    }

    /// The endpoints the checkbox covers (a v1 path and the v2 path that superseded it, or one).
    pub fn endpoints(&self) -> &'static [Endpoint] {
        self.endpoints.get()
    }

    pub fn method(&self) -> Method {
        self.endpoints()[0].method
    }

    /// The current endpoint: the first that is not deprecated.
    pub fn primary_endpoint(&self) -> &'static Endpoint {
        let endpoints = self.endpoints();
        endpoints
            .iter()
            .find(|endpoint| !endpoint.deprecated)
            .unwrap_or(&endpoints[0])
    }
}

/// One Harvest v3 OAuth scope.
#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    /// Read through [`Scope::name`].
    name: Text,
    /// Read through [`Scope::endpoints`].
    endpoints: TextList,
}

impl Scope {
    /// `harvest:<resource>:<action>`.
    pub fn name(&self) -> &'static str {
        self.name.as_str()
    }

    /// The v3 endpoints the scope guards (`GET /v3/jobs`); empty for scopes declared with none.
    pub fn endpoints(&self) -> TextList {
        self.endpoints
    }

    /// The resource and action of `harvest:<resource>:<action>`.
    pub fn resource_and_action(&self) -> Option<(&'static str, &'static str)> {
        let rest = self.name().strip_prefix("harvest:")?;
        rest.split_once(':')
    }

    /// The `GET /v3/<resource>` list endpoint a `:list` scope guards, for probing.
    pub fn list_path(&self) -> Option<&'static str> {
        let (_, action) = self.resource_and_action()?;
        if action != "list" {
            return None;
        }
        self.endpoints()
            .iter()
            .filter_map(|endpoint| endpoint.strip_prefix("GET "))
            .find(|path| !path.contains('{'))
    }
}

/// The Harvest tables, cross-linked. It holds nothing itself: the tables are statics of
/// integers and texts in one blob (`build/harvest_catalog.rs`), which the accessors read, so the
/// bundled catalog needs no pointer relocated at start-up either.
pub struct HarvestCatalog {
    /// Keeps the catalog built only here ([`HarvestCatalog::BUNDLED`]).
    _bundled_only: (),
}

include!(concat!(env!("OUT_DIR"), "/harvest_tables.rs"));

/// Printed as the struct of tables it was, so `{:?}` output stays as it was.
impl fmt::Debug for HarvestCatalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HarvestCatalog")
            .field("permissions", &self.permissions())
            .field("scopes", &self.scopes())
            .field("categories", &self.categories())
            .finish()
    }
}

impl HarvestCatalog {
    /// The catalog `build.rs` grouped and joined (`build/harvest_catalog.rs`).
    pub(super) const BUNDLED: Self = Self { _bundled_only: () };

    /// Every permission checkbox, in catalog order ([`Permission::index`]).
    pub fn permissions(&self) -> &'static [Permission] {
        &HARVEST_PERMISSIONS
    }

    /// Every v3 scope, in the order the scope table first names it.
    pub fn scopes(&self) -> &'static [Scope] {
        &HARVEST_SCOPES
    }

    /// Categories in the order the permission screen lists them.
    pub fn categories(&self) -> TextList {
        HARVEST_CATEGORIES
    }

    /// Finds a permission by its UI label (case and spacing ignored) or by `METHOD /path`.
    pub fn find(&self, reference: &str) -> Option<&'static Permission> {
        if let Some(found) = self.find_by_endpoint(reference) {
            return Some(found);
        }
        let wanted = normalize_label(reference);
        self.permissions()
            .iter()
            .find(|permission| permission.normalized_label() == wanted)
    }

    fn find_by_endpoint(&self, reference: &str) -> Option<&'static Permission> {
        let (method, path) = reference.trim().split_once(' ')?;
        let method: Method = method.parse().ok()?;
        let path = path.trim();
        if !path.starts_with('/') {
            return None;
        }
        self.permissions().iter().find(|permission| {
            permission
                .endpoints()
                .iter()
                .any(|endpoint| endpoint.method == method && endpoint.path() == Some(path))
        })
    }

    pub fn in_category<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'static Permission> + 'a {
        self.permissions()
            .iter()
            .filter(move |permission| permission.category().eq_ignore_ascii_case(category))
    }

    /// The catalog spelling of a category, matched ignoring case.
    pub fn category(&self, name: &str) -> Option<&'static str> {
        self.categories()
            .iter()
            .find(|category| category.eq_ignore_ascii_case(name.trim()))
    }

    pub fn scope(&self, name: &str) -> Option<&'static Scope> {
        self.scopes().iter().find(|scope| scope.name() == name)
    }
}
