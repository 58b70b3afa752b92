//! `auth login` for any kind of credential, from the kind's data: which flags belong to it,
//! what it asks for, and the credential it stores. Nothing here names an ATS.

use std::collections::BTreeMap;

use atsctl::http::{BaseUrl, Secret};
use atsctl::profile::{CredentialKind, NewCredential, SettingShape, SettingSpec};

use crate::cli::auth::LoginArgs;
use crate::cli::prompt::{self, Ask};
use crate::cli::{CliError, Output};

/// The flags of `auth login` that give a credential kind's settings (`--client-id`,
/// `--region`, a base URL…): one per setting flag the registered kinds name, in the registry's
/// order, built from that data so a new kind's settings need no field here.
#[derive(Debug, Clone, Default)]
pub(crate) struct SettingFlags {
    given: BTreeMap<&'static str, String>,
}

impl SettingFlags {
    /// The value given to `flag` (`--client-id`), as text.
    pub(crate) fn get(&self, flag: &str) -> Option<String> {
        self.given.get(flag).cloned()
    }

    /// Every setting flag the registered kinds name, once each (two kinds may share one, as
    /// Harvest v3 and v1 share `--harvest-url`), with the first setting that names it.
    pub(crate) fn each() -> Vec<&'static SettingSpec> {
        let mut seen = Vec::new();
        let mut settings = Vec::new();
        for setting in CredentialKind::all().flat_map(CredentialKind::settings) {
            if !seen.contains(&setting.flag) {
                seen.push(setting.flag);
                settings.push(setting);
            }
        }
        settings
    }

    /// The argument id of a setting flag: the flag without its dashes.
    fn id(flag: &'static str) -> &'static str {
        flag.trim_start_matches('-')
    }
}

impl clap::FromArgMatches for SettingFlags {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = Self::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        for setting in Self::each() {
            if let Some(value) = matches.get_one::<String>(Self::id(setting.flag)) {
                self.given.insert(setting.flag, value.clone());
            }
        }
        Ok(())
    }
}

impl clap::Args for SettingFlags {
    fn augment_args(command: clap::Command) -> clap::Command {
        Self::each().into_iter().fold(command, |command, setting| {
            let mut arg = clap::Arg::new(Self::id(setting.flag))
                .long(Self::id(setting.flag))
                .value_name(setting.value_name)
                .help(setting.help);
            if let (true, Some(variable)) = (setting.flag_reads_env, setting.env) {
                arg = arg.env(variable);
            }
            if let SettingShape::Choice(choices) = setting.shape {
                arg = arg.value_parser(clap::builder::PossibleValuesParser::new(
                    choices.iter().map(|(value, _)| *value),
                ));
            }
            command.arg(arg)
        })
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// The flags given that belong to another kind of credential: a mistake worth stopping for.
/// A setting flag that also reads its variable is not refused: its value may be the
/// environment's, set for another kind.
pub(crate) fn misplaced_login_flags(args: &LoginArgs, kind: CredentialKind) -> Vec<&'static str> {
    let reads_env = |flag: &str| {
        CredentialKind::all()
            .flat_map(CredentialKind::settings)
            .any(|setting| setting.flag == flag && setting.flag_reads_env)
    };
    let taken = |flag: &str| kind.stdin_flag() == flag || kind.settings().iter().any(|setting| setting.flag == flag);
    LoginArgs::kind_flags()
        .into_iter()
        .filter(|flag| args.stdin_flag(flag) || args.setting_flag(flag).is_some())
        .filter(|flag| !taken(flag) && !reads_env(flag))
        .collect()
}

/// The credential of `kind` from the flags, its variables, a prompt on a terminal or stdin:
/// its settings first (so a bad flag stops the login before a secret is typed), then the secret.
pub(crate) fn login_credential(
    kind: CredentialKind,
    args: &LoginArgs,
    output: &mut Output,
) -> Result<NewCredential, CliError> {
    let mut ask = prompt::for_stdin(output);
    let secret_from_stdin = args.stdin_flag(kind.stdin_flag());
    let mut values = Vec::new();
    for setting in kind.settings() {
        let value = setting_value(setting, args, secret_from_stdin, ask.as_mut(), output)?;
        values.push((setting.key, value));
    }
    let secret = secret(args, kind, ask.as_mut(), output)?;
    Ok(values
        .into_iter()
        .fold(NewCredential::new(kind, secret), |credential, (key, value)| {
            credential.with(key, value)
        }))
}

/// One setting: its flag, else (on a terminal) its question, else nothing or, for a required
/// one, a usage error naming the flag and the variable.
fn setting_value(
    setting: &SettingSpec,
    args: &LoginArgs,
    secret_from_stdin: bool,
    ask: &mut dyn Ask,
    output: &mut Output,
) -> Result<Option<String>, CliError> {
    let given = args.setting_flag(setting.flag);
    match setting.shape {
        SettingShape::Url => base_url(setting.flag, given.as_deref()),
        SettingShape::Choice(choices) => Ok(Some(given.unwrap_or_else(|| choices[0].0.to_owned()))),
        SettingShape::Required => {
            let value = match (given, setting.prompt) {
                (Some(value), _) => value.trim().to_owned(),
                (None, Some(question)) if output.stdin_is_terminal() => ask_line(ask, output, &format!("{question}:"))?,
                (None, _) => {
                    let mut help = format!("pass {} {}", setting.flag, setting.value_name);
                    if let Some(variable) = setting.env {
                        help.push_str(&format!(" or set {variable}"));
                    }
                    return Err(CliError::usage(format!("the {} is missing", setting.what)).with_help(help));
                }
            };
            if value.is_empty() {
                return Err(CliError::usage(format!("the {} is empty", setting.what)));
            }
            Ok(Some(value))
        }
        SettingShape::Optional => {
            let value = match (given, setting.prompt) {
                (Some(value), _) => Some(value.trim().to_owned()),
                // The secret on stdin means no one is there to answer.
                (None, Some(question)) if output.stdin_is_terminal() && !secret_from_stdin => {
                    Some(ask_line(ask, output, &format!("{question}:"))?)
                }
                (None, _) => None,
            };
            Ok(value.filter(|value| !value.is_empty()))
        }
    }
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
    let value = if args.stdin_flag(kind.stdin_flag()) {
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

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    #[derive(clap::Parser)]
    struct Wrapper {
        #[command(flatten)]
        login: LoginArgs,
    }

    fn args(flags: &[&str]) -> LoginArgs {
        let mut argv = vec!["login", "--ats", "greenhouse"];
        argv.extend(flags);
        Wrapper::try_parse_from(argv).unwrap().login
    }

    /// The refusals `auth login` made when each kind was an arm of its own, now derived from
    /// the kinds' data: a stdin flag or setting flag of another kind is refused, except the
    /// ones that also read a variable (`--client-id`, `--user-id`).
    #[test]
    fn flags_of_another_kind_are_refused_as_before() {
        let every = args(&[
            "--client-secret-stdin",
            "--api-key-stdin",
            "--region",
            "eu",
            "--lever-url",
            "https://lever.example/v1",
            "--ashby-url",
            "https://ashby.example",
            "--auth-url",
            "https://auth.example",
            "--harvest-url",
            "https://harvest.example",
            "--client-id",
            "id",
            "--user-id",
            "7",
        ]);
        // In the order `auth login --help` lists them: stdin flags, then the registry's.
        let expected: [(&str, &[&str]); 4] = [
            (
                "greenhouse-v3",
                &["--api-key-stdin", "--region", "--lever-url", "--ashby-url"],
            ),
            (
                "greenhouse-v1",
                &[
                    "--client-secret-stdin",
                    "--auth-url",
                    "--region",
                    "--lever-url",
                    "--ashby-url",
                ],
            ),
            (
                "lever",
                &["--client-secret-stdin", "--auth-url", "--harvest-url", "--ashby-url"],
            ),
            (
                "ashby",
                &[
                    "--client-secret-stdin",
                    "--auth-url",
                    "--harvest-url",
                    "--region",
                    "--lever-url",
                ],
            ),
        ];
        for (name, refused) in expected {
            let kind = CredentialKind::from_name(name).unwrap();
            assert_eq!(misplaced_login_flags(&every, kind), refused, "{name}");
            assert!(misplaced_login_flags(&args(&[]), kind).is_empty(), "{name}");
        }
    }
}
