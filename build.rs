//! Turns the catalog TSVs under `catalog/` into static Rust tables, so `plan` and `lint` do not
//! split, unquote, group or join text on every run:
//! - `$OUT_DIR/catalog_tables.rs`: the tables `src/catalog/tsv.rs` reads row by row (Ashby), each
//!   a blob of text and spans into it (`build/text_blob.rs`);
//! - `$OUT_DIR/event_tables.rs`: the Greenhouse and Lever webhook events as typed constants, their
//!   labels already normalized (`build/event_catalog.rs`), which `src/catalog/events.rs` reads;
//! - `$OUT_DIR/harvest_tables.rs`: the Harvest catalog already grouped and joined
//!   (`build/harvest_catalog.rs`), which `src/catalog/harvest.rs` reads;
//! - `$OUT_DIR/schema_shapes.rs`: the manifest JSON Schema as the structure walk reads it
//!   (`build/schema_shapes.rs`), which `src/manifest/schema_shape.rs` reads;
//! - `$OUT_DIR/bundled_fingerprints.rs`: the fingerprint of each manifest under `integrations/`
//!   (`build/bundled_fingerprints.rs`), which `src/manifest/bundled.rs` reads.
//!
//! It also asks the linker to lay out start-up code together in release builds
//! (`build/startup_order.rs`).

use std::fmt::Write as _;
use std::path::Path;

#[path = "build/bundled_fingerprints.rs"]
mod bundled_fingerprints;
#[path = "build/event_catalog.rs"]
mod event_catalog;
#[path = "build/harvest_catalog.rs"]
mod harvest_catalog;
#[path = "build/schema_shapes.rs"]
mod schema_shapes;
#[path = "build/startup_order.rs"]
mod startup_order;
#[path = "build/text_blob.rs"]
mod text_blob;
// The library re-exports `normalize_label`; here it is private to the build script.
#[allow(unreachable_pub)]
#[path = "src/catalog/label.rs"]
mod label;
#[path = "src/catalog/tsv_text.rs"]
mod tsv_text;

/// Each row table's Rust name and its file under `catalog/`.
const TABLES: &[(&str, &str)] = &[
    ("ASHBY_ENDPOINTS", "ashby/ashby-endpoint-permissions.tsv"),
    ("ASHBY_WEBHOOK_TYPES", "ashby/ashby-webhook-types.tsv"),
    ("ASHBY_MODULES", "ashby/modules.tsv"),
];

/// The webhook event files, each typed into its own catalog.
const GREENHOUSE_EVENTS: &str = "greenhouse/greenhouse-webhook-events.tsv";
const LEVER_EVENTS: &str = "lever/webhook-events.tsv";

/// The Harvest files, joined into one catalog.
const HARVEST_V1: &str = "greenhouse/greenhouse-harvest-v1-permissions.tsv";
const HARVEST_MAPPINGS: [&str; 2] = [
    "greenhouse/greenhouse-v1-to-v3.tsv",
    "greenhouse/v1-to-v3-supplement.tsv",
];
const HARVEST_SCOPES: &str = "greenhouse/greenhouse-harvest-v3-scopes.tsv";

/// The text of `catalog/<relative>`, watched for changes.
fn read(relative: &str) -> String {
    let path = Path::new("catalog").join(relative);
    println!("cargo:rerun-if-changed={}", path.display());
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn file_name(relative: &str) -> &str {
    relative.rsplit('/').next().unwrap_or(relative)
}

/// A split TSV: its file name for messages, its header and its rows.
struct Split<'a> {
    file: &'a str,
    header: Vec<&'a str>,
    rows: Vec<tsv_text::TextRow<'a>>,
}

impl<'a> Split<'a> {
    /// The field of `row` under `column`; a missing column fails the build, naming the row.
    fn get<'r>(&self, row: &'r tsv_text::TextRow<'a>, column: &str) -> &'r str {
        let index = self
            .header
            .iter()
            .position(|name| *name == column)
            .unwrap_or_else(|| panic!("{}:{}: no column {column:?}", self.file, row.line));
        row.fields.get(index).map_or("", |field| field.as_ref())
    }
}

fn split<'a>(relative: &'a str, text: &'a str) -> Split<'a> {
    let (header, rows) = tsv_text::split(text);
    Split {
        file: file_name(relative),
        header,
        rows,
    }
}

/// Writes the row table `name` for `catalog/<relative>`: its texts in one blob, `{name}_TEXT`,
/// and the table itself as spans into it, so the table holds no pointer to text
/// (`src/text_blob.rs` says why).
fn write_table(out: &mut String, name: &str, relative: &str) {
    let text = read(relative);
    let (header, rows) = tsv_text::split(&text);
    let mut blob = text_blob::TextBlob::default();
    let file = blob.add(file_name(relative));
    let header: Vec<String> = header.iter().map(|column| blob.add(column).to_string()).collect();
    let mut fields = String::new();
    let mut table_rows = String::new();
    let mut first = 0;
    for row in &rows {
        let spans: Vec<String> = row.fields.iter().map(|field| blob.add(field).to_string()).collect();
        writeln!(fields, "        /* line {} */ {},", row.line, spans.join(", ")).unwrap();
        writeln!(
            table_rows,
            "        TableRow {{ line: {}, first: {first}, count: {} }},",
            row.line,
            spans.len()
        )
        .unwrap();
        first += spans.len();
    }
    blob.write(out, &format!("{name}_TEXT"));
    writeln!(out, "pub(crate) static {name}: Table = Table {{").unwrap();
    writeln!(out, "    blob: {name}_TEXT,\n    file: {file},").unwrap();
    writeln!(out, "    header: &[{}],", header.join(", ")).unwrap();
    writeln!(
        out,
        "    fields: &[\n{fields}    ],\n    rows: &[\n{table_rows}    ],\n}};"
    )
    .unwrap();
}

fn main() {
    let mut out = String::from("// Generated by build.rs from catalog/**/*.tsv; do not edit.\n");
    for (name, relative) in TABLES {
        write_table(&mut out, name, relative);
    }
    let greenhouse_text = read(GREENHOUSE_EVENTS);
    let lever_text = read(LEVER_EVENTS);
    let mut events = String::from(
        "// Generated by build.rs from catalog/greenhouse/greenhouse-webhook-events.tsv and \
         catalog/lever/webhook-events.tsv; do not edit.\n",
    );
    event_catalog::write(
        &mut events,
        &split(GREENHOUSE_EVENTS, &greenhouse_text),
        &split(LEVER_EVENTS, &lever_text),
    );
    let v1_text = read(HARVEST_V1);
    let mapping_texts = HARVEST_MAPPINGS.map(read);
    let scopes_text = read(HARVEST_SCOPES);
    let mappings: Vec<_> = HARVEST_MAPPINGS
        .iter()
        .zip(&mapping_texts)
        .map(|(relative, text)| split(relative, text))
        .collect();
    let mut harvest = String::from("// Generated by build.rs from catalog/greenhouse/*.tsv; do not edit.\n");
    harvest_catalog::write(
        &mut harvest,
        &split(HARVEST_V1, &v1_text),
        &mappings.iter().collect::<Vec<_>>(),
        &split(HARVEST_SCOPES, &scopes_text),
    );
    let schema_file = "schema/manifest.schema.json";
    println!("cargo:rerun-if-changed={schema_file}");
    let schema_text = std::fs::read_to_string(schema_file).unwrap_or_else(|err| panic!("{schema_file}: {err}"));
    let mut shapes = String::from("// Generated by build.rs from schema/manifest.schema.json; do not edit.\n");
    schema_shapes::write(&mut shapes, schema_file, &schema_text);
    let fingerprints = bundled_fingerprints::write(Path::new("integrations"));
    for source in [
        "build/bundled_fingerprints.rs",
        "build/event_catalog.rs",
        "build/harvest_catalog.rs",
        "build/schema_shapes.rs",
        "build/startup_order.rs",
        "build/text_blob.rs",
        "src/catalog/label.rs",
        "src/catalog/tsv_text.rs",
    ] {
        println!("cargo:rerun-if-changed={source}");
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    std::fs::write(Path::new(&out_dir).join("catalog_tables.rs"), out).expect("write catalog_tables.rs");
    std::fs::write(Path::new(&out_dir).join("event_tables.rs"), events).expect("write event_tables.rs");
    std::fs::write(Path::new(&out_dir).join("harvest_tables.rs"), harvest).expect("write harvest_tables.rs");
    std::fs::write(Path::new(&out_dir).join("schema_shapes.rs"), shapes).expect("write schema_shapes.rs");
    std::fs::write(Path::new(&out_dir).join("bundled_fingerprints.rs"), fingerprints)
        .expect("write bundled_fingerprints.rs");
    startup_order::link_args();
}
