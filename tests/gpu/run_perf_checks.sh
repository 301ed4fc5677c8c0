#!/usr/bin/env bash
# Issue 8's GPU round in one device call: builds core + tests + benchmarks against pip LibTorch, runs the
# CUDA tests, profiles two steps of llama-1b LoRA and QLoRA (kernel time by kind), then the side-by-side
# comparison with transformers + PEFT (tests/bench/compare_peft.py), QLoRA included through bitsandbytes
# built from shared/reference (REF_DIR). Everything lands in OUT as it finishes. LS_PROFILE_METHODS=""
# skips the profile; LS_PROFILE_SHAPE and LS_PROFILE_BATCH_SEQ pick what is profiled (llama-1b, "4 1024");
# LS_SHAPES lists the shapes made up front (llama-1b llama-8b).
#   tests/gpu/run_perf_checks.sh OUT DEPS_DIR REF_DIR [compare_peft.py args...]
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
REF=$(cd "$3" && pwd)
shift 3
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
mkdir -p "$OUT" "$MODELS"
t0=$(date +%s)
stamp() { echo "[$(( $(date +%s) - t0 )) s] $*"; }

(source "$REF/build-bitsandbytes.sh") >"$OUT/bnb.log" 2>&1 &
bnb=$!
(for s in ${LS_SHAPES:-llama-1b llama-8b}; do
    [ -f "$MODELS/$s/config.json" ] || python3 "$DEPS/peft_baseline.py" make --shape "$s" --out "$MODELS/$s"
done) >"$OUT/make.log" 2>&1 &
maker=$!

TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
export LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
{
    echo "torch $(python3 -c 'import torch;print(torch.__version__, torch.version.cuda)')"
    python3 -c 'import transformers, peft; print("transformers", transformers.__version__, "peft", peft.__version__)'
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
} >"$OUT/environment.txt" 2>&1
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF \
      -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DEPS" >"$OUT/configure.log" 2>&1 || { tail -30 "$OUT/configure.log"; exit 1; }
cmake --build "$BUILD" -j "$(nproc)" >"$OUT/build.log" 2>&1 || { grep -E "error|FAILED" "$OUT/build.log" | head -40; exit 1; }
stamp "built"
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$? ($(grep -c 'Passed' "$OUT/ctest_cuda.log") passed)"
grep -E "tests passed|Failed|rmsnorm|swiglu" "$OUT/ctest_cuda.log" | head -20
"$BUILD/tests/test_cuda_fused_ops" 2>&1 | tail -12

wait $maker
stamp "shapes made: $(tail -1 "$OUT/make.log")"
PROFILE_SHAPE=${LS_PROFILE_SHAPE:-llama-1b}
read -r PROFILE_BATCH PROFILE_SEQ <<<"${LS_PROFILE_BATCH_SEQ:-4 1024}"
for m in ${LS_PROFILE_METHODS-lora qlora}; do
    "$BUILD/tests/bench/bench_train" --model "$MODELS/$PROFILE_SHAPE" --method "$m" --batch "$PROFILE_BATCH" \
        --seq "$PROFILE_SEQ" --steps 3 --warmup 2 --profile "/tmp/trace-$m.json" >>"$OUT/profile_runs.jsonl" \
        2>>"$OUT/profile.err"
    python3 tests/bench/summarize_trace.py "/tmp/trace-$m.json" >"$OUT/profile-$PROFILE_SHAPE-$m.json"
done
stamp "profiled"
cat "$OUT/profile_runs.jsonl"

wait $bnb
export PYTHONPATH=/tmp/bnb-site${PYTHONPATH:+:$PYTHONPATH}
stamp "bitsandbytes: $(tail -1 "$OUT/bnb.log")"
python3 tests/bench/compare_peft.py --bench "$BUILD/tests/bench/bench_train" --baseline "$DEPS/peft_baseline.py" \
    --models "$MODELS" "$@" | tee "$OUT/compare.jsonl"
stamp "done"
