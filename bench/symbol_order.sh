#!/usr/bin/env bash
# Regenerates build/startup_symbols.txt, the order LLD lays out start-up code in (build/startup_order.rs).
#
#   bench/symbol_order.sh        # needs valgrind and python3; builds a release binary (~6 min)
#
# Builds the release binary exactly as `cargo build --release` does (the committed profile: the
# symbol names must be that build's), plus a linker map, in its own target directory; runs the
# commands below under callgrind; and lists, in order, every function that ran: the start every
# command shares first (`--version`), then `plan`, then the rest. Run it after a toolchain or
# dependency update, or when BENCHMARKS' page faults of `plan` rise; commit the file it writes.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in valgrind python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install valgrind python3)" >&2; exit 2; }
done

target=target/symbol-order
mkdir -p "$target"
map="$PWD/$target/atsctl.map"
# A link argument changes no symbol name (cargo keeps RUSTFLAGS out of the names' hashes).
RUSTFLAGS="-C link-arg=-Wl,-Map=$map" cargo build --release --locked -q --target-dir "$target" --bin atsctl
binary="$target/release/atsctl"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
runs=(
  "--version"
  "plan headhuntr"
  "plan headhuntr --format json"
  "plan headhuntr --format markdown"
  "plan hipeople --ats lever"
  "plan eqtble"
  "plan resource-io"
  "--help"
  "plan --help"
  "partners"
  "lint integrations"
  "plan --manifest integrations/headhuntr.yaml"
)
files=()
for index in "${!runs[@]}"; do
  file="$work/callgrind.$index"
  # shellcheck disable=SC2086 # each run is words on purpose
  valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file="$file" "$binary" ${runs[$index]} \
    >/dev/null 2>"$work/log.$index" || { echo "failed: atsctl ${runs[$index]}" >&2; cat "$work/log.$index" >&2; exit 1; }
  files+=("$file")
done
python3 bench/symbol_order.py atsctl "$map" build/startup_symbols.txt "${files[@]}"
