#!/usr/bin/env bash
# Soak benchmark (not run by CI: a few minutes): 100 consecutive camera-motion generations in ONE process
# through the window's job queue, then a cancel pass (job k cancelled at its step k); prints resident
# memory (raw and after malloc_trim) and open descriptors after job 1, 50 and 100 and around the cancel
# pass. Fails when a job fails, a cancel does not cancel, a temp file is left or descriptors grow.
#   scripts/soak.sh [JOBS=100] [WIDTH=256] [HEIGHT=256] [FRAMES=16]     (uses build/, Release)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target i2v_soak >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s)
build/tests/soak/i2v_soak resources/samples/lakeside.png "$out" "${1:-100}" "${2:-256}" "${3:-256}" "${4:-16}"
echo "wall time: $(( $(date +%s) - start )) s; outputs: $(find "$out" -name '*.mp4' | wc -l) clips"
