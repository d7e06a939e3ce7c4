#!/usr/bin/env bash
# Interop with Node's `ws` (pinned in package.json, installed into this folder):
#  1. bin/testee server answers a Node ws client: without compression (client-check.js), then with
#     permessage-deflate in several client configurations (deflate-client-check.js);
#  2. bin/wscat -x against a Node ws echo server prints the echo: without compression
#     (echo-server.js), then with permessage-deflate in several server configurations, one path
#     each (deflate-echo-server.js judges what arrived and prints one verdict line per connection);
#  3. the same over a Unix domain socket (ws+unix: URLs): the Node ws client against
#     `bin/testee server --unix`, and bin/wscat against echo-server.js listening on a path;
#  4. over TLS: the Node ws client against `bin/testee server --tls-cert/--tls-key` (wss://, Node
#     trusting the core's test CA), with and without permessage-deflate; bin/wscat against a Node ws
#     https server (tls-echo-server.js) with --ca, with -n, refused without either, and with a client
#     certificate (--cert/--key) the server requires.
# Loopback and a temporary directory only; every process started here is stopped by PID on exit.
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

# Waits (up to 10 s) for a line matching $2 in file $1 and prints it.
line_from() {
  for _ in $(seq 1 100); do
    if grep -m1 -E "$2" "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no '$2' in $1:" >&2; cat "$1" >&2; return 1
}

# Waits for a line matching $2 in file $1 and prints the port number at its end.
port_from() {
  local line
  line=$(line_from "$1" "$2")
  echo "${line##*:}" | grep -oE '[0-9]+$'
}

logs="$(mktemp -d)"
"$root/bin/testee" server --port 0 2> "$logs/testee.log" &
pids+=($!)
testee_port=$(port_from "$logs/testee.log" 'listening on')
node client-check.js "ws://127.0.0.1:$testee_port/"
node deflate-client-check.js "ws://127.0.0.1:$testee_port/"

node echo-server.js 0 > "$logs/node.log" &
pids+=($!)
node_port=$(port_from "$logs/node.log" '^listening')
out=$("$root/bin/wscat" -c "ws://127.0.0.1:$node_port" -x hello -w 1 < /dev/null)
if [ "$out" != "hello" ]; then
  echo "wscat against Node ws: expected 'hello', got '$out'" >&2
  exit 1
fi
echo "wscat -x against Node ws echo server: ok"

node deflate-echo-server.js 0 > "$logs/deflate-node.log" &
pids+=($!)
deflate_port=$(port_from "$logs/deflate-node.log" '^listening')
# Assignments first, so that a failure stops the script (set -e ignores it inside a here-string).
variants_line=$(line_from "$logs/deflate-node.log" '^variants ')
read -r -a variants <<< "${variants_line#variants }"
messages_text=$(node payloads.js)
mapfile -t messages <<< "$messages_text"
execute=()
for message in "${messages[@]}"; do execute+=("--execute=$message"); done
expected=$(printf '%s\n' "${messages[@]}")
for variant in "${variants[@]}"; do
  url="ws://127.0.0.1:$deflate_port/$variant"
  # --execute=: a message may start with '-'.
  if ! out=$("$root/bin/wscat" -c "$url" "${execute[@]}" -w 1 < /dev/null 2> "$logs/wscat.err"); then
    echo "wscat against Node ws ($variant) failed:" >&2; cat "$logs/wscat.err" >&2
    exit 1
  fi
  if [ "$out" != "$expected" ]; then
    echo "wscat against Node ws ($variant): echoes differ; expected lines of $(awk '{printf "%d ", length}' <<< "$expected")bytes," \
      "got $(awk '{printf "%d ", length}' <<< "$out")" >&2
    cat "$logs/wscat.err" >&2
    exit 1
  fi
  verdict=$(line_from "$logs/deflate-node.log" "^variant $variant: ")
  if [[ "$verdict" != "variant $variant: ok "* ]]; then
    echo "wscat against Node ws ($variant), Node's side: $verdict" >&2
    exit 1
  fi
  echo "wscat -x against Node ws echo server, permessage-deflate $variant: ${verdict#variant "$variant": }"
done
# 3. Over Unix domain sockets, in the temporary directory.
"$root/bin/testee" server --unix "$logs/testee.sock" 2> "$logs/testee-unix.log" &
pids+=($!)
line_from "$logs/testee-unix.log" 'listening on' > /dev/null
node client-check.js "ws+unix://$logs/testee.sock"

node echo-server.js "$logs/node.sock" > "$logs/node-unix.log" &
pids+=($!)
line_from "$logs/node-unix.log" '^listening' > /dev/null
out=$("$root/bin/wscat" -c "ws+unix://$logs/node.sock:/over-unix" -x hello -w 1 < /dev/null)
if [ "$out" != "hello" ]; then
  echo "wscat against Node ws over ws+unix: expected 'hello', got '$out'" >&2
  exit 1
fi
echo "wscat -x against Node ws echo server over ws+unix: ok"

# 4. Over TLS, with the core's test certificates (localhost, signed by the test CA).
tls="$root/core/src/test/resources/tls"
"$root/bin/testee" server --port 0 --tls-cert "$tls/server.pem" --tls-key "$tls/server-key.pem" \
  2> "$logs/testee-tls.log" &
pids+=($!)
tls_port=$(port_from "$logs/testee-tls.log" 'listening on')
NODE_EXTRA_CA_CERTS="$tls/ca.pem" node client-check.js "wss://localhost:$tls_port/"
NODE_EXTRA_CA_CERTS="$tls/ca.pem" node deflate-client-check.js "wss://localhost:$tls_port/"

expect_echo() { # expect_echo WHAT EXPECTED wscat-args...: bin/wscat -x hello must print EXPECTED
  local what="$1" expected="$2" out
  shift 2
  if ! out=$("$root/bin/wscat" "$@" -x hello -w 1 < /dev/null 2> "$logs/wscat-tls.err") || [ "$out" != "$expected" ]; then
    echo "wscat $what: expected '$expected', got '$out'" >&2; cat "$logs/wscat-tls.err" >&2; exit 1
  fi
  echo "wscat $what: ok"
}
node tls-echo-server.js "$tls/server.pem" "$tls/server-key.pem" > "$logs/node-tls.log" &
pids+=($!)
node_tls_port=$(port_from "$logs/node-tls.log" '^listening')
expect_echo "--ca against a Node ws https server" hello --ca "$tls/ca.pem" -c "wss://localhost:$node_tls_port"
expect_echo "-n against a Node ws https server" hello -n -c "wss://localhost:$node_tls_port"
if "$root/bin/wscat" -c "wss://localhost:$node_tls_port" -x hello -w 1 < /dev/null > "$logs/wscat-untrusted.out" 2>&1; then
  echo "wscat without --ca or -n connected to a server the JDK doesn't trust" >&2; exit 1
fi
if [ "$(grep -c '^error: ' "$logs/wscat-untrusted.out")" != 1 ]; then
  echo "wscat without --ca or -n: expected one 'error: ...' line, got:" >&2; cat "$logs/wscat-untrusted.out" >&2; exit 1
fi
echo "wscat refuses an untrusted Node ws https server with one error line: ok"
node tls-echo-server.js "$tls/server.pem" "$tls/server-key.pem" "$tls/ca.pem" > "$logs/node-mtls.log" &
pids+=($!)
node_mtls_port=$(port_from "$logs/node-mtls.log" '^listening')
expect_echo "--cert/--key against a Node ws https server requiring a client certificate" \
  "hello from jvmws test client" --ca "$tls/ca.pem" --cert "$tls/client.pem" --key "$tls/client-key.pem" \
  -c "wss://localhost:$node_mtls_port"
rm -rf "$logs"
