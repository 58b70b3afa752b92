//! Greenhouse as the rest of atsctl sees it, through [`crate::ats::AtsSpec`].

use crate::ats::{ApplyKind, Ats, AtsSpec, GuidedWebhooks, ServiceUrl, SignatureScheme, WebhookScreen, WebhookStyle};
use crate::profile::{ENV_GREENHOUSE_AUTH_URL, ENV_HARVEST_URL};

/// Which [`Ats`] this folder is: what its command code passes where an `Ats` is asked for, so
/// that code names no variant.
pub const ATS: Ats = Ats::Greenhouse;

pub const SPEC: AtsSpec = AtsSpec {
    ats: ATS,
    id: "greenhouse",
    display_name: "Greenhouse",
    credentials: &[super::credential::V3, super::credential::V1],
    lists_permissions: true,
    lists_scopes: true,
    urls: &[
        ServiceUrl {
            what: "OAuth server (Harvest v3 tokens)",
            env: ENV_GREENHOUSE_AUTH_URL,
            default: super::DEFAULT_AUTH_URL,
        },
        ServiceUrl {
            what: "Harvest API",
            env: ENV_HARVEST_URL,
            default: super::DEFAULT_HARVEST_URL,
        },
    ],
    own_flags: &[
        "--api",
        "--client-secret-stdin",
        "--access-token-stdin",
        "--strict",
        "--client-id",
        "--user-id",
    ],
    signature: SignatureScheme {
        header: Some("Signature"),
        event_id_header: Some("Greenhouse-Event-ID"),
        carried_in: "the `Signature` header (`sha256 <hex>`)",
        covers: "the raw request body",
        event_named_by: "the body's `action` field",
        invalid_hint: "no secret in ATSCTL_WEBHOOK_SECRET signed these exact bytes; Greenhouse signs the raw body, so any reformatting or an added newline breaks it",
    },
    apply: ApplyKind::GuidedChecklist(&GuidedWebhooks {
        permission: "Can manage and configure web hooks",
        on_save: "On save Greenhouse pings the endpoint; if the ping fails, the web hook is saved disabled and must \
                  be enabled by hand.",
    }),
    webhooks: WebhookScreen {
        term: "Web hooks",
        place: "Configure → Dev Center → Web Hooks",
        style: WebhookStyle::NamedForm,
    },
    setup_who: "Who does this: a Greenhouse user who can create API credentials and web hooks:",
    checklist: super::checklist::for_manifest,
    // Greenhouse's web hooks are created by hand; no command takes their URL.
    fixes_webhook_url: |_| false,
    webhook_count: |manifest| manifest.greenhouse.as_ref().map_or(0, |setup| setup.webhooks.len()),
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
    credentials_place: "Configure → Dev Center → API Credentials",
    verify_delivery: super::delivery_verify::verify,
};

/// Greenhouse's check errors in the one failure vocabulary every command maps to exit codes.
impl From<super::CheckError> for crate::ats::Failure {
    fn from(error: super::CheckError) -> Self {
        let kind = match error.kind {
            super::CheckErrorKind::Rejected => crate::ats::FailureKind::Rejected,
            super::CheckErrorKind::Unreachable => crate::ats::FailureKind::Unreachable,
            super::CheckErrorKind::Retired => crate::ats::FailureKind::Retired,
            super::CheckErrorKind::Unsupported => crate::ats::FailureKind::Usage,
        };
        Self {
            kind,
            message: error.message,
            help: error.help,
        }
    }
}
