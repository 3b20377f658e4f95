#!/usr/bin/env bash
# toml-test.sh - runs the official toml-test suite for TOML 1.0 against a
# decoder (tests/toml/decoder.c built), installing the pinned toml-test into
# the Vyoma cache first if it is not there yet.
#
# Usage: tools/toml-test.sh DECODER
#
# Prints "valid: N passed, N failed" and "invalid: N passed, N failed", with
# toml-test's own report of each failure above them, and exits non-zero if
# any case failed.
set -euo pipefail

# v2 is the newest tagged major; its module path carries the /v2 suffix.
TOML_TEST_VERSION=v2.2.0
TOML_TEST_PKG=github.com/toml-lang/toml-test/v2/cmd/toml-test

die() {
	echo "toml-test.sh: $*" >&2
	exit 2
}

[ $# -eq 1 ] || die "usage: tools/toml-test.sh DECODER"
decoder=$1
[ -f "$decoder" ] && [ -x "$decoder" ] || die "$decoder: not an executable"
case $decoder in
/*) ;;
*) decoder=$PWD/$decoder ;;
esac

cache_root=${VYOMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vyoma}
cache=$cache_root/toml-test/$TOML_TEST_VERSION
bin=$cache/toml-test

if [ ! -x "$bin" ]; then
	if ! command -v go >/dev/null 2>&1; then
		PATH=$PATH:/usr/local/go/bin
	fi
	command -v go >/dev/null 2>&1 || die "go not found (needed once to install toml-test)"
	mkdir -p "$cache"
	log=$(mktemp)
	# Install beside the final name and rename, so an interrupted build
	# never leaves something that looks installed.
	tmpbin=$(mktemp -d "$cache/.install.XXXXXX")
	if ! GOBIN=$tmpbin go install "$TOML_TEST_PKG@$TOML_TEST_VERSION" >"$log" 2>&1; then
		cat "$log" >&2
		rm -rf "$log" "$tmpbin"
		die "could not install $TOML_TEST_PKG@$TOML_TEST_VERSION"
	fi
	mv -f "$tmpbin/toml-test" "$bin"
	rm -rf "$log" "$tmpbin"
fi

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# toml-test splits -decoder on whitespace, so hide a path that has some.
case $decoder in
*[[:space:]]*)
	ln -s "$decoder" "$tmpdir/decoder"
	decoder=$tmpdir/decoder
	;;
esac

status=0
"$bin" test -toml 1.0 -color never -decoder "$decoder" >"$tmpdir/report" 2>&1 ||
	status=$?

summary() {
	# "  valid tests: 205 passed,  0 failed" -> "205 0"
	sed -n "s/^ *$1 tests: *\([0-9]*\) passed, *\([0-9]*\) failed.*/\1 \2/p" \
		"$tmpdir/report"
}
read -r valid_pass valid_fail <<<"$(summary valid)" || true
read -r invalid_pass invalid_fail <<<"$(summary invalid)" || true

if [ "$status" -ne 0 ] || [ "${valid_fail:-x}" != 0 ] ||
	[ "${invalid_fail:-x}" != 0 ]; then
	# Failing inputs may hold NUL bytes; keep them off the terminal.
	tr -d '\000' <"$tmpdir/report"
	status=1
fi
if [ -z "${valid_pass:-}" ] || [ -z "${invalid_pass:-}" ]; then
	die "could not read toml-test's summary (exit status $status)"
fi
echo "toml-test $TOML_TEST_VERSION, TOML 1.0, decoder $1"
echo "valid: $valid_pass passed, $valid_fail failed"
echo "invalid: $invalid_pass passed, $invalid_fail failed"
exit "$status"
