#!/usr/bin/env bash
# Prints the size figures of DESIGN.md's performance budget: the kernel,
# the initramfs, the runtime library, the supervisor with and without
# Wasmtime (hosted and static /init), and every app's .wasm (median and
# largest against the 4 KB / 10 KB budget).
set -euo pipefail
b=${1:-build}

kb() { awk -v n="$1" 'BEGIN { printf "%.1f KB", n / 1024 }'; }
size_of() { stat -c %s "$1"; }

lib=$b/runtime/lib/libwasmtime.a
sup=$b/bin/vyoma-supervisor
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
strip -o "$stripped" "$sup"

# Our own code: text + data (not bss) of the supervisor's objects, Wasmtime excluded.
own=$(size -t "$b"/obj/*.o | awk 'END { print $1 + $2 }')

mb() { awk -v n="$1" 'BEGIN { printf "%.2f MB", n / 1000000 }'; }
echo "kernel bzImage                      $(mb "$(size_of "$b/images/bzImage")")   (deck 2.3 MB, budget 1.65 MB)"
echo "initramfs (xz, the base apps)       $(mb "$(size_of "$b/images/initramfs.cpio.xz")")   (deck 18 MB, budget 12 MB)"
echo "libwasmtime.a (static library)      $(kb "$(size_of "$lib")")"
echo "/init: static supervisor, stripped  $(kb "$(size_of "$b/bin/vyoma-init")")"
echo "supervisor, stripped, with Wasmtime $(kb "$(size_of "$stripped")")"
echo "supervisor's own code (no Wasmtime) $(kb "$own")   (deck 697 KB, budget 300 KB)"
echo "apps:"
sizes=()
for w in "$b"/apps/*/*.wasm; do
	s=$(size_of "$w")
	sizes+=("$s")
	printf "  %-12s %6d bytes\n" "$(basename "$w" .wasm)" "$s"
done
sorted=($(printf '%s\n' "${sizes[@]}" | sort -n))
n=${#sorted[@]}
echo "  median $(kb "${sorted[$((n / 2))]}"), largest $(kb "${sorted[$((n - 1))]}")   (budget: median 4 KB, none over 10 KB)"
echo "  where the bytes go:"
python3 "$(dirname "$0")/wasm_sections.py" "$b"/apps/*/*.wasm
echo "shared libraries (docs/libraries.md), counted in the apps' total:"
for w in "$b"/apps/.lib/*.wasm; do
	[ -e "$w" ] && printf "  lib_%-8s %6d bytes\n" "$(basename "$w" .wasm)" \
		"$(size_of "$w")"
done
# The command-line tools (issue 13): none over 10 KB but the two
# interpreters, sh and awk, which may take 48 KB.
tools=()
for t in "$b"/apps/*/vyoma.toml; do
	grep -q '^category = "tools"' "$t" || continue
	d=$(dirname "$t")
	tools+=("$(size_of "$d/$(basename "$d").wasm")")
done
sorted=($(printf '%s\n' "${tools[@]}" | sort -n))
n=${#sorted[@]}
echo "command-line tools: $n, median $(kb "${sorted[$((n / 2))]}"), largest but sh and awk $(kb "${sorted[$((n - 3))]}")   (issue 13: median 4 KB, each 10 KB; sh, awk 48 KB)"
