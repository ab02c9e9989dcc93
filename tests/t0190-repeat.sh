#!/bin/sh
# Recurring tasks: `repeat: 1w` (2w, 1m, 1y...) on a task; once it is done,
# sync writes the next occurrence as a new task (its id with its date, the
# same fields and body, the checklist unticked, dlg's fields left out, due
# one period later), decides it by the rules, and commits it with the rest;
# the done one keeps `next:` and stays as history. Month ends, leap days,
# years; repeat_from: done; never over a file; a killed sync loses nothing.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file tasks/home/clean-flat.md <<'X'
---
title: Clean the flat
enjoy: yes   # really
tags: [home]
repeat: 2w
due: 2026-11-21
---
Every other Saturday.

## Brief
- [x] Kitchen
- [X] Bathroom
- [ ] Windows
X
git add . && git commit -q -m Start
dlg sync >/dev/null

test_expect_success 'done: the next occurrence is written, decided and committed' '
	dlg done clean-flat >out 2>err &&
	cat >expect <<-\X &&
	completed  home/clean-flat  done
	repeated   home/clean-flat  next home/clean-flat-2026-12-05, due 2026-12-05
	X
	sed "\$d" out >events &&
	test_cmp expect events &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit home/clean-flat · [0-9a-f]\{7\} Decide 1 task, complete 1, repeat 1$" out &&
	test ! -s err &&
	git status --porcelain -- tasks people >status &&
	test ! -s status &&
	git show --name-status --format= HEAD >files &&
	printf "A\ttasks/home/clean-flat-2026-12-05.md\nM\ttasks/home/clean-flat.md\n" >expect &&
	test_cmp expect files
'

test_expect_success 'the new file: same fields and body, checklist unticked, dlg s fields afresh' '
	cat >expect <<-\X &&
	---
	title: Clean the flat
	enjoy: yes   # really
	tags: [home]
	repeat: 2w
	due: 2026-12-05
	status: open
	decision: keep
	rule: enjoy
	because: I enjoy it
	decided: 2026-11-22
	---
	Every other Saturday.

	## Brief
	- [ ] Kitchen
	- [ ] Bathroom
	- [ ] Windows
	X
	test_cmp expect tasks/home/clean-flat-2026-12-05.md
'

test_expect_success 'the done one stays, with next: and its checklist as it was' '
	test_grep "^status: done$" tasks/home/clean-flat.md &&
	test_grep "^completed: 2026-11-22$" tasks/home/clean-flat.md &&
	test_grep "^next: home/clean-flat-2026-12-05$" tasks/home/clean-flat.md &&
	test_grep "^- \[x\] Kitchen$" tasks/home/clean-flat.md &&
	git log -1 --format=%B >msg &&
	test_grep "^home/clean-flat: repeats (2w): next home/clean-flat-2026-12-05, due 2026-12-05$" msg &&
	test_grep "^home/clean-flat-2026-12-05: inbox → keep (enjoy: I enjoy it)$" msg
'

test_expect_success 'a second sync changes nothing' '
	git rev-parse HEAD >before &&
	dlg sync >out &&
	git rev-parse HEAD >after &&
	test_cmp before after &&
	test_grep "^nothing to commit$" out
'

test_expect_success 'the next one repeats in turn: its date in the id is replaced' '
	dlg done clean-flat-2026-12-05 >out &&
	test_grep "next home/clean-flat-2026-12-19, due 2026-12-19" out &&
	test -f tasks/home/clean-flat-2026-12-19.md &&
	! test -e tasks/home/clean-flat-2026-12-05-2026-12-19.md
'

# repeats ID REPEAT DUE [FIELD...]: a done task that repeats; the due date of
# its next occurrence after a sync
repeats() {
	id=$1 rep=$2 due=$3
	shift 3
	{
		printf -- "---\ntitle: %s\nrepeat: %s\n" "$id" "$rep"
		[ "$due" = - ] || printf "due: %s\n" "$due"
		for f; do printf "%s\n" "$f"; done
		printf "status: done\n---\n"
	} >tasks/$id.md &&
	dlg sync >/dev/null 2>&1
	sed -n "s/^next: //p" tasks/$id.md
}

test_expect_success 'month ends: the last day of a shorter month' '
	test "$(repeats jan31 1m 2026-01-31)" = jan31-2026-02-28 &&
	test_grep "^due: 2026-02-28$" tasks/jan31-2026-02-28.md &&
	test "$(repeats mar31 1m 2026-03-31)" = mar31-2026-04-30 &&
	test "$(repeats aug31 6m 2026-08-31)" = aug31-2027-02-28 &&
	test "$(repeats dec31 1m 2026-12-31)" = dec31-2027-01-31
'

test_expect_success 'leap years: February 29th, and after it' '
	test "$(repeats leap-jan 1m 2028-01-31)" = leap-jan-2028-02-29 &&
	test "$(repeats leap-day 1y 2024-02-29)" = leap-day-2025-02-28 &&
	test "$(repeats leap-4y 4y 2024-02-29)" = leap-4y-2028-02-29 &&
	test "$(repeats feb28 1w 2028-02-28)" = feb28-2028-03-06 &&
	test "$(repeats feb28d 1d 2028-02-28)" = feb28d-2028-02-29
'

test_expect_success 'a year, and across one' '
	test "$(repeats taxes 1y 2026-04-15)" = taxes-2027-04-15 &&
	test "$(repeats weekly 1w 2026-12-29)" = weekly-2027-01-05
'

test_expect_success 'repeat_from: done counts from the day it was done; no due date too' '
	test "$(repeats from-done 1m 2026-10-01 "repeat_from: done" "completed: 2026-11-10")" = \
		from-done-2026-12-10 &&
	test "$(repeats from-today 1w 2026-10-01 "repeat_from: Done")" = from-today-2026-11-29 &&
	test "$(repeats no-due 1w -)" = no-due-2026-11-29 &&
	test_grep "^due: 2026-11-29$" tasks/no-due-2026-11-29.md
'

test_expect_success 'never over a file: one of that id already there is taken as the next' '
	printf -- "---\ntitle: mine\n---\nMy own words.\n" >tasks/mine-2026-12-01.md &&
	cp tasks/mine-2026-12-01.md keep &&
	test "$(repeats mine 1w 2026-11-24)" = mine-2026-12-01 &&
	test_grep "^My own words.$" tasks/mine-2026-12-01.md &&
	test_grep "^title: mine$" tasks/mine-2026-12-01.md &&
	! test -e tasks/mine-2026-12-01-2.md
'

test_expect_success 'a dropped task does not repeat; a bad period is said and left alone' '
	printf -- "---\ntitle: x\nrepeat: 1w\ndue: 2026-11-24\nstatus: dropped\n---\n" >tasks/gone.md &&
	printf -- "---\ntitle: x\nrepeat: weekly\ndue: 2026-11-24\nstatus: done\n---\n" >tasks/bad.md &&
	printf -- "---\ntitle: x\nrepeat: 7\nstatus: done\n---\n" >tasks/num.md &&
	test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^invalid    tasks/bad.md:3:9: .repeat. must be a period, not .weekly.: write N and d, w, m or y: 1w, 2w, 1m, 1y$" err &&
	test_grep "^invalid    tasks/num.md:3:9: .repeat. must be a period, not .7.: write 7d for days, or w, m, y$" err &&
	ls tasks >files &&
	! grep -q "^gone-\|^bad-\|^num-" files &&
	rm tasks/bad.md tasks/num.md
'

test_expect_success 'a dry run says so and writes nothing' '
	printf -- "---\ntitle: x\nrepeat: 1w\ndue: 2026-11-24\nstatus: done\n---\n" >tasks/dry.md &&
	test_expect_code 1 dlg sync --dry-run >out 2>err &&
	test_grep "^repeated   dry  *next dry-2026-12-01, due 2026-12-01$" out &&
	! test -e tasks/dry-2026-12-01.md &&
	! grep -q "^next:" tasks/dry.md
'

# A sync killed after the new file is in place but before the done task
# notes it: the next sync commits the new file and notes it, once.
for point in after-rename:1 after-rename:2 journal:1; do
	test_expect_success "killed at $point: the next sync finishes, one next occurrence" '
		rm -rf ../crash && cp -a . ../crash && cd ../crash &&
		printf -- "---\ntitle: x\nrepeat: 1w\ndue: 2026-11-24\nstatus: done\n---\n" >tasks/crash.md &&
		git add tasks/crash.md && git commit -q -m "crash" &&
		test_must_fail env DLG_FAULT='$point' dlg sync >/dev/null 2>&1;
		dlg sync >out 2>err;
		git status --porcelain -- tasks people >status &&
		test ! -s status &&
		test_grep "^next: crash-2026-12-01$" tasks/crash.md &&
		ls tasks | grep "^crash-" >born &&
		echo crash-2026-12-01.md >expect &&
		test_cmp expect born &&
		git log --format=%B | grep -c "^crash: repeats" >n &&
		echo 1 >expect &&
		test_cmp expect n
	'
done

test_done
