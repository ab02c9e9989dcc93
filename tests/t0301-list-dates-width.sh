#!/bin/sh
# dlg list: the DATE column says which date it shows (a waiting task's
# follow-up, unless its due date comes first; else the due date) and the
# table is sorted by it; at any width ids are never cut, titles are cut
# first, then the columns least needed are left out.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
export DLG_TODAY=2026-12-06

write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X
# handed off, due yesterday, but its follow-up was moved past that
write_file tasks/conference/reference-talk.md <<'X'
---
title: Prepare the slides for the reference talk at the Lisbon conference
status: waiting
decision: outsource
to: carol
given: 2026-11-20
follow_up: 2026-12-10
due: 2026-12-05
---
X
# handed off, follow-up before the due date
write_file tasks/podcast/transcribe-interviews.md <<'X'
---
title: Transcribe the three long interviews for the podcast season
status: waiting
decision: outsource
to: carol
follow_up: 2026-12-07
due: 2026-12-20
---
X
write_file tasks/write-post.md <<'X'
---
title: Write the post about handing work off to other people
status: open
decision: keep
due: 2026-12-08
---
X
write_file tasks/gift.md <<'X'
---
title: Buy a gift
---
X

# The longest line of FILE in characters (FILE must be UTF-8).
max_width() {
	perl -CSD -ne 'chomp; $m = length if length > $m; END { print $m + 0, "\n" }' "$1"
}

test_expect_success 'the date column says what it shows, and the table is sorted by it' '
	cat >expect <<-\X &&
	ID                             STATUS   DECISION   TO     DATE                  CHECKS  TITLE
	conference/reference-talk      waiting  outsource  carol  2026-12-05 due        -       Prepare the slides for the reference talk at the Lisbon conference
	podcast/transcribe-interviews  waiting  outsource  carol  2026-12-07 follow-up  -       Transcribe the three long interviews for the podcast season
	write-post                     open     keep       -      2026-12-08 due        -       Write the post about handing work off to other people
	gift                           inbox    -          -      -                     -       Buy a gift
	X
	dlg list >out 2>err &&
	test_cmp expect out &&
	test ! -s err
'

test_expect_success 'a due date past: red on a terminal, even behind a later follow-up' '
	if have_tty; then
		TERM=xterm script -qec "dlg list" /dev/null >out &&
		test_grep "$(printf "\033")\[31m2026-12-05 due" out
	fi
'

test_expect_success 'COLUMNS=80: ids whole, titles cut, the least needed columns left out' '
	COLUMNS=80 dlg list >out &&
	test "$(max_width out)" -le 80 &&
	test_grep "^ID                             STATUS   TO     DATE                  TITLE$" out &&
	test_grep "^conference/reference-talk      waiting  carol  2026-12-05 due        Prepare th…$" out &&
	test_grep "^podcast/transcribe-interviews  waiting  carol  2026-12-07 follow-up  Transcribe…$" out &&
	awk "NR > 1 { print \$1 }" out >ids &&
	printf "%s\n" conference/reference-talk podcast/transcribe-interviews write-post gift >expect &&
	test_cmp expect ids
'

test_expect_success 'COLUMNS=60: ids whole; the id, date and title stay' '
	COLUMNS=60 dlg list >out &&
	test "$(max_width out)" -le 60 &&
	test_grep "^ID                             DATE                  TITLE$" out &&
	test_grep "^conference/reference-talk      2026-12-05 due        Prepar…$" out &&
	awk "NR > 1 { print \$1 }" out >ids &&
	test_cmp expect ids &&
	! grep -q "^…" out
'

test_expect_success 'every id printed is one dlg takes' '
	COLUMNS=60 dlg list >out &&
	for id in $(awk "NR > 1 { print \$1 }" out); do
		dlg explain "$id" >/dev/null 2>&1 || { echo "dlg explain $id failed"; exit 1; }
	done
'

test_expect_success 'no width (piped, no COLUMNS): nothing cut or left out' '
	dlg list >out &&
	test_grep "^ID  *STATUS  *DECISION  *TO  *DATE  *CHECKS  *TITLE$" out &&
	! grep -q "…" out
'

test_expect_success 'a waiting task with no follow-up shows its due date' '
	write_file tasks/no-follow-up.md <<-\X &&
	---
	title: Waiting, no follow-up
	status: waiting
	decision: delegate
	to: carol
	due: 2026-12-06
	---
	X
	dlg list >out &&
	test_grep "^no-follow-up  *waiting  *delegate  *carol  *2026-12-06 due  " out &&
	rm tasks/no-follow-up.md
'

test_done
