#!/usr/bin/env bash
# Import benchmark: N generated spans (default 100000) through the native twin, the wasm module
# under node, and the wasm module in headless Chromium's worker (in memory, then into OPFS).
# Prints one JSON line per runtime.
# Needs a build (scripts/build.sh). Usage: bash bench/run_import.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DATA=bench/out/spans-$N.jsonl
mkdir -p bench/out
[ -f "$DATA" ] || node bench/generate.mjs --spans "$N" --seed 42 --out "$DATA"
echo "data: $DATA ($(stat -c %s "$DATA") bytes)" >&2
cmake --build --preset native-bench >&2
build/native-release/bench/bench_import_native "$DATA"
node bench/import_node.mjs "$DATA"
node bench/import_chromium.mjs "$DATA"
node bench/import_chromium.mjs "$DATA" --storage opfs
