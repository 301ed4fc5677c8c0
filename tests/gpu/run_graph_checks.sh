#!/usr/bin/env bash
# A short GPU round for the CUDA-graph step (train/graphed_step.h) and the one-node adapted linear:
# builds against pip LibTorch, runs the CUDA tests, then bench_train on llama-1b for each method with
# CUDA graphs on and off (JSON lines in OUT/bench.jsonl).
#   tests/gpu/run_graph_checks.sh OUT DEPS_DIR
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
# shellcheck source=tests/gpu/gpu_common.sh
source "$(dirname "$0")/gpu_common.sh"

# shellcheck disable=SC2086
make_shapes ${LS_SHAPES:-llama-1b}
configure_and_build || exit 1
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$?"
grep -E "tests passed|Failed|\*\*\*" "$OUT/ctest_cuda.log" | head -20
"$BUILD/tests/test_cuda_graphs" 2>&1 | tail -14
wait $shape_maker
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
