#!/usr/bin/env bash
# AddressSanitizer + UBSan over the whole `unit` suite (ctest label unit: the parsers, stores and service rules,
# and the LibTorch-linked engine, model-folder and scheduler unit tests): a separate build in build-asan/
# (-fsanitize=address,undefined -fno-sanitize-recover=undefined, see CMakeLists.txt; -O1 -g1 as ASan's
# documentation advises: faster tests, line numbers in reports, and the torch precompiled header stays usable),
# no GUI, no bench; only the unit tests' executables and what they link are built. Called by scripts/test.sh.
# Cost on 2 cores: about 13 min of build and 1.5 min of tests.
#   I2V_SANITIZE_LABEL=unit (default)   ctest label to build and run
#   I2V_SANITIZE_TESTS=REGEX            only the label's tests whose names match (default: all of them)
# A test that measures resident memory skips that check visibly under ASan (its quarantine keeps freed blocks).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
label=${I2V_SANITIZE_LABEL:-unit}
tests=${I2V_SANITIZE_TESTS:-.}
launcher=()
if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1" -DI2V_SANITIZE=ON -DI2V_PARSERS_ONLY=OFF \
  -DI2V_BUILD_GUI=OFF -DI2V_BUILD_BENCH=OFF -DI2V_BUILD_TESTS=ON "${launcher[@]}" >/dev/null
# The executables of the label's tests (a test's name is its executable's target name).
mapfile -t targets < <(ctest --test-dir build-asan -N -L "$label" -R "$tests" | sed -n 's/^ *Test *#[0-9]*: *//p')
cmake --build build-asan -j "$jobs" --target "${targets[@]}"
# Options, and why each:
#  detect_leaks=1               leaks fail the test (LeakSanitizer)...
#  suppressions (LSAN_OPTIONS)   ...except allocations LibTorch, OpenMP, OpenCV and Qt make once per process
#                                and never free by design (static registries, thread pools): see
#                                scripts/lsan-suppressions.txt. Precautionary: the torch-free unit tests and a
#                                LibTorch smoke program (conv, SDPA, group norm, dtype casts) report no leak
#                                without it. A frame in those libraries hides the whole stack, so a leaked
#                                tensor is not caught here (scripts/soak.sh watches RSS for that).
#  protect_shadow_gap=0          the CUDA driver maps memory in ASan's shadow gap; without it
#                                libtorch_cuda's initialisation aborts on a machine with an NVIDIA driver.
#  detect_stack_use_after_return=1, strict_string_checks=1: stricter checks, cheap here.
#  UBSAN halt_on_error=1         the first undefined-behaviour report ends the test (also compiled in).
export ASAN_OPTIONS=detect_leaks=1:protect_shadow_gap=0:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j "$jobs" -L "$label" -R "$tests"
