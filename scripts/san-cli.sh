#!/bin/sh
# san-cli.sh DLG TEST...: run the command-line tests against DLG, a dlg built
# with AddressSanitizer and UndefinedBehaviorSanitizer (make test runs it with
# build/asan/dlg). Any report, a leak included, aborts the command that made
# it, so a test sees it die of SIGABRT. AddressSanitizer's and
# LeakSanitizer's reports also go to a log beside DLG, and tests/lib.sh notes
# there each dlg that died of SIGABRT (UndefinedBehaviorSanitizer's reports
# go to the test's standard error only); any log fails the run, even one from
# a command whose failure the test expected. The logs are shown at the end.
#
# SAN_LEAKS=0 turns leak detection off (for the CLI run only); the default
# is on.
set -u
dlg=$1
shift
logs=${dlg%/*}/san-logs
rm -rf "$logs" && mkdir -p "$logs" || exit 2
logs=$(cd "$logs" && pwd)

ASAN_OPTIONS="detect_leaks=${SAN_LEAKS:-1}:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1:log_path=$logs/asan"
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
# prove -j2: the machine may have two cores, and no more is needed
ASAN_OPTIONS=$ASAN_OPTIONS UBSAN_OPTIONS=$UBSAN_OPTIONS DLG_BIN=$dlg DLG_SAN_LOG=$logs prove -j2 "$@"
status=$?

# one line per report, then the first few in full
found=$(find "$logs" -type f | sort)
[ -n "$found" ] || exit $status
echo "san-cli: sanitizer reports from $dlg, in $logs:" >&2
echo "$found" | while IFS= read -r f; do
	case $f in
	*/aborted) sed 's/^/  /' "$f" ;;
	*) printf '  %s: %s at %s\n' "${f##*/}" \
		"$(sed -n 's/.*ERROR: \([A-Za-z]*Sanitizer: [^(]*\).*/\1/p' "$f" | head -n 1)" \
		"$(grep -v -e interceptor -e 'in __' -e 'in _start' "$f" | sed -n 's/^ *#[0-9]* 0x[0-9a-f]* in //p' | head -n 1)" ;;
	esac
done >&2
echo "$found" | grep -v '/aborted$' | head -n 3 | while IFS= read -r f; do
	echo "--- $f" >&2
	cat "$f" >&2
done
exit 1
