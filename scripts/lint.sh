#!/bin/sh
# lint.sh FILE...: make lint. The C FILEs must be formatted as .clang-format
# says (clang-format --dry-run -Werror; CLANG_FORMAT names the binary), every
# include must keep to its floor (scripts/check-floors.sh), and a file of
# lib/, formats/ or core/ over 800 lines gets a warning: it is probably two
# jobs. Runs every check, then fails if formatting or floors did.
set -u
CLANG_FORMAT=${CLANG_FORMAT:-clang-format-14}
MAX_LINES=800
status=0

echo "== clang-format ($# files)"
if "$CLANG_FORMAT" --dry-run -Werror "$@"; then
	echo "formatted as .clang-format says"
else
	echo "lint: not formatted as .clang-format says; fix with: make format" >&2
	status=1
fi

echo '== include floors'
if sh scripts/check-floors.sh; then
	echo 'every include keeps to its floor'
else
	status=1
fi

echo "== file length (lib/, formats/, core/: at most $MAX_LINES lines)"
long=0
for f in "$@"; do
	case $f in
	lib/* | formats/* | core/*) ;;
	*) continue ;;
	esac
	n=$(wc -l <"$f")
	if [ "$n" -gt $MAX_LINES ]; then
		echo "warning: $f: $n lines, over $MAX_LINES: probably two jobs"
		long=$((long + 1))
	fi
done
[ $long -gt 0 ] || echo "none over $MAX_LINES lines"
exit $status
