#!/usr/bin/env bash
# Installs the dependencies, builds everything with tests, and runs the whole suite (the README's test
# command and what CI runs). Set I2V_SKIP_INSTALL=1 to skip apt-get on a machine that already has them.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${I2V_SKIP_INSTALL:-0}" = 1 ]; then
  bash scripts/install-torch.sh # no apt-get; a no-op when .venv already holds the pinned LibTorch
else
  bash scripts/install-deps.sh
fi
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DI2V_BUILD_TESTS=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# The .deb: build, install, run the installed i2v, remove (root only; says SKIPPED otherwise).
bash scripts/test-package.sh build
if [ -f scripts/test-sanitize.sh ]; then bash scripts/test-sanitize.sh; fi
# libFuzzer targets (clang, ASan + UBSan, build-fuzz/): a short run of each; any finding fails.
if [ -f scripts/fuzz.sh ]; then bash scripts/fuzz.sh "${I2V_FUZZ_SECONDS:-20}"; fi
