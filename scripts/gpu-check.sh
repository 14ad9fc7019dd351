#!/usr/bin/env bash
# The GPU check of issue 11, in one run on a machine with an NVIDIA GPU and a CUDA build of torch (the GPU
# check machine: torch 2.11.0+cu130, CMake, ninja; no Qt/OpenCV/FFmpeg, no internet; run
# scripts/gpu-check-prepare.sh beforehand on a connected machine and carry .gpu-carry). Under 8 minutes on
# an H100/H200. Prints, and saves in $OUT (or build-gpu/), one report:
#   1. the fixture stage by stage on CUDA against its golden tensors: float32 (must be within the fixture's
#      tolerances), float16 and bfloat16 (errors reported);
#   2. the real I2VGen-XL architecture with random weights (tests/data/i2vgenxl-real-configs, saved once as a
#      diffusers folder so both sides load the same weights) at 512x512, 16 frames, 25 steps, CFG, float16:
#      i2v-bench and diffusers 0.31.0 (SDPA), load time, s/step, total, peak allocated/reserved VRAM, ratios;
#   3. the same clip at 50 steps with i2v-bench (the "physical floor" target), and 25 steps in low-VRAM mode.
# Usage: scripts/gpu-check.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-gpu}
report=${OUT:-$build}
mkdir -p "$report"
log="$report/gpu-check.txt"
: >"$log"
say() { echo "$*" | tee -a "$log"; }
run() { say "\$ $*"; "$@" 2>&1 | tee -a "$log"; say ""; }

carry=.gpu-carry
extra=()
if [ -d "$carry/debs" ]; then
  mkdir -p "$carry/root"
  for f in "$carry"/debs/*.deb; do dpkg -x "$f" "$carry/root"; done
  root=$(cd "$carry/root" && pwd)
  extra+=(-DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu"
          -DCMAKE_INCLUDE_PATH="$root/usr/include")
  export LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
if [ -d "$carry/wheels" ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/i2v-site \
    "$carry"/wheels/*.whl
  export PYTHONPATH="/tmp/i2v-site${PYTHONPATH:+:$PYTHONPATH}"
fi
python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, torch.cuda.get_device_name(0))' | tee -a "$log"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$log" || true

generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DI2V_TORCH_PYTHON="$(command -v python3)" \
  -DI2V_BUILD_GUI=OFF -DI2V_BUILD_MEDIA=OFF -DI2V_BUILD_TESTS=OFF -DI2V_BUILD_BENCH=ON "${extra[@]}" | tail -n 3
cmake --build "$build" --target i2v-bench -j"$(nproc)" | tail -n 1
bench="$build/app/bench/i2v-bench"
tiny=tests/data/i2vgenxl-tiny

say "## 1. Fixture on CUDA, stage by stage"
run "$bench" --model "$tiny/model" --golden "$tiny/golden" --device cuda --dtype float32
run "$bench" --model "$tiny/model" --golden "$tiny/golden" --device cuda --dtype float16 || true
run "$bench" --model "$tiny/model" --golden "$tiny/golden" --device cuda --dtype bfloat16 || true

say "## 2. Real architecture, random weights, 512x512x16, 25 steps, float16: i2v-bench vs diffusers"
real=/tmp/i2v-real-random
[ -f "$real/model_index.json" ] || run python3 scripts/gpu_check/diffusers_i2vgenxl.py make-random "$real"
common=(--width 512 --height 512 --frames 16 --steps 25)
run "$bench" --model "$real" --device cuda --dtype float16 "${common[@]}" --json "$report/i2v-25.json"
run python3 scripts/gpu_check/diffusers_i2vgenxl.py time "$real" "${common[@]}" --json "$report/diffusers-25.json"

say "## 3. 50 steps (i2v-bench), and 25 steps in low-VRAM mode"
run "$bench" --model "$real" --device cuda --dtype float16 --width 512 --height 512 --frames 16 --steps 50 \
  --json "$report/i2v-50.json"
run "$bench" --model "$real" --device cuda --dtype float16 "${common[@]}" --low-vram 1 --json "$report/i2v-25-lowvram.json"

say "## Summary"
python3 scripts/gpu_check/report.py "$report/i2v-25.json" "$report/diffusers-25.json" "$report/i2v-50.json" \
  "$report/i2v-25-lowvram.json" | tee -a "$log"
say "saved in $log"
