#!/usr/bin/env bash
# Runs the Catch2 engine tests of one build preset (native-release, native-asan, wasm-release) as
# the test command does: every test case, in two processes (the test files split between them,
# one core each), each writing a JUnit report OUT_PREFIX.0.xml and OUT_PREFIX.1.xml. Exits non-zero
# when a test failed, a process crashed, or a shard ran no test.
#
# Design note: ctest (`ctest --preset PRESET`) runs each test case in its own process; under node
# that is a node start and a wasm compile per case (66 s for the wasm tests against 9 s in one
# process), and under ASan a shadow-memory setup per case. ctest stays for picking single cases.
#
#   bash scripts/engine-tests.sh PRESET OUT_PREFIX
set -uo pipefail
cd "$(dirname "$0")/.."
preset=${1:?usage: engine-tests.sh PRESET OUT_PREFIX}
out=${2:?usage: engine-tests.sh PRESET OUT_PREFIX}
case "$preset" in
  wasm-*) run=(node --no-experimental-fetch "build/$preset/tests/engine/engine_tests.cjs") ;;
  *) run=("build/$preset/tests/engine/engine_tests") ;;
esac

# The test files, as the tags Catch2 gives them with -# ([#test_capture], ...), dealt to two shards.
mapfile -t files < <("${run[@]}" -# --list-tags | grep -o '\[#[A-Za-z0-9_]*\]' | sort -u)
if [ ${#files[@]} -eq 0 ]; then
  echo "engine-tests: $preset lists no test file" >&2
  exit 1
fi
shard=("" "")
for i in "${!files[@]}"; do
  s=$((i % 2))
  shard[$s]+="${shard[$s]:+,}${files[$i]}"
done

pids=()
for s in 0 1; do
  "${run[@]}" -# -w NoTests -r junit -o "$out.$s.xml" "${shard[$s]}" &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
