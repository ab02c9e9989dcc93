#!/bin/sh
# An edit that takes back dlg's own hand-off (a stale editor buffer saved
# over what dlg wrote: to, given or decision gone, or the status put back)
# is said by sync on a line of its own, never passed over in silence.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
printf -- "---\nname: Anna\nkind: contractor\n---\n" >people/anna.md
printf -- "---\ntitle: Book the venue\nenjoy: no\nskill: low\nlearn: no\n---\nCall them.\n" >tasks/venue.md
git add -A && git commit -q -m Start
dlg sync >/dev/null 2>&1
cp tasks/venue.md "$TRASH/buffer" # what the editor still holds

test_expect_success 'hand it off, then an editor saves its stale buffer over it' '
	dlg give venue anna >out 2>err &&
	grep -q "^to: anna$" tasks/venue.md &&
	cp "$TRASH/buffer" tasks/venue.md &&
	dlg sync >out 2>err;
	test_grep "^undone  *venue  *your edit took back dlg.s hand-off: status waiting → open, to anna → (none), given 2026-11-22 → (none)" err
'

test_expect_success 'an edit that moves the task on is not taken for one' '
	dlg give venue anna >/dev/null 2>&1 &&
	sed -i "s/^status: waiting$/status: done/" tasks/venue.md &&
	dlg sync >out 2>err &&
	! grep -q "^undone" err
'

test_done
