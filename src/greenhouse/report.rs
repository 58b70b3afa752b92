//! The result of checking a Greenhouse credential against a manifest: plain serializable data.
//! The binary renders it as tables or serializes it as JSON, so both show the same content.

use serde::Serialize;

use super::credentials::ApiVersion;
use crate::catalog::Method;

/// Whether the credential has what one item needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Granted,
    /// Checked, and not there.
    Missing,
    /// Could not be checked without risk or without information Greenhouse does not give.
    Unverified,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Granted => "granted",
            Self::Missing => "missing",
            Self::Unverified => "unverified",
        }
    }
}

/// How a status was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The auth server's token introspection listed the scopes.
    Introspection,
    /// A read-only request answered directly.
    Probe,
    /// A read-only request answered, but the conclusion rests on an assumption (an id that
    /// cannot exist, an empty list); the note says which.
    Inferred,
    /// Nothing was sent.
    NotChecked,
}

/// Where the granted scopes or permissions were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckedBy {
    /// v3: `POST /introspect` listed the token's scopes.
    Introspection,
    /// v3 without introspection: one `GET /v3/<resource>?per_page=1` per list scope.
    V3Probes,
    /// v1: one GET per read permission.
    V1Probes,
}

/// The outcome, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every required item is granted (or unverified, without `--strict`).
    Ok,
    /// Something required is missing (or unverified, with `--strict`).
    Findings,
}

#[derive(Debug, Clone, Serialize)]
pub struct CredentialReport {
    pub partner: PartnerRef,
    pub api: ApiVersion,
    /// The credential, described without its secret.
    pub credential: String,
    pub harvest_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    pub checked_by: CheckedBy,
    pub categories: Vec<CategoryReport>,
    /// v3 scopes the partner needs and whether each is granted; empty for v1 keys.
    pub scopes: Vec<ScopeReport>,
    /// v3 only: the user the token acts as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acting_user: Option<ActingUser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Organization>,
    /// v3, checked by the partner with a customer's access token: what introspection said about
    /// the authorisation behind it. `None` for client credentials and v1 keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorization: Option<AuthorizationReport>,
    /// What to change in Greenhouse, one entry per missing item.
    pub fixes: Vec<Fix>,
    pub least_privilege: LeastPrivilege,
    pub notes: Vec<String>,
    pub summary: Summary,
    pub strict: bool,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

/// The permissions of one category of Greenhouse's permission screen, in manifest order.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryReport {
    pub category: String,
    pub permissions: Vec<PermissionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PermissionReport {
    /// The UI label, e.g. `GET: List Jobs`.
    pub label: String,
    pub method: Method,
    /// `GET /v1/jobs`, or `None` for the checkbox with no known endpoint.
    pub endpoint: Option<String>,
    pub v3_scopes: Vec<String>,
    pub required: bool,
    pub status: Status,
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScopeReport {
    pub scope: String,
    pub required: bool,
    pub status: Status,
    pub evidence: Evidence,
    /// The v1 permission labels this scope stands in for.
    pub replaces: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The v3 acting user. Lists come back empty, not failing, unless it is a Site Admin
/// (reference README, "v3"), so its role is an item of its own.
#[derive(Debug, Clone, Serialize)]
pub struct ActingUser {
    pub id: Option<String>,
    pub role: Option<String>,
    pub site_admin: Option<bool>,
    pub status: Status,
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A customer's authorisation of a registered partner, as introspection of its access token
/// describes it. The authorising user's id and role are in [`ActingUser`]; the organisation in
/// [`CredentialReport::organization`].
#[derive(Debug, Clone, Serialize)]
pub struct AuthorizationReport {
    /// The client the token was issued to, when introspection says.
    pub token_client_id: Option<String>,
    /// The partner's client that introspected the token.
    pub checked_with_client_id: String,
    /// Whether introspection called the token active; `None` when it did not say (or was
    /// unavailable).
    pub active: Option<bool>,
    /// Who authorised: a service account, a person, or unknown.
    pub authorized_as: AuthorizedAs,
}

/// The choice made on Greenhouse's authorisation screen, as far as introspection shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizedAs {
    /// "Authorize using a service account": what a partner's plan asks for.
    ServiceAccount,
    /// "Authorize without a service account": tied to the person who authorised.
    User,
    /// Introspection did not say (or was unavailable).
    Unknown,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    pub id: Option<String>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fix {
    /// The scope, permission label or `acting user`.
    pub item: String,
    /// What to do in Greenhouse.
    pub action: String,
}

/// What the credential has beyond what the partner needs.
#[derive(Debug, Clone, Serialize)]
pub struct LeastPrivilege {
    /// Whether the extras could be determined at all.
    pub checked: bool,
    /// Granted scopes the partner does not need.
    pub extra: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Counts over the permission rows (and the acting user, for v3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub granted: usize,
    pub missing: usize,
    pub unverified: usize,
    pub required_missing: usize,
    pub required_unverified: usize,
}

impl Summary {
    pub(super) fn count(&mut self, status: Status, required: bool) {
        match status {
            Status::Granted => self.granted += 1,
            Status::Missing => {
                self.missing += 1;
                self.required_missing += usize::from(required);
            }
            Status::Unverified => {
                self.unverified += 1;
                self.required_unverified += usize::from(required);
            }
        }
    }
}

impl CredentialReport {
    /// Counts the rows and sets the verdict; call once every row is in.
    pub(super) fn finish(&mut self) {
        let mut summary = Summary::default();
        for permission in self.categories.iter().flat_map(|category| &category.permissions) {
            summary.count(permission.status, permission.required);
        }
        if let Some(user) = &self.acting_user {
            summary.count(user.status, true);
        }
        self.summary = summary;
        let failed = summary.required_missing > 0 || (self.strict && summary.required_unverified > 0);
        self.verdict = if failed { Verdict::Findings } else { Verdict::Ok };
    }

    /// Every permission row, in order.
    pub fn permissions(&self) -> impl Iterator<Item = &PermissionReport> {
        self.categories.iter().flat_map(|category| &category.permissions)
    }
}

/// Groups rows by category, keeping the order in which categories first appear.
pub(super) fn group(rows: Vec<(String, PermissionReport)>) -> Vec<CategoryReport> {
    let mut categories: Vec<CategoryReport> = Vec::new();
    for (category, row) in rows {
        match categories.iter_mut().find(|existing| existing.category == category) {
            Some(existing) => existing.permissions.push(row),
            None => categories.push(CategoryReport {
                category,
                permissions: vec![row],
            }),
        }
    }
    categories
}
