#!/usr/bin/env bash
# Issue 5's GPU checks in one device call: builds and tests (run_gpu_suite.sh) while the benchmark shapes
# are made in the background, then the PEFT interop script and bench_train over the shapes.
#   tests/gpu/run_train_checks.sh OUT_DIR DEPS_DIR   (DEPS_DIR: tests/gpu/stage_deps.sh + peft_baseline.py)
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
mkdir -p "$OUT" "$MODELS"
(for s in llama-1b llama-8b; do
    [ -f "$MODELS/$s/config.json" ] || python3 "$DEPS/peft_baseline.py" make --shape "$s" --out "$MODELS/$s"
done) >"$OUT/make.log" 2>&1 &
maker=$!
export LS_GPU_BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
tests/gpu/run_gpu_suite.sh . "$DEPS" "$OUT" >"$OUT/suite.log" 2>&1
echo "gpu suite rc=$?"
tail -6 "$OUT/suite.log"
export LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
timeout 180 python3 tests/reference/check_peft_interop.py --cli "$LS_GPU_BUILD/app/lora-studio-cli" \
    --model tests/fixtures/models/llama3 >"$OUT/interop.jsonl" 2>"$OUT/interop.err"
echo "interop rc=$?"
cat "$OUT/interop.jsonl"
wait $maker
tail -2 "$OUT/make.log"
STEPS=${STEPS:-5} tests/bench/run_train_bench.sh "$LS_GPU_BUILD" "$OUT" "$DEPS/peft_baseline.py" "$MODELS"
timeout 240 tests/gpu/check_train_faults.sh "$LS_GPU_BUILD" "$MODELS/llama-1b" "$OUT"
echo "faults rc=$?"
