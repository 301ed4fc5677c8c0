#!/usr/bin/env bash
# Installs what LoRA Studio needs from Debian 12 packages (idempotent: quick when all is there),
# then configures and builds into build/release. Usage: scripts/setup.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(cmake ninja-build g++ pkg-config libtorch-dev nlohmann-json3-dev
          qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqcustomplot-dev libgl-dev
          xvfb xauth
          # LibTorch's float32 CPU matmuls go through libblas.so.3: OpenBLAS instead of the reference BLAS
          libopenblas0-pthread
          # packaging (CPack DEB + ctest package_install): dpkg-shlibdeps, PNG icons, validators, lintian
          dpkg-dev librsvg2-bin desktop-file-utils appstream lintian)
missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing from Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# One build job per 6 GiB of memory, at most one per core: torch-heavy files need ~2-3 GiB each.
mem_gb=$(awk '/MemTotal/ {print int($2/1048576)}' /proc/meminfo)
jobs=$(( mem_gb / 6 )); cores=$(nproc); [ "$jobs" -gt "$cores" ] && jobs=$cores; [ "$jobs" -lt 1 ] && jobs=1

cmake --preset release "$@" >/dev/null
cmake --build --preset release -j "$jobs"
