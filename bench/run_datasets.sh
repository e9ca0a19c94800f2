#!/usr/bin/env bash
# Dataset benchmark (issue 5): N generated spans (default 1000000) imported into the engine in
# headless Chromium's worker, then, through the client, the 10k eval dataset, the training dataset
# excluding it (cheap checks, then every check including near-duplicates) and the training set's
# exports in each format (bench/datasets_chromium.mjs). Prints its JSON line and keeps it in
# bench/out/datasets-results/datasets-N-<UTC time>.json. Needs a build (scripts/build.sh).
# Usage: bash bench/run_datasets.sh [N] [--reps R] [more bench/datasets_chromium.mjs options]
set -euo pipefail
cd "$(dirname "$0")/.."
N=1000000
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  N=$1
  shift
fi
DATA=bench/out/spans-$N.jsonl
OUT_DIR=bench/out/datasets-results
mkdir -p "$OUT_DIR"
[ -f "$DATA" ] || node bench/generate.mjs --spans "$N" --seed 42 --out "$DATA"
echo "data: $DATA ($(stat -c %s "$DATA") bytes); $(uptime)" >&2
OUT=$OUT_DIR/datasets-$N-$(date -u +%Y%m%dT%H%M%SZ).json
node bench/datasets_chromium.mjs --spans-file "$DATA" "$@" | tee "$OUT"
echo "saved $OUT" >&2
