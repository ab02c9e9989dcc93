# lib.sh: a small TAP test library for dlg's command-line tests, after git's
# t/test-lib.sh and mblaze's t/lib.sh. Source it, call test_expect_success
# (or test_expect_failure-free variants below), then test_done.
#
# Each test script runs in its own fresh temporary folder ($TRASH), with a
# fixed date (DLG_TODAY), a fixed git identity and no user or system git
# config, so nothing depends on the machine.
#
# DLG_BUILD_DIR is the source tree (default: the one holding this file);
# DLG_BIN the dlg binary under test (default: $DLG_BUILD_DIR/dlg; make test
# also runs every script with DLG_BIN=build/asan/dlg). Scripts run it as
# plain `dlg`, found first on PATH.

set -u
DLG_BUILD_DIR=${DLG_BUILD_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
TESTS_DIR=$DLG_BUILD_DIR/tests
DLG=${DLG_BIN:-$DLG_BUILD_DIR/dlg}
case $DLG in /*) ;; *) DLG=$(pwd)/$DLG ;; esac
[ -x "$DLG" ] || { echo "Bail out! $DLG not built (run make)"; exit 1; }

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/dlg-test.XXXXXX")
trap 'cd /; rm -rf "$TRASH"' EXIT
HOME=$TRASH/home
mkdir -p "$HOME"
# a folder whose dlg is $DLG, first on PATH
if [ "${DLG##*/}" = dlg ]; then
	PATH=${DLG%/*}:$PATH
else
	mkdir -p "$HOME/.bin" && ln -s "$DLG" "$HOME/.bin/dlg" && PATH=$HOME/.bin:$PATH
fi
# Under the sanitizer run (scripts/san-cli.sh sets DLG_SAN_LOG), note each dlg
# that dies of SIGABRT, as a sanitizer report ends, even where a test does
# not look at the exit status.
if [ -n "${DLG_SAN_LOG:-}" ]; then
	dlg() {
		command dlg "$@"
		_san_rc=$?
		[ $_san_rc -ne 134 ] || echo "${0##*/}: died of SIGABRT: dlg $*" >>"$DLG_SAN_LOG/aborted"
		return $_san_rc
	}
fi
export HOME
export GIT_CONFIG_NOSYSTEM=1
# git's certificate settings, which dlg honours for https (t0830 sets them)
unset GIT_SSL_CAINFO GIT_SSL_CAPATH GIT_SSL_NO_VERIFY
export GIT_CONFIG_GLOBAL=$HOME/.gitconfig
export GIT_AUTHOR_NAME='Ada Lovelace' GIT_AUTHOR_EMAIL='ada@example.org'
export GIT_COMMITTER_NAME='Ada Lovelace' GIT_COMMITTER_EMAIL='ada@example.org'
export GIT_AUTHOR_DATE='2026-11-20T10:00:00+00:00' GIT_COMMITTER_DATE='2026-11-20T10:00:00+00:00'
export DLG_TODAY=2026-11-22
export TZ=UTC LC_ALL=C.UTF-8 NO_COLOR=
unset NO_COLOR EDITOR VISUAL COLUMNS
export DLG_LOCK_TIMEOUT=1
git config --global init.defaultBranch main
git config --global advice.detachedHead false
cd "$TRASH" || exit 1

test_count=0
test_failed=0

# test_expect_success 'description' 'commands'
test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.out"
	fi
}

# test_skip 'description' 'reason': a TAP test skipped
test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

# have_tty: script(1) can give a command a pseudo-terminal here (a chroot
# without /dev/pts can't)
have_tty() {
	command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1
}

# test_cmp EXPECTED ACTUAL: a diff when they differ
test_cmp() {
	diff -u "$1" "$2"
}

# test_expect_code CODE command...: the command exits with CODE
test_expect_code() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "exit status $got, wanted $want: $*"
		return 1
	fi
	return 0
}

# test_grep PATTERN FILE: like grep, but shows the file when it fails
test_grep() {
	if ! grep -q -e "$1" "$2"; then
		echo "no match for '$1' in $2:"
		sed 's/^/| /' "$2"
		return 1
	fi
}

# test_must_fail command...: fails with a non-zero, non-crash exit status
test_must_fail() {
	"$@"
	code=$?
	if [ $code -eq 0 ]; then
		echo "succeeded unexpectedly: $*"
		return 1
	fi
	if [ $code -gt 128 ]; then
		echo "died of signal $((code - 128)): $*"
		return 1
	fi
	return 0
}

# new_repo DIR: an empty git repository with a dlg.ini copied from
# examples/ (or from $1's second argument), tasks/ and people/.
new_repo() {
	git init -q "$1" &&
	mkdir -p "$1/tasks" "$1/people" &&
	cp "${2:-$DLG_BUILD_DIR/examples/dlg.ini}" "$1/dlg.ini"
}

# write_file PATH: standard input to PATH, making folders
write_file() {
	mkdir -p "$(dirname "$1")" && cat >"$1"
}

# json_check FILE [CODE]: run the Perl CODE (or standard input, for a <<-\X
# heredoc) on the JSON document in FILE, with $d, is(), ok(), keys_at(), true
# and false (tests/lib/json-check.pl says what each does); fails when FILE is
# not one JSON value or when CODE dies. CODE may print to standard output.
json_check() {
	_jc_code=${2-$(cat)}
	perl "$TESTS_DIR/lib/json-check.pl" "$1" "$_jc_code" || return 1
}

# html_check FILE [TAG | TAG=TEXT]...: FILE is a well-formed HTML page
# (tests/lib/html-check.pl says how strict), each TAG appears and some TAG
# element directly holds each TEXT
html_check() {
	perl "$TESTS_DIR/lib/html-check.pl" "$@" || return 1
}

test_done() {
	echo "1..$test_count"
	if [ $test_failed -gt 0 ]; then
		echo "# failed $test_failed among $test_count test(s)"
		exit 1
	fi
	exit 0
}
