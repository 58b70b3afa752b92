//! Every format of `plan` carries every fact: the text leaves of the plan document (actions,
//! values, contacts, warnings, notes, headings, table cells) appear in the terminal, Markdown
//! and HTML output of every bundled partner × ATS, and the JSON carries the document itself.
//! Also: no terminal line is wider than the layout width.

use atsctl::document::{Document, manifest_fingerprint, plan_document};
use atsctl::manifest::{self, Ats};
use unicode_width::UnicodeWidthStr;

use crate::support::{atsctl, home, stderr, stdout};

const PAIRS: [(&str, Ats); 5] = [
    ("eqtble", Ats::Greenhouse),
    ("headhuntr", Ats::Greenhouse),
    ("hipeople", Ats::Greenhouse),
    ("hipeople", Ats::Lever),
    ("resource-io", Ats::Greenhouse),
];

/// The plan document the library makes from the bundled manifest.
fn document(partner: &str, ats: Ats) -> Document {
    let bundled = manifest::bundled(partner).expect("bundled");
    let loaded = manifest::load(bundled.file, bundled.text);
    let manifest = loaded.manifest.expect("bundled manifests load");
    let checklist = atsctl::plan::checklist(&manifest, ats).expect("has the ATS");
    plan_document(&checklist, &manifest_fingerprint(bundled.text.as_bytes()))
}

fn plan(partner: &str, ats: Ats, flags: &[&str]) -> String {
    let home = home();
    let output = atsctl(&home)
        .args(["plan", partner, "--ats", ats.as_str()])
        .args(flags)
        .output()
        .expect("runs");
    assert!(output.status.success(), "plan {partner} {flags:?}: {}", stderr(&output));
    stdout(&output)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Markdown as its reader sees the words: backslash escapes undone.
fn markdown_words(markdown: &str) -> String {
    let mut out = String::new();
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    collapse(&out)
}

/// HTML as its reader sees the words: no style or script, no tags, entities decoded.
fn html_words(html: &str) -> String {
    // A word-break opportunity is no space.
    let mut text = html.replace("<wbr>", "");
    for element in ["style", "script"] {
        while let Some(start) = text.find(&format!("<{element}")) {
            let end = text[start..]
                .find(&format!("</{element}>"))
                .map_or(text.len(), |end| start + end + element.len() + 3);
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    collapse(&decoded)
}

#[test]
fn markdown_html_and_terminal_carry_every_fact_of_the_document() {
    for (partner, ats) in PAIRS {
        let document = document(partner, ats);
        let facts = document.facts();
        assert!(facts.len() > 40, "{partner}: a plan has many facts");
        // Wide enough that no table turns into blocks and no cell wraps.
        let terminal = collapse(&plan(partner, ats, &["--width", "1000"]));
        let markdown = markdown_words(&plan(partner, ats, &["--format", "markdown"]));
        let html = html_words(&plan(partner, ats, &["--format", "html"]));
        for fact in &facts {
            for (format, text) in [("terminal", &terminal), ("markdown", &markdown), ("html", &html)] {
                assert!(
                    text.contains(fact.as_str()),
                    "{partner} on {ats:?}: {format} lacks {fact:?}"
                );
            }
        }
    }
}

#[test]
fn the_json_plan_carries_the_same_document() {
    for (partner, ats) in PAIRS {
        let json: serde_json::Value = serde_json::from_str(&plan(partner, ats, &["--format", "json"])).expect("JSON");
        assert_eq!(
            json["document"],
            serde_json::to_value(document(partner, ats)).expect("serializes"),
            "{partner} on {ats:?}"
        );
        // Today's fields stay where scripts read them.
        for key in [
            "partner",
            "ats",
            "permissions",
            "v3_scopes",
            "webhooks",
            "stages",
            "warnings",
            "notes",
        ] {
            assert!(!json[key].is_null(), "{partner}: `{key}` is still there");
        }
    }
}

/// The facts the old Markdown plan dropped (issue 8), now in every format.
#[test]
fn facts_the_markdown_plan_used_to_drop_are_in_every_format() {
    let cases: [(&str, Ats, &[&str]); 3] = [
        (
            "headhuntr",
            Ats::Greenhouse,
            &["no DELETE", "Configure → Dev Center → Web Hooks"],
        ),
        (
            "eqtble",
            Ats::Greenhouse,
            &["Greenhouse BI Connector", "hello@eqtble.com"],
        ),
        (
            "hipeople",
            Ats::Lever,
            &[
                "Settings → Integrations and API → Webhooks",
                "ask Lever Support to add it",
            ],
        ),
    ];
    for (partner, ats, needles) in cases {
        let terminal = collapse(&plan(partner, ats, &["--width", "100"]));
        let markdown = markdown_words(&plan(partner, ats, &["--format", "markdown"]));
        let html = html_words(&plan(partner, ats, &["--format", "html"]));
        for needle in needles {
            for (format, text) in [("terminal", &terminal), ("markdown", &markdown), ("html", &html)] {
                assert!(text.contains(needle), "{partner}: {format} lacks {needle:?}");
            }
        }
    }
}

#[test]
fn every_action_is_a_task_box_and_a_checkbox_with_a_unique_id() {
    for (partner, ats) in PAIRS {
        let document = document(partner, ats);
        let ids = document.action_ids();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{partner}: action ids are unique");
        let markdown = plan(partner, ats, &["--format", "markdown"]);
        assert_eq!(
            markdown.matches("\n- [ ] ").count(),
            ids.len(),
            "{partner}: one task box per action"
        );
        let html = plan(partner, ats, &["--format", "html"]);
        for id in &ids {
            assert_eq!(
                html.matches(&format!("data-action=\"{id}\"")).count(),
                1,
                "{partner}: one checkbox for {id}"
            );
        }
        let terminal = plan(partner, ats, &["--width", "60"]);
        assert!(
            terminal.matches('☐').count() > 0,
            "{partner}: actions are boxes in a terminal too"
        );
    }
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn no_terminal_line_is_wider_than_the_width() {
    for (partner, ats) in PAIRS {
        for width in [60, 80, 100, 120, 200] {
            let text = plan(partner, ats, &["--width", &width.to_string()]);
            assert!(
                widest_line(&text) <= width,
                "{partner} on {ats:?} at {width}: a line is {} wide",
                widest_line(&text)
            );
        }
    }
    let home = home();
    for width in ["40", "60", "80", "120"] {
        let output = atsctl(&home)
            .args(["partners", "--width", width])
            .output()
            .expect("runs");
        let limit: usize = width.parse().expect("number");
        assert!(widest_line(&stdout(&output)) <= limit, "partners at {width}");
        assert!(
            stdout(&output).contains("resource-io"),
            "partners at {width} still lists every partner"
        );
    }
}

#[test]
fn output_that_is_not_a_terminal_is_laid_out_for_100_columns() {
    let piped = plan("headhuntr", Ats::Greenhouse, &[]);
    assert_eq!(piped, plan("headhuntr", Ats::Greenhouse, &["--width", "100"]));
    assert!(widest_line(&piped) <= 100);
    // Markdown and JSON are never wrapped, whatever the width.
    let markdown = plan("eqtble", Ats::Greenhouse, &["--format", "markdown", "--width", "40"]);
    assert!(widest_line(&markdown) > 100, "a long Markdown line stays one line");
}

#[test]
fn a_width_out_of_range_is_a_usage_error_naming_the_flag() {
    let home = home();
    for bad in ["39", "1001", "0", "wide"] {
        let output = atsctl(&home)
            .args(["plan", "headhuntr", "--width", bad])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "--width {bad}");
        assert!(
            stderr(&output).contains("--width"),
            "--width {bad}: {}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty());
    }
}
