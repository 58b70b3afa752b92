//! `atsctl diff`: what customers already set up must change when a partner's manifest
//! changes, as an upgrade checklist in every document format. Exit 0 when customers need to
//! do nothing, 1 when they must act, 2 on bad input (either side failing lint).

use std::path::{Path, PathBuf};
use std::time::Duration;

use atsctl::diff::{self, UpgradeReport};
use atsctl::document::{self, Document};
use atsctl::manifest::{self, Ats, Manifest};
use serde::Serialize;

mod git_show;
use super::ats::AtsArg;
use super::duration_arg::parse_timeout;
use super::manifest_source::io_reason;
use super::render::{self, DocumentFormat};
use super::{CliError, CliResult, Exit, Output};

// Its description is on `Command::Diff` (src/cli/mod.rs says why).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  atsctl diff integrations/headhuntr.yaml new.yaml\n  atsctl diff headhuntr --git HEAD~1\n  atsctl diff integrations/headhuntr.yaml --git origin/main --format markdown"
)]
pub(crate) struct DiffArgs {
    /// OLD and NEW manifest files; with --git, manifest files or bundled partner ids, each
    /// compared with its version at REV (a file new since REV is skipped).
    #[arg(value_name = "MANIFEST", required = true)]
    manifests: Vec<String>,
    /// Compare with the manifest as it was at this git revision (read with `git show`).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Compare only this ATS's setup.
    #[arg(long, value_enum)]
    ats: Option<AtsArg>,
    /// How to print the upgrade checklist (markdown fits a pull-request comment).
    #[arg(long, value_enum, default_value = "terminal")]
    format: DocumentFormat,
    /// How long `git` may take, e.g. 10s or 500ms.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_timeout)]
    timeout: Duration,
}

/// `--format json`: the upgrade data, what the two sides were, and the document.
#[derive(Serialize)]
struct DiffJson<'a> {
    old: Side<'a>,
    new: Side<'a>,
    #[serde(flatten)]
    report: &'a UpgradeReport,
}

#[derive(Serialize)]
struct Side<'a> {
    /// The file, or `REV:path`.
    source: &'a str,
    manifest_fingerprint: &'a str,
}

/// One side of the comparison, read but not yet loaded.
struct Input {
    label: String,
    bytes: Vec<u8>,
}

/// One side, loaded.
struct Loaded {
    label: String,
    manifest: Manifest,
    fingerprint: String,
}

pub(crate) fn run(args: &DiffArgs, output: &mut Output) -> CliResult {
    let pairs = match (&args.git, args.manifests.as_slice()) {
        (None, [old, new]) => vec![(read_file(Path::new(old))?, read_file(Path::new(new))?)],
        (None, _) => {
            return Err(CliError::usage("compare two manifest files: atsctl diff OLD NEW")
                .with_help("or compare a manifest with a git revision: atsctl diff MANIFEST --git REV"));
        }
        (Some(_), [_, _, ..]) if args.format == DocumentFormat::Json => {
            return Err(CliError::usage("--format json compares one manifest at a time")
                .with_help("run atsctl diff once per manifest"));
        }
        (Some(rev), targets) => {
            let mut pairs = Vec::new();
            for target in targets {
                match read_git_pair(target, rev, args.timeout)? {
                    Some(pair) => pairs.push(pair),
                    None => output.status(&format!(
                        "{target}: not in {rev}, so no customer is set up with it yet; skipped\n"
                    )),
                }
            }
            pairs
        }
    };
    let mut exit = Exit::Ok;
    for (index, (old, new)) in pairs.into_iter().enumerate() {
        // Both sides are checked before either is refused, so one run shows every finding.
        let (old, new) = (load(old, output), load(new, output));
        let (old, new) = (old?, new?);
        let only = args.ats.map(Ats::from);
        if let Some(ats) = only
            && !old.manifest.ats_list().contains(&ats)
            && !new.manifest.ats_list().contains(&ats)
        {
            return Err(CliError::usage(format!(
                "neither version of {} has a {} setup",
                new.manifest.partner.name,
                ats.display_name()
            )));
        }
        let report = diff::upgrade(&old.manifest, &new.manifest, only);
        let document = document::upgrade_document(
            &report,
            &old.label,
            &new.label,
            &new.fingerprint,
            &super::fix_wording::command_text,
        );
        if index > 0 {
            output.print("\n");
        }
        print(args.format, &old, &new, &report, &document, output);
        if report.customers_must_act {
            exit = Exit::Findings;
        }
    }
    Ok(exit)
}

fn print(
    format: DocumentFormat,
    old: &Loaded,
    new: &Loaded,
    report: &UpgradeReport,
    document: &Document,
    output: &mut Output,
) {
    match format {
        DocumentFormat::Json => {
            let data = DiffJson {
                old: Side {
                    source: &old.label,
                    manifest_fingerprint: &old.fingerprint,
                },
                new: Side {
                    source: &new.label,
                    manifest_fingerprint: &new.fingerprint,
                },
                report,
            };
            output.json(&render::with_document(&data, document));
        }
        format => output.print_document(document, format),
    }
}

/// `OLD --git REV`: OLD is a file, or a bundled partner id naming `integrations/<id>.yaml`
/// under the git top level. The old side is that path at REV, the new side the file on disk.
fn read_git_pair(target: &str, rev: &str, timeout: Duration) -> Result<Option<(Input, Input)>, CliError> {
    let as_path = Path::new(target);
    // The file on disk, and the name both sides are shown by.
    let (file, shown) = if as_path.is_file() {
        (as_path.to_path_buf(), target.to_owned())
    } else if manifest::bundled(target).is_some() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let relative = format!("integrations/{target}.yaml");
        (git_show::top_level(&cwd, timeout)?.join(&relative), relative)
    } else {
        return Err(CliError::usage(format!(
            "cannot read manifest {target}: no such file, and no bundled partner has that id"
        ))
        .with_help("pass a manifest file, or a partner id from `atsctl partners`"));
    };
    let mut new = read_file(&file)?;
    new.label.clone_from(&shown);
    let dir = file
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `REV:./name` is relative to the directory git runs in, wherever the work tree's top is.
    let Some(bytes) = git_show::show(dir, rev, &format!("./{name}"), timeout)? else {
        return Ok(None);
    };
    let old = Input {
        label: format!("{rev}:{shown}"),
        bytes,
    };
    Ok(Some((old, new)))
}

/// Reads a manifest file of at most [`manifest::files::MAX_FILE_BYTES`].
fn read_file(path: &Path) -> Result<Input, CliError> {
    use std::io::Read;
    let limit = manifest::files::MAX_FILE_BYTES;
    let cannot = |reason: String| CliError::usage(format!("cannot read manifest {}: {reason}", path.display()));
    // A FIFO or a device would block the open or the read: only regular files are manifests,
    // and that is checked before opening.
    let metadata = std::fs::metadata(path).map_err(|error| cannot(io_reason(&error)))?;
    if metadata.is_dir() {
        return Err(cannot("it is a directory".to_owned()));
    }
    if !metadata.is_file() {
        return Err(cannot("it is not a regular file".to_owned()));
    }
    let file = std::fs::File::open(path).map_err(|error| cannot(io_reason(&error)))?;
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| cannot(io_reason(&error)))?;
    if bytes.len() as u64 > limit {
        return Err(cannot(format!("larger than {limit} bytes, too large for a manifest")));
    }
    Ok(Input {
        label: path.display().to_string(),
        bytes,
    })
}

/// Loads and validates one side; a side with errors has its findings printed as `lint` prints
/// them, and is a usage error (exit 2).
fn load(input: Input, output: &mut Output) -> Result<Loaded, CliError> {
    let fingerprint = document::manifest_fingerprint(&input.bytes);
    let text = String::from_utf8(input.bytes.clone()).ok();
    let loaded = manifest::load_bytes(&input.label, input.bytes);
    match loaded.manifest {
        Some(manifest) => Ok(Loaded {
            label: input.label,
            manifest,
            fingerprint,
        }),
        None => {
            let errors: Vec<_> = loaded
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .cloned()
                .collect();
            output.message(&super::lint::human_findings(
                text.as_deref(),
                &errors,
                output.stderr_colored(),
            ));
            Err(CliError::usage(format!(
                "{} has {} error(s); fix them before comparing",
                input.label,
                errors.len()
            ))
            .with_help(format!("run `atsctl lint {}` to see every finding", input.label)))
        }
    }
}
