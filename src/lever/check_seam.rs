//! Lever's check as the seam runs it ([`crate::ats::AtsSpec::check`]): a client for the
//! resolved key on the host its region or URL names, the stages and webhooks read with GETs, and
//! the report as a [`crate::ats::CheckOutcome`] — with how the wizard reads it when its next step
//! creates the missing webhooks.

use std::sync::Arc;

use super::check::{self, CheckContext};
use super::credential::ResolvedLever;
use super::report::{LeverReport, Status};
use super::seam::ATS;
use super::{LeverClient, LeverOptions, webhook_url};
use crate::ats::check::{other_ats, unusable};
use crate::ats::{self, BeforeWebhooks, CheckEvent, CheckFuture, CheckOutcome, CheckRequest, Failure, Fix};

/// The environment and stdin first, then a profile.
pub(crate) fn check(request: CheckRequest<'_>) -> CheckFuture<'_> {
    Box::pin(run(request))
}

async fn run(request: CheckRequest<'_>) -> Result<CheckOutcome, Failure> {
    let resolved = request
        .credential
        .get::<ResolvedLever>()
        .ok_or_else(|| other_ats(&request, ATS))?;
    let settings = request.settings;
    let webhook_url = match settings.webhook_url.as_deref() {
        Some(url) => Some(webhook_url::parse(url).map_err(|problem| unusable(format!("--webhook-url: {problem}")))?),
        None => None,
    };
    let region = super::credential::LeverRegion::from_flag(settings.region.as_deref())?;
    let url = super::resolve_url(resolved.base_url.as_ref(), region)?;
    let observer = request.observer.clone();
    let options = LeverOptions {
        budget: settings.timeout,
        events: observer
            .map(|observer| -> crate::http::EventHook { Arc::new(move |event| observer(CheckEvent::Http(event))) }),
        ..LeverOptions::default()
    };
    let client = LeverClient::new(url.url, resolved.api_key.clone(), &options)?;
    request.tell(CheckEvent::Started {
        credential: request.credential.describe(),
        url: client.base_url().to_string(),
    });
    request.tell(CheckEvent::Stage("reading stages and webhooks".to_owned()));
    let context = CheckContext {
        credential: format!("API key from {}", resolved.origin),
        api_url_source: url.source,
        webhook_url: webhook_url.map(|url| url.to_string()),
    };
    let report = check::check(request.manifest, &client, &context).await?;
    Ok(outcome(report))
}

fn outcome(report: LeverReport) -> CheckOutcome {
    let before_webhooks = before_webhooks(&report);
    CheckOutcome {
        view: report.check_view(),
        unverified: 0,
        counts: format!("{} item(s) to fix", before_webhooks.to_fix.len()),
        before_webhooks: Some(before_webhooks),
        report: Box::new(report),
    }
}

/// What fails on Lever before the webhooks exist: stages and unreadable lists. Missing webhooks
/// are the wizard's next step's work, not a finding yet.
fn before_webhooks(report: &LeverReport) -> BeforeWebhooks {
    let missing_webhook = |item: &str| {
        report
            .webhooks
            .iter()
            .any(|webhook| webhook.status == Status::Missing && item == format!("webhook: {}", webhook.event))
    };
    let mut to_fix: Vec<Fix> = report
        .fixes
        .iter()
        .filter(|fix| !missing_webhook(&fix.item))
        .map(|fix| fix.action.clone())
        .collect();
    for stage in &report.stages {
        if stage.required
            && stage.status != Status::Present
            && !report
                .fixes
                .iter()
                .any(|fix| fix.item == format!("stage: {}", stage.name))
        {
            to_fix.push(Fix::InAts(format!(
                "the stage \"{}\" is {}",
                stage.name,
                stage.status.as_str()
            )));
        }
    }
    BeforeWebhooks {
        to_fix,
        webhooks_next: report
            .webhooks
            .iter()
            .filter(|webhook| webhook.status == Status::Missing)
            .map(|webhook| webhook.event.clone())
            .collect(),
        by_hand: report.manual.iter().map(|check| check.action.clone()).collect(),
        passed: "every required pipeline stage is there",
        done: "every required stage is there",
    }
}

/// Lever refused what was typed.
pub(crate) fn typed_rejection_help(_credential: &ats::Credential) -> Vec<String> {
    vec!["the key you typed may be mistyped, revoked, or for the other region's API".to_owned()]
}
