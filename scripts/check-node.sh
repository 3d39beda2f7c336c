#!/usr/bin/env bash
# Fails early, with the fix, when Node.js is missing or older than package.json's engines.
set -euo pipefail
if ! command -v node >/dev/null 2>&1; then
  echo "firedrill: Node.js >= 20.18 is required and 'node' is not on PATH (https://nodejs.org, or your package manager)." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=18)?0:1)'; then
  echo "firedrill: Node.js >= 20.18 is required; this is $(node --version). Upgrade Node.js and run make again." >&2
  exit 1
fi
