#!/bin/sh
# dlg done and dlg give are about the task named: they print its events
# and the commits made, exit on its outcome (0 when its part worked, 1 when
# that task ended invalid, undecided or unwritten, 2 when nothing was
# done), take -q, and count the problems elsewhere in one line.
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
for i in 1 2 3; do
	printf -- "---\ntitle: Undecided %s\n---\n" $i >tasks/undecided-$i.md
done
write_file tasks/dup.md <<'X'
---
title: One
title: Two
---
X
write_file tasks/site.md <<'X'
---
title: Code and design the new site
status: open
decision: outsource
channel: upwork
---
X
write_file tasks/late.md <<'X'
---
title: Late with carol
status: waiting
decision: outsource
to: carol
follow_up: 2026-12-01
---
X
write_file tasks/brochure.md <<'X'
---
title: Design the brochure
status: open
decision: outsource
channel: upwork
---
X
write_file tasks/flyers.md <<'X'
---
title: Print the flyers
status: open
decision: outsource
channel: upwork
---
X
write_file tasks/wrong.md <<'X'
---
title: A status dlg does not know
status: wating
decision: outsource
---
X
git add . && git commit -q -m "Start"

test_expect_success 'give: the task s events and the commits; the rest in one line; exit 0' '
	dlg give brochure carol >out 2>err &&
	cat >expect <<-\X &&
	handed     brochure  to carol, follow up 2026-12-13
	X
	sed "\$d" out >events &&
	test_cmp expect events &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit brochure · [0-9a-f]\{7\} Hand off 1 task$" out &&
	echo "dlg: 5 other tasks need a look: run dlg sync" >expect &&
	test_cmp expect err &&
	grep -q "^status: waiting$" tasks/brochure.md
'

test_expect_success 'sync still reports everything (exit 1)' '
	test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^undecided  undecided-1 " err &&
	test_grep "^invalid    tasks/dup.md:3:1: " err &&
	test_grep "^invalid    tasks/wrong.md:3:9: " err &&
	test_grep "^due        late " out
'

test_expect_success 'give -q: only the commits made' '
	dlg give -q flyers carol >out 2>err &&
	test_grep "^2 commits: " out &&
	test $(wc -l <out) = 1 &&
	test_grep "^dlg: 5 other tasks need a look: run dlg sync$" err
'

test_expect_success 'done -q: only the commits made; -q before or after ID' '
	dlg done brochure -q --rating 4 >out 2>err &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit brochure · [0-9a-f]\{7\} Complete 1 task$" out &&
	test $(wc -l <out) = 1 &&
	dlg done -q brochure >out 2>err &&
	test ! -s out &&
	test ! -s err
'

test_expect_success 'done: its own event only, exit 0' '
	dlg done flyers >out 2>err &&
	test_grep "^completed  flyers  done$" out &&
	! grep -q "undecided\|late\|site" out &&
	test_grep "^dlg: 5 other tasks need a look: run dlg sync$" err
'

test_expect_success 'the task itself ends invalid: it is printed, exit 1' '
	test_expect_code 1 dlg give wrong carol >out 2>err &&
	test_grep "^invalid    tasks/wrong.md:3:9: status .wating. is not " err &&
	test_grep "^dlg: 4 other tasks need a look: run dlg sync$" err &&
	! grep -q "undecided\|dup.md" err
'

test_expect_success 'nothing done (no such person, lock held): exit 2' '
	test_expect_code 2 dlg give site carl 2>err &&
	test_grep "carol" err &&
	>.git/dlg.lock &&
	test_expect_code 2 dlg give site carol 2>err &&
	rm .git/dlg.lock &&
	grep -q "^status: open$" tasks/site.md
'

test_expect_success 'all else in order: no summary line' '
	rm tasks/undecided-*.md tasks/dup.md tasks/wrong.md &&
	git add -A && git commit -q -m "Tidy" &&
	dlg give site carol >out 2>err &&
	test_grep "^handed     site  to carol" out &&
	test ! -s err
'

test_done
