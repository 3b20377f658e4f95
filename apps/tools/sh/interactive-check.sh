#!/bin/sh
# interactive-check.sh - a by-hand check of sh's interactive mode: types
# raw bytes into `sh -i` (as the terminal and the serial console do) and
# checks the echoed transcript. Run from the repository root after
# `make build/apps/sh/.stamp` (and the cat, yes, ls apps):
#	sh apps/tools/sh/interactive-check.sh
set -u
SUP=build/bin/vyoma-supervisor
home=$(mktemp -d)
cp -r tests/diff/fixtures/. "$home"/
fail=0

# run NAME EXPECTED-SUBSTRING: feeds stdin (with pauses) to sh -i
run() {
	name=$1 want=$2
	got=$("$SUP" --apps build/apps --home "$home" --env HOME=/home/user \
		--env PWD=/home/user --run sh -i 2>&1 | tr -d '\r')
	case $got in
	*"$want"*) echo "ok   $name" ;;
	*) echo "FAIL $name"; printf '%s\n' "$got" | tail -n 8; fail=1 ;;
	esac
}

printf 'echo hi\r\004' | run "command, echo" 'echo hi
hi'
printf 'echo abc\033[D\033[DX\r\004' | run "cursor left, insert" 'aXbc'
printf 'cho bc\001e\005d\r\004' | run "Ctrl-A, Ctrl-E" 'bcd'
printf 'echo abc\010\177d\r\004' | run "backspace" '
ad'
printf 'echo one two\027three\r\004' | run "Ctrl-W" 'one three'
printf 'xyz\025echo u\r\004' | run "Ctrl-U" '
u'
printf 'xecho abc\033[H\033[3~\033[F!\r\004' | run "Home, Delete, End" 'abc!'
printf 'echo first\recho second\r\033[A\033[A\r\004' | run "history" 'first
first'
printf 'cat fr\t\r\004' | run "path completion" 'banana'
printf 'ech\t ok\r\004' | run "command completion" 'ok'
printf 'cat\rtyped\r\004echo after\r\004' | run "job line discipline" 'typed
typed'
{ printf 'yes\r'; sleep 1; printf '\003'; sleep 0.3; printf 'echo st=$?\r\004'; } |
	run "Ctrl-C stops the job" 'st=130'
{ printf 'while :; do :; done\r'; sleep 1; printf '\003'; sleep 0.3;
  printf 'echo st=$?\r\004'; } | run "Ctrl-C stops a builtin loop" 'st=130'
printf '\033[8;33;101techo $LINES $COLUMNS\r\004' | run "size report" '33 101'
printf 'cd dir\r\004' | run "prompt shows the directory" 'user@vyoma:~/dir$'
{ printf 'sleep 1 &\r'; sleep 1.5; printf 'echo x\r\004'; } |
	run "background job reported done" 'Done'
grep -q 'echo first' "$home/.sh_history" && echo "ok   history file" ||
	{ echo "FAIL history file"; fail=1; }
rm -rf "$home"
exit $fail
