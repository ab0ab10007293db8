#!/usr/bin/env bash
# The checks that need a GPU, in one run, for a machine whose only LibTorch is its PyTorch's
# (CUDA, 2.x) and which has none of MuJoCo, HDF5, Boost or Catch2:
#
#   scripts/gpu_check.sh stage           # here: copies Debian's Catch2 v2 into .carry/catch2
#   scripts/gpu_check.sh run [OUT_DIR]   # there, with .carry carried along
#
# `run` builds tlb/ alone (-DTLB_BACKBONES_ONLY=ON) against that LibTorch, so it also checks
# that the code builds on LibTorch 2.x, then runs the backbone tests, [cuda] ones included
# (they skip on a machine without a GPU), and writes what it saw to OUT_DIR (default
# gpu-check/): machine.txt, configure.log, build.log, tests.log, cuda_tests.xml (JUnit).
# The Python reference test is left out: it needs Debian's python3 with python3-torch.
set -euo pipefail
cd "$(dirname "$0")/.."
catch2=.carry/catch2

case "${1:-}" in
  stage)
    rm -rf "$catch2"
    mkdir -p "$catch2/include" "$catch2/lib/cmake"
    cp -r /usr/include/catch2 "$catch2/include/"
    cp -r /usr/lib/cmake/Catch2 "$catch2/lib/cmake/"
    cp /usr/lib/libCatch2WithMain.a "$catch2/lib/"  # its CMake files check that it exists
    echo "staged Catch2 in $catch2; carry .carry in the device run"
    ;;
  run)
    out=${2:-gpu-check}
    mkdir -p "$out"
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda,
      torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")' |
      tee "$out/machine.txt"
    torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
    prefixes="$torch_prefix"
    [[ -d $catch2 ]] && prefixes="$prefixes;$PWD/$catch2"
    cmake -S . -B build-gpu -G Ninja -DCMAKE_BUILD_TYPE=Release -DTLB_BACKBONES_ONLY=ON \
      -DCMAKE_PREFIX_PATH="$prefixes" 2>&1 | tee "$out/configure.log"
    cmake --build build-gpu -j"$(nproc)" 2>&1 | tee "$out/build.log"
    status=0
    build-gpu/tests/tlb/tlb_tests "~[python]" --durations yes 2>&1 | tee "$out/tests.log" ||
      status=1
    build-gpu/tests/tlb/tlb_tests "[cuda]" --reporter junit --out "$out/cuda_tests.xml" ||
      status=1
    exit "$status"
    ;;
  *)
    echo "usage: scripts/gpu_check.sh stage | run [OUT_DIR]" >&2
    exit 2
    ;;
esac
