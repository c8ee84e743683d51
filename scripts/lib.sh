# shellcheck shell=bash
# Shared by scripts/fleet.sh and scripts/jaeger-check.sh: the binaries they
# need (built once from the Go module cache and kept under $NATSEXEC_BIN),
# Jaeger on loopback, and process bookkeeping under a run directory.

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NATSEXEC_BIN=${NATSEXEC_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/natsexec/bin}
JAEGER_VERSION=${JAEGER_VERSION:-v1.76.0} # the Go module version; Jaeger v2.13.0

# Jaeger's ports (loopback only). The defaults are Jaeger's own, so the UI
# and OTLP endpoints are where every guide says they are.
JAEGER_OTLP_GRPC_PORT=${JAEGER_OTLP_GRPC_PORT:-4317}
JAEGER_OTLP_HTTP_PORT=${JAEGER_OTLP_HTTP_PORT:-4318}
JAEGER_UI_PORT=${JAEGER_UI_PORT:-16686}
JAEGER_QUERY_GRPC_PORT=${JAEGER_QUERY_GRPC_PORT:-16685}
JAEGER_HEALTH_PORT=${JAEGER_HEALTH_PORT:-13133}
JAEGER_URL="http://127.0.0.1:$JAEGER_UI_PORT"
# What Jaeger serves in place of its UI (a source build embeds only a
# placeholder page): our trace viewer over the same query API.
JAEGER_UI_ASSETS=${JAEGER_UI_ASSETS:-$REPO/docs/trace-view}

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# modver MODULE: the version go.mod requires.
modver() { (cd "$REPO" && go list -m -f '{{.Version}}' "$1"); }

# moddir MODULE@VERSION: its directory in the module cache (downloaded if
# missing).
moddir() { go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'; }

# ensure_nats_server: the nats-server of the version go.mod embeds, built
# once. `go install ...@version` works for it (no replace directives).
ensure_nats_server() {
  local v; v=$(modver github.com/nats-io/nats-server/v2)
  NATS_SERVER="$NATSEXEC_BIN/nats-server-$v"
  [ -x "$NATS_SERVER" ] && return
  log "building nats-server $v into $NATSEXEC_BIN (once; about a minute)"
  mkdir -p "$NATSEXEC_BIN"
  local tmp; tmp=$(mktemp -d)
  (cd "$REPO" && GOBIN="$tmp" CGO_ENABLED=0 go install -trimpath "github.com/nats-io/nats-server/v2@$v") ||
    die "go install nats-server@$v failed"
  mv "$tmp/nats-server" "$NATS_SERVER" && rmdir "$tmp"
}

# ensure_jaeger: Jaeger v2 built from its module (go install refuses it:
# its go.mod has replace directives), once: about 4 minutes on 2 cores.
ensure_jaeger() {
  JAEGER="$NATSEXEC_BIN/jaeger-$JAEGER_VERSION"
  [ -x "$JAEGER" ] && return
  log "building Jaeger ($JAEGER_VERSION) into $NATSEXEC_BIN (once; about 4 minutes)"
  mkdir -p "$NATSEXEC_BIN"
  local dir; dir=$(moddir "github.com/jaegertracing/jaeger@$JAEGER_VERSION")
  [ -n "$dir" ] || die "go mod download jaeger@$JAEGER_VERSION failed"
  (cd "$dir" && CGO_ENABLED=0 go build -trimpath -o "$JAEGER.tmp" ./cmd/jaeger) || die "building Jaeger failed"
  mv "$JAEGER.tmp" "$JAEGER"
}

# alive PIDFILE: the process it names is running.
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_http URL SECONDS [PIDFILE]: until URL answers 2xx; gives up early
# if the process of PIDFILE is gone.
wait_http() {
  local i
  for ((i = 0; i < $2 * 5; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! alive "$3"; then return 1; fi
    sleep 0.2
  done
  return 1
}

# port_free PORT NAME VAR: dies naming VAR if something listens on PORT.
port_free() {
  if ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; then
    die "$2: port 127.0.0.1:$1 is in use (set $3 to move it)"
  fi
}

# start NAME PIDFILE LOGFILE CMD...: starts CMD in a session of its own
# (so stop can reach its children), its output to LOGFILE.
start() {
  local name=$1 pidfile=$2 logfile=$3; shift 3
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$pidfile"
}

# stop NAME PIDFILE GRACE: SIGTERM to the process (a worker drains on it),
# SIGKILL to its session after GRACE seconds or once it is gone (sidecars
# die with their worker anyway; this catches strays).
stop() {
  local name=$1 pidfile=$2 grace=$3 pid i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 5; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pidfile"
}

# jaeger_up RUNDIR: Jaeger on loopback, unless one already answers on
# $JAEGER_URL (then it is used as is). Sets JAEGER_STARTED=1 if the Jaeger
# running is ours (its pid in RUNDIR/jaeger.pid).
jaeger_up() {
  local run=$1
  JAEGER_STARTED=0
  if alive "$run/jaeger.pid"; then
    log "jaeger: already running (pid $(cat "$run/jaeger.pid")), UI/API $JAEGER_URL"
    JAEGER_STARTED=1
    return
  fi
  rm -f "$run/jaeger.pid"
  if curl -fsS -o /dev/null --max-time 1 "$JAEGER_URL/api/services" 2>/dev/null; then
    log "jaeger: already answering on $JAEGER_URL"
    return
  fi
  ensure_jaeger
  port_free "$JAEGER_UI_PORT" jaeger JAEGER_UI_PORT
  port_free "$JAEGER_OTLP_GRPC_PORT" jaeger JAEGER_OTLP_GRPC_PORT
  port_free "$JAEGER_OTLP_HTTP_PORT" jaeger JAEGER_OTLP_HTTP_PORT
  port_free "$JAEGER_HEALTH_PORT" jaeger JAEGER_HEALTH_PORT
  port_free "$JAEGER_QUERY_GRPC_PORT" jaeger JAEGER_QUERY_GRPC_PORT
  mkdir -p "$run"
  cat >"$run/jaeger.yaml" <<EOF
# Jaeger v2 all-in-one, loopback only: OTLP in, memory storage, query API.
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    resource:
      service.name: jaeger
    metrics:
      level: none
extensions:
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:$JAEGER_UI_PORT
    grpc:
      endpoint: 127.0.0.1:$JAEGER_QUERY_GRPC_PORT
    ui:
      assets_path: $JAEGER_UI_ASSETS
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:$JAEGER_HEALTH_PORT
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$JAEGER_OTLP_GRPC_PORT
      http:
        endpoint: 127.0.0.1:$JAEGER_OTLP_HTTP_PORT
processors:
  batch:
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
EOF
  start jaeger "$run/jaeger.pid" "$run/jaeger.log" "$JAEGER" --config "$run/jaeger.yaml"
  wait_http "$JAEGER_URL/api/services" 60 "$run/jaeger.pid" || die "jaeger did not answer on $JAEGER_URL (log: $run/jaeger.log)"
  JAEGER_STARTED=1
  log "jaeger: started (pid $(cat "$run/jaeger.pid")), API $JAEGER_URL/api, trace viewer $JAEGER_URL, OTLP grpc 127.0.0.1:$JAEGER_OTLP_GRPC_PORT http 127.0.0.1:$JAEGER_OTLP_HTTP_PORT"
}
