#!/usr/bin/env bash
# seccomp-profile.sh: re-derive the system calls a serving sidecar makes
# once its seccomp filter is installed, and compare them with the allow-list
# in worker/sidecar/seccomp_linux.go (and seccomp_linux_<arch>.go).
#
#   scripts/seccomp-profile.sh           # every package that spawns sidecars
#   QUICK=1 scripts/seccomp-profile.sh   # ./worker/sidecar and ./worker/placement only
#
# It builds each package's tests as a race binary (the race detector's
# runtime makes calls of its own, and tests run with it), runs the binary
# from its package directory under `strace -f`, one trace file per package,
# then analyses the traces with scripts/seccompprofile and writes a Markdown
# report. Skipped tests: TestEscapeProbesAreRefused (its probes make
# forbidden calls on purpose) and TestHungSidecar* (it stops a sidecar with
# SIGSTOP, which a traced process misreads). A failing test is reported and
# the run goes on: its trace still counts.
#
# strace runs with --pidns-translation: sidecars live in their own PID
# namespace, so the thread ids their clone calls return mean nothing to the
# tracer without it.
#
# Environment:
#   QUICK=1                 only the two worker packages (a few minutes)
#   SECCOMP_PROFILE_DIR     binaries, traces, logs and report.md [a new /tmp/seccomp-profile.*]
#
# Exit status is the analyser's: 0 if every observed call is allowed, 1 if
# not (or a sidecar died of SIGSYS), 2 if the traces could not be analysed.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '%s\n' "$*" >&2; }

if ! command -v strace >/dev/null; then
  log "error: strace is needed: apt-get install strace"
  exit 2
fi
if ! strace -f -qq --pidns-translation -o /dev/null true 2>/dev/null; then
  log "error: strace cannot trace here (ptrace refused?) or is older than 5.9 (no --pidns-translation)"
  exit 2
fi

pkgs=(./worker/sidecar ./worker/placement ./worker ./client ./cmd/submit ./bench)
if [ "${QUICK:-}" = 1 ]; then
  pkgs=(./worker/sidecar ./worker/placement)
fi
out=${SECCOMP_PROFILE_DIR:-$(mktemp -d /tmp/seccomp-profile.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/*.trace # a trace from an earlier run would be analysed too

failed=()
for pkg in "${pkgs[@]}"; do
  name=${pkg#./}
  name=${name//\//-}
  log "== $pkg: building"
  go test -race -c -o "$out/$name.test" "$pkg"
  log "== $pkg: running under strace (log: $out/$name.log)"
  if (cd "$pkg" && strace -f -qq -ttt -s 200 --pidns-translation -o "$out/$name.trace" \
    "$out/$name.test" -test.timeout 15m -test.skip 'TestEscapeProbesAreRefused|TestHungSidecar' \
    >"$out/$name.log" 2>&1); then
    log "   ok"
  else
    log "   FAILED (exit $?): see $out/$name.log"
    failed+=("$pkg")
  fi
done

log "== analysing"
status=0
go run ./scripts/seccompprofile "$out"/*.trace >"$out/report.md" || status=$?
{
  printf '\n## Test runs\n\n'
  printf -- '- packages: %s\n' "${pkgs[*]}"
  printf -- '- failed: %s\n' "${failed[*]:-none}"
} >>"$out/report.md"
if [ ${#failed[@]} -gt 0 ]; then
  log "tests failed in: ${failed[*]} (their traces were analysed all the same)"
fi
log "report: $out/report.md (analyser exit $status)"
exit "$status"
