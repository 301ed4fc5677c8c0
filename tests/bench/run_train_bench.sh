#!/usr/bin/env bash
# On the GPU machine: makes the llama-1b and llama-8b shapes with shared/bench/peft_baseline.py (random
# init, Hugging Face folders) and runs bench_train on them for each method; one JSON line per
# configuration in OUT/train_bench.jsonl. With WITH_PEFT=1 the PEFT baseline runs beside each one.
#   tests/bench/run_train_bench.sh BUILD_DIR OUT_DIR PEFT_BASELINE_PY [MODELS_DIR]
set -uo pipefail
BUILD=$1
OUT=$2
BASELINE=$3
MODELS=${4:-/tmp/ls-bench-models}
BENCH="$BUILD/tests/bench/bench_train"
mkdir -p "$OUT" "$MODELS"
log="$OUT/train_bench.jsonl"

make_shape() {
    [ -f "$MODELS/$1/config.json" ] || python3 "$BASELINE" make --shape "$1" --out "$MODELS/$1" | tee -a "$OUT/make.log"
}

# bench SHAPE METHOD BATCH SEQ [--grad-ckpt]
bench() {
    local shape=$1 method=$2 batch=$3 seq=$4 extra=${5:-}
    "$BENCH" --model "$MODELS/$shape" --method "$method" --rank 16 --batch "$batch" --seq "$seq" \
        --steps "${STEPS:-8}" --warmup 2 $extra 2>>"$OUT/bench_stderr.log" | tee -a "$log"
    if [ "${WITH_PEFT:-0}" = 1 ]; then
        python3 "$BASELINE" train --model "$MODELS/$shape" --method "$method" --rank 16 --batch "$batch" --seq "$seq" \
            --steps "${STEPS:-8}" --warmup 2 $extra 2>>"$OUT/peft_stderr.log" | tee -a "$log"
    fi
}

make_shape llama-1b
for m in lora lora-fa qlora; do bench llama-1b "$m" 4 1024; done
make_shape llama-8b
for m in lora lora-fa; do bench llama-8b "$m" 2 1024; done
bench llama-8b qlora 1 1024
bench llama-8b qlora 1 1024 --grad-ckpt
