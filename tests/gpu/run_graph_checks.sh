#!/usr/bin/env bash
# A short GPU round for the CUDA-graph step (train/graphed_step.h) and the one-node adapted linear:
# builds against pip LibTorch, runs the CUDA tests, then bench_train on llama-1b for each method with
# CUDA graphs on and off (JSON lines in OUT/bench.jsonl).
#   tests/gpu/run_graph_checks.sh OUT DEPS_DIR
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
mkdir -p "$OUT" "$MODELS"
t0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - t0 )) s] $*"; }
(for s in ${LS_SHAPES:-llama-1b}; do
    [ -f "$MODELS/$s/config.json" ] || python3 "$DEPS/peft_baseline.py" make --shape "$s" --out "$MODELS/$s"
done) >"$OUT/make.log" 2>&1 &
maker=$!
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
export LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF \
      -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DEPS" >"$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" >"$OUT/build.log" 2>&1 || { grep -E "error|FAILED" -A3 "$OUT/build.log" | head -60; exit 1; }
stamp "built"
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$?"
grep -E "tests passed|Failed|\*\*\*" "$OUT/ctest_cuda.log" | head -20
"$BUILD/tests/test_cuda_graphs" 2>&1 | tail -14
wait $maker
stamp "shapes made"
for s in ${LS_SHAPES:-llama-1b}; do
  for m in ${LS_METHODS:-lora lora-fa qlora}; do
    for g in "" "--no-cuda-graphs"; do
        b=4; [ "$s" = llama-8b ] && b=2
        timeout 200 "$BUILD/tests/bench/bench_train" --model "$MODELS/$s" --method "$m" --batch $b --seq 1024 \
            --steps 10 --warmup 2 $g | tee -a "$OUT/bench.jsonl" | python3 -c '
import sys, json
for l in sys.stdin:
    d = json.loads(l)
    print(d.get("model"), d.get("method"), "graphs" if d.get("cuda_graphs") else "eager", d.get("tokens_per_s"),
          "tok/s", d.get("peak_mem_gib"), "GiB", d.get("cuda_graphs_off", ""), d.get("error", ""))'
    done
  done
done
stamp "done"
