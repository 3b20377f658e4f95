#!/usr/bin/env bash
# Prints the size figures of DESIGN.md's performance budget that exist so
# far: the runtime library, the supervisor with and without Wasmtime, and
# every app's .wasm (median and largest against the 4 KB / 10 KB budget).
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

echo "libwasmtime.a (static library)      $(kb "$(size_of "$lib")")"
echo "supervisor, stripped, with Wasmtime $(kb "$(size_of "$stripped")")"
echo "supervisor's own code (no Wasmtime) $(kb "$own")   (budget 300 KB)"
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
