#!/usr/bin/env bash
# Slow clients against `atsctl webhooks listen` (issue 10, W1). Results go in BENCHMARKS.md,
# "webhooks listen under slow clients".
#
#   bench/listen_slowloris.sh [SECONDS]     # default 30 seconds per row
#
# Starts the release build of `atsctl webhooks listen headhuntr` on 127.0.0.1 (with its own
# --timeout, so it stops by itself) and runs examples/listen_slowloris.rs against it: SLOW
# connections trickling a request head one byte a second and IDLE connections sending nothing,
# each reopened as soon as the listener closes it, while a signed delivery goes out on a fresh
# connection every half second. Rows: no crowd (baseline), 600 idle, 2,000 slow, 2,000 slow +
# 600 idle. Everything stays on loopback; every row ends within SECONDS + 40 s.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-30}
cargo build --release --locked -q --bin atsctl --example listen_slowloris
atsctl=target/release/atsctl
load=target/release/examples/listen_slowloris
work=$(mktemp -d)
listener=
cleanup() {
  if [[ -n "$listener" ]] && kill -0 "$listener" 2>/dev/null; then kill "$listener"; fi
  rm -rf "$work"
}
trap cleanup EXIT
export ATSCTL_WEBHOOK_SECRET=bench-secret-not-real
# The listener and the load each hold a socket per connection.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

runs=0
start() {
  runs=$((runs + 1))
  out="$work/out.$runs" err="$work/err.$runs"
  "$atsctl" webhooks listen headhuntr --addr 127.0.0.1:0 --format json --timeout "$((seconds + 30))s" >"$out" 2>"$err" &
  listener=$!
  for _ in $(seq 1 200); do
    addr=$(grep -o 'listening on http://[0-9.:]*' "$err" 2>/dev/null | sed 's|listening on http://||' || true)
    [[ -n "$addr" ]] && return 0
    sleep 0.05
  done
  echo "listener did not start: $(cat "$err")" >&2
  exit 1
}

echo "## machine"
echo "cores: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); date: $(date -u +%F)"
echo "atsctl: $("$atsctl" --version); open files: $(ulimit -n); run: ${seconds} s per row"
echo
echo "| slow | idle | deliveries | answered 200 | failed or > 5 s | p50 ms | p90 ms | p99 ms | max ms | crowd open at send (median) | 408s sent | listener RSS max (KiB) | listener fds max |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
row() {
  local slow=$1 idle=$2 result status=0 rss_max=0 fds_max=0 rss fds
  start
  "$load" --addr "$addr" --slow "$slow" --idle "$idle" --seconds "$seconds" >"$work/load" 2>&1 &
  local load_pid=$!
  # Sample the listener's resident memory and open descriptors while the load runs.
  while kill -0 "$load_pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$listener/status" 2>/dev/null || echo 0)
    fds=$(find "/proc/$listener/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    (( rss > rss_max )) && rss_max=$rss
    (( fds > fds_max )) && fds_max=$fds
    sleep 0.5
  done
  wait "$load_pid" || status=$?
  result=$(cat "$work/load")
  kill -INT "$listener"
  wait "$listener" || true
  listener=
  if [[ $status -ne 0 ]]; then
    echo "slow=$slow idle=$idle: deliveries failed or were refused:" >&2
    echo "$result" >&2
  fi
  local sent answered failed p50 p90 p99 max open408 open_median recorded
  sent=$(sed -n 's/^deliveries=\([0-9]*\).*/\1/p' <<<"$result")
  answered=$(sed -n 's/.*answered_200=\([0-9]*\).*/\1/p' <<<"$result")
  failed=$(sed -n 's/.*failed_or_over_5s=\([0-9]*\).*/\1/p' <<<"$result")
  read -r p50 p90 p99 max < <(sed -n 's/latency_ms p50=\([0-9.]*\) p90=\([0-9.]*\) p99=\([0-9.]*\) max=\([0-9.]*\)/\1 \2 \3 \4/p' <<<"$result")
  open_median=$(sed -n 's/.*median=\([0-9]*\).*/\1/p' <<<"$result")
  open408=$(sed -n 's/.*answered_408=\([0-9]*\).*/\1/p' <<<"$result")
  # Every answered delivery must have been recorded as verified, or the row means nothing.
  recorded=$(grep -c '"verdict":"verified"' "$out" || true)
  if [[ "$recorded" != "$answered" ]]; then
    echo "slow=$slow idle=$idle: $answered answered but $recorded recorded as verified" >&2
    exit 1
  fi
  echo "| $slow | $idle | $sent | $answered | $failed | $p50 | $p90 | $p99 | $max | $open_median | $open408 | $rss_max | $fds_max |"
}

row 0 0
row 0 600
row 2000 0
row 2000 600
