//! Guided setup of what no API can create — Greenhouse web hooks: the checklist is worked
//! through one item at a time by a person in the ATS's UI, and progress is saved after each item
//! they confirm, so an interrupted run resumes where it stopped.
//!
//! The progress file holds no secrets: the names and actions of the confirmed items, a
//! fingerprint of each, and a fingerprint of the whole checklist, so a changed manifest is
//! noticed (items whose settings changed go back to pending and are reported).
//!
//! Saving locks the file and merges what is on disk first, so two runs on the same checklist
//! (two terminals, two admins) keep each other's confirmations instead of the last writer's.
//!
//! The binary does the asking and the rendering; this module only keeps the state.

mod outcome;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::file_lock::{FileLock, LOCK_WAIT};
use crate::manifest::Ats;
use crate::plan::{Checklist, WebhookItem};

pub use outcome::{ApplyItem, ApplyMethod, ApplyOutcome, FailureSummary, ItemStatus, Outcome};

const VERSION: u32 = 1;

/// The items to set up by hand, in the order to do them.
#[derive(Debug, Clone)]
pub struct GuidedChecklist {
    pub partner: String,
    pub partner_name: String,
    pub ats: Ats,
    pub items: Vec<WebhookItem>,
    fingerprints: Vec<String>,
    fingerprint: String,
}

impl GuidedChecklist {
    /// The web hooks of a plan checklist.
    pub fn webhooks(checklist: &Checklist) -> Self {
        let items = checklist.webhooks.clone();
        let fingerprints: Vec<String> = items.iter().map(item_fingerprint).collect();
        let mut whole = Sha256::new();
        whole.update(checklist.partner.id.as_bytes());
        whole.update(checklist.ats.as_str().as_bytes());
        for fingerprint in &fingerprints {
            whole.update(fingerprint.as_bytes());
        }
        Self {
            partner: checklist.partner.id.clone(),
            partner_name: checklist.partner.name.clone(),
            ats: checklist.ats,
            items,
            fingerprints,
            fingerprint: hex::encode(whole.finalize()),
        }
    }

    /// Identifies this exact list of items and their settings.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// Everything that identifies an item's settings: a change to any of them means the item in
/// the ATS may need changing too.
fn item_fingerprint(item: &WebhookItem) -> String {
    let bytes = serde_json::to_vec(item).unwrap_or_default();
    hex::encode(Sha256::digest(&bytes))
}

/// The progress file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub version: u32,
    pub partner: String,
    pub ats: String,
    /// Of the checklist as it was when progress was last saved.
    pub manifest_fingerprint: String,
    pub done: Vec<DoneItem>,
}

/// One confirmed item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoneItem {
    pub name: String,
    pub action: String,
    pub fingerprint: String,
    /// Seconds since the Unix epoch.
    pub confirmed_at: u64,
}

/// How saved progress was matched to a changed checklist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManifestChange {
    /// Confirmations still valid.
    pub kept: usize,
    /// Confirmed items whose settings changed: pending again.
    pub changed: Vec<DoneItem>,
    /// Confirmed items no longer in the checklist.
    pub removed: Vec<DoneItem>,
}

/// A checklist and the progress made on it.
#[derive(Debug, Clone)]
pub struct Session {
    checklist: GuidedChecklist,
    progress: Progress,
}

impl Session {
    /// Starts from saved progress (or none). When the checklist changed since that progress was
    /// saved, confirmations of items that changed or went away are dropped and reported.
    pub fn start(checklist: GuidedChecklist, saved: Option<Progress>) -> (Self, Option<ManifestChange>) {
        let fresh = Progress {
            version: VERSION,
            partner: checklist.partner.clone(),
            ats: checklist.ats.as_str().to_owned(),
            manifest_fingerprint: checklist.fingerprint.clone(),
            done: Vec::new(),
        };
        let Some(saved) = saved else {
            return (
                Self {
                    checklist,
                    progress: fresh,
                },
                None,
            );
        };
        if saved.manifest_fingerprint == checklist.fingerprint {
            return (
                Self {
                    checklist,
                    progress: saved,
                },
                None,
            );
        }
        let mut change = ManifestChange::default();
        let mut progress = fresh;
        for done in saved.done {
            let same_item = checklist
                .items
                .iter()
                .zip(&checklist.fingerprints)
                .find(|(item, _)| item.name == done.name && item.action == done.action);
            match same_item {
                Some((_, fingerprint)) if *fingerprint == done.fingerprint => {
                    change.kept += 1;
                    progress.done.push(done);
                }
                Some(_) => change.changed.push(done),
                None => change.removed.push(done),
            }
        }
        (Self { checklist, progress }, Some(change))
    }

    pub fn checklist(&self) -> &GuidedChecklist {
        &self.checklist
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    pub fn is_done(&self, index: usize) -> bool {
        let (Some(item), Some(fingerprint)) = (self.checklist.items.get(index), self.checklist.fingerprints.get(index))
        else {
            return false;
        };
        self.progress
            .done
            .iter()
            .any(|done| done.name == item.name && done.action == item.action && done.fingerprint == *fingerprint)
    }

    /// Indexes of the items not confirmed yet, in checklist order.
    pub fn pending(&self) -> Vec<usize> {
        (0..self.checklist.items.len())
            .filter(|index| !self.is_done(*index))
            .collect()
    }

    /// The first pending item after `after` (from the start when `None`).
    pub fn next_pending(&self, after: Option<usize>) -> Option<usize> {
        let start = after.map_or(0, |index| index + 1);
        (start..self.checklist.items.len()).find(|index| !self.is_done(*index))
    }

    /// The session as an apply outcome: each web hook confirmed or still to create.
    /// `confirmed_this_run` counts the confirmations made since the run started.
    pub fn outcome(&self, confirmed_this_run: usize) -> ApplyOutcome {
        let items = self
            .checklist
            .items
            .iter()
            .enumerate()
            .map(|(index, item)| ApplyItem {
                key: item.action.clone(),
                label: item.name.clone(),
                status: if self.is_done(index) {
                    ItemStatus::Confirmed
                } else {
                    ItemStatus::Missing
                },
                id: None,
                notes: Vec::new(),
            })
            .collect();
        ApplyOutcome {
            partner_id: self.checklist.partner.clone(),
            partner_name: self.checklist.partner_name.clone(),
            ats: self.checklist.ats,
            method: ApplyMethod::Guided,
            dry_run: false,
            target: None,
            items,
            next_steps: Vec::new(),
            failure: None,
            confirmed_this_run,
        }
    }

    pub fn done_count(&self) -> usize {
        self.checklist.items.len() - self.pending().len()
    }

    /// Marks item `index` confirmed at `now` (seconds since the epoch).
    pub fn confirm(&mut self, index: usize, now: u64) {
        if self.is_done(index) {
            return;
        }
        let (Some(item), Some(fingerprint)) = (self.checklist.items.get(index), self.checklist.fingerprints.get(index))
        else {
            return;
        };
        self.progress
            .manifest_fingerprint
            .clone_from(&self.checklist.fingerprint);
        self.progress.done.push(DoneItem {
            name: item.name.clone(),
            action: item.action.clone(),
            fingerprint: fingerprint.clone(),
            confirmed_at: now,
        });
    }
}

/// Why progress could not be read or saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("cannot find a home directory for the atsctl state")]
    NoHome,
    #[error("cannot read {}: {reason}", .path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not a valid atsctl progress file: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("cannot write {}: {reason}", .path.display())]
    Write { path: PathBuf, reason: String },
}

/// Where progress is kept: `<state dir>/apply/<partner>-<ats>.json`, the state dir being
/// `$XDG_STATE_HOME/atsctl` (else `~/.local/state/atsctl`) on Linux and the local data directory
/// elsewhere.
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn locate(partner: &str, ats: Ats) -> Result<Self, StateError> {
        let dirs = directories::ProjectDirs::from("", "", "atsctl").ok_or(StateError::NoHome)?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Self::new(base.join("apply").join(file_name(partner, ats))))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved progress, `None` when there is none. A file that cannot be parsed, or that
    /// belongs to another checklist, is an error naming it; it is left as it is.
    pub fn load(&self, expected: &GuidedChecklist) -> Result<Option<Progress>, StateError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(StateError::Read {
                    path: self.path.clone(),
                    reason: error.to_string(),
                });
            }
        };
        let corrupt = |reason: String| StateError::Corrupt {
            path: self.path.clone(),
            reason,
        };
        let progress: Progress = serde_json::from_str(&text).map_err(|error| corrupt(error.to_string()))?;
        if progress.version != VERSION {
            return Err(corrupt(format!(
                "version {} is not one this atsctl reads (it reads version {VERSION})",
                progress.version
            )));
        }
        if progress.partner != expected.partner || progress.ats != expected.ats.as_str() {
            return Err(corrupt(format!(
                "it holds progress for {} on {}, not {} on {}",
                progress.partner,
                progress.ats,
                expected.partner,
                expected.ats.as_str()
            )));
        }
        Ok(Some(progress))
    }

    /// Replaces the file atomically (temporary file + rename in the same directory), under a
    /// lock, with `progress` plus the confirmations another run saved meanwhile for the same
    /// checklist (same partner, ATS and manifest fingerprint).
    pub fn save(&self, progress: &Progress) -> Result<(), StateError> {
        let write = |reason: String| StateError::Write {
            path: self.path.clone(),
            reason,
        };
        let _lock = FileLock::exclusive(&self.path, LOCK_WAIT).map_err(|error| write(error.to_string()))?;
        let merged = match self.read_any() {
            Some(on_disk) => merge(progress, on_disk),
            None => progress.clone(),
        };
        let mut text = serde_json::to_string_pretty(&merged).map_err(|error| write(error.to_string()))?;
        text.push('\n');
        crate::atomic_write::write_atomic(&self.path, text.as_bytes()).map_err(|error| write(error.to_string()))
    }

    /// Whatever progress the file holds now, when it holds any readable progress.
    fn read_any(&self) -> Option<Progress> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        serde_json::from_str(&text).ok()
    }

    /// Deletes the file; `false` when there was none.
    pub fn remove(&self) -> Result<bool, StateError> {
        let _lock = FileLock::exclusive(&self.path, LOCK_WAIT).map_err(|error| StateError::Write {
            path: self.path.clone(),
            reason: error.to_string(),
        })?;
        match std::fs::remove_file(&self.path) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(StateError::Write {
                path: self.path.clone(),
                reason: error.to_string(),
            }),
        }
    }
}

/// `ours` plus the confirmations in `on_disk` it lacks, when both are progress on the same
/// checklist; otherwise `ours` alone (the file belongs to an older manifest or another run's
/// mistake, and `ours` is what this checklist says now).
fn merge(ours: &Progress, on_disk: Progress) -> Progress {
    let mut merged = ours.clone();
    let same_checklist = on_disk.version == ours.version
        && on_disk.partner == ours.partner
        && on_disk.ats == ours.ats
        && on_disk.manifest_fingerprint == ours.manifest_fingerprint;
    if same_checklist {
        for done in on_disk.done {
            let known = merged.done.iter().any(|mine| {
                mine.name == done.name && mine.action == done.action && mine.fingerprint == done.fingerprint
            });
            if !known {
                merged.done.push(done);
            }
        }
    }
    merged
}

/// `<partner>-<ats>.json`, with anything unusual in a file name replaced.
fn file_name(partner: &str, ats: Ats) -> String {
    let safe: String = partner
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}-{}.json", safe.trim_start_matches('.'), ats.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::ValueSourceItem;

    fn item(name: &str, action: &str, url: &str) -> WebhookItem {
        WebhookItem {
            name: name.into(),
            event: format!("When {action}"),
            action: action.into(),
            event_label_verified: true,
            endpoint: Some(ValueSourceItem {
                source: "fixed",
                url: Some(url.into()),
                instructions: format!("Use {url}"),
                v3_instead: None,
            }),
            secret: None,
            error_recipient: None,
            note: None,
            guess: None,
        }
    }

    fn checklist(items: Vec<WebhookItem>) -> GuidedChecklist {
        let fingerprints: Vec<String> = items.iter().map(item_fingerprint).collect();
        let mut whole = Sha256::new();
        for fingerprint in &fingerprints {
            whole.update(fingerprint.as_bytes());
        }
        GuidedChecklist {
            partner: "acme".into(),
            partner_name: "Acme".into(),
            ats: Ats::Greenhouse,
            items,
            fingerprints,
            fingerprint: hex::encode(whole.finalize()),
        }
    }

    fn three() -> Vec<WebhookItem> {
        vec![
            item("A", "hire_candidate", "https://a.example"),
            item("B", "reject_candidate", "https://b.example"),
            item("C", "job_created", "https://c.example"),
        ]
    }

    #[test]
    fn confirming_advances_and_progress_resumes_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("apply/acme-greenhouse.json"));
        let list = checklist(three());
        let (mut session, change) = Session::start(list.clone(), file.load(&list).unwrap());
        assert!(change.is_none());
        assert_eq!(session.next_pending(None), Some(0));
        session.confirm(0, 100);
        session.confirm(0, 101);
        assert_eq!(session.done_count(), 1, "confirming twice counts once");
        file.save(session.progress()).unwrap();

        let (resumed, change) = Session::start(list.clone(), file.load(&list).unwrap());
        assert!(change.is_none());
        assert_eq!(resumed.pending(), vec![1, 2]);
        assert_eq!(resumed.next_pending(None), Some(1));
        assert_eq!(resumed.next_pending(Some(1)), Some(2));
        assert_eq!(resumed.next_pending(Some(2)), None);
    }

    /// Two runs on the same checklist, each confirming a different item and saving: the file
    /// keeps both (the last writer used to win).
    #[test]
    fn two_runs_saving_in_turn_keep_each_others_confirmations() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("apply/acme-greenhouse.json"));
        let list = checklist(three());
        let (mut first, _) = Session::start(list.clone(), file.load(&list).unwrap());
        let (mut second, _) = Session::start(list.clone(), file.load(&list).unwrap());
        first.confirm(0, 100);
        file.save(first.progress()).unwrap();
        second.confirm(2, 101);
        file.save(second.progress()).unwrap();
        first.confirm(0, 100);
        file.save(first.progress()).unwrap();

        let (resumed, _) = Session::start(list.clone(), file.load(&list).unwrap());
        assert_eq!(resumed.pending(), vec![1], "A and C confirmed, by two runs");
        assert_eq!(resumed.progress().done.len(), 2, "no confirmation twice");

        // Progress on another version of the checklist is replaced, not merged.
        let mut items = three();
        items[0] = item("A", "hire_candidate", "https://moved.example");
        let changed = checklist(items);
        let (mut newer, _) = Session::start(changed.clone(), file.load(&changed).unwrap());
        newer.confirm(1, 102);
        file.save(newer.progress()).unwrap();
        let (resumed, _) = Session::start(changed.clone(), file.load(&changed).unwrap());
        assert_eq!(
            resumed.pending(),
            vec![0],
            "A changed: pending again; B and C confirmed"
        );
    }

    #[test]
    fn a_changed_checklist_keeps_only_unchanged_confirmations() {
        let old = checklist(three());
        let (mut session, _) = Session::start(old, None);
        for index in 0..3 {
            session.confirm(index, 1);
        }
        let saved = session.progress().clone();
        let mut items = three();
        items[1] = item("B", "reject_candidate", "https://new.example");
        items.remove(2);
        items.push(item("D", "offer_created", "https://d.example"));
        let (session, change) = Session::start(checklist(items), Some(saved));
        let change = change.expect("the checklist changed");
        assert_eq!(change.kept, 1);
        assert_eq!(
            change.changed.iter().map(|done| done.name.as_str()).collect::<Vec<_>>(),
            ["B"]
        );
        assert_eq!(
            change.removed.iter().map(|done| done.name.as_str()).collect::<Vec<_>>(),
            ["C"]
        );
        assert_eq!(session.pending(), vec![1, 2]);
    }

    #[test]
    fn corrupt_or_foreign_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("acme-greenhouse.json");
        let file = StateFile::new(&path);
        let list = checklist(three());
        std::fs::write(&path, "{\"version\": 1, \"partner\": ").unwrap();
        let error = file.load(&list).unwrap_err();
        assert!(
            matches!(error, StateError::Corrupt { .. }) && error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"version\": 1, \"partner\": "
        );

        let (session, _) = Session::start(checklist(three()), None);
        let mut foreign = session.progress().clone();
        foreign.partner = "other".into();
        file.save(&foreign).unwrap();
        assert!(
            file.load(&list)
                .unwrap_err()
                .to_string()
                .contains("progress for other on greenhouse")
        );
        assert!(file.remove().unwrap());
        assert!(!file.remove().unwrap());
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_name("headhuntr", Ats::Greenhouse), "headhuntr-greenhouse.json");
        assert_eq!(file_name("../etc/passwd", Ats::Lever), "_etc_passwd-lever.json");
    }
}
