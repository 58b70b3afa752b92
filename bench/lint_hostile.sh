#!/usr/bin/env bash
# The hostile inputs of issue 10 (L1, L3-L8) against the release binary: builds each case in a
# temporary folder, lints it, and prints a Markdown table of exit code, first finding, wall time
# and peak memory (GNU time). Results go in BENCHMARKS.md ("lint: hostile inputs").
#
#   bench/lint_hostile.sh          # needs GNU time (apt-get install time), python3, mkfifo
#
# Each case must end within 2 s with a located finding or a refusal; the environment canary must
# appear in no output.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v /usr/bin/time >/dev/null || { echo "missing GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --locked -q
atsctl=$PWD/target/release/atsctl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
canary="CANARY-bench-environ-5f2d"

# Case folders: each is linted as `atsctl lint --format json <target>` from inside the folder.
make_case() { mkdir -p "$work/$1"; }

make_case environ && ln -s /proc/self/environ "$work/environ/leak.yaml"
make_case fifo && mkfifo "$work/fifo/pipe.yaml"
make_case devzero && ln -s /dev/zero "$work/devzero/zero.yaml"
make_case link-once
make_case links-twice
for i in $(seq -w 1 40); do
  sed "s/^  id: .*/  id: headhuntr-$i/" integrations/headhuntr.yaml > "$work/link-once/m$i.yaml"
  cp "$work/link-once/m$i.yaml" "$work/links-twice/m$i.yaml"
done
ln -s . "$work/link-once/again"
ln -s . "$work/links-twice/again"
ln -s . "$work/links-twice/and-again"
make_case keys-200k-distinct
make_case keys-3.65m
make_case keys-200k-duplicate
make_case keys-under-cap
make_case label-5mb
make_case label-1mb
make_case nesting
python3 - "$work" <<'EOF'
import sys
work = sys.argv[1]
def write(path, text):
    with open(f"{work}/{path}", "w") as f:
        f.write(text)
# L1 as reported: 200,000 and 3.65 M distinct keys in one mapping (both over the 1 MiB cap).
write("keys-200k-distinct/keys.yaml", "".join(f"k{i}: 1\n" for i in range(200_000)))
write("keys-3.65m/keys.yaml", "".join(f"k{i}: 1\n" for i in range(3_650_000)))
# Under the cap, so every key is checked: 200,000 copies of one key (1,000,000 bytes) and as many
# distinct keys as fit.
write("keys-200k-duplicate/keys.yaml", "a: 1\n" * 200_000)
text, i = [], 0
size = 0
while True:
    line = f"k{i}: 1\n"
    if size + len(line) > 1024 * 1024:
        break
    text.append(line); size += len(line); i += 1
write("keys-under-cap/keys.yaml", "".join(text))
# L3: a permission label of 5 MB (over the cap) and of 1 MB (under it, so it is checked).
manifest = open("integrations/headhuntr.yaml").read()
for name, length in [("label-5mb", 5_000_000), ("label-1mb", 1_000_000)]:
    label = "GET: Retreive Candidate" + "e" * length
    write(f"{name}/label.yaml", manifest.replace(
        "\n  permissions:\n",
        f"\n  permissions:\n    - category: Candidates\n      required: [\"{label}\"]\n", 1))
write("nesting/deep.yaml", "[" * 100_000 + "]" * 100_000)
EOF

printf '| case | input | bytes | format | exit | findings | wall | max RSS |\n|---|---|---|---|---|---|---|---|\n'
run() {
  local case=$1 target=$2 input=$3 format=${4:-json}
  local out="$work/$case.$format.out" err="$work/$case.$format.err" timing="$work/$case.$format.time"
  local code=0
  (cd "$work/$case" && CI_TOKEN="$canary" /usr/bin/time -f "%e %M" -o "$timing" \
    timeout 60 "$atsctl" lint --format "$format" "$target" >"$out" 2>"$err") || code=$?
  if grep -q "$canary" "$out" "$err"; then
    echo "CANARY PRINTED in $case" >&2
    exit 1
  fi
  local finding
  if [ "$format" = json ]; then
    finding=$(python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
d=r["diagnostics"]
print("%d file(s), none" % r["files"] if not d else "%s%s (%d in all)" % (d[0]["code"], " at %s:%s" % (d[0]["line"], d[0]["column"]) if "line" in d[0] else "", len(d)))' "$out" 2>/dev/null || echo "no report")
  else
    finding="$(grep -o '[0-9]* error(s)' "$err" | head -1), $(wc -c < "$out") bytes shown"
  fi
  # GNU time puts "Command exited with non-zero status N" first when the exit is not 0.
  read -r wall rss < <(tail -1 "$timing")
  local bytes=-
  [ -f "$work/$case/$target" ] && [ ! -L "$work/$case/$target" ] && bytes=$(stat -c %s "$work/$case/$target")
  printf '| %s | %s | %s | %s | %s | %s | %s s | %s MiB |\n' "$case" "$input" "$bytes" "$format" "$code" "$finding" "$wall" \
    "$(python3 -c "print(f'{$rss / 1024:.1f}')")"
}
run environ . '`leak.yaml` → /proc/self/environ'
run environ . '`leak.yaml` → /proc/self/environ' human
run fifo . 'FIFO `pipe.yaml`'
run devzero . '`zero.yaml` → /dev/zero'
run link-once . '40 manifests + 1 link to `.`'
run links-twice . '40 manifests + 2 links to `.`'
run keys-200k-distinct keys.yaml '200,000 distinct keys'
run keys-3.65m keys.yaml '3,650,000 distinct keys'
run keys-200k-duplicate keys.yaml '200,000 × the same key'
run keys-200k-duplicate keys.yaml '200,000 × the same key' human
run keys-under-cap keys.yaml "$(grep -c . "$work/keys-under-cap/keys.yaml") distinct keys"
run keys-under-cap keys.yaml "$(grep -c . "$work/keys-under-cap/keys.yaml") distinct keys" human
run label-5mb label.yaml '5 MB permission label'
run label-1mb label.yaml '1 MB permission label'
run label-1mb label.yaml '1 MB permission label' human
run nesting deep.yaml '100,000-deep `[[[…`'
