#!/usr/bin/env bash
# Run HERE (a machine with Debian's packages and PyPI) before scripts/gpu-check.sh on a GPU machine that
# has torch but no internet: puts what the check needs into .gpu-carry/ (git-ignored), which travels with
# the working tree:
#   debs/    nlohmann-json3-dev, libutf8proc-dev, libutf8proc2, libsentencepiece-dev, libsentencepiece0
#            (the engine's only non-torch build needs; SentencePiece for the Wan T5 tokenizer)
#   wheels/  diffusers 0.31.0 (the reference the port follows) and the few pure-Python packages it needs
#            beyond torch + transformers, for Python 3.12 on x86-64 (the GPU machine's Python).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu-carry
rm -rf "$out"
mkdir -p "$out/debs" "$out/wheels"
(cd "$out/debs" && apt-get download nlohmann-json3-dev libutf8proc-dev libutf8proc2 libsentencepiece-dev libsentencepiece0 >/dev/null)
py=${I2V_GPU_PYTHON_VERSION:-3.12}
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version "$py" --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  -d "$out/wheels" diffusers==0.31.0 importlib_metadata zipp pillow
du -sh "$out"
