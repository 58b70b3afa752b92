//! Greenhouse's check as the seam runs it ([`crate::ats::AtsSpec::check`]): the hosts the
//! resolved credential goes with, a customer's access token when one is given, the library's
//! events as neutral [`crate::ats::CheckEvent`]s, and the report as a
//! [`crate::ats::CheckOutcome`].

use std::sync::Arc;

use super::credential::{GreenhouseCredential, ResolvedGreenhouse};
use super::report::CredentialReport;
use super::seam::ATS;
use super::{CheckEvent, CheckOptions, Credential, V3Authorization, check_credential};
use crate::ats::check::{other_ats, unusable};
use crate::ats::{self, CheckFuture, CheckOutcome, CheckRequest, Failure};
use crate::profile::Origin;

/// The environment and stdin first, then a profile; `sources.api` picks v1 or v3.
pub(crate) fn check(request: CheckRequest<'_>) -> CheckFuture<'_> {
    Box::pin(run(request))
}

async fn run(request: CheckRequest<'_>) -> Result<CheckOutcome, Failure> {
    let resolved = request
        .credential
        .get::<ResolvedGreenhouse>()
        .ok_or_else(|| other_ats(&request, ATS))?;
    let settings = request.settings;
    let mut options = CheckOptions::for_resolved(resolved).map_err(|error| unusable(error.to_string()))?;
    options.budget = settings.timeout;
    options.concurrency = settings.concurrency;
    options.strict = settings.strict;
    if let Some(observer) = request.observer.clone() {
        options.events = Some(Arc::new(move |event| {
            observer(match event {
                CheckEvent::Stage(stage) => ats::CheckEvent::Stage(stage),
                CheckEvent::Http(event) => ats::CheckEvent::Http(event),
                CheckEvent::Progress { done, total } => ats::CheckEvent::Progress { done, total },
            });
        }));
    }
    // A customer's token is checked with the partner's v3 client, never with a v1 key.
    let credential = match (Credential::from(resolved.credential.clone()), &settings.access_token) {
        (Credential::V3(client), Some(access_token)) => Credential::V3Authorization(V3Authorization {
            client,
            access_token: access_token.clone(),
            token_origin: Origin::Stdin("--access-token-stdin"),
        }),
        (credential, _) => credential,
    };
    request.tell(ats::CheckEvent::Started {
        credential: credential.describe(),
        url: options.harvest_url.to_string(),
    });
    let report = check_credential(request.manifest, &credential, &options).await?;
    Ok(outcome(report))
}

fn outcome(report: CredentialReport) -> CheckOutcome {
    let summary = report.summary;
    CheckOutcome {
        view: report.check_view(),
        unverified: summary.unverified,
        counts: format!(
            "{} granted, {} missing, {} unverified",
            summary.granted, summary.missing, summary.unverified
        ),
        before_webhooks: None,
        report: Box::new(report),
    }
}

/// Greenhouse refused what was typed: the command's help names variables and pipes, which a typed
/// credential did not come from.
pub(crate) fn typed_rejection_help(credential: &ats::Credential) -> Vec<String> {
    let mut help = vec![
        "the credential you typed may be mistyped, from another Greenhouse account, or revoked (after a rotation \
         the old secret stays valid for up to a week, then only the new one works)"
            .to_owned(),
    ];
    if let Some(ResolvedGreenhouse {
        credential: GreenhouseCredential::V3(v3),
        ..
    }) = credential.get::<ResolvedGreenhouse>()
        && v3.user_id.is_some()
    {
        help.push("check the acting user id too: it must be a user of this Greenhouse account".to_owned());
    }
    help
}
