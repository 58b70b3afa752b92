//! One vocabulary for why a check or an apply on any ATS could not finish. Each ATS's own error
//! type converts into it (the `From` impl sits in the ATS's `seam.rs`); the binary turns a
//! [`FailureKind`] into an exit code in one place.

/// Why an operation on an ATS stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The ATS refused the credential itself (bad key, invalid client, revoked token).
    Rejected,
    /// The credential works but may not read or change something the partner needs: a
    /// shortfall to fix, not a broken credential.
    NoAccess,
    /// The ATS answered a write with an error and did nothing.
    Refused,
    /// The ATS could not be reached, kept failing, or answered something that is not its API.
    Unreachable,
    /// The ATS answered as a retired API.
    Retired,
    /// Bad input: a URL that cannot be used, a manifest the ATS cannot check.
    Usage,
}

/// A failure with its message and what to do about it. Messages never carry secrets: each ATS
/// redacts before it converts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
    pub help: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::greenhouse::{CheckError, CheckErrorKind};
    use crate::lever::{self, LeverError};

    #[test]
    fn each_ats_error_keeps_its_message_and_help() {
        let lever = Failure::from(LeverError::new(lever::ErrorKind::NoAccess, "no stages").with_help("grant it"));
        assert_eq!(lever.kind, FailureKind::NoAccess);
        assert_eq!(
            (lever.message.as_str(), lever.help.as_slice()),
            ("no stages", &["grant it".to_owned()][..])
        );
        let retired = Failure::from(CheckError::new(CheckErrorKind::Retired, "v1 is gone"));
        assert_eq!(retired.kind, FailureKind::Retired);
        let unsupported = Failure::from(CheckError::new(CheckErrorKind::Unsupported, "no greenhouse"));
        assert_eq!(unsupported.kind, FailureKind::Usage);
    }
}
