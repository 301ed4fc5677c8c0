#!/usr/bin/env bash
# Rebuilds the embedded demo model and the demo fine-tuning data from nothing, with fixed seeds:
#   1. tools/demo/make_corpus.py     simple-English pretraining text (~4 MB of JSONL, not committed)
#   2. tools/demo/train_bpe.py       a 2048-token byte-level BPE tokenizer trained on it
#   3. lora-studio-cli pretrain      the model of tools/demo/shape.json, every parameter trained on it
#   4. tools/demo/make_demo_dataset.py   resources/demo/dataset.jsonl and heldout.jsonl
# Writes resources/demo/model/ (config.json, model.safetensors, tokenizer files, generation_config.json,
# pretrain.json) and keeps the corpus, tokenizer and log in $WORK (default build/demo-assets).
# Needs a built CLI (cmake --build build/release --target lora-studio-cli). About 15 minutes on 2 CPU
# cores (15-20 minutes when the machine is shared); bf16 compute (oneDNN) is what makes that possible
# on the CPU.
#
#   tools/demo/rebuild.sh [--steps N]
set -euo pipefail
cd "$(dirname "$0")/../.."

STEPS=2400
if [[ "${1:-}" == "--steps" ]]; then STEPS="$2"; fi
CLI="${LS_CLI:-build/release/app/lora-studio-cli}"
WORK="${WORK:-build/demo-assets}"
MODEL=resources/demo/model
[[ -x "$CLI" ]] || { echo "error: $CLI not found; build it first (cmake --build build/release --target lora-studio-cli)" >&2; exit 1; }

mkdir -p "$WORK" "$MODEL"
python3 tools/demo/make_corpus.py --out "$WORK/corpus.jsonl" --size-mb 4 --seed 1234
python3 tools/demo/train_bpe.py --corpus "$WORK/corpus.jsonl" --vocab-size 2048 --out "$WORK/tokenizer"
nice -n 10 "$CLI" pretrain --shape tools/demo/shape.json --tokenizer "$WORK/tokenizer" --data "$WORK/corpus.jsonl" \
    --steps "$STEPS" --batch 16 --seq 128 --lr 2e-3 --seed 1 --dtype bf16 --device cpu --log-every 50 \
    --out "$MODEL" 2>&1 | tee "$WORK/pretrain.log"
python3 tools/demo/make_demo_dataset.py --out resources/demo --seed 7

echo "--- greedy samples"
for prompt in "The cat" "Q: What colour is grass? A:" "One day, Mia went to the"; do
    "$CLI" generate "$MODEL" --prompt "$prompt" --greedy --max-new-tokens 40
done
ls -l "$MODEL"
