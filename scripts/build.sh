#!/usr/bin/env bash
# Builds everything: native engine (tests, constants generator), the wasm module and its tests,
# the TypeScript package (dist/, and the npm package in dist/npm) and the web app (dist/app).
# Run scripts/setup.sh first. The benchmarks are built on request (bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc -O2 links need acorn from Debian's node modules

step() { echo "build: $*" >&2; }

step "native engine (cmake --preset native-release)"
[ -f build/native-release/build.ninja ] || cmake --preset native-release >/dev/null
cmake --build --preset native-release

step "shared constants -> worker/src/generated/constants.ts"
mkdir -p worker/src/generated
build/native-release/tools/gen_constants > worker/src/generated/constants.ts.tmp
mv worker/src/generated/constants.ts.tmp worker/src/generated/constants.ts

step "wasm engine (cmake --preset wasm-release)"
[ -f build/wasm-release/build.ninja ] || cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release

step "wasm module -> wasm/ and dist/wasm/"
for dir in wasm dist/wasm; do
  mkdir -p "$dir"
  cp build/wasm-release/bindings/tracesift_engine.mjs build/wasm-release/bindings/tracesift_engine.wasm "$dir/"
  cp bindings/tracesift_engine.d.mts "$dir/"
done

step "TypeScript (tsc) -> dist/"
npx tsc -p tsconfig.json
chmod +x dist/cli/tracesift.js

step "npm package -> dist/npm (scripts/package.mjs)"
node scripts/package.mjs

step "sample traces -> web/app/public/samples/sample-traces.jsonl"
mkdir -p web/app/public/samples
node bench/generate.mjs --spans 1000 --seed 42 --out web/app/public/samples/sample-traces.jsonl

if [ -f web/app/vite.config.ts ]; then
  step "web app (vite build) -> dist/app"
  npx vite build --config web/app/vite.config.ts --logLevel warn
fi
