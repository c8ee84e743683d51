#!/usr/bin/env bash
# fleet.sh: compose.yaml's cluster topology as plain processes on loopback.
#
#   scripts/fleet.sh up       # 3-node NATS cluster, Jaeger, 3 workers
#   scripts/fleet.sh status   # what runs, where, healthy or not
#   scripts/fleet.sh env      # eval "$(scripts/fleet.sh env)": NATS_URL and OTEL_* for submit
#   scripts/fleet.sh down     # workers drain, then NATS and Jaeger stop
#
# Everything binds 127.0.0.1. `up` is idempotent: what already runs is left
# alone, what is missing is started. nats-server (the version go.mod embeds)
# and Jaeger are built once from the Go module cache into
# ~/.cache/natsexec/bin; the worker and submit are built from this tree on
# every `up` (incremental).
#
# Environment (defaults in brackets):
#   FLEET_RUN_DIR      PIDs, logs, NATS stores, worker data [/tmp/natsexec-fleet]
#   FLEET_WORKERS      number of workers [3]
#   FLEET_NATS_PORT    client port of node 1; nodes 2, 3 take the next ones [24222]
#   FLEET_ROUTE_PORT   cluster (route) port of node 1 [26222]
#   FLEET_HTTP_PORT    monitoring port of node 1 [28222]
#   FLEET_METRICS_PORT worker 1's metrics port; the others the next ones [29464]
#   JAEGER_UI_PORT, JAEGER_OTLP_GRPC_PORT, JAEGER_OTLP_HTTP_PORT,
#   JAEGER_HEALTH_PORT, JAEGER_QUERY_GRPC_PORT  [16686, 4317, 4318, 13133, 16685]
# A Jaeger already answering on JAEGER_UI_PORT is used, not restarted.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

RUN=${FLEET_RUN_DIR:-/tmp/natsexec-fleet}
WORKERS=${FLEET_WORKERS:-3}
NATS_PORT=${FLEET_NATS_PORT:-24222}
ROUTE_PORT=${FLEET_ROUTE_PORT:-26222}
HTTP_PORT=${FLEET_HTTP_PORT:-28222}
METRICS_PORT=${FLEET_METRICS_PORT:-29464}
NODES=3

nats_url() {
  local i urls=()
  for ((i = 0; i < NODES; i++)); do urls+=("nats://127.0.0.1:$((NATS_PORT + i))"); done
  (IFS=,; echo "${urls[*]}")
}

# The same variables compose.yaml gives the worker and submit services.
otel_env() {
  echo "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$JAEGER_OTLP_GRPC_PORT"
  echo "OTEL_EXPORTER_OTLP_PROTOCOL=grpc"
}

nats_up() {
  ensure_nats_server
  local i name routes=()
  for ((i = 0; i < NODES; i++)); do routes+=("nats://127.0.0.1:$((ROUTE_PORT + i))"); done
  for ((i = 0; i < NODES; i++)); do
    name=nats-$((i + 1))
    if alive "$RUN/$name.pid"; then
      log "$name: already running (pid $(cat "$RUN/$name.pid"))"
      continue
    fi
    port_free $((NATS_PORT + i)) "$name" FLEET_NATS_PORT
    port_free $((ROUTE_PORT + i)) "$name" FLEET_ROUTE_PORT
    port_free $((HTTP_PORT + i)) "$name" FLEET_HTTP_PORT
    mkdir -p "$RUN/$name"
    cat >"$RUN/$name.conf" <<EOF
server_name: $name
listen: 127.0.0.1:$((NATS_PORT + i))
http: 127.0.0.1:$((HTTP_PORT + i))
jetstream {
  store_dir: "$RUN/$name"
}
cluster {
  name: natsexec
  listen: 127.0.0.1:$((ROUTE_PORT + i))
  routes: [$(IFS=,; echo "${routes[*]}")]
}
EOF
    start "$name" "$RUN/$name.pid" "$RUN/$name.log" "$NATS_SERVER" -c "$RUN/$name.conf"
    log "$name: started (pid $(cat "$RUN/$name.pid")), client 127.0.0.1:$((NATS_PORT + i)), routes 127.0.0.1:$((ROUTE_PORT + i)), monitoring http://127.0.0.1:$((HTTP_PORT + i))"
  done
  for ((i = 0; i < NODES; i++)); do
    wait_http "http://127.0.0.1:$((HTTP_PORT + i))/healthz?js-enabled-only=true" 30 "$RUN/nats-$((i + 1)).pid" ||
      die "nats-$((i + 1)) not healthy (log: $RUN/nats-$((i + 1)).log)"
  done
  # Workers create replicated streams: wait for the JetStream meta leader.
  for ((i = 0; i < NODES; i++)); do
    wait_http "http://127.0.0.1:$((HTTP_PORT + i))/healthz" 30 "$RUN/nats-$((i + 1)).pid" ||
      die "nats-$((i + 1)): JetStream cluster not ready (log: $RUN/nats-$((i + 1)).log)"
  done
}

build() {
  mkdir -p "$RUN/bin"
  log "building worker and submit from $REPO"
  (cd "$REPO" && go build -o "$RUN/bin/worker" ./cmd/worker && go build -o "$RUN/bin/submit" ./cmd/submit)
}

# start_worker I: starts worker-I with compose's worker environment.
start_worker() {
  local i=$1 name=worker-$1
  mkdir -p "$RUN/$name"
  # shellcheck disable=SC2046
  start "$name" "$RUN/$name.pid" "$RUN/$name.log" env \
    NATS_URL="$(nats_url)" OTEL_SERVICE_NAME=natsexec-worker $(otel_env) \
    "$RUN/bin/worker" --name "fleet-$name" --replicas "$NODES" --data-dir "$RUN/$name" \
    --metrics-addr "127.0.0.1:$((METRICS_PORT + i - 1))"
}

workers_up() {
  local i name try
  for ((i = 1; i <= WORKERS; i++)); do
    name=worker-$i
    if alive "$RUN/$name.pid"; then
      log "$name: already running (pid $(cat "$RUN/$name.pid"))"
      continue
    fi
    port_free $((METRICS_PORT + i - 1)) "$name" FLEET_METRICS_PORT
    start_worker "$i"
    log "$name: started (pid $(cat "$RUN/$name.pid")), metrics http://127.0.0.1:$((METRICS_PORT + i - 1))/metrics"
  done
  # Like compose's restart policy: a worker that exits while starting is
  # started again. On a fresh cluster the first creation of a replicated
  # stream can outlast the worker's 5s JetStream API timeout.
  for ((i = 1; i <= WORKERS; i++)); do
    for ((try = 1; ; try++)); do
      wait_http "http://127.0.0.1:$((METRICS_PORT + i - 1))/healthz" 60 "$RUN/worker-$i.pid" && break
      [ "$try" -lt 5 ] || die "worker-$i not ready (log: $RUN/worker-$i.log)"
      log "worker-$i exited while starting: $(grep 'level=ERROR' "$RUN/worker-$i.log" | tail -n 1 | grep -o 'err=.*'); starting it again ($((try + 1))/5)"
      sleep 1
      start_worker "$i"
    done
  done
}

cmd_up() {
  mkdir -p "$RUN"
  jaeger_up "$RUN"
  nats_up
  build
  workers_up
  log ""
  log "fleet up (run dir $RUN). Submit a job:"
  log "  eval \"\$(scripts/fleet.sh env)\"; echo 'console.log(1+1)' | $RUN/bin/submit run --runtime js -"
  log "Traces: $JAEGER_URL/api/traces?service=natsexec-worker (scripts/jaeger-check.sh shows them)"
}

cmd_down() {
  local i f
  # Workers first, all at once: SIGTERM drains them (running jobs finish,
  # 30s at most).
  for f in "$RUN"/worker-*.pid; do
    [ -f "$f" ] || continue
    stop "$(basename "$f" .pid)" "$f" 35 &
  done
  wait
  for ((i = 1; i <= NODES; i++)); do stop "nats-$i" "$RUN/nats-$i.pid" 10; done
  # Jaeger only if this fleet started it.
  stop jaeger "$RUN/jaeger.pid" 5
  log "fleet down (logs and stores kept in $RUN)"
}

status_line() { # NAME PIDFILE HEALTH-URL DETAIL
  local state=stopped pid=-
  if alive "$2"; then
    pid=$(cat "$2")
    state=running
    if curl -fsS -o /dev/null --max-time 1 "$3" 2>/dev/null; then state="running, healthy"; else state="running, NOT healthy"; fi
  fi
  printf '%-10s %-8s %-22s %s\n' "$1" "$pid" "$state" "$4"
}

cmd_status() {
  local i
  printf '%-10s %-8s %-22s %s\n' NAME PID STATE ENDPOINT
  if [ -f "$RUN/jaeger.pid" ]; then
    status_line jaeger "$RUN/jaeger.pid" "$JAEGER_URL/api/services" "$JAEGER_URL, OTLP 127.0.0.1:$JAEGER_OTLP_GRPC_PORT"
  elif curl -fsS -o /dev/null --max-time 1 "$JAEGER_URL/api/services" 2>/dev/null; then
    printf '%-10s %-8s %-22s %s\n' jaeger - "external, healthy" "$JAEGER_URL"
  else
    printf '%-10s %-8s %-22s %s\n' jaeger - stopped "$JAEGER_URL"
  fi
  for ((i = 0; i < NODES; i++)); do
    status_line "nats-$((i + 1))" "$RUN/nats-$((i + 1)).pid" "http://127.0.0.1:$((HTTP_PORT + i))/healthz" \
      "nats://127.0.0.1:$((NATS_PORT + i))"
  done
  for ((i = 1; i <= WORKERS; i++)); do
    status_line "worker-$i" "$RUN/worker-$i.pid" "http://127.0.0.1:$((METRICS_PORT + i - 1))/healthz" \
      "metrics 127.0.0.1:$((METRICS_PORT + i - 1))"
  done
  echo "run dir: $RUN"
}

cmd_env() {
  echo "export NATS_URL=$(nats_url)"
  echo "export OTEL_SERVICE_NAME=natsexec-submit"
  otel_env | sed 's/^/export /'
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|status|env" >&2; exit 2 ;;
esac
