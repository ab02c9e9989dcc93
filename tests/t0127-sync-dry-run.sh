#!/bin/sh
# dlg sync --dry-run: the same events as a real sync, and nothing written:
# no file, no commit, no index, no object, no cache.
. "$(dirname "$0")/lib.sh"

# work-tree files (content, inode, time), the index, the refs, the cache:
# every file under .git but the object store
state() {
	find . -path ./.git -prune -o -type f -printf '%p %i %T@ %s\n' | sort
	find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum
	find .git -path .git/objects -prune -o -type f -printf '%p %T@ %s\n' | sort
	git for-each-ref --format='%(refname) %(objectname)'
}

# the object store: a dry run has no business writing blobs or trees either
objects() {
	find .git/objects -type f -printf '%p %T@ %s\n' | sort
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
write_file tasks/mow.md <<'X'
---
title: Mow the lawn
---
X
git add . && git commit -q -m "Start"

printf -- '---\ntitle: Mow the lawn\nenjoy: yes\n---\n' >tasks/mow.md
write_file tasks/clean-gutters.md <<'X'
---
title: Clean the gutters
skill: low
learn: no
in_person: yes
---
X
write_file tasks/transcribe.md <<'X'
---
title: Transcribe
status: open
decision: outsource
to: carol
---
X
write_file tasks/taxes.md <<'X'
---
title: File taxes
status: done
---
X
write_file tasks/produce.md <<'X'
---
title: Produce the song
status: waiting
decision: outsource
to: carol
follow_up: 2026-11-20
---
X
write_file tasks/gift.md <<'X'
---
title: Buy a gift
---
X
write_file tasks/dup.md <<'X'
---
title: One
title: Two
---
X

test_expect_success '--dry-run writes no object into .git/objects' '
	objects >"$TRASH/before" &&
	test_expect_code 1 dlg sync --dry-run >/dev/null 2>&1 &&
	objects >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
'

test_expect_success '--dry-run: what would happen, and nothing written' '
	state >"$TRASH/before" &&
	test_expect_code 1 dlg sync --dry-run >"$TRASH/dry.out" 2>"$TRASH/dry.err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
'

test_expect_success '--dry-run says which commits it would make' '
	test_grep "^would commit your edits: Edit mow, add 6 tasks$\|^would commit your edits: Edit 1 task, add 6 tasks$" "$TRASH/dry.out" &&
	test_grep "^would commit: Decide 2 tasks, hand off 1, complete 1$" "$TRASH/dry.out" &&
	test_grep "^dry run: nothing written$" "$TRASH/dry.out" &&
	test "$(git rev-list --count HEAD)" = 1 &&
	test "$(git status --porcelain -- tasks | wc -l)" = 7
'

test_expect_success '-n is --dry-run' '
	state >"$TRASH/before" &&
	test_expect_code 1 dlg sync -n >"$TRASH/n.out" 2>"$TRASH/n.err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test_cmp "$TRASH/dry.out" "$TRASH/n.out" &&
	test_cmp "$TRASH/dry.err" "$TRASH/n.err"
'

test_expect_success 'a real sync prints the same events' '
	test_expect_code 1 dlg sync >"$TRASH/real.out" 2>"$TRASH/real.err" &&
	grep -v "^would commit\|^dry run: " "$TRASH/dry.out" >"$TRASH/dry.events" &&
	grep -v "^[0-9]* commits\{0,1\}: " "$TRASH/real.out" >"$TRASH/real.events" &&
	test_grep "^decided  *mow  *keep" "$TRASH/real.events" &&
	test_grep "^decided  *clean-gutters  *outsource → taskrabbit" "$TRASH/real.events" &&
	test_grep "^handed  *transcribe  *to carol, follow up 2026-11-25$" "$TRASH/real.events" &&
	test_grep "^completed  *taxes" "$TRASH/real.events" &&
	test_grep "^due  *produce  *follow up with carol, 2 days late$" "$TRASH/real.events" &&
	test_cmp "$TRASH/real.events" "$TRASH/dry.events" &&
	test_cmp "$TRASH/real.err" "$TRASH/dry.err" &&
	test_grep "^undecided  *gift" "$TRASH/real.err" &&
	test_grep "^invalid  *tasks/dup.md:3:1: " "$TRASH/real.err" &&
	test "$(git rev-list --count HEAD)" = 3 &&
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	git fsck --no-progress --no-dangling
'

test_expect_success '--dry-run with nothing to do' '
	state >"$TRASH/before" &&
	test_expect_code 1 dlg sync --dry-run >"$TRASH/out" 2>/dev/null &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	test_grep "^dry run: nothing written$" "$TRASH/out" &&
	! grep -q "^would commit" "$TRASH/out"
'

test_expect_success '--dry-run on an unborn branch writes nothing either' '
	git init -q "$TRASH/unborn" && cd "$TRASH/unborn" &&
	cp "$DLG_BUILD_DIR/examples/dlg.ini" . && mkdir tasks &&
	printf -- "---\ntitle: V\nenjoy: yes\n---\n" >tasks/v.md &&
	state >"$TRASH/before" &&
	dlg sync --dry-run >"$TRASH/out" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test_grep "^would commit your edits: Add dlg.ini, v$" "$TRASH/out" &&
	test_grep "^would commit: Decide 1 task$" "$TRASH/out" &&
	! git rev-parse -q --verify HEAD >/dev/null &&
	test "$(cat tasks/v.md)" = "$(printf -- "---\ntitle: V\nenjoy: yes\n---")"
'

test_expect_success '--dry-run on an unborn branch writes no object either' '
	cd "$TRASH/unborn" &&
	rm -rf .git/objects/?? &&
	objects >"$TRASH/before" &&
	dlg sync --dry-run >/dev/null &&
	objects >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
'

test_done
