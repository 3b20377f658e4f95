#!/usr/bin/env bash
# Builds the Wasmtime C API static library (runtime/) and installs it with its
# headers into build/runtime/{lib,include}. The result is cached outside the
# clone, keyed by everything that decides its bytes (crate manifest with its
# feature list, lock file, sources, rustc version, and RECIPE below), so a
# clean rebuild takes seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build/runtime}
cache=${VYOMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vyoma}
# Bump when a change here alters the library or headers produced.
RECIPE=1

key=$( (cat "$root"/runtime/Cargo.toml "$root"/runtime/Cargo.lock \
	    "$root"/runtime/src/lib.rs; rustc --version; echo "recipe $RECIPE") |
	sha256sum | cut -c1-16)
slot=$cache/runtime/$key

if [ ! -f "$slot/lib/libwasmtime.a" ]; then
	echo "runtime: building Wasmtime C API (cold build, about 4 minutes on 2 cores)"
	start=$(date +%s)
	target=$cache/runtime-target
	mkdir -p "$target"
	# --locked: the committed Cargo.lock is the only source of versions.
	CARGO_TARGET_DIR=$target cargo build --release --locked \
		--manifest-path "$root/runtime/Cargo.toml" 2>&1 |
		grep --line-buffered -E '^ *(Compiling wasmtime|Finished|error|warning: unused)' || true
	lib=$target/release/libwasmtime.a
	[ -f "$lib" ] || { echo "runtime: cargo build failed" >&2; exit 1; }
	# build.rs of wasmtime-c-api-impl installs the headers, including the
	# generated wasmtime/conf.h, into its OUT_DIR; take the newest one.
	inc=$(ls -td "$target"/release/build/wasmtime-c-api-impl-*/out/include | head -n1)
	tmp=$slot.tmp.$$
	rm -rf "$tmp" && mkdir -p "$tmp/lib"
	cp "$lib" "$tmp/lib/"
	cp -r "$inc" "$tmp/include"
	echo "$(( $(date +%s) - start ))" > "$tmp/build-seconds"
	rm -rf "$slot" && mv "$tmp" "$slot"
	echo "runtime: built in $(cat "$slot/build-seconds") s, cached in $slot"
fi

rm -rf "$out" && mkdir -p "$out"
cp -r "$slot/lib" "$slot/include" "$out/"
echo "runtime: libwasmtime.a $(du -h "$out/lib/libwasmtime.a" | cut -f1) (cache $key)"
