#!/usr/bin/env bash
# Fetches SQLite's amalgamation from a pinned npm registry package, verifies SHA-256 checksums of
# the tarball and of the two files we compile, and unpacks them into .deps/sqlite (inside the clone,
# ignored by git). Never commit the result. Idempotent: does nothing when the verified files exist.
set -euo pipefail
cd "$(dirname "$0")/.."

PKG="better-sqlite3@12.11.1"          # carries deps/sqlite3/sqlite3.{c,h} = SQLite 3.53.2
TGZ_SHA256="ebf0ed75a7a59dbcb3b24bbd014ef49d9f15bc328e4adcbf516f2a8fadfa2835"
C_SHA256="60d2f39a3726cd6b9021da6f4e868608d66fbb6528a9f513dc8ffcc640493422"
H_SHA256="9e69a1353a4288450b0d5239ede11fc7f1f4c8e5eb07491fc8317eacb5b7de7e"
DEST=.deps/sqlite

check() { echo "$2  $1" | sha256sum --check --status; }

if [ -f "$DEST/sqlite3.c" ] && check "$DEST/sqlite3.c" "$C_SHA256" && check "$DEST/sqlite3.h" "$H_SHA256"; then
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "fetch-sqlite: npm pack $PKG" >&2
(cd "$tmp" && npm pack --silent "$PKG" >/dev/null 2>&1)
tgz=$(ls "$tmp"/*.tgz)
check "$tgz" "$TGZ_SHA256" || { echo "fetch-sqlite: SHA-256 mismatch for $tgz" >&2; exit 1; }
tar -xzf "$tgz" -C "$tmp" package/deps/sqlite3/sqlite3.c package/deps/sqlite3/sqlite3.h
check "$tmp/package/deps/sqlite3/sqlite3.c" "$C_SHA256" || { echo "fetch-sqlite: sqlite3.c checksum mismatch" >&2; exit 1; }
check "$tmp/package/deps/sqlite3/sqlite3.h" "$H_SHA256" || { echo "fetch-sqlite: sqlite3.h checksum mismatch" >&2; exit 1; }
mkdir -p "$DEST"
cp "$tmp/package/deps/sqlite3/sqlite3.c" "$tmp/package/deps/sqlite3/sqlite3.h" "$DEST/"
echo "fetch-sqlite: SQLite 3.53.2 verified in $DEST" >&2
