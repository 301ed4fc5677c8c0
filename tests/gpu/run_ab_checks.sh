#!/usr/bin/env bash
# A/B timing of engine options in one device call: builds only bench_train and the CUDA tests against pip
# LibTorch, runs the CUDA tests (and host_link.py), makes the llama shapes the runs name, then runs each
# bench_train configuration RUNS times, alternating, one JSON line each with its label (ab.jsonl).
#   tests/gpu/run_ab_checks.sh OUT DEPS_DIR RUNS 'LABEL|bench_train args' ...
# e.g. 'offload|--model M/llama-8b --method lora --batch 2 --seq 1024 --offload-activations', where M/ stands
# for the models folder (LS_BENCH_MODELS, default /tmp/ls-bench-models). The build stays in build/gpu for a
# following tests/gpu/run_perf_checks.sh on the same warm machine.
set -uo pipefail
OUT=$1
DEPS=$(cd "$2" && pwd)
RUNS=$3
shift 3
# shellcheck source=tests/gpu/gpu_common.sh
source "$(dirname "$0")/gpu_common.sh"

# shellcheck disable=SC2046
make_shapes $(printf '%s\n' "$@" | grep -o 'M/[a-z0-9-]*' | sort -u | cut -c3-)
write_environment
cat "$OUT/environment.txt"
cuda_tests=$(cd tests/core && ls test_cuda_*.cpp | sed 's/\.cpp$//')
# shellcheck disable=SC2086
configure_and_build bench_train $cuda_tests || exit 1
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$?"
grep -E "Test +#|tests passed|FAIL" "$OUT/ctest_cuda.log"
for t in $cuda_tests; do "$BUILD/tests/$t" >"$OUT/$t.log" 2>&1; done
grep -hE "FAIL|offloaded" "$OUT"/test_cuda_*.log
python3 tests/bench/host_link.py >"$OUT/host_link.json" 2>&1

wait $shape_maker
stamp "models: $(tail -1 "$OUT/make.log")"
for _ in $(seq "$RUNS"); do
    for config in "$@"; do
        label=${config%%|*}
        args=${config#*|}
        # shellcheck disable=SC2086
        "$BUILD/tests/bench/bench_train" ${args//M\//$MODELS/} 2>>"$OUT/ab.err" |
            LABEL=$label python3 -c "import json,os,sys; r=json.loads(sys.stdin.read()); r['label']=os.environ['LABEL']; print(json.dumps(r))" |
            tee -a "$OUT/ab.jsonl"
    done
done
stamp "done"
