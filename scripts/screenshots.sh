#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/screenshots/): runs the end-to-end tests that take them
# with TRACESIFT_SCREENSHOTS pointing there. The test command itself saves its screenshots under
# tests/out/screenshots and never rewrites tracked files. Run after `bash scripts/build.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
export TRACESIFT_SCREENSHOTS="$PWD/docs/screenshots"
npx vitest run --config tests/e2e/vitest.config.ts \
  tests/e2e/shell.e2e.test.ts tests/e2e/inferences.e2e.test.ts tests/e2e/import.e2e.test.ts \
  tests/e2e/datasets.e2e.test.ts tests/e2e/rules.e2e.test.ts tests/e2e/review.e2e.test.ts
git status --short docs/screenshots
