#!/usr/bin/env bash
# The memory estimate against measured peaks on runs larger than the PEFT table's: long sequences, large
# batches, checkpointed or not, for each method, and Qwen3 and sliding-window shapes (make_arch_shapes.py).
# One bench_train JSON line per run into OUT/estimate-sweep.jsonl (a run that fails, out of memory included,
# leaves its error line), then a table of estimate, peak and error. Exits 1 when a run underestimates its peak by more than 10%: --fit and the
# out-of-memory advice plan with this estimate, so an underestimate is the error that costs users a crash.
#   tests/gpu/run_estimate_sweep.sh OUT DEPS [SHAPE:METHOD:BATCH:SEQ[:ckpt] ...]
set -uo pipefail
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
DEPS=$(cd "$2" && pwd)
shift 2
export OUT DEPS
# shellcheck source=gpu_common.sh
source "$(dirname "$0")/gpu_common.sh"

configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(
    llama-1b:lora:64:4096:ckpt
    llama-1b:lora:32:4096:ckpt llama-1b:lora-fa:32:4096:ckpt llama-1b:qlora:32:4096:ckpt
    llama-1b:lora:1:32768:ckpt llama-1b:lora-fa:1:32768:ckpt llama-1b:qlora:1:32768:ckpt
    llama-1b:lora:1:16384 llama-1b:qlora:1:16384
    llama-8b:lora:8:4096:ckpt llama-8b:qlora:8:4096:ckpt llama-8b:lora-fa:1:8192
    qwen3-0.6b:lora:8:2048 qwen3-0.6b:qlora:8:2048:ckpt
    mistral-sw-1b:lora:2:4096 mistral-sw-1b:lora-fa:2:4096:ckpt)
shapes=$(printf '%s\n' "${configs[@]}" | cut -d: -f1 | sort -u)
# shellcheck disable=SC2086  # one word per shape
make_shapes $shapes
write_environment
configure_and_build bench_train || exit 1
wait "$shape_maker"

for cfg in "${configs[@]}"; do
    IFS=: read -r shape method batch seq extra <<<"$cfg"
    flags=()
    [ "$extra" = ckpt ] && flags+=(--grad-ckpt)
    "$BUILD/tests/bench/bench_train" --model "$MODELS/$shape" --method "$method" --batch "$batch" --seq "$seq" \
        --steps 3 --warmup 2 "${flags[@]}" >"$OUT/run.json" 2>"$OUT/run.err"
    line=$(tail -1 "$OUT/run.json")
    [ -n "$line" ] || line="{\"error\": $(python3 -c 'import json,sys;print(json.dumps(sys.argv[1]))' "$(tail -c 300 "$OUT/run.err")")}"
    python3 -c 'import json,sys; j=json.loads(sys.argv[1]); j["config"]=sys.argv[2]; print(json.dumps(j))' \
        "$line" "$cfg" >>"$OUT/estimate-sweep.jsonl"
    stamp "$cfg"
done
rm -f "$OUT/run.json" "$OUT/run.err"

python3 - "$OUT/estimate-sweep.jsonl" <<'PY'
import json, sys
worst = 0.0
print("| config | estimate GiB | measured peak GiB | error | tokens/s |")
print("|---|---|---|---|---|")
for line in open(sys.argv[1]):
    j = json.loads(line)
    if "error" in j:
        print(f"| {j['config']} | | | {j['error'][:80]} | |")
        continue
    err = j["estimate_error"]
    worst = min(worst, err)
    print(f"| {j['config']} | {j['estimate_gib']:.2f} | {j['peak_mem_gib']:.2f} | {100 * err:+.1f}% | {j['tokens_per_s']:.0f} |")
print(f"largest underestimate: {100 * worst:.1f}%")
sys.exit(1 if worst < -0.10 else 0)
PY
