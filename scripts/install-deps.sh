#!/usr/bin/env bash
# Installs every build, test and run dependency of I2V Studio: Debian 12 packages, plus LibTorch 2.x from
# the pinned PyTorch wheel (torch 2.11.0, CUDA 13.0) in the project-local virtual environment .venv
# (git-ignored; CMake finds LibTorch through its torch.utils.cmake_prefix_path, see cmake/I2VTorch.cmake).
# Used by the README's two commands and by .ci/run. Safe to run again: apt-get is idempotent and the
# wheel is installed only when .venv does not already hold the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates clang libclang-rt-14-dev \
  python3 python3-venv \
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqt6svg6 \
  libqcustomplot-dev \
  libopencv-dev libjpeg-dev libwebp-dev \
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev \
  nlohmann-json3-dev libutf8proc-dev libssl-dev libsentencepiece-dev libcurl4-openssl-dev \
  ffmpeg xvfb xauth fonts-noto-cjk \
  desktop-file-utils appstream dpkg-dev file >/dev/null
bash scripts/install-torch.sh
