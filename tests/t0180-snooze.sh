#!/bin/sh
# dlg snooze ID WHEN: you checked in on a waiting task: follow_up moves to
# WHEN (ISO or as people say it), checked: today is recorded, and the
# commit says so.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
export DLG_TODAY=2026-12-02 # a Wednesday
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X
write_file tasks/transcribe.md <<'X'
---
title: Transcribe the interviews
status: waiting
decision: outsource
to: carol
given: 2026-11-20
follow_up: 2026-11-27 # checked weekly
due: 2026-12-20
---
X
write_file tasks/open.md <<'X'
---
title: Not handed off
status: open
decision: keep
---
X
git add . && git commit -q -m "Start"

test_expect_success 'snooze: follow_up moves, checked is today, the commit says so' '
	dlg snooze transcribe friday >out 2>err &&
	cat >expect <<-\X &&
	snoozed    transcribe  checked in with carol, next follow-up 2026-12-04
	X
	sed "\$d" out >events &&
	test_cmp expect events &&
	test_grep "^1 commit: [0-9a-f]\{7\} Edit transcribe$" out &&
	test ! -s err &&
	test_grep "^follow_up: 2026-12-04 # checked weekly$" tasks/transcribe.md &&
	test_grep "^checked: 2026-12-02$" tasks/transcribe.md &&
	git log -1 --format=%B >msg &&
	test_grep "^transcribe: checked in with carol, next follow-up 2026-12-04$" msg &&
	git diff --quiet HEAD
'

test_expect_success 'snooze: the same again is nothing to do' '
	git rev-parse HEAD >before &&
	dlg snooze transcribe 2026-12-04 >out &&
	echo "transcribe: checked in today already, next follow-up 2026-12-04" >expect &&
	test_cmp expect out &&
	git rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success 'snooze: +3d, next week, an ISO date; no longer due' '
	dlg snooze transcribe +3d >out &&
	test_grep "next follow-up 2026-12-05" out &&
	dlg snooze transcribe "next week" >out &&
	test_grep "next follow-up 2026-12-07" out &&
	dlg snooze transcribe 2026-12-09 >out &&
	test_grep "^follow_up: 2026-12-09 # checked weekly$" tasks/transcribe.md &&
	DLG_TODAY=2026-12-09 dlg agenda >agenda &&
	test_grep "^Follow up$" agenda &&
	DLG_TODAY=2026-12-08 dlg agenda >agenda &&
	! grep -q "^Follow up$" agenda
'

test_expect_success 'snooze: past its due date, a warning' '
	dlg snooze transcribe 2026-12-21 >out 2>err &&
	test_grep "^dlg: warning: transcribe is due 2026-12-20: the next follow-up is not before it$" err
'

test_expect_success 'snooze: a task not waiting, a date that is none or past: exit 2' '
	git rev-parse HEAD >before &&
	test_expect_code 2 dlg snooze open tomorrow 2>err &&
	test_grep "^dlg: open is open, not waiting on anyone: there is no follow-up to move (hand it off with: dlg give ID PERSON)$" err &&
	test_expect_code 2 dlg snooze transcribe someday 2>err &&
	test_grep "^dlg: .someday. is not a date" err &&
	test_expect_code 2 dlg snooze transcribe yesterday 2>err &&
	test_grep "^dlg: 2026-12-01 is in the past" err &&
	test_expect_code 2 dlg snooze transcribe 2>err &&
	test_grep "^usage: dlg snooze ID WHEN" err &&
	git rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success 'checked is a field dlg knows: a bad date is an error' '
	sed -i "s/^checked: .*/checked: last week/" tasks/transcribe.md &&
	test_expect_code 1 dlg check >out 2>&1 &&
	test_grep "tasks/transcribe.md:.*checked" out &&
	git checkout -q tasks/transcribe.md
'

test_done
