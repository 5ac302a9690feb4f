#!/usr/bin/env bash
# npm test: set everything up, then run every unit, integration and e2e test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh test
node scripts/check-services.js

mkdir -p var
status=0
# One process at a time: the e2e suites run real browsers and mediasoup on a 2-core machine.
npx jest --ci --runInBand --json --outputFile=var/jest-results.json "$@" || status=$?
node -e '
  const r = require("./var/jest-results.json");
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
