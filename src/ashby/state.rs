//! The webhooks `apply` created in Ashby, one file per partner and API host.
//!
//! Ashby has no way to list webhooks (reference, §7: no `webhook.list`; an orphaned webhook
//! cannot be found again by API), so this file is atsctl's only memory of what it made. Each
//! record is written *before* its `webhook.create` is sent (status `intent`, with the nonce the
//! secret token is derived from) and resolved after (`created` with the id, or `exists` when
//! Ashby answered that it already has one). A run killed between the two leaves the intent,
//! which the next run resolves instead of creating blindly (see [`super::apply`]).
//!
//! Records are per API key ([`key_id`], a fingerprint, never the key): two customers' Ashby
//! accounts behind the same host do not share records. The file holds no secret: a token nonce
//! is useless without the API key.
//!
//! Every change goes through [`StateFile::update`], one read-modify-write, so a lock around
//! state files can wrap that one function.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::file_lock::{FileLock, LOCK_WAIT};
use crate::http::{BaseUrl, Secret};

const VERSION: u32 = 1;
/// A state file is a few hundred bytes per webhook; refuse to read anything much larger.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// What the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookState {
    pub version: u32,
    pub partner: String,
    /// The API base URL the records belong to.
    pub api_url: String,
    pub records: Vec<WebhookRecord>,
}

/// One webhook `apply` made, or set out to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookRecord {
    /// [`key_id`] of the API key that made it.
    pub key_id: String,
    pub webhook_type: String,
    /// Normalized by the URL parser (scheme and host case, default port).
    pub request_url: String,
    pub status: RecordStatus,
    /// Ashby's id, when its answer gave one.
    pub id: Option<String>,
    /// `false`: Ashby's ping of the URL failed and the webhook sends nothing until re-enabled.
    pub enabled: Option<bool>,
    /// The nonce a generated secret token is derived from ([`super::secret_token`]); `None`
    /// when the partner gave the token.
    pub token_nonce: Option<String>,
    /// Seconds since the Unix epoch of the last change.
    pub updated_at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Written before `webhook.create` was sent; its outcome was never recorded.
    Intent,
    /// Ashby answered the create with success.
    Created,
    /// Ashby answered that a webhook for this URL and type already exists.
    Exists,
}

impl WebhookState {
    fn empty(partner: &str, api_url: &BaseUrl) -> Self {
        Self {
            version: VERSION,
            partner: partner.to_owned(),
            api_url: api_url.to_string(),
            records: Vec::new(),
        }
    }

    /// The record of `key_id`'s webhook of `webhook_type` to `request_url`.
    pub fn find(&self, key_id: &str, webhook_type: &str, request_url: &str) -> Option<&WebhookRecord> {
        let url = normalize_url(request_url);
        self.records
            .iter()
            .find(|record| record.key_id == key_id && record.webhook_type == webhook_type && record.request_url == url)
    }

    /// Replaces the record for the same key, type and URL, or adds it.
    pub fn put(&mut self, mut record: WebhookRecord) {
        record.request_url = normalize_url(&record.request_url);
        record.updated_at = now();
        match self.records.iter_mut().find(|existing| {
            existing.key_id == record.key_id
                && existing.webhook_type == record.webhook_type
                && existing.request_url == record.request_url
        }) {
            Some(existing) => *existing = record,
            None => self.records.push(record),
        }
    }

    /// Drops the record for this key, type and URL; `true` when there was one.
    pub fn remove(&mut self, key_id: &str, webhook_type: &str, request_url: &str) -> bool {
        let url = normalize_url(request_url);
        let before = self.records.len();
        self.records.retain(|record| {
            !(record.key_id == key_id && record.webhook_type == webhook_type && record.request_url == url)
        });
        self.records.len() < before
    }
}

/// Why the state could not be read or saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("cannot find a home directory for the atsctl state")]
    NoHome,
    #[error("cannot read {}: {reason}", .path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{} is not an atsctl Ashby webhook state file: {reason}", .path.display())]
    Corrupt { path: PathBuf, reason: String },
    #[error("cannot write {}: {reason}", .path.display())]
    Write { path: PathBuf, reason: String },
}

/// One `apply` run's hold on a partner's state file; see [`StateFile::hold_run`].
#[derive(Debug)]
pub struct RunGuard {
    _lock: FileLock,
}

/// Where the records are kept: `<state dir>/ashby/<partner>-<host>.json`, the state dir being
/// `$XDG_STATE_HOME/atsctl` (else `~/.local/state/atsctl`) on Linux and the local data directory
/// elsewhere, as for the guided checklist.
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn locate(partner: &str, api_url: &BaseUrl) -> Result<Self, StateError> {
        let dirs = directories::ProjectDirs::from("", "", "atsctl").ok_or(StateError::NoHome)?;
        let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
        Ok(Self::new(base.join("ashby").join(file_name(partner, api_url))))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Holds this partner's apply for the whole run: a second `apply` for the same partner and
    /// API waits up to `wait`, then stops with a message, rather than planning from records the
    /// first is about to change. The guard releases the lock when dropped (or the process ends).
    pub fn hold_run(&self, wait: std::time::Duration) -> Result<RunGuard, StateError> {
        let mut run = self.path.clone().into_os_string();
        run.push(".run");
        FileLock::exclusive(Path::new(&run), wait)
            .map(|lock| RunGuard { _lock: lock })
            .map_err(|error| StateError::Write {
                path: self.path.clone(),
                reason: error.to_string(),
            })
    }

    /// The records for `partner` at `api_url`; empty when there is no file yet. A file that
    /// cannot be parsed, or belongs to another partner or host, is an error naming it and is
    /// left as it is.
    pub fn load(&self, partner: &str, api_url: &BaseUrl) -> Result<WebhookState, StateError> {
        let read_error = |reason: String| StateError::Read {
            path: self.path.clone(),
            reason,
        };
        let file = match std::fs::File::open(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(WebhookState::empty(partner, api_url));
            }
            Err(error) => return Err(read_error(error.to_string())),
        };
        let mut text = String::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|error| read_error(error.to_string()))?;
        let corrupt = |reason: String| StateError::Corrupt {
            path: self.path.clone(),
            reason,
        };
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(corrupt(format!("it is larger than {MAX_FILE_BYTES} bytes")));
        }
        let state: WebhookState = serde_json::from_str(&text).map_err(|error| corrupt(error.to_string()))?;
        if state.version != VERSION {
            return Err(corrupt(format!(
                "version {} is not one this atsctl reads (it reads version {VERSION})",
                state.version
            )));
        }
        let api = api_url.to_string();
        if state.partner != partner || state.api_url != api {
            return Err(corrupt(format!(
                "it holds webhooks of {} at {}, not {partner} at {api}",
                state.partner, state.api_url
            )));
        }
        Ok(state)
    }

    /// Reads the records, applies `change`, and writes them back atomically (temporary file +
    /// rename). The one function that changes the file.
    pub fn update<T>(
        &self,
        partner: &str,
        api_url: &BaseUrl,
        change: impl FnOnce(&mut WebhookState) -> T,
    ) -> Result<T, StateError> {
        let write = |reason: String| StateError::Write {
            path: self.path.clone(),
            reason,
        };
        // Parallel runs each add their record instead of the last writer dropping the others'.
        let _lock = FileLock::exclusive(&self.path, LOCK_WAIT).map_err(|error| write(error.to_string()))?;
        let mut state = self.load(partner, api_url)?;
        let result = change(&mut state);
        let mut text = serde_json::to_string_pretty(&state).map_err(|error| write(error.to_string()))?;
        text.push('\n');
        crate::atomic_write::write_atomic(&self.path, text.as_bytes()).map_err(|error| write(error.to_string()))?;
        Ok(result)
    }
}

/// A stable, non-reversible name for an API key: the first 16 hex digits of a labelled SHA-256.
/// Ashby keys are long random strings, so the fingerprint tells nothing about the key.
pub fn key_id(api_key: &Secret) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"atsctl/ashby/key-id/v1\0");
    hasher.update(api_key.expose().as_bytes());
    hex::encode(hasher.finalize())[..16].to_owned()
}

/// `request_url` as the URL parser normalizes it, or trimmed when it does not parse.
pub fn normalize_url(request_url: &str) -> String {
    url::Url::parse(request_url.trim()).map_or_else(|_| request_url.trim().to_owned(), |url| url.to_string())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

/// `<partner>-<host>[_<port>].json`, with anything unusual in a file name replaced.
fn file_name(partner: &str, api_url: &BaseUrl) -> String {
    let url = api_url.as_url();
    let host = url.host_str().unwrap_or("ashby");
    let place = match url.port() {
        Some(port) => format!("{host}_{port}"),
        None => host.to_owned(),
    };
    let safe = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("{}-{}.json", safe(partner).trim_start_matches('.'), safe(&place))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        BaseUrl::parse("X", "http://127.0.0.1:4020").unwrap()
    }

    #[test]
    fn a_second_run_for_the_same_partner_is_refused_while_the_first_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("ashby/p-127.0.0.1_4020.json"));
        let first = file
            .hold_run(std::time::Duration::ZERO)
            .expect("the first run holds it");
        let second = file.hold_run(std::time::Duration::ZERO).unwrap_err();
        assert!(second.to_string().contains("another atsctl"), "{second}");
        // Records can still be written while a run holds the file: the run lock is its own.
        file.update("p", &base(), |state| state.records.len()).expect("update");
        drop(first);
        file.hold_run(std::time::Duration::ZERO)
            .expect("free again once the first run ends");
    }

    fn record(key_id: &str, status: RecordStatus) -> WebhookRecord {
        WebhookRecord {
            key_id: key_id.into(),
            webhook_type: "candidateHire".into(),
            request_url: "https://Hooks.Example/ashby".into(),
            status,
            id: None,
            enabled: None,
            token_nonce: Some("00".repeat(32)),
            updated_at: 0,
        }
    }

    #[test]
    fn records_survive_a_round_trip_and_match_by_key_type_and_url() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("s/p.json"));
        assert!(file.load("p", &base()).unwrap().records.is_empty());
        file.update("p", &base(), |state| state.put(record("k1", RecordStatus::Intent)))
            .unwrap();
        let created = file
            .update("p", &base(), |state| {
                let mut done = record("k1", RecordStatus::Created);
                done.id = Some("wh-1".into());
                state.put(done);
                state.records.len()
            })
            .unwrap();
        assert_eq!(created, 1, "the intent was replaced, not duplicated");
        let state = file.load("p", &base()).unwrap();
        let found = state
            .find("k1", "candidateHire", "https://hooks.example/ashby")
            .unwrap();
        assert_eq!(
            (found.status, found.id.as_deref()),
            (RecordStatus::Created, Some("wh-1"))
        );
        assert!(found.updated_at > 0);
        assert!(
            state
                .find("k2", "candidateHire", "https://hooks.example/ashby")
                .is_none()
        );
        assert!(
            state
                .find("k1", "candidateHire", "https://hooks.example/ashby/")
                .is_none()
        );
        let mut state = state;
        assert!(state.remove("k1", "candidateHire", "https://HOOKS.example/ashby"));
        assert!(state.records.is_empty());
    }

    #[test]
    fn foreign_or_broken_files_are_errors_left_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.json");
        let file = StateFile::new(&path);
        file.update("p", &base(), |_| ()).unwrap();
        let other = BaseUrl::parse("X", "https://api.ashbyhq.com").unwrap();
        let error = file.load("p", &other).unwrap_err();
        assert!(
            error.to_string().contains("not p at https://api.ashbyhq.com"),
            "{error}"
        );
        assert!(matches!(file.load("q", &base()), Err(StateError::Corrupt { .. })));
        std::fs::write(&path, "{ not json").unwrap();
        assert!(matches!(
            file.update("p", &base(), |_| ()),
            Err(StateError::Corrupt { .. })
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json", "left as it was");
        std::fs::write(&path, vec![b' '; (MAX_FILE_BYTES + 10) as usize]).unwrap();
        assert!(file.load("p", &base()).unwrap_err().to_string().contains("larger than"));
    }

    #[test]
    fn key_ids_are_stable_short_and_not_the_key() {
        let key = Secret::new("canary-ashby-key-90817");
        let id = key_id(&key);
        assert_eq!(id.len(), 16);
        assert_eq!(id, key_id(&Secret::new("canary-ashby-key-90817")));
        assert_ne!(id, key_id(&Secret::new("canary-ashby-key-90818")));
        assert!(!id.contains("canary"));
    }

    #[test]
    fn file_names_carry_partner_and_host() {
        assert_eq!(file_name("acme", &base()), "acme-127.0.0.1_4020.json");
        let ashby = BaseUrl::parse("X", "https://api.ashbyhq.com").unwrap();
        assert_eq!(file_name("../x", &ashby), "_x-api.ashbyhq.com.json");
    }
}
