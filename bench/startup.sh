#!/usr/bin/env bash
# Start-up budget of `atsctl plan` (issue 10, item 9). Results go in BENCHMARKS.md.
#
#   bench/startup.sh              # needs hyperfine, GNU time and valgrind (apt)
#
# Side by side, whole process: `cat` of the manifest (the floor), `atsctl --version` (process
# start-up alone), `atsctl plan headhuntr` (table, output to /dev/null) and the same plan as JSON
# (no terminal layout: what the library costs without the renderer), and the same manifest read
# from its file with --manifest (bundled manifests are precomputed; a file goes through the loader):
# - median wall time (hyperfine, 300 runs after 20 warm-ups, no shell), and the same commands
#   run in turn by bench/interleaved (the ratios that hold up on a shared machine);
# - instructions executed (callgrind; deterministic, unlike wall time on a shared machine);
# - peak memory (maximum resident set size, GNU time). It depends on how the binary's pages sit
#   in the page cache (a freshly written file maps in larger pieces): compare binaries after
#   `echo 3 > /proc/sys/vm/drop_caches` and reading each once, not a fresh build with an old one.
#   So does wall time: in round 6 a binary written minutes before gained about 0.1 ms over
#   one written hours before, beyond what the same pair showed with both copied afresh.
# - page faults (minor, GNU time): on this VM each costs about as much as thousands of
#   instructions; most of a start's are the code mapped in and the loader's writes to
#   relocated data (see build/startup_order.rs and src/text_blob.rs).
# Targets: median plan ≤ 1.5× --version and ≤ 2× cat; peak RSS unchanged or lower.
# A change made for speed must not change output: check with bench/same_output.sh BEFORE AFTER.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time valgrind; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install hyperfine time valgrind)" >&2; exit 2; }
done

atsctl=${ATSCTL:-target/release/atsctl}
[ -n "${ATSCTL:-}" ] || cargo build --release --locked -q
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
commands=("cat integrations/headhuntr.yaml" "$atsctl --version" "$atsctl plan headhuntr" "$atsctl plan headhuntr --format json"
  "$atsctl plan --manifest integrations/headhuntr.yaml --format json")

echo "## machine"
echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); date: $(date -u +%F); $("$atsctl" --version)"

echo; echo "## median wall time"
hyperfine -N --warmup 20 --runs 300 --export-json "$work/startup.json" "${commands[@]}" >/dev/null
python3 -c 'import json,sys
results = json.load(open(sys.argv[1]))["results"]
print("| command | median | mean ± σ |"); print("|---|---|---|")
for r in results:
    print("| `%s` | %.2f ms | %.2f ± %.2f ms |" % (r["command"], r["median"]*1000, r["mean"]*1000, r["stddev"]*1000))
cat, version, plan = (r["median"] for r in results[:3])
print("\nplan / --version = %.2f×, plan / cat = %.2f×" % (plan / version, plan / cat))' "$work/startup.json"

echo; echo "## interleaved medians (one run of each command per round, 1,000 rounds)"
# hyperfine runs each command's 300 runs in one block; on a shared machine the blocks see
# different loads and the ratios between commands move by a third from run to run. Runs
# taken in turn see the same load.
cargo build --release -q --manifest-path bench/interleaved/Cargo.toml
bench/interleaved/target/release/interleaved 1000 "$(command -v cat) integrations/headhuntr.yaml" \
  "$atsctl --version" "$atsctl plan headhuntr" |
  awk '{ print } NR == 2 { version = $1 } NR == 3 { printf "plan / --version = %.2f× (medians)\n", $1 / version }'

echo; echo "## what a first touch of a heap page costs here (interleaved, 1,000 rounds)"
# A command's heap pages are each a page fault; on this VM one costs about as much as
# thousands of instructions, which instruction counts alone do not show.
touch=bench/interleaved/target/release/touch_pages
bench/interleaved/target/release/interleaved 1000 "$touch 0" "$touch 100" |
  awk '{ print } NR == 1 { base = $1 } NR == 2 { printf "per page: %.1f µs\n", ($1 - base) * 1000 / 100 }'

echo; echo "## instructions (callgrind), peak memory (max RSS) and page faults (minor, GNU time)"
echo "| command | instructions | max RSS (KiB) | page faults |"
echo "|---|---|---|---|"
for command in "${commands[@]}"; do
  # shellcheck disable=SC2086 # each command is words on purpose
  instructions=$(valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" $command 2>&1 >/dev/null \
    | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')
  # shellcheck disable=SC2086
  read -r rss faults < <(/usr/bin/time -f "%M %R" $command 2>&1 >/dev/null | tail -1)
  echo "| \`$command\` | $instructions | $rss | $faults |"
done
