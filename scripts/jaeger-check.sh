#!/usr/bin/env bash
# jaeger-check.sh: natsexec's traces checked in a real Jaeger.
#
#   scripts/jaeger-check.sh          # start Jaeger if none answers, check, stop what it started
#   scripts/jaeger-check.sh --keep   # leave Jaeger running to look at the traces
#
# Jaeger v2 is built once from the Go module cache (about 4 minutes; see
# scripts/lib.sh) and runs on loopback: OTLP 127.0.0.1:4317, query API and
# UI on 127.0.0.1:16686 (JAEGER_*_PORT to move them). The check itself is
# the opt-in Go test deploy.TestJaegerTraces: it builds the worker and
# submit, runs a worker (embedded NATS on a free port) exporting to Jaeger,
# submits owned, shared and resident jobs and a `submit bench` batch with
# the submit binary, reads the traces back through /api/traces and asserts
# the span names, the parent links across NATS and the attributes. It
# prints a summary and exits non-zero on any miss. The trace ids found go
# to $JAEGER_CHECK_OUT (default $RUN/traces.json).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=${JAEGER_CHECK_RUN_DIR:-/tmp/natsexec-jaeger}
keep=0
case "${1:-}" in
  --keep) keep=1 ;;
  "") ;;
  *) echo "usage: $0 [--keep]" >&2; exit 2 ;;
esac

jaeger_up "$RUN"
cleanup() {
  if [ "$keep" = 0 ] && [ "$JAEGER_STARTED" = 1 ]; then stop jaeger "$RUN/jaeger.pid" 5; fi
}
trap cleanup EXIT

out=${JAEGER_CHECK_OUT:-$RUN/traces.json}
cd "$REPO"
NATSEXEC_JAEGER=1 NATSEXEC_JAEGER_URL="$JAEGER_URL" \
  NATSEXEC_JAEGER_OTLP="http://127.0.0.1:$JAEGER_OTLP_GRPC_PORT" NATSEXEC_JAEGER_OUT="$out" \
  go test ./deploy -run '^TestJaegerTraces$' -count=1 -v
log "trace ids: $out"
[ "$keep" = 1 ] && log "Jaeger left running: $JAEGER_URL (stop: kill \$(cat $RUN/jaeger.pid))"
exit 0
