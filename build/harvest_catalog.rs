//! Build-time half of the Harvest catalog: groups the v1 permission rows into checkboxes, joins
//! each with its v3 mapping, groups the scope rows, and writes the result as constants of the
//! catalog's own types (`HARVEST_PERMISSIONS`, `HARVEST_SCOPES`, `HARVEST_CATEGORIES`), which
//! `src/catalog/harvest.rs` includes: nothing is parsed, normalized, searched or copied at run
//! time.
//!
//! The constants hold no pointer, so the loader relocates nothing in them at start-up
//! (`src/text_blob.rs`): every text is a `Text::at(Span)` of one blob, `HARVEST_TEXT`, and every list
//! is a run of a shared array — `HARVEST_ENDPOINTS` (each permission's endpoints) and
//! `HARVEST_TEXT_LISTS` (spans: v3 scopes, notes, a scope's endpoints, the categories). Each list
//! line carries its texts as a comment, so the generated file can still be checked by eye.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use crate::Split;
use crate::label::normalize_label;
use crate::text_blob::{Lists, TextBlob};

const UNKNOWN_PATH: &str = "UNKNOWN";

struct Endpoint {
    method: &'static str,
    path: Option<String>,
    deprecated: bool,
}

struct Permission {
    category: String,
    label: String,
    normalized_label: String,
    label_verified: bool,
    endpoints: Vec<Endpoint>,
}

struct Mapping {
    scopes: Vec<String>,
    /// Weakest first, as `Confidence` orders them.
    confidence: u8,
    note: String,
}

const CONFIDENCES: [&str; 4] = [
    "Confidence::None",
    "Confidence::Low",
    "Confidence::Medium",
    "Confidence::High",
];

/// The `Method` variant for a method column, or a panic naming the row.
fn method_variant(text: &str, file: &str, line: usize) -> &'static str {
    match text.to_ascii_uppercase().as_str() {
        "GET" => "Method::Get",
        "POST" => "Method::Post",
        "PUT" => "Method::Put",
        "PATCH" => "Method::Patch",
        "DELETE" => "Method::Delete",
        _ => panic!("{file}:{line}: unknown HTTP method {text:?}"),
    }
}

/// Writes the Harvest tables into `out`.
pub(crate) fn write(out: &mut String, v1: &Split, mappings: &[&Split], scopes: &Split) {
    let mut permissions: Vec<Permission> = Vec::new();
    let mut categories: Vec<String> = Vec::new();
    // (category, normalized label) → index: a few checkboxes cover two rows (v1 and v2 path).
    let mut by_label: BTreeMap<(String, String), usize> = BTreeMap::new();
    for row in &v1.rows {
        let category = v1.get(row, "category").to_owned();
        let label = v1.get(row, "ui_label").to_owned();
        let endpoint = Endpoint {
            method: method_variant(v1.get(row, "method"), v1.file, row.line),
            path: match v1.get(row, "path") {
                UNKNOWN_PATH => None,
                path => Some(path.to_owned()),
            },
            deprecated: v1.get(row, "notes").starts_with("DEPRECATED"),
        };
        if !categories.contains(&category) {
            categories.push(category.clone());
        }
        let normalized_label = normalize_label(&label);
        match by_label.get(&(category.clone(), normalized_label.clone())) {
            Some(&index) => permissions[index].endpoints.push(endpoint),
            None => {
                by_label.insert((category.clone(), normalized_label.clone()), permissions.len());
                permissions.push(Permission {
                    category,
                    label,
                    normalized_label,
                    label_verified: v1.get(row, "label_basis") == "ui-observed",
                    endpoints: vec![endpoint],
                });
            }
        }
    }

    let mut mapping_rows: BTreeMap<(&'static str, String), Mapping> = BTreeMap::new();
    for table in mappings {
        for row in &table.rows {
            let method = method_variant(table.get(row, "v1_method"), table.file, row.line);
            let scopes: Vec<String> = match table.get(row, "v3_scopes") {
                "NONE" | "" => Vec::new(),
                list => list.split(',').map(|scope| scope.trim().to_owned()).collect(),
            };
            let confidence = if scopes.is_empty() {
                0
            } else {
                match table.get(row, "confidence") {
                    "high" => 3,
                    "medium" => 2,
                    "low" => 1,
                    _ => 0,
                }
            };
            mapping_rows.insert(
                (method, table.get(row, "v1_path").to_owned()),
                Mapping {
                    scopes,
                    confidence,
                    note: table.get(row, "note").to_owned(),
                },
            );
        }
    }

    let mut tables = Tables::default();
    let mut permission_lines = String::new();
    for (index, permission) in permissions.iter().enumerate() {
        // Every scope of every endpoint is needed; the weakest confidence wins; an endpoint
        // without a mapping row, or no scope at all, means no known v3 equivalent.
        let mut scopes = BTreeSet::new();
        let mut confidence = 3;
        let mut notes: Vec<&str> = Vec::new();
        for endpoint in &permission.endpoints {
            let key = (
                endpoint.method,
                endpoint.path.clone().unwrap_or_else(|| UNKNOWN_PATH.to_owned()),
            );
            match mapping_rows.get(&key) {
                Some(row) => {
                    scopes.extend(row.scopes.iter().map(String::as_str));
                    confidence = confidence.min(row.confidence);
                    if !row.note.is_empty() && !notes.contains(&row.note.as_str()) {
                        notes.push(&row.note);
                    }
                }
                None => confidence = 0,
            }
        }
        if scopes.is_empty() {
            confidence = 0;
        }
        let scopes: Vec<&str> = scopes.into_iter().collect();
        let endpoints: Vec<String> = permission
            .endpoints
            .iter()
            .map(|endpoint| {
                let path = match &endpoint.path {
                    Some(path) => format!("Some({})", tables.text(path)),
                    None => "None".to_owned(),
                };
                format!(
                    "Endpoint {{ method: {}, path: {path}, deprecated: {} }}",
                    endpoint.method, endpoint.deprecated
                )
            })
            .collect();
        let paths: Vec<&str> = permission
            .endpoints
            .iter()
            .map(|endpoint| endpoint.path.as_deref().unwrap_or(UNKNOWN_PATH))
            .collect();
        let endpoints = tables
            .endpoints
            .add(endpoints, &format!("{:?} {paths:?}", permission.label));
        writeln!(
            permission_lines,
            "    Permission {{ index: {index}, category: {}, label: {}, normalized_label: {}, label_verified: {}, \
             endpoints: EndpointList({endpoints}), v3: V3Mapping {{ scopes: {}, confidence: {}, notes: {} }} }}, // {:?}",
            tables.text(&permission.category),
            tables.text(&permission.label),
            tables.text(&permission.normalized_label),
            permission.label_verified,
            tables.text_list(&scopes),
            CONFIDENCES[usize::from(confidence)],
            tables.text_list(&notes),
            permission.label,
        )
        .unwrap();
    }
    let categories: Vec<&str> = categories.iter().map(String::as_str).collect();
    let categories = tables.text_list(&categories);

    // Scope rows: one per (scope, v3 endpoint); grouped by scope in first-seen order.
    let mut grouped: Vec<(String, Vec<String>)> = Vec::new();
    for row in &scopes.rows {
        let name = scopes.get(row, "scope");
        if name == "NONE" {
            continue;
        }
        let endpoint = match (scopes.get(row, "v3_method"), scopes.get(row, "v3_path")) {
            ("NONE", _) | (_, "NONE") => None,
            (method, path) => Some(format!("{method} {path}")),
        };
        match grouped.iter_mut().find(|(existing, _)| existing == name) {
            Some((_, endpoints)) => endpoints.extend(endpoint),
            None => grouped.push((name.to_owned(), endpoint.into_iter().collect())),
        }
    }
    let mut scope_lines = String::new();
    for (name, endpoints) in &grouped {
        let endpoints: Vec<&str> = endpoints.iter().map(String::as_str).collect();
        writeln!(
            scope_lines,
            "    Scope {{ name: {}, endpoints: {} }}, // {name:?}",
            tables.text(name),
            tables.text_list(&endpoints)
        )
        .unwrap();
    }

    tables.text.write(out, "HARVEST_TEXT");
    tables.text_lists.write(out, "HARVEST_TEXT_LISTS", "Span");
    tables.endpoints.write(out, "HARVEST_ENDPOINTS", "Endpoint");
    writeln!(
        out,
        "static HARVEST_PERMISSIONS: [Permission; {}] = [",
        permissions.len()
    )
    .unwrap();
    out.push_str(&permission_lines);
    out.push_str("];\n");
    writeln!(out, "static HARVEST_SCOPES: [Scope; {}] = [", grouped.len()).unwrap();
    out.push_str(&scope_lines);
    out.push_str("];\n");
    writeln!(out, "const HARVEST_CATEGORIES: TextList = {categories};").unwrap();
}

/// The blob and shared arrays the Harvest constants point into by index.
#[derive(Default)]
struct Tables {
    /// `HARVEST_TEXT`: every category, label, path, scope, note and v3 endpoint, each once.
    text: TextBlob,
    /// `HARVEST_TEXT_LISTS`: the lists of texts, as spans of `HARVEST_TEXT`.
    text_lists: Lists,
    /// `HARVEST_ENDPOINTS`: each permission's endpoints.
    endpoints: Lists,
}

impl Tables {
    /// The `Text::at(Span(..))` of `text`.
    fn text(&mut self, text: &str) -> String {
        format!("Text::at({})", self.text.add(text))
    }

    /// The `TextList(Run(..))` of the texts `list`.
    fn text_list(&mut self, list: &[&str]) -> String {
        let spans: Vec<String> = list.iter().map(|text| self.text.add(text).to_string()).collect();
        format!("TextList({})", self.text_lists.add(spans, &format!("{list:?}")))
    }
}
