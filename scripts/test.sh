#!/usr/bin/env bash
# Runs the whole vitest suite (its global setup starts and stops a private redis-server on
# a free port), then prints one plain closing line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .firedrill
results=.firedrill/test-results.json
rm -f "$results" .firedrill/logs/test-*.log
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
rc=$?
if [ -f "$results" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
    if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
  ' "$results" || rc=1
fi
exit $rc
