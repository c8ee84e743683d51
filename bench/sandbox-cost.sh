#!/usr/bin/env bash
# What the sidecar sandbox (user, pid and mount namespaces, private root,
# Landlock, capability drop, seccomp allow-list, nested cgroups) costs an
# owned-sidecar cold start, measured on this machine with the builds
# interleaved: the last commit before it ("before", BEFORE=d865328), this
# tree ("after", --sandbox auto: every layer), and this tree with
# --sandbox off (the floor without any layer). Each cell is one
# `submit bench --local` run of BATCH sequential owned jobs (after its
# warm-up batch); the summary is the median over ROUNDS rounds of each
# run's p50.
#
#   bench/sandbox-cost.sh                  # ROUNDS=5 BATCH=20, ~2 minutes
#   ROUNDS=9 BATCH=50 bench/sandbox-cost.sh > bench/results/sandbox-cost.md
set -euo pipefail
cd "$(dirname "$0")/.."
before=${BEFORE:-d865328}
rounds=${ROUNDS:-5}
batch=${BATCH:-20}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/src" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add -q --detach "$tmp/src" "$before"
(cd "$tmp/src" && go build -o "$tmp/before" ./cmd/submit)
go build -o "$tmp/after" ./cmd/submit

# One run: "cold_p50 cold_p95 sidecar_spawn session_open runtime_mount_wasm first_exec".
measure() {
  local bin=$1; shift
  "$bin" bench --local "$@" --scenarios owned --modes sequential --batch-sizes "$batch" \
    --iterations 1 --warmup 1 --memory=false --data-dir "$tmp/data" 2>/dev/null > "$tmp/run.md"
  local cold phases
  cold=$(grep -m1 "^| owned-sidecar | sequential | $batch |" "$tmp/run.md" | awk -F'|' '{print $6+0, $7+0}')
  phases=$(sed -n '/^### Phase p50/,$p' "$tmp/run.md" | grep -m1 "^| owned-sidecar | sequential | $batch |" |
    awk -F'|' '{print $5+0, $6+0, $10+0, $12+0}')
  echo "$cold $phases"
}

# How fast this machine starts a process today: an empty Go program,
# mean of 20 execs (REFERENCE.md's floors put a tiny Go child at ~1 ms).
printf 'package main\nfunc main() {}\n' > "$tmp/empty.go"
go build -o "$tmp/empty" "$tmp/empty.go"
t0=$(date +%s%N)
for _ in $(seq 20); do "$tmp/empty"; done
empty_us=$(( ($(date +%s%N) - t0) / 20000 ))
{ date -u; echo "$(nproc) CPUs; $(uptime)"; echo "an empty Go program starts and exits in ${empty_us} µs (mean of 20)"; } | sed 's/^/# /'
echo
echo "| round | build | cold p50 | cold p95 | sidecar_spawn | session_open | runtime_mount_wasm | first_exec |"
echo "|---|---|---|---|---|---|---|---|"
for r in $(seq "$rounds"); do
  for v in before after after-off; do
    case $v in
      before) out=$(measure "$tmp/before") ;;
      after) out=$(measure "$tmp/after" --sandbox auto) ;;
      after-off) out=$(measure "$tmp/after" --sandbox off) ;;
    esac
    echo "$v $out" >> "$tmp/all.txt"
    echo "| $r | $v | ${out// / | } |"
  done
  echo "round $r of $rounds done" >&2
done
echo
echo "Median over $rounds rounds of each run's p50 (ms), $batch sequential owned jobs per run:"
echo
echo "| build | cold p50 | cold p95 | sidecar_spawn | session_open | runtime_mount_wasm | first_exec |"
echo "|---|---|---|---|---|---|---|"
for v in before after after-off; do
  printf '| %s |' "$v"
  for col in 2 3 4 5 6 7; do
    awk -v v="$v" -v c="$col" '$1 == v {print $c}' "$tmp/all.txt" | sort -n |
      awk '{a[NR]=$1} END {printf " %s |", a[int((NR+1)/2)]}'
  done
  echo
done
