//! Finding and reading the manifest files `lint` is given, with every input bounded.
//!
//! A pull request controls the tree CI lints, so the walk treats it as hostile:
//!
//! - Only regular files are read. FIFOs, sockets and devices are refused from their type before
//!   anything is opened, and files are opened non-blocking and checked again on the open handle,
//!   so a FIFO swapped in between can never block the run. Kernel pseudo-files (`/proc`, `/sys`)
//!   are refused too: they hold the environment and other secrets, and report a size of 0.
//! - At most [`MAX_FILE_BYTES`] are read from a file, through a bounded reader (a file can grow
//!   after it was measured); a larger file is a located `file-too-large` finding.
//! - A symbolic link is followed only to a target inside the folder being linted. Met while
//!   walking a directory, the folder is that directory; named on the command line, it is the
//!   current directory (the repository CI checks out). A link leading elsewhere is a
//!   `symlink-outside-folder` finding that names the link and its target, never the content.
//! - Every real file and directory is visited once (by canonical path), so links to `.` or to a
//!   parent can neither loop nor multiply the work.

use std::collections::HashSet;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Location};

/// The largest manifest `lint` reads: 1 MiB. Real manifests are a few kilobytes; the cap bounds
/// the time and memory one file can cost (every check is linear or n·log n in the input).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// One thing the walk met.
#[derive(Debug)]
pub enum Input {
    /// A manifest to load: its bytes and the name findings carry (the path as the user would
    /// write it, through the link if it was reached through one).
    Manifest { name: String, bytes: Vec<u8> },
    /// A path lint will not read, as a finding about it (not a regular file, too large, a link
    /// out of the folder).
    Refused(Diagnostic),
    /// A path that could not be read at all (missing, no permission).
    Unreadable { name: String, error: io::Error },
}

/// Walks `paths` in order and calls `visit` once per file met: directories are searched for
/// `*.yaml` / `*.yml` files, in sorted order, skipping hidden directories and `target`; files
/// named directly are read whatever their extension. `working_dir` is the folder an explicitly
/// named symbolic link must stay inside.
pub fn walk(paths: &[PathBuf], working_dir: &Path, mut visit: impl FnMut(Input)) {
    let mut walker = Walker {
        visited: HashSet::new(),
        visit: &mut visit,
    };
    let working_dir = fs::canonicalize(working_dir).unwrap_or_else(|_| working_dir.to_path_buf());
    for path in paths {
        let name = path.display().to_string();
        let link = match fs::symlink_metadata(path) {
            Ok(metadata) => metadata.file_type().is_symlink(),
            Err(error) => {
                walker.emit(Input::Unreadable { name, error });
                continue;
            }
        };
        // A named directory is the folder its own walk stays inside, link or not: the user chose it.
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) => {
                walker.emit(Input::Unreadable { name, error });
                continue;
            }
        };
        if metadata.is_dir() {
            match fs::canonicalize(path) {
                Ok(root) => walker.directory(path, &root),
                Err(error) => walker.emit(Input::Unreadable { name, error }),
            }
        } else if link {
            walker.link_to_file(path, &name, &metadata, &working_dir);
        } else {
            walker.file(path, &name, None);
        }
    }
}

struct Walker<'a> {
    /// Canonical paths of every directory and file already visited.
    visited: HashSet<PathBuf>,
    visit: &'a mut dyn FnMut(Input),
}

impl Walker<'_> {
    fn emit(&mut self, input: Input) {
        (self.visit)(input);
    }

    /// Walks the tree below `start` (canonical path `root`) without recursion, so depth costs
    /// heap, not stack; entries come out in the order a sorted depth-first walk gives.
    fn directory(&mut self, start: &Path, root: &Path) {
        if !self.visited.insert(root.to_path_buf()) {
            return;
        }
        // Pending entries, last first: (path as shown, canonical path of its directory).
        let mut pending: Vec<(PathBuf, PathBuf)> = Vec::new();
        self.push_entries(start, root, &mut pending);
        let folder = start.display().to_string();
        while let Some((path, parent)) = pending.pop() {
            let Some(file_name) = path.file_name().map(ToOwned::to_owned) else {
                continue;
            };
            let name = path.display().to_string();
            let yaml = is_yaml_name(&path);
            let file_type = match fs::symlink_metadata(&path) {
                Ok(metadata) => metadata.file_type(),
                Err(error) => {
                    if yaml {
                        self.emit(Input::Unreadable { name, error });
                    }
                    continue;
                }
            };
            if file_type.is_dir() {
                let canonical = parent.join(&file_name);
                if walks_into(&path) && self.visited.insert(canonical.clone()) {
                    self.push_entries(&path, &canonical, &mut pending);
                }
            } else if file_type.is_symlink() {
                self.link_in_tree(&path, &name, (root, &folder), &mut pending);
            } else if yaml {
                let canonical = parent.join(&file_name);
                if file_type.is_file() {
                    self.file(&path, &name, Some(canonical));
                } else if self.visited.insert(canonical) {
                    let kind = describe_type(&file_type);
                    self.emit(Input::Refused(not_regular(&name, &format!("`{name}` is {kind}"))));
                }
            }
        }
    }

    /// Queues the entries of `directory` (canonical path `canonical`), sorted, last first.
    fn push_entries(&mut self, directory: &Path, canonical: &Path, pending: &mut Vec<(PathBuf, PathBuf)>) {
        let entries = match fs::read_dir(directory) {
            Ok(entries) => entries,
            Err(error) => {
                self.emit(Input::Unreadable {
                    name: directory.display().to_string(),
                    error,
                });
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
        paths.sort();
        pending.extend(paths.into_iter().rev().map(|path| (path, canonical.to_path_buf())));
    }

    /// A symbolic link met while walking the tree below `root` (canonical, and as the user
    /// named it): followed only inside it.
    fn link_in_tree(
        &mut self,
        path: &Path,
        name: &str,
        (root, folder): (&Path, &str),
        pending: &mut Vec<(PathBuf, PathBuf)>,
    ) {
        let yaml = is_yaml_name(path);
        if !walks_into(path) && !yaml {
            return;
        }
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            // A dangling link: unreadable if it would have been linted, otherwise nothing.
            Err(error) => {
                if yaml {
                    self.emit(Input::Unreadable {
                        name: name.to_owned(),
                        error,
                    });
                }
                return;
            }
        };
        let Ok(metadata) = fs::metadata(&target) else {
            return;
        };
        if metadata.is_dir() {
            if !walks_into(path) {
                return;
            }
            if !target.starts_with(root) {
                self.emit(Input::Refused(outside(name, path, &format!("`{folder}`"))));
            } else if self.visited.insert(target.clone()) {
                self.push_entries(path, &target, pending);
            }
        } else if yaml {
            if !metadata.is_file() {
                if self.visited.insert(target.clone()) {
                    let kind = describe_type(&metadata.file_type());
                    let message = format!("`{name}` links to `{}`, {kind}", target.display());
                    self.emit(Input::Refused(not_regular(name, &message)));
                }
            } else if !target.starts_with(root) {
                self.emit(Input::Refused(outside(name, path, &format!("`{folder}`"))));
            } else {
                self.file(&target, name, Some(target.clone()));
            }
        }
    }

    /// A file named on the command line that is a symbolic link (`metadata` is its target's).
    fn link_to_file(&mut self, path: &Path, name: &str, metadata: &Metadata, folder: &Path) {
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            Err(error) => {
                self.emit(Input::Unreadable {
                    name: name.to_owned(),
                    error,
                });
                return;
            }
        };
        if !metadata.is_file() {
            let kind = describe_type(&metadata.file_type());
            let message = format!("`{name}` links to `{}`, {kind}", target.display());
            self.emit(Input::Refused(not_regular(name, &message)));
        } else if !target.starts_with(folder) {
            let diagnostic = outside(name, path, "the current directory").with_help(format!(
                "a link named on the command line is followed only inside the current directory ({}); lint the target by its own path",
                folder.display()
            ));
            self.emit(Input::Refused(diagnostic));
        } else {
            self.file(&target, name, Some(target.clone()));
        }
    }

    /// Reads one file, at most [`MAX_FILE_BYTES`] of it, if it is a regular file not yet seen.
    /// `canonical` is its canonical path when the caller knows it.
    fn file(&mut self, path: &Path, name: &str, canonical: Option<PathBuf>) {
        let canonical = match canonical.map_or_else(|| fs::canonicalize(path), Ok) {
            Ok(canonical) => canonical,
            Err(error) => {
                self.emit(Input::Unreadable {
                    name: name.to_owned(),
                    error,
                });
                return;
            }
        };
        if !self.visited.insert(canonical.clone()) {
            return;
        }
        let input = read_bounded(path, name, &canonical);
        self.emit(input);
    }
}

/// Whether the walk goes into a directory of this name: not hidden (`.git`), not `target`.
fn walks_into(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    !name.starts_with('.') && name != "target"
}

fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "yaml" || extension == "yml")
}

/// Opens and reads a regular file, never blocking, never through a link and never past
/// [`MAX_FILE_BYTES`]. `path` is not a link: a walked file, a named file, or a link's canonical
/// target.
fn read_bounded(path: &Path, name: &str, canonical: &Path) -> Input {
    if is_kernel_pseudo_file(canonical) {
        let message = format!("`{name}` is `{}`, a kernel pseudo-file", canonical.display());
        return Input::Refused(not_regular(name, &message));
    }
    let file = match open_nonblocking(path) {
        Ok(file) => file,
        Err(error) => {
            return Input::Unreadable {
                name: name.to_owned(),
                error,
            };
        }
    };
    // The type of what was opened, not of what the path named a moment before.
    let metadata = match file.metadata() {
        Ok(metadata) => metadata,
        Err(error) => {
            return Input::Unreadable {
                name: name.to_owned(),
                error,
            };
        }
    };
    if !metadata.is_file() {
        let kind = describe_type(&metadata.file_type());
        return Input::Refused(not_regular(name, &format!("`{name}` is {kind}")));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len().min(MAX_FILE_BYTES + 1)).unwrap_or(0));
    if let Err(error) = file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        return Input::Unreadable {
            name: name.to_owned(),
            error,
        };
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Input::Refused(too_large(name, &bytes));
    }
    if metadata.len() == 0 && !bytes.is_empty() {
        // procfs files report a size of 0 and still have content; so does a file written to
        // while it is read. Neither is a manifest at rest.
        let message = format!("`{name}` reported a size of 0 bytes but had content when read");
        return Input::Refused(
            not_regular(name, &message)
                .with_help("lint reads regular files at rest, not kernel pseudo-files or files being written"),
        );
    }
    Input::Manifest {
        name: name.to_owned(),
        bytes,
    }
}

/// Files under `/proc` and `/sys`: their content is made by the kernel on reading (the
/// environment, memory maps, keys), so a manifest is never one of them.
fn is_kernel_pseudo_file(canonical: &Path) -> bool {
    cfg!(target_os = "linux") && (canonical.starts_with("/proc") || canonical.starts_with("/sys"))
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of waiting for one;
    // regular files ignore the flag. O_NOFOLLOW: every path opened here was a file, not a
    // link, when it was looked at (or is a canonical path), so a link swapped in since then
    // fails to open instead of leading out of the folder.
    let flags = i32::try_from((OFlags::NONBLOCK | OFlags::NOFOLLOW).bits()).unwrap_or(0);
    fs::OpenOptions::new().read(true).custom_flags(flags).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

#[cfg(unix)]
fn describe_type(file_type: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn describe_type(file_type: &fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// `message` says what the file is; the finding adds that it is not read.
fn not_regular(name: &str, message: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NotARegularFile,
        name,
        None,
        format!("{message}, not a regular file"),
    )
    .with_help("lint reads only regular files; a manifest is a plain YAML file")
}

/// The finding for `link`, whose target lies outside `folder` (described for a message). The
/// target is shown as the link spells it, the way the user sees it in `ls -l`.
fn outside(name: &str, link: &Path, folder: &str) -> Diagnostic {
    let target = fs::read_link(link).map_or_else(|_| "?".to_owned(), |target| target.display().to_string());
    Diagnostic::new(
        Code::SymlinkOutsideFolder,
        name,
        None,
        format!("`{name}` links to `{target}`, outside {folder}: not followed"),
    )
    .with_help("lint does not follow links out of the folder it checks; link to a file inside it, or lint the target by its own path")
}

/// The finding for a file longer than the cap, located where reading stopped.
fn too_large(name: &str, bytes: &[u8]) -> Diagnostic {
    let cap = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    Diagnostic::new(
        Code::FileTooLarge,
        name,
        Some(Location::of_byte(bytes, cap)),
        "the file is larger than 1 MiB, the most lint reads; reading stopped here",
    )
    .with_help("a manifest is a few kilobytes of YAML; check that this is the file you meant")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(paths: &[&Path], working_dir: &Path) -> Vec<Input> {
        let paths: Vec<PathBuf> = paths.iter().map(|path| path.to_path_buf()).collect();
        let mut inputs = Vec::new();
        walk(&paths, working_dir, |input| inputs.push(input));
        inputs
    }

    fn names(inputs: &[Input]) -> Vec<String> {
        inputs
            .iter()
            .map(|input| match input {
                Input::Manifest { name, .. } => format!("read {name}"),
                Input::Refused(diagnostic) => format!("{} {}", diagnostic.code, diagnostic.file),
                Input::Unreadable { name, .. } => format!("unreadable {name}"),
            })
            .collect()
    }

    #[test]
    fn a_tree_is_walked_in_sorted_depth_first_order() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        fs::create_dir_all(root.join("b/inner")).unwrap();
        fs::create_dir_all(root.join(".hidden")).unwrap();
        fs::create_dir_all(root.join("target")).unwrap();
        for file in [
            "a.yaml",
            "b/inner/x.yml",
            "b/y.yaml",
            "c.yaml",
            "notes.txt",
            ".hidden/h.yaml",
            "target/t.yaml",
        ] {
            fs::write(root.join(file), "x: 1\n").unwrap();
        }
        let inputs = collect(&[root], root);
        let shown: Vec<String> = names(&inputs)
            .iter()
            .map(|line| line.replace(&root.display().to_string(), "ROOT"))
            .collect();
        assert_eq!(
            shown,
            [
                "read ROOT/a.yaml",
                "read ROOT/b/inner/x.yml",
                "read ROOT/b/y.yaml",
                "read ROOT/c.yaml"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_to_the_folder_itself_add_nothing() {
        use std::os::unix::fs::symlink;
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        for index in 0..5 {
            fs::write(root.join(format!("m{index}.yaml")), "x: 1\n").unwrap();
        }
        symlink(".", root.join("again")).unwrap();
        symlink(".", root.join("and-again")).unwrap();
        symlink("m0.yaml", root.join("alias.yaml")).unwrap();
        let inputs = collect(&[root], root);
        assert_eq!(inputs.len(), 5, "{:?}", names(&inputs));
        // The first name met wins: `alias.yaml` sorts before `m0.yaml`.
        assert!(names(&inputs).iter().any(|line| line.ends_with("/alias.yaml")));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_refused_by_name() {
        use std::os::unix::fs::symlink;
        let outside_dir = tempfile::tempdir().unwrap();
        let secret = outside_dir.path().join("secret.txt");
        fs::write(&secret, "CANARY-outside-content").unwrap();
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        symlink(&secret, root.join("leak.yaml")).unwrap();
        symlink(outside_dir.path(), root.join("elsewhere")).unwrap();
        let inputs = collect(&[root], root);
        let found = names(&inputs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|line| line.starts_with("symlink-outside-folder ")),
            "{found:?}"
        );
        for input in &inputs {
            let Input::Refused(diagnostic) = input else {
                panic!("refused")
            };
            assert!(!diagnostic.message.contains("CANARY"));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_named_link_is_followed_only_inside_the_working_directory() {
        use std::os::unix::fs::symlink;
        let outside_dir = tempfile::tempdir().unwrap();
        fs::write(outside_dir.path().join("real.yaml"), "x: 1\n").unwrap();
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        fs::write(root.join("inside.yaml"), "x: 1\n").unwrap();
        symlink(root.join("inside.yaml"), root.join("near.yaml")).unwrap();
        symlink(outside_dir.path().join("real.yaml"), root.join("far.yaml")).unwrap();
        let inputs = collect(&[&root.join("near.yaml"), &root.join("far.yaml")], root);
        let found = names(&inputs);
        assert!(
            found[0].starts_with("read ") && found[0].ends_with("near.yaml"),
            "{found:?}"
        );
        assert!(found[1].starts_with("symlink-outside-folder "), "{found:?}");
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        use std::os::unix::fs::symlink;
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path();
        let fifo = root.join("pipe.yaml");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        symlink("/dev/zero", root.join("zero.yaml")).unwrap();
        // Named directly, a FIFO is refused from its type; in a walk too.
        let inputs = collect(&[&fifo, &root.join("zero.yaml")], root);
        let found = names(&inputs);
        assert!(
            found.iter().all(|line| line.starts_with("not-a-regular-file ")),
            "{found:?}"
        );
        let inputs = collect(&[root], root);
        let found = names(&inputs);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|line| line.starts_with("not-a-regular-file ")),
            "{found:?}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_files_are_refused_even_when_named() {
        let inputs = collect(&[Path::new("/proc/self/environ")], Path::new("/"));
        assert!(matches!(&inputs[..], [Input::Refused(diagnostic)] if diagnostic.code == Code::NotARegularFile));
    }

    #[test]
    fn reading_stops_after_the_cap_with_a_located_finding() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("big.yaml");
        let line = "# padding padding padding padding padding padding padding padding\n";
        let lines = usize::try_from(MAX_FILE_BYTES).unwrap() / line.len() + 2;
        fs::write(&path, line.repeat(lines)).unwrap();
        let inputs = collect(&[&path], directory.path());
        let [Input::Refused(diagnostic)] = &inputs[..] else {
            panic!("{:?}", names(&inputs))
        };
        assert_eq!(diagnostic.code, Code::FileTooLarge);
        let location = diagnostic.location.expect("located");
        let cap = usize::try_from(MAX_FILE_BYTES).unwrap();
        assert_eq!(location.line, cap / line.len() + 1);
        assert_eq!(location.column, cap % line.len() + 1);
    }
}
