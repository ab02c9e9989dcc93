#!/bin/sh
# dlg agenda: due and overdue work shows whoever has it: "Due soon" holds
# kept and handed-off tasks with who has them, "Needs someone" says when
# each is due and how late; long ids are never cut.
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
# handed off, due yesterday; its follow-up was moved past that
write_file tasks/conference/reference-talk.md <<'X'
---
title: Prepare the slides for the reference talk at the Lisbon conference
status: waiting
decision: outsource
to: carol
follow_up: 2026-12-10
due: 2026-12-05
---
X
# handed off, follow-up due today and due in two days: in both sections
write_file tasks/mix.md <<'X'
---
title: Mix episode 5
status: waiting
decision: outsource
to: carol
follow_up: 2026-12-06
due: 2026-12-08
---
X
write_file tasks/site.md <<'X'
---
title: Code and design the new site
status: open
decision: outsource
channel: upwork
due: 2026-11-30
---
X
write_file tasks/flyers.md <<'X'
---
title: Print the flyers
status: open
decision: delegate
due: 2026-12-09
---
X
write_file tasks/errands.md <<'X'
---
title: Run the errands
status: open
decision: delegate
due: 2026-12-20
---
X
write_file tasks/boxes.md <<'X'
---
title: Move the boxes
status: open
decision: delegate
---
X
write_file tasks/post.md <<'X'
---
title: Write the post
status: open
decision: keep
due: 2026-12-07
---
X
write_file tasks/later.md <<'X'
---
title: Far off, with carol
status: waiting
decision: outsource
to: carol
follow_up: 2026-12-20
due: 2026-12-30
---
X

test_expect_success 'due soon: kept and handed-off work, with who has it' '
	dlg agenda >out 2>err &&
	sed -n "/^Due soon$/,/^$/p" out >due &&
	cat >expect <<-\X &&
	Due soon
	  conference/reference-talk  carol  1 day overdue  Prepare the slides for the reference talk at the Lisbon conference
	  post                       you    tomorrow       Write the post
	  mix                        carol  in 2 days      Mix episode 5
	X
	test_cmp expect due &&
	test ! -s err
'

test_expect_success 'needs someone: with when each is due and how late' '
	sed -n "/^Needs someone$/,/^$/p" out >needs &&
	cat >expect <<-\X &&
	Needs someone
	  site     via upwork  6 days overdue  Code and design the new site
	  flyers               due in 3 days   Print the flyers
	  errands              due 2026-12-20  Run the errands
	  boxes                                Move the boxes
	  hand one over with: dlg give ID PERSON

	X
	test_cmp expect needs
'

test_expect_success 'a follow-up due and a deadline near: in both sections' '
	sed -n "/^Follow up$/,/^$/p" out >follow &&
	test_grep "^  mix  carol  today  Mix episode 5$" follow &&
	! grep -q later out
'

test_expect_success 'JSON: due_soon holds handed-off tasks; needs_someone has days_left' '
	dlg agenda --json >out &&
	json_check out <<-\X
	sub ids { [map { $_->{id} } @{$d->{$_[0]}}] }
	is(ids("due_soon"), ["conference/reference-talk", "post", "mix"]);
	is([map { $_->{days_left} } @{$d->{due_soon}}], [-1, 1, 2]);
	is($d->{due_soon}[0]{to}, "carol");
	is(ids("needs_someone"), [qw(site flyers errands boxes)]);
	is([map { $_->{days_left} } @{$d->{needs_someone}}[0 .. 2]], [-6, 3, 14]);
	ok(!exists $d->{needs_someone}[3]{days_left}, $d->{needs_someone}[3]);
	is(ids("follow_up"), ["mix"]);
	X
'

test_expect_success 'COLUMNS=80 and 60: ids whole, titles cut to fit' '
	for cols in 80 60; do
		COLUMNS=$cols dlg agenda >out &&
		test_grep "^  conference/reference-talk  carol  1 day overdue  Prepare " out &&
		perl -CSD -ne "chomp; die \"too wide at $cols: \$_\n\" if length > $cols" out || exit 1
	done &&
	COLUMNS=60 dlg agenda >out &&
	test_grep "^  conference/reference-talk  carol  1 day overdue  Prepare …$" out &&
	test_grep "^  mix                        carol  in 2 days      Mix epis…$" out
'

test_done
