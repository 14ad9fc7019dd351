#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan + UBSan) in build-fuzz/ and runs each one for
# SECONDS (default 30) on a copy of its seed corpus (fuzz/corpus/<target>/). Fails on the first crash,
# leak, undefined behaviour, uncaught exception, timeout (> 10 s on one input) or out-of-memory (> 2 GB);
# the input that did it is left in build-fuzz/findings/<target>/ (add it to the corpus as regress-* once
# fixed). Called by .ci/run through scripts/test.sh with a short run; see fuzz/README.md for longer runs.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift || true
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++ -DI2V_FUZZ=ON \
  "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=($(ls fuzz/corpus))
fi
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
scratch_base=/dev/shm
[ -d "$scratch_base" ] || scratch_base=${TMPDIR:-/tmp}
for t in "${targets[@]}"; do
  export I2V_FUZZ_SCRATCH; I2V_FUZZ_SCRATCH=$(mktemp -d "$scratch_base/i2v-fuzz.XXXXXX")
  work=build-fuzz/corpus/$t   # the seeds plus what this run learns; the repo's corpus stays as committed
  findings=build-fuzz/findings/$t
  mkdir -p "$work" "$findings"
  log=build-fuzz/$t.log
  if ! build-fuzz/fuzz/$t -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$findings/" "$work" "fuzz/corpus/$t" >"$log" 2>&1; then
    rm -rf "$I2V_FUZZ_SCRATCH"
    echo "FAIL $t (see $log; input in $findings/)"
    grep -m1 -E "ERROR: |runtime error|deadly signal|uncaught" "$log" || true
    status=1
    continue
  fi
  rm -rf "$I2V_FUZZ_SCRATCH"
  runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "ok   $t: $runs executions in ${seconds}s, $cov"
done
exit $status
