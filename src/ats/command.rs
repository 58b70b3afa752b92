//! A command line a document tells its reader to run, as a value. The library says which
//! command, for which partner and ATS; the binary words it with the flags it really has (as it
//! words a [`super::Fix`]), so no command line is written in the library.

use super::Ats;

/// An atsctl command a document points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `plan`: the whole setup checklist of `partner` on `ats`.
    Plan { partner: String, ats: Ats },
    /// `apply`: create on `ats` what its API can (its web hooks).
    Apply { ats: Ats },
}
