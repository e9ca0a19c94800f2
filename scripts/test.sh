#!/usr/bin/env bash
# Sets up, builds, and runs every test: formatting, the Catch2 engine tests (native release,
# native ASan+UBSan, and the same tests compiled to wasm under node), the node tests of the
# module and the CLI, the end-to-end tests in headless Chromium, and the pack tests (the npm tarball
# installed offline into fresh node and Vite projects). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/tests/out"
export NODE_PATH=/usr/share/nodejs

bash scripts/setup.sh || exit 1
bash scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT"
stage() {  # stage NAME COMMAND... : runs a stage, records its exit status
  local name=$1
  shift
  echo "=== $name" >&2
  "$@"
  echo "$name $?" >>"$OUT/stages.txt"
}

stage format-prettier npx prettier --check --log-level warn .
stage format-clang bash scripts/clang-format.sh
stage typecheck-tests npx tsc -p tests/tsconfig.json
stage engine-native ctest --preset native-release --output-junit "$OUT/engine-native.xml"
stage engine-asan-build bash -c '{ [ -f build/native-asan/build.ninja ] || cmake --preset native-asan >/dev/null; } && cmake --build --preset native-asan'
stage engine-asan ctest --preset native-asan --output-junit "$OUT/engine-asan.xml"
stage engine-wasm ctest --preset wasm-release --output-junit "$OUT/engine-wasm.xml"
stage node npx vitest run --config tests/node/vitest.config.ts --reporter=default --reporter=json \
  --outputFile.json="$OUT/node.json"
if [ -f tests/e2e/vitest.config.ts ]; then
  stage e2e npx vitest run --config tests/e2e/vitest.config.ts --reporter=default --reporter=json \
    --outputFile.json="$OUT/e2e.json"
fi

if [ -f tests/pack/vitest.config.ts ]; then
  stage pack npx vitest run --config tests/pack/vitest.config.ts --reporter=default --reporter=json \
    --outputFile.json="$OUT/pack.json"
fi

node scripts/summarize.mjs "$OUT"
