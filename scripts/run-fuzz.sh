#!/usr/bin/env bash
# Bounded libFuzzer run over the parsers of outside files (issue 9): builds tests/fuzz with clang into
# build/fuzz (ASan + UBSan + libFuzzer; torch, Qt and the rest are not built), then runs each target for
# FUZZ_SECONDS (default 35) over its seed corpus in tests/fuzz/corpus/<target>. New inputs go to
# build/fuzz/corpus/<target> (the repository's seeds are never written); a crash, leak, sanitizer report,
# timeout, out-of-memory or non-ls::Error exception leaves its input in build/fuzz/artifacts/<target>/ and
# makes the script exit 1. Usage: scripts/run-fuzz.sh [target ...]   (default: all five)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-35}
ALL_TARGETS=(safetensors model_config tokenizer dataset adapter_config)
TARGETS=("${@:-${ALL_TARGETS[@]}}")
# Longest input per target: a little above its largest seed, far above what finds parser bugs.
declare -A MAX_LEN=([safetensors]=8192 [model_config]=4096 [tokenizer]=16384 [dataset]=8192 [adapter_config]=4096)

if ! command -v clang++ >/dev/null || ! command -v cmake >/dev/null || ! command -v ninja >/dev/null ||
   ! dpkg-query -W -f='${Status}' nlohmann-json3-dev 2>/dev/null | grep -q "install ok installed"; then
    echo "Installing clang (libFuzzer), cmake, ninja and nlohmann-json from Debian packages"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        clang cmake ninja-build nlohmann-json3-dev
fi

BUILD=build/fuzz
cmake -S . -B "$BUILD" -G Ninja -DLS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j 2 --target $(printf 'fuzz_%s ' "${TARGETS[@]}")

# Leaks are findings too (libFuzzer checks after each input); one report stops the target.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=()
summary=()
for t in "${TARGETS[@]}"; do
    work="$BUILD/corpus/$t" artifacts="$BUILD/artifacts/$t" log="$BUILD/logs/$t.log"
    mkdir -p "$work" "$artifacts" "$(dirname "$log")"
    dict=()
    [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
    echo "== fuzz_$t: ${SECONDS_PER_TARGET}s, max_len ${MAX_LEN[$t]}"
    rc=0
    "$BUILD/tests/fuzz/fuzz_$t" "$work" "tests/fuzz/corpus/$t" "${dict[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="${MAX_LEN[$t]}" -timeout=10 -rss_limit_mb=2048 \
        -malloc_limit_mb=1024 -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
    units=$(find "$work" -type f | wc -l)
    seeds=$(find "tests/fuzz/corpus/$t" -type f | wc -l)
    line=$(printf '%-15s %10s execs  %6s edges  %3s seeds  %5s corpus' "$t" "${execs:-?}" "${cov:-?}" "$seeds" "$((units + seeds))")
    if [ "$rc" -ne 0 ]; then
        failed+=("$t")
        line+="  FAILED (exit $rc)"
        echo "---- fuzz_$t failed; the end of $log:"
        tail -60 "$log"
        ls -1 "$artifacts"/ 2>/dev/null | sed "s|^|   artifact: $artifacts/|"
    fi
    summary+=("$line")
done

echo
echo "Fuzz summary (${SECONDS_PER_TARGET}s per target; corpus = seeds + inputs kept in $BUILD/corpus):"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: ${failed[*]} (reproduce: $BUILD/tests/fuzz/fuzz_<target> <artifact>)"
    exit 1
fi
echo "No crashes."
