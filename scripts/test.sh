#!/usr/bin/env bash
# Sets up, builds, and runs every test: formatting, the Catch2 engine tests (native release,
# native ASan+UBSan, and the same tests compiled to wasm under node), a short run of each libFuzzer
# target, the node tests of the module and the CLI, the end-to-end tests in headless Chromium, and
# the pack tests (the npm tarball installed into fresh node and Vite projects). Ends with
# "N passed, N failed"; the exit code is non-zero exactly when that line counts a failure. Stage
# times (seconds, and CPU seconds of its processes) go to tests/out/stages.txt.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/tests/out"
export NODE_PATH=/usr/share/nodejs

rm -rf "$OUT" && mkdir -p "$OUT"
stage() { # stage NAME COMMAND... : runs a stage, records its exit status, seconds and CPU seconds
  local name=$1 start=$SECONDS TIMEFORMAT='%3U %3S' cpu code
  shift
  echo "=== $name" >&2
  # bash's `time` counts the CPU of the stage's processes (user and system, of the processes it
  # waited for); its report goes to a file, while the stage's own stderr stays where it was.
  { time "$@" 2>&4; } 4>&2 2>"$OUT/cpu.$name"
  code=$?
  cpu=$(awk '{ printf "%.0f", $1 + $2 }' "$OUT/cpu.$name") && rm -f "$OUT/cpu.$name"
  echo "$name $code $((SECONDS - start)) $cpu" >>"$OUT/stages.txt"
  return $code
}
finish() { node scripts/summarize.mjs "$OUT"; }

# Without the toolchain nothing else can run: the summary counts the failed stage.
stage setup bash scripts/setup.sh || { finish; exit 1; }

# The ASan+UBSan build and its tests run beside every other stage, the build included, in the idle
# scheduling class: they are all CPU, and get only what the others leave (the build's last links,
# and the node, browser and pack stages, which wait on processes, pages and the registry much of
# the time; HACKING.md, "The test command"). Only the engine tests and the fuzz targets are built
# with the sanitizers; each fuzz target then runs for a time box (FUZZ_SECONDS, default 2: libFuzzer
# replays every seed first, whatever the box, then mutates them for what is left; long runs are in
# HACKING.md, "Fuzzing"), seeded with the fixtures. Its configure runs first, alone: it fetches the
# pinned sources the build's configure then finds verified. In its own process group (job control on
# for the launch), so a failed build can stop it; not in its own session (setsid), which would give
# it a scheduling group of its own and so half the CPU, idle class or not.
[ -f build/native-asan/build.ninja ] || cmake --preset native-asan >"$OUT/engine-asan.log" 2>&1
set -m
(
  stage engine-asan-build chrt --idle 0 cmake --build --preset native-asan --target engine_tests fuzzers &&
    { stage engine-asan chrt --idle 0 bash scripts/engine-tests.sh native-asan "$OUT/engine-asan"
      stage fuzz chrt --idle 0 bash scripts/fuzz.sh "${FUZZ_SECONDS:-2}" "$OUT/fuzz.xml"; }
) >>"$OUT/engine-asan.log" 2>&1 &
asan=$!
set +m

# Without a build the other stages cannot run.
stage build bash scripts/build.sh || { kill -- -$asan 2>/dev/null; finish; exit 1; }

stage format-prettier npx prettier --check --log-level warn .
stage format-clang bash scripts/clang-format.sh
stage typecheck-tests npx tsc -p tests/tsconfig.json
stage engine-native bash scripts/engine-tests.sh native-release "$OUT/engine-native"
stage engine-wasm bash scripts/engine-tests.sh wasm-release "$OUT/engine-wasm"
vitest_stage() { # vitest_stage NAME : the vitest suite in tests/NAME, with a JSON report
  stage "$1" npx vitest run --config "tests/$1/vitest.config.ts" --reporter=default --reporter=json \
    --outputFile.json="$OUT/$1.json"
}
# The node tests (the CLI's processes: CPU) run beside the browser and pack tests (mostly waiting
# on pages, workers and the registry); their output is printed when they are done.
vitest_stage node >"$OUT/node.log" 2>&1 &
node_tests=$!
vitest_stage e2e
vitest_stage pack

wait $node_tests
echo "=== node (ran beside e2e and pack; its output)" >&2
cat "$OUT/node.log" >&2
wait $asan
echo "=== engine-asan and fuzz (ran beside the stages above; the end of their output)" >&2
tail -n 40 "$OUT/engine-asan.log" >&2
finish
