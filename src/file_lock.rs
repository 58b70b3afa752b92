//! An exclusive lock held around a read-modify-write of a small state file (the profile config,
//! guided-apply progress), so that parallel runs each add their change instead of the last
//! writer replacing everyone else's: 20 parallel `auth login` runs once kept 4 of 20 profiles.
//!
//! The lock is taken on a separate file beside the target, `.<name>.lock`, never on the target
//! itself: the target is replaced by a rename (see `atomic_write`), and a lock on the replaced
//! file would guard nothing. The lock file is left in place; removing it would let two runs
//! lock two different files of the same name. The operating system releases the lock when the
//! holder exits, however it exits.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long to wait for another run to finish its change. A change takes milliseconds; a run
/// still holding the lock after this is stuck (a keyring waiting to be unlocked, say), and it
/// is better to say so than to wait without end.
pub(crate) const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Held while the file is being read and replaced; dropping it releases the lock.
#[derive(Debug)]
pub(crate) struct FileLock {
    // Closing the file releases the lock.
    _file: File,
}

impl FileLock {
    /// Locks `target` for a read-modify-write, creating its directory (private on Unix) and lock
    /// file when missing, and waiting at most `wait` for another holder.
    pub(crate) fn exclusive(target: &Path, wait: Duration) -> io::Result<Self> {
        let path = lock_path(target);
        if let Some(dir) = path.parent() {
            crate::atomic_write::create_private_dir(dir)?;
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        let deadline = Instant::now() + wait;
        let mut pause = Duration::from_millis(2);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(TryLockError::Error(error)) => return Err(error),
                Err(TryLockError::WouldBlock) => {}
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    format!(
                        "another atsctl has been changing it for over {} s (it holds {}); try again when it has finished",
                        wait.as_secs(),
                        path.display()
                    ),
                ));
            }
            // Polling rather than a blocking lock, so the wait has a bound.
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }
}

/// `.<name>.lock` beside `target`.
fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "state".into(), |name| name.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.lock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first_and_gives_up_at_its_bound() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nested/profiles.toml");
        let first = FileLock::exclusive(&target, LOCK_WAIT).unwrap();
        assert!(dir.path().join("nested/.profiles.toml.lock").is_file());
        let error = FileLock::exclusive(&target, Duration::from_millis(30)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(error.to_string().contains(".profiles.toml.lock"), "{error}");
        drop(first);
        FileLock::exclusive(&target, Duration::ZERO).expect("free once the first is dropped");
    }

    #[test]
    fn parallel_read_modify_writes_lose_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("counter");
        std::fs::write(&target, "0").unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let target = target.clone();
                std::thread::spawn(move || {
                    for _ in 0..10 {
                        let _lock = FileLock::exclusive(&target, LOCK_WAIT).unwrap();
                        let count: u32 = std::fs::read_to_string(&target).unwrap().parse().unwrap();
                        crate::atomic_write::write_atomic(&target, (count + 1).to_string().as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "40");
    }
}
