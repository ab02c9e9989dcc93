#!/bin/sh
# dlg sync and .git/dlg.lock: a live holder makes it give up (exit 2) after
# DLG_LOCK_TIMEOUT, naming the holder; a stale lock is taken over; the lock
# is gone afterwards.
. "$(dirname "$0")/lib.sh"

state() {
	find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum
	sha1sum .git/index
	git rev-parse HEAD
}

new_repo repo
cd repo
git add dlg.ini && git commit -q -m "Start"
write_file tasks/wash.md <<'X'
---
title: Wash the car
enjoy: yes
---
X
host=$(hostname)

test_expect_success 'a lock held by a live process: exit 2 naming the holder, nothing changed' '
	echo "$$ $host" >.git/dlg.lock &&
	state >"$TRASH/before" &&
	test_expect_code 2 env DLG_LOCK_TIMEOUT=1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "dlg.lock" "$TRASH/err" &&
	test_grep "pid $$ on $host" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test "$(cat .git/dlg.lock)" = "$$ $host"
'

test_expect_success 'a lock held on another host is not ours to break' '
	echo "$$ some-other-host" >.git/dlg.lock &&
	test_expect_code 2 env DLG_LOCK_TIMEOUT=0 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "some-other-host" "$TRASH/err" &&
	test "$(cat .git/dlg.lock)" = "$$ some-other-host" &&
	test "$(git rev-list --count HEAD)" = 1
'

test_expect_success 'a stale lock (its process is gone) is taken over; the sync succeeds' '
	echo "999999 $host" >.git/dlg.lock &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^2 commits: " "$TRASH/out" &&
	grep -q "^decision: keep$" tasks/wash.md &&
	test ! -e .git/dlg.lock
'

test_expect_success 'the lock is gone after a sync with nothing to do, and after a failed one' '
	dlg sync >/dev/null && test ! -e .git/dlg.lock &&
	printf "\n[rule broken]\nif = (\n" >>dlg.ini &&
	test_expect_code 2 dlg sync 2>/dev/null && test ! -e .git/dlg.lock &&
	git checkout -q dlg.ini &&
	printf -- "---\ntitle: Dup\ntitle: Dup\n---\n" >tasks/dup.md &&
	test_expect_code 1 dlg sync >/dev/null 2>&1 && test ! -e .git/dlg.lock &&
	rm tasks/dup.md && dlg sync >/dev/null && test ! -e .git/dlg.lock
'

test_expect_success 'a dry run does not need the lock' '
	echo "$$ $host" >.git/dlg.lock &&
	printf -- "---\ntitle: Rake\nenjoy: yes\n---\n" >tasks/rake.md &&
	env DLG_LOCK_TIMEOUT=0 dlg sync --dry-run >"$TRASH/out" &&
	test_grep "^decided  *rake" "$TRASH/out" &&
	test "$(cat .git/dlg.lock)" = "$$ $host" &&
	rm .git/dlg.lock
'

test_expect_success 'done with the lock held: exit 2 and the file untouched' '
	dlg sync >/dev/null &&
	printf -- "---\nname: Bob\nkind: team\n---\n" >people/bob.md &&
	dlg sync >/dev/null &&
	echo "$$ $host" >.git/dlg.lock &&
	head=$(git rev-parse HEAD) &&
	cp tasks/rake.md "$TRASH/rake" &&
	test_expect_code 2 env DLG_LOCK_TIMEOUT=0 dlg done rake >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "dlg.lock" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp tasks/rake.md "$TRASH/rake"
'
git checkout -q -- tasks

test_expect_success 'give with the lock held: exit 2 and the file untouched' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 env DLG_LOCK_TIMEOUT=0 dlg give rake bob >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "dlg.lock" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp tasks/rake.md "$TRASH/rake"
'
rm -f .git/dlg.lock
git checkout -q -- tasks

test_expect_success 'the repository is sound' '
	git fsck --no-progress --no-dangling &&
	test -z "$(git status --porcelain -- dlg.ini tasks people)"
'

test_done
