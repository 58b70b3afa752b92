#!/usr/bin/env bash
# Checks that two atsctl binaries print the same bytes (stdout, stderr and exit code), for a
# speed change that must not change output (issue 10, item 9):
#
#   bench/same_output.sh BEFORE_BINARY AFTER_BINARY
#
# Runs `plan` of every bundled partner × ATS in every format and at 15 widths with and without
# colour, `partners`, and `lint` and `plan` of 300 mutated copies of a manifest (lines deleted
# or repeated, text with escapes, bidi overrides, wide characters, tabs and long words spliced
# in; half of them change only values, so most still plan). Prints each differing command line; exits 1 if any differ.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BINARY AFTER_BINARY" >&2; exit 2; }
before=$1 after=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import json, random, re, sys
random.seed(10)
lines = open("integrations/headhuntr.yaml").read().split("\n")
junk = ["\x1b[2J", "\u202e", "日本語テキスト", "  ", "\t", "é", "→", "a" * 70, "x y z", "\x07",
        '"quoted"', "https://example.com/a/very/long/path/that/goes/on"]
value_line = re.compile(r"^(\s*(?:- )?(?:name|instead|guide_says|about|instructions|title|who|when|reason|help|description): )([^\s\[{|>&*!#'\"].*)$")
values = [k for k, line in enumerate(lines) if value_line.match(line)]
# Half the copies keep their structure and change only text values, written as
# double-quoted YAML with escapes, so hostile text reaches the renderers.
for i in range(150, 300):
    mutated = lines[:]
    for k in random.sample(values, random.randint(1, 6)):
        key, value = value_line.match(mutated[k]).groups()
        j = random.randrange(len(value) + 1)
        mutated[k] = key + json.dumps(value[:j] + random.choice(junk) + value[j:])
    open(f"{sys.argv[1]}/m{i:03}.yaml", "w").write("\n".join(mutated))
for i in range(150):
    mutated = lines[:]
    for _ in range(random.randint(1, 4)):
        k = random.randrange(len(mutated))
        op = random.random()
        if op < 0.3 and ":" in mutated[k] and not mutated[k].rstrip().endswith(":"):
            mutated[k] += " " + random.choice(junk)
        elif op < 0.5:
            del mutated[k]
        elif op < 0.7:
            mutated.insert(k, mutated[random.randrange(len(mutated))])
        else:
            j = random.randrange(len(mutated[k]) + 1)
            mutated[k] = mutated[k][:j] + random.choice(junk) + mutated[k][j:]
    open(f"{sys.argv[1]}/m{i:03}.yaml", "w").write("\n".join(mutated))
PY

runs=0 differing=0
same() {
  local a b
  a=$("$before" "$@" 2>&1; echo "exit $?")
  b=$("$after" "$@" 2>&1; echo "exit $?")
  runs=$((runs + 1))
  if [ "$a" != "$b" ]; then differing=$((differing + 1)); echo "differs: $*"; fi
}
for partner in eqtble headhuntr hipeople resource-io; do
  for ats in greenhouse lever; do
    for format in terminal markdown html json; do
      same plan "$partner" --ats "$ats" --format "$format"
    done
    for width in 40 41 47 53 60 67 72 80 88 99 100 120 150 200 1000; do
      same plan "$partner" --ats "$ats" --width "$width"
      same plan "$partner" --ats "$ats" --width "$width" --color always
    done
  done
done
same partners
same partners --color always
for manifest in "$work"/*.yaml; do
  same lint "$manifest"
  same lint "$manifest" --color always
  same plan --manifest "$manifest" --width 80 --color always
  same plan --manifest "$manifest" --width 61
done
echo "$runs runs, $differing differing"
[ "$differing" -eq 0 ]
