#!/usr/bin/env bash
# Builds core, the CLI, the core tests and the benchmarks against pip LibTorch 2.x with CUDA (no Qt
# there) and runs them: ctest without the bench label, then each benchmark, one JSON line each.
#   tests/gpu/run_gpu_suite.sh [SRC_DIR] [EXTRA_PREFIX] [OUT_DIR]
# EXTRA_PREFIX holds what the GPU machine lacks (nlohmann/json: tests/gpu/stage_deps.sh makes it).
set -uo pipefail
SRC=$(cd "${1:-.}" && pwd)
DEPS=${2:-}
OUT=${3:-/tmp/ls-gpu-out}
BUILD=${LS_GPU_BUILD:-/tmp/ls-gpu-build}
mkdir -p "$OUT"
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
TORCH_LIB=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
export LD_LIBRARY_PATH="$TORCH_LIB${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
{
    echo "torch $(python3 -c 'import torch;print(torch.__version__, torch.version.cuda)')"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    nvcc --version | tail -1
} | tee "$OUT/environment.txt"

cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF \
      -DCMAKE_PREFIX_PATH="$TORCH_PREFIX${DEPS:+;$DEPS}" >"$OUT/configure.log" 2>&1 \
    || { tail -30 "$OUT/configure.log"; exit 1; }
grep "LoRA Studio" "$OUT/configure.log"
cmake --build "$BUILD" -j "$(nproc)" >"$OUT/build.log" 2>&1 || { grep -E "error|FAILED" "$OUT/build.log" | head -40; exit 1; }
ctest --test-dir "$BUILD" -LE bench --output-on-failure -j 4 2>&1 | tee "$OUT/ctest.log" | tail -25
rc=${PIPESTATUS[0]}
for b in "$BUILD"/tests/bench/bench_*; do
    [ -x "$b" ] && "$b" 2>&1 | tee -a "$OUT/bench.jsonl"
done
exit $rc
