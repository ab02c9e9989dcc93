#!/bin/sh
# dlg sync refuses (exit 2) a detached HEAD, a merge, rebase or cherry-pick in
# progress, and a missing identity, and then changes nothing at all.
. "$(dirname "$0")/lib.sh"

# state: every work-tree file's content, the index, HEAD and every ref
state() {
	find . -path ./.git -prune -o -type f -print | sort | xargs sha1sum
	sha1sum .git/index
	cat .git/HEAD
	git for-each-ref --format='%(refname) %(objectname)'
	git rev-parse HEAD
}

new_repo repo
cd repo
write_file tasks/mow.md <<'X'
---
title: Mow the lawn
---
X
git add . && git commit -q -m "Start"
# something for a sync to do in every case below
write_file tasks/wash.md <<'X'
---
title: Wash the car
enjoy: yes
---
X
printf -- '---\ntitle: Mow the lawn\nenjoy: yes\n---\n' >tasks/mow.md

test_expect_success 'detached HEAD: exit 2, nothing changed' '
	git checkout -q --detach &&
	state >"$TRASH/before" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "detached" "$TRASH/err" &&
	test ! -s "$TRASH/out" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test ! -e .git/dlg.lock &&
	git checkout -q main
'

test_expect_success 'detached HEAD: --dry-run refuses too' '
	git checkout -q --detach &&
	test_expect_code 2 dlg sync --dry-run >/dev/null 2>"$TRASH/err" &&
	test_grep "detached" "$TRASH/err" &&
	git checkout -q main
'

test_expect_success 'a real merge with a conflict in a task: exit 2, nothing changed' '
	git init -q "$TRASH/m" && cd "$TRASH/m" &&
	cp "$TRASH/repo/dlg.ini" . &&
	printf -- "---\ntitle: Mow the lawn\n---\n" | write_file tasks/mow.md &&
	git add . && git commit -q -m Start &&
	git switch -q -c side &&
	printf -- "---\ntitle: Mow the lawn, side\n---\n" >tasks/mow.md &&
	git commit -q -a -m side &&
	git switch -q main &&
	printf -- "---\ntitle: Mow the lawn, main\n---\n" >tasks/mow.md &&
	git commit -q -a -m main &&
	test_must_fail git merge side >/dev/null &&
	test -f .git/MERGE_HEAD &&
	grep -q "^<<<<<<<" tasks/mow.md &&
	printf -- "---\ntitle: Wash the car\nenjoy: yes\n---\n" >tasks/wash.md &&
	state >"$TRASH/before" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "merge" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	git ls-files -u >"$TRASH/unmerged" && test -s "$TRASH/unmerged"
'

test_expect_success 'a hand-written MERGE_HEAD: exit 2, nothing changed' '
	git rev-parse HEAD >.git/MERGE_HEAD &&
	state >"$TRASH/before" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "merge" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	rm .git/MERGE_HEAD
'

test_expect_success 'a rebase in progress: exit 2, nothing changed' '
	mkdir .git/rebase-merge &&
	echo refs/heads/main >.git/rebase-merge/head-name &&
	git rev-parse HEAD >.git/rebase-merge/onto &&
	git rev-parse HEAD >.git/rebase-merge/orig-head &&
	state >"$TRASH/before" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "rebase" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	rm -r .git/rebase-merge &&
	mkdir .git/rebase-apply &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	rm -r .git/rebase-apply
'

test_expect_success 'a cherry-pick in progress: exit 2, nothing changed' '
	git rev-parse HEAD >.git/CHERRY_PICK_HEAD &&
	state >"$TRASH/before" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "cherry" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	rm .git/CHERRY_PICK_HEAD
'

test_expect_success 'no git identity: exit 2 saying how to set one, nothing changed' '
	state >"$TRASH/before" &&
	test_expect_code 2 env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME \
		-u GIT_COMMITTER_EMAIL -u EMAIL dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "git config user.name" "$TRASH/err" &&
	test_grep "user.email" "$TRASH/err" &&
	state >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
'

test_expect_success 'dlg.ini below the top of the work tree: exit 2, nothing changed' '
	git init -q "$TRASH/outer" && mkdir "$TRASH/outer/sub" &&
	cp dlg.ini "$TRASH/outer/sub/" && mkdir "$TRASH/outer/sub/tasks" &&
	printf -- "---\ntitle: X\nenjoy: yes\n---\n" >"$TRASH/outer/sub/tasks/x.md" &&
	cd "$TRASH/outer/sub" &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "not at the top of the git work tree" "$TRASH/err" &&
	! git rev-parse -q --verify HEAD >/dev/null &&
	test "$(cat tasks/x.md)" = "$(printf -- "---\ntitle: X\nenjoy: yes\n---")"
'

test_expect_success 'after all that, a sync on the branch works' '
	dlg sync >"$TRASH/out" &&
	test_grep "^2 commits: " "$TRASH/out" &&
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	git fsck --no-progress --no-dangling
'

test_done
