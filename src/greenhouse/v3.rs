//! Harvest v3 (OAuth 2.0 client credentials): get a token, read its scopes by introspection,
//! compare them with what the partner needs, and check the acting user is a Site Admin. When
//! introspection is unavailable, each needed list scope is probed with one read-only GET.
//!
//! A registered partner checks a customer's authorisation the same way, from its side: no token
//! request, but the customer's access token introspected with the partner's own client
//! ([`check_authorization`]); a token of another client, or an inactive one, is refused.
//!
//! Every fact here follows the reference README, "Greenhouse Harvest API" → "v3 (current)".

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use base64::Engine as _;
use serde_json::Value;

use super::classify::{self, V3Outcome};
use super::fix_wording::{FixWording, SERVICE_ACCOUNT_CHOICE};
use super::report::{
    ActingUser, AuthorizationReport, AuthorizedAs, CheckedBy, CredentialReport, Evidence, Fix, LeastPrivilege,
    Organization, PermissionReport, ScopeReport, Status, Summary, Verdict, group,
};
use super::{ApiVersion, CheckError, CheckErrorKind, Context, Credential, V3Authorization, V3Credentials, join_words};
use crate::catalog::{Catalog, Confidence};
use crate::http::{Auth, BaseUrl, HttpClient, Pacer, PacerConfig, Request, Response, Secret};
use crate::profile::{ENV_GREENHOUSE_AUTH_URL as ENV_AUTH_URL, ENV_GREENHOUSE_USER_ID as ENV_USER_ID, ENV_HARVEST_URL};

const USERS_SCOPE: &str = "harvest:users:list";
/// The claim holding the organization and the acting user's role (reference README).
const CLAIMS: &str = "https://auth.greenhouse.io/claims";

pub(super) struct Token {
    access: Secret,
    /// The `sub` of the access token, a JWT whose subject is the acting user.
    jwt_sub: Option<String>,
    /// `expires_in` or `expires_at`, as given.
    expiry: Option<String>,
    source: TokenSource,
}

/// Where an access token came from, which decides whom Harvest's refusal points at and who
/// reads the fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TokenSource {
    /// Requested just now with client credentials (a custom integration, or a customer's check).
    ClientCredentials,
    /// A customer's authorisation of a registered partner, checked by that partner.
    CustomerAuthorization,
}

/// An introspection answer; every field is optional (the endpoint is known from one
/// third-party integration, not from Greenhouse's docs).
#[derive(Debug, Default)]
struct Introspection {
    active: Option<bool>,
    client_id: Option<String>,
    sub: Option<String>,
    scopes: Vec<String>,
    organization: Option<Organization>,
    user_role: Option<String>,
    /// `Some(true)` when the claims name a service account; see [`service_account_claim`].
    service_account: Option<bool>,
}

/// Why introspection gave no answer to use.
enum IntrospectFailure {
    /// The auth server refused the client that introspected (400/401/403).
    ClientRejected { status: u16, code: Option<String> },
    /// Not there (404/405), failing, or answering something else: fall back to probes.
    Unavailable(String),
}

impl IntrospectFailure {
    fn into_reason(self) -> String {
        match self {
            Self::ClientRejected { status, code } => format!(
                "POST /introspect answered {status}{}",
                code.map_or_else(String::new, |code| format!(" {code}"))
            ),
            Self::Unavailable(reason) => reason,
        }
    }
}

/// The two Harvest pacers one check shares.
struct Pacers {
    auth: Pacer,
    harvest: Pacer,
}

impl Pacers {
    fn new(ctx: &Context<'_>) -> Self {
        Self {
            auth: auth_pacer(),
            // Harvest v3 has a 30-second window.
            harvest: Pacer::new(PacerConfig {
                default_window: Duration::from_secs(30),
                max_in_flight: ctx.options.concurrency,
                ..PacerConfig::default()
            }),
        }
    }
}

struct ScopeCheck {
    status: Status,
    evidence: Evidence,
    note: Option<String>,
}

/// What a fallback list probe saw, for the acting-user check.
struct ListSeen {
    scope: String,
    items: Option<usize>,
}

/// Token requests have their own 60-second rate-limit window.
pub(super) fn auth_pacer() -> Pacer {
    Pacer::new(PacerConfig {
        default_window: Duration::from_secs(60),
        max_in_flight: 1,
        ..PacerConfig::default()
    })
}

/// The client id and secret as HTTP Basic, which the token and introspection endpoints take.
/// The id is public (it is shown in reports), the secret is not.
pub(super) fn basic_auth(credentials: &V3Credentials) -> Auth {
    Auth::ClientCredentials {
        client_id: credentials.client_id.clone(),
        client_secret: credentials.client_secret.clone(),
    }
}

pub(super) async fn check(ctx: &Context<'_>, credentials: &V3Credentials) -> Result<CredentialReport, CheckError> {
    let pacers = Pacers::new(ctx);
    let basic = basic_auth(credentials);

    ctx.stage("requesting a Harvest v3 access token");
    let token = request_token(&ctx.client, &ctx.options.auth_url, credentials, &basic, &pacers.auth).await?;
    if let Some(expiry) = &token.expiry {
        ctx.stage(&format!("access token received (expires {expiry})"));
    }
    ctx.stage("introspecting the token");
    // The client was just accepted at /token, so any introspection failure means "unavailable".
    let introspection = introspect(&ctx.client, &ctx.options.auth_url, &basic, &token, &pacers.auth)
        .await
        .map_err(IntrospectFailure::into_reason);
    report_for_token(ctx, credentials, &token, introspection.as_ref(), &pacers).await
}

/// The partner's side of a customer's authorisation: the customer's access token, introspected
/// with the partner's own client. Introspection gives the granted scopes, the authorising user
/// or service account with its role, and the organisation; when it is unavailable, each list
/// scope is probed with the token, as for client credentials.
pub(super) async fn check_authorization(
    ctx: &Context<'_>,
    authorization: &V3Authorization,
) -> Result<CredentialReport, CheckError> {
    let pacers = Pacers::new(ctx);
    let token = customer_token(authorization);
    ctx.stage("introspecting the customer's access token");
    let introspection =
        introspect_authorization(&ctx.client, &ctx.options.auth_url, authorization, &token, &pacers.auth).await?;
    let mut report = report_for_token(ctx, &authorization.client, &token, introspection.as_ref(), &pacers).await?;
    let info = introspection.as_ref().ok();
    report.authorization = Some(AuthorizationReport {
        token_client_id: info.and_then(|info| info.client_id.clone()),
        checked_with_client_id: authorization.client.client_id.clone(),
        active: info.and_then(|info| info.active),
        authorized_as: match info.and_then(|info| info.service_account) {
            Some(true) => AuthorizedAs::ServiceAccount,
            Some(false) => AuthorizedAs::User,
            None => AuthorizedAs::Unknown,
        },
    });
    if introspection.is_err() {
        report.notes.push(format!(
            "Without introspection atsctl cannot tell whether the token was issued to client {}: a token of another client that Harvest accepts looks the same to the probes.",
            authorization.client.client_id
        ));
    }
    Ok(report)
}

fn customer_token(authorization: &V3Authorization) -> Token {
    Token {
        access: authorization.access_token.clone(),
        jwt_sub: jwt_subject(authorization.access_token.expose()),
        expiry: None,
        source: TokenSource::CustomerAuthorization,
    }
}

/// Introspects a customer's token with the partner's client. `Err`: the client was refused, or
/// the token is inactive or another client's (exit 3). `Ok(Err(reason))`: introspection is
/// unavailable, and probes must tell.
async fn introspect_authorization(
    client: &HttpClient,
    auth_url: &BaseUrl,
    authorization: &V3Authorization,
    token: &Token,
    pacer: &Pacer,
) -> Result<Result<Introspection, String>, CheckError> {
    let ours = &authorization.client;
    let info = match introspect(client, auth_url, &basic_auth(ours), token, pacer).await {
        Ok(info) => info,
        Err(IntrospectFailure::ClientRejected { status, code }) => {
            let detail = code.as_deref().map_or_else(String::new, |code| format!(": {code}"));
            return Err(CheckError::new(
                CheckErrorKind::Rejected,
                format!(
                    "Greenhouse rejected the Harvest v3 client {} at token introspection ({status}{detail})",
                    ours.client_id
                ),
            )
            .with_help(format!(
                "{}: introspection takes the partner's own client id and secret, the ones Greenhouse Partner Support issued",
                ours.fix_hint()
            )));
        }
        Err(IntrospectFailure::Unavailable(reason)) => return Ok(Err(reason)),
    };
    if info.active == Some(false) {
        return Err(CheckError::new(
            CheckErrorKind::Rejected,
            "Greenhouse says the customer's access token is not active: it expired (access tokens last 1 hour), was revoked, or was not issued to this client".to_owned(),
        )
        .with_help(
            "get a fresh access token with the customer's refresh token (valid 24 hours) and pipe that; if the refresh token has expired too, the customer must authorise again",
        )
        .with_help(format!(
            "check that the token belongs to client {}, the one introspecting it",
            ours.client_id
        )));
    }
    if let Some(issued_to) = info
        .client_id
        .as_deref()
        .filter(|issued_to| *issued_to != ours.client_id)
    {
        return Err(CheckError::new(
            CheckErrorKind::Rejected,
            format!(
                "the access token was issued to another client ({issued_to}), not to client {}: the customer authorised a different app",
                ours.client_id
            ),
        )
        .with_help(format!(
            "pipe the token your own app ({}) received from this customer's authorisation, or check the client id: {}",
            ours.client_id,
            ours.fix_hint()
        )));
    }
    Ok(Ok(info))
}

/// Whether Greenhouse accepts a customer's access token for this partner: introspection only,
/// for `auth status --check`. `Ok(false)`: introspection is unavailable, so nobody can tell.
pub(super) async fn verify_authorization(
    client: &HttpClient,
    auth_url: &BaseUrl,
    authorization: &V3Authorization,
) -> Result<bool, CheckError> {
    let token = customer_token(authorization);
    let answer = introspect_authorization(client, auth_url, authorization, &token, &auth_pacer()).await?;
    Ok(answer.is_ok())
}

/// The report for an access token in hand, from its introspection (or the reason there is none,
/// then with probes).
async fn report_for_token(
    ctx: &Context<'_>,
    credentials: &V3Credentials,
    token: &Token,
    introspection: Result<&Introspection, &String>,
    pacers: &Pacers,
) -> Result<CredentialReport, CheckError> {
    let mut notes = Vec::new();
    let mut checks: BTreeMap<String, ScopeCheck> = BTreeMap::new();
    let mut lists = Vec::new();
    let info = introspection.ok();
    let granted: Option<BTreeSet<String>> = info
        .filter(|info| info.active != Some(false) && !info.scopes.is_empty())
        .map(|info| info.scopes.iter().cloned().collect());
    let checked_by = match &granted {
        Some(granted) => {
            for item in &ctx.needs.scopes {
                let status = if granted.contains(&item.scope) {
                    Status::Granted
                } else {
                    Status::Missing
                };
                checks.insert(
                    item.scope.clone(),
                    ScopeCheck {
                        status,
                        evidence: Evidence::Introspection,
                        note: None,
                    },
                );
            }
            CheckedBy::Introspection
        }
        None => {
            let reason = match introspection {
                Err(reason) => reason.clone(),
                Ok(info) if info.active == Some(false) => "it reported the token as inactive".to_owned(),
                Ok(_) => "it listed no scopes".to_owned(),
            };
            notes.push(format!(
                "Token introspection was not available ({reason}); each list scope was checked with one read-only GET /v3/<resource>?per_page=1, and other scopes cannot be checked without side effects."
            ));
            lists = probe_scopes(ctx, &pacers.harvest, token, &mut checks).await?;
            CheckedBy::V3Probes
        }
    };

    // A token requested with `sub` acts as that user; a customer's token acts as whoever
    // authorised it, whatever ATSCTL_GREENHOUSE_USER_ID says.
    let requested_sub = match token.source {
        TokenSource::ClientCredentials => credentials.user_id.clone(),
        TokenSource::CustomerAuthorization => None,
    };
    let sub = requested_sub
        .or_else(|| info.and_then(|info| info.sub.clone()))
        .or_else(|| token.jwt_sub.clone());
    let role = info.and_then(|info| info.user_role.clone());
    let service_account = info.and_then(|info| info.service_account);
    let acting_user = acting_user(
        ctx,
        &pacers.harvest,
        token,
        Claimed {
            sub,
            role,
            service_account,
        },
        &checks,
        &lists,
        granted.as_ref(),
    )
    .await?;
    if token.source == TokenSource::ClientCredentials && credentials.user_id.is_none() {
        notes.push(format!(
            "No acting user is set ({ENV_USER_ID}, or the profile's user id), so the token was requested without `sub` and acts as the credential's default user."
        ));
    }

    let credential = match token.source {
        TokenSource::ClientCredentials => Credential::V3(credentials.clone()).describe(),
        TokenSource::CustomerAuthorization => format!(
            "a customer's Harvest v3 access token, introspected with client {}",
            credentials.client_id
        ),
    };
    let mut report = build_report(
        ctx,
        credential,
        token.source,
        checked_by,
        &checks,
        acting_user,
        granted.as_ref(),
        notes,
    );
    report.organization = info.and_then(|info| info.organization.clone());
    report.finish();
    Ok(report)
}

/// `POST /token` (client credentials, `sub` = the acting user). Changes nothing in Greenhouse.
pub(super) async fn request_token(
    client: &HttpClient,
    auth_url: &BaseUrl,
    credentials: &V3Credentials,
    basic: &Auth,
    pacer: &Pacer,
) -> Result<Token, CheckError> {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(user) = &credentials.user_id {
        form.push(("sub", user.as_str()));
    }
    // A token request changes nothing in Greenhouse, so repeating it after a timeout is safe.
    let request = Request::post(auth_url, "token")
        .auth(basic.clone())
        .form(&form, &[])
        .retry_safe(true);
    let response = client.send(pacer, &request).await?;
    match response.status {
        200..=299 => parse_token(&response).ok_or_else(|| {
            let what = if response.json_value().is_some() {
                "without an access_token".to_owned()
            } else {
                format!("with {}", response.unreadable_body())
            };
            CheckError::new(
                CheckErrorKind::Unreachable,
                format!("{} answered {} {what}", request.describe(), response.status),
            )
            .with_help(format!(
                "check {ENV_AUTH_URL}: it should point at Greenhouse's auth server"
            ))
        }),
        400 | 401 | 403 => {
            // Unknown id or secret: 401 {"error":"invalid_client"}; malformed id: 400.
            let code = response
                .json_value()
                .and_then(|body| body.get("error").and_then(Value::as_str).map(str::to_owned));
            let detail = code.as_deref().map_or_else(String::new, |code| format!(": {code}"));
            let mut error = CheckError::new(
                CheckErrorKind::Rejected,
                format!(
                    "Greenhouse rejected the Harvest v3 client credentials ({}{detail})",
                    response.status
                ),
            )
            .with_help(format!(
                "{}; after a rotation the old secret stays valid for up to a week, then only the new one works",
                credentials.fix_hint()
            ));
            if credentials.user_id.is_some() && code.as_deref() != Some("invalid_client") {
                error = error.with_help(format!(
                    "check the acting user ({ENV_USER_ID}, or the profile's user id): it must be a user of this Greenhouse account"
                ));
            }
            Err(error)
        }
        status @ (404 | 405) => Err(CheckError::new(
            CheckErrorKind::Unreachable,
            format!("no OAuth token endpoint at {} (it answered {status})", request.url()),
        )
        .with_help(format!("check {ENV_AUTH_URL} (default https://auth.greenhouse.io)"))),
        status @ 300..=399 => Err(CheckError::new(
            CheckErrorKind::Unreachable,
            format!(
                "{} answered {status} redirecting to {} (not followed: credentials stay on the configured host)",
                request.describe(),
                response.location().as_deref().unwrap_or("nowhere")
            ),
        )
        .with_help(format!(
            "check {ENV_AUTH_URL}: Greenhouse's token endpoint does not redirect"
        ))),
        status => Err(CheckError::new(
            CheckErrorKind::Unreachable,
            format!("{} answered {status}: {}", request.describe(), response.excerpt(120)),
        )),
    }
}

fn parse_token(response: &Response) -> Option<Token> {
    let body = response.json_value()?;
    let access = body.get("access_token")?.as_str().filter(|token| !token.is_empty())?;
    // The docs give `expires_in` (seconds); a live tenant sends `expires_at` (ISO time).
    let expiry = match (body.get("expires_in"), body.get("expires_at")) {
        (Some(Value::Number(seconds)), _) => Some(format!("in {seconds} s")),
        (_, Some(Value::String(at))) => Some(format!("at {at}")),
        (_, Some(Value::Number(at))) => Some(format!("at epoch {at}")),
        _ => None,
    };
    Some(Token {
        access: Secret::new(access),
        jwt_sub: jwt_subject(access),
        expiry,
        source: TokenSource::ClientCredentials,
    })
}

/// The `sub` claim of a JWT, read without verifying it: only used to name the acting user.
fn jwt_subject(token: &str) -> Option<String> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    id_text(claims.get("sub")?)
}

fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The introspection answer, or why there is none.
async fn introspect(
    client: &HttpClient,
    auth_url: &BaseUrl,
    basic: &Auth,
    token: &Token,
    pacer: &Pacer,
) -> Result<Introspection, IntrospectFailure> {
    let request = Request::post(auth_url, "introspect")
        .auth(basic.clone())
        .form(&[("token_type_hint", "access_token")], &[("token", &token.access)])
        .retry_safe(true);
    let response = client
        .send(pacer, &request)
        .await
        .map_err(|error| IntrospectFailure::Unavailable(error.to_string()))?;
    if matches!(response.status, 400 | 401 | 403) {
        // As at /token: unknown id or secret 401 {"error":"invalid_client"}, malformed id 400.
        let code = response
            .json_value()
            .and_then(|body| body.get("error").and_then(Value::as_str).map(str::to_owned));
        return Err(IntrospectFailure::ClientRejected {
            status: response.status,
            code,
        });
    }
    if !response.is_success() {
        return Err(IntrospectFailure::Unavailable(format!(
            "POST /introspect answered {}",
            response.status
        )));
    }
    match response.json_value() {
        Some(Value::Object(fields)) => Ok(parse_introspection(&Value::Object(fields))),
        _ => Err(IntrospectFailure::Unavailable(
            "POST /introspect answered with something other than a JSON object".to_owned(),
        )),
    }
}

fn parse_introspection(body: &Value) -> Introspection {
    let scopes = match body.get("scope").or_else(|| body.get("scopes")) {
        Some(Value::String(text)) => text.split_whitespace().map(str::to_owned).collect(),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    let claims = body.get(CLAIMS);
    let organization = claims
        .and_then(|claims| claims.get("organization"))
        .filter(|org| org.is_object())
        .map(|org| Organization {
            id: org.get("id").and_then(id_text),
            name: org.get("name").and_then(Value::as_str).map(str::to_owned),
        });
    let user_role = claims
        .and_then(|claims| claims.get("user_role"))
        .or_else(|| body.get("user_role"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    Introspection {
        active: body.get("active").and_then(Value::as_bool),
        client_id: body.get("client_id").and_then(id_text),
        sub: body.get("sub").and_then(id_text),
        scopes,
        organization,
        service_account: service_account_claim(claims, user_role.as_deref()),
        user_role,
    }
}

/// Whether the authorisation was made "using a service account". No public source shows how
/// introspection words that, so every plausible form is read: a boolean `service_account`
/// claim, a `user_type`, or a `user_role` naming a service account. A role alone that names a
/// person's role (`site_admin`, `basic`) says "a user"; no role says nothing.
fn service_account_claim(claims: Option<&Value>, user_role: Option<&str>) -> Option<bool> {
    let normalized = |text: &str| {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    if let Some(flag) = claims
        .and_then(|claims| claims.get("service_account"))
        .and_then(Value::as_bool)
    {
        return Some(flag);
    }
    let user_type = claims
        .and_then(|claims| claims.get("user_type"))
        .and_then(Value::as_str);
    user_type.or(user_role).map(|text| normalized(text) == "serviceaccount")
}

/// Without introspection: one GET per needed list scope; the rest cannot be checked.
async fn probe_scopes(
    ctx: &Context<'_>,
    pacer: &Pacer,
    token: &Token,
    checks: &mut BTreeMap<String, ScopeCheck>,
) -> Result<Vec<ListSeen>, CheckError> {
    let catalog = &Catalog::bundled().harvest;
    let mut requests = Vec::new();
    for item in &ctx.needs.scopes {
        let scope = catalog.scope(&item.scope);
        match scope.and_then(|scope| scope.list_path().map(str::to_owned)) {
            Some(path) => {
                let request = Request::get(&ctx.options.harvest_url, &path)
                    .query("per_page", "1")
                    .auth(Auth::Bearer(token.access.clone()));
                requests.push((item.scope.clone(), request));
            }
            None => {
                let action = scope
                    .and_then(|scope| scope.resource_and_action())
                    .map(|(_, action)| action);
                let note = match action {
                    Some("list") => {
                        "no list endpoint that works without an id, and introspection is unavailable".to_owned()
                    }
                    Some(action) => format!(
                        "a `{action}` scope cannot be checked without side effects, and introspection is unavailable"
                    ),
                    None => "not in atsctl's scope catalog".to_owned(),
                };
                checks.insert(
                    item.scope.clone(),
                    ScopeCheck {
                        status: Status::Unverified,
                        evidence: Evidence::NotChecked,
                        note: Some(note),
                    },
                );
            }
        }
    }
    ctx.plan_probes(requests.len());
    let responses = ctx
        .fetch_all(pacer, requests, |response| response.status == 401)
        .await?;
    let mut lists = Vec::new();
    for (scope, response) in responses {
        let check = match classify::v3(&response) {
            V3Outcome::Granted { items, .. } => {
                lists.push(ListSeen {
                    scope: scope.clone(),
                    items,
                });
                ScopeCheck {
                    status: Status::Granted,
                    evidence: Evidence::Probe,
                    note: None,
                }
            }
            V3Outcome::Missing => ScopeCheck {
                status: Status::Missing,
                evidence: Evidence::Probe,
                note: Some("the list answered 403".to_owned()),
            },
            V3Outcome::Rejected { message } => return Err(token_rejected(token.source, &message)),
            V3Outcome::Unexpected { reason } => ScopeCheck {
                status: Status::Unverified,
                evidence: Evidence::Probe,
                note: Some(reason),
            },
        };
        checks.insert(scope, check);
    }
    Ok(lists)
}

fn token_rejected(source: TokenSource, message: &str) -> CheckError {
    match source {
        TokenSource::ClientCredentials => CheckError::new(
            CheckErrorKind::Rejected,
            format!("Harvest v3 rejected the access token just issued ({message})"),
        )
        .with_help(format!(
            "check that {ENV_HARVEST_URL} and {ENV_AUTH_URL} belong to the same Greenhouse"
        )),
        TokenSource::CustomerAuthorization => CheckError::new(
            CheckErrorKind::Rejected,
            format!("Harvest v3 rejected the customer's access token ({message})"),
        )
        .with_help(
            "it may have expired (access tokens last 1 hour) or been revoked: get a fresh one with the customer's refresh token, or ask the customer to authorise again",
        ),
    }
}

/// Lists that must all come back empty before an unknown role counts as "not a Site Admin".
const EMPTY_LISTS_FOR_NON_ADMIN: usize = 2;
/// Lists read to learn the role when neither introspection nor `harvest:users:list` tells it.
const ROLE_PROBES: usize = 3;

/// What introspection (or the token itself) says about the user a token acts as.
struct Claimed {
    sub: Option<String>,
    role: Option<String>,
    service_account: Option<bool>,
}

/// The acting user's role: from introspection when it says; otherwise from what lists return,
/// since Greenhouse answers a non-Site-Admin's lists with 200 and nothing in them (reference
/// README, "v3"). `GET /v3/users` is the best witness (an account always has a user: the acting
/// one); other lists are weaker, so several must be empty before the user counts as non-admin.
///
/// A customer's authorisation is best made "using a service account", which Greenhouse offers
/// only to a Site Admin; one made by a Site Admin without it works, but is said.
async fn acting_user(
    ctx: &Context<'_>,
    pacer: &Pacer,
    token: &Token,
    claimed: Claimed,
    checks: &BTreeMap<String, ScopeCheck>,
    lists: &[ListSeen],
    granted: Option<&BTreeSet<String>>,
) -> Result<ActingUser, CheckError> {
    let Claimed {
        sub,
        role,
        service_account,
    } = claimed;
    let user = |site_admin: Option<bool>, status, evidence, note: String| ActingUser {
        id: sub.clone(),
        role: role.clone(),
        site_admin,
        status,
        evidence,
        note: Some(note),
    };
    let authorization = token.source == TokenSource::CustomerAuthorization;
    if service_account == Some(true) {
        return Ok(user(
            None,
            Status::Granted,
            Evidence::Introspection,
            "service account: the customer authorised using a service account, as the plan asks".to_owned(),
        ));
    }
    if let Some(role) = &role {
        return Ok(if classify::is_site_admin_role(role) {
            let note = if authorization {
                format!(
                    "Site Admin, but authorised without a service account: the partner's actions appear under this person's name and stop when they lose access; the plan asks for \"{SERVICE_ACCOUNT_CHOICE}\""
                )
            } else {
                "Site Admin".to_owned()
            };
            user(Some(true), Status::Granted, Evidence::Introspection, note)
        } else {
            user(
                Some(false),
                Status::Missing,
                Evidence::Introspection,
                not_admin_note(role),
            )
        });
    }
    if let Some(verdict) = role_from_lists(lists) {
        return Ok(verdict.into_user(&user));
    }
    let is_granted = |scope: &str| match granted {
        Some(granted) => Some(granted.contains(scope)),
        None => checks.get(scope).map(|check| check.status == Status::Granted),
    };
    let catalog = &Catalog::bundled().harvest;
    let users_path = catalog
        .scope(USERS_SCOPE)
        .and_then(|scope| scope.list_path())
        .unwrap_or("/v3/users");
    let mut requests = Vec::new();
    if is_granted(USERS_SCOPE) != Some(false) {
        let mut request = Request::get(&ctx.options.harvest_url, users_path).query("per_page", "1");
        if let Some(id) = sub
            .as_deref()
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        {
            request = request.query("ids", id);
        }
        requests.push((USERS_SCOPE.to_owned(), request));
    } else if lists.is_empty() {
        // No users scope: read a few lists the credential does have.
        let candidates = ctx
            .needs
            .scopes
            .iter()
            .map(|item| item.scope.as_str())
            .filter(|scope| is_granted(scope) == Some(true));
        for scope in candidates.take(ROLE_PROBES) {
            if let Some(path) = catalog.scope(scope).and_then(|scope| scope.list_path()) {
                requests.push((
                    scope.to_owned(),
                    Request::get(&ctx.options.harvest_url, path).query("per_page", "1"),
                ));
            }
        }
    }
    if requests.is_empty() {
        return Ok(user(
            None,
            Status::Unverified,
            Evidence::NotChecked,
            unknown_role_note(),
        ));
    }
    ctx.stage("checking the acting user's role");
    let requests: Vec<(String, Request)> = requests
        .into_iter()
        .map(|(scope, request)| (scope, request.auth(Auth::Bearer(token.access.clone()))))
        .collect();
    ctx.plan_probes(requests.len());
    let responses = ctx
        .fetch_all(pacer, requests, |response| response.status == 401)
        .await?;
    let mut seen = Vec::new();
    for (scope, response) in responses {
        match classify::v3(&response) {
            V3Outcome::Granted { first: Some(first), .. } if scope == USERS_SCOPE => {
                // With `ids=<sub>` the record is the acting user; its flag settles the question.
                match first.get("site_admin").and_then(Value::as_bool) {
                    Some(true) => {
                        return Ok(user(
                            Some(true),
                            Status::Granted,
                            Evidence::Probe,
                            "Site Admin (from GET /v3/users)".to_owned(),
                        ));
                    }
                    Some(false) => {
                        return Ok(user(
                            Some(false),
                            Status::Missing,
                            Evidence::Probe,
                            not_admin_note("not site_admin"),
                        ));
                    }
                    None => seen.push(ListSeen { scope, items: Some(1) }),
                }
            }
            V3Outcome::Granted { items, .. } => seen.push(ListSeen { scope, items }),
            V3Outcome::Rejected { message } => return Err(token_rejected(token.source, &message)),
            V3Outcome::Missing | V3Outcome::Unexpected { .. } => {}
        }
    }
    Ok(match role_from_lists(&seen) {
        Some(verdict) => verdict.into_user(&user),
        None => user(None, Status::Unverified, Evidence::Probe, unknown_role_note()),
    })
}

/// What list answers say about the acting user's role.
enum RoleFromLists {
    AdminBecause(String),
    NotAdminBecause(String),
}

impl RoleFromLists {
    fn into_user(self, user: &impl Fn(Option<bool>, Status, Evidence, String) -> ActingUser) -> ActingUser {
        match self {
            Self::AdminBecause(note) => user(Some(true), Status::Granted, Evidence::Inferred, note),
            Self::NotAdminBecause(note) => user(Some(false), Status::Missing, Evidence::Inferred, note),
        }
    }
}

fn role_from_lists(lists: &[ListSeen]) -> Option<RoleFromLists> {
    if let Some(seen) = lists.iter().find(|seen| seen.items.is_some_and(|items| items > 0)) {
        return Some(RoleFromLists::AdminBecause(format!(
            "{} returned records, which Greenhouse does only for a Site Admin acting user",
            list_name(&seen.scope)
        )));
    }
    if lists
        .iter()
        .any(|seen| seen.scope == USERS_SCOPE && seen.items == Some(0))
    {
        return Some(RoleFromLists::NotAdminBecause(
            "GET /v3/users returned no users: Greenhouse returns empty lists to an acting user who is not a Site Admin"
                .to_owned(),
        ));
    }
    let empty = lists.iter().filter(|seen| seen.items == Some(0)).count();
    (empty >= EMPTY_LISTS_FOR_NON_ADMIN && empty == lists.len()).then(|| {
        RoleFromLists::NotAdminBecause(format!(
            "all {empty} lists read came back empty, which is how Greenhouse answers an acting user who is not a Site Admin (or an account with no data)"
        ))
    })
}

fn unknown_role_note() -> String {
    format!(
        "Greenhouse did not say the acting user's role and no list could show it (grant {USERS_SCOPE} to let atsctl read it); make sure the acting user is a Site Admin"
    )
}

fn not_admin_note(role: &str) -> String {
    format!(
        "role {role}, not Site Admin: Harvest v3 lists come back empty (200, no records) for anyone else, so the partner would see no data"
    )
}

/// `GET /v3/jobs` for `harvest:jobs:list`.
fn list_name(scope: &str) -> String {
    Catalog::bundled()
        .harvest
        .scope(scope)
        .and_then(|scope| scope.list_path())
        .map_or_else(|| scope.to_owned(), |path| format!("GET {path}"))
}

#[allow(clippy::too_many_arguments)]
fn build_report(
    ctx: &Context<'_>,
    credential: String,
    source: TokenSource,
    checked_by: CheckedBy,
    checks: &BTreeMap<String, ScopeCheck>,
    acting_user: ActingUser,
    granted: Option<&BTreeSet<String>>,
    mut notes: Vec<String>,
) -> CredentialReport {
    let unknown = ScopeCheck {
        status: Status::Unverified,
        evidence: Evidence::NotChecked,
        note: Some("not checked".to_owned()),
    };
    let check_of = |scope: &str| checks.get(scope).unwrap_or(&unknown);
    let rows = ctx
        .needs
        .permissions
        .iter()
        .map(|need| {
            let permission = need.permission;
            let scopes = permission.v3.scopes();
            let (status, evidence, mut note) = if scopes.is_empty() {
                (
                    Status::Unverified,
                    Evidence::NotChecked,
                    Some("no Harvest v3 equivalent is known for this permission".to_owned()),
                )
            } else {
                let missing: Vec<String> = scopes
                    .iter()
                    .filter(|scope| check_of(scope).status == Status::Missing)
                    .map(|scope| (*scope).to_owned())
                    .collect();
                let unverified = scopes.iter().find(|scope| check_of(scope).status == Status::Unverified);
                let evidence = scopes
                    .iter()
                    .map(|scope| check_of(scope).evidence)
                    .max()
                    .unwrap_or(Evidence::NotChecked);
                if !missing.is_empty() {
                    (
                        Status::Missing,
                        evidence,
                        Some(format!("missing {}", join_words(&missing))),
                    )
                } else if let Some(scope) = unverified {
                    (
                        Status::Unverified,
                        evidence,
                        Some(format!(
                            "{scope}: {}",
                            check_of(scope).note.as_deref().unwrap_or("not checked")
                        )),
                    )
                } else {
                    (Status::Granted, evidence, None)
                }
            };
            if permission.v3.confidence < Confidence::High && !scopes.is_empty() {
                let mapping = format!("{}-confidence mapping", permission.v3.confidence.as_str());
                note = Some(note.map_or(mapping.clone(), |note| format!("{note}; {mapping}")));
            }
            let row = PermissionReport {
                label: permission.label().to_owned(),
                method: permission.method(),
                endpoint: permission
                    .primary_endpoint()
                    .path()
                    .map(|path| format!("{} {path}", permission.method())),
                v3_scopes: scopes.iter().map(|scope| (*scope).to_owned()).collect(),
                required: need.need == crate::manifest::Need::Required,
                status,
                evidence,
                note,
            };
            (permission.category().to_owned(), row)
        })
        .collect();
    let scopes: Vec<ScopeReport> = ctx
        .needs
        .scopes
        .iter()
        .map(|item| {
            let check = check_of(&item.scope);
            ScopeReport {
                scope: item.scope.clone(),
                required: item.required,
                status: check.status,
                evidence: check.evidence,
                replaces: item.replaces.clone(),
                note: check.note.clone(),
            }
        })
        .collect();
    let mut fixes: Vec<Fix> = Vec::new();
    let mut missing: Vec<&ScopeReport> = scopes.iter().filter(|scope| scope.status == Status::Missing).collect();
    missing.sort_by_key(|scope| !scope.required);
    let fixing = FixWording {
        partner: &ctx.needs.partner.name,
        connection: ctx.needs.connection,
        source,
    };
    for scope in missing {
        fixes.push(Fix {
            item: scope.scope.clone(),
            action: fixing.grant_scope(scope),
        });
    }
    if acting_user.status == Status::Missing {
        fixes.push(Fix {
            item: "acting user".to_owned(),
            action: fixing.acting_user(acting_user.id.as_deref()),
        });
    }
    let needed: BTreeSet<&str> = ctx.needs.scopes.iter().map(|item| item.scope.as_str()).collect();
    let least_privilege = match granted {
        Some(granted) => {
            let extra: Vec<String> = granted
                .iter()
                .filter(|scope| !needed.contains(scope.as_str()))
                .cloned()
                .collect();
            let note = if extra.is_empty() {
                Some(format!(
                    "the credential grants nothing beyond what {} needs",
                    ctx.needs.partner.name
                ))
            } else {
                Some(format!(
                    "{} scope(s) granted that {} does not need; consider removing them",
                    extra.len(),
                    ctx.needs.partner.name
                ))
            };
            LeastPrivilege {
                checked: true,
                extra,
                note,
            }
        }
        None => LeastPrivilege {
            checked: false,
            extra: Vec::new(),
            note: Some("needs token introspection to list every granted scope; it was not available".to_owned()),
        },
    };
    let low: Vec<String> = ctx
        .needs
        .scopes
        .iter()
        .filter(|item| item.confidence < Confidence::High)
        .map(|item| item.scope.clone())
        .collect();
    if !low.is_empty() {
        notes.push(format!(
            "The v1→v3 mapping behind {} is not certain (see `atsctl plan {}`); check those scopes against Greenhouse's v3 docs.",
            join_words(&low),
            ctx.needs.partner.id
        ));
    }
    CredentialReport {
        partner: ctx.needs.partner.clone(),
        api: ApiVersion::V3,
        credential,
        harvest_url: ctx.options.harvest_url.to_string(),
        auth_url: Some(ctx.options.auth_url.to_string()),
        checked_by,
        categories: group(rows),
        scopes,
        acting_user: Some(acting_user),
        organization: None,
        authorization: None,
        fixes,
        least_privilege,
        notes,
        summary: Summary::default(),
        strict: ctx.options.strict,
        verdict: Verdict::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn introspection_fields_are_all_optional() {
        let empty = parse_introspection(&serde_json::json!({}));
        assert!(
            empty.active.is_none() && empty.sub.is_none() && empty.scopes.is_empty() && empty.organization.is_none()
        );
        let full = parse_introspection(&serde_json::json!({
            "active": true,
            "client_id": "abc",
            "sub": 4242,
            "scope": "harvest:jobs:list  harvest:users:list",
            CLAIMS: {"organization": {"id": 7, "name": "Acme"}, "user_role": "site_admin"}
        }));
        assert_eq!(full.active, Some(true));
        assert_eq!(full.sub.as_deref(), Some("4242"));
        assert_eq!(full.scopes, ["harvest:jobs:list", "harvest:users:list"]);
        let org = full.organization.unwrap();
        assert_eq!((org.id.as_deref(), org.name.as_deref()), (Some("7"), Some("Acme")));
        assert_eq!(full.user_role.as_deref(), Some("site_admin"));
    }

    #[test]
    fn introspection_names_the_token_client_and_a_service_account() {
        let parsed = |claims: serde_json::Value| {
            parse_introspection(&serde_json::json!({"active": true, "client_id": "partner-app", CLAIMS: claims}))
        };
        let service = parsed(serde_json::json!({"user_role": "Service Account"}));
        assert_eq!(service.client_id.as_deref(), Some("partner-app"));
        assert_eq!(service.service_account, Some(true));
        assert_eq!(
            parsed(serde_json::json!({"user_role": "site_admin"})).service_account,
            Some(false)
        );
        assert_eq!(
            parsed(serde_json::json!({"user_role": "site_admin", "service_account": true})).service_account,
            Some(true)
        );
        assert_eq!(
            parsed(serde_json::json!({"user_type": "service_account", "user_role": "site_admin"})).service_account,
            Some(true)
        );
        assert_eq!(parsed(serde_json::json!({})).service_account, None);
        assert_eq!(
            parse_introspection(&serde_json::json!({"client_id": 17}))
                .client_id
                .as_deref(),
            Some("17")
        );
    }

    #[test]
    fn token_expiry_comes_as_expires_in_or_expires_at() {
        let response = |body: &str| Response::for_test(200, "", body);
        let docs = parse_token(&response(
            r#"{"access_token":"abc","token_type":"Bearer","expires_in":3600}"#,
        ))
        .unwrap();
        assert_eq!(docs.expiry.as_deref(), Some("in 3600 s"));
        let live = parse_token(&response(
            r#"{"access_token":"abc","expires_at":"2026-11-23T05:00:00Z"}"#,
        ))
        .unwrap();
        assert_eq!(live.expiry.as_deref(), Some("at 2026-11-23T05:00:00Z"));
        assert!(
            parse_token(&response(r#"{"access_token":"abc"}"#))
                .unwrap()
                .expiry
                .is_none()
        );
        assert!(parse_token(&response(r#"{"token_type":"Bearer"}"#)).is_none());
        assert!(parse_token(&response("<html>")).is_none());
    }

    #[test]
    fn jwt_subject_is_read_without_verification() {
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"sub":"123","exp":1}"#);
        assert_eq!(
            jwt_subject(&format!("eyJhbGciOiJub25lIn0.{payload}.sig")).as_deref(),
            Some("123")
        );
        assert_eq!(jwt_subject("opaque-token"), None);
        assert_eq!(jwt_subject("a.!!!.c"), None);
    }
}
