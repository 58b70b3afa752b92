//! The open-file limit the receiver lives under. Every connection is a file descriptor, and the
//! usual soft limit (1,024 on many Linux systems) is below the thousands of slow connections a
//! receiver behind one tunnel must outlast, while the hard limit usually allows far more. So the
//! receiver raises its soft limit (never past the hard one) and caps connections below it: at
//! the cap, new connections wait in the kernel's backlog instead of failing with EMFILE.

/// Descriptors kept free for everything that is not a connection: the listening socket, stdio,
/// the runtime's own (epoll, eventfd), a few spare.
pub const RESERVED_FILES: u64 = 64;

/// Raises this process's soft open-file limit to `wanted` when it is lower, never past the hard
/// limit, and returns the soft limit now in force. `None` where there is no such limit to read
/// (not Unix).
pub fn raise_open_file_limit(wanted: u64) -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
        let limits = getrlimit(Resource::Nofile);
        // `None` means unlimited.
        let Some(current) = limits.current else {
            return Some(u64::MAX);
        };
        let target = limits.maximum.map_or(wanted, |hard| wanted.min(hard));
        if target <= current {
            return Some(current);
        }
        let raised = setrlimit(
            Resource::Nofile,
            Rlimit {
                current: Some(target),
                maximum: limits.maximum,
            },
        );
        Some(if raised.is_ok() { target } else { current })
    }
    #[cfg(not(unix))]
    {
        let _ = wanted;
        None
    }
}

/// The most connections that fit under `open_files` descriptors with [`RESERVED_FILES`] kept
/// free, and never more than `cap`; at least one.
pub fn connections_within(open_files: u64, cap: usize) -> usize {
    let room = open_files.saturating_sub(RESERVED_FILES).max(1);
    usize::try_from(room).map_or(cap, |room| room.min(cap))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_leave_room_for_other_files() {
        assert_eq!(connections_within(1024, 10_000), 960);
        assert_eq!(connections_within(1_048_576, 10_000), 10_000);
        assert_eq!(connections_within(u64::MAX, 10_000), 10_000);
        assert_eq!(
            connections_within(10, 10_000),
            1,
            "never zero: the receiver must serve something"
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_limit_is_never_lowered() {
        let before = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(u64::MAX);
        assert_eq!(raise_open_file_limit(8), Some(before));
        let now = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(u64::MAX);
        assert_eq!(now, before);
    }
}
