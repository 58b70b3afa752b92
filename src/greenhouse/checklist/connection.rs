//! The Harvest v3 connection part of a Greenhouse checklist, as Greenhouse runs it: a
//! registered partner's customer authorises the partner's app (OAuth authorization code) and
//! creates no credential; a custom integration's customer creates client credentials.
//!
//! Sources: Greenhouse's Harvest docs (`/docs/authentication`, `/docs/harvest-partner-oauth`,
//! `/docs/handling-scope-changes`) and its support article "Connect to Harvest v3 partner
//! integrations", condensed under "v3 has two ways in" in the reference facts.

use serde::Serialize;

use super::ScopeItem;
use crate::catalog::normalize_label;
use crate::manifest::{Connection, GreenhouseSetup};
use crate::plan::{CredentialPlan, HARVEST_V1_RETIRED, PartnerSummary, V1Credential, is_partner};

/// The developer permission that creating a Harvest credential needs; a registered partner's
/// customer needs it on v3 for nothing, only for the legacy v1 key.
const API_CREDENTIALS_PERMISSION: &str = "Manage ALL organization's API Credentials";

/// The choice on Greenhouse's authorisation screen that keeps a partner's actions off a
/// person's name; offered only to a Site Admin.
const SERVICE_ACCOUNT_CHOICE: &str = "Authorize using a service account";

/// The v3 path in brief, and what to do, in order.
#[derive(Debug, Clone, Serialize)]
pub struct V3Credential {
    /// What the customer ends up with: the partner's authorisation, or client credentials.
    pub kind: &'static str,
    /// Where it starts: the partner's "Connect with Greenhouse" (or what is known of it), or
    /// the Dev Center screen that creates client credentials.
    pub where_to_create: String,
    /// Whose name the integration's actions carry.
    pub acting_user: &'static str,
    /// The actions, in order.
    pub steps: Vec<String>,
}

/// How a registered partner's customer authorises it on Harvest v3.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerAuthorization {
    /// The OAuth grant: always `authorization-code` (Greenhouse offers partners no other).
    pub grant: &'static str,
    /// Where the authorisation starts.
    pub starts_at: String,
    /// `starts_at` comes from the partner's own v3 instructions; `false`: it is unknown, and
    /// `starts_at` says where to look.
    pub start_known: bool,
    /// The partner's guide describes only the v1 key: its own v3 instructions come first.
    pub guide_predates_v3: bool,
    /// Who authorises.
    pub who: &'static str,
    /// What that person chooses on the authorisation screen.
    pub choose: &'static str,
    /// Why that person and that choice.
    pub why: Vec<&'static str>,
    /// How many of `v3_scopes` are required: what the screen should request at least.
    pub required_scopes: usize,
    /// What to do when the screen requests scopes beyond `v3_scopes`.
    pub if_more_scopes: String,
    /// What fails when the screen requests fewer.
    pub if_fewer_scopes: String,
    /// What is not known about how the screen words the scopes.
    pub scope_wording: &'static str,
}

/// What must be true before starting; for a partner connection the v1-only developer
/// permission says that it is for the legacy key.
pub(super) fn prerequisites(setup: &GreenhouseSetup) -> Vec<String> {
    let partner = is_partner(setup.connection);
    let mut prerequisites = Vec::new();
    if let Some(role) = &setup.prerequisites.role {
        prerequisites.push(format!("The person doing the setup is a Greenhouse {role}."));
    }
    prerequisites.extend(setup.prerequisites.developer_permissions.iter().map(|permission| {
        if partner && normalize_label(permission) == normalize_label(API_CREDENTIALS_PERMISSION) {
            format!(
                "Developer permission: {permission} (only for the legacy v1 key: on Harvest v3 the partner is \
                 authorised, no credential is created)"
            )
        } else {
            format!("Developer permission: {permission}")
        }
    }));
    if let Some(help) = &setup.prerequisites.help {
        prerequisites.push(help.clone());
    }
    prerequisites.push(if partner {
        "The person who authorises the partner on Harvest v3 is a Greenhouse Site Admin: only a Site Admin can \
         choose a service account, and v3 lists come back empty, not failing, for anyone else."
            .to_owned()
    } else {
        "The Harvest v3 acting user is a Site Admin: v3 lists come back empty, not failing, for anyone else.".to_owned()
    });
    prerequisites
}

pub(super) fn credential(partner: &PartnerSummary, setup: &GreenhouseSetup, scopes: &[ScopeItem]) -> CredentialPlan {
    let required = scopes.iter().filter(|scope| scope.required).count();
    let optional = scopes.len() - required;
    let optional_ones = if optional == 1 {
        "the optional one".to_owned()
    } else {
        format!("the {optional} optional ones")
    };
    let scope_count = match (optional, setup.connection) {
        (0, _) => format!("the {required} scopes"),
        (_, Connection::Partner) => format!("the {required} required scopes (and perhaps {optional_ones})"),
        (_, Connection::CustomIntegration) => {
            format!("the {required} required scopes (and {optional_ones}, if the integration uses them)")
        }
    };
    let (v3, partner_authorization) = match setup.connection {
        Connection::Partner => {
            let authorization = partner_authorization(partner, setup, scopes, required);
            (
                authorization_steps(partner, &authorization, &scope_count),
                Some(authorization),
            )
        }
        Connection::CustomIntegration => (client_credentials(&scope_count), None),
    };
    CredentialPlan {
        connection: setup.connection,
        v3,
        partner_authorization,
        v1_legacy: V1Credential {
            api_type: setup.credential.api_type.clone(),
            partner: setup.credential.partner_option.clone(),
            partner_optional: setup.credential.partner_option_optional,
            description: setup.credential.description.clone(),
            retired_on: HARVEST_V1_RETIRED,
        },
        hand_over: setup.credential.hand_over.clone(),
    }
}

fn partner_authorization(
    partner: &PartnerSummary,
    setup: &GreenhouseSetup,
    scopes: &[ScopeItem],
    required: usize,
) -> PartnerAuthorization {
    let name = &partner.name;
    let guide_predates_v3 = setup.guide.as_ref().is_some_and(|guide| guide.predates_v3);
    let (starts_at, start_known) = match &setup.authorization_start {
        Some(start) => (start.trim().trim_end_matches('.').to_owned(), true),
        None => (
            format!(
                "{name}'s \"Connect with Greenhouse\", or {name}'s entry in Greenhouse's Integrations marketplace; where \
                 exactly is unknown ({}): ask {} if you cannot find it",
                if guide_predates_v3 {
                    format!("{name}'s guide predates Harvest v3")
                } else {
                    "the manifest does not say".to_owned()
                },
                partner.support_email
            ),
            false,
        ),
    };
    // A concrete example makes "features will fail" checkable: the first required scope and
    // what it replaces.
    let example = scopes
        .iter()
        .find(|scope| scope.required)
        .map(|scope| {
            format!(
                " (for example, without {} {name} cannot do what \"{}\" did)",
                scope.scope,
                scope.replaces.first().map_or("", String::as_str)
            )
        })
        .unwrap_or_default();
    PartnerAuthorization {
        grant: "authorization-code",
        starts_at,
        start_known,
        guide_predates_v3,
        who: "A Greenhouse Site Admin",
        choose: SERVICE_ACCOUNT_CHOICE,
        why: vec![
            "With a service account the integration's actions are recorded as the integration's, not a person's, and \
             the connection does not depend on one person's account.",
            "Harvest v3 lists answer only for a Site Admin (for anyone else they come back empty, not failing), and \
             Greenhouse offers the service account only to a Site Admin.",
        ],
        required_scopes: required,
        if_more_scopes: format!(
            "If the screen requests more than these, ask {name} what each extra scope is for before you authorise: \
             this list comes from {name}'s guide, which may be out of date."
        ),
        if_fewer_scopes: format!(
            "If it requests fewer, the features that need a missing scope will fail{example}: tell {name}, whose \
             Greenhouse app sets the scopes."
        ),
        scope_wording: "Greenhouse's authorisation screen lists the actions the partner requests; whether it shows \
                        scope names (harvest:jobs:list) or descriptions is not documented: compare by resource and \
                        action.",
    }
}

/// The partner's authorisation as actions to tick.
fn authorization_steps(
    partner: &PartnerSummary,
    authorization: &PartnerAuthorization,
    scope_count: &str,
) -> V3Credential {
    let name = &partner.name;
    let mut steps = Vec::new();
    if authorization.guide_predates_v3 {
        steps.push(format!(
            "{name}'s guide predates Harvest v3 and describes only the v1 API key: if {name} has published Harvest v3 \
             instructions, follow them first."
        ));
    }
    steps.push(format!(
        "Agree with {name} that a Site Admin authorises with a service account: Greenhouse recommends confirming \
         this choice with the partner."
    ));
    // When where to start is unknown, the section's warning says so and whom to ask; the step
    // names only the two places to try, so the same sentence is not read twice.
    steps.push(if authorization.start_known {
        format!("Start the connection from {}.", authorization.starts_at)
    } else {
        format!(
            "Start the connection from {name}'s \"Connect with Greenhouse\" or its entry in Greenhouse's \
             Integrations marketplace, whichever {name} offers."
        )
    });
    steps.push(format!(
        "Compare the permissions Greenhouse shows with {scope_count} in \"Harvest v3 scopes\". {} {}",
        authorization.if_more_scopes, authorization.if_fewer_scopes
    ));
    steps.push(format!(
        "Sign in as a Site Admin, choose \"{SERVICE_ACCOUNT_CHOICE}\", and authorise."
    ));
    V3Credential {
        kind: "Harvest v3 authorisation of the partner's app (OAuth authorization code; no credential to create)",
        where_to_create: authorization.starts_at.clone(),
        acting_user: "a service account: a Site Admin chooses \"Authorize using a service account\"",
        steps,
    }
}

fn client_credentials(scope_count: &str) -> V3Credential {
    V3Credential {
        kind: "Harvest v3 OAuth client credentials",
        where_to_create:
            "Configure → Dev Center → API Credentials → Create new API credentials → \"Harvest V3 (OAuth)\"".to_owned(),
        acting_user: "a Site Admin user id, used as the token's `sub`",
        steps: vec![
            "Configure → Dev Center → API Credentials → Create new API credentials; choose \"Harvest V3 (OAuth)\"."
                .to_owned(),
            format!("Configure its scopes: grant {scope_count} in \"Harvest v3 scopes\", and no others."),
            "Copy the client id and client secret, and keep the secret where only the integration reads it.".to_owned(),
            "Pick the acting user: a Site Admin's Greenhouse user id, which the integration sends as the token's `sub`."
                .to_owned(),
        ],
    }
}
