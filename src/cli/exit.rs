//! Exit codes and the error type every command returns. The codes are a contract: scripts and
//! CI jobs depend on them (README, "Exit codes").

use std::fmt;

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Done, nothing missing.
    Ok = 0,
    /// Done, and found a shortfall: lint errors, missing permissions, stages or webhooks.
    Findings = 1,
    /// Usage or input error: bad flag, missing file, unknown partner, unusable manifest.
    Usage = 2,
    /// The ATS rejected the credential.
    CredentialRejected = 3,
    /// The ATS could not be reached, kept failing, or answered as a retired API.
    Unreachable = 4,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        std::process::ExitCode::from(exit as u8)
    }
}

/// A failure to report on stderr, with the exit code it implies.
#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) exit: Exit,
    pub(crate) message: String,
    pub(crate) help: Vec<String>,
}

impl CliError {
    pub(crate) fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            help: Vec::new(),
        }
    }

    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

pub(crate) type CliResult = Result<Exit, CliError>;

/// The one place an ATS's failure becomes an exit code (DESIGN.md, "Exit codes").
impl From<atsctl::ats::Failure> for CliError {
    fn from(failure: atsctl::ats::Failure) -> Self {
        use atsctl::ats::FailureKind;
        let exit = match failure.kind {
            FailureKind::Rejected => Exit::CredentialRejected,
            FailureKind::Unreachable | FailureKind::Retired => Exit::Unreachable,
            FailureKind::Usage => Exit::Usage,
            // The credential works but lacks access, or the ATS refused one write: a shortfall
            // to fix, not a broken credential.
            FailureKind::NoAccess | FailureKind::Refused => Exit::Findings,
        };
        Self {
            exit,
            message: failure.message,
            help: failure.help,
        }
    }
}

/// Any ATS's error as a [`CliError`], through the shared vocabulary.
pub(crate) fn failure(error: impl Into<atsctl::ats::Failure>) -> CliError {
    CliError::from(error.into())
}
