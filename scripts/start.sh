#!/usr/bin/env bash
# Sets up, builds, and serves the app with the sample traces on http://127.0.0.1:4173
# (PORT=NNNN to change it). Everything runs in the browser; the server only hands out files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
PORT=${PORT:-4173}
echo "tracesift: open http://127.0.0.1:$PORT/" >&2
exec npx vite preview --config web/app/vite.config.ts --host 127.0.0.1 --port "$PORT" --strictPort
