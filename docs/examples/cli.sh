#!/usr/bin/env bash
# The same work as node.mjs through the `tracesift` command (the package's bin), on its own
# database file. Prints the dataset's report (one JSON object) last.
#
#   npm install tracesift
#   bash cli.sh TRACES.jsonl [DB_FILE] [OUT_FILE]
set -euo pipefail
traces=${1:?usage: bash cli.sh TRACES.jsonl [DB_FILE] [OUT_FILE]}
db=${2:-cli.db}
out=${3:-openai-eval.jsonl}
query='kind:llm_call provider:openai'

npx tracesift import "$traces" --db "$db" >&2
npx tracesift count --db "$db" --query "$query" >&2
npx tracesift spans --db "$db" --query "$query" --sort cost --order desc --limit 3 >&2
npx tracesift datasets delete openai-eval --db "$db" >/dev/null 2>&1 || true
report=$(npx tracesift datasets create --db "$db" --type eval --name openai-eval --query "$query" --limit 100 --seed 1)
npx tracesift export --db "$db" --dataset openai-eval --format jsonl --out "$out" >&2
echo "$report"
