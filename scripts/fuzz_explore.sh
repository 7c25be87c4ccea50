#!/usr/bin/env bash
# Looks for new bugs: every fuzz target (and the CSV reader under atheris) for SECONDS each with a
# fresh random seed, keeping what it learns in build/fuzz/fuzz/corpus/NAME (and
# build/fuzz/csv_corpus) for the next time. `make test` runs fixed seeds and counts instead, so
# that CI tries exactly the inputs that passed here; this is where findings come from.
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
  dict=()
  case $name in *_json) dict=(-dict=tests/fuzz/json.dict) ;; esac
  inputs=(build/fuzz/fuzz/corpus/$name "$seeds")
  [ -d tests/fuzz/regressions/$name ] && inputs+=(tests/fuzz/regressions/$name)
  mkdir -p build/fuzz/fuzz/corpus/$name build/fuzz/fuzz/artifacts/$name
  echo "== $name: ${seconds} s"
  TOKTEN_FUZZ_TARGET=$name "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 "${dict[@]}" -print_final_stats=1 \
    -artifact_prefix=build/fuzz/fuzz/artifacts/$name/ "${inputs[@]}" 2>&1 | tail -n 8 || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed+=("$name")
done
echo "== problem_csv (atheris): ${seconds} s"
"$python" tests/fuzz/python/problem_csv.py -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build/fuzz/ build/fuzz/csv_corpus 2>&1 | tail -n 8 || true
[ "${PIPESTATUS[0]}" -eq 0 ] || failed+=(problem_csv)
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz_explore: findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz_explore: no finding"
