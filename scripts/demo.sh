#!/bin/sh
# demo.sh DLG EXAMPLES: the main job on a copy of the examples: a new task
# repository (dlg init), the example tasks and people copied in as if written
# by hand, one dlg sync, then the history it made and what needs you.
set -eu
dlg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
demo=$(mktemp -d "${TMPDIR:-/tmp}/dlg-demo.XXXXXX")
# the examples' dates tell a story around this day
export DLG_TODAY=${DLG_TODAY:-2026-11-22}
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]; then
	say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
else
	say() { printf '\n$ %s\n' "$*"; }
fi

cd "$demo"
git init -q .
# a git identity for this throwaway repository only, when the user has none
git config user.name >/dev/null 2>&1 || git config user.name "dlg demo"
git config user.email >/dev/null 2>&1 || git config user.email "demo@example.org"

say "dlg init"
"$dlg" init
say "cp -R examples/tasks examples/people ."
cp -R "$src/tasks" "$src/people" .
cp "$src/dlg.ini" dlg.ini
say "dlg sync"
status=0
"$dlg" sync || status=$?
say "git log --stat"
git --no-pager log --stat --format='commit %h%n%n    %s%n%n%w(0,4,4)%b'
for cmd in agenda list; do
	if "$dlg" help "$cmd" >/dev/null 2>&1; then
		say "dlg $cmd"
		"$dlg" "$cmd"
	fi
done
if "$dlg" help board >/dev/null 2>&1; then
	say "dlg board --html -o board.html"
	"$dlg" board --html -o board.html && echo "open file://$demo/board.html in a browser"
fi
printf '\nThe demo repository is in %s (today is %s there).\n' "$demo" "$DLG_TODAY"
# 1 means "done, but a task stayed undecided": the examples have one on purpose
if [ $status -eq 1 ]; then
	echo "(dlg sync exited 1 because life/gift-for-sam says too little to decide: as intended)"
	status=0
fi
exit $status
