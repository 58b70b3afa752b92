//! Which of a manifest's webhooks have been received and verified, which unexpected events
//! arrived, and which deliveries were repeats. Turns each [`Inspection`] into the
//! [`DeliveryRecord`] that is shown and printed.
//!
//! A repeat is an authentic delivery whose event id (`Greenhouse-Event-ID`, Lever's `token`)
//! or whose signed content (see [`Inspection::signed_digest`]) was seen before. Greenhouse does
//! not sign its event id header, so the id alone would let anyone holding one captured delivery
//! make it count again by changing or dropping the header; the digest cannot be changed without
//! breaking the signature.

use std::collections::{BTreeMap, HashSet, VecDeque};
use std::time::SystemTime;

use serde::Serialize;

use super::inspect::{Inspection, Kind};
use super::{DeliveryRecord, Verdict, clock};
use crate::manifest::{Ats, Manifest};

/// Deliveries remembered for spotting duplicates (each by its event id and its signed digest).
/// Greenhouse retries a delivery for about 15 hours and Lever 5 times (reference README); a
/// setup check sees far fewer than this, and the bound keeps a long-running receiver's memory
/// flat. The oldest are forgotten first.
const REMEMBERED_DELIVERIES: usize = 100_000;

/// Distinct unexpected event names tallied one by one; the rest are counted together.
const DISTINCT_UNEXPECTED: usize = 256;
const OTHER_EVENTS: &str = "(other events)";

/// One webhook the manifest expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedWebhook {
    /// The manifest's name (Greenhouse's "Name" field); for Lever, the event.
    pub name: String,
    /// Greenhouse's `action` or Lever's `event`.
    pub event: String,
}

/// Where one expected webhook stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookProgress {
    pub name: String,
    pub event: String,
    /// Verified deliveries, duplicates not counted.
    pub verified: u64,
    /// Refused deliveries of this event (a wrong secret shows up here).
    pub rejected: u64,
    pub first_verified_at: Option<String>,
}

/// Progress across every delivery so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub ats: Ats,
    pub webhooks: Vec<WebhookProgress>,
    /// Authentic deliveries of events no expected webhook sends, by event.
    pub unexpected: BTreeMap<String, u64>,
    /// Deliveries by verdict.
    pub verdicts: BTreeMap<Verdict, u64>,
}

impl Progress {
    /// Expected webhooks with at least one verified delivery.
    pub fn verified(&self) -> usize {
        self.webhooks.iter().filter(|webhook| webhook.verified > 0).count()
    }

    pub fn expected(&self) -> usize {
        self.webhooks.len()
    }

    /// Every expected webhook has been verified.
    pub fn is_complete(&self) -> bool {
        self.webhooks.iter().all(|webhook| webhook.verified > 0)
    }

    pub fn missing(&self) -> impl Iterator<Item = &WebhookProgress> {
        self.webhooks.iter().filter(|webhook| webhook.verified == 0)
    }

    pub fn count(&self, verdict: Verdict) -> u64 {
        self.verdicts.get(&verdict).copied().unwrap_or(0)
    }

    /// Deliveries refused (answered 4xx).
    pub fn rejected(&self) -> u64 {
        self.verdicts
            .iter()
            .filter(|(verdict, _)| verdict.is_rejection())
            .map(|(_, count)| count)
            .sum()
    }
}

/// What identifies a delivery already received.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seen {
    EventId(String),
    Signed([u8; 32]),
}

/// Keeps [`Progress`] and the deliveries seen, one delivery at a time.
#[derive(Debug, Clone)]
pub struct Tracker {
    progress: Progress,
    seen: HashSet<Seen>,
    /// The keys of each remembered delivery, oldest first.
    seen_order: VecDeque<Vec<Seen>>,
}

impl Tracker {
    pub fn new(ats: Ats, expected: Vec<ExpectedWebhook>) -> Self {
        let webhooks = expected
            .into_iter()
            .map(|webhook| WebhookProgress {
                name: webhook.name,
                event: webhook.event,
                verified: 0,
                rejected: 0,
                first_verified_at: None,
            })
            .collect();
        Self {
            progress: Progress {
                ats,
                webhooks,
                unexpected: BTreeMap::new(),
                verdicts: BTreeMap::new(),
            },
            seen: HashSet::new(),
            seen_order: VecDeque::new(),
        }
    }

    /// The webhooks `manifest` sets up on `ats`, in manifest order.
    pub fn for_manifest(manifest: &Manifest, ats: Ats) -> Self {
        Self::new(ats, expected_webhooks(manifest, ats))
    }

    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// Records one judged request, received at `received_at`.
    pub fn record(&mut self, inspection: Inspection, received_at: SystemTime) -> DeliveryRecord {
        let received_at = clock::rfc3339(received_at);
        let Inspection {
            kind,
            status,
            event,
            event_id,
            secret,
            signed_digest,
            mut reason,
        } = inspection;
        let matching: Vec<usize> = event.as_deref().map_or_else(Vec::new, |event| {
            self.progress
                .webhooks
                .iter()
                .enumerate()
                .filter(|(_, webhook)| webhook.event == event)
                .map(|(index, _)| index)
                .collect()
        });
        let repeat = match kind {
            Kind::Authentic => self.remember(event_id.as_deref(), signed_digest),
            Kind::Ping | Kind::Rejected(_) => None,
        };
        let verdict = match kind {
            Kind::Rejected(verdict) => {
                for &index in &matching {
                    self.progress.webhooks[index].rejected += 1;
                }
                verdict
            }
            Kind::Ping => Verdict::Ping,
            Kind::Authentic if repeat.is_some() => {
                reason = Some(
                    if matches!(repeat, Some(Seen::Signed(_))) {
                        "already received with the same signed content (the event id differs or is missing); answered 200, not counted again"
                    } else {
                        "already received with this event id; answered 200, not counted again"
                    }
                    .to_owned(),
                );
                Verdict::Duplicate
            }
            Kind::Authentic if matching.is_empty() => {
                let name = event.clone().unwrap_or_default();
                let distinct = self.progress.unexpected.len();
                let key = if self.progress.unexpected.contains_key(&name) || distinct < DISTINCT_UNEXPECTED {
                    name
                } else {
                    OTHER_EVENTS.to_owned()
                };
                *self.progress.unexpected.entry(key).or_default() += 1;
                reason = Some("no webhook of the manifest sends this event".to_owned());
                Verdict::Unexpected
            }
            Kind::Authentic => {
                for &index in &matching {
                    let webhook = &mut self.progress.webhooks[index];
                    webhook.verified += 1;
                    webhook.first_verified_at.get_or_insert_with(|| received_at.clone());
                }
                Verdict::Verified
            }
        };
        *self.progress.verdicts.entry(verdict).or_default() += 1;
        let webhook = matching
            .first()
            .map(|&index| self.progress.webhooks[index].name.clone());
        DeliveryRecord {
            received_at,
            ats: self.progress.ats,
            event,
            webhook,
            verdict,
            status,
            event_id,
            secret: secret.map(|index| index + 1),
            reason,
        }
    }

    /// Remembers a delivery by its event id and signed digest. When either was seen before, it
    /// is a repeat: that key is returned and nothing new is remembered, so a replay under a new
    /// event id cannot claim that id ahead of the delivery that really carries it.
    fn remember(&mut self, event_id: Option<&str>, signed_digest: Option<[u8; 32]>) -> Option<Seen> {
        let keys: Vec<Seen> = event_id
            .map(|id| Seen::EventId(id.to_owned()))
            .into_iter()
            .chain(signed_digest.map(Seen::Signed))
            .collect();
        if let Some(known) = keys.iter().find(|key| self.seen.contains(*key)) {
            return Some(known.clone());
        }
        if keys.is_empty() {
            return None;
        }
        if self.seen_order.len() >= REMEMBERED_DELIVERIES
            && let Some(oldest) = self.seen_order.pop_front()
        {
            for key in &oldest {
                self.seen.remove(key);
            }
        }
        self.seen.extend(keys.iter().cloned());
        self.seen_order.push_back(keys);
        None
    }
}

/// The webhooks `manifest` sets up on `ats`, as that ATS's folder reads them.
pub fn expected_webhooks(manifest: &Manifest, ats: Ats) -> Vec<ExpectedWebhook> {
    (ats.spec().expected_webhooks)(manifest)
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    fn authentic(event: &str, id: Option<&str>) -> Inspection {
        Inspection {
            kind: Kind::Authentic,
            status: 200,
            event: Some(event.to_owned()),
            event_id: id.map(str::to_owned),
            secret: Some(0),
            signed_digest: None,
            reason: None,
        }
    }

    fn signed(event: &str, id: Option<&str>, content: u8) -> Inspection {
        Inspection {
            signed_digest: Some([content; 32]),
            ..authentic(event, id)
        }
    }

    fn tracker() -> Tracker {
        Tracker::new(
            Ats::Greenhouse,
            vec![
                ExpectedWebhook {
                    name: "Hired".into(),
                    event: "hire_candidate".into(),
                },
                ExpectedWebhook {
                    name: "Stage".into(),
                    event: "candidate_stage_change".into(),
                },
            ],
        )
    }

    #[test]
    fn counts_each_expected_webhook_once_and_drops_duplicates() {
        let mut tracker = tracker();
        let now = SystemTime::now();
        let first = tracker.record(authentic("hire_candidate", Some("1")), now);
        assert_eq!(
            (first.verdict, first.webhook.as_deref(), first.secret),
            (Verdict::Verified, Some("Hired"), Some(1))
        );
        let again = tracker.record(authentic("hire_candidate", Some("1")), now);
        assert_eq!(again.verdict, Verdict::Duplicate);
        assert_eq!(tracker.progress().webhooks[0].verified, 1);
        assert_eq!((tracker.progress().verified(), tracker.progress().expected()), (1, 2));
        assert!(!tracker.progress().is_complete());
        assert_eq!(
            tracker
                .progress()
                .missing()
                .map(|webhook| webhook.name.as_str())
                .collect::<Vec<_>>(),
            ["Stage"]
        );

        tracker.record(authentic("candidate_stage_change", None), now);
        tracker.record(authentic("candidate_stage_change", None), now);
        assert!(tracker.progress().is_complete());
        assert_eq!(
            tracker.progress().webhooks[1].verified,
            2,
            "without an id or a signed digest, repeats cannot be told apart"
        );
        assert_eq!(tracker.progress().count(Verdict::Duplicate), 1);
    }

    #[test]
    fn the_same_signed_content_under_another_event_id_or_none_is_a_duplicate() {
        let mut tracker = tracker();
        let now = SystemTime::now();
        let first = tracker.record(signed("hire_candidate", Some("gh-1"), 7), now);
        assert_eq!(first.verdict, Verdict::Verified);
        for replay in [
            signed("hire_candidate", Some("gh-2"), 7),
            signed("hire_candidate", None, 7),
            signed("hire_candidate", Some(""), 7),
            signed("hire_candidate", Some("gh-1"), 7),
        ] {
            let record = tracker.record(replay, now);
            assert_eq!(record.verdict, Verdict::Duplicate, "{record:?}");
            assert!(record.reason.is_some_and(|reason| reason.contains("already received")));
        }
        assert_eq!(tracker.progress().webhooks[0].verified, 1);
        assert_eq!(tracker.progress().count(Verdict::Duplicate), 4);

        // The replays' ids were not remembered: the delivery that really carries gh-2 counts.
        let real = tracker.record(signed("hire_candidate", Some("gh-2"), 8), now);
        assert_eq!(real.verdict, Verdict::Verified);
        // The same id with other content is still the same event (Greenhouse's own retry).
        let retry = tracker.record(signed("candidate_stage_change", Some("gh-2"), 9), now);
        assert_eq!(retry.verdict, Verdict::Duplicate);
        assert!(
            retry.reason.is_some_and(|reason| reason.contains("this event id")),
            "the id is named as the reason"
        );
    }

    #[test]
    fn unexpected_pings_and_rejections_are_not_verified() {
        let mut tracker = tracker();
        let now = SystemTime::now();
        assert_eq!(
            tracker.record(authentic("offer_created", Some("a")), now).verdict,
            Verdict::Unexpected
        );
        let ping = Inspection {
            kind: Kind::Ping,
            ..authentic("ping", None)
        };
        assert_eq!(tracker.record(ping, now).verdict, Verdict::Ping);
        let refused = Inspection {
            kind: Kind::Rejected(Verdict::InvalidSignature),
            status: 401,
            ..authentic("hire_candidate", Some("b"))
        };
        let record = tracker.record(refused, now);
        assert_eq!(
            (record.verdict, record.status, record.webhook.as_deref()),
            (Verdict::InvalidSignature, 401, Some("Hired"))
        );
        // A refused delivery's id is not remembered: the genuine one may still come.
        assert_eq!(
            tracker.record(authentic("hire_candidate", Some("b")), now).verdict,
            Verdict::Verified
        );
        let progress = tracker.progress();
        assert_eq!(progress.unexpected.get("offer_created"), Some(&1));
        assert_eq!((progress.webhooks[0].verified, progress.webhooks[0].rejected), (1, 1));
        assert_eq!(progress.rejected(), 1);
    }

    #[test]
    fn memory_is_bounded() {
        let mut tracker = tracker();
        let now = SystemTime::now();
        for index in 0..(REMEMBERED_DELIVERIES + 10) {
            let digest = Sha256::digest(index.to_le_bytes()).into();
            let inspection = Inspection {
                signed_digest: Some(digest),
                ..authentic("offer_created", Some(&index.to_string()))
            };
            tracker.record(inspection, now);
        }
        assert_eq!(tracker.seen_order.len(), REMEMBERED_DELIVERIES);
        assert_eq!(tracker.seen.len(), 2 * REMEMBERED_DELIVERIES, "an id and a digest each");
        for index in 0..300 {
            tracker.record(authentic(&format!("event_{index}"), None), now);
        }
        assert!(tracker.progress().unexpected.len() <= DISTINCT_UNEXPECTED + 1);
        assert!(tracker.progress().unexpected.contains_key(OTHER_EVENTS));
    }

    #[test]
    fn expected_webhooks_come_from_the_manifest() {
        let bundled = crate::manifest::bundled("resource-io").expect("bundled");
        let manifest = crate::manifest::load(bundled.file, bundled.text)
            .manifest
            .expect("loads");
        let expected = expected_webhooks(&manifest, Ats::Greenhouse);
        assert_eq!(
            expected,
            [ExpectedWebhook {
                name: "Resource.io".into(),
                event: "candidate_stage_change".into()
            }]
        );
        assert!(expected_webhooks(&manifest, Ats::Lever).is_empty());
    }
}
