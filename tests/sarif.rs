//! `atsctl lint --format sarif`: every log validates against the official SARIF 2.1.0 schema
//! (`tests/sarif/`, with its provenance), and says what `--format json` says, located the same.

use std::path::Path;

use serde_json::Value;

use crate::support::{atsctl, home, repo_root};

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo_root().join("tests/sarif/sarif-schema-2.1.0.json")).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(log: &Value) {
    let errors: Vec<String> = validator()
        .iter_errors(log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema violations:\n{}", errors.join("\n"));
}

/// Runs lint in the repository root with `format` and returns the exit code and parsed stdout.
fn lint(format: &str, paths: &[&str]) -> (Option<i32>, Value) {
    let home = home();
    let output = atsctl(&home)
        .args(["lint", "--format", format])
        .args(paths)
        .output()
        .expect("runs");
    let value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "{format} output is JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code(), value)
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

fn region(result: &Value) -> &Value {
    &result["locations"][0]["physicalLocation"]["region"]
}

#[test]
fn the_example_manifests_validate_against_the_sarif_schema() {
    let (code, log) = lint("sarif", &["examples/manifests"]);
    assert_eq!(code, Some(1), "broken.yaml has errors");
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "atsctl");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let codes: Vec<&str> = results(&log)
        .iter()
        .map(|result| result["ruleId"].as_str().expect("ruleId"))
        .collect();
    assert_eq!(
        codes,
        [
            "unknown-permission",
            "unknown-key",
            "insecure-endpoint",
            "duplicate-webhook-event"
        ]
    );
    let root = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("%SRCROOT% is declared");
    let root_url = url::Url::parse(root).expect("absolute URI");
    assert_eq!(root_url.to_file_path().expect("file URI"), repo_root());
    for result in results(&log) {
        let artifact = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "examples/manifests/broken.yaml");
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    }
}

#[test]
fn rules_are_the_explained_codes_and_results_point_at_theirs() {
    let (_, log) = lint("sarif", &["examples/manifests/broken.yaml"]);
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let home = home();
    for result in results(&log) {
        let index = usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("index");
        let rule = &rules[index];
        assert_eq!(rule["id"], result["ruleId"]);
        let code = rule["id"].as_str().expect("id");
        let explained = atsctl(&home).args(["explain", code]).output().expect("runs");
        let explained = String::from_utf8_lossy(&explained.stdout).into_owned();
        let explanation = rule["shortDescription"]["text"].as_str().expect("text");
        assert!(explained.contains(explanation), "{explained} / {explanation}");
        assert_eq!(rule["defaultConfiguration"]["level"], result["level"]);
    }
    let ids: Vec<&str> = rules.iter().map(|rule| rule["id"].as_str().expect("id")).collect();
    let listed = atsctl(&home).arg("explain").output().expect("runs");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    assert_eq!(
        ids.len(),
        listed.lines().count(),
        "one rule per code `atsctl explain` lists"
    );
}

#[test]
fn regions_cover_exactly_the_text_the_finding_is_about() {
    let (_, log) = lint("sarif", &["examples/manifests/broken.yaml"]);
    let text = std::fs::read_to_string(repo_root().join("examples/manifests/broken.yaml")).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let covered: Vec<String> = results(&log)
        .iter()
        .map(|result| {
            let region = region(result);
            let line = region["startLine"].as_u64().expect("startLine");
            assert_eq!(region["endLine"].as_u64(), Some(line), "single-line findings");
            let start = usize::try_from(region["startColumn"].as_u64().expect("startColumn")).expect("column");
            let end = usize::try_from(region["endColumn"].as_u64().expect("endColumn")).expect("column");
            let line = lines[usize::try_from(line).expect("line") - 1];
            line.chars().skip(start - 1).take(end - start).collect()
        })
        .collect();
    assert_eq!(
        covered,
        [
            "\"GET: Retreive Candidate\"",
            "optinal",
            "http://hooks.acme-sourcing.example/greenhouse",
            "candidate_stage_change",
        ]
    );
}

#[test]
fn sarif_and_json_report_the_same_findings_at_the_same_places() {
    let mut levels = Vec::new();
    for path in ["examples/manifests", "tests/fixtures/lint", "integrations"] {
        let (json_code, report) = lint("json", &[path]);
        let (sarif_code, log) = lint("sarif", &[path]);
        assert_eq!(json_code, sarif_code, "{path}: same exit code");
        assert_valid_sarif(&log);
        let from_json: Vec<(String, String, String, Value, Value)> = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|diagnostic| {
                (
                    diagnostic["code"].as_str().expect("code").to_owned(),
                    diagnostic["severity"].as_str().expect("severity").to_owned(),
                    diagnostic["file"].as_str().expect("file").to_owned(),
                    diagnostic["line"].clone(),
                    diagnostic["column"].clone(),
                )
            })
            .collect();
        let from_sarif: Vec<(String, String, String, Value, Value)> = results(&log)
            .iter()
            .map(|result| {
                let region = region(result);
                (
                    result["ruleId"].as_str().expect("ruleId").to_owned(),
                    result["level"].as_str().expect("level").to_owned(),
                    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        .as_str()
                        .expect("uri")
                        .to_owned(),
                    region["startLine"].clone(),
                    region["startColumn"].clone(),
                )
            })
            .collect();
        assert_eq!(from_json, from_sarif, "{path}");
        levels.extend(from_sarif.into_iter().map(|finding| finding.1));
    }
    assert!(levels.iter().any(|level| level == "error"));
    assert!(
        levels.iter().any(|level| level == "warning"),
        "the fixtures include a warning"
    );
}

#[test]
fn a_file_outside_the_working_directory_gets_an_absolute_file_uri() {
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("broken copy #1.yaml");
    std::fs::copy(repo_root().join("examples/manifests/broken.yaml"), &copy).expect("copy");
    let (code, log) = lint("sarif", &[copy.to_str().expect("UTF-8 temp path")]);
    assert_eq!(code, Some(1));
    assert_valid_sarif(&log);
    let artifact = &results(&log)[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(artifact.get("uriBaseId").is_none(), "{artifact}");
    let uri = url::Url::parse(artifact["uri"].as_str().expect("uri")).expect("absolute URI");
    assert_eq!(uri.scheme(), "file");
    assert_eq!(uri.to_file_path().expect("a path"), copy);
}

#[test]
fn a_file_that_is_not_utf8_is_located_without_an_end() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("latin1.yaml");
    std::fs::write(&file, b"manifest_version: 1\npartner:\n  name: Caf\xe9\n").expect("write");
    let (code, log) = lint("sarif", &[file.to_str().expect("UTF-8 temp path")]);
    assert_eq!(code, Some(1));
    assert_valid_sarif(&log);
    let result = &results(&log)[0];
    assert_eq!(result["ruleId"], "yaml-syntax");
    assert_eq!(region(result)["startLine"], 3);
    assert_eq!(region(result)["startColumn"], 12);
    assert!(region(result).get("endColumn").is_none());
}

#[test]
fn the_schema_check_rejects_a_log_that_breaks_it() {
    let (_, mut log) = lint("sarif", &["examples/manifests/broken.yaml"]);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    log["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .expect("driver")
        .remove("name");
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = Value::from(0);
    let errors = validator().iter_errors(&log).count();
    assert!(errors >= 3, "the validator sees each of the three breaks, saw {errors}");
    assert!(
        Path::new(&repo_root().join("tests/sarif/README.md")).is_file(),
        "provenance is recorded"
    );
}
