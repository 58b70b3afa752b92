//! `validate --ats lever`: read the account's pipeline stages and webhooks (GETs only) and
//! compare them with what the manifest's Lever section needs.
//!
//! Two things cannot be read with an API key and are listed for a person to check: the Super
//! Admin's webhook toggles (reference README, "Lever": "a Super Admin must still switch that
//! event group on ... before anything is sent") and, for partners that connect through OAuth,
//! whether that authorization was granted.

use super::records::{Stage, Webhook, stage_matches};
use super::report::{
    Fix, LeverReport, ManualCheck, PartnerRef, StageReport, Status, Summary, Verdict, WebhookRef, WebhookReport,
};
use super::{ErrorKind, LeverClient, LeverError, TOGGLE_PLACE, webhook_url};
use crate::ats::{Ats, Fix as AtsFix};
use crate::manifest::{LeverAuthMethod, LeverSetup, Manifest, Need};

/// What a check is about besides the manifest.
#[derive(Debug, Clone)]
pub struct CheckContext {
    /// The credential, described without its secret ("API key from ATSCTL_LEVER_API_KEY").
    pub credential: String,
    /// Where the API URL came from.
    pub api_url_source: String,
    /// `--webhook-url`: every webhook must point here. Otherwise the manifest's fixed URL, if
    /// any; otherwise any URL counts.
    pub webhook_url: Option<String>,
}

/// A list read from Lever, or the 403 that kept it from us.
enum Listed<T> {
    Read { items: Vec<T>, skipped: usize },
    NoAccess(LeverError),
}

/// Checks the account behind `client` against `manifest`'s Lever section. Errors only for what
/// stops the whole check: a rejected key, an unreachable API.
pub async fn check(
    manifest: &Manifest,
    client: &LeverClient,
    context: &CheckContext,
) -> Result<LeverReport, LeverError> {
    let Some(setup) = manifest.lever.as_ref() else {
        return Err(LeverError::new(
            ErrorKind::Usage,
            format!("{} has no Lever setup to validate", manifest.partner.name),
        ));
    };
    let stages = listed(client.stages().await)?;
    let webhooks = listed(client.webhooks().await)?;
    Ok(build(manifest, setup, client, context, &stages, &webhooks))
}

fn listed<T>(result: Result<(Vec<T>, usize), LeverError>) -> Result<Listed<T>, LeverError> {
    match result {
        Ok((items, skipped)) => Ok(Listed::Read { items, skipped }),
        Err(error) if error.kind == ErrorKind::NoAccess => Ok(Listed::NoAccess(error)),
        Err(error) => Err(error),
    }
}

fn build(
    manifest: &Manifest,
    setup: &LeverSetup,
    client: &LeverClient,
    context: &CheckContext,
    stages: &Listed<Stage>,
    webhooks: &Listed<Webhook>,
) -> LeverReport {
    let mut fixes = Vec::new();
    let mut notes = Vec::new();
    let stage_rows = stage_rows(setup, stages, &mut fixes, &mut notes);
    let webhook_rows = webhook_rows(manifest, setup, context, webhooks, &mut fixes, &mut notes);
    let mut report = LeverReport {
        partner: PartnerRef {
            id: manifest.partner.id.clone(),
            name: manifest.partner.name.clone(),
        },
        api_url: client.base_url().to_string(),
        api_url_source: context.api_url_source.clone(),
        credential: context.credential.clone(),
        stages: stage_rows,
        webhooks: webhook_rows,
        manual: manual_checks(manifest, setup),
        fixes,
        notes,
        summary: Summary::default(),
        verdict: Verdict::Ok,
    };
    report.finish();
    report
}

fn stage_rows(
    setup: &LeverSetup,
    stages: &Listed<Stage>,
    fixes: &mut Vec<Fix>,
    notes: &mut Vec<String>,
) -> Vec<StageReport> {
    if let Listed::Read { skipped, .. } = stages
        && *skipped > 0
    {
        notes.push(format!("{skipped} stage record(s) had no id or text and were ignored"));
    }
    let mut no_access_fixed = false;
    setup
        .stages
        .iter()
        .map(|wanted| {
            let required = wanted.need == Need::Required;
            let (status, matched, note) = match stages {
                Listed::NoAccess(error) => {
                    if !no_access_fixed {
                        no_access_fixed = true;
                        fixes.push(Fix {
                            item: "API key: stages".to_owned(),
                            action: AtsFix::InAts(error.help.first().cloned().unwrap_or_else(|| error.message.clone())),
                        });
                    }
                    (Status::NoAccess, None, Some(error.message.clone()))
                }
                Listed::Read { items, .. } => match items.iter().find(|stage| stage_matches(&stage.text, &wanted.name))
                {
                    Some(stage) => {
                        let note = (stage.text != wanted.name).then(|| format!("named {:?} in Lever", stage.text));
                        (Status::Present, Some(stage.clone()), note)
                    }
                    None => {
                        if required {
                            let mut action = format!("Add a pipeline stage named \"{}\"", wanted.name);
                            if let Some(purpose) = &wanted.purpose {
                                action.push_str(&format!(" ({})", purpose.trim().trim_end_matches('.')));
                            }
                            action.push('.');
                            if let Some(help) = &wanted.help {
                                action.push(' ');
                                action.push_str(help.trim());
                            }
                            fixes.push(Fix {
                                item: format!("stage: {}", wanted.name),
                                action: AtsFix::InAts(action),
                            });
                        }
                        let note = format!("no stage named \"{}\" among {} stage(s)", wanted.name, items.len());
                        (Status::Missing, None, Some(note))
                    }
                },
            };
            StageReport {
                name: wanted.name.clone(),
                required,
                status,
                matched,
                note,
            }
        })
        .collect()
}

fn webhook_rows(
    manifest: &Manifest,
    setup: &LeverSetup,
    context: &CheckContext,
    webhooks: &Listed<Webhook>,
    fixes: &mut Vec<Fix>,
    notes: &mut Vec<String>,
) -> Vec<WebhookReport> {
    if let Listed::Read { skipped, .. } = webhooks
        && *skipped > 0
    {
        notes.push(format!(
            "{skipped} webhook record(s) had no id, url or event and were ignored"
        ));
    }
    let mut no_access_fixed = false;
    setup
        .webhooks
        .iter()
        .map(|wanted| {
            let event = wanted.event.event();
            let expected_url = context
                .webhook_url
                .clone()
                .or_else(|| wanted.endpoint.as_ref().and_then(|endpoint| endpoint.url.clone()));
            let mut row = WebhookReport {
                event: event.to_owned(),
                toggle_label: wanted.event.toggle_label().to_owned(),
                expected_url: expected_url.clone(),
                status: Status::Missing,
                matching: Vec::new(),
                elsewhere: Vec::new(),
                note: None,
            };
            let items = match webhooks {
                Listed::NoAccess(error) => {
                    if !no_access_fixed {
                        no_access_fixed = true;
                        fixes.push(Fix {
                            item: "API key: webhooks".to_owned(),
                            action: AtsFix::InAts(error.help.first().cloned().unwrap_or_else(|| error.message.clone())),
                        });
                    }
                    row.status = Status::NoAccess;
                    row.note = Some(error.message.clone());
                    return row;
                }
                Listed::Read { items, .. } => items,
            };
            for webhook in items.iter().filter(|webhook| webhook.event == event) {
                let reference = WebhookRef {
                    id: webhook.id.clone(),
                    url: webhook.url.clone(),
                };
                match &expected_url {
                    Some(url) if !webhook_url::same(url, &webhook.url) => row.elsewhere.push(reference),
                    _ => row.matching.push(reference),
                }
            }
            if row.matching.is_empty() {
                fixes.push(Fix {
                    item: format!("webhook: {event}"),
                    action: AtsFix::RunApply {
                        partner: manifest.partner.id.clone(),
                        ats: Ats::Lever,
                        event: event.to_owned(),
                        webhook_url: expected_url.clone(),
                    },
                });
                row.note = Some(match (row.elsewhere.len(), &expected_url) {
                    (0, _) => format!("no {event} webhook"),
                    (count, Some(url)) => format!("{count} {event} webhook(s), none pointing at {url}"),
                    (count, None) => format!("{count} {event} webhook(s)"),
                });
            } else {
                row.status = Status::Present;
                if row.matching.len() > 1 {
                    row.note = Some(format!(
                        "{} identical webhooks: Lever will deliver each event {} times",
                        row.matching.len(),
                        row.matching.len()
                    ));
                }
            }
            row
        })
        .collect()
}

fn manual_checks(manifest: &Manifest, setup: &LeverSetup) -> Vec<ManualCheck> {
    let mut manual: Vec<ManualCheck> = setup
        .webhooks
        .iter()
        .map(|webhook| ManualCheck {
            item: format!("toggle: {}", webhook.event.toggle_label()),
            action: format!(
                "A Lever Super Admin must switch on \"{}\" in {TOGGLE_PLACE}; Lever sends nothing until then, and no API reads the toggle.",
                webhook.event.toggle_label()
            ),
        })
        .collect();
    if let Some(authorization) = &setup.authorization
        && authorization.method == LeverAuthMethod::Oauth
    {
        let who = authorization
            .who
            .as_deref()
            .map_or_else(String::new, |who| format!(" ({who})"));
        manual.push(ManualCheck {
            item: "authorization".to_owned(),
            action: format!(
                "{} connects through Lever's OAuth consent{who}; an API key cannot see whether that was granted.",
                manifest.partner.name
            ),
        });
    }
    manual
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{BaseUrl, Secret};
    use crate::lever::LeverOptions;
    use crate::lever::records::parse_webhook;

    fn hipeople() -> Manifest {
        let bundled = crate::manifest::bundled("hipeople").unwrap();
        crate::manifest::load(bundled.file, bundled.text).manifest.unwrap()
    }

    fn client() -> LeverClient {
        let base = BaseUrl::parse("X", "http://127.0.0.1:9/v1").unwrap();
        LeverClient::new(base, Secret::new("k-000000"), &LeverOptions::default()).unwrap()
    }

    fn context(url: Option<&str>) -> CheckContext {
        CheckContext {
            credential: "API key".into(),
            api_url_source: "test".into(),
            webhook_url: url.map(str::to_owned),
        }
    }

    fn stage(text: &str) -> Stage {
        Stage {
            id: format!("id-{text}"),
            text: text.to_owned(),
        }
    }

    fn webhook(url: &str, event: &str) -> Webhook {
        parse_webhook(&serde_json::json!({ "id": format!("wh-{url}"), "url": url, "event": event })).unwrap()
    }

    fn read<T>(items: Vec<T>) -> Listed<T> {
        Listed::Read { items, skipped: 0 }
    }

    #[test]
    fn a_missing_reference_check_stage_is_a_finding_with_lever_help() {
        let manifest = hipeople();
        let setup = manifest.lever.as_ref().unwrap();
        let report = build(
            &manifest,
            setup,
            &client(),
            &context(None),
            &read(vec![stage("New applicant"), stage("Phone screen")]),
            &read(vec![webhook("https://x.example/h", "candidateStageChange")]),
        );
        assert_eq!(report.verdict, Verdict::Findings);
        assert_eq!(report.stages[0].status, Status::Missing);
        let fix = &report.fixes[0];
        assert_eq!(fix.item, "stage: Reference check");
        let AtsFix::InAts(action) = &fix.action else {
            panic!("{fix:?}")
        };
        assert!(action.contains("ask Lever Support"), "{action}");
        assert!(
            report
                .manual
                .iter()
                .any(|check| check.action.contains("Candidate stage change"))
        );
    }

    #[test]
    fn stage_and_any_webhook_pass_without_an_expected_url() {
        let manifest = hipeople();
        let report = build(
            &manifest,
            manifest.lever.as_ref().unwrap(),
            &client(),
            &context(None),
            &read(vec![stage(" REFERENCE check ")]),
            &read(vec![webhook("https://x.example/h", "candidateStageChange")]),
        );
        assert_eq!(report.verdict, Verdict::Ok, "{report:?}");
        assert_eq!(
            report.stages[0].note.as_deref(),
            Some("named \" REFERENCE check \" in Lever")
        );
        assert_eq!(report.webhooks[0].matching.len(), 1);
    }

    #[test]
    fn an_expected_url_must_match() {
        let manifest = hipeople();
        let report = build(
            &manifest,
            manifest.lever.as_ref().unwrap(),
            &client(),
            &context(Some("https://hooks.hipeople.example/lever")),
            &read(vec![stage("Reference check")]),
            &read(vec![
                webhook("https://x.example/h", "candidateStageChange"),
                webhook("https://hooks.hipeople.example/lever", "candidateHired"),
            ]),
        );
        assert_eq!(report.verdict, Verdict::Findings);
        let row = &report.webhooks[0];
        assert_eq!((row.status, row.elsewhere.len()), (Status::Missing, 1));
        assert!(row.note.as_deref().unwrap().contains("none pointing at"), "{row:?}");
        let AtsFix::RunApply { webhook_url, .. } = &report.fixes[0].action else {
            panic!("{:?}", report.fixes[0])
        };
        assert_eq!(webhook_url.as_deref(), Some("https://hooks.hipeople.example/lever"));
    }

    #[test]
    fn no_access_is_reported_per_row_with_one_fix() {
        let manifest = hipeople();
        let forbidden = LeverError::new(ErrorKind::NoAccess, "the API key has no access to webhooks (403)")
            .with_help("give the key access to webhooks");
        let report = build(
            &manifest,
            manifest.lever.as_ref().unwrap(),
            &client(),
            &context(None),
            &read(vec![stage("Reference check")]),
            &Listed::NoAccess(forbidden),
        );
        assert_eq!(report.webhooks[0].status, Status::NoAccess);
        assert_eq!(report.verdict, Verdict::Findings);
        assert_eq!(report.fixes.len(), 1);
        assert_eq!(
            report.fixes[0].action,
            AtsFix::InAts("give the key access to webhooks".to_owned())
        );
    }
}
