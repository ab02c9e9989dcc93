#!/bin/sh
# One reading of every field, used by every command: a field dlg reads but
# can't understand is reported by sync, list and agenda as path:line:col,
# never taken for a missing one; dates people write (quoted, with a time)
# are dates; check and sync agree; dlg new checks what it writes.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/anna.md <<'X'
---
name: Anna
kind: contractor
follow_up_days: 7
---
X
git add -A && git commit -q -m Start

# a task that outsources (the default rules: bad at it, won't learn)
task_due() { # task_due NAME DUE-AS-WRITTEN
	printf -- "---\ntitle: %s\nskill: low\nlearn: no\nenjoy: no\ndue: %s\n---\n" "$1" "$2" >"tasks/$1.md"
}

test_expect_success 'dates in a near-miss form: sync says where and leaves them' '
	task_due slash "12/01/2026" && task_due short 2026-12-8 && task_due word tomorrow &&
	task_due nosuch 2026-02-30 &&
	cp tasks/slash.md "$TRASH/slash.before" &&
	test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^invalid  *tasks/slash.md:6:6: .due. must be a date (YYYY-MM-DD), not .12/01/2026.: write dates as YYYY-MM-DD" err &&
	test_grep "^invalid  *tasks/short.md:6:6: .due. must be a date.*two digits" err &&
	test_grep "^invalid  *tasks/word.md:6:6: .due. must be a date.*command line" err &&
	test_grep "^invalid  *tasks/nosuch.md:6:6: .due. must be a date.*no such day" err &&
	test_cmp "$TRASH/slash.before" tasks/slash.md &&
	! grep -q "^decided" out
'

test_expect_success 'list and agenda say so too, and exit 1' '
	test_expect_code 1 dlg list >out 2>err &&
	test_grep "tasks/slash.md:6:6: .due. must be a date" err &&
	test_expect_code 1 dlg agenda >out 2>err &&
	test_grep "tasks/word.md:6:6: .due. must be a date" err
'

test_expect_success 'check reports exactly what sync does' '
	test_expect_code 1 dlg check >out 2>err &&
	for t in slash short word nosuch; do
		grep "^tasks/$t.md:" err >>from-check || return 1
	done &&
	test_expect_code 1 dlg sync --dry-run >out 2>err2 &&
	sed -n "s/^invalid  *//p" err2 | grep -e slash -e short -e word -e nosuch | sort >from-sync &&
	sort from-check >sorted-check &&
	test_cmp sorted-check from-sync &&
	rm tasks/slash.md tasks/short.md tasks/word.md tasks/nosuch.md
'

test_expect_success 'a quoted ISO date and an ISO date-time are dates on their day' '
	task_due quoted "\"2026-12-18\"" && task_due stamped 2026-12-18T17:00 &&
	task_due zoned "2024-02-27 23:59:59 -0800" &&
	dlg sync >out 2>err &&
	test_grep "^decided  *quoted" out && test_grep "^decided  *stamped" out &&
	dlg list --json >json &&
	json_check json <<-\X
	my %by = map { $_->{id} => $_ } @$d;
	is($by{quoted}{due}, "2026-12-18");
	is($by{stamped}{due}, "2026-12-18");
	is($by{zoned}{due}, "2024-02-27");
	is($by{stamped}{fields}{due}, "2026-12-18T17:00");
	X
	grep -q "^due: 2026-12-18T17:00$" tasks/stamped.md
'

test_expect_success 'a rating check rejects stops sync too: nothing decided or handed' '
	printf -- "---\ntitle: Rated\nskill: low\nlearn: no\nto: anna\nrating: 7\n---\n" >tasks/rated.md &&
	test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^invalid  *tasks/rated.md:6:9: .rating. must be a whole number from 1 to 5" err &&
	! grep -q "^status:" tasks/rated.md &&
	test_expect_code 1 dlg check tasks/rated.md 2>err &&
	test_grep "^tasks/rated.md:6:9: .rating. must be a whole number" err &&
	rm tasks/rated.md
'

test_expect_success 'status: Done is done, to check, sync and --json alike' '
	printf -- "---\ntitle: Shouted\nstatus: Done\n---\n" >tasks/shouted.md &&
	dlg check tasks/shouted.md &&
	dlg sync >out 2>err &&
	test_grep "^completed  *shouted" out &&
	grep -q "^status: Done$" tasks/shouted.md &&
	grep -q "^completed: 2026-11-22$" tasks/shouted.md &&
	dlg list --all --json >json &&
	json_check json "my (\$t) = grep { \$_->{id} eq q(shouted) } @\$d; is(\$t->{status}, q(done));"
'

test_expect_success 'capitalised keys are the fields dlg knows: no twin is added' '
	printf -- "---\nTitle: Notion export\nStatus: Done\nDue: 2026-12-01\n---\n" >tasks/notion.md &&
	dlg sync >out 2>err &&
	test_grep "^completed  *notion" out &&
	test "$(grep -ci "^status:" tasks/notion.md)" = 1 &&
	dlg list --all --json >json &&
	json_check json "my (\$t) = grep { \$_->{id} eq q(notion) } @\$d; is(\$t->{due}, q(2026-12-01)); is(\$t->{title}, q(Notion export));"
'

test_expect_success 'a key in two cases is a duplicate' '
	printf -- "---\nstatus: open\nStatus: done\n---\n" >tasks/twins.md &&
	test_expect_code 1 dlg check tasks/twins.md 2>err &&
	test_grep "tasks/twins.md:3:9: duplicate key .Status. (as .status. at line 2)" err &&
	rm tasks/twins.md
'

test_expect_success 'tags written as "a, b" text are a list: --tag and rules see each' '
	printf -- "---\ntitle: Vault note\ntags: blog, guide, obsidian\nenjoy: yes\n---\n" >tasks/vault.md &&
	dlg sync >/dev/null 2>&1;
	dlg list --all --tag guide >out &&
	test_grep "^vault " out &&
	grep -q "^tags: blog, guide, obsidian$" tasks/vault.md
'

test_expect_success 'a rule reading me.X that [me] lacks is said by every command' '
	cp dlg.ini "$TRASH/ini" &&
	sed -i "s/^hourly_rate = /hourly_rat = /" dlg.ini &&
	dlg list >out 2>err;
	test_grep "dlg.ini:[0-9]*: warning: rule .too-dear. reads .me.hourly_rate., which \\[me\\] does not set (did you mean .me.hourly_rat.?)" err &&
	dlg sync --dry-run >out 2>err;
	test_grep "rule .too-dear. reads .me.hourly_rate." err &&
	cp "$TRASH/ini" dlg.ini
'

test_expect_success 'dlg new checks what it writes: exit 2, nothing written, the field named' '
	ls tasks >before &&
	test_expect_code 2 dlg new X hours=2h 2>err &&
	test_grep "hours. must be a number, not .2h.: write the number alone" err &&
	test_expect_code 2 dlg new X status=wating 2>err &&
	test_grep "status .wating. is not inbox, open, waiting, done or dropped (did you mean .waiting.?)" err &&
	test_expect_code 2 dlg new X due=2026-02-30 2>err &&
	test_grep "due=2026-02-30: not a date" err &&
	test_expect_code 2 dlg new X cost=1,200 2>err &&
	test_grep "cost. must be a number, not .1,200.: write it without a thousands separator" err &&
	test_expect_code 2 dlg new X to=nobody 2>err &&
	test_grep "to .nobody. names no file in people/" err &&
	ls tasks >after && test_cmp before after
'

test_expect_success 'dlg new writes the ISO date for the words people type' '
	dlg new "Pick up" due=tomorrow >out &&
	grep -q "^due: 2026-11-23$" tasks/pick-up.md &&
	dlg new "Call back" due=friday >out &&
	grep -q "^due: 2026-11-27$" tasks/call-back.md &&
	dlg new "Later" due=+2w >out &&
	grep -q "^due: 2026-12-06$" tasks/later.md
'

test_expect_success 'a hand-off follows up no later than the day before it is due' '
	printf -- "---\ntitle: Soon\nskill: low\nlearn: no\nenjoy: no\ndue: 2026-12-05\nto: anna\n---\n" >tasks/soon.md &&
	DLG_TODAY=2026-12-02 dlg sync >out 2>err;
	grep -q "^follow_up: 2026-12-04$" tasks/soon.md &&
	printf -- "---\ntitle: Today\nskill: low\nlearn: no\nenjoy: no\ndue: 2026-12-02\nto: anna\n---\n" >tasks/today.md &&
	DLG_TODAY=2026-12-02 dlg sync >out 2>err;
	grep -q "^follow_up: 2026-12-02$" tasks/today.md
'

test_done
