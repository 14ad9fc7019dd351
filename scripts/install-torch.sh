#!/usr/bin/env bash
# LibTorch for the engine: the pinned PyTorch wheel in the project-local virtual environment .venv.
#
# Why torch 2.11.0 + CUDA 13.0 (PyPI's default build of 2.11.0): it is the LibTorch of the GPU check
# machine (torch 2.11.0+cu130), so a binary built here runs there against that machine's own torch; CUDA
# 13.0 matches the toolkit on the development and CI machines (nvcc 13.0), and the cxx11-ABI wheel links
# with Debian's Qt, OpenCV and FFmpeg. The wheel brings the CUDA runtime libraries it needs (cuDNN,
# cuBLAS, NCCL... as nvidia-* wheels), so a machine with only an NVIDIA driver runs on the GPU.
# The Python is used at build time only; the app never starts Python.
#
# I2V_TORCH_SPEC overrides the requirement (e.g. "torch==2.11.0" from another index via PIP_INDEX_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
spec=${I2V_TORCH_SPEC:-torch==2.11.0}
want=${spec#torch==}
venv=.venv
have=""
if [ -x "$venv/bin/python" ]; then
  have=$("$venv/bin/python" - <<'PY' 2>/dev/null || true
import importlib.metadata as m
print(m.version("torch"))
PY
)
fi
if [ "$have" = "$want" ] || { [ -n "$have" ] && [ "$spec" = "${spec#torch==}" ]; }; then
  echo "install-torch: torch $have already in $venv"
  exit 0
fi
# Debian's python3 (python3-venv), not whatever python3 comes first on PATH.
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
[ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
echo "install-torch: installing $spec into $venv (about 3 GB with its CUDA libraries)"
"$venv/bin/python" -m pip install --quiet --no-cache-dir --disable-pip-version-check "$spec"
"$venv/bin/python" - <<'PY'
import importlib.metadata as m, importlib.util
print("install-torch: torch", m.version("torch"), "at", importlib.util.find_spec("torch").submodule_search_locations[0])
PY
