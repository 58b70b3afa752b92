//! Lays out the code atsctl runs when it starts and in its common commands next to each other,
//! by handing LLD `build/startup_symbols.txt` (`--symbol-ordering-file`).
//!
//! Why: the executable's code is 10 MB and the kernel maps it in as it is first run, 64 KiB
//! around each page touched. Spread over the whole text, a `plan` took 53 such page faults
//! (each 1.5 µs or more on a VM); packed together, 8 (BENCHMARKS.md, round 7). The file lists
//! symbol names (`bench/symbol_order.sh` writes it from the functions that really ran), so it
//! only works with the exact names of this build: another toolchain or dependency version names
//! things differently, and LLD then skips the names it does not find (silenced below). A stale
//! file makes start-up slower, never wrong.
//!
//! Only for a release build of the `atsctl` binary for x86_64 Linux (GNU), where rustc links
//! with LLD by default since 1.90, and only when nothing chose another linker: GNU ld does not
//! know the option and would fail the link.

use std::env;
use std::path::Path;
use std::process::Command;

/// The ordering file, relative to the package.
const SYMBOLS: &str = "build/startup_symbols.txt";

/// Rust's first release linking x86_64-unknown-linux-gnu with its own LLD by default.
const LLD_BY_DEFAULT_SINCE: u32 = 90;

pub(crate) fn link_args() {
    println!("cargo:rerun-if-changed={SYMBOLS}");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    if env::var("PROFILE").as_deref() != Ok("release")
        || env::var("TARGET").as_deref() != Ok("x86_64-unknown-linux-gnu")
        || env::var_os("RUSTC_LINKER").is_some()
        || chooses_linker(&env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default())
        || rustc_minor_version().is_none_or(|minor| minor < LLD_BY_DEFAULT_SINCE)
    {
        return;
    }
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let symbols = Path::new(&manifest_dir).join(SYMBOLS);
    if !symbols.is_file() {
        return;
    }
    println!(
        "cargo:rustc-link-arg-bin=atsctl=-Wl,--symbol-ordering-file={}",
        symbols.display()
    );
    // Names this build does not have (another toolchain, a changed function) are expected.
    println!("cargo:rustc-link-arg-bin=atsctl=-Wl,--no-warn-symbol-ordering");
}

/// Whether the flags pick a linker or a linker flavour themselves (`-C linker=`,
/// `-C linker-flavor=`, `-C linker-features=`, `-C link-self-contained=`, `-fuse-ld=`).
pub(crate) fn chooses_linker(encoded_rustflags: &str) -> bool {
    encoded_rustflags
        .split('\x1f')
        .any(|flag| flag.contains("linker") || flag.contains("link-self-contained") || flag.contains("fuse-ld"))
}

/// The minor version of the rustc cargo builds with (`rustc 1.95.0 (…)` gives 95).
fn rustc_minor_version() -> Option<u32> {
    let rustc = env::var_os("RUSTC")?;
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}
