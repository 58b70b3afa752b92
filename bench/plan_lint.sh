#!/usr/bin/env bash
# Benchmarks for `atsctl plan` and `atsctl lint` (issue: foundation). Results go in BENCHMARKS.md.
#
#   bench/plan_lint.sh            # needs hyperfine and GNU time (apt), check-jsonschema (pip)
#
# - plan: whole-process median of `atsctl plan headhuntr --format json`, against `cat` of the
#   same manifest file (the floor: starting a process and reading the file).
# - lint: 1,000 generated manifests, `atsctl lint` against `check-jsonschema` validating the same
#   files with the exported schema (which checks only structure; lint also checks permissions,
#   events, policies, URLs and emails against the catalog).
# - peak memory (maximum resident set size) of each, from GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in hyperfine /usr/bin/time check-jsonschema; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install hyperfine time; pip install check-jsonschema)" >&2; exit 2; }
done

cargo build --release --locked -q
atsctl=target/release/atsctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1,000 manifests: the four bundled ones, 250 copies each with distinct partner ids.
mkdir -p "$work/manifests"
for source in integrations/*.yaml; do
  base=$(basename "$source" .yaml)
  for i in $(seq 1 250); do
    sed "s/^  id: .*/  id: ${base}-${i}/" "$source" > "$work/manifests/${base}-${i}.yaml"
  done
done
count=$(ls "$work/manifests" | wc -l)
"$atsctl" schema > "$work/schema.json"

echo "## machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); date: $(date -u +%F)"
echo "atsctl: $("$atsctl" --version); check-jsonschema: $(check-jsonschema --version 2>&1 | tail -1)"

echo; echo "## plan headhuntr (whole process) vs cat of the same manifest"
hyperfine -N --warmup 20 --runs 300 --export-markdown "$work/plan.md" --export-json "$work/plan.json" \
  "cat integrations/headhuntr.yaml" \
  "$atsctl plan headhuntr --format json" \
  "$atsctl plan headhuntr" >/dev/null
cat "$work/plan.md"
python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print("median %-45s %.2f ms" % (r["command"], r["median"]*1000))' "$work/plan.json"

echo; echo "## lint $count manifests vs check-jsonschema with the exported schema"
# Both must accept every file, or the comparison means nothing.
"$atsctl" lint --quiet "$work/manifests" >/dev/null
check-jsonschema --schemafile "$work/schema.json" "$work"/manifests/*.yaml >/dev/null
hyperfine --warmup 1 --runs 5 --export-markdown "$work/lint.md" \
  "$atsctl lint --quiet --format json $work/manifests" \
  "check-jsonschema --schemafile $work/schema.json $work/manifests/*.yaml" >/dev/null
cat "$work/lint.md"

echo; echo "## peak memory (max RSS)"
rss() { /usr/bin/time -f "%M" "$@" 2>&1 >/dev/null | tail -1; }
echo "| command | max RSS (KiB) |"
echo "|---|---|"
echo "| atsctl plan headhuntr --format json | $(rss "$atsctl" plan headhuntr --format json) |"
echo "| atsctl lint ($count files) | $(rss "$atsctl" lint --quiet --format json "$work/manifests") |"
echo "| check-jsonschema ($count files) | $(rss check-jsonschema --schemafile "$work/schema.json" "$work"/manifests/*.yaml) |"
