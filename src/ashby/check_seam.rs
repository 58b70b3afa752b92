//! Ashby's check as the seam runs it ([`crate::ats::AtsSpec::check`]): a client for the
//! resolved key, the safe probes within the time limit, and the report as a
//! [`crate::ats::CheckOutcome`].

use std::sync::Arc;

use super::check::{self, CheckContext};
use super::credential::ResolvedAshby;
use super::report::{AshbyReport, PartnerRef};
use super::seam::ATS;
use super::{AshbyClient, AshbyError, AshbyOptions};
use crate::ats::check::other_ats;
use crate::ats::{self, CheckEvent, CheckFuture, CheckOutcome, CheckRequest, Failure};

/// The environment and stdin first, then a profile.
pub(crate) fn check(request: CheckRequest<'_>) -> CheckFuture<'_> {
    Box::pin(run(request))
}

async fn run(request: CheckRequest<'_>) -> Result<CheckOutcome, Failure> {
    let resolved = request
        .credential
        .get::<ResolvedAshby>()
        .ok_or_else(|| other_ats(&request, ATS))?;
    let Some(setup) = request.manifest.ashby.as_ref() else {
        return Err(crate::ats::check::unusable(format!(
            "{} has no Ashby setup to validate",
            request.manifest.partner.name
        )));
    };
    let settings = request.settings;
    let url = super::resolve_url(resolved.base_url.as_ref())?;
    let observer = request.observer.clone();
    let options = AshbyOptions {
        timeout: settings.timeout.min(AshbyOptions::default().timeout),
        events: observer
            .map(|observer| -> crate::http::EventHook { Arc::new(move |event| observer(CheckEvent::Http(event))) }),
        ..AshbyOptions::default()
    };
    let client = AshbyClient::new(url.url, resolved.api_key.clone(), &options)?;
    request.tell(CheckEvent::Started {
        credential: request.credential.describe(),
        url: client.base_url().to_string(),
    });
    request.tell(CheckEvent::Stage("reading the key's permissions".to_owned()));
    let context = CheckContext {
        partner: PartnerRef {
            id: request.manifest.partner.id.clone(),
            name: request.manifest.partner.name.clone(),
        },
        credential: format!("API key from {}", resolved.origin),
        api_url_source: url.source,
        strict: settings.strict,
    };
    let report = AshbyError::unless_done_within(settings.timeout, check::check(setup, &client, &context)).await?;
    Ok(outcome(report))
}

fn outcome(report: AshbyReport) -> CheckOutcome {
    let summary = report.summary;
    CheckOutcome {
        view: report.check_view(),
        unverified: summary.unverified,
        counts: format!(
            "{} granted, {} missing, {} to check by hand",
            summary.granted, summary.missing, summary.unverified
        ),
        before_webhooks: None,
        report: Box::new(report),
    }
}

/// Ashby refused what was typed.
pub(crate) fn typed_rejection_help(_credential: &ats::Credential) -> Vec<String> {
    vec!["the key you typed may be mistyped or revoked".to_owned()]
}
