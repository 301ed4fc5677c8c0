# Sourced by the GPU round scripts (run_ab_checks.sh, run_perf_checks.sh, run_graph_checks.sh): what each of
# them does before its own checks. Expects OUT and DEPS (absolute) to be set; sets MODELS, BUILD, TORCH_PREFIX
# and LD_LIBRARY_PATH, and `stamp` prints a line with the seconds since it was sourced.
# shellcheck shell=bash
MODELS=${LS_BENCH_MODELS:-/tmp/ls-bench-models}
BUILD=${LS_GPU_BUILD:-$PWD/build/gpu}
mkdir -p "$OUT" "$MODELS"
gpu_t0=$(date +%s)
stamp() { echo "[$(($(date +%s) - gpu_t0)) s] $*"; }

TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
LD_LIBRARY_PATH=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
export LD_LIBRARY_PATH

# make_shapes SHAPE...: makes the random-init model folders that are missing (peft_baseline.py make; Qwen3 and
# sliding-window Mistral shapes: make_arch_shapes.py) in the background, logging to OUT/make.log;
# `wait $shape_maker` waits for them.
make_shapes() {
    (for s in "$@"; do
        [ -f "$MODELS/$s/config.json" ] && continue
        case $s in
            qwen3-*|mistral-sw-*) python3 tests/gpu/make_arch_shapes.py "$s" "$MODELS/$s" ;;
            *) python3 "$DEPS/peft_baseline.py" make --shape "$s" --out "$MODELS/$s" ;;
        esac
    done) >"$OUT/make.log" 2>&1 &
    # shellcheck disable=SC2034  # the caller waits for it
    shape_maker=$!
}

# write_environment: torch, transformers, PEFT and the GPU into OUT/environment.txt.
write_environment() {
    {
        echo "torch $(python3 -c 'import torch;print(torch.__version__, torch.version.cuda)')"
        python3 -c 'import transformers, peft; print("transformers", transformers.__version__, "peft", peft.__version__)'
        nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
    } >"$OUT/environment.txt" 2>&1
}

# configure_and_build [TARGET...]: the Qt-free Release build in BUILD against pip LibTorch (all targets when
# none are named); on failure prints the errors and returns 1.
configure_and_build() {
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF \
        -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DEPS" >"$OUT/configure.log" 2>&1 || {
        tail -30 "$OUT/configure.log"
        return 1
    }
    local targets=()
    [ $# -gt 0 ] && targets=(--target "$@")
    cmake --build "$BUILD" -j "$(nproc)" "${targets[@]}" >"$OUT/build.log" 2>&1 || {
        grep -E "error|FAILED" -A3 "$OUT/build.log" | head -60
        return 1
    }
    stamp "built"
}
