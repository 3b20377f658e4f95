#!/usr/bin/env bash
# Runs one libFuzzer target (make fuzz, make fuzz-smoke) for a fixed time
# and says how it went on one line. The corpus it grows is a copy under
# the build tree, seeded from tests/fuzz/corpus/<name>, so runs never
# write into the source tree; a crash, leak or UBSan report stops the run
# (the targets are built with -fno-sanitize-recover) and fails it, with
# the input that did it saved as <dir>/<name>-crash-* (or -leak-, ...).
#
# usage: fuzz.sh NAME SECONDS FUZZ_DIR
set -euo pipefail

name=$1 seconds=$2 dir=$3
bin=$dir/fuzz_$name
corpus=$dir/corpus-$name
log=$dir/$name.log
dict=tests/fuzz/$name.dict

mkdir -p "$corpus"
cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
      -print_final_stats=1 -artifact_prefix="$dir/$name-")
[ -f "$dict" ] && args+=(-dict="$dict")

# LeakSanitizer is on by default under libFuzzer; UBSan reports must
# stop the run too, with a stack to read.
rc=0
touch "$dir/$name.start"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
	"$bin" "${args[@]}" "$corpus" >"$log" 2>&1 || rc=$?

execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
[ -n "$execs" ] ||
	execs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n1)
# Belt and braces: a sanitizer report fails the run even if the exit
# status somehow did not say so.
if [ "$rc" = 0 ] && grep -q -e 'runtime error:' -e '^==[0-9]*==ERROR:' "$log"
then
	rc=1
fi
# The one line is kept in <name>.result for make's summary at the end.
if [ "$rc" = 0 ]; then
	printf "  fuzz %-9s %10s executions in %s s, corpus %s\n" "$name" \
		"${execs:-?}" "$seconds" "$(ls "$corpus" | wc -l)" |
		tee "$dir/$name.result"
else
	printf "  fuzz %-9s FAILED (exit %s) after %s executions; see %s\n" \
		"$name" "$rc" "${execs:-?}" "$log" | tee "$dir/$name.result"
	grep -m1 -e 'runtime error:' -e 'ERROR:' "$log" | sed 's/^/    /' || true
	find "$dir" -maxdepth 1 -name "$name-*-*" -newer "$dir/$name.start" |
		sed 's/^/    input: /'
	exit 1
fi
