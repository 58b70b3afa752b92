//! `auth login` for each kind of credential: what each asks for, which flags belong to it, and
//! the credential it stores. The `auth` command itself names no ATS.

use atsctl::http::{BaseUrl, Secret};
use atsctl::profile::{CredentialKind, LeverRegion, NewCredential};

use crate::cli::auth::{ApiArg, LoginArgs, RegionArg};
use crate::cli::prompt::{self, Ask};
use crate::cli::{CliError, Output};

/// The credential kind `--api` picks (an API of the ATS that takes `--api`).
pub(crate) fn login_kind_for_api(api: ApiArg) -> CredentialKind {
    match api {
        ApiArg::V3 => CredentialKind::GreenhouseV3,
        ApiArg::V1 => CredentialKind::GreenhouseV1,
    }
}

/// The flags given that belong to another kind of credential: a mistake worth stopping for.
pub(crate) fn misplaced_login_flags(args: &LoginArgs, kind: CredentialKind) -> Vec<&'static str> {
    [
        (
            args.client_secret_stdin && kind != CredentialKind::GreenhouseV3,
            "--client-secret-stdin",
        ),
        (
            args.api_key_stdin && kind == CredentialKind::GreenhouseV3,
            "--api-key-stdin",
        ),
        (args.region.is_some() && kind != CredentialKind::Lever, "--region"),
        (args.lever_url.is_some() && kind != CredentialKind::Lever, "--lever-url"),
        (args.ashby_url.is_some() && kind != CredentialKind::Ashby, "--ashby-url"),
        (
            args.auth_url.is_some() && kind != CredentialKind::GreenhouseV3,
            "--auth-url",
        ),
        (
            args.harvest_url.is_some() && matches!(kind, CredentialKind::Lever | CredentialKind::Ashby),
            "--harvest-url",
        ),
    ]
    .into_iter()
    .filter_map(|(wrong, flag)| wrong.then_some(flag))
    .collect()
}

/// The credential of `kind` from the flags, its variable, a prompt on a terminal or stdin.
pub(crate) fn login_credential(
    kind: CredentialKind,
    args: &LoginArgs,
    output: &mut Output,
) -> Result<NewCredential, CliError> {
    let mut ask = prompt::for_stdin(output);
    let credential = match kind {
        CredentialKind::GreenhouseV3 => {
            let client_id = match &args.client_id {
                Some(id) => id.trim().to_owned(),
                None if output.stdin_is_terminal() => ask_line(ask.as_mut(), output, "Harvest v3 client id:")?,
                None => {
                    return Err(CliError::usage("the Harvest v3 client id is missing")
                        .with_help("pass --client-id ID or set ATSCTL_GREENHOUSE_CLIENT_ID"));
                }
            };
            if client_id.is_empty() {
                return Err(CliError::usage("the Harvest v3 client id is empty"));
            }
            let user_id = match &args.user_id {
                Some(id) => Some(id.trim().to_owned()),
                None if output.stdin_is_terminal() && !args.client_secret_stdin => Some(ask_line(
                    ask.as_mut(),
                    output,
                    "Acting user id (a Site Admin; Enter to skip):",
                )?),
                None => None,
            }
            .filter(|id| !id.is_empty());
            NewCredential::GreenhouseV3 {
                client_id,
                client_secret: secret(args, kind, ask.as_mut(), output)?,
                user_id,
                auth_url: base_url("--auth-url", args.auth_url.as_deref())?,
                harvest_url: base_url("--harvest-url", args.harvest_url.as_deref())?,
            }
        }
        CredentialKind::GreenhouseV1 => NewCredential::GreenhouseV1 {
            api_key: secret(args, kind, ask.as_mut(), output)?,
            harvest_url: base_url("--harvest-url", args.harvest_url.as_deref())?,
        },
        CredentialKind::Lever => NewCredential::Lever {
            api_key: secret(args, kind, ask.as_mut(), output)?,
            region: match args.region {
                Some(RegionArg::Eu) => LeverRegion::Eu,
                Some(RegionArg::Us) | None => LeverRegion::Us,
            },
            base_url: base_url("--lever-url", args.lever_url.as_deref())?,
        },
        CredentialKind::Ashby => NewCredential::Ashby {
            api_key: secret(args, kind, ask.as_mut(), output)?,
            base_url: base_url("--ashby-url", args.ashby_url.as_deref())?,
        },
    };
    Ok(credential)
}

fn ask_line(ask: &mut dyn Ask, output: &mut Output, prompt: &str) -> Result<String, CliError> {
    match ask.line(output, prompt) {
        Ok(Some(answer)) => Ok(answer.trim().to_owned()),
        Ok(None) => Err(CliError::usage("no answer: input ended")),
        Err(error) => Err(CliError::usage(format!("cannot read the answer: {error}"))),
    }
}

/// The secret: from stdin when its flag says so, else its environment variable, else a hidden
/// prompt on a terminal, else stdin.
fn secret(args: &LoginArgs, kind: CredentialKind, ask: &mut dyn Ask, output: &mut Output) -> Result<Secret, CliError> {
    let from_flag = match kind {
        CredentialKind::GreenhouseV3 => args.client_secret_stdin,
        CredentialKind::GreenhouseV1 | CredentialKind::Lever | CredentialKind::Ashby => args.api_key_stdin,
    };
    let value = if from_flag {
        prompt::read_secret_from_stdin(kind.secret_name()).map_err(CliError::usage)?
    } else if let Some(value) = std::env::var(kind.secret_env())
        .ok()
        .filter(|value| !value.trim().is_empty())
    {
        value.trim().to_owned()
    } else if output.stdin_is_terminal() {
        match ask.secret(output, kind.secret_name()) {
            Ok(Some(value)) => value.trim().to_owned(),
            Ok(None) => return Err(CliError::usage("no secret given: input ended")),
            Err(error) => {
                return Err(CliError::usage(format!(
                    "cannot read the {}: {error}",
                    kind.secret_name()
                )));
            }
        }
    } else {
        prompt::read_secret_from_stdin(kind.secret_name()).map_err(|message| {
            CliError::usage(message).with_help(format!(
                "pipe it in ({}) or set {}",
                kind.stdin_flag(),
                kind.secret_env()
            ))
        })?
    };
    if value.is_empty() {
        return Err(CliError::usage(format!("the {} is empty", kind.secret_name())));
    }
    Ok(Secret::new(value))
}

fn base_url(flag: &str, value: Option<&str>) -> Result<Option<String>, CliError> {
    value
        .map(|value| {
            BaseUrl::parse(flag, value).map_err(|error| CliError::usage(error.to_string()))?;
            Ok(value.trim().trim_end_matches('/').to_owned())
        })
        .transpose()
}
