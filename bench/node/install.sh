#!/usr/bin/env bash
# Installs the Node peers' pinned packages (package-lock.json) into bench/node/node_modules, once.
# bufferutil and utf-8-validate ship prebuilt linux-x64 binaries, so no compiler is needed.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
