#!/usr/bin/env bash
# Builds the CUDA variant of lora-studio-cli against the LibTorch of a pip torch install and makes a
# relocatable archive: bin/ (RPATH $ORIGIN/../lib), lib/ (the torch and CUDA libraries it loads, copied
# flat, each with RUNPATH $ORIGIN), share/lora-studio/demo/ (demo model and dataset). Only glibc, the
# C++ runtime's system part and the NVIDIA driver (libcuda.so.1) come from the machine it runs on.
#   packaging/cuda/make-archive.sh OUT_DIR [EXTRA_PREFIX]
# EXTRA_PREFIX: what the build machine lacks (nlohmann/json; tests/gpu/stage_deps.sh makes .gpu-deps).
# Writes OUT_DIR/lora-studio-cuda-<version>-linux-x86_64.tar.zst (or .tar.gz without zstd) and verifies
# the unpacked copy at another path: no library resolves outside it, and `selftest --device cuda` passes.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
DEPS=${2:-}
BUILD=${LS_ARCHIVE_BUILD:-/tmp/ls-archive-build}
TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)')
TORCH_LIB=$(python3 -c 'import torch,os;print(os.path.join(os.path.dirname(torch.__file__),"lib"))')
VERSION=$(sed -n 's/^project(LoRAStudio VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
NAME=lora-studio-cuda-${VERSION:-0}-linux-x86_64
STAGE=$(mktemp -d)/$NAME

# --disable-new-dtags: a DT_RPATH (unlike DT_RUNPATH) also serves the libraries' own dependencies.
cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLS_BUILD_GUI=OFF -DLS_BUILD_TESTS=OFF \
      -DCMAKE_PREFIX_PATH="$TORCH_PREFIX${DEPS:+;$DEPS}" \
      -DCMAKE_INSTALL_RPATH='$ORIGIN/../lib' -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON \
      -DCMAKE_EXE_LINKER_FLAGS='-Wl,--disable-new-dtags' >"$OUT/archive-configure.log"
cmake --build "$BUILD" -j "$(nproc)" --target package_files >"$OUT/archive-build.log"
cmake --install "$BUILD" --prefix "$STAGE" >"$OUT/archive-install.log"
rm -rf "$STAGE/share/lintian" "$STAGE/share/man"

# Every library the program loads, as the pip install resolves them, except the machine's own: glibc's
# parts, the dynamic loader and the driver (libcuda must match the kernel module).
system_lib='^(libc|libm|libdl|libpthread|librt|libutil|ld-linux-x86-64|linux-vdso|libcuda)\.so'
mkdir -p "$STAGE/lib"
LD_LIBRARY_PATH="$TORCH_LIB" ldd "$STAGE/bin/lora-studio-cli" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' |
    while read -r soname path; do
        [[ "$soname" =~ $system_lib ]] && continue
        cp -L "$path" "$STAGE/lib/$soname"
    done
# torch dlopens some libraries by name at run time (NVRTC for fused kernels, cuDNN's sub-libraries, ...).
for pattern in 'libnvrtc*.so*' 'libnvrtc-builtins*.so*' 'libcudnn_*.so*' 'libnvJitLink*.so*' 'libcusparseLt*.so*'; do
    find "$TORCH_LIB" "$(dirname "$TORCH_LIB")/../nvidia" -name "$pattern" -type f 2>/dev/null |
        while read -r path; do [ -e "$STAGE/lib/$(basename "$path")" ] || cp -L "$path" "$STAGE/lib/"; done
done
if command -v patchelf >/dev/null; then
    for lib in "$STAGE"/lib/*.so*; do patchelf --set-rpath '$ORIGIN' "$lib"; done
fi
cat >"$STAGE/README.txt" <<EOF
LoRA Studio $VERSION, command-line engine with CUDA (LibTorch $(python3 -c 'import torch;print(torch.__version__)')).
Needs an x86-64 Linux with glibc 2.28 or newer and the NVIDIA driver (580 or newer for CUDA 13).
Unpack anywhere and run:  bin/lora-studio-cli selftest --device cuda
EOF

# Verify a copy at another path, with nothing from the pip install on the search path.
CHECK=$(mktemp -d)/moved
cp -a "$STAGE" "$CHECK"
env -u LD_LIBRARY_PATH ldd "$CHECK/bin/lora-studio-cli" >"$OUT/archive-ldd.txt"
if grep -E "not found|site-packages|dist-packages" "$OUT/archive-ldd.txt"; then
    echo "archive: a library resolves outside the archive (see archive-ldd.txt)" >&2
    exit 1
fi
outside=$(awk '$2 == "=>" && $3 ~ /^\// {print $3}' "$OUT/archive-ldd.txt" | grep -v "^$CHECK/" | xargs -n1 basename | tr '\n' ' ')
env -u LD_LIBRARY_PATH "$CHECK/bin/lora-studio-cli" selftest --device cuda | tee "$OUT/archive-selftest.txt"

cd "$(dirname "$STAGE")"
if command -v zstd >/dev/null; then
    archive="$OUT/$NAME.tar.zst"
    tar -cf - "$NAME" | zstd -q -T0 -3 -o "$archive"
else
    archive="$OUT/$NAME.tar.gz"
    tar -czf "$archive" "$NAME"
fi
printf '{"archive": "%s", "bytes": %s, "unpacked_bytes": %s, "libraries": %s, "from_system": "%s"}\n' \
    "$(basename "$archive")" "$(stat -c %s "$archive")" "$(du -sb "$STAGE" | cut -f1)" \
    "$(ls "$STAGE/lib" | wc -l)" "$outside" | tee "$OUT/archive.json"
