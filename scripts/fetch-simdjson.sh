#!/usr/bin/env bash
# Fetches simdjson 3.0.1's single-header sources from Debian's source package (the registry this
# project uses), verifies the SHA-256 of the upstream tarball, and unpacks simdjson.{h,cpp} into
# .deps/simdjson (inside the clone, ignored by git). The system's apt configuration is untouched:
# a private sources list and state folder under .deps/apt are used. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=3.0.1
ORIG_SHA256="156b1bc5eb0561b2bd166b46d191fd3d95a3e709cc63761477d3b7aec2b6e9ed"
H_SHA256="5ce048173caafa1e4b71872cedf10c011698b336a34fab2905f94dc377918f19"
CPP_SHA256="3911df6dfec471668231fd47bc2f96378567a12fcd74669bc9dfad28fa182ea7"
DEST=.deps/simdjson

check() { echo "$2  $1" | sha256sum --check --status; }

if [ -f "$DEST/simdjson.cpp" ] && check "$DEST/simdjson.h" "$H_SHA256" && check "$DEST/simdjson.cpp" "$CPP_SHA256"; then
  exit 0
fi

APT=$(pwd)/.deps/apt
mkdir -p "$APT/parts" "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/download"
echo "deb-src http://deb.debian.org/debian bookworm main" >"$APT/parts/debian-src.list"
opts=(-o "Dir::Etc::SourceParts=$APT/parts" -o Dir::Etc::SourceList=/dev/null -o "Dir::State::Lists=$APT/lists"
  -o "Dir::Cache=$APT/cache" -o APT::Sandbox::User=root)
echo "fetch-simdjson: apt-get source simdjson=$VERSION (Debian bookworm)" >&2
apt-get "${opts[@]}" update -qq
(cd "$APT/download" && apt-get "${opts[@]}" source --download-only -qq "simdjson=$VERSION-1")
orig="$APT/download/simdjson_$VERSION.orig.tar.gz"
check "$orig" "$ORIG_SHA256" || { echo "fetch-simdjson: SHA-256 mismatch for $orig" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$orig" -C "$tmp" "simdjson-$VERSION/singleheader/simdjson.h" "simdjson-$VERSION/singleheader/simdjson.cpp"
check "$tmp/simdjson-$VERSION/singleheader/simdjson.h" "$H_SHA256" || { echo "fetch-simdjson: simdjson.h checksum mismatch" >&2; exit 1; }
check "$tmp/simdjson-$VERSION/singleheader/simdjson.cpp" "$CPP_SHA256" || { echo "fetch-simdjson: simdjson.cpp checksum mismatch" >&2; exit 1; }
mkdir -p "$DEST"
cp "$tmp/simdjson-$VERSION/singleheader/simdjson.h" "$tmp/simdjson-$VERSION/singleheader/simdjson.cpp" "$DEST/"
rm -rf "$APT/download"
echo "fetch-simdjson: simdjson $VERSION verified in $DEST" >&2
