//! `apply --format html` in a real headless Chromium: the guided checklist of the web hooks
//! still to create, one tickable action each, ticks surviving a reload, nothing fetched, no
//! script error. Screenshots land in `target/test-output/apply-html/` for a person to look at.

use serde_json::json;

use crate::plan_html::cdp::{Browser, Page};
use crate::plan_html::chromium_or_skip;
use crate::support::{atsctl, home, repo_root, stdout};

#[test]
fn the_apply_checklist_keeps_its_ticks_in_a_real_browser() {
    let Some(binary) = chromium_or_skip() else {
        return;
    };
    let home = home();
    // One web hook confirmed at the terminal first: the page lists the other thirteen.
    let walked = atsctl(&home)
        .args(["apply", "headhuntr"])
        .write_stdin("y\nq\n")
        .output()
        .expect("runs");
    assert_eq!(walked.status.code(), Some(1));
    let output = atsctl(&home)
        .args(["apply", "headhuntr", "--format", "html"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "web hooks remain");
    let dir = repo_root().join("target/test-output/apply-html");
    std::fs::create_dir_all(&dir).expect("test output dir");
    let file = dir.join("headhuntr-greenhouse.html");
    std::fs::write(&file, stdout(&output)).expect("write the page");
    let url = url::Url::from_file_path(&file).expect("file URL").to_string();

    let mut browser = Browser::launch(&binary);
    let session = browser.new_page();
    let mut page = Page {
        browser: &mut browser,
        session,
    };
    for domain in ["Page.enable", "Runtime.enable", "Network.enable", "Log.enable"] {
        page.call(domain, json!({}));
    }
    page.viewport(1280, 800, false);
    page.load(Some(&url));

    assert_eq!(
        page.eval("document.body.dataset.kind"),
        json!("apply"),
        "ticks are kept apart from plan's"
    );
    let boxes = page.eval("document.querySelectorAll('input[type=checkbox][data-action]').length");
    assert_eq!(boxes, json!(13), "one box per web hook still to create");
    let confirmed = page.eval("document.getElementById('section-confirmed').textContent");
    assert!(
        confirmed
            .as_str()
            .is_some_and(|text| text.contains("Headhuntr.io-Candidate Hired")),
        "{confirmed}"
    );

    let boxes = "li.action input[data-action]";
    page.click(boxes);
    page.eval(&format!("document.querySelectorAll('{boxes}')[2].click()"));
    page.load(None);
    let ticked = page.eval(&format!(
        "[...document.querySelectorAll('{boxes}')].map((box, index) => box.checked ? index : -1).filter(index => index >= 0)"
    ));
    assert_eq!(ticked, json!([0, 2]), "both ticks survive a reload, and only they");
    assert_eq!(
        page.eval("document.getElementById('progress-text').textContent"),
        json!("2 of 13 done")
    );
    let copy = page.eval(
        "[...document.querySelectorAll('button.copy-button')].map(button => button.dataset.copy).includes('Headhuntr.io-Job Updated')",
    );
    assert_eq!(copy, json!(true), "the web hook names have copy buttons");

    page.eval("window.scrollTo(0, 0)");
    std::fs::write(dir.join("desktop-1280x800.png"), page.screenshot(false)).expect("screenshot");
    page.viewport(390, 844, true);
    page.load(None);
    let width = page.eval("document.documentElement.scrollWidth");
    assert!(
        width.as_u64().is_some_and(|width| width <= 390),
        "fits a phone: {width}"
    );
    std::fs::write(dir.join("phone-390x844.png"), page.screenshot(false)).expect("screenshot");

    let events = page.browser.events.clone();
    let requests: Vec<&str> = events
        .iter()
        .filter(|(_, method, _)| method == "Network.requestWillBeSent")
        .filter_map(|(_, _, params)| params["request"]["url"].as_str())
        .collect();
    assert!(
        !requests.is_empty() && requests.iter().all(|request| *request == url),
        "nothing but the page itself is requested: {requests:?}"
    );
    let errors: Vec<String> = events
        .iter()
        .filter(|(_, method, params)| {
            method == "Runtime.exceptionThrown"
                || (method == "Runtime.consoleAPICalled" && params["type"] == "error")
                || (method == "Log.entryAdded" && params["entry"]["level"] == "error")
        })
        .map(|(_, method, params)| format!("{method}: {params}"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
