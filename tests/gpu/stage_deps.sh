#!/usr/bin/env bash
# Copies what the GPU machine lacks (nlohmann/json headers and CMake config) and a clean export of
# HEAD into ignored folders of the checkout, to carry there with the device tool.
#   tests/gpu/stage_deps.sh   -> .gpu-deps/ (prefix) and .gpu-src/ (git archive HEAD)
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf .gpu-deps .gpu-src
mkdir -p .gpu-deps/include .gpu-deps/share/cmake .gpu-src
cp -r /usr/include/nlohmann .gpu-deps/include/
cp -r /usr/share/cmake/nlohmann_json .gpu-deps/share/cmake/
git archive HEAD | tar -x -C .gpu-src
grep -qx '/.gpu-deps/' .git/info/exclude || echo '/.gpu-deps/' >>.git/info/exclude
grep -qx '/.gpu-src/' .git/info/exclude || echo '/.gpu-src/' >>.git/info/exclude
du -sh .gpu-deps .gpu-src
