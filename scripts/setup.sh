#!/usr/bin/env bash
# Installs everything tracesift needs on a fresh Debian 12 machine: the apt toolchain (emscripten,
# cmake, ninja, Catch2, nlohmann-json, chromium) and the npm packages (from package-lock.json).
# Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# clang, its runtime libraries and lld: the ASan+UBSan build (and libFuzzer) use clang and link with
# lld; g++ builds the native release, emscripten's clang the wasm.
APT_PACKAGES=(emscripten cmake ninja-build g++ clang libclang-rt-14-dev lld catch2 nlohmann-json3-dev chromium
  clang-format xz-utils)
missing=()
# Node.js may come from elsewhere (this machine kind ships NodeSource's build, whose bundled npm
# conflicts with Debian's npm package): install Debian's only when node or npm is missing.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The locked versions, exactly (the lock file lists every platform's optional rollup and esbuild
# binaries, so npm ci accepts it and nothing rewrites it).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (locked versions)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
