//! Choosing the manifest a command works on: a bundled partner by id, or a file the user names.

use std::path::Path;

use atsctl::diagnostic::nearest;
use atsctl::manifest::{self, Ats, Manifest};

use super::ats::AtsArg;
use super::{CliError, Exit};

/// A loaded manifest and the fingerprint of its bytes.
pub(crate) struct Source {
    pub(crate) manifest: Manifest,
    pub(crate) fingerprint: String,
}

/// Loads the bundled manifest `partner`, or the file `path`. A manifest with errors cannot be
/// planned or checked: that is a usage error (exit 2) naming the first finding's place.
pub(crate) fn load(partner: Option<&str>, path: Option<&Path>) -> Result<Manifest, CliError> {
    load_source(partner, path).map(|source| source.manifest)
}

/// [`load`], keeping the manifest's fingerprint for documents made from it.
pub(crate) fn load_source(partner: Option<&str>, path: Option<&Path>) -> Result<Source, CliError> {
    let (file, fingerprint, loaded) = match (partner, path) {
        (_, Some(path)) => {
            let bytes = std::fs::read(path).map_err(|error| {
                CliError::usage(format!(
                    "cannot read manifest {}: {}",
                    path.display(),
                    io_reason(&error)
                ))
            })?;
            let file = path.display().to_string();
            let fingerprint = atsctl::document::manifest_fingerprint(&bytes);
            let loaded = manifest::load_bytes(&file, bytes);
            (file, fingerprint, loaded)
        }
        // The bundled text is fixed at build time: its load and fingerprint are precomputed.
        (Some(id), None) => match manifest::bundled(id) {
            Some(bundled) => (bundled.file.to_owned(), bundled.fingerprint(), bundled.load()),
            None => {
                let mut error = CliError::usage(format!("unknown partner `{id}`"));
                if let Some(suggestion) = nearest(id, manifest::bundled_ids()) {
                    error = error.with_help(format!("did you mean `{suggestion}`?"));
                }
                return Err(error
                    .with_help(format!(
                        "known partners: {}",
                        manifest::bundled_ids().collect::<Vec<_>>().join(", ")
                    ))
                    .with_help("or plan your own manifest with --manifest FILE"));
            }
        },
        (None, None) => {
            return Err(
                CliError::usage("name a partner or pass --manifest FILE").with_help(format!(
                    "known partners: {}",
                    manifest::bundled_ids().collect::<Vec<_>>().join(", ")
                )),
            );
        }
    };
    match loaded.manifest {
        Some(manifest) => Ok(Source { manifest, fingerprint }),
        None => {
            let errors: Vec<_> = loaded
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.is_error())
                .collect();
            let first = errors.first().map_or_else(String::new, |diagnostic| {
                let place = diagnostic
                    .location
                    .map_or_else(|| file.clone(), |at| format!("{file}:{}:{}", at.line, at.column));
                format!("{place}: {} [{}]", diagnostic.message, diagnostic.code)
            });
            Err(CliError::new(
                Exit::Usage,
                format!("{file} has {} error(s); first: {first}", errors.len()),
            )
            .with_help(format!("run `atsctl lint {file}` to see every finding")))
        }
    }
}

/// The ATS to work on: the one asked for, or the only one the manifest has.
pub(crate) fn pick_ats(manifest: &Manifest, asked: Option<AtsArg>) -> Result<Ats, CliError> {
    let available = manifest.ats_list();
    let names = || available.iter().map(|ats| ats.as_str()).collect::<Vec<_>>().join(", ");
    let asked: Option<Ats> = asked.map(Into::into);
    match asked {
        Some(ats) if available.contains(&ats) => Ok(ats),
        Some(ats) => Err(
            CliError::usage(format!("{} has no {} setup", manifest.partner.name, ats.display_name()))
                .with_help(format!("it covers: {}", names())),
        ),
        None if available.len() == 1 => Ok(available[0]),
        None => Err(CliError::usage(format!(
            "{} covers several ATSs; choose one with --ats",
            manifest.partner.name
        ))
        .with_help(format!(
            "--ats {}",
            available
                .iter()
                .map(|ats| ats.as_str())
                .collect::<Vec<_>>()
                .join(" or --ats ")
        ))),
    }
}

/// The reason part of an I/O error, without Rust's `(os error N)` suffix.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_owned(),
        _ => error.to_string(),
    }
}
