//! `atsctl plan` and `atsctl partners` on the bundled manifests: the acceptance facts of each
//! partner guide, checked on the JSON output (the same data the table shows).

use serde_json::Value;

use crate::support::{atsctl, home};

fn plan_json(args: &[&str]) -> Value {
    let home = home();
    let output = atsctl(&home)
        .arg("plan")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "plan {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("plan --format json prints JSON")
}

fn array<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key].as_array().unwrap_or_else(|| panic!("`{key}` is an array"))
}

fn labels(plan: &Value, required: bool) -> Vec<String> {
    array(plan, "permissions")
        .iter()
        .filter(|permission| permission["required"] == required)
        .map(|permission| permission["label"].as_str().expect("label").to_owned())
        .collect()
}

#[test]
fn headhuntr_lists_every_guide_permission_no_delete_and_fourteen_webhooks() {
    let plan = plan_json(&["headhuntr"]);
    assert_eq!(plan["partner"]["id"], "headhuntr");
    assert_eq!(plan["ats"], "greenhouse");
    let required = labels(&plan, true);
    let optional = labels(&plan, false);
    for label in [
        "GET: Retrieve Application",
        "PATCH: Update Application",
        "GET: Retrieve Candidate",
        "POST: Add Note",
        "POST: Add Attachment",
        "POST: Add Application",
        "POST: Add Candidate",
        "POST: Add Education",
        "POST: Add Employment",
        "POST: Add Prospect",
        "GET: List Users",
        "GET: List Jobs",
        "GET: Retrieve Job",
        "GET: List Job Posts",
        "GET: Retrieve Job Post",
        "GET: List Job Posts for Job",
        "GET: Retrieve Job Post for Job",
    ] {
        assert!(
            required.contains(&label.to_owned()),
            "required {label} missing from {required:?}"
        );
    }
    for label in [
        "GET: List Candidates",
        "PATCH: Edit Candidate",
        "GET: List Departments",
        "GET: Retrieve Department",
        "GET: List Job Stages",
        "GET: List Job Stages for Job",
        "GET: Retrieve Job Stage",
        "GET: List Sources",
        "GET: List Prospect Pools",
        "GET: Retrieve Prospect Pool",
    ] {
        assert!(
            optional.contains(&label.to_owned()),
            "optional {label} missing from {optional:?}"
        );
    }
    assert_eq!(required.len() + optional.len(), 27);
    assert!(
        array(&plan, "permissions")
            .iter()
            .all(|permission| permission["method"] != "DELETE")
    );
    let webhooks = array(&plan, "webhooks");
    assert_eq!(webhooks.len(), 14);
    assert!(
        webhooks
            .iter()
            .all(|webhook| webhook["error_recipient"] == "ats@headhuntr.io")
    );
    assert_eq!(webhooks[0]["name"], "Headhuntr.io-Candidate Hired");
    assert_eq!(webhooks[0]["event"], "Candidate has been hired");
    assert_eq!(webhooks[0]["action"], "hire_candidate");
}

#[test]
fn plan_json_carries_the_documented_fields() {
    let plan = plan_json(&["headhuntr"]);
    let permission = &array(&plan, "permissions")[0];
    for key in ["category", "label", "method", "path", "required", "v3_scopes"] {
        assert!(!permission[key].is_null(), "permission lacks `{key}`: {permission}");
    }
    assert_eq!(permission["path"], "/v1/applications/{id}");
    assert_eq!(
        permission["v3_scopes"],
        serde_json::json!(["harvest:applications:list"])
    );
    let scopes = array(&plan, "v3_scopes");
    assert!(
        scopes
            .iter()
            .all(|scope| scope["scope"].as_str().is_some_and(|name| name.starts_with("harvest:")))
    );
    let names: Vec<&str> = scopes
        .iter()
        .map(|scope| scope["scope"].as_str().expect("name"))
        .collect();
    let mut deduplicated = names.clone();
    deduplicated.dedup();
    assert_eq!(names, deduplicated, "v3 scopes are sorted and deduplicated");
    // Low-confidence mappings are marked: "POST: Add Prospect" maps with low confidence.
    let create = scopes
        .iter()
        .find(|scope| scope["scope"] == "harvest:candidates:create")
        .expect("candidates:create");
    assert_eq!(create["confidence"], "low");
    assert!(plan["stages"].is_array());
    let webhook = &array(&plan, "webhooks")[0];
    for key in ["name", "event", "action"] {
        assert!(webhook[key].is_string(), "webhook lacks `{key}`");
    }
}

#[test]
fn hipeople_greenhouse_has_seven_whole_categories_and_four_webhooks() {
    let plan = plan_json(&["hipeople", "--ats", "greenhouse"]);
    let mut categories: Vec<&str> = array(&plan, "permissions")
        .iter()
        .map(|p| p["category"].as_str().expect("category"))
        .collect();
    categories.dedup();
    assert_eq!(
        categories,
        [
            "Applications",
            "Candidates",
            "Activity Feed",
            "Jobs",
            "Job Posts",
            "Job Stages",
            "Rejection Reasons"
        ]
    );
    // Whole categories: every catalog permission of each, all required.
    let applications = array(&plan, "permissions")
        .iter()
        .filter(|p| p["category"] == "Applications")
        .count();
    assert_eq!(applications, 13);
    assert!(array(&plan, "permissions").iter().all(|p| p["required"] == true));
    let events: Vec<&str> = array(&plan, "webhooks")
        .iter()
        .map(|w| w["action"].as_str().expect("action"))
        .collect();
    assert_eq!(
        events,
        [
            "candidate_stage_change",
            "hire_candidate",
            "reject_candidate",
            "new_candidate_application"
        ]
    );
}

#[test]
fn eqtble_is_read_only_with_twenty_one_webhooks_and_warns_about_the_secret() {
    let plan = plan_json(&["eqtble"]);
    let permissions = array(&plan, "permissions");
    assert!(permissions.iter().all(|p| p["method"] == "GET"), "only GET permissions");
    assert_eq!(permissions.iter().filter(|p| p["required"] == true).count(), 48);
    assert_eq!(array(&plan, "webhooks").len(), 21);
    let warnings = array(&plan, "warnings");
    assert!(warnings.iter().any(|w| {
        w.as_str()
            .is_some_and(|text| text.contains("Harvest API key as the webhook secret"))
    }));
    assert_eq!(array(&plan, "alternatives")[0]["name"], "Greenhouse BI Connector");
    assert_eq!(plan["policy"]["read_only"], true);
}

#[test]
fn resource_io_has_the_guides_twenty_permissions() {
    let plan = plan_json(&["resource-io"]);
    assert_eq!(array(&plan, "permissions").len(), 20);
    let settings: Vec<&str> = array(&plan, "settings")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        settings,
        ["Default Sync User", "Maildrop Email", "Greenhouse SSO Domain"]
    );
}

#[test]
fn hipeople_lever_needs_a_super_admin_the_stage_toggle_and_the_reference_check_stage() {
    let plan = plan_json(&["hipeople", "--ats", "lever"]);
    assert_eq!(plan["ats"], "lever");
    assert!(
        array(&plan, "prerequisites")
            .iter()
            .any(|p| p.as_str().is_some_and(|text| text.contains("Super Admin")))
    );
    let webhooks = array(&plan, "webhooks");
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0]["event"], "Candidate stage change");
    assert_eq!(webhooks[0]["action"], "candidateStageChange");
    let stages = array(&plan, "stages");
    assert_eq!(stages[0]["name"], "Reference check");
    assert_eq!(stages[0]["required"], true);
    assert!(
        array(&plan, "notes")
            .iter()
            .all(|note| !note["about"].as_str().unwrap_or("").starts_with("greenhouse"))
    );
}

#[test]
fn plan_from_a_user_manifest() {
    let plan = plan_json(&["--manifest", "examples/manifests/acme-sourcing.yaml"]);
    assert_eq!(plan["partner"]["id"], "acme-sourcing");
    let by_endpoint = array(&plan, "permissions")
        .iter()
        .find(|p| p["path"] == "/v1/jobs/{id}")
        .expect("GET /v1/jobs/{id}");
    assert_eq!(
        by_endpoint["label"], "GET: Retrieve Job",
        "an endpoint reference resolves to its UI label"
    );
}

#[test]
fn unknown_partner_exits_2_and_lists_the_known_ones() {
    let home = home();
    let output = atsctl(&home).args(["plan", "nosuchpartner"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown partner `nosuchpartner`"));
    assert!(stderr.contains("eqtble, headhuntr, hipeople, resource-io"));
    assert!(output.stdout.is_empty());
}

#[test]
fn several_ats_need_a_choice_and_a_missing_section_is_named() {
    let home = home();
    let output = atsctl(&home).args(["plan", "hipeople"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--ats greenhouse or --ats lever"));
    let output = atsctl(&home)
        .args(["plan", "eqtble", "--ats", "lever"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("eqtble has no Lever setup"));
}

#[test]
fn a_broken_manifest_cannot_be_planned() {
    let home = home();
    let output = atsctl(&home)
        .args(["plan", "--manifest", "examples/manifests/broken.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("examples/manifests/broken.yaml has 4 error(s)"),
        "{stderr}"
    );
    assert!(stderr.contains("atsctl lint examples/manifests/broken.yaml"));
    let output = atsctl(&home)
        .args(["plan", "--manifest", "no/such/file.yaml"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read manifest no/such/file.yaml: no such file"));
}

#[test]
fn partners_lists_each_partner_and_ats_with_counts() {
    let home = home();
    let output = atsctl(&home)
        .args(["partners", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let rows: Vec<Value> = serde_json::from_slice(&output.stdout).expect("json");
    let summary: Vec<(String, String, u64)> = rows
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap().to_owned(),
                row["ats"].as_str().unwrap().to_owned(),
                row["webhooks"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("eqtble".into(), "greenhouse".into(), 21),
            ("headhuntr".into(), "greenhouse".into(), 14),
            ("hipeople".into(), "greenhouse".into(), 4),
            ("hipeople".into(), "lever".into(), 1),
            ("resource-io".into(), "greenhouse".into(), 1),
        ]
    );
    let resource = rows.iter().find(|row| row["id"] == "resource-io").expect("resource-io");
    assert_eq!(resource["permissions_required"], 20);
}
