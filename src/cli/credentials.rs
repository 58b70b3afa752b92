//! What every command that uses a credential shares before the library resolves it: reading a
//! secret piped to a `--*-stdin` flag, and turning a resolution failure into an exit code with
//! its help. The order (environment, stdin, then profile) lives in [`atsctl::profile`] alone.

use atsctl::http::Secret;
use atsctl::profile::{self, ProfileError, Remedy, RemedyLogin, ResolveError};

use super::{CliError, Output, prompt};

/// The secret piped to `flag`. A terminal on stdin is refused rather than waited on: the secret
/// would be typed visibly, and a script would hang. `example` shows the piped form.
pub(crate) fn stdin_secret(flag: &str, what: &str, example: &str, output: &Output) -> Result<Secret, CliError> {
    if output.stdin_is_terminal() {
        return Err(
            CliError::usage(format!("{flag} reads the {what} from a pipe, but stdin is a terminal"))
                .with_help(format!("e.g. `{example}`")),
        );
    }
    prompt::read_secret_from_stdin(what)
        .map(Secret::new)
        .map_err(|message| CliError::usage(format!("{flag}: {message}")))
}

/// No usable credential (or half of one, or an unreadable profile) is a usage error: exit 2,
/// with what to set or store instead.
pub(crate) fn resolve_error(error: &ResolveError) -> CliError {
    error
        .remedies()
        .iter()
        .map(remedy_words)
        .fold(CliError::usage(error.to_string()), CliError::with_help)
}

/// A profile file or name that cannot be used is a usage error (exit 2), with what to do.
pub(crate) fn profile_error(error: ProfileError) -> CliError {
    error
        .remedies()
        .iter()
        .map(remedy_words)
        .fold(CliError::usage(error.to_string()), CliError::with_help)
}

/// A remedy as the help line that says it, with the command to run.
pub(crate) fn remedy_words(remedy: &Remedy) -> String {
    match remedy {
        Remedy::SetEnv(kind) => kind.spec().env_help.to_owned(),
        Remedy::Note(note) => note.clone(),
        Remedy::Login { why, .. } => {
            let command = login_command(remedy);
            match why {
                RemedyLogin::Alternative => format!("or store one: {command}"),
                RemedyLogin::Missing => format!("store one: {command}"),
                RemedyLogin::Again => format!("store it again: {command}"),
                RemedyLogin::AfterFixingFile => {
                    format!("fix the file, or move it away and log in again with `{command}`")
                }
                RemedyLogin::First => format!("there are no profiles yet; create one with `{command}`"),
            }
        }
    }
}

/// `atsctl auth login [--profile P] [--ats A] [--api X]`: the profile unless it is the default,
/// and `--api` only for a kind other than the ATS's first.
fn login_command(remedy: &Remedy) -> String {
    let Remedy::Login { profile, ats, kind, .. } = remedy else {
        return String::new();
    };
    let mut words = vec!["atsctl auth login".to_owned()];
    if let Some(name) = profile.as_deref().filter(|name| *name != profile::DEFAULT_PROFILE) {
        words.push(format!("--profile {name}"));
    }
    if let Some(ats) = ats {
        words.push(format!("--ats {}", ats.as_str()));
        if let Some(api) = kind
            .filter(|kind| *kind != profile::CredentialKind::default_of(*ats))
            .and_then(|kind| kind.spec().api)
        {
            words.push(format!("--api {api}"));
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use atsctl::profile::CredentialKind;

    use super::*;

    /// A login remedy for the ATS of the kind named `kind`, naming the kind when `insisted`.
    fn login(profile: &str, kind: &str, insisted: bool, why: RemedyLogin) -> Remedy {
        let kind = CredentialKind::from_name(kind).unwrap();
        Remedy::Login {
            profile: Some(profile.to_owned()),
            ats: Some(kind.ats()),
            kind: insisted.then_some(kind),
            why,
        }
    }

    #[test]
    fn remedies_read_as_the_commands_to_run() {
        let cases = [
            (
                login("work", "lever", false, RemedyLogin::Missing),
                "store one: atsctl auth login --profile work --ats lever",
            ),
            (
                login("default", "greenhouse-v3", true, RemedyLogin::Again),
                "store it again: atsctl auth login --ats greenhouse",
            ),
            (
                login("default", "greenhouse-v1", true, RemedyLogin::Alternative),
                "or store one: atsctl auth login --ats greenhouse --api v1",
            ),
            (
                Remedy::Login {
                    profile: None,
                    ats: None,
                    kind: None,
                    why: RemedyLogin::First,
                },
                "there are no profiles yet; create one with `atsctl auth login`",
            ),
        ];
        for (remedy, words) in cases {
            assert_eq!(remedy_words(&remedy), words);
        }
        let lever = CredentialKind::from_name("lever").unwrap();
        assert_eq!(
            remedy_words(&Remedy::SetEnv(lever)),
            "set ATSCTL_LEVER_API_KEY (or pipe the key with --api-key-stdin)"
        );
    }
}
