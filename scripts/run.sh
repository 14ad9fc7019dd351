#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds, then runs the main job.
# - With a display ($DISPLAY or $WAYLAND_DISPLAY) and the desktop app built: starts I2V Studio.
# - Otherwise: makes a demo clip with the `i2v` command line from the bundled sample image and prints
#   where it went (set I2V_DEMO_DIR to choose the folder).
# Set I2V_SKIP_INSTALL=1 to skip apt-get on a machine that already has the dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${I2V_SKIP_INSTALL:-0}" = 1 ]; then
  bash scripts/install-torch.sh # no apt-get; a no-op when .venv already holds the pinned LibTorch
else
  bash scripts/install-deps.sh
fi
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
targets=(i2v)
targets_help=$(cmake --build build --target help) # read whole: `| grep -q` can fail under pipefail
if grep -q '^i2v-studio:' <<<"$targets_help"; then targets+=(i2v-studio); fi
cmake --build build -j "$jobs" --target "${targets[@]}"

studio=$(find build/app/gui -maxdepth 1 -name i2v-studio -type f -perm -u+x 2>/dev/null | head -n 1 || true)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -n "$studio" ]; then
  exec "$studio" "$@"
fi

demo_dir=${I2V_DEMO_DIR:-$HOME/Videos/i2v-demo}
echo "No desktop session (or no desktop app in this build): making a demo clip with the command line." >&2
build/app/cli/i2v generate \
  --image resources/samples/lakeside.png \
  --prompt "camera slowly zooming in on the red boat" \
  --width 512 --height 512 --frames 16 --fps 8 --seed 42 \
  --out-dir "$demo_dir" | while read -r file; do echo "Demo output: $file"; done
