#!/usr/bin/env bash
# Installs every build, test and run dependency of I2V Studio from Debian 12 packages.
# Used by the README's two commands and by .ci/run. Safe to run again (apt-get is idempotent).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libtorch-dev libopenblas0-pthread \
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqt6svg6 \
  libqcustomplot-dev \
  libopencv-dev \
  libavformat-dev libavcodec-dev libswscale-dev libavutil-dev \
  nlohmann-json3-dev libutf8proc-dev \
  ffmpeg xvfb xauth fonts-noto-cjk \
  desktop-file-utils appstream dpkg-dev file >/dev/null
