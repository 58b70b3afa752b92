//! What every command that uses a credential shares before the library resolves it: reading a
//! secret piped to a `--*-stdin` flag, and turning a resolution failure into an exit code with
//! its help. The order (environment, stdin, then profile) lives in [`atsctl::profile`] alone.

use atsctl::http::Secret;
use atsctl::profile::{ProfileError, ResolveError};

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
        .help()
        .into_iter()
        .fold(CliError::usage(error.to_string()), CliError::with_help)
}

/// A profile file or name that cannot be used is a usage error (exit 2), with what to do.
pub(crate) fn profile_error(error: ProfileError) -> CliError {
    let help = error.help();
    help.into_iter()
        .fold(CliError::usage(error.to_string()), CliError::with_help)
}
