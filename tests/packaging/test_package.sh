#!/usr/bin/env bash
# Usage: test_package.sh BUILD_DIR [CMAKE [CPACK]]
# The Debian package as a user meets it: BUILD_DIR's target package_files is brought up to date, cpack
# packages it, apt-get installs it (resolving the Depends that dpkg-shlibdeps computed), the installed CLI
# runs its selftest, the installed GUI renders the demo model offscreen, the desktop entry and metainfo
# validate, and apt-get removes it without leftovers.
#
# Safe on a developer's machine: skipped (77) without root or passwordless sudo, and when lora-studio (or a
# file it would own) is already installed; the package is removed on every exit path (trap). Every step has
# its own time limit, so that ctest's TIMEOUT (which kills without a trap) never hits while it is installed.
# Do not wrap cpack in /tmp/ls-build.lock here: ctest itself runs under that lock.
set -u
BUILD=$(cd "$1" && pwd)
CMAKE=${2:-cmake}
CPACK=${3:-cpack}
APP_ID=io.github.lorastudio.LoRAStudio
PKG=lora-studio

skip() {
    echo "SKIP: $1"
    exit 77
}
die() {
    echo "[ FAIL ] $1"
    exit 1
}
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "[ PASS ] $1"; }
bad() { failed=$((failed + 1)); echo "[ FAIL ] $1"; }
is_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null)" = installed ]; }
# Any trace in dpkg's database (installed, unpacked, half-installed, config-files).
is_present() {
    local status
    status=$(dpkg-query -W -f='${db:Status-Status}' "$PKG" 2>/dev/null)
    [ -n "$status" ] && [ "$status" != not-installed ]
}

# ---- may we install at all, and without touching what the machine has?
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || skip "not a Debian system (no apt-get / dpkg-deb)"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
else
    skip "installing the package needs root or passwordless sudo"
fi
is_present && skip "$PKG is installed on this machine; the test would replace and then remove it"
for f in /usr/bin/lora-studio /usr/bin/lora-studio-cli /usr/share/lora-studio; do
    [ -e "$f" ] && skip "$f exists (not from the package); the test would overwrite and then delete it"
done
[ -f "$BUILD/CPackConfig.cmake" ] || die "$BUILD/CPackConfig.cmake missing (configure the build first)"
for tool in dpkg-shlibdeps desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null || die "$tool is missing (scripts/setup.sh installs it)"
done

TMP=$(mktemp -d /tmp/ls-package-test.XXXXXX)
chmod 755 "$TMP"  # apt's _apt user reads the .deb from here
installed=0
cleanup() {
    if [ "$installed" -eq 1 ] && is_present; then
        echo "cleanup: removing $PKG"
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=120 "$PKG" \
            >/dev/null 2>&1 || "${SUDO[@]}" dpkg --purge --force-remove-reinstreq "$PKG"
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'echo "interrupted: cleaning up"; exit 130' INT TERM HUP

stage() { echo "--- $1 ($(($(date +%s) - t0)) s)"; }
t0=$(date +%s)

# ---- build the package
stage "build package_files"
timeout 900 "$CMAKE" --build "$BUILD" --target package_files >"$TMP/build.log" 2>&1 \
    || { tail -n 40 "$TMP/build.log"; die "cmake --build $BUILD --target package_files failed"; }
stage "cpack"
(cd "$TMP" && timeout 300 "$CPACK" -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TMP/pkg") >"$TMP/cpack.log" 2>&1 \
    || { tail -n 40 "$TMP/cpack.log"; die "cpack -G DEB failed"; }
DEB=$(ls "$TMP"/pkg/${PKG}_*.deb 2>/dev/null | head -n 1)
[ -n "$DEB" ] || { tail -n 20 "$TMP/cpack.log"; die "cpack wrote no ${PKG}_*.deb"; }
ok "cpack built $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"
depends=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $depends"
for lib in libtorch libqt6widgets6 libqcustomplot libc6; do
    grep -q "$lib" <<<"$depends" && ok "Depends names $lib" || bad "Depends names $lib"
done
if command -v lintian >/dev/null; then
    stage "lintian"
    timeout 300 lintian --fail-on error "$DEB" >"$TMP/lintian.log" 2>&1
    rc=$?
    sed 's/^/  lintian: /' "$TMP/lintian.log"
    [ $rc -eq 0 ] && ok "lintian: no errors" || bad "lintian reports errors"
fi

# ---- install (only with time left for every later step before ctest's TIMEOUT of 1800 s)
stage "apt-get install"
[ $(($(date +%s) - t0)) -lt 1200 ] \
    || die "the build took too long: no time left to install, test and remove the package before ctest's timeout"
installed=1
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=120 "$DEB" >"$TMP/install.log" 2>&1 \
    || { tail -n 30 "$TMP/install.log"; die "apt-get install $DEB failed"; }
is_installed && ok "apt-get install" || die "apt-get install left $PKG not installed"
for f in /usr/bin/lora-studio /usr/bin/lora-studio-cli /usr/share/lora-studio/demo/model/config.json \
    /usr/share/lora-studio/demo/model/model.safetensors /usr/share/lora-studio/demo/model/tokenizer.json \
    /usr/share/applications/$APP_ID.desktop /usr/share/metainfo/$APP_ID.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/$APP_ID.svg /usr/share/icons/hicolor/48x48/apps/$APP_ID.png \
    /usr/share/icons/hicolor/256x256/apps/$APP_ID.png \
    /usr/share/man/man1/lora-studio-cli.1.gz /usr/share/man/man1/lora-studio.1.gz \
    /usr/share/doc/$PKG/copyright /usr/share/doc/$PKG/changelog.Debian.gz; do
    [ -f "$f" ] || missing="${missing:-} $f"
done
[ -z "${missing:-}" ] && ok "installed files" || bad "installed files missing:$missing"
[ -z "$(ls /usr/share/lora-studio/demo/model | grep reference)" ] && ok "the demo model has no test reference files" \
    || bad "the demo model has the test's reference files"
gzip -t /usr/share/man/man1/lora-studio-cli.1.gz /usr/share/man/man1/lora-studio.1.gz \
    /usr/share/doc/$PKG/changelog.Debian.gz && ok "man pages and changelog are gzip" || bad "invalid gzip files"
missing_libs=$(ldd /usr/bin/lora-studio /usr/bin/lora-studio-cli | grep "not found")
[ -z "$missing_libs" ] && ok "every shared library resolves" || bad "unresolved libraries: $missing_libs"

# ---- run what was installed (HOME and TMPDIR in the scratch folder: nothing of the user's is touched)
mkdir -p "$TMP/home" "$TMP/run"
chmod 700 "$TMP/run"
run_env=(env -u LS_DEMO_MODEL HOME="$TMP/home" TMPDIR="$TMP" XDG_RUNTIME_DIR="$TMP/run")
stage "selftest"
"${run_env[@]}" timeout 120 /usr/bin/lora-studio-cli selftest >"$TMP/selftest.out" 2>"$TMP/selftest.err"
rc=$?
sed 's/^/  /' "$TMP/selftest.out"
if [ $rc -eq 0 ] && grep -q "demo model /usr/share/lora-studio/demo/model" "$TMP/selftest.out" \
    && grep -q "4 of 4 checks passed" "$TMP/selftest.out"; then
    ok "installed lora-studio-cli selftest"
else
    bad "installed lora-studio-cli selftest (rc=$rc, stderr: $(head -c 400 "$TMP/selftest.err"))"
fi
"${run_env[@]}" /usr/bin/lora-studio-cli --version | grep -q "^lora-studio-cli " && ok "lora-studio-cli --version" \
    || bad "lora-studio-cli --version"

stage "GUI offscreen"
shot="$TMP/shot.png"
"${run_env[@]}" QT_QPA_PLATFORM=offscreen timeout 60 /usr/bin/lora-studio --model demo --screenshot "$shot" \
    >"$TMP/gui.log" 2>&1
rc=$?
size=$(stat -c %s "$shot" 2>/dev/null || echo 0)
magic=$(od -An -tx1 -N8 "$shot" 2>/dev/null | tr -d ' \n')
dims=$(od -An -tu1 -j16 -N8 "$shot" 2>/dev/null \
    | awk '{print ($1*16777216+$2*65536+$3*256+$4) "x" ($5*16777216+$6*65536+$7*256+$8)}')
if [ $rc -eq 0 ] && [ "$magic" = "89504e470d0a1a0a" ] && [ "$size" -gt 10000 ]; then
    ok "installed GUI rendered the demo model offscreen ($dims, $size bytes)"
else
    bad "installed GUI screenshot (rc=$rc, $size bytes, header $magic): $(tail -c 400 "$TMP/gui.log")"
fi

stage "validate"
desktop-file-validate /usr/share/applications/$APP_ID.desktop >"$TMP/dfv.log" 2>&1
if [ $? -eq 0 ] && ! grep -q "error" "$TMP/dfv.log"; then
    ok "desktop-file-validate"
else
    bad "desktop-file-validate: $(cat "$TMP/dfv.log")"
fi
appstreamcli validate --no-net /usr/share/metainfo/$APP_ID.metainfo.xml >"$TMP/as.log" 2>&1 \
    && ok "appstreamcli validate --no-net" || bad "appstreamcli validate: $(cat "$TMP/as.log")"

# ---- remove
stage "apt-get remove"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq -o DPkg::Lock::Timeout=120 "$PKG" \
    >"$TMP/remove.log" 2>&1 || { tail -n 20 "$TMP/remove.log"; die "apt-get remove $PKG failed"; }
if is_installed; then bad "$PKG still installed after apt-get remove"; else installed=0; fi
left=""
for f in /usr/bin/lora-studio /usr/bin/lora-studio-cli /usr/share/applications/$APP_ID.desktop \
    /usr/share/metainfo/$APP_ID.metainfo.xml; do
    [ -e "$f" ] && left="$left $f"
done
[ -d /usr/share/lora-studio ] && left="$left $(find /usr/share/lora-studio -type f | tr '\n' ' ')"
[ -z "${left// /}" ] && ok "apt-get remove leaves nothing behind" || bad "left after removal:$left"

stage "done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
