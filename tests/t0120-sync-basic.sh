#!/bin/sh
# dlg sync: on an unborn branch and a fresh repository; the lifecycle
# (decide, hand off, complete, due, undecided); a second sync does nothing.
. "$(dirname "$0")/lib.sh"

# after_sync: the repository is sound and dlg's paths are committed
after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

# front_matter FILE: the lines between the first two --- lines
front_matter() {
	sed -n '2,/^---$/p' "$1" | sed '$d'
}

# snapshot: every work-tree file with its inode, time and size, plus the index
snapshot() {
	find . -path ./.git -prune -o -type f -printf '%p %i %T@ %s\n' | sort
	stat -c '.git/index %i %Y %s' .git/index
	git rev-parse HEAD
	git reflog --format=%H%gs main
}

test_expect_success 'sync on a fresh dlg init repository: nothing to commit' '
	dlg init fresh >/dev/null && cd fresh &&
	head=$(git rev-parse HEAD) &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test "$(cat "$TRASH/out")" = "nothing to commit" &&
	test ! -s "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	after_sync
'

test_expect_success 'dlg new then sync on a fresh repository: one commit of the new task' '
	cd fresh &&
	dlg new "Write the newsletter" enjoy=yes >/dev/null &&
	dlg sync >"$TRASH/out" &&
	test_grep "^decided  *write-the-newsletter  *keep  *I enjoy it (enjoy)$" "$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Add write-the-newsletter · [0-9a-f]\{7\} Decide 1 task$" "$TRASH/out" &&
	test "$(git rev-list --count HEAD)" = 3 &&
	after_sync
'

# An unborn branch: git init, files written, never committed.
git init -q repo
cd repo
mkdir tasks people
cp "$DLG_BUILD_DIR/examples/dlg.ini" dlg.ini
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
follow_up_days: 3
---
X
write_file tasks/clean-gutters.md <<'X'
---
title: Clean the gutters
enjoy: no           # do I like doing it?
skill: low
learn: no
hours: 3
cost: 120
urgent: yes
important: no
in_person: yes
---
Leaves block the downspout every autumn.
X
write_file tasks/write-post.md <<'X'
---
title: Write a post
enjoy: yes
---
X
write_file tasks/old-magazines.md <<'X'
---
title: Sort the old magazines
urgent: no
important: no
---
X
write_file tasks/transcribe.md <<'X'
---
title: Transcribe episode 1
status: open
decision: outsource
to: carol
---
X
write_file tasks/file-taxes.md <<'X'
---
title: File taxes
status: done
decision: keep
---
X
write_file tasks/produce.md <<'X'
---
title: Produce the song
status: waiting
decision: outsource
to: carol
given: 2026-11-10
follow_up: 2026-11-19
---
X
write_file tasks/buy-gift.md <<'X'
---
title: Buy a gift
---
Something for Mum.
X
mkdir "$TRASH/orig"
cp tasks/*.md "$TRASH/orig/"

test_expect_success 'sync on an unborn branch works and makes the first commits' '
	! git rev-parse -q --verify HEAD >/dev/null &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git rev-list --count HEAD)" = 2 &&
	test "$(git rev-list --max-parents=0 HEAD)" = "$(git rev-parse HEAD~1)" &&
	git log -g --format=%gs main >"$TRASH/reflog" &&
	test_grep "^commit (initial): " "$TRASH/reflog" &&
	test_grep "^commit: Decide 3 tasks, hand off 1, complete 1$" "$TRASH/reflog" &&
	test "$(git log -1 --format=%an HEAD)" = "Ada Lovelace" &&
	after_sync
'

test_expect_success 'the first commit is everything as written' '
	git ls-tree -r --name-only HEAD~1 >"$TRASH/files" &&
	cat >"$TRASH/expect" <<-\EOF &&
	dlg.ini
	people/carol.md
	tasks/buy-gift.md
	tasks/clean-gutters.md
	tasks/file-taxes.md
	tasks/old-magazines.md
	tasks/produce.md
	tasks/transcribe.md
	tasks/write-post.md
	EOF
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	for f in "$TRASH"/orig/*.md; do
		git cat-file blob "HEAD~1:tasks/${f##*/}" | cmp - "$f" || exit 1
	done
'

test_expect_success 'what it printed, one line per event' '
	test_grep "^decided  *clean-gutters  *outsource → taskrabbit  *I.m bad at it and won.t learn it (bad-at)$" "$TRASH/out" &&
	test_grep "^decided  *write-post  *keep  *I enjoy it (enjoy)$" "$TRASH/out" &&
	test_grep "^decided  *old-magazines  *drop  *it is neither urgent nor important (unimportant)$" "$TRASH/out" &&
	test_grep "^handed  *transcribe  *to carol, follow up 2026-11-25$" "$TRASH/out" &&
	test_grep "^completed  *file-taxes  *done$" "$TRASH/out" &&
	test_grep "^due  *produce  *follow up with carol, 3 days late$" "$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} .* · [0-9a-f]\{7\} Decide 3 tasks, hand off 1, complete 1$" "$TRASH/out" &&
	test_grep "^undecided  *buy-gift  *no rule decided" "$TRASH/err" &&
	! grep -q buy-gift "$TRASH/out" &&
	! grep -q "^undecided" "$TRASH/out"
'

test_expect_success 'decided tasks: decision, rule, because, decided and the status' '
	front_matter tasks/write-post.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Write a post
	enjoy: yes
	status: open
	decision: keep
	rule: enjoy
	because: I enjoy it
	decided: 2026-11-22
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	front_matter tasks/old-magazines.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Sort the old magazines
	urgent: no
	important: no
	status: dropped
	decision: drop
	rule: unimportant
	because: it is neither urgent nor important
	decided: 2026-11-22
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	front_matter tasks/clean-gutters.md | sed -n "10,\$p" >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	status: open
	decision: outsource
	rule: bad-at
	because: I'\''m bad at it and won'\''t learn it
	decided: 2026-11-22
	channel: taskrabbit
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	grep -q "^enjoy: no           # do I like doing it?$" tasks/clean-gutters.md &&
	test "$(tail -n 1 tasks/clean-gutters.md)" = "Leaves block the downspout every autumn."
'

test_expect_success 'hand-off: to carol on an open outsourced task → waiting, given, follow_up' '
	front_matter tasks/transcribe.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Transcribe episode 1
	status: waiting
	decision: outsource
	to: carol
	given: 2026-11-22
	follow_up: 2026-11-25
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm"
'

test_expect_success 'status: done gets completed today' '
	front_matter tasks/file-taxes.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: File taxes
	status: done
	decision: keep
	completed: 2026-11-22
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm"
'

test_expect_success 'a due follow-up and an undecided task are left unchanged' '
	cmp tasks/produce.md "$TRASH/orig/produce.md" &&
	cmp tasks/buy-gift.md "$TRASH/orig/buy-gift.md" &&
	git diff --name-only HEAD~1 HEAD >"$TRASH/changed" &&
	cat >"$TRASH/expect" <<-\EOF &&
	tasks/clean-gutters.md
	tasks/file-taxes.md
	tasks/old-magazines.md
	tasks/transcribe.md
	tasks/write-post.md
	EOF
	test_cmp "$TRASH/expect" "$TRASH/changed"
'

test_expect_success 'a second sync: no commit, no file written, still reports what is due' '
	snapshot >"$TRASH/snap1" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	snapshot >"$TRASH/snap2" &&
	test_cmp "$TRASH/snap1" "$TRASH/snap2" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	test_grep "^due  *produce  *follow up with carol, 3 days late$" "$TRASH/out" &&
	test_grep "^undecided  *buy-gift" "$TRASH/err" &&
	! grep -q "^decided\|^handed\|^completed" "$TRASH/out" &&
	after_sync
'

test_expect_success 'once everything is decided a sync exits 0' '
	sed "s/^title: Buy a gift$/&\nenjoy: yes/" tasks/buy-gift.md >"$TRASH/tmp" &&
	cat "$TRASH/tmp" >tasks/buy-gift.md &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	test_grep "^decided  *buy-gift  *keep" "$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit buy-gift · [0-9a-f]\{7\} Decide 1 task$" "$TRASH/out" &&
	after_sync
'

test_expect_success 'idempotence: a sync with nothing to do exits 0, writes nothing, commits nothing' '
	snapshot >"$TRASH/snap1" &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	dlg sync >"$TRASH/out2" 2>>"$TRASH/err" &&
	snapshot >"$TRASH/snap2" &&
	test_cmp "$TRASH/snap1" "$TRASH/snap2" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	test_cmp "$TRASH/out" "$TRASH/out2" &&
	test ! -s "$TRASH/err" &&
	after_sync
'

test_expect_success 'the follow-up comes due on its day, without changing the file' '
	cp tasks/transcribe.md "$TRASH/transcribe" &&
	DLG_TODAY=2026-11-24 dlg sync >"$TRASH/out" &&
	! grep -q "transcribe" "$TRASH/out" &&
	DLG_TODAY=2026-11-25 dlg sync >"$TRASH/out" &&
	test_grep "^due  *transcribe  *follow up with carol today$" "$TRASH/out" &&
	dlg --today 2026-11-27 sync >"$TRASH/out" &&
	test_grep "^due  *transcribe  *follow up with carol, 2 days late$" "$TRASH/out" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	cmp tasks/transcribe.md "$TRASH/transcribe" &&
	after_sync
'

test_expect_success 'sync works from a subfolder and with -C' '
	sed "s/^title: Write a post$/title: Write two posts/" tasks/write-post.md >"$TRASH/tmp" &&
	cat "$TRASH/tmp" >tasks/write-post.md &&
	(cd tasks && dlg sync >"$TRASH/out") &&
	test_grep "^1 commit: [0-9a-f]\{7\} Edit write-post$" "$TRASH/out" &&
	cd "$TRASH" && dlg -C repo sync >"$TRASH/out" && cd repo &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	after_sync
'

test_expect_success 'unborn branch with the files git add-ed: committed, index clean' '
	git init -q "$TRASH/staged" && cd "$TRASH/staged" &&
	cp "$DLG_BUILD_DIR/examples/dlg.ini" . &&
	printf -- "---\ntitle: Staged\nenjoy: yes\n---\n" | write_file tasks/staged.md &&
	printf -- "---\ntitle: Not staged\nenjoy: yes\n---\n" | write_file tasks/loose.md &&
	git add dlg.ini tasks/staged.md &&
	dlg sync >"$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Add dlg.ini, loose, staged · [0-9a-f]\{7\} Decide 2 tasks$" "$TRASH/out" &&
	test "$(git rev-list --count HEAD)" = 2 &&
	test -z "$(git status --porcelain)" &&
	after_sync
'

test_expect_success 'sync outside a task repository: exit 2' '
	mkdir "$TRASH/nowhere" && cd "$TRASH/nowhere" &&
	test_expect_code 2 dlg sync 2>"$TRASH/err" &&
	test -s "$TRASH/err"
'

test_done
