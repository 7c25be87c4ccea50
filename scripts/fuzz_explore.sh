#!/usr/bin/env bash
# Looks for new bugs: every fuzz target (and the CSV reader under atheris) for SECONDS each with a
# fresh random seed, keeping what it learns in build/fuzz/fuzz/corpus/NAME (and
# build/fuzz/csv_corpus) for the next time. `make test` runs short fixed-seed, fixed-count runs
# (the same work on every machine); this is where findings come from, before a change lands.
#   scripts/fuzz_explore.sh [SECONDS]     (make fuzz-explore FUZZ_SECONDS=600)
# A failing input lands in build/fuzz/fuzz/artifacts/NAME/ (build/fuzz/ for the CSV reader): fix
# the bug and commit the input to tests/fuzz/regressions/NAME/ (tests/fuzz/python/regressions/).
set -u
seconds=${1:-600}
python=${PYTHON:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
fuzzer=build/fuzz/fuzz/tokten_fuzz
[ -x "$fuzzer" ] || { echo "fuzz_explore: $fuzzer is missing: make fuzz first" >&2; exit 2; }
failed=()
for seeds in tests/fuzz/corpus/*/; do
  name=$(basename "$seeds")
  flags=(-print_final_stats=1)  # never empty: an empty array fails "${flags[@]}" under set -u in bash < 4.4
  case $name in *_json) flags+=(-dict=tests/fuzz/json.dict) ;; esac
  inputs=(build/fuzz/fuzz/corpus/$name "$seeds")
  [ -d tests/fuzz/regressions/$name ] && inputs+=(tests/fuzz/regressions/$name)
  mkdir -p build/fuzz/fuzz/corpus/$name build/fuzz/fuzz/artifacts/$name
  echo "== $name: ${seconds} s"
  TOKTEN_FUZZ_TARGET=$name "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 "${flags[@]}" \
    -artifact_prefix=build/fuzz/fuzz/artifacts/$name/ "${inputs[@]}" 2>&1 | grep -E "^INFO: Seed|^stat::|^Done|ERROR|SUMMARY|artifact|finding|Base64"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("$name")  # the fuzzer's status, not grep's
done
echo "== problem_csv (atheris): ${seconds} s"
"$python" tests/fuzz/python/problem_csv.py -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build/fuzz/ build/fuzz/csv_corpus tests/fuzz/python/regressions 2>&1 \
  | grep -E "^INFO: Seed|^Done|Error|Exception|SUMMARY|artifact|Base64"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed+=(problem_csv)
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz_explore: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz_explore: no finding"
