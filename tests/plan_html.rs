//! `plan --format html` in a real headless Chromium: ticks survive a reload, a copy button puts
//! its value on the clipboard, nothing is fetched, no script error, readable on a phone, and
//! without JavaScript still the whole checklist. Screenshots land in
//! `target/test-output/plan-html/` for a person to look at.

pub(crate) mod cdp;

use serde_json::json;

use crate::support::{atsctl, home, repo_root, stdout};
use cdp::{Browser, Page, find_chromium};

/// Where the page and its screenshots are written (git-ignored).
fn output_dir() -> std::path::PathBuf {
    let dir = repo_root().join("target/test-output/plan-html");
    std::fs::create_dir_all(&dir).expect("test output dir");
    dir
}

/// The Chromium to use, or `None` (with the reason printed) when the test cannot run here.
/// On CI (`CI` set) a missing browser is a failure: `.ci/run` installs it.
#[allow(
    clippy::print_stderr,
    reason = "the reason a test is skipped must reach the person running it"
)]
pub(crate) fn chromium_or_skip() -> Option<std::path::PathBuf> {
    let found = find_chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but no Chromium was found (set CHROME, or install the `chromium` package)"
        );
        eprintln!(
            "skipped: no Chromium (set CHROME or install the `chromium` package) — the HTML checklist was not tried in a browser"
        );
    }
    found
}

#[test]
fn the_html_checklist_works_in_a_real_browser() {
    let Some(binary) = chromium_or_skip() else {
        return;
    };
    let home = home();
    let output = atsctl(&home)
        .args(["plan", "hipeople", "--ats", "greenhouse", "--format", "html"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let file = output_dir().join("hipeople-greenhouse.html");
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
    page.call("Emulation.setFocusEmulationEnabled", json!({ "enabled": true }));
    page.viewport(1280, 800, false);
    page.load(Some(&url));

    let total = page.eval("document.querySelectorAll('input[type=checkbox][data-action]').length");
    let total = total.as_u64().expect("a count");
    assert!(total > 50, "every action and tickable row has a checkbox: {total}");
    let unlabelled =
        page.eval("[...document.querySelectorAll('input[type=checkbox]')].filter(box => !box.labels.length).length");
    assert_eq!(unlabelled, 0, "every checkbox has a label");

    // Tick an action and a table row with real mouse clicks on their labels and boxes.
    let action = "li.action input[data-action]";
    let row = "tr.tickable input[data-action]";
    page.click(&format!("{action} + .action-body > label"));
    page.click(row);
    let ticked = page.eval(&format!(
        "[document.querySelector('{action}').checked, document.querySelector('{row}').checked]"
    ));
    assert_eq!(ticked, json!([true, true]), "the clicks ticked both");
    assert_eq!(
        page.eval("document.getElementById('progress-text').textContent"),
        json!(format!("2 of {total} done"))
    );

    page.load(None);
    let ticked = page.eval(&format!(
        "[document.querySelector('{action}').checked, document.querySelector('{row}').checked, \
         document.querySelectorAll('input[data-action]:checked').length]"
    ));
    assert_eq!(
        ticked,
        json!([true, true, 2]),
        "both ticks survive a reload, and only they"
    );
    assert_eq!(
        page.eval("document.getElementById('progress-text').textContent"),
        json!(format!("2 of {total} done"))
    );

    // A copy button puts its value on the clipboard.
    page.browser.call(
        None,
        "Browser.grantPermissions",
        json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    );
    let button = "#section-scopes button.copy-button";
    let value = page.eval(&format!("document.querySelector('{button}').dataset.copy"));
    assert_eq!(
        value,
        json!("harvest:application_stages:list"),
        "the first scope's button"
    );
    page.click(button);
    let copied = page.eval(&format!(
        "new Promise(resolve => {{ const button = document.querySelector('{button}'); \
         const check = () => button.dataset.copied ? resolve(button.textContent) : requestAnimationFrame(check); check(); }})"
    ));
    assert_eq!(copied, json!("Copied"));
    assert_eq!(
        page.eval("navigator.clipboard.readText()"),
        value,
        "the clipboard holds the value"
    );

    page.eval("window.scrollTo(0, 0)");
    std::fs::write(output_dir().join("desktop-1280x800.png"), page.screenshot(false)).expect("screenshot");
    std::fs::write(output_dir().join("desktop-full.png"), page.screenshot(true)).expect("screenshot");

    // A phone: nothing wider than the screen, tables as blocks.
    page.viewport(390, 844, true);
    page.load(None);
    page.eval("window.scrollTo(0, 0)");
    let overflow = page.eval("document.documentElement.scrollWidth");
    assert!(
        overflow.as_u64().is_some_and(|width| width <= 390),
        "the page is no wider than the phone: {overflow}"
    );
    assert_eq!(
        page.eval("getComputedStyle(document.querySelector('tr.tickable')).display"),
        json!("block"),
        "table rows become blocks on a phone"
    );
    std::fs::write(output_dir().join("phone-390x844.png"), page.screenshot(false)).expect("screenshot");
    std::fs::write(output_dir().join("phone-full.png"), page.screenshot(true)).expect("screenshot");

    // Print: the copy buttons go, the checkboxes stay.
    page.call("Emulation.setEmulatedMedia", json!({ "media": "print" }));
    assert_eq!(
        page.eval("getComputedStyle(document.querySelector('button.copy-button')).display"),
        json!("none")
    );
    page.call("Emulation.setEmulatedMedia", json!({ "media": "" }));

    // Without JavaScript: every checkbox and every value is still there, no copy buttons.
    page.call("Emulation.setScriptExecutionDisabled", json!({ "value": true }));
    page.load(None);
    page.call("Emulation.setScriptExecutionDisabled", json!({ "value": false }));
    let static_page = page.eval(
        "[document.querySelectorAll('input[type=checkbox][data-action]').length, \
         document.querySelectorAll('button.copy-button').length, \
         document.getElementById('progress-text').textContent]",
    );
    assert_eq!(static_page, json!([total, 0, format!("{total} items to tick")]));

    let events = page.browser.events.clone();
    let requests: Vec<&str> = events
        .iter()
        .filter(|(_, method, _)| method == "Network.requestWillBeSent")
        .filter_map(|(_, _, params)| params["request"]["url"].as_str())
        .collect();
    assert!(!requests.is_empty(), "the page load itself is seen");
    assert!(
        requests.iter().all(|request| *request == url),
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
