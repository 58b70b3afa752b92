//! Reading a file as it was at a git revision, through the `git` program (`git show REV:path`),
//! so no git library is linked in. The child's output is bounded in size and its run in time.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use atsctl::manifest::files::MAX_FILE_BYTES;

use crate::cli::CliError;

/// The most of git's error output kept for a message.
const MAX_STDERR_BYTES: u64 = 4096;

/// The top level of the git work tree holding `dir`.
pub(crate) fn top_level(dir: &Path, timeout: Duration) -> Result<PathBuf, CliError> {
    let bytes = run(dir, &["rev-parse", "--show-toplevel"], 4096, timeout)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(PathBuf::from(text.trim_end_matches(['\n', '\r'])))
}

/// The bytes of `path` (relative to `dir`) at revision `rev`, at most [`MAX_FILE_BYTES`];
/// `None` when the revision exists but the file was not in it (a file new since then).
pub(crate) fn show(dir: &Path, rev: &str, path: &str, timeout: Duration) -> Result<Option<Vec<u8>>, CliError> {
    // A revision is never an option: `--git=--output=x` must not reach git as one.
    if rev.is_empty() || rev.starts_with('-') || rev.contains(':') || rev.contains('\n') {
        return Err(CliError::usage(format!("--git: `{rev}` is not a revision"))
            .with_help("use a commit, branch or tag, e.g. --git HEAD~1 or --git origin/main"));
    }
    let object = format!("{rev}:{path}");
    let args = ["show", "--no-textconv", "--end-of-options", &object];
    match run(dir, &args, MAX_FILE_BYTES, timeout) {
        Ok(bytes) => Ok(Some(bytes)),
        // git's wording (LC_ALL=C) for a path missing from a revision that exists.
        Err(error)
            if error.message.contains("exists on disk, but not in") || error.message.contains("does not exist in") =>
        {
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// Runs `git args` in `dir`; its stdout, at most `limit` bytes, or why not.
fn run(dir: &Path, args: &[&str], limit: u64, timeout: Duration) -> Result<Vec<u8>, CliError> {
    let mut command = Command::new("git");
    // git needs none of atsctl's credentials.
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("ATSCTL_") {
            command.env_remove(key);
        }
    }
    let mut child = command
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            CliError::usage(format!("--git needs the `git` program: {error}"))
                .with_help("install git, or compare two files: atsctl diff OLD NEW")
        })?;
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(CliError::usage("--git: cannot read git's output"));
    };
    // Each pipe is read on its own thread so a full stderr pipe cannot stall the child; the
    // answer comes over a channel, which is what bounds the wait.
    let (sender, receiver) = mpsc::channel();
    let stdout_sender = sender.clone();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let result = stdout.take(limit + 1).read_to_end(&mut bytes).map(|_| bytes);
        let _ = stdout_sender.send((true, result));
    });
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let result = stderr.take(MAX_STDERR_BYTES).read_to_end(&mut bytes).map(|_| bytes);
        let _ = sender.send((false, result));
    });
    let deadline = std::time::Instant::now() + timeout;
    let (mut out, mut err) = (None, None);
    while out.is_none() || err.is_none() {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match receiver.recv_timeout(left) {
            Ok((true, result)) => out = Some(result),
            Ok((false, result)) => err = Some(result),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CliError::usage(format!(
                    "--git: `git {}` did not finish within {:?}",
                    args.join(" "),
                    timeout
                ))
                .with_help("raise --timeout, or compare two files: atsctl diff OLD NEW"));
            }
        }
        if out
            .as_ref()
            .is_some_and(|result| result.as_ref().is_ok_and(|bytes| bytes.len() as u64 > limit))
        {
            break;
        }
    }
    let bytes = out.and_then(Result::ok).unwrap_or_default();
    if bytes.len() as u64 > limit {
        let _ = child.kill();
        let _ = child.wait();
        return Err(CliError::usage(format!(
            "--git: the file at `{}` is larger than {limit} bytes, too large for a manifest",
            args.last().copied().unwrap_or_default()
        )));
    }
    let status = child
        .wait()
        .map_err(|error| CliError::usage(format!("--git: git failed: {error}")))?;
    if !status.success() {
        let stderr = err.and_then(Result::ok).unwrap_or_default();
        let reason = String::from_utf8_lossy(&stderr);
        let reason = reason
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("no reason given");
        return Err(CliError::usage(format!(
            "--git: `git {}` failed: {}",
            args.join(" "),
            reason.trim()
        )));
    }
    Ok(bytes)
}
