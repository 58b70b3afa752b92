//! Lever as the rest of atsctl sees it, through [`crate::ats::AtsSpec`].

use crate::ats::{ApplyKind, Ats, AtsSpec, ServiceUrl, SignatureScheme, WebhookScreen, WebhookStyle};

/// Which [`Ats`] this folder is: what its command code passes where an `Ats` is asked for, so
/// that code names no variant.
pub const ATS: Ats = Ats::Lever;

pub const SPEC: AtsSpec = AtsSpec {
    ats: ATS,
    id: "lever",
    display_name: "Lever",
    credentials: &[super::credential::KIND],
    lists_permissions: false,
    lists_scopes: false,
    urls: &[ServiceUrl {
        what: "Data API (EU accounts: --region eu)",
        env: super::ENV_URL,
        default: super::DEFAULT_URL,
    }],
    own_flags: &["--region", "--webhook-url"],
    signature: SignatureScheme {
        header: None,
        event_id_header: None,
        carried_in: "the body's `signature` field (hex)",
        covers: "the body's `token` and `triggeredAt`",
        event_named_by: "the body's `event` field",
        invalid_hint: "no signature token in ATSCTL_WEBHOOK_SECRET signed this token and triggeredAt",
    },
    apply: ApplyKind::CreatesWebhooks(&super::webhook_creation::CREATION),
    webhooks: WebhookScreen {
        term: "Webhooks",
        place: "Settings → Integrations and API → Webhooks",
        style: WebhookStyle::EventToggles,
    },
    setup_who: "Who does this:",
    checklist: super::checklist::for_manifest,
    fixes_webhook_url: |manifest| {
        manifest.lever.as_ref().is_some_and(|setup| {
            setup
                .webhooks
                .iter()
                .any(|webhook| webhook.endpoint.as_ref().is_some_and(|endpoint| endpoint.url.is_some()))
        })
    },
    webhook_count: |manifest| manifest.lever.as_ref().map_or(0, |setup| setup.webhooks.len()),
    expected_webhooks: super::delivery::expected_webhooks,
    inspect: super::delivery::inspect,
    check_stored: super::verify::check_stored,
    upgrade_tasks: super::upgrade::tasks,
    // credentials
    resolve: super::credential::resolve,
    from_typed: super::credential::from_typed,
    // validate, the wizard's check, webhooks verify
    read_signature: super::delivery_verify::read_signature,
    check: super::check_seam::check,
    check_refuses_webhook_url: None,
    typed_rejection_help: super::check_seam::typed_rejection_help,
    credentials_place: "Settings → Integrations and API",
    verify_delivery: super::delivery_verify::verify,
};
/// Lever's errors in the one failure vocabulary every command maps to exit codes.
impl From<super::LeverError> for crate::ats::Failure {
    fn from(error: super::LeverError) -> Self {
        let kind = match error.kind {
            super::ErrorKind::Rejected => crate::ats::FailureKind::Rejected,
            super::ErrorKind::NoAccess => crate::ats::FailureKind::NoAccess,
            super::ErrorKind::Refused => crate::ats::FailureKind::Refused,
            super::ErrorKind::Unreachable => crate::ats::FailureKind::Unreachable,
            super::ErrorKind::Usage => crate::ats::FailureKind::Usage,
        };
        Self {
            kind,
            message: error.message,
            help: error.help,
        }
    }
}
