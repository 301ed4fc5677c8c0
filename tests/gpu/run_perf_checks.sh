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
# shellcheck source=tests/gpu/gpu_common.sh
source "$(dirname "$0")/gpu_common.sh"

(source "$REF/build-bitsandbytes.sh") >"$OUT/bnb.log" 2>&1 &
bnb=$!
# shellcheck disable=SC2086
make_shapes ${LS_SHAPES:-llama-1b llama-8b}
write_environment
configure_and_build || exit 1
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$? ($(grep -c 'Passed' "$OUT/ctest_cuda.log") passed)"
grep -E "tests passed|Failed|rmsnorm|swiglu" "$OUT/ctest_cuda.log" | head -20
"$BUILD/tests/test_cuda_fused_ops" 2>&1 | tail -12

wait $shape_maker
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
