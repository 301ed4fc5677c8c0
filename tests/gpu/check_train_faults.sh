#!/usr/bin/env bash
# GPU checks of the training engine's failure paths and options, through the CLI on a benchmark shape:
# a run far too large for the card ends with a one-line "CUDA out of memory" error (exit 1, no crash)
# that carries the estimate and what would fit; the same run with --fit gpu turns that on and trains; the paged
# optimizer trains; gradient checkpointing trains.
#   tests/gpu/check_train_faults.sh BUILD_DIR MODEL_DIR OUT_DIR
set -uo pipefail
CLI="$1/app/lora-studio-cli"
MODEL=$2
OUT=$3
WORK=$(mktemp -d)
fails=0
# The benchmark shapes have no tokenizer: borrow the fixture's (its ids are all inside the vocabulary).
[ -f "$MODEL/tokenizer.json" ] || cp tests/fixtures/models/llama3/tokenizer*.json "$MODEL/"
python3 - "$WORK/data.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(64):
        f.write(json.dumps({"text": " ".join("word%d" % ((i * 7 + k) % 97) for k in range(3000))}) + "\n")
PY
report() { echo "{\"check\": \"$1\", \"ok\": $2, \"detail\": $(python3 -c 'import json,sys;print(json.dumps(sys.argv[1]))' "$3")}" | tee -a "$OUT/faults.jsonl"; }

"$CLI" train --model "$MODEL" --data "$WORK/data.jsonl" --method lora --rank 16 --targets all-linear --steps 2 \
    --batch 64 --seq 4096 --device cuda --out "$WORK/oom" --quiet >"$WORK/oom.out" 2>"$WORK/oom.err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$WORK/oom.err")" -eq 1 ] && grep -q "CUDA out of memory (estimated need" "$WORK/oom.err"; then
    report "out of memory is a one-line error with the estimate" true "$(cat "$WORK/oom.err")"
else
    report "out of memory is a one-line error with the estimate" false "rc=$rc $(head -c 400 "$WORK/oom.err")"; fails=1
fi
# Four steps, so that memory.json holds the measured peak: it must stay within the budget the fit planned for.
"$CLI" train --model "$MODEL" --data "$WORK/data.jsonl" --method lora --rank 16 --targets all-linear --steps 4 \
    --batch 64 --seq 4096 --device cuda --fit gpu --out "$WORK/fit" >"$WORK/fit.out" 2>"$WORK/fit.err"
rc=$?
fit_line=$(grep "^fit:" "$WORK/fit.err")
if [ $rc -eq 0 ] && grep -q "finished 4 steps" "$WORK/fit.out" && [[ $fit_line == "fit: turned on"* ]] &&
    python3 - "$fit_line" "$WORK/fit/memory.json" <<'PY'; then
import json, re, sys
budget_gib = float(re.search(r"of ([0-9.]+) GiB\)", sys.argv[1]).group(1))
peak = json.load(open(sys.argv[2]))["measured_peak"]
print(f"measured peak {peak / 2**30:.2f} GiB, budget {budget_gib} GiB", file=sys.stderr)
sys.exit(0 if peak <= budget_gib * 2**30 else 1)
PY
    report "the same run with --fit gpu trains within its budget" true "$fit_line $(tr -d '\n ' <"$WORK/fit/memory.json" | head -c 400)"
else
    report "the same run with --fit gpu trains within its budget" false "rc=$rc $fit_line $(tail -c 400 "$WORK/fit.err")"; fails=1
fi
for extra in "--paged-optimizer" "--grad-ckpt"; do
    "$CLI" train --model "$MODEL" --data "$WORK/data.jsonl" --method qlora --rank 16 --targets all-linear --steps 4 \
        --batch 2 --seq 512 --device cuda $extra --out "$WORK/run$extra" --quiet >"$WORK/o" 2>"$WORK/e"
    rc=$?
    if [ $rc -eq 0 ] && grep -q "finished 4 steps" "$WORK/o" && [ -f "$WORK/run$extra/memory.json" ]; then
        report "qlora $extra trains" true "$(cat "$WORK/o" | head -1) $(tr -d '\n ' <"$WORK/run$extra/memory.json" | head -c 300)"
    else
        report "qlora $extra trains" false "rc=$rc $(head -c 400 "$WORK/e")"; fails=1
    fi
done
rm -rf "$WORK"
exit $fails
