//! `atsctl plan` and `atsctl partners` on the bundled manifests: the acceptance facts of each
//! partner guide, checked on the JSON output (the same data the table shows).

use serde_json::Value;

use crate::support::{atsctl, home, stdout};

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
    // Mappings that are not high confidence are marked: "POST: Add Attachment" maps with medium.
    let attachments = scopes
        .iter()
        .find(|scope| scope["scope"] == "harvest:attachments:create")
        .expect("attachments:create");
    assert_eq!(attachments["confidence"], "medium");
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
    assert_eq!(permissions.iter().filter(|p| p["required"] == true).count(), 57);
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

fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or_else(|| panic!("{value} is text")).to_owned()
}

fn table(args: &[&str]) -> String {
    let home = home();
    let output = atsctl(&home).arg("plan").args(args).output().expect("runs");
    assert!(output.status.success(), "plan {args:?} failed");
    stdout(&output)
}

/// The text with every run of whitespace (a terminal's wrapping) as one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const GREENHOUSE_PARTNERS: [&str; 4] = ["eqtble", "headhuntr", "hipeople", "resource-io"];

#[test]
fn headhuntr_connects_by_authorisation_with_the_scopes_to_expect() {
    let plan = plan_json(&["headhuntr"]);
    let credential = &plan["credential"];
    assert_eq!(credential["connection"], "partner");
    let authorization = &credential["partner_authorization"];
    assert_eq!(authorization["grant"], "authorization-code");
    assert_eq!(authorization["who"], "A Greenhouse Site Admin");
    assert_eq!(authorization["choose"], "Authorize using a service account");
    // The guide predates v3 and says nothing of a "Connect with Greenhouse": the plan says so.
    assert_eq!(authorization["guide_predates_v3"], true);
    assert_eq!(authorization["start_known"], false);
    let start = text_of(&authorization["starts_at"]);
    assert!(start.contains("\"Connect with Greenhouse\"") && start.contains("Integrations marketplace"));
    assert!(
        start.contains("unknown") && start.contains("contact@headhuntr.io"),
        "{start}"
    );
    let why = array(authorization, "why");
    assert!(
        why.iter()
            .any(|reason| text_of(reason).contains("recorded as the integration's"))
    );
    assert!(
        why.iter()
            .any(|reason| text_of(reason).contains("lists answer only for a Site Admin"))
    );
    // The scopes to expect are the plan's v3 scopes: 13 required, 6 optional.
    let scopes = array(&plan, "v3_scopes");
    let required = scopes.iter().filter(|scope| scope["required"] == true).count();
    assert_eq!((required, scopes.len()), (13, 19));
    assert_eq!(authorization["required_scopes"], 13);
    assert!(
        text_of(&authorization["if_more_scopes"])
            .starts_with("If the screen requests more than these, ask Headhuntr.io")
    );
    let fewer = text_of(&authorization["if_fewer_scopes"]);
    assert!(
        fewer.contains("without harvest:applications:create Headhuntr.io cannot do what \"POST: Add Application\" did"),
        "the features that fail are named: {fewer}"
    );
    let steps: Vec<String> = array(&credential["v3"], "steps").iter().map(text_of).collect();
    assert!(steps[0].contains("predates Harvest v3") && steps[0].contains("follow them first"));
    assert!(
        steps
            .iter()
            .any(|step| step.contains("the 13 required scopes (and perhaps the 6 optional ones)"))
    );
    assert_eq!(
        steps.last().map(String::as_str),
        Some("Sign in as a Site Admin, choose \"Authorize using a service account\", and authorise.")
    );
    let prerequisites: Vec<String> = array(&plan, "prerequisites").iter().map(text_of).collect();
    assert!(prerequisites.iter().any(|item| {
        item.starts_with("Developer permission: Manage ALL organization's API Credentials (only for the legacy v1 key")
    }));

    let text = table(&["headhuntr"]);
    assert!(text.contains("Connect Headhuntr.io on Harvest v3 (authorisation)"));
    assert!(text.contains("Who: A Greenhouse Site Admin, choosing \"Authorize using a service account\"."));
    assert!(text.contains("Then (v1 key): Store the key securely"));
    assert!(!text.contains("Create the credential"));
}

#[test]
fn no_partner_plan_tells_the_customer_to_create_client_credentials() {
    for partner in GREENHOUSE_PARTNERS {
        let plan = plan_json(&[partner, "--ats", "greenhouse"]);
        assert_eq!(plan["credential"]["connection"], "partner", "{partner}");
        assert!(plan["credential"]["partner_authorization"].is_object(), "{partner}");
        for format in ["table", "markdown", "json"] {
            let text = table(&[partner, "--ats", "greenhouse", "--format", format]).to_lowercase();
            for phrase in [
                "client credentials",
                "client secret",
                "create new api credentials",
                "client id",
            ] {
                assert!(!text.contains(phrase), "{partner} {format} mentions {phrase:?}");
            }
        }
    }
}

#[test]
fn a_custom_integration_creates_client_credentials() {
    let file = "examples/manifests/acme-warehouse-custom.yaml";
    let plan = plan_json(&["--manifest", file]);
    let credential = &plan["credential"];
    assert_eq!(credential["connection"], "custom-integration");
    assert!(credential["partner_authorization"].is_null());
    assert_eq!(credential["v3"]["kind"], "Harvest v3 OAuth client credentials");
    let steps: Vec<String> = array(&credential["v3"], "steps").iter().map(text_of).collect();
    assert_eq!(
        steps[0],
        "Configure → Dev Center → API Credentials → Create new API credentials; choose \"Harvest V3 (OAuth)\"."
    );
    assert!(steps[1].contains("grant the 5 required scopes (and the optional one, if the integration uses them)"));
    assert!(steps.iter().any(|step| step.contains("token's `sub`")));
    // The legacy key stays, without a Partner dropdown value.
    assert_eq!(credential["v1_legacy"]["retired_on"], "2026-08-31");
    assert!(credential["v1_legacy"]["partner"].is_null());
    let text = table(&["--manifest", file]);
    assert!(text.contains("Create the credential"));
    assert!(text.contains("Create new API credentials"));
    assert!(text.contains("Harvest v3 scopes to grant (6)"));
}

#[test]
fn every_bundled_note_says_how_certain_it_is() {
    for (partner, ats) in [
        ("eqtble", "greenhouse"),
        ("headhuntr", "greenhouse"),
        ("hipeople", "greenhouse"),
        ("resource-io", "greenhouse"),
    ] {
        let plan = plan_json(&[partner, "--ats", ats]);
        for note in array(&plan, "notes") {
            assert!(
                ["verified", "api-docs", "inferred"].contains(&note["certainty"].as_str().unwrap_or("")),
                "{partner}: {note}"
            );
            assert!(
                note["guide_says"].is_string() && note["instead"].is_string(),
                "{partner}: {note}"
            );
            let text = text_of(&note["text"]);
            assert!(
                text.starts_with(&text_of(&note["guide_says"])),
                "text keeps the whole note"
            );
            assert!(
                !text.contains("Greenhouse has no such"),
                "{partner} claims more than the evidence: {text}"
            );
        }
    }
    let certainty_of = |partner: &str, needle: &str| {
        let plan = plan_json(&[partner]);
        let note = array(&plan, "notes")
            .iter()
            .find(|note| text_of(&note["guide_says"]).contains(needle))
            .unwrap_or_else(|| panic!("{partner} has a note on {needle}"))
            .clone();
        text_of(&note["certainty"])
    };
    // Replacement labels the reference marks unverified UI text are "label from the API docs".
    assert_eq!(certainty_of("eqtble", "Custom Location for Job Board"), "api-docs");
    assert_eq!(certainty_of("eqtble", "List Approval Flows for Jobs"), "api-docs");
    assert_eq!(certainty_of("resource-io", "POST: Add New Candidate Tags"), "api-docs");
    assert_eq!(certainty_of("resource-io", "DELETE: Remove Candidate Tags"), "inferred");
    assert_eq!(certainty_of("eqtble", "Get: List Application"), "verified");
    assert_eq!(certainty_of("headhuntr", "additional fourteen webhooks"), "verified");
    assert_eq!(certainty_of("headhuntr", "under \"Sources (Optional)\""), "inferred");
    let text = squeeze(&table(&["resource-io"]));
    assert!(text.contains(
        "(label from Greenhouse's API docs, unverified on screen) [greenhouse.permissions.Tags]: Guide says: The \
         article lists \"POST: Add New Candidate Tags\"."
    ));
}

#[test]
fn resource_io_shows_its_web_hook_as_a_guess_and_asks_for_the_credentials_permission() {
    let plan = plan_json(&["resource-io"]);
    let webhook = &array(&plan, "webhooks")[0];
    assert_eq!(webhook["guess"]["fields"], serde_json::json!(["name", "event"]));
    assert!(text_of(&webhook["guess"]["where"]).contains("Settings → Connect Webhooks"));
    let warnings: Vec<String> = array(&plan, "warnings").iter().map(text_of).collect();
    assert!(warnings.contains(
        &"Guessed, not from the guide: the web hook's Name \"Resource.io\" and When \"Candidate has changed stage\". \
          Use the real values from Resource.io's Settings page (Settings → Connect Webhooks), which the article says \
          holds the web hook's details, or support@resource.io."
            .to_owned()
    ));
    let prerequisites: Vec<String> = array(&plan, "prerequisites").iter().map(text_of).collect();
    assert!(
        prerequisites
            .iter()
            .any(|item| item.contains("Manage ALL organization's API Credentials"))
    );
    assert!(
        array(&plan, "notes")
            .iter()
            .any(|note| { text_of(&note["instead"]).contains("adds \"Manage ALL organization's API Credentials\"") })
    );
    let text = table(&["resource-io"]);
    assert_eq!(
        text.matches("(guess)").count(),
        2,
        "the Name and the When cells are marked"
    );
    let markdown = table(&["resource-io", "--format", "markdown"]);
    assert!(
        markdown.contains(
            "- [ ] Name: `Resource.io` (guess) · When: `Candidate has changed stage` (guess) · Endpoint URL:"
        )
    );
    assert!(markdown.contains("action: `candidate_stage_change`"));
}

#[test]
fn eqtble_requires_every_get_of_its_categories_and_users_but_no_protected_data() {
    use atsctl::catalog::{Catalog, Method};
    let plan = plan_json(&["eqtble"]);
    let permissions = array(&plan, "permissions");
    assert!(
        permissions.iter().all(|p| p["required"] == true),
        "no GET softened to optional"
    );
    let listed: Vec<(String, String)> = permissions
        .iter()
        .map(|p| (text_of(&p["category"]), text_of(&p["label"])))
        .collect();
    let mut categories: Vec<&str> = listed.iter().map(|(category, _)| category.as_str()).collect();
    categories.dedup();
    assert_eq!(
        categories.len(),
        25,
        "the article's 24 Greenhouse categories (its \"Custom Locations\" is under Job Posts) and Users"
    );
    for category in &categories {
        for permission in Catalog::bundled().harvest.in_category(category) {
            if permission.method() == Method::Get {
                assert!(
                    listed.contains(&((*category).to_owned(), permission.label().to_owned())),
                    "{category}: {} is missing",
                    permission.label()
                );
            }
        }
    }
    for label in [
        "GET: Retrieve Job Post",
        "GET: Single Opening For Job",
        "GET: List Prospect Pools",
        "GET: Retrieve Custom Field",
        "GET: Pending Approvals For User",
        "GET: List Users",
        "GET: Retrieve User",
        "GET: List User Job Permissions",
        "GET: List User Future Job Permissions",
    ] {
        assert!(listed.iter().any(|(_, listed)| listed == label), "{label}");
    }
    assert!(!categories.contains(&"EEOC") && !categories.contains(&"Demographic Data"));
    assert!(array(&plan, "notes").iter().any(|note| {
        let text = text_of(&note["text"]);
        text.contains("EEOC and Demographic Data") && note["certainty"] == "inferred"
    }));
}

#[test]
fn eqtble_secret_quotes_the_guide_and_says_what_to_use_on_v3() {
    let plan = plan_json(&["eqtble"]);
    let secret = &array(&plan, "webhooks")[0]["secret"];
    assert_eq!(secret["source"], "harvest-api-key");
    let instructions = text_of(&secret["instructions"]);
    assert!(
        instructions.starts_with("The article says \"The Secret Key provided by eqtble\""),
        "{instructions}"
    );
    assert!(
        instructions.contains("atsctl's reference facts record that eqtble asks customers to use the Harvest API key")
    );
    assert_eq!(
        secret["v3_instead"],
        "On Harvest v3 there is no API key to reuse: use the secret eqtble provides, or choose a long random value and \
         give it to eqtble."
    );
    let warning = array(&plan, "warnings")
        .iter()
        .map(text_of)
        .find(|warning| warning.contains("Harvest API key as the webhook secret"))
        .expect("the unsafe-secret warning");
    assert!(!warning.contains("guide"), "the guide does not say it: {warning}");
    assert!(warning.contains("On Harvest v3 there is no API key to reuse"));
}

#[test]
fn least_privilege_warning_names_the_scopes_that_change_or_delete_data() {
    let plan = plan_json(&["hipeople", "--ats", "greenhouse"]);
    let scopes = array(&plan, "v3_scopes");
    let changing = scopes.iter().filter(|scope| scope["access"] != "read").count();
    let destroying: Vec<String> = scopes
        .iter()
        .filter(|scope| scope["access"] == "destroy")
        .map(|scope| text_of(&scope["scope"]))
        .collect();
    assert_eq!(changing, 27, "the issue counts 27 write or destroy scopes");
    assert_eq!(destroying.len(), 8);
    let warning = array(&plan, "warnings")
        .iter()
        .map(text_of)
        .find(|warning| warning.starts_with("Least privilege:"))
        .expect("a least-privilege warning");
    assert!(warning.starts_with("Least privilege: HiPeople asks for 27 scopes that change data: 8 that delete"));
    for scope in destroying
        .iter()
        .map(String::as_str)
        .chain(["harvest:jobs:create", "harvest:candidates:update"])
    {
        assert!(warning.contains(scope), "{scope} is named: {warning}");
    }
    assert!(!warning.contains(":list"), "reads are not listed");
    // Computed for any manifest: Resource.io deletes too; Headhuntr.io (no DELETE) and eqtble
    // (read-only) get no such warning.
    let has_warning = |args: &[&str]| {
        array(&plan_json(args), "warnings")
            .iter()
            .any(|warning| text_of(warning).starts_with("Least privilege:"))
    };
    assert!(has_warning(&["resource-io"]));
    assert!(!has_warning(&["headhuntr"]));
    assert!(!has_warning(&["eqtble"]));
}

#[test]
fn a_scope_takes_the_best_confidence_and_says_what_to_check() {
    let plan = plan_json(&["headhuntr"]);
    let scopes = array(&plan, "v3_scopes");
    let scope = |name: &str| scopes.iter().find(|scope| scope["scope"] == name).expect(name).clone();
    // "POST: Add Candidate" maps to it with high confidence, "POST: Add Prospect" with low.
    let create = scope("harvest:candidates:create");
    assert_eq!(
        create["replaces"],
        serde_json::json!(["POST: Add Candidate", "POST: Add Prospect"])
    );
    assert_eq!(create["confidence"], "high");
    assert!(create["check"].is_null());
    for item in scopes {
        assert_eq!(item["confidence"] != "high", item["check"].is_string(), "{item}");
    }
    let attachments = text_of(&scope("harvest:attachments:create")["check"]);
    assert_eq!(
        attachments,
        "In Greenhouse's Harvest v3 docs, or on the authorisation screen, check that harvest:attachments:create \
         (POST /v3/attachments) covers what \"POST: Add Attachment\" (POST /v1/candidates/{id}/attachments) did: the \
         v1→v3 mapping is medium confidence."
    );
    // The terminal wraps the check under its bullet: compare with the line breaks squeezed.
    assert!(squeeze(&table(&["headhuntr"])).contains(&format!(" • {attachments}")));
}

#[test]
fn the_connection_comes_after_the_scopes_and_a_replacing_alternative_first() {
    for partner in GREENHOUSE_PARTNERS {
        let plan = plan_json(&[partner, "--ats", "greenhouse"]);
        let order: Vec<String> = array(&plan, "order").iter().map(text_of).collect();
        let at = |part: &str| order.iter().position(|item| item == part).expect(part);
        assert!(
            at("permissions") < at("v3_scopes") && at("v3_scopes") < at("credential"),
            "{partner}: {order:?}"
        );
        assert!(at("prerequisites") < at("permissions"));
    }
    let plan = plan_json(&["eqtble"]);
    assert_eq!(plan["order"][0], "setup_alternatives");
    assert_eq!(array(&plan, "alternatives")[0]["replaces_setup"], true);
    let text = table(&["eqtble"]);
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle} in the plan"));
    assert!(at("hello@eqtble.com") < at("Before you start"));
    assert!(at("Harvest v3 scopes the authorisation should request") < at("Connect eqtble on Harvest v3"));
    assert!(at("Connect eqtble on Harvest v3") < at("Web hooks (21)"));
    let markdown = table(&["eqtble", "--format", "markdown"]);
    assert!(markdown.find("hello@eqtble.com") < markdown.find("Before you start"));
}

#[test]
fn unverified_labels_are_marked_in_every_format() {
    let plan = plan_json(&["eqtble"]);
    let unverified: Vec<String> = array(&plan, "permissions")
        .iter()
        .filter(|p| p["label_verified"] == false)
        .map(|p| text_of(&p["label"]))
        .collect();
    assert_eq!(unverified.len(), 6);
    let warning = array(&plan, "warnings")
        .iter()
        .map(text_of)
        .find(|warning| warning.contains("permission labels in this plan come from Greenhouse's API docs"))
        .expect("a warning on unverified labels");
    for label in &unverified {
        assert!(warning.contains(label.as_str()), "{label}");
    }
    assert_eq!(
        table(&["eqtble"]).matches("(label unverified)").count(),
        6 + 2,
        "6 permissions, 2 When labels"
    );
    let markdown = table(&["eqtble", "--format", "markdown"]);
    assert_eq!(markdown.matches("(label unverified)").count(), 6 + 2);
}

#[test]
fn the_document_shows_every_new_checklist_fact_in_the_checklists_order() {
    for partner in GREENHOUSE_PARTNERS {
        let plan = plan_json(&[partner, "--ats", "greenhouse"]);
        let document = &plan["document"];
        let headings: Vec<String> = array(document, "sections")
            .iter()
            .map(|section| text_of(&section["heading"]))
            .collect();
        let at = |needle: &str| {
            headings
                .iter()
                .position(|heading| heading.starts_with(needle))
                .unwrap_or_else(|| panic!("{partner}: no {needle} in {headings:?}"))
        };
        assert!(at("Harvest permissions") < at("Harvest v3 scopes the authorisation should request"));
        assert!(at("Harvest v3 scopes the authorisation should request") < at("Connect "));
        assert!(
            !headings.iter().any(|heading| heading == "Create the credential"),
            "{partner}"
        );

        // Every warning of the checklist is in the markdown, word for word.
        let markdown = squeeze(&table(&[partner, "--ats", "greenhouse", "--format", "markdown"]));
        for warning in array(&plan, "warnings") {
            let first_words: String = text_of(warning)
                .split_whitespace()
                .take(8)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(markdown.contains(&first_words), "{partner}: {first_words}");
        }
        // The legacy key's hand-over is no task of its own.
        assert!(!markdown.contains("- [ ] Then"), "{partner}");
        assert!(markdown.contains("**Then (v1 key):**"), "{partner}");
    }

    let eqtble = plan_json(&["eqtble"]);
    assert_eq!(eqtble["document"]["sections"][0]["heading"], "Instead of this setup");

    let resource = plan_json(&["resource-io"]);
    let markdown = table(&["resource-io", "--format", "markdown"]);
    assert!(markdown.contains("`harvest:candidates:destroy` (destroys)"));
    assert!(markdown.contains("`harvest:notes:create` (writes)"));
    assert!(!markdown.contains("`harvest:notes:list` ("));
    assert!(markdown.contains("This guide describes Harvest v1 keys only"));
    assert!(markdown.contains("**Guide says:** The article lists"));
    assert!(markdown.contains("**atsctl does:** The manifest lists"));
    assert!(markdown.contains("POST: Add New Candidate Tag (label unverified)"));
    // Notes carry their certainty in the document, api-docs as api_docs.
    let notes: Vec<&Value> = array(&resource["document"], "sections")
        .iter()
        .flat_map(|section| array(section, "blocks"))
        .filter(|block| block["kind"] == "note" && block["about"].is_string())
        .collect();
    assert!(notes.iter().any(|note| note["certainty"] == "api_docs"));
    assert!(notes.iter().any(|note| note["certainty"] == "inferred"));
    let html = table(&["resource-io", "--format", "html"]);
    assert!(html.contains("(guess)") && html.contains("Guessed values are not from the guide"));

    // A custom integration creates client credentials, and its hand-over is a task.
    let custom = table(&[
        "--manifest",
        "examples/manifests/acme-warehouse-custom.yaml",
        "--format",
        "markdown",
    ]);
    assert!(custom.contains("## 4. Create the credential"));
    assert!(custom.contains("Harvest v3 OAuth client credentials"));
    assert!(custom.contains("- [ ] Then: Store the client id and secret"));
    assert!(custom.contains("Harvest v3 scopes to grant"));
}

/// A colourless stream gets the layout written without styles (not styled and then cut): the
/// same characters as the coloured output once its style escapes are taken out.
#[test]
fn coloured_and_colourless_plans_differ_only_in_their_styles() {
    let home = home();
    let plan = |color: &str| {
        let output = atsctl(&home)
            .args(["plan", "headhuntr", "--width", "80", "--color", color])
            .output()
            .expect("runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let coloured = plan("always");
    let colourless = plan("never");
    assert!(coloured.contains("\u{1b}[1m"), "no style in {coloured:?}");
    assert!(!colourless.contains('\u{1b}'));
    assert_eq!(anstream::adapter::strip_str(&coloured).to_string(), colourless);
}
