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
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
mkdir -p "$OUT" "$MODELS"
t0=$(date +%s)
stamp() { echo "[$(($(date +%s) - t0)) s] $*"; }

shapes=$(printf '%s\n' "$@" | grep -o 'M/[a-z0-9-]*' | sort -u | cut -c3-)
(for s in $shapes; do
    [ -f "$MODELS/$s/config.json" ] || python3 "$DEPS/peft_baseline.py" make --shape "$s" --out "$MODELS/$s"
done) >"$OUT/make.log" 2>&1 &
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
cuda_tests=$(cd tests/core && ls test_cuda_*.cpp | sed 's/\.cpp$//')
# shellcheck disable=SC2086
cmake --build "$BUILD" -j "$(nproc)" --target bench_train $cuda_tests >"$OUT/build.log" 2>&1 || {
    grep -E "error|FAILED" "$OUT/build.log" | head -40
    exit 1
}
stamp "built"
ctest --test-dir "$BUILD" -L cuda --output-on-failure -j 2 >"$OUT/ctest_cuda.log" 2>&1
stamp "cuda tests rc=$?"
grep -E "Test +#|tests passed|FAIL" "$OUT/ctest_cuda.log"
for t in $cuda_tests; do "$BUILD/tests/$t" >"$OUT/$t.log" 2>&1; done
grep -hE "FAIL|offloaded" "$OUT"/test_cuda_*.log
python3 tests/bench/host_link.py >"$OUT/host_link.json" 2>&1

wait $maker
stamp "models: $(tail -1 "$OUT/make.log")"
for i in $(seq "$RUNS"); do
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
