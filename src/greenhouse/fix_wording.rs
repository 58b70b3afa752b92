//! How the fixes of a Harvest v3 report are worded. Greenhouse has two ways in (reference
//! README, "v3 has two ways in"): a custom integration's scopes and acting user belong to a
//! credential in the customer's Dev Center; a registered partner's belong to the partner's app
//! (changed by Greenhouse Partner Support) and to the customer's authorisation of it.

use super::join_words;
use super::report::ScopeReport;
use super::v3::TokenSource;
use crate::manifest::Connection;
use crate::profile::ENV_GREENHOUSE_USER_ID as ENV_USER_ID;

/// The choice on Greenhouse's authorisation screen that a partner's plan asks for.
pub(super) const SERVICE_ACCOUNT_CHOICE: &str = "Authorize using a service account";

/// How a fix is worded: on Greenhouse the scopes and the acting user of a registered partner's
/// connection are the partner's app and the customer's authorisation, not a credential in the
/// customer's Dev Center (reference README, "v3 has two ways in").
pub(super) struct FixWording<'a> {
    pub(super) partner: &'a str,
    pub(super) connection: Connection,
    /// Who reads the fix: the customer (client credentials) or the partner (a customer's token).
    pub(super) source: TokenSource,
}

impl FixWording<'_> {
    pub(super) fn grant_scope(&self, scope: &ScopeReport) -> String {
        let name = &scope.scope;
        let optional = if scope.required {
            ""
        } else {
            " (optional for the partner)"
        };
        let replaces = join_words(
            &scope
                .replaces
                .iter()
                .map(|label| format!("\"{label}\""))
                .collect::<Vec<_>>(),
        );
        let partner = self.partner;
        // Greenhouse gives existing tokens nothing new when a partner's app gains a scope: every
        // customer must authorise again (Harvest docs, `/docs/handling-scope-changes`).
        match (self.connection, self.source) {
            (Connection::CustomIntegration, _) => format!(
                "Edit the credential in Configure → Dev Center → API Credential Management and grant scope {name}{optional}; it replaces {replaces}"
            ),
            (Connection::Partner, TokenSource::ClientCredentials) => format!(
                "Ask {partner} to have Greenhouse Partner Support grant scope {name} to its app, then authorise {partner} again: an existing authorisation keeps only the scopes it had{optional}; it replaces {replaces}"
            ),
            (Connection::Partner, TokenSource::CustomerAuthorization) => format!(
                "Have Greenhouse Partner Support grant scope {name} to {partner}'s app if it lacks it, then ask the customer to authorise {partner} again: an existing authorisation keeps only the scopes it had{optional}; it replaces {replaces}"
            ),
        }
    }

    pub(super) fn acting_user(&self, id: Option<&str>) -> String {
        let who = id.map_or_else(String::new, |id| format!(" (user {id})"));
        let partner = self.partner;
        match (self.connection, self.source) {
            (Connection::CustomIntegration, _) => format!(
                "Make the acting user{who} a Site Admin (Configure → Users → the user → Permissions), or request the token for a Site Admin: set {ENV_USER_ID} (the token's `sub`) to a Site Admin's user id"
            ),
            (Connection::Partner, TokenSource::ClientCredentials) => format!(
                "Authorise {partner} again as a Site Admin and choose \"{SERVICE_ACCOUNT_CHOICE}\": the acting user{who} is not a Site Admin, so Harvest v3 lists return nothing"
            ),
            (Connection::Partner, TokenSource::CustomerAuthorization) => format!(
                "Ask the customer to authorise {partner} again as a Site Admin, choosing \"{SERVICE_ACCOUNT_CHOICE}\": the authorising user{who} is not a Site Admin, so Harvest v3 lists return nothing"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::greenhouse::report::{Evidence, Status};

    fn scope(required: bool) -> ScopeReport {
        ScopeReport {
            scope: "harvest:offers:list".to_owned(),
            required,
            status: Status::Missing,
            evidence: Evidence::Introspection,
            replaces: vec!["GET: List Offers".to_owned()],
            note: None,
        }
    }

    fn wording(connection: Connection, source: TokenSource) -> FixWording<'static> {
        FixWording {
            partner: "Headhuntr.io",
            connection,
            source,
        }
    }

    #[test]
    fn a_partner_scope_is_fixed_through_partner_support_and_a_new_authorisation() {
        let customer = wording(Connection::Partner, TokenSource::ClientCredentials).grant_scope(&scope(true));
        assert_eq!(
            customer,
            "Ask Headhuntr.io to have Greenhouse Partner Support grant scope harvest:offers:list to its app, then authorise Headhuntr.io again: an existing authorisation keeps only the scopes it had; it replaces \"GET: List Offers\""
        );
        let partner = wording(Connection::Partner, TokenSource::CustomerAuthorization).grant_scope(&scope(false));
        assert!(
            partner
                .starts_with("Have Greenhouse Partner Support grant scope harvest:offers:list to Headhuntr.io's app"),
            "{partner}"
        );
        assert!(partner.contains("(optional for the partner)"), "{partner}");
        for text in [customer, partner] {
            assert!(!text.contains("Dev Center"), "{text}");
        }
    }

    #[test]
    fn a_custom_integration_scope_is_fixed_in_the_dev_center() {
        for source in [TokenSource::ClientCredentials, TokenSource::CustomerAuthorization] {
            let text = wording(Connection::CustomIntegration, source).grant_scope(&scope(true));
            assert!(
                text.starts_with("Edit the credential in Configure → Dev Center → API Credential Management and grant scope harvest:offers:list"),
                "{text}"
            );
            let user = wording(Connection::CustomIntegration, source).acting_user(Some("202"));
            assert!(
                user.starts_with("Make the acting user (user 202) a Site Admin"),
                "{user}"
            );
        }
    }

    #[test]
    fn a_partner_acting_user_is_fixed_by_authorising_with_a_service_account() {
        let customer = wording(Connection::Partner, TokenSource::ClientCredentials).acting_user(None);
        assert!(
            customer.starts_with(
                "Authorise Headhuntr.io again as a Site Admin and choose \"Authorize using a service account\""
            ),
            "{customer}"
        );
        let partner = wording(Connection::Partner, TokenSource::CustomerAuthorization).acting_user(Some("202"));
        assert!(
            partner.starts_with("Ask the customer to authorise Headhuntr.io again as a Site Admin"),
            "{partner}"
        );
        assert!(partner.contains("(user 202)"), "{partner}");
    }
}
