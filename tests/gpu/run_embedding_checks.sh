#!/usr/bin/env bash
# The host-memory embedding table on a GPU in one device call: builds only what it needs against pip
# LibTorch, runs the CUDA tests, measures the pinned host link (tests/bench/host_link.py), then an A/B
# of bench_train on llama-8b with the table in host memory and on the GPU, alternating RUNS times each.
# The build and the model stay behind for a following run_perf_checks.sh on the same warm machine.
#   tests/gpu/run_embedding_checks.sh OUT DEPS_DIR [RUNS=2]
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
RUNS=${3:-2}
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
SHAPE=${LS_AB_SHAPE:-llama-8b}
read -r BATCH SEQ <<<"${LS_AB_BATCH_SEQ:-2 1024}"
mkdir -p "$OUT" "$MODELS"
t0=$(date +%s)
stamp() { echo "[$(($(date +%s) - t0)) s] $*"; }

([ -f "$MODELS/$SHAPE/config.json" ] || python3 "$DEPS/peft_baseline.py" make --shape "$SHAPE" --out "$MODELS/$SHAPE") \
    >"$OUT/make.log" 2>&1 &
maker=$!

TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
export LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
{
    echo "torch $(python3 -c 'import torch;print(torch.__version__, torch.version.cuda)')"
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
} >"$OUT/environment.txt" 2>&1
cat "$OUT/environment.txt"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF \
    -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DEPS" >"$OUT/configure.log" 2>&1 || {
    tail -30 "$OUT/configure.log"
    exit 1
}
cmake --build "$BUILD" -j "$(nproc)" --target bench_train test_cuda_fused_ops test_cuda_graphs test_cuda_model \
    test_cuda_nf4 >"$OUT/build.log" 2>&1 || {
    grep -E "error|FAILED" "$OUT/build.log" | head -40
    exit 1
}
stamp "built"
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$?"
grep -E "Test +#|tests passed|FAIL" "$OUT/ctest_cuda.log"
"$BUILD/tests/test_cuda_fused_ops" >"$OUT/test_cuda_fused_ops.log" 2>&1
"$BUILD/tests/test_cuda_model" >"$OUT/test_cuda_model.log" 2>&1
grep -iE "host|gather" "$OUT/test_cuda_fused_ops.log" "$OUT/test_cuda_model.log"

python3 tests/bench/host_link.py | tee "$OUT/host_link.json"
stamp "host link measured"

wait $maker
stamp "model: $(tail -1 "$OUT/make.log")"
for i in $(seq "$RUNS"); do
    for placement in host gpu; do
        flag=()
        [ "$placement" = gpu ] && flag=(--embeddings-on-gpu)
        "$BUILD/tests/bench/bench_train" --model "$MODELS/$SHAPE" --method lora --batch "$BATCH" --seq "$SEQ" \
            --steps 10 "${flag[@]}" 2>>"$OUT/ab.err" |
            python3 -c "import json,sys; r=json.loads(sys.stdin.read()); r['placement']='$placement'; print(json.dumps(r))" |
            tee -a "$OUT/ab.jsonl"
    done
done
stamp "done"
