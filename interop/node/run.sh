#!/usr/bin/env bash
# Interop with Node's `ws` (pinned in package.json, installed into this folder):
#  1. bin/testee server answers a Node ws client (client-check.js);
#  2. bin/wscat -x against a Node ws echo server prints the echo.
# Loopback only; every process started here is stopped by PID on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if [ ! -d node_modules/ws ]; then
  npm install --no-audit --no-fund --loglevel=error >&2
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# Waits for a line matching $2 in file $1 and prints the port number at its end.
port_from() {
  for _ in $(seq 1 100); do
    if line=$(grep -m1 -E "$2" "$1" 2>/dev/null); then echo "${line##*:}" | grep -oE '[0-9]+$'; return 0; fi
    sleep 0.1
  done
  echo "no '$2' in $1:" >&2; cat "$1" >&2; return 1
}

logs="$(mktemp -d)"
"$root/bin/testee" server --port 0 2> "$logs/testee.log" &
pids+=($!)
testee_port=$(port_from "$logs/testee.log" 'listening on')
node client-check.js "ws://127.0.0.1:$testee_port/"

node echo-server.js 0 > "$logs/node.log" &
pids+=($!)
node_port=$(port_from "$logs/node.log" '^listening')
out=$("$root/bin/wscat" -c "ws://127.0.0.1:$node_port" -x hello -w 1 < /dev/null)
if [ "$out" != "hello" ]; then
  echo "wscat against Node ws: expected 'hello', got '$out'" >&2
  exit 1
fi
echo "wscat -x against Node ws echo server: ok"
rm -rf "$logs"
