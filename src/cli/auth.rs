//! `atsctl auth`: keep credentials in named profiles — secrets in the OS credential store, the
//! rest in a config file — so later commands need neither environment variables nor pipes.

use std::fmt::Write as _;

use atsctl::acceptance::Acceptance;
use atsctl::ats::Ats;
use atsctl::profile::{
    self, CredentialKind, CredentialStatus, ProfileStatus, ProfileStore, SecretState, SecretStores, StoreKind,
    SystemStores,
};
use serde::Serialize;

use super::ats::{AtsArg, SettingFlags};
use super::credentials::profile_error;
use super::output::{paint, style};
use super::{CliError, CliResult, Exit, Output};

// Its description is on `Command::Auth` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
pub(crate) struct AuthArgs {
    #[command(subcommand)]
    command: AuthCommand,
}

#[derive(Debug, clap::Subcommand)]
enum AuthCommand {
    Login(LoginArgs),
    Status(StatusArgs),
    Logout(LogoutArgs),
}

/// Store a credential in a profile.
///
/// The secret goes to the OS credential store (macOS Keychain, Windows Credential Manager, the
/// Secret Service on Linux); the client id, acting user, region and base URLs go to
/// profiles.toml in the config directory. On a terminal the secret is asked for with hidden
/// input. Otherwise it is read from stdin (or from its ATSCTL_* variable when that is set).
///
/// Without a credential store (a server without a desktop session, CI), login fails with exit
/// code 2: use the environment variables or the --*-stdin flags of the command itself instead.
/// atsctl never writes a secret to a plain file.
#[derive(Debug, clap::Args)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct LoginArgs {
    /// The profile to store the credential in.
    #[arg(long, default_value = profile::DEFAULT_PROFILE, env = "ATSCTL_PROFILE")]
    pub(crate) profile: String,
    #[arg(long, value_enum)]
    pub(crate) ats: AtsArg,
    /// Greenhouse only: Harvest v3 OAuth client credentials (default) or a legacy v1 API key.
    #[arg(long, value_enum)]
    pub(crate) api: Option<ApiArg>,
    /// The settings of each kind of credential, flags built from the kinds' data.
    #[command(flatten)]
    pub(crate) settings: SettingFlags,
    /// Read the Harvest v3 client secret from stdin.
    #[arg(long)]
    pub(crate) client_secret_stdin: bool,
    /// Read the API key (Harvest v1, Lever or Ashby) from stdin.
    #[arg(long)]
    pub(crate) api_key_stdin: bool,
    /// The credential store: the platform's own by default. On Linux, `kernel-keyring` needs no
    /// desktop session, but keeps secrets only until reboot or 3 days unused.
    #[arg(long, value_enum, env = "ATSCTL_CREDENTIAL_STORE")]
    store: Option<StoreArg>,
}

impl LoginArgs {
    /// The value given to the setting flag `flag` (`--client-id`), as text; the kinds' data
    /// names the flags, this struct holds them.
    pub(crate) fn setting_flag(&self, flag: &str) -> Option<String> {
        self.settings.get(flag)
    }

    /// Whether the stdin flag `flag` (`--api-key-stdin`) was given.
    pub(crate) fn stdin_flag(&self, flag: &str) -> bool {
        match flag {
            "--client-secret-stdin" => self.client_secret_stdin,
            "--api-key-stdin" => self.api_key_stdin,
            _ => false,
        }
    }

    /// Every flag that gives one kind's secret or setting, in the order a refusal lists them:
    /// the stdin flags, then the settings' flags in the registry's order.
    pub(crate) fn kind_flags() -> Vec<&'static str> {
        let mut flags = vec!["--client-secret-stdin", "--api-key-stdin"];
        flags.extend(SettingFlags::each().into_iter().map(|setting| setting.flag));
        flags
    }
}

/// A `clap::ValueEnum` value as it is typed (`eu`, `v1`).
pub(crate) fn value_name(value: &impl clap::ValueEnum) -> String {
    value
        .to_possible_value()
        .map(|value| value.get_name().to_owned())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ApiArg {
    V3,
    V1,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RegionArg {
    Us,
    Eu,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StoreArg {
    Keychain,
    CredentialManager,
    SecretService,
    KernelKeyring,
}

impl From<StoreArg> for StoreKind {
    fn from(arg: StoreArg) -> Self {
        match arg {
            StoreArg::Keychain => StoreKind::Keychain,
            StoreArg::CredentialManager => StoreKind::CredentialManager,
            StoreArg::SecretService => StoreKind::SecretService,
            StoreArg::KernelKeyring => StoreKind::KernelKeyring,
        }
    }
}

/// List profiles: credential kinds, ids, base URLs and whether each secret is in its store.
/// Never shows a secret.
///
/// With --check, also asks each ATS whether it accepts each credential shown, as stored (the
/// ATSCTL_* variables that override profiles are not used), with one request that changes
/// nothing: a token request for greenhouse-v3, GET /v1/users?per_page=1 for greenhouse-v1, GET
/// /stages?limit=1 for lever. Each is then accepted, rejected (with the reason) or unreachable.
///
/// Exit codes: 0 all fine; 1 a profile's secret is missing from its store or the store cannot be
/// read; with --check, 3 a credential was rejected, else 4 one could not be checked.
#[derive(Debug, clap::Args)]
struct StatusArgs {
    /// Show only this profile.
    #[arg(long)]
    profile: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: StatusFormat,
    /// Ask each ATS whether it accepts each credential shown. Changes nothing.
    #[arg(long)]
    check: bool,
    /// With --check: time limit for the checks (they run at once), waits for rate limits
    /// included; each request also gives up after 10 s. `60`, `2.5s`, `500ms`.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = super::duration_arg::parse_timeout)]
    timeout: std::time::Duration,
    /// With --check: show each request (-v), plus rate-limit headers and error bodies (-vv).
    /// Secrets are never shown.
    #[arg(long, short, action = clap::ArgAction::Count)]
    verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    // `terminal` as every command that prints for a person accepts it.
    #[value(alias = "terminal")]
    Text,
    Json,
}

/// Remove a profile's credentials: the secrets from the credential store, the settings from the
/// config file.
#[derive(Debug, clap::Args)]
struct LogoutArgs {
    #[arg(long, default_value = profile::DEFAULT_PROFILE, env = "ATSCTL_PROFILE")]
    profile: String,
    /// Remove only this ATS's credentials (all of the profile's by default).
    #[arg(long, value_enum)]
    ats: Option<AtsArg>,
}

pub(crate) fn run(args: &AuthArgs, output: &mut Output) -> CliResult {
    let config = ProfileStore::locate().map_err(profile_error)?;
    let stores = SystemStores::new();
    match &args.command {
        AuthCommand::Login(login) => run_login(login, &config, &stores, output),
        AuthCommand::Status(status) => run_status(status, &config, &stores, output),
        AuthCommand::Logout(logout) => run_logout(logout, &config, &stores, output),
    }
}

/// Every profile failure is the user's input or machine (exit 2), with its help.
fn run_login(args: &LoginArgs, config: &ProfileStore, stores: &dyn SecretStores, output: &mut Output) -> CliResult {
    profile::check_profile_name(&args.profile).map_err(profile_error)?;
    let kind = login_kind(args)?;
    let misplaced = super::ats::misplaced_login_flags(args, kind);
    if !misplaced.is_empty() {
        return Err(CliError::usage(format!(
            "{} cannot be used with credential kind {kind}",
            misplaced.join(", ")
        )));
    }
    // A corrupt config or a missing store stops the login before anyone types a secret.
    config.load().map_err(profile_error)?;
    let store = match args.store.map(StoreKind::from).or_else(StoreKind::platform_default) {
        Some(store) if store.supported_here() => store,
        Some(store) => {
            return Err(
                CliError::usage(format!("{} is not available on this platform", store.display_name()))
                    .with_help(supported_stores_help()),
            );
        }
        None => {
            let variables: Vec<&str> = CredentialKind::all().flat_map(CredentialKind::env_names).collect();
            let stdin_flags: Vec<&str> =
                CredentialKind::all()
                    .map(CredentialKind::stdin_flag)
                    .fold(Vec::new(), |mut flags, flag| {
                        if !flags.contains(&flag) {
                            flags.push(flag);
                        }
                        flags
                    });
            return Err(
                CliError::usage("no OS credential store is available: atsctl supports none on this platform")
                    .with_help(format!(
                        "pass credentials through the environment instead: {}; or pipe a secret with {}",
                        variables.join(", "),
                        stdin_flags.join(" / ")
                    )),
            );
        }
    };
    stores.open(store).map_err(|error| profile_error(error.into()))?;

    let credential = super::ats::login_credential(kind, args, output)?;
    let outcome = profile::login(config, stores, &args.profile, store, &credential).map_err(profile_error)?;
    let verb = if outcome.replaced { "Replaced" } else { "Stored" };
    output.print(&format!(
        "{verb} the {} of profile {} in {}.\nSettings: {}\n",
        kind.secret_name(),
        paint(style::EMPHASIS, &outcome.profile),
        store.display_name(),
        config.path().display()
    ));
    if let Some(note) = store.lifetime_note() {
        output.warning(&format!(
            "secrets in {} are {note}; run `atsctl auth login` again after that",
            store.display_name()
        ));
    }
    if let Some(stale) = outcome.stale_secret_in {
        output.warning(&format!(
            "the old secret is still in {}, which could not be reached; remove it there by hand (service `{}`, account `{}/{}`)",
            stale.display_name(),
            profile::SERVICE,
            outcome.profile,
            kind
        ));
    }
    Ok(Exit::Ok)
}

fn login_kind(args: &LoginArgs) -> Result<CredentialKind, CliError> {
    let ats: Ats = args.ats.into();
    let Some(api) = args.api.map(|api| value_name(&api)) else {
        return Ok(CredentialKind::default_of(ats));
    };
    CredentialKind::for_api(ats, &api).ok_or_else(|| {
        let takes: Vec<&str> = Ats::ALL
            .into_iter()
            .filter(|other| CredentialKind::for_api(*other, &api).is_some())
            .map(Ats::display_name)
            .collect();
        CliError::usage(format!(
            "--api is for {}; {} has one kind of API key",
            takes.join(", "),
            ats.display_name()
        ))
    })
}

/// `a`, `b` or `c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn supported_stores_help() -> String {
    let here: Vec<&str> = StoreKind::ALL
        .iter()
        .filter(|store| store.supported_here())
        .map(|store| store.as_str())
        .collect();
    format!(
        "stores on this platform: {}",
        if here.is_empty() {
            "none".to_owned()
        } else {
            here.join(", ")
        }
    )
}

/// `auth status --format json`: the verdict first (README, "JSON output"), then the profiles.
#[derive(Serialize)]
struct StatusReport<'a> {
    command: &'static str,
    /// `ok`, `secret_missing`, `rejected`, `unreachable`.
    outcome: &'static str,
    exit_code: u8,
    reason: String,
    config: String,
    profiles: &'a [ProfileStatus],
    /// ATSCTL_* variables set now; they override profiles.
    environment_overrides: Vec<&'static str>,
}

fn run_status(args: &StatusArgs, config: &ProfileStore, stores: &dyn SecretStores, output: &mut Output) -> CliResult {
    let mut profiles = profile::status(config, stores, args.profile.as_deref(), true).map_err(profile_error)?;
    if args.check {
        super::auth_check::check_all(&mut profiles, config, stores, args.timeout, args.verbose, output)?;
    }
    let overrides: Vec<&'static str> = profile::overriding_env()
        .into_iter()
        .filter(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()))
        .collect();
    let credentials: Vec<&CredentialStatus> = profiles.iter().flat_map(|profile| &profile.credentials).collect();
    let incomplete = credentials
        .iter()
        .filter(|credential| credential.secret != SecretState::Stored)
        .count();
    let count = |wanted: fn(&Acceptance) -> bool| {
        credentials
            .iter()
            .filter(|credential| credential.check.as_ref().is_some_and(wanted))
            .count()
    };
    let rejected = count(|check| matches!(check, Acceptance::Rejected { .. }));
    let unreachable = count(|check| matches!(check, Acceptance::Unreachable { .. }));
    // A refused credential is the most specific news; then one that could not be asked.
    let (exit, outcome, reason) = if rejected > 0 {
        (
            Exit::CredentialRejected,
            "rejected",
            format!("{rejected} of {} credential(s) rejected by the ATS", credentials.len()),
        )
    } else if unreachable > 0 {
        (
            Exit::Unreachable,
            "unreachable",
            format!(
                "{unreachable} of {} credential(s) could not be checked",
                credentials.len()
            ),
        )
    } else if incomplete > 0 {
        (
            Exit::Findings,
            "secret_missing",
            format!(
                "{incomplete} of {} credential(s) have no readable secret in their store",
                credentials.len()
            ),
        )
    } else if credentials.is_empty() {
        (Exit::Ok, "ok", "no credentials stored".to_owned())
    } else {
        (
            Exit::Ok,
            "ok",
            format!(
                "{} credential(s), each with its secret stored{}",
                credentials.len(),
                if args.check { " and accepted" } else { "" }
            ),
        )
    };
    match args.format {
        StatusFormat::Json => output.json(&StatusReport {
            command: "auth status",
            outcome,
            exit_code: exit as u8,
            reason,
            config: config.path().display().to_string(),
            profiles: &profiles,
            environment_overrides: overrides,
        }),
        StatusFormat::Text => output.print(&status_text(config, &profiles, &overrides, args.check)),
    }
    Ok(exit)
}

fn status_text(config: &ProfileStore, profiles: &[ProfileStatus], overrides: &[&str], checked: bool) -> String {
    let mut text = String::new();
    if profiles.is_empty() {
        let _ = writeln!(text, "No profiles yet (config file: {}).", config.path().display());
        let logins: Vec<String> = Ats::ALL
            .iter()
            .enumerate()
            .map(|(index, ats)| {
                let flag = format!("--ats {}", ats.as_str());
                if index == 0 {
                    format!("`atsctl auth login {flag}`")
                } else {
                    format!("`{flag}`")
                }
            })
            .collect();
        let variables: Vec<&str> = CredentialKind::all().flat_map(CredentialKind::env_names).collect();
        let _ = writeln!(
            text,
            "Store a credential with {}, or pass one through the environment: {}.",
            or_list(&logins),
            variables.join(", ")
        );
    } else {
        let _ = writeln!(text, "Profiles in {}", config.path().display());
        for profile in profiles {
            let _ = writeln!(text, "\n{}", paint(style::HEADING, &profile.name));
            for credential in &profile.credentials {
                write_credential(&mut text, credential, checked);
            }
        }
    }
    if checked {
        let checks: Vec<&Acceptance> = profiles
            .iter()
            .flat_map(|profile| &profile.credentials)
            .filter_map(|credential| credential.check.as_ref())
            .collect();
        let count = |state: &str| checks.iter().filter(|check| check.state() == state).count();
        let _ = writeln!(
            text,
            "\nChecked {} credential(s): {} accepted, {} rejected, {} unreachable.",
            checks.len(),
            count("accepted"),
            count("rejected"),
            count("unreachable")
        );
    }
    if !overrides.is_empty() {
        let _ = writeln!(
            text,
            "\nSet in the environment, overriding profiles: {}",
            overrides.join(", ")
        );
    }
    text
}

fn write_credential(text: &mut String, credential: &CredentialStatus, checked: bool) {
    const INDENT: &str = "                   ";
    let mut details = Vec::new();
    if let Some(client_id) = &credential.client_id {
        details.push(format!("client id {client_id}"));
    }
    // Only a client (Harvest v3) acts as a user; a missing one is worth saying.
    match (&credential.user_id, &credential.client_id) {
        (Some(user), _) => details.push(format!("acting user {user}")),
        (None, Some(_)) => details.push("no acting user".to_owned()),
        (None, None) => {}
    }
    if let Some(region) = &credential.region {
        details.push(format!("region {region}"));
    }
    let kind = format!("{:<16}", credential.kind.as_str());
    let _ = writeln!(text, "  {} {}", paint(style::EMPHASIS, &kind), details.join(", "));
    let urls: Vec<String> = credential
        .base_urls
        .iter()
        .map(|url| {
            format!(
                "{} {}{}",
                url.name,
                url.url,
                if url.is_default { "" } else { " (custom)" }
            )
        })
        .collect();
    if !urls.is_empty() {
        let _ = writeln!(text, "{INDENT}{}", urls.join(", "));
    }
    let store = credential.store.display_name();
    let secret = match &credential.secret {
        SecretState::Stored => paint(style::OK, &format!("secret stored in {store}")),
        SecretState::Missing => paint(style::ERROR, &format!("secret missing from {store}: log in again")),
        SecretState::Unreadable(reason) => paint(style::ERROR, &format!("secret unreadable: {reason}")),
        SecretState::NotChecked => format!("secret in {store} (not checked)"),
    };
    let _ = writeln!(text, "{INDENT}{secret}");
    if let Some(note) = credential.store.lifetime_note() {
        let _ = writeln!(text, "{INDENT}{}", paint(style::DIM, note));
    }
    match &credential.check {
        Some(Acceptance::Accepted { notes }) => {
            let _ = writeln!(text, "{INDENT}check: {}", paint(style::OK, "accepted"));
            for note in notes {
                let _ = writeln!(text, "{INDENT}  {}", paint(style::WARNING, note));
            }
        }
        Some(Acceptance::Rejected { reason }) => {
            let _ = writeln!(text, "{INDENT}check: {} ({reason})", paint(style::ERROR, "rejected"));
        }
        Some(Acceptance::Unreachable { reason }) => {
            let _ = writeln!(
                text,
                "{INDENT}check: {} ({reason})",
                paint(style::WARNING, "unreachable")
            );
        }
        None if checked => {
            let _ = writeln!(text, "{INDENT}check: not checked (its secret is not available)");
        }
        None => {}
    }
}

fn run_logout(args: &LogoutArgs, config: &ProfileStore, stores: &dyn SecretStores, output: &mut Output) -> CliResult {
    let removed = profile::logout(config, stores, &args.profile, args.ats.map(Into::into)).map_err(profile_error)?;
    for item in removed {
        let what = if item.secret_was_stored {
            format!("secret deleted from {}", item.store.display_name())
        } else {
            format!("its secret was already gone from {}", item.store.display_name())
        };
        output.print(&format!(
            "Removed {} from profile {} ({what}).\n",
            item.kind, args.profile
        ));
    }
    Ok(Exit::Ok)
}
