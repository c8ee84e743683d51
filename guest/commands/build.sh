#!/bin/sh
# Builds the WASM command set (commands.wasm, from src/) and the test fixtures in
# testdata/ from their C sources with Debian's clang 14, lld and wasi-libc:
#
#   apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32
#
# Usage: build.sh [OUTDIR]   (default: this directory; testdata/ goes under it)
#
# The output is reproducible: fixed flags, source paths mapped to ".", no
# timestamps, symbols stripped. TestCommandsUpToDate rebuilds into a temp
# dir and fails when a committed module differs.
set -eu

src=$(cd "$(dirname "$0")" && pwd)
out=${1:-$src}
mkdir -p "$out/testdata"

CC=${CC:-clang}
SYSROOT=${WASI_SYSROOT:-/usr}
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "build.sh: $CC not found; install: apt-get install -y clang lld wasi-libc libclang-rt-dev-wasm32" >&2
	exit 1
fi

# -O2 for speed at a small size; -ffile-prefix-map keeps the build path
# out of the output; --strip-all drops names and debug info; the stack is
# wasm-ld's default (64 KiB) made explicit so a toolchain change shows.
cflags="--target=wasm32-wasi --sysroot=$SYSROOT -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter
	-ffile-prefix-map=$src=. -fno-ident"
ldflags="-Wl,--strip-all -Wl,-z,stack-size=65536"

cd "$src"
# shellcheck disable=SC2086
"$CC" $cflags $ldflags -o "$out/commands.wasm.tmp" src/commands.c src/sha256.c
mv "$out/commands.wasm.tmp" "$out/commands.wasm"
for f in hostile badimport; do
	# shellcheck disable=SC2086
	"$CC" $cflags $ldflags -o "$out/testdata/$f.wasm.tmp" "testdata/$f.c" \
		$([ "$f" = badimport ] && echo -Wl,--allow-undefined || true)
	mv "$out/testdata/$f.wasm.tmp" "$out/testdata/$f.wasm"
done
