#!/usr/bin/env bash
# Builds the .deb from an existing build dir, installs it on this machine with dpkg -i + apt-get -f install,
# runs the installed binaries (i2v --help, a camera-motion clip from the installed sample image), checks the
# installed desktop entry, metainfo and icons, then removes the package again. Needs root (CI runs as
# root); elsewhere it says so and exits 0 without doing anything.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
if [ "$(id -u)" != 0 ]; then
  echo "test-package: SKIPPED (needs root to install the .deb)"
  exit 0
fi
if dpkg -s i2v-studio >/dev/null 2>&1; then
  echo "test-package: i2v-studio is already installed on this machine; not touching it" >&2
  exit 1
fi
rm -f "$build"/i2v-studio_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/i2v-studio_*.deb)
echo "test-package: built $deb ($(du -h "$deb" | cut -f1))"
deps=$(dpkg-deb -f "$deb" Depends)
echo "test-package: Depends: $deps"
for need in libavcodec libopencv libqt6widgets6 libsentencepiece0; do
  case "$deps" in *"$need"*) ;; *) echo "test-package: Depends lacks $need" >&2; exit 1 ;; esac
done
work=$(mktemp -d)
cleanup() { dpkg -r i2v-studio >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
dpkg -i "$deb" >/dev/null || apt-get -f install -y -qq >/dev/null
dpkg -s i2v-studio | grep -q '^Status: install ok installed'
# LibTorch and its CUDA libraries travel in the package (no pip on the target machine).
for f in /usr/lib/i2v-studio/torch/lib/libtorch_cpu.so /usr/lib/i2v-studio/torch/lib/libtorch_cuda.so; do
  [ -e "$f" ] || { echo "test-package: $f not installed" >&2; exit 1; }
done
# The binaries use the bundled LibTorch; the CUDA backend (loaded at run time where a driver exists) finds
# every library it needs inside the package.
# (ldd's output is read whole first: `ldd | grep -q` can fail under pipefail when grep stops early.)
for b in /usr/bin/i2v-cli /usr/bin/i2v-studio /usr/bin/i2v-bench /usr/lib/i2v-studio/torch/lib/libtorch_cuda.so; do
  libs=$(env -u LD_LIBRARY_PATH ldd "$b")
  case "$libs" in *"not found"*) echo "test-package: $b: $(grep 'not found' <<<"$libs")" >&2; exit 1 ;; esac
  case "$b:$libs" in
    /usr/bin/*:*lib/i2v-studio/torch/lib/libtorch_cpu.so*|/usr/lib/*) ;;
    *) echo "test-package: $b does not use the bundled LibTorch" >&2; exit 1 ;;
  esac
done
# /usr/bin/i2v is the libc-only launcher of /usr/bin/i2v-cli (app/cli/launcher.cpp).
libs=$(ldd /usr/bin/i2v)
case "$libs" in *torch*) echo "test-package: the i2v launcher should load only libc" >&2; exit 1 ;; esac
/usr/bin/i2v --help >/dev/null
/usr/bin/i2v --version
sample=$(find /usr/share/i2v-studio/samples -type f \( -name '*.png' -o -name '*.jpg' \) | head -n 1)
[ -n "$sample" ] || { echo "test-package: no sample image installed" >&2; exit 1; }
(cd "$work" && /usr/bin/i2v generate --image "$sample" --prompt "camera slowly zooming in" \
   --width 256 --height 256 --frames 8 --fps 8 --out "$work/clip.mp4" >/dev/null 2>"$work/generate.log") ||
  { cat "$work/generate.log" >&2; echo "test-package: installed i2v failed" >&2; exit 1; }
[ -s "$work/clip.mp4" ] || { echo "test-package: installed i2v made no clip" >&2; exit 1; }
if command -v ffprobe >/dev/null; then
  codec=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name,pix_fmt,nb_frames -of csv=p=0 "$work/clip.mp4")
  echo "test-package: clip from the installed i2v: $codec"
  case "$codec" in h264,yuv420p,8) ;; *) echo "test-package: unexpected stream $codec" >&2; exit 1 ;; esac
fi
for f in /usr/bin/i2v-studio /usr/share/applications/io.github.i2vstudio.I2VStudio.desktop \
         /usr/share/metainfo/io.github.i2vstudio.I2VStudio.metainfo.xml \
         /usr/share/icons/hicolor/scalable/apps/io.github.i2vstudio.I2VStudio.svg \
         /usr/share/icons/hicolor/256x256/apps/io.github.i2vstudio.I2VStudio.png; do
  [ -e "$f" ] || { echo "test-package: $f not installed" >&2; exit 1; }
done
desktop-file-validate /usr/share/applications/io.github.i2vstudio.I2VStudio.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.i2vstudio.I2VStudio.metainfo.xml >/dev/null
echo "test-package: the installed package works"
