//! The start-up code ordering (`build/startup_order.rs`, `build/startup_symbols.txt`): the list
//! LLD reads must be symbol names, and the build must leave the option out whenever the linker
//! may not be LLD, where it would fail the link.

use std::collections::HashSet;

// `link_args` runs in build.rs, where printing is how a build script talks to cargo; the tests
// need only its checks.
#[allow(dead_code, clippy::print_stdout)]
#[path = "../build/startup_order.rs"]
mod build_script;

#[test]
fn the_ordering_file_lists_symbol_names_once_each() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/build/startup_symbols.txt"))
        .expect("build/startup_symbols.txt is committed");
    let names: Vec<&str> = text.lines().filter(|line| !line.starts_with('#')).collect();
    assert!(
        names.len() > 100,
        "the list has {} names: regenerate it with bench/symbol_order.sh",
        names.len()
    );
    let mut seen = HashSet::new();
    for name in &names {
        assert!(
            !name.is_empty() && !name.contains(char::is_whitespace),
            "not a symbol name: {name:?}"
        );
        // A section name's prefix (`.text.unlikely.<symbol>`) is not part of the symbol: LLD
        // would not find the name, and the function would stay where it was.
        for prefix in ["unlikely.", "hot.", "startup.", "exit.", "split.", ".text"] {
            assert!(!name.starts_with(prefix), "section prefix kept in {name:?}");
        }
        assert!(seen.insert(*name), "listed twice: {name}");
    }
    // The C `main` rustc emits and atsctl's own `main` run in every command.
    assert!(names.contains(&"main"), "the list misses `main`");
    assert!(
        names.iter().any(|name| name.starts_with("_ZN6atsctl4main17h")),
        "the list misses atsctl::main"
    );
}

#[test]
fn a_chosen_linker_or_flavour_turns_the_ordering_off() {
    let encoded = |flags: &[&str]| flags.join("\x1f");
    for flags in [
        &["-C", "linker=clang"][..],
        &["-Clinker-flavor=gnu-cc"],
        &["-C", "linker-features=-lld"],
        &["-C", "link-self-contained=-linker"],
        &["-C", "link-arg=-fuse-ld=bfd"],
    ] {
        assert!(build_script::chooses_linker(&encoded(flags)), "{flags:?}");
    }
    for flags in [
        &[][..],
        &["-C", "target-cpu=native"],
        &["-C", "link-arg=-Wl,-Map=atsctl.map"],
    ] {
        assert!(!build_script::chooses_linker(&encoded(flags)), "{flags:?}");
    }
}
