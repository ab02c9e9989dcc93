#!/bin/sh
# dlg log ID: a task's history from git, newest first: date, short id,
# subject, and each field that changed, old → new; across renames.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
follow_up_days: 3
---
X
write_file tasks/gutters.md <<'X'
---
title: Clean the gutters
skill: low
learn: no
---
Leaves.
X

# each sync on its own day, so the dates tell the entries apart
GIT_AUTHOR_DATE='2026-11-20T10:00:00+00:00' DLG_TODAY=2026-11-20 dlg sync >/dev/null
c1=$(git rev-parse --short=7 HEAD~1)
c2=$(git rev-parse --short=7 HEAD)
sed 's/^title: Clean the gutters$/&\nto: carol/' tasks/gutters.md >tmp && mv tmp tasks/gutters.md
GIT_AUTHOR_DATE='2026-11-21T10:00:00+00:00' DLG_TODAY=2026-11-21 dlg sync >/dev/null
c3=$(git rev-parse --short=7 HEAD~1)
c4=$(git rev-parse --short=7 HEAD)
# a body-only edit changes no field
echo "More leaves." >>tasks/gutters.md
GIT_AUTHOR_DATE='2026-11-22T10:00:00+00:00' dlg sync >/dev/null
c5=$(git rev-parse --short=7 HEAD)
sed 's/^status: waiting$/status: done/' tasks/gutters.md >tmp && mv tmp tasks/gutters.md
GIT_AUTHOR_DATE='2026-11-23T10:00:00+00:00' DLG_TODAY=2026-11-23 dlg sync >/dev/null
c6=$(git rev-parse --short=7 HEAD~1)
c7=$(git rev-parse --short=7 HEAD)

test_expect_success 'the history is there to show' '
	test "$(git rev-list --count HEAD)" = 7
'

test_expect_success 'dlg log ID: date, short id and subject of each commit, newest first' '
	dlg log gutters >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	grep "^[0-9]" "$TRASH/out" >"$TRASH/heads" &&
	cat >"$TRASH/expect" <<-EOF &&
	2026-11-23 $c7 Complete 1 task
	2026-11-23 $c6 Edit gutters
	2026-11-21 $c4 Hand off 1 task
	2026-11-21 $c3 Edit gutters
	2026-11-20 $c2 Decide 1 task
	2026-11-20 $c1 $(git log -1 --format=%s $c1)
	EOF
	sed "s/   */ /g" "$TRASH/heads" >"$TRASH/heads.1" &&
	test_cmp "$TRASH/expect" "$TRASH/heads.1"
'

test_expect_success 'a commit that changed no field is left out' '
	! grep -q "$c5" "$TRASH/out"
'

test_expect_success 'each entry lists its fields, old → new' '
	sed -n "/ $c2 /,/^[0-9]/p" "$TRASH/out" | sed "1d; /^[0-9]/d; s/^ *//" >"$TRASH/e2" &&
	test_grep "^status: .* → open$" "$TRASH/e2" &&
	test_grep "^decision: .* → outsource$" "$TRASH/e2" &&
	test_grep "^rule: .* → bad-at$" "$TRASH/e2" &&
	test_grep "^decided: .* → 2026-11-20$" "$TRASH/e2" &&
	! grep -q "^title\|^skill\|^learn" "$TRASH/e2" &&
	sed -n "/ $c4 /,/^[0-9]/p" "$TRASH/out" | sed "1d; /^[0-9]/d; s/^ *//" >"$TRASH/e4" &&
	test_grep "^status: open → waiting$" "$TRASH/e4" &&
	test_grep "^given: .* → 2026-11-21$" "$TRASH/e4" &&
	test_grep "^follow_up: .* → 2026-11-24$" "$TRASH/e4" &&
	test "$(wc -l <"$TRASH/e4")" = 3 &&
	sed -n "/ $c3 /,/^[0-9]/p" "$TRASH/out" | sed "1d; /^[0-9]/d; s/^ *//" >"$TRASH/e3" &&
	test_grep "^to: .* → carol$" "$TRASH/e3" &&
	test "$(wc -l <"$TRASH/e3")" = 1 &&
	sed -n "/ $c6 /,/^[0-9]/p" "$TRASH/out" | sed "1d; /^[0-9]/d; s/^ *//" >"$TRASH/e6" &&
	test_grep "^status: waiting → done$" "$TRASH/e6" &&
	sed -n "/ $c7 /,/^[0-9]/p" "$TRASH/out" | sed "1d; /^[0-9]/d; s/^ *//" >"$TRASH/e7" &&
	test_grep "^completed: .* → 2026-11-23$" "$TRASH/e7"
'

test_expect_success 'the first entry says the task was created, with its fields' '
	sed -n "/ $c1 /,\$p" "$TRASH/out" | sed "1d; s/^ *//" >"$TRASH/e1" &&
	test_grep "created" "$TRASH/e1" &&
	test_grep "title: \(.* → \)\{0,1\}Clean the gutters" "$TRASH/e1"
'

test_expect_success 'no colour when not on a terminal' '
	! grep -q "$(printf "\033")" "$TRASH/out"
'

test_expect_success 'the id may be given as its path' '
	dlg log tasks/gutters.md >"$TRASH/out2" &&
	test_cmp "$TRASH/out" "$TRASH/out2"
'

test_expect_success 'across a rename by hand (git mv, git commit): the earlier history follows' '
	git mv tasks/gutters.md tasks/roof-gutters.md &&
	GIT_AUTHOR_DATE="2026-11-24T10:00:00+00:00" git commit -q -m "Rename by hand" &&
	c8=$(git rev-parse --short=7 HEAD) &&
	dlg log roof-gutters >"$TRASH/out" &&
	head -n 2 "$TRASH/out" | sed "s/   */ /g; s/^ *//" >"$TRASH/top" &&
	printf "2026-11-24 %s Rename by hand\nrenamed from tasks/gutters.md\n" "$c8" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/top" &&
	for c in $c7 $c6 $c4 $c3 $c2 $c1; do
		grep -q "^2026-11-2[0-9] $c " "$TRASH/out" || { echo "missing $c"; exit 1; }
	done
'

test_expect_success 'across a rename dlg sync committed, with an edit in the same commit' '
	sed "s/^title: Clean the gutters$/title: Clean the roof gutters/" tasks/roof-gutters.md >"$TRASH/tmp" &&
	git rm -q --cached tasks/roof-gutters.md && rm tasks/roof-gutters.md &&
	mkdir -p tasks/home && cp "$TRASH/tmp" tasks/home/gutters.md &&
	GIT_AUTHOR_DATE="2026-11-25T10:00:00+00:00" dlg sync >/dev/null &&
	git show --name-status --format= HEAD >"$TRASH/files" &&
	test_grep "^R[0-9]*	tasks/roof-gutters.md	tasks/home/gutters.md$" "$TRASH/files" &&
	dlg log home/gutters >"$TRASH/out" &&
	test_grep "renamed from tasks/roof-gutters.md" "$TRASH/out" &&
	test_grep "title: Clean the gutters → Clean the roof gutters" "$TRASH/out" &&
	test_grep "renamed from tasks/gutters.md" "$TRASH/out" &&
	test_grep "^2026-11-20 $c2 " "$TRASH/out" &&
	test_grep "^2026-11-20 $c1 " "$TRASH/out"
'

test_expect_success 'a deleted task still has its history' '
	git rm -q tasks/home/gutters.md &&
	git commit -q -m "Drop the gutters" &&
	dlg log home/gutters >"$TRASH/out" &&
	test_grep "Drop the gutters" "$TRASH/out" &&
	test_grep "deleted" "$TRASH/out" &&
	test_grep "^2026-11-20 $c1 " "$TRASH/out"
'

test_expect_success 'a task not committed yet says so' '
	printf -- "---\ntitle: New\n---\n" | write_file tasks/new-one.md &&
	dlg log new-one >"$TRASH/out" &&
	test_grep "no committed history" "$TRASH/out"
'

test_expect_success 'an unknown id: exit 2 with a did-you-mean' '
	test_expect_code 2 dlg log new-on >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "new-on" "$TRASH/err" &&
	test_grep "did you mean .new-one." "$TRASH/err" &&
	test ! -s "$TRASH/out"
'

test_expect_success 'usage errors: exit 2' '
	test_expect_code 2 dlg log 2>"$TRASH/err" &&
	test_grep "usage: dlg log" "$TRASH/err" &&
	test_expect_code 2 dlg log a b 2>"$TRASH/err"
'

test_expect_success 'dlg.ini below the top of a git work tree: exit 2, as sync' '
	git init -q "$TRASH/outer" && mkdir -p "$TRASH/outer/sub/tasks" &&
	cp dlg.ini "$TRASH/outer/sub/" &&
	printf -- "---\ntitle: X\n---\n" >"$TRASH/outer/sub/tasks/x.md" &&
	cd "$TRASH/outer/sub" &&
	test_expect_code 2 dlg log x >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "not at the top of the git work tree" "$TRASH/err" &&
	test ! -s "$TRASH/out"
'

test_done
