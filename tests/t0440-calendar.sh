#!/bin/sh
# dlg calendar and [calendar] file: the follow-ups of waiting work and the
# due dates of unfinished work, read back with a second parser (Debian's
# python3-icalendar): as many events as the tasks call for, stable UIDs
# across runs, an event that moves keeps its UID; sync writes the file only
# when it changes, never commits it, and refuses dlg's own folders.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

# ics_events FILE: the events of FILE as a second parser reads them
# (tests/lib/ics-events.py), "UID DAY CATEGORY SUMMARY" a line, sorted.
ics_events() {
	$PY "$TESTS_DIR/lib/ics-events.py" "$1"
}

# The events the tasks call for, from dlg list --json: a follow-up for
# every waiting task with one, a due date for every task not finished.
want_uids() {
	dlg list --all --json >"$TRASH/list.json" &&
	json_check "$TRASH/list.json" <<-\X | sort
	for my $t (@$d) {
		my %f = map { $_ => (exists $t->{$_} ? $t->{$_} : undef) } qw(status follow_up due to);
		my $s = $f{status} // "inbox";
		print "follow-up/$t->{id}\@dlg\n" if $s eq "waiting" && $f{follow_up} && $f{to};
		print "due/$t->{id}\@dlg\n" if $f{due} && $s ne "done" && $s ne "dropped";
	}
	X
}

if ! test -x $PY || ! $PY -c "import icalendar" 2>/dev/null; then
	test_skip 'dlg calendar read back with python3-icalendar' \
		'python3-icalendar is not installed (scripts/deps.sh installs it)'
	test_done
fi

test_expect_success 'set-up: the examples, synced' '
	new_repo repo &&
	cd repo &&
	cp -R "$DLG_BUILD_DIR/examples/tasks" "$DLG_BUILD_DIR/examples/people" . &&
	rm tasks/life/gift-for-sam.md && # the one the rules leave undecided
	git add . && git commit -q -m start &&
	dlg sync >/dev/null
'

test_expect_success 'calendar: an event for every follow-up and due date the tasks have' '
	cd repo &&
	dlg calendar >"$TRASH/a.ics" &&
	ics_events "$TRASH/a.ics" >"$TRASH/a.events" &&
	cut -d" " -f1 "$TRASH/a.events" >"$TRASH/uids" &&
	want_uids >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/uids" &&
	test "$(wc -l <"$TRASH/uids")" -gt 20 &&
	test -z "$(sort "$TRASH/uids" | uniq -d)"
'

test_expect_success 'calendar: who, what, how late; a late follow-up is on today' '
	grep -x "follow-up/admin/support-email@dlg 2026-11-22 follow-up Follow up with Gary Cohen (4 days late): Answer customer support email" "$TRASH/a.events" &&
	grep -x "follow-up/music/produce-two-wheels@dlg 2026-11-24 follow-up Follow up with Theo Marsh: Produce the song: Two Wheels Full of Grace" "$TRASH/a.events" &&
	grep -x "due/home/clean-gutters@dlg 2026-12-01 due Due: Clean the gutters (needs someone)" "$TRASH/a.events" &&
	! grep "blog/edit-saas-pricing-post" "$TRASH/a.events"
'

test_expect_success 'calendar: the same bytes and UIDs on a second run' '
	cd repo &&
	dlg calendar >"$TRASH/b.ics" &&
	cmp "$TRASH/a.ics" "$TRASH/b.ics"
'

test_expect_success 'calendar: a follow-up moved keeps its UID; a task done loses its events' '
	cd repo &&
	sed -i "s/^follow_up: 2026-11-24 /follow_up: 2026-11-28 /" tasks/music/produce-two-wheels.md &&
	dlg done podcast/transcribe-interviews-3-4 >/dev/null &&
	dlg calendar >"$TRASH/c.ics" &&
	ics_events "$TRASH/c.ics" >"$TRASH/c.events" &&
	grep "^follow-up/music/produce-two-wheels@dlg 2026-11-28 " "$TRASH/c.events" &&
	! grep "transcribe-interviews-3-4" "$TRASH/c.events" &&
	test "$(wc -l <"$TRASH/c.events")" = $(($(wc -l <"$TRASH/a.events") - 2))
'

test_expect_success 'calendar -o: written atomically, and only when it changes' '
	cd repo &&
	dlg calendar -o "$TRASH/o.ics" &&
	cmp "$TRASH/c.ics" "$TRASH/o.ics" &&
	before=$(stat -c %i:%Y "$TRASH/o.ics") &&
	sleep 1 &&
	dlg calendar -o "$TRASH/o.ics" &&
	test "$(stat -c %i:%Y "$TRASH/o.ics")" = "$before" &&
	dlg --today 2026-11-23 calendar -o "$TRASH/o.ics" &&
	test "$(stat -c %i:%Y "$TRASH/o.ics")" != "$before"
'

test_expect_success '[calendar] file: every sync writes it, never commits it' '
	cd repo &&
	printf "\n[calendar]\nfile = calendar.ics\n" >>dlg.ini &&
	dlg sync --dry-run >/dev/null &&
	test ! -e calendar.ics &&
	dlg sync >/dev/null &&
	cmp "$TRASH/c.ics" calendar.ics &&
	test -z "$(git ls-files calendar.ics)" &&
	git status --porcelain >status &&
	grep -x "?? calendar.ics" status &&
	! git log --all --format= --name-only | grep calendar.ics
'

test_expect_success '[calendar] file: a sync that changes nothing in it leaves it alone' '
	cd repo &&
	before=$(stat -c %i:%Y calendar.ics) &&
	sleep 1 &&
	dlg sync >/dev/null &&
	test "$(stat -c %i:%Y calendar.ics)" = "$before" &&
	dlg give admin/expense-receipts gary >/dev/null &&
	test "$(stat -c %i:%Y calendar.ics)" != "$before" &&
	ics_events calendar.ics | grep "^follow-up/admin/expense-receipts@dlg 2026-11-25 "
'

test_expect_success '[calendar] file that cannot be written: a warning, the sync is done' '
	cd repo &&
	sed -i "s|^file = calendar.ics$|file = nowhere/calendar.ics|" dlg.ini &&
	dlg sync >out 2>err &&
	test_grep "warning: \[calendar\] file not written" err &&
	test -z "$(git status --porcelain -- dlg.ini)"
'

test_expect_success '[calendar] file must stay out of tasks/, people/ and .git/' '
	cd repo &&
	for bad in tasks/cal.ics people/cal.ics .git/cal.ics ./tasks/x.ics /tmp/cal.ics \
		../cal.ics a/../../cal.ics dlg.ini; do
		sed -i "s|^file = .*|file = $bad|" dlg.ini &&
		test_expect_code 2 dlg sync 2>err &&
		test_grep "^dlg.ini:[0-9]*: \[calendar\] file" err &&
		test_expect_code 1 dlg check >out 2>&1 &&
		test_grep "\[calendar\] file" out || return 1
	done &&
	test ! -e tasks/cal.ics && test ! -e people/cal.ics && test ! -e .git/cal.ics &&
	sed -i "s|^file = .*|file = shared/cal.ics|" dlg.ini &&
	mkdir shared &&
	dlg sync >/dev/null &&
	test -s shared/cal.ics
'

test_expect_success '[calendar] file through a link into tasks/ is refused at write time' '
	cd repo &&
	ln -s tasks sneaky &&
	sed -i "s|^file = .*|file = sneaky/cal.ics|" dlg.ini &&
	dlg sync >out 2>err &&
	test_grep "inside tasks/" err &&
	test ! -e tasks/cal.ics
'

test_done
