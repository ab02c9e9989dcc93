#!/bin/sh
# dlg done ID [--rating N] and dlg give ID PERSON: the edits you could make
# by hand (committed as yours), then a sync (dlg's commit); bad ids, people
# and ratings are exit 2 with nothing changed.
. "$(dirname "$0")/lib.sh"

after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

# front_matter FILE: the lines between the first two --- lines
front_matter() {
	sed -n '2,/^---$/p' "$1" | sed '$d'
}

# unchanged: no new commit and the work tree as it was
unchanged() {
	test "$(git rev-parse HEAD)" = "$head" || { echo "a commit was made"; return 1; }
	git status --porcelain >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "files changed:"; cat "$TRASH/status"; return 1; }
}

new_repo repo
cd repo
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
follow_up_days: 3
---
X
write_file people/bob.md <<'X'
---
name: Bob
kind: team
---
X
write_file tasks/transcribe.md <<'X'
---
title: Transcribe episode 1
status: waiting   # with carol
decision: outsource
to: carol
given: 2026-11-10
follow_up: 2026-11-13
---
The first episode.
X
write_file tasks/home/gutters.md <<'X'
---
title: Clean the gutters
status: open
decision: outsource
rule: bad-at
decided: 2026-11-10
channel: taskrabbit
---
X
write_file tasks/toner.md <<'X'
---
title: Order toner
---
X
write_file tasks/magazines.md <<'X'
---
title: Sort magazines
status: dropped
decision: drop
---
X
write_file tasks/dup.md <<'X'
---
title: One
title: Two
---
X
git add . && git commit -q -m "Start"
# tasks/dup.md stays invalid throughout. done and give used to print it and
# exit 1; now they are about the task named: they exit on its outcome, and
# say in one line that another task needs a look.

test_expect_success 'done ID --rating 5: the edit as yours, then dlg s commit' '
	dlg done transcribe --rating 5 >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^completed  *transcribe  *done, rated 5$" "$TRASH/out" &&
	echo "dlg: 2 other tasks need a look: run dlg sync" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/err" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit transcribe · [0-9a-f]\{7\} Complete 1 task$" "$TRASH/out" &&
	git diff -U0 HEAD~2 HEAD~1 -- tasks/transcribe.md | grep "^[-+][^-+]" >"$TRASH/mine" &&
	cat >"$TRASH/expect" <<-\EOF &&
	-status: waiting   # with carol
	+status: done   # with carol
	+rating: 5
	EOF
	test_cmp "$TRASH/expect" "$TRASH/mine" &&
	git diff -U0 HEAD~1 HEAD -- tasks/transcribe.md | grep "^[-+][^-+]" >"$TRASH/dlgs" &&
	echo "+completed: 2026-11-22" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/dlgs" &&
	git show --name-only --format= HEAD~1 >"$TRASH/files" &&
	echo tasks/transcribe.md >"$TRASH/expect" && test_cmp "$TRASH/expect" "$TRASH/files" &&
	test "$(tail -n 1 tasks/transcribe.md)" = "The first episode." &&
	git log -1 --format=%B >"$TRASH/msg" &&
	test_grep "^transcribe: done, completed 2026-11-22, rated 5$" "$TRASH/msg" &&
	test_grep "^Dlg-Sync: " "$TRASH/msg" &&
	after_sync
'

test_expect_success 'done on a task done already: exit 0, nothing to do' '
	head=$(git rev-parse HEAD) &&
	dlg done transcribe >"$TRASH/out" &&
	test_grep "done already" "$TRASH/out" &&
	unchanged
'

test_expect_success 'done with a bad rating: exit 2, nothing changed' '
	head=$(git rev-parse HEAD) &&
	for r in 9 0 -1 abc 5x 4.5 ""; do
		test_expect_code 2 dlg done home/gutters --rating "$r" >"$TRASH/out" 2>"$TRASH/err" || exit 1
		test_grep "rating" "$TRASH/err" || exit 1
	done &&
	unchanged
'

test_expect_success 'done on an unknown id: exit 2 with a did-you-mean' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg done transcrbe >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "did you mean .transcribe." "$TRASH/err" &&
	unchanged
'

test_expect_success 'done on a dropped or an invalid task: exit 2, nothing changed' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg done magazines 2>"$TRASH/err" &&
	test_grep "dropped" "$TRASH/err" &&
	test_expect_code 2 dlg done dup 2>"$TRASH/err" &&
	test_grep "tasks/dup.md:3:1: duplicate key" "$TRASH/err" &&
	unchanged
'

test_expect_success 'give ID PERSON on an open outsourced task: to, then waiting' '
	dlg give gutters carol >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^handed  *home/gutters  *to carol, follow up 2026-11-25$" "$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit home/gutters · [0-9a-f]\{7\} Hand off 1 task$" "$TRASH/out" &&
	git diff -U0 HEAD~2 HEAD~1 -- tasks/home/gutters.md | grep "^[-+][^-+]" >"$TRASH/mine" &&
	echo "+to: carol" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/mine" &&
	front_matter tasks/home/gutters.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Clean the gutters
	status: waiting
	decision: outsource
	rule: bad-at
	decided: 2026-11-10
	channel: taskrabbit
	to: carol
	given: 2026-11-22
	follow_up: 2026-11-25
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	git log -1 --format=%B >"$TRASH/msg" &&
	test_grep "^home/gutters: open → waiting, to carol, follow up 2026-11-25$" "$TRASH/msg" &&
	after_sync
'

test_expect_success 'give to the one who has it already: exit 0, nothing to do' '
	head=$(git rev-parse HEAD) &&
	dlg give gutters carol >"$TRASH/out" &&
	test_grep "with carol already" "$TRASH/out" &&
	unchanged
'

test_expect_success 'give a waiting task to someone else: handed over afresh' '
	DLG_TODAY=2026-11-23 dlg give gutters bob >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^handed  *home/gutters  *to bob, follow up 2026-11-30$" "$TRASH/out" &&
	grep -q "^to: bob$" tasks/home/gutters.md &&
	grep -q "^given: 2026-11-23$" tasks/home/gutters.md &&
	grep -q "^follow_up: 2026-11-30$" tasks/home/gutters.md &&
	grep -q "^status: waiting$" tasks/home/gutters.md &&
	test "$(grep -c "^to:" tasks/home/gutters.md)" = 1 &&
	after_sync
'

test_expect_success 'give an undecided task to a team member: delegated by hand' '
	dlg give toner bob >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^handed  *toner  *to bob, follow up 2026-11-29$" "$TRASH/out" &&
	grep -q "^decision: delegate$" tasks/toner.md &&
	grep -q "^rule: manual$" tasks/toner.md &&
	grep -q "^status: waiting$" tasks/toner.md &&
	grep -q "^given: 2026-11-22$" tasks/toner.md &&
	grep -q "^follow_up: 2026-11-29$" tasks/toner.md &&
	! grep -q "^because:" tasks/toner.md &&
	after_sync
'

test_expect_success 'a task given by hand is decided today, as when written by hand' '
	# by hand: decision and to written, a sync adds rule: manual and decided
	test_grep "^decided: 2026-11-22$" tasks/toner.md
'

test_expect_success 'give an undecided task to a contractor: outsourced' '
	printf -- "---\ntitle: Fix the tap\n---\n" >tasks/tap.md &&
	git add tasks/tap.md && git commit -q -m "Add tap" &&
	dlg give tap carol >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^handed  *tap  *to carol, follow up 2026-11-25$" "$TRASH/out" &&
	grep -q "^decision: outsource$" tasks/tap.md &&
	grep -q "^to: carol$" tasks/tap.md &&
	grep -q "^status: waiting$" tasks/tap.md &&
	after_sync
'

test_expect_success 'give to an unknown person: exit 2 with a did-you-mean' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg give toner carl >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "no person .carl." "$TRASH/err" &&
	test_grep "did you mean .carol." "$TRASH/err" &&
	unchanged
'

test_expect_success 'give an unknown task: exit 2 with a did-you-mean' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg give tonr bob >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "did you mean .toner." "$TRASH/err" &&
	unchanged
'

test_expect_success 'give a done, dropped or invalid task: exit 2, nothing changed' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg give transcribe bob 2>"$TRASH/err" &&
	test_grep "done" "$TRASH/err" &&
	test_expect_code 2 dlg give magazines bob 2>"$TRASH/err" &&
	test_grep "dropped" "$TRASH/err" &&
	test_expect_code 2 dlg give dup bob 2>"$TRASH/err" &&
	test_grep "tasks/dup.md:3:1: " "$TRASH/err" &&
	unchanged
'

test_expect_success 'usage errors: exit 2' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg give toner 2>"$TRASH/err" &&
	test_grep "usage: dlg give" "$TRASH/err" &&
	test_expect_code 2 dlg done 2>"$TRASH/err" &&
	test_grep "usage: dlg done" "$TRASH/err" &&
	unchanged
'

test_expect_success 'done on a task with your own edits: both committed in the first commit' '
	printf -- "---\ntitle: Fix the tap today\n---\n" >tasks/tap2.md &&
	sed "s/^title: Fix the tap$/title: Fix the kitchen tap/" tasks/tap.md >"$TRASH/tmp" &&
	cat "$TRASH/tmp" >tasks/tap.md &&
	dlg done tap --rating 4 >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^dlg: 2 other tasks need a look: run dlg sync$" "$TRASH/err" &&
	git show --name-status --format= HEAD~1 >"$TRASH/files" &&
	printf "M\ttasks/tap.md\nA\ttasks/tap2.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git show HEAD~1:tasks/tap.md >"$TRASH/tap" &&
	test_grep "^title: Fix the kitchen tap$" "$TRASH/tap" &&
	test_grep "^status: done$" "$TRASH/tap" &&
	test_grep "^rating: 4$" "$TRASH/tap" &&
	test_grep "^completed: 2026-11-22$" tasks/tap.md &&
	after_sync
'

test_done
