//! A credential check's report as a document, for any ATS: the verdict and counts first, then
//! only what needs a person (what is missing, what could not be checked, what the credential
//! grants beyond need, what no API can read), each with its fix; [`Detail::Full`] adds every
//! item. Each ATS turns its own report into the neutral [`CheckView`] in its folder
//! (`greenhouse/check_view.rs`, `lever/check_view.rs`), so no renderer knows an ATS.

use serde::Serialize;

use super::checklist::prose;
use super::ids::IdSet;
use super::{Action, Block, Cell, Document, DocumentKind, Field, Row, Section, Subject, Table, Text};
use crate::ats::{Ats, Fix};

/// How much of the report the document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The verdict and what needs action.
    NeedsAction,
    /// Also every item, grouped, as tables (`validate --all`).
    Full,
}

/// What one ATS's check found, in words every ATS shares.
#[derive(Debug, Clone)]
pub struct CheckView {
    pub partner_id: String,
    pub partner_name: String,
    pub ats: Ats,
    /// The credential, described without its secret.
    pub credential: String,
    /// Where and how it was checked: "at https://…; scopes from token introspection".
    pub checked: String,
    /// The word for an item that is there: "granted" (a permission), "present" (a stage).
    pub ok_word: &'static str,
    /// Items in reading order, by group (a permission category, "Webhooks").
    pub groups: Vec<CheckGroup>,
    /// Facts about the credential shown under the verdict: acting user, organisation,
    /// "Authorised by".
    pub facts: Vec<(String, String)>,
    pub beyond_need: BeyondNeed,
    /// What no API can read, for a person to check (Lever's webhook toggles).
    pub by_hand: Vec<String>,
    /// Free remarks on the check (a legacy key, uncertain mappings).
    pub notes: Vec<String>,
    /// Whether `--strict` made required unverified items fail.
    pub strict: bool,
    /// The ATS's own verdict: every required item is there (and, with `--strict`, verified).
    pub passed: bool,
}

/// One group of items and the names of its columns.
#[derive(Debug, Clone)]
pub struct CheckGroup {
    pub name: String,
    /// The column naming an item: "Permission (UI label)", "Stage", "Event".
    pub item_header: String,
    /// The column of the item's ids: "v3 scope(s)", "Must point at".
    pub ids_header: String,
    pub items: Vec<CheckItem>,
}

/// One thing the partner needs and what the check found.
#[derive(Debug, Clone)]
pub struct CheckItem {
    /// A permission's UI label, a stage's name, a web hook's event.
    pub name: String,
    /// What the ATS calls it in its API: v3 scopes, the URL a web hook must point at.
    pub ids: Vec<String>,
    pub required: bool,
    pub status: ItemStatus,
    /// Why the status is what it is, when there is more to say.
    pub why: Option<String>,
    /// What to do when the item is not there, or how to check it by hand.
    pub fix: Option<Fix>,
}

/// What the check found for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// There: granted, present.
    Ok,
    /// Checked, and not there.
    Missing,
    /// Could not be checked: not the same as there.
    Unverified,
    /// The credential may not read where the item would be: a finding.
    NoAccess,
}

/// What the credential grants that the partner does not need.
#[derive(Debug, Clone, Default)]
pub struct BeyondNeed {
    /// Whether the extras could be determined at all.
    pub checked: bool,
    /// Scopes or permissions granted beyond need.
    pub extra: Vec<String>,
    /// Why the extras are unknown, or what to check by hand; shown when there are no extras
    /// (the list and its fix say it otherwise).
    pub note: Option<String>,
}

/// Counts over every item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    ok: usize,
    missing: usize,
    unverified: usize,
    no_access: usize,
    required_failing: usize,
    required_unverified: usize,
}

impl CheckView {
    fn items(&self) -> impl Iterator<Item = (&CheckGroup, &CheckItem)> {
        self.groups
            .iter()
            .flat_map(|group| group.items.iter().map(move |item| (group, item)))
    }

    fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (_, item) in self.items() {
            match item.status {
                ItemStatus::Ok => counts.ok += 1,
                ItemStatus::Missing => counts.missing += 1,
                ItemStatus::Unverified => counts.unverified += 1,
                ItemStatus::NoAccess => counts.no_access += 1,
            }
            if item.required {
                match item.status {
                    ItemStatus::Missing | ItemStatus::NoAccess => counts.required_failing += 1,
                    ItemStatus::Unverified => counts.required_unverified += 1,
                    ItemStatus::Ok => {}
                }
            }
        }
        counts
    }

    /// "✔ eqtble can use this credential: 54 granted, 0 missing, 3 unverified".
    pub fn verdict(&self) -> String {
        let counts = self.counts();
        let mut tally = format!(
            "{} {}, {} missing, {} unverified",
            counts.ok, self.ok_word, counts.missing, counts.unverified
        );
        if counts.no_access > 0 {
            tally.push_str(&format!(", {} not readable", counts.no_access));
        }
        let partner = &self.partner_name;
        if !self.passed {
            let (failing, what) = if counts.required_failing > 0 {
                (counts.required_failing, "missing")
            } else {
                (counts.required_unverified, "unverified (--strict)")
            };
            let what = if counts.no_access > 0 && what == "missing" {
                "missing or not readable"
            } else {
                what
            };
            return format!(
                "✘ {failing} required {} {what}: {tally}",
                plural(failing, "item", "items")
            );
        }
        if counts.required_unverified > 0 {
            let unverified = counts.required_unverified;
            return format!(
                "? Nothing required is missing for {partner}, but {unverified} required {} could not be \
                 verified: {tally}",
                plural(unverified, "item", "items")
            );
        }
        format!("✔ {partner} can use this credential: {tally}")
    }
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

impl ItemStatus {
    /// The status cell: a mark and a word.
    fn cell(self, ok_word: &str) -> String {
        match self {
            Self::Ok => format!("✔ {ok_word}"),
            Self::Missing => "✘ missing".to_owned(),
            Self::Unverified => "? unverified".to_owned(),
            Self::NoAccess => "✘ not readable".to_owned(),
        }
    }
}

/// The report as a document: verdict first, then what needs action, then (with
/// [`Detail::Full`]) every item. `word_fix` words a [`Fix`] (the binary owns command lines);
/// `manifest_fingerprint` is empty where the caller never read the manifest's bytes.
pub fn check_document(
    view: &CheckView,
    detail: Detail,
    manifest_fingerprint: &str,
    word_fix: &dyn Fn(&Fix) -> String,
) -> Document {
    let mut ids = IdSet::default();
    let mut sections = Vec::new();
    let mut facts: Vec<Field> = view
        .facts
        .iter()
        .map(|(label, value)| Field {
            label: label.clone(),
            value: Text::from(value.as_str()),
        })
        .collect();
    if view.beyond_need.extra.is_empty() && (view.beyond_need.checked || view.beyond_need.note.is_some()) {
        facts.push(Field {
            label: "Beyond need".to_owned(),
            value: Text::from(
                view.beyond_need
                    .note
                    .clone()
                    .unwrap_or_else(|| format!("nothing granted beyond what {} needs", view.partner_name)),
            ),
        });
    }
    if !facts.is_empty() {
        sections.push(Section {
            id: "section-credential".to_owned(),
            number: None,
            heading: "Credential".to_owned(),
            blocks: vec![Block::KeyValues { items: facts }],
        });
    }
    let failing: Vec<(&CheckGroup, &CheckItem)> = view
        .items()
        .filter(|(_, item)| matches!(item.status, ItemStatus::Missing | ItemStatus::NoAccess))
        .collect();
    if !failing.is_empty() {
        sections.push(Section {
            id: "section-missing".to_owned(),
            number: None,
            heading: format!("Missing ({})", failing.len()),
            blocks: needs_action(&mut ids, &failing, word_fix, |item| match item.status {
                ItemStatus::NoAccess => "not readable with this credential",
                _ => "missing",
            }),
        });
    }
    let unverified: Vec<(&CheckGroup, &CheckItem)> = view
        .items()
        .filter(|(_, item)| item.status == ItemStatus::Unverified)
        .collect();
    if !unverified.is_empty() {
        sections.push(Section {
            id: "section-unverified".to_owned(),
            number: None,
            heading: format!("Could not be checked ({}): check by hand", unverified.len()),
            blocks: needs_action(
                &mut ids,
                &unverified,
                word_fix,
                |_| "not checked, so not known to be there",
            ),
        });
    }
    if !view.beyond_need.extra.is_empty() {
        let extra = &view.beyond_need.extra;
        let mut blocks = vec![Block::Paragraph {
            text: Text::from(format!(
                "Nothing fails without them. Least privilege: remove them where the credential's access \
                 is chosen, or ask {} why it asks for them.",
                view.partner_name
            )),
        }];
        blocks.push(Block::Bullets {
            items: extra.iter().map(|scope| Text::new().copy(scope.as_str())).collect(),
        });
        sections.push(Section {
            id: "section-beyond-need".to_owned(),
            number: None,
            heading: format!("Granted beyond what {} needs ({})", view.partner_name, extra.len()),
            blocks,
        });
    }
    if !view.by_hand.is_empty() {
        sections.push(Section {
            id: "section-by-hand".to_owned(),
            number: None,
            heading: "Not readable by any API: check by hand".to_owned(),
            blocks: view
                .by_hand
                .iter()
                .map(|check| {
                    Block::Action(Action {
                        id: ids.make("by-hand", check),
                        text: prose(check),
                        detail: Vec::new(),
                        fields: Vec::new(),
                    })
                })
                .collect(),
        });
    }
    if !view.notes.is_empty() {
        sections.push(Section {
            id: "section-notes".to_owned(),
            number: None,
            heading: "Notes".to_owned(),
            blocks: vec![Block::Bullets {
                items: view.notes.iter().map(|note| prose(note)).collect(),
            }],
        });
    }
    if detail == Detail::Full {
        sections.push(every_item(view));
    }
    Document {
        kind: DocumentKind::Check,
        title: view.verdict(),
        subtitle: Some(Text::from(format!("{} {}", view.credential, view.checked))),
        subject: Subject {
            partner_id: view.partner_id.clone(),
            partner_name: view.partner_name.clone(),
            ats: view.ats.as_str().to_owned(),
            ats_name: view.ats.display_name().to_owned(),
            manifest_fingerprint: manifest_fingerprint.to_owned(),
        },
        sections,
    }
}

/// Items that need a person, one action per distinct fix (several permissions on v3 share one
/// missing scope): what to do, then what was found for each item it closes.
fn needs_action<'a>(
    ids: &mut IdSet,
    items: &[(&'a CheckGroup, &'a CheckItem)],
    word_fix: &dyn Fn(&Fix) -> String,
    state: impl Fn(&CheckItem) -> &'static str,
) -> Vec<Block> {
    let mut by_fix: Vec<(Text, Vec<(&CheckGroup, &CheckItem)>)> = Vec::new();
    for &(group, item) in items {
        let text = match &item.fix {
            Some(fix) => prose(&word_fix(fix)),
            None if item.status == ItemStatus::Unverified => Text::from("Check by hand: ").copy(item.name.as_str()),
            None => Text::from("Add ").copy(item.name.as_str()),
        };
        match by_fix.iter_mut().find(|(known, _)| *known == text) {
            Some((_, closed)) => closed.push((group, item)),
            None => by_fix.push((text, vec![(group, item)])),
        }
    }
    by_fix
        .into_iter()
        .map(|(text, closed)| {
            let mut detail = Vec::new();
            let mut scopes: Vec<&str> = Vec::new();
            let mut ids_header = String::new();
            for (group, item) in &closed {
                let mut found = Text::from(format!("{} › ", group.name)).copy(item.name.as_str());
                if !item.required {
                    found = found.plain(" (optional)");
                }
                // A reason that starts with the state says it already.
                found = match &item.why {
                    Some(why) if why.starts_with(state(item)) => found.plain(": ").append(prose(why)),
                    Some(why) => found.plain(format!(": {} — ", state(item))).append(prose(why)),
                    None => found.plain(format!(": {}", state(item))),
                };
                detail.push(found);
                // An id the fix already names is not repeated under it.
                for id in &item.ids {
                    if !scopes.contains(&id.as_str()) && !text.to_plain().contains(id.as_str()) {
                        scopes.push(id);
                    }
                }
                ids_header.clone_from(&group.ids_header);
            }
            let fields = if scopes.is_empty() {
                Vec::new()
            } else {
                let mut value = Text::new();
                for (index, id) in scopes.iter().enumerate() {
                    if index > 0 {
                        value = value.plain(", ");
                    }
                    value = value.copy(*id);
                }
                vec![Field {
                    label: ids_header,
                    value,
                }]
            };
            let (group, item) = closed[0];
            Block::Action(Action {
                id: ids.make("fix", &format!("{} {}", group.name, item.name)),
                text,
                detail,
                fields,
            })
        })
        .collect()
}

/// `--all`: every item, a table per group.
fn every_item(view: &CheckView) -> Section {
    let mut blocks = Vec::new();
    for group in &view.groups {
        blocks.push(Block::Heading {
            text: Text::from(group.name.as_str()),
        });
        let rows = group
            .items
            .iter()
            .map(|item| {
                let mut note = Vec::new();
                if !item.required {
                    note.push(Text::from("optional"));
                }
                note.extend(item.why.as_deref().map(prose));
                Row {
                    action: None,
                    cells: vec![
                        Cell::from(item.name.as_str()),
                        Cell(item.ids.iter().map(|id| Text::new().copy(id.as_str())).collect()),
                        Cell::from(item.status.cell(view.ok_word).as_str()),
                        Cell(note),
                    ],
                }
            })
            .collect();
        blocks.push(Block::Table(Table {
            headers: vec![
                group.item_header.clone(),
                group.ids_header.clone(),
                "Status".to_owned(),
                "Note".to_owned(),
            ],
            rows,
        }));
    }
    Section {
        id: "section-every-item".to_owned(),
        number: None,
        heading: "Every item checked".to_owned(),
        blocks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, required: bool, status: ItemStatus) -> CheckItem {
        CheckItem {
            name: name.to_owned(),
            ids: vec![format!("scope:{name}")],
            required,
            status,
            why: None,
            fix: Some(Fix::InAts(format!("grant {name}"))),
        }
    }

    fn view(items: Vec<CheckItem>, passed: bool) -> CheckView {
        CheckView {
            partner_id: "p".to_owned(),
            partner_name: "Partner".to_owned(),
            ats: Ats::Greenhouse,
            credential: "key".to_owned(),
            checked: "at http://127.0.0.1".to_owned(),
            ok_word: "granted",
            groups: vec![CheckGroup {
                name: "Jobs".to_owned(),
                item_header: "Permission".to_owned(),
                ids_header: "Scopes".to_owned(),
                items,
            }],
            facts: Vec::new(),
            beyond_need: BeyondNeed::default(),
            by_hand: Vec::new(),
            notes: Vec::new(),
            strict: false,
            passed,
        }
    }

    fn word(fix: &Fix) -> String {
        match fix {
            Fix::InAts(text) => text.clone(),
            Fix::RunApply { event, .. } => format!("run apply for {event}"),
        }
    }

    fn headings(document: &Document) -> Vec<&str> {
        document
            .sections
            .iter()
            .map(|section| section.heading.as_str())
            .collect()
    }

    #[test]
    fn the_verdict_counts_every_item_and_never_calls_unverified_done() {
        let all = view(
            vec![item("a", true, ItemStatus::Ok), item("b", false, ItemStatus::Ok)],
            true,
        );
        assert_eq!(
            all.verdict(),
            "✔ Partner can use this credential: 2 granted, 0 missing, 0 unverified"
        );
        let unsure = view(
            vec![item("a", true, ItemStatus::Ok), item("b", true, ItemStatus::Unverified)],
            true,
        );
        assert!(
            unsure.verdict().starts_with("? Nothing required is missing"),
            "{}",
            unsure.verdict()
        );
        assert!(unsure.verdict().contains("1 required item could not be verified"));
        let missing = view(
            vec![
                item("a", true, ItemStatus::Missing),
                item("b", true, ItemStatus::Missing),
            ],
            false,
        );
        assert_eq!(
            missing.verdict(),
            "✘ 2 required items missing: 0 granted, 2 missing, 0 unverified"
        );
    }

    #[test]
    fn only_what_needs_action_is_shown_unless_everything_is_asked_for() {
        let report = view(
            vec![
                item("a", true, ItemStatus::Ok),
                item("b", true, ItemStatus::Missing),
                item("c", true, ItemStatus::Unverified),
            ],
            false,
        );
        let short = check_document(&report, Detail::NeedsAction, "f", &word);
        assert_eq!(
            headings(&short),
            ["Missing (1)", "Could not be checked (1): check by hand"]
        );
        let facts = short.facts().join("\n");
        assert!(facts.contains("grant b") && facts.contains("scope:c"), "{facts}");
        assert!(!facts.contains("scope:a"), "a granted item is not shown: {facts}");
        let full = check_document(&report, Detail::Full, "f", &word);
        assert_eq!(headings(&full).last(), Some(&"Every item checked"));
        assert!(full.facts().iter().any(|fact| fact == "scope:a"));
        assert_eq!(full.title, short.title);
    }

    #[test]
    fn extra_grants_are_listed_with_what_to_do() {
        let mut report = view(vec![item("a", true, ItemStatus::Ok)], true);
        report.beyond_need.extra = vec!["harvest:jobs:delete".to_owned()];
        report.beyond_need.checked = true;
        let document = check_document(&report, Detail::NeedsAction, "f", &word);
        let section = document
            .sections
            .iter()
            .find(|section| section.id == "section-beyond-need")
            .expect("the extras");
        assert_eq!(section.heading, "Granted beyond what Partner needs (1)");
        assert!(document.facts().iter().any(|fact| fact == "harvest:jobs:delete"));
    }
}
