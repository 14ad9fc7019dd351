#!/usr/bin/env bash
# AddressSanitizer + UBSan build of the torch-free parsers (safetensors, CLIP and T5 tokenizers) and their tests,
# including the hostile-file cases. A separate build dir (build-asan) configured with I2V_PARSERS_ONLY,
# so no LibTorch code is compiled; takes about a minute on 2 cores. Called by scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DI2V_SANITIZE=ON -DI2V_PARSERS_ONLY=ON \
  -DI2V_BUILD_GUI=OFF -DI2V_BUILD_TESTS=ON "${launcher[@]}"
cmake --build build-asan -j "$jobs"
# Any report fails the test: UBSan stops at the first error, ASan checks leaks too.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j "$jobs"
