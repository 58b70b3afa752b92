#!/usr/bin/env bash
# Benchmark for `atsctl validate` (issue 3). Results go in BENCHMARKS.md, "validate".
#
#   bench/validate.sh [PARTNER]     # default eqtble
#
# Runs the release build of `atsctl validate PARTNER --api v1` against the fake Greenhouse
# (examples/fake_greenhouse.rs) with 30 ms latency per request and Harvest v1's documented
# rate limit shape: 50 requests per 10-second window, reset announced only on 429s. Measures:
# requests sent against distinct probes, wall time against the lower bound
#   max((windows needed - 1) x window, round trips at full concurrency)
# 429s met, and the same run probing one request at a time (--concurrency 1). A second pair
# of runs without a rate limit shows what concurrency buys when latency is the only cost.
# Override with LATENCY_MS, LIMIT, WINDOW, CONCURRENCY.
set -euo pipefail
cd "$(dirname "$0")/.."

partner=${1:-eqtble}
latency_ms=${LATENCY_MS:-30}
limit=${LIMIT:-50}
window=${WINDOW:-10}
concurrency=${CONCURRENCY:-8}
cargo build --release --locked -q --bin atsctl --example fake_greenhouse
atsctl=target/release/atsctl
work=$(mktemp -d)
fake=
cleanup() {
  if [[ -n "$fake" ]] && kill -0 "$fake" 2>/dev/null; then kill "$fake"; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the fake with extra flags "$@"; sets $fake and sources its environment.
start_fake() {
  if [[ -n "$fake" ]] && kill -0 "$fake" 2>/dev/null; then kill "$fake"; wait "$fake" 2>/dev/null || true; fi
  rm -f "$work/env"
  target/release/examples/fake_greenhouse --partner "$partner" --latency-ms "$latency_ms" --env-file "$work/env" "$@" \
    >"$work/fake.out" 2>"$work/fake.err" &
  fake=$!
  for _ in $(seq 100); do [[ -s "$work/env" ]] && break; sleep 0.05; done
  # shellcheck disable=SC1091
  source "$work/env"
}

# One validate run at concurrency $1; prints "wall_seconds requests distinct 429s exit".
run() {
  curl -fsS -X POST "$ATSCTL_HARVEST_URL/_fake/reset" >/dev/null
  local start end code=0
  start=$(date +%s.%N)
  "$atsctl" validate "$partner" --api v1 --format json --concurrency "$1" >"$work/report.json" 2>"$work/err" || code=$?
  end=$(date +%s.%N)
  local stats
  stats=$(curl -fsS "$ATSCTL_HARVEST_URL/_fake/stats")
  echo "$(echo "$end - $start" | bc -l) $(jq -r '.harvest_requests' <<<"$stats") $(jq -r '.distinct_harvest_requests' <<<"$stats") $(jq -r '.rate_limited' <<<"$stats") $code"
}

report() { # label wall requests distinct 429s exit [bound]
  printf '%-34s wall %6.2f s  requests %3d  distinct probes %3d  429s %d  exit %d' "$1" "$2" "$3" "$4" "$5" "$6"
  if [[ -n "${7:-}" ]]; then printf '  bound %5.2f s  wall/bound %.2f' "$7" "$(echo "$2 / $7" | bc -l)"; fi
  printf '\n'
}

bound() { # probes concurrency limit window -> seconds
  local probes=$1 c=$2 l=$3 w=$4
  local windows=$(( (probes + l - 1) / l ))
  local rate_bound=$(( (windows - 1) * w ))
  local trips=$(( (probes + c - 1) / c ))
  local rtt_bound
  rtt_bound=$(echo "$trips * $latency_ms / 1000" | bc -l)
  if (( $(echo "$rate_bound > $rtt_bound" | bc -l) )); then echo "$rate_bound"; else echo "$rtt_bound"; fi
}

echo "machine: $(nproc) CPU(s), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "partner: $partner (v1 path), latency ${latency_ms} ms, concurrency $concurrency"
echo

start_fake --rate-limit "$limit" --rate-window "$window"
read -r wall requests distinct limited code < <(run "$concurrency")
report "rate limit $limit/${window}s, concurrent" "$wall" "$requests" "$distinct" "$limited" "$code" "$(bound "$distinct" "$concurrency" "$limit" "$window")"
concurrent_wall=$wall
read -r wall requests distinct limited code < <(run 1)
report "rate limit $limit/${window}s, one at a time" "$wall" "$requests" "$distinct" "$limited" "$code" "$(bound "$distinct" 1 "$limit" "$window")"
printf '%-34s %.2f\n' "one-at-a-time / concurrent" "$(echo "$wall / $concurrent_wall" | bc -l)"

start_fake
read -r wall requests distinct limited code < <(run "$concurrency")
report "no rate limit, concurrent" "$wall" "$requests" "$distinct" "$limited" "$code" "$(bound "$distinct" "$concurrency" 1000000 1)"
concurrent_wall=$wall
read -r wall requests distinct limited code < <(run 1)
report "no rate limit, one at a time" "$wall" "$requests" "$distinct" "$limited" "$code" "$(bound "$distinct" 1 1000000 1)"
printf '%-34s %.2f\n' "one-at-a-time / concurrent" "$(echo "$wall / $concurrent_wall" | bc -l)"
