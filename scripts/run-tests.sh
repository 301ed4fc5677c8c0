#!/usr/bin/env bash
# Installs dependencies, builds and runs the whole test suite through ctest (benchmarks excluded:
# they run on the GPU machine). CUDA tests report themselves skipped where no GPU exists.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ctest --preset release -j 2 "$@"
