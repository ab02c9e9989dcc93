#!/bin/sh
# dlg people: each person's track record from the tasks handed to them.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
channel: upwork
---
X
write_file people/bob.md <<'X'
---
name: Bob Smith
kind: team
---
X
write_file people/ivy.md <<'X'
---
name: Ivy Núñez
---
X
write_file people/zed.md <<'X'
---
name: Zed Services
kind: service
---
X

# Today is 2026-11-22 (lib.sh). By hand:
# carol: c1 done on time (completed 11-08 <= due 11-10), rating 5, cost 100;
#        c2 done late (11-12 > 11-10), rating 4, cost 50.5;
#        c3 waiting, due 11-20 past -> late, follow_up 11-22 <= today -> due;
#        c4 done with no due -> on time, no rating, cost 20.
#   handed 4, done 3, on time 2, late 2, open 1, follow-ups 1,
#   rating (5+4)/2 = 4.5, spent 100+50.5+20 = 170.5
# ivy:   i1 done on time (11-21 <= 11-30), rating 3, cost 40;
#        i2 dropped but given -> handed.
#   handed 2, done 1, on time 1, late 0, open 0, rating 3.0, spent 40
# bob:   b1 waiting, follow_up 11-27 not yet due; b2 open, never given.
#   handed 1, done 0, open 2, rating -, spent 0
# zed:   nothing yet: zeros.
# xavier has no people/ file: x1 is left out and said so, as check says
# (one reading of every field: a `to` must name a file in people/).
task() {
	write_file "tasks/$1.md"
}
task c1 <<'X'
---
title: First
to: carol
status: done
given: 2026-11-01
due: 2026-11-10
completed: 2026-11-08
rating: 5
cost: 100
---
X
task c2 <<'X'
---
to: carol
status: done
due: 2026-11-10
completed: 2026-11-12
rating: 4
cost: 50.5
---
X
task c3 <<'X'
---
to: carol
status: waiting
given: 2026-11-01
due: 2026-11-20
follow_up: 2026-11-22
cost: 999
---
X
task c4 <<'X'
---
to: carol
status: done
completed: 2026-11-05
cost: 20
---
X
task i1 <<'X'
---
to: ivy
status: done
due: 2026-11-30
completed: 2026-11-21
rating: 3
cost: 40
---
X
task i2 <<'X'
---
to: ivy
status: dropped
given: 2026-11-02
---
X
task b1 <<'X'
---
to: bob
status: waiting
given: 2026-11-20
follow_up: 2026-11-27
---
X
task b2 <<'X'
---
to: bob
status: open
decision: delegate
---
X
task x1 <<'X'
---
to: xavier
status: waiting
given: 2026-11-15
follow_up: 2026-11-18
---
X
task mine <<'X'
---
title: Not handed to anyone
status: open
---
X

test_expect_success 'table: columns, most handed first; a to naming no one left out' '
	test_expect_code 1 dlg people >out 2>err &&
	cat >expect <<-\X &&
	id     name          kind        handed  done  on time  late  open  follow-ups  rating  spent
	carol  Carol Diaz    contractor       4     3        2     2     1           1     4.5  170.5
	ivy    Ivy Núñez     -                2     1        1     0     0           0     3.0     40
	bob    Bob Smith     team             1     0        0     0     2           0       -      0
	zed    Zed Services  service          0     0        0     0     0           0       -      0
	X
	test_cmp expect out &&
	test "$(cat err)" = "dlg: tasks/x1.md:2:5: to '"'"'xavier'"'"' names no file in people/ (left out)"
'

test_expect_success '--json: stable names, numbers and nulls' '
	test_expect_code 1 dlg people --json >out 2>/dev/null &&
	json_check out <<-\X
	is([map { $_->{id} } @$d], [qw(carol ivy bob zed)]);
	is($d->[0], {id => "carol", name => "Carol Diaz", known => true, kind => "contractor",
	    channel => "upwork", handed => 4, done => 3, on_time => 2, late => 2,
	    open => 1, overdue_follow_ups => 1, average_rating => 4.5, spent => 170.5});
	is($d->[1]{kind}, undef); is($d->[1]{average_rating}, 3); is($d->[1]{spent}, 40);
	is($d->[2]{average_rating}, undef); is($d->[2]{open}, 2);
	is($d->[3]{handed}, 0); is($d->[3]{kind}, "service");
	X
'

test_expect_success 'a repository with no people' '
	mkdir ../empty && (cd ../empty && git init -q && cp ../repo/dlg.ini . &&
	mkdir tasks people && dlg people >out && dlg people --json >json) &&
	test_grep "no one yet" ../empty/out &&
	test "$(cat ../empty/json)" = "[]"
'

test_expect_success 'an invalid task is left out, listed, exit 1' '
	printf -- "---\ntitle: a\ntitle: b\nto: zed\n---\n" >tasks/bad.md &&
	test_expect_code 1 dlg people >out 2>err &&
	test_grep "^dlg: tasks/bad.md:3:1: duplicate key" err &&
	test_grep "^zed  *Zed Services  *service  *0 " out &&
	rm tasks/bad.md
'

test_expect_success 'usage errors exit 2' '
	test_expect_code 2 dlg people extra 2>err &&
	test_grep "usage: dlg people" err &&
	test_expect_code 2 dlg people --jsno 2>err &&
	test_grep "unknown option" err
'

test_expect_success 'people reads, never writes' '
	git add dlg.ini tasks people &&
	git commit -q -m "tasks and people" &&
	dlg people >/dev/null 2>&1;
	dlg people --json >/dev/null 2>&1;
	git status --porcelain --untracked-files=no >../status &&
	test ! -s ../status
'

test_done
