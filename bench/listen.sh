#!/usr/bin/env bash
# Benchmark for `atsctl webhooks listen` (issue 5). Results go in BENCHMARKS.md, "webhooks listen".
#
#   bench/listen.sh [REQUESTS]     # default 20000 deliveries per run
#
# Starts the release build of `atsctl webhooks listen headhuntr` on 127.0.0.1 and drives it with
# examples/webhook_load.rs: signed `candidate_stage_change` deliveries (the documented example
# body, 5.2 KB, numbered so each is a distinct signed body: the listener counts a body it has
# seen as a repeat), each with its own Greenhouse-Event-ID, over C kept-alive connections. Every
# delivery is verified (HMAC-SHA256 over the body), parsed, tracked and reported, so the numbers
# are the whole receive path. The load generator runs on the same machine and takes CPU from the
# listener: on a 2-core machine read the figures as a floor.
set -euo pipefail
cd "$(dirname "$0")/.."

requests=${1:-20000}
cargo build --release --locked -q --bin atsctl --example webhook_load
atsctl=target/release/atsctl
load=target/release/examples/webhook_load
work=$(mktemp -d)
listener=
cleanup() {
  if [[ -n "$listener" ]] && kill -0 "$listener" 2>/dev/null; then kill "$listener"; fi
  rm -rf "$work"
}
trap cleanup EXIT
export ATSCTL_WEBHOOK_SECRET=bench-secret-not-real

# Starts a listener with extra flags "$@", stdout and stderr into files; sets $listener, $addr.
# Each run writes fresh files: reusing one could show the previous listener's address.
runs=0
start() {
  runs=$((runs + 1))
  out="$work/out.$runs" err="$work/err.$runs"
  "$atsctl" webhooks listen headhuntr --addr 127.0.0.1:0 "$@" >"$out" 2>"$err" &
  listener=$!
  for _ in $(seq 1 200); do
    addr=$(grep -o 'listening on http://[0-9.:]*' "$err" 2>/dev/null | sed 's|listening on http://||' || true)
    [[ -n "$addr" ]] && return 0
    sleep 0.05
  done
  echo "listener did not start: $(cat "$err")" >&2
  exit 1
}

# Stops the listener with Ctrl-C (it prints its summary and exits 1: 13 of 14 webhooks missing).
# Sets $rss to the listener's peak resident memory first. Not run in a subshell: `wait` needs
# the listener to be this shell's child.
stop() {
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$listener/status")
  kill -INT "$listener"
  wait "$listener" || true
  listener=
}

echo "## machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); date: $(date -u +%F)"
echo "atsctl: $("$atsctl" --version); body: $(wc -c < tests/fixtures/greenhouse-webhook-examples/candidate_stage_change.json) bytes"
echo
echo "| output | connections | deliveries | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | non-200 | listener max RSS (KiB) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
run() {
  local format=$1 concurrency=$2 result records
  start --format "$format"
  if ! result=$("$load" --addr "$addr" --requests "$requests" --concurrency "$concurrency" --max-seconds 120); then
    echo "the load generator saw failures: $result" >&2
    exit 1
  fi
  stop
  # Every delivery must have been recorded as verified, or the numbers mean nothing.
  if [[ "$format" == json ]]; then
    records=$(grep -c '"verdict":"verified"' "$out" || true)
  else
    records=$(grep -c ' 200 verified ' "$err" || true)
  fi
  if [[ "$records" != "$requests" ]]; then
    echo "expected $requests verified records, found $records" >&2
    echo "$result" >&2
    exit 1
  fi
  local rate p50 p90 p99 max non200
  rate=$(sed -n 's/.*deliveries_per_s=\([0-9]*\).*/\1/p' <<<"$result")
  read -r p50 p90 p99 max < <(sed -n 's/latency_ms p50=\([0-9.]*\) p90=\([0-9.]*\) p99=\([0-9.]*\) max=\([0-9.]*\)/\1 \2 \3 \4/p' <<<"$result")
  non200=$(sed -n 's/.*non_200=\([0-9]*\).*/\1/p' <<<"$result")
  local where="stderr lines"
  [[ "$format" == json ]] && where="JSON lines"
  echo "| $where | $concurrency | $requests | $rate | $p50 | $p90 | $p99 | $max | $non200 | $rss |"
}

[[ -n "${ONLY_HUMAN:-}" ]] || for concurrency in 1 8 64; do run json "$concurrency"; done
run human 8
