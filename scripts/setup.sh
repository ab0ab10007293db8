#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking tlb needs.
# Idempotent: when everything is present it installs nothing and only says so.
# Nothing is downloaded from anywhere but Debian's package archive.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev                    # LibTorch 1.13 (tlb/, agents/)
  libopenblas0-openmp             # without it LibTorch falls back to the ~10x slower reference BLAS
  libgloo-dev                     # c10d Gloo backend for multi-process training
  libmujoco-dev libqhull-dev      # MuJoCo 2.2.2; its CMake target names qhull's include dir
  libhdf5-dev                     # trajectory files
  libboost-program-options-dev    # the tlb command line
  catch2                          # tests (v2 API)
  libegl-dev libegl-mesa0 libgl1-mesa-dri libopengl-dev libgl-dev  # headless rendering (EGL, Mesa surfaceless)
  ffmpeg                          # replay videos
  python3 python3-torch python3-h5py python3-numpy  # Python reference of the TLB forward, h5py interop tests
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages (${missing[*]}); run as root or install them with apt-get" >&2
  exit 1
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
