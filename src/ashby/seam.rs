//! Ashby as the rest of atsctl sees it, through [`crate::ats::AtsSpec`].

use crate::ats::{ApplyKind, Ats, AtsSpec, ServiceUrl, SignatureScheme, WebhookScreen, WebhookStyle};

/// Which [`Ats`] this folder is: what its command code passes where an `Ats` is asked for, so
/// that code names no variant.
pub const ATS: Ats = Ats::Ashby;

pub const SPEC: AtsSpec = AtsSpec {
    ats: ATS,
    id: "ashby",
    display_name: "Ashby",
    credentials: &[super::credential::KIND],
    lists_permissions: true,
    lists_scopes: false,
    urls: &[ServiceUrl {
        what: "API",
        env: super::ENV_URL,
        default: super::DEFAULT_URL,
    }],
    own_flags: &["--webhook-url"],
    signature: SignatureScheme {
        header: Some(super::verify::SIGNATURE_HEADER),
        event_id_header: None,
        carried_in: "the `Ashby-Signature` header (`sha256=<hex>`)",
        covers: "the raw request body",
        event_named_by: "the body's `action` field",
        invalid_hint: "no secret token in ATSCTL_WEBHOOK_SECRET signed this body; Ashby stops retrying after a 401",
    },
    apply: ApplyKind::CreatesWebhooks(&super::webhook_creation::CREATION),
    webhooks: WebhookScreen {
        term: "Webhooks",
        place: super::manifest::WEBHOOKS_PLACE,
        style: WebhookStyle::TypedEndpoints,
    },
    setup_who: "Who does this (an Ashby Admin):",
    checklist: super::checklist::for_manifest,
    fixes_webhook_url: |manifest| {
        manifest
            .ashby
            .as_ref()
            .is_some_and(|setup| setup.webhooks.iter().any(|webhook| webhook.endpoint.url.is_some()))
    },
    webhook_count: |manifest| manifest.ashby.as_ref().map_or(0, |setup| setup.webhooks.len()),
    expected_webhooks: |manifest| {
        manifest
            .ashby
            .as_ref()
            .map(super::verify::expected_webhooks)
            .unwrap_or_default()
    },
    inspect: |secrets, request, _received| super::verify::inspect(secrets, request.signature, request.body),
    check_stored: super::verify_key::check_stored,
    upgrade_tasks: super::upgrade::tasks,
    // credentials
    resolve: super::credential::resolve,
    from_typed: super::credential::from_typed,
    // validate, the wizard's check, webhooks verify
    read_signature: super::delivery_verify::read_signature,
    check: super::check_seam::check,
    check_refuses_webhook_url: Some("Ashby cannot list webhooks, so validate does not check them"),
    typed_rejection_help: super::check_seam::typed_rejection_help,
    credentials_place: super::manifest::API_KEYS_PLACE,
    verify_delivery: super::delivery_verify::verify_delivery,
};
/// Ashby's errors in the one failure vocabulary every command maps to exit codes.
impl From<super::AshbyError> for crate::ats::Failure {
    fn from(error: super::AshbyError) -> Self {
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
