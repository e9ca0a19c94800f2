#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz, built by the native-asan preset: ASan + UBSan) for a time
# box each, two at a time, each seeded with the real trace fixtures and its own seeds. Writes a
# JUnit report (one case per target) when OUT_XML is given; exits non-zero when a target crashed,
# hung, leaked or ran out of memory, after printing the input that did it and how to replay it.
#
#   bash scripts/fuzz.sh SECONDS [OUT_XML] [TARGET...]   (default: every target)
#
# The corpus a run grows is kept in build/native-asan/fuzz-corpus/TARGET, so longer runs pick up
# where the last one stopped (HACKING.md, "Fuzzing").
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz.sh SECONDS [OUT_XML] [TARGET...]}
xml=${2:-}
shift $(($# < 2 ? $# : 2))
bin=build/native-asan/tests/fuzz
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # fuzz_import itself is what the fuzz_import_<format> links run
  mapfile -t targets < <(cd "$bin" 2>/dev/null && ls fuzz_* | grep -v '\.' | grep -vx fuzz_import | sort)
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz: no target in $bin (cmake --build --preset native-asan --target fuzzers)" >&2
  exit 1
fi
logs=$(mktemp -d)
artifacts=tests/out/fuzz
mkdir -p "$artifacts"

# The seeds of a target: its own folder of tests/fuzz/seeds, and for the importers the real files.
seeds_of() {
  case "$1" in
    fuzz_import_*) echo "tests/fuzz/seeds/import tests/fixtures/real" ;;
    fuzz_*) echo "tests/fuzz/seeds/${1#fuzz_}" ;;
  esac
}

run() { # run TARGET : one time-boxed run, its output in $logs/TARGET.log
  local target=$1 corpus="build/native-asan/fuzz-corpus/$1"
  mkdir -p "$corpus"
  # shellcheck disable=SC2046
  "$bin/$target" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=3072 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$corpus" $(seeds_of "$target") \
    >"$logs/$target.log" 2>&1
  echo $? >"$logs/$target.rc"
}

running=0
for target in "${targets[@]}"; do
  run "$target" &
  running=$((running + 1))
  if [ $running -ge 2 ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

status=0
cases=""
for target in "${targets[@]}"; do
  rc=$(cat "$logs/$target.rc" 2>/dev/null || echo 1)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$target.log" | grep -o '[0-9]*$')
  if [ "$rc" = 0 ]; then
    echo "fuzz: $target: ${execs:-?} inputs in ${seconds}s, no finding"
    cases+="<testcase classname=\"fuzz\" name=\"$target\"/>"
  else
    status=1
    found=$(grep -o "Test unit written to [^ ]*" "$logs/$target.log" | tail -1 | sed 's/Test unit written to //')
    echo "fuzz: $target FAILED (exit $rc); input: ${found:-none written}" >&2
    echo "  replay: $bin/$target ${found:-<input>}" >&2
    grep -E 'ERROR|SUMMARY|terminate|==[0-9]+==' "$logs/$target.log" | head -20 >&2
    why=$(grep -m1 -E 'ERROR|SUMMARY|terminate' "$logs/$target.log" | sed 's/[<>&"]/ /g')
    cases+="<testcase classname=\"fuzz\" name=\"$target\"><failure message=\"${why:-exit $rc}\">input: ${found:-none}</failure></testcase>"
  fi
done
if [ -n "$xml" ]; then
  echo "<testsuites><testsuite name=\"fuzz\">$cases</testsuite></testsuites>" >"$xml"
fi
rm -rf "$logs"
exit $status
