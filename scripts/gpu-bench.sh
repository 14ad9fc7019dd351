#!/usr/bin/env bash
# Builds the engine and i2v-bench against a CUDA LibTorch 2.x (the one bundled with a pip PyTorch) and
#   1. checks the fixture stage by stage on CUDA in float32 (must be within the fixture's float32
#      tolerances) and in float16 (reported; half precision is expected to exceed them),
#   2. times the real-size I2VGen-XL architecture (random weights from tests/data/i2vgenxl-real-configs)
#      at 512x512, 16 frames, in float16, and a width-scaled variant.
# Needs: cmake, ninja (or make), a C++20 compiler, nlohmann-json3-dev, libutf8proc-dev, pkg-config,
# python3 with a CUDA build of torch. Qt, OpenCV and FFmpeg are not needed (GUI/media/tests off).
# Usage: scripts/gpu-bench.sh [build-dir]   (default build-gpu; output also saved in build-gpu/gpu-bench.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
build="${1:-build-gpu}"
prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

cmake -S . -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DI2V_BUILD_GUI=OFF -DI2V_BUILD_MEDIA=OFF -DI2V_BUILD_TESTS=OFF -DI2V_BUILD_BENCH=ON
cmake --build "$build" --target i2v-bench -j"$(nproc)"

bench="$build/app/bench/i2v-bench"
tiny=tests/data/i2vgenxl-tiny
real=tests/data/i2vgenxl-real-configs
log="$build/gpu-bench.txt"
: >"$log"
run() { echo "\$ $*" | tee -a "$log"; "$@" 2>&1 | tee -a "$log"; echo | tee -a "$log"; }

python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, torch.cuda.get_device_name(0))' | tee -a "$log"

# 1. Fixture on CUDA, stage by stage against the golden tensors.
run "$bench" --model "$tiny/model" --golden "$tiny/golden" --device cuda --dtype float32
run "$bench" --model "$tiny/model" --golden "$tiny/golden" --device cuda --dtype float16 || true
# Fixture timings (64x64, 4 frames, 3 steps, as in the fixture's call).
run "$bench" --model "$tiny/model" --device cuda --dtype float32 --width 64 --height 64 --frames 4 --steps 3 --decode-chunk 2

# 2. Real-size architecture, random weights (UNet 1.42 B parameters), 512x512x16, fp16.
run "$bench" --config "$real" --tokenizer "$tiny/model/tokenizer" --device cuda --dtype float16 \
  --width 512 --height 512 --frames 16 --steps 10 --decode-chunk 4
# Channel widths / 4 (same head dimensions), fp32 and fp16.
run "$bench" --config "$real" --scale 4 --tokenizer "$tiny/model/tokenizer" --device cuda --dtype float32 \
  --width 512 --height 512 --frames 16 --steps 10 --decode-chunk 4
run "$bench" --config "$real" --scale 4 --tokenizer "$tiny/model/tokenizer" --device cuda --dtype float16 \
  --width 512 --height 512 --frames 16 --steps 10 --decode-chunk 4
echo "results saved in $log"
