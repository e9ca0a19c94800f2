#!/usr/bin/env bash
# Query benchmark (issue 4): N generated spans (default 1000000), one after the other (never two
# at once on a 2-core machine):
#   1. the engine in headless Chromium's worker through the client: the query cases, then the
#      import with 0 vs 20 capture rules (bench/query_chromium.mjs);
#   2. the sql.js peer in Chromium's worker, same cases (bench/query_chromium.mjs --peer);
#   3. the sql.js peer under node (bench/peers/query_sqljs_node.mjs).
# Prints one JSON line per run (also kept in bench/out/query-N-*.json) and checks that the engine
# and the peers count the same rows for every case. Needs a build (scripts/build.sh).
# Usage: bash bench/run_query.sh [N] [--reps R] [--skip-node-peer]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
shift || true
REPS=11
NODE_PEER=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) REPS=$2; shift 2 ;;
    --skip-node-peer) NODE_PEER=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
DATA=bench/out/spans-$N.jsonl
mkdir -p bench/out
[ -f "$DATA" ] || node bench/generate.mjs --spans "$N" --seed 42 --out "$DATA"
echo "data: $DATA ($(stat -c %s "$DATA") bytes); $(uptime)" >&2

OUT=bench/out/query-$N
FILES=("$OUT-engine-chromium.json" "$OUT-peer-chromium.json")
node bench/query_chromium.mjs --spans-file "$DATA" --reps "$REPS" --rules 20 --import-reps 3 | tee "${FILES[0]}"
node bench/query_chromium.mjs --spans-file "$DATA" --reps "$REPS" --peer | tee "${FILES[1]}"
if [ "$NODE_PEER" = 1 ]; then
  FILES+=("$OUT-peer-node.json")
  node bench/peers/query_sqljs_node.mjs "$DATA" --reps "$REPS" | tee "${FILES[2]}"
fi

# Same rows everywhere: a latency is only comparable if both sides answer the same question.
node --input-type=module - "${FILES[@]}" <<'EOF'
import { readFileSync } from 'node:fs';
const runs = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const [ref, ...others] = runs;
let bad = 0;
for (const run of others) {
  for (const [id, c] of Object.entries(ref.cases ?? {})) {
    const o = run.cases?.[id];
    if (o && c.rows !== o.rows) {
      console.error(`rows differ for ${id}: ${ref.runtime} ${c.rows}, ${run.runtime} ${o.rows}`);
      bad++;
    }
  }
}
const line = (r) =>
  `${r.runtime.padEnd(30)} ` +
  Object.entries(r.overall ?? {})
    .map(([op, o]) => `${op} p50 ${o.p50} p95 ${o.p95} ms (${o.cases_meeting_goal}/${o.cases} <= ${o.goal_ms})`)
    .join('; ');
console.error(runs.map(line).join('\n'));
const ri = ref.rules_import;
if (ri) console.error(`import overhead of ${ri.rules} rules: ${ri.overhead_pct_min}% (min), ${ri.overhead_pct_mean}% (mean)`);
console.error(bad ? `${bad} row-count mismatches` : 'row counts agree across runtimes');
process.exit(bad ? 1 : 0);
EOF
