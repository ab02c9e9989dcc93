#!/bin/sh
# dlg sync: the person's edits and dlg's changes in two commits, with the
# right files in each and messages that say what changed and why.
. "$(dirname "$0")/lib.sh"

after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

version=$(dlg --version | sed -n 's/^dlg //p')

new_repo repo
cd repo
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
---
X
git add . && git commit -q -m "Start"

# the person's own edits: one task changed, one added
write_file tasks/clean-gutters.md <<'X'
---
title: Clean the gutters
skill: low
learn: no
in_person: yes
---
X
write_file tasks/file-taxes.md <<'X'
---
title: File taxes
enjoy: no
to: carol
---
X
cp tasks/clean-gutters.md "$TRASH/gutters.written"
cp tasks/file-taxes.md "$TRASH/taxes.written"

test_expect_success 'a sync after edits makes exactly two commits' '
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	test "$(git rev-list --count HEAD)" = 3 &&
	test "$(git log -1 --format=%s HEAD~2)" = Start &&
	test_grep "^2 commits: $(git rev-parse --short=7 HEAD~1) Edit clean-gutters, add file-taxes · $(git rev-parse --short=7 HEAD) Decide 2 tasks, hand off 1$" "$TRASH/out" &&
	after_sync
'

test_expect_success 'the first commit holds the edits as written, and only them' '
	git show --name-status --format= HEAD~1 >"$TRASH/files" &&
	printf "M\ttasks/clean-gutters.md\nA\ttasks/file-taxes.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git cat-file blob HEAD~1:tasks/clean-gutters.md | cmp - "$TRASH/gutters.written" &&
	git cat-file blob HEAD~1:tasks/file-taxes.md | cmp - "$TRASH/taxes.written"
'

test_expect_success 'the second commit holds dlg s changes, and only them' '
	git show --name-status --format= HEAD >"$TRASH/files" &&
	printf "M\ttasks/clean-gutters.md\nM\ttasks/file-taxes.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git diff HEAD~1 HEAD >"$TRASH/diff" &&
	! grep "^-[^-]" "$TRASH/diff" &&
	grep "^+[^+]" "$TRASH/diff" | sed "s/^+//; s/:.*//" >"$TRASH/keys" &&
	cat >"$TRASH/expect" <<-\EOF &&
	status
	decision
	rule
	because
	decided
	channel
	status
	decision
	rule
	because
	decided
	given
	follow_up
	EOF
	test_cmp "$TRASH/expect" "$TRASH/keys"
'

test_expect_success 'the commit messages, word for word' '
	git log --format=%B -2 >"$TRASH/messages" &&
	cat >"$TRASH/expect" <<-EOF &&
	Decide 2 tasks, hand off 1

	clean-gutters: inbox → outsource via taskrabbit (bad-at: I'\''m bad at it and won'\''t learn it)
	file-taxes: inbox → outsource to carol, follow up 2026-11-25 (dislike: I don'\''t enjoy it)

	Dlg-Sync: 2026-11-22 (dlg $version)

	Edit clean-gutters, add file-taxes

	edit    tasks/clean-gutters.md
	add     tasks/file-taxes.md

	As written by hand; dlg'\''s own changes follow in the next commit.

	EOF
	test_cmp "$TRASH/expect" "$TRASH/messages"
'

test_expect_success 'the Dlg-Sync trailer tells dlg s commits apart' '
	test "$(git log -1 --format="%(trailers:key=Dlg-Sync,valueonly)" | sed "/^$/d")" = "2026-11-22 (dlg $version)" &&
	git log --format=%s --grep="^Dlg-Sync: " >"$TRASH/dlgs" &&
	echo "Decide 2 tasks, hand off 1" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/dlgs"
'

test_expect_success 'both commits are on the branch and in its reflog, by the git identity' '
	git log -g --format=%gs -2 main >"$TRASH/reflog" &&
	printf "commit: Decide 2 tasks, hand off 1\ncommit: Edit clean-gutters, add file-taxes\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/reflog" &&
	git log -2 --format="%an <%ae> %ad|%cn <%ce> %cd" --date=iso-strict >"$TRASH/who" &&
	printf "%s\n%s\n" \
		"Ada Lovelace <ada@example.org> 2026-11-20T10:00:00+00:00|Ada Lovelace <ada@example.org> 2026-11-20T10:00:00+00:00" \
		"Ada Lovelace <ada@example.org> 2026-11-20T10:00:00+00:00|Ada Lovelace <ada@example.org> 2026-11-20T10:00:00+00:00" \
		>"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/who"
'

test_expect_success 'only edits: one commit; only dlg s changes: one commit' '
	printf -- "---\nname: Carol Diaz\nkind: contractor\nfollow_up_days: 4\n---\n" >people/carol.md &&
	dlg sync >"$TRASH/out" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Edit person carol$" "$TRASH/out" &&
	test "$(git log -1 --format=%s)" = "Edit person carol" &&
	git show --name-only --format= HEAD >"$TRASH/files" &&
	echo people/carol.md >"$TRASH/expect" && test_cmp "$TRASH/expect" "$TRASH/files" &&
	printf -- "---\ntitle: Mow\nenjoy: yes\n---\n" >tasks/mow.md &&
	git add tasks/mow.md && git commit -q -m "Add mow by hand" &&
	dlg sync >"$TRASH/out" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Decide 1 task$" "$TRASH/out" &&
	test "$(git log -1 --format=%s HEAD~1)" = "Add mow by hand" &&
	after_sync
'

test_expect_success 'deletes and renames are committed as such' '
	git rm -q --cached tasks/mow.md && mv tasks/mow.md tasks/mow-lawn.md &&
	rm tasks/clean-gutters.md &&
	dlg sync >"$TRASH/out" &&
	git show --name-status --format= -M HEAD >"$TRASH/files" &&
	printf "D\ttasks/clean-gutters.md\nR100\ttasks/mow.md\ttasks/mow-lawn.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git log -1 --format=%s >"$TRASH/subject" &&
	test_grep "[Dd]elete clean-gutters" "$TRASH/subject" &&
	test_grep "[Rr]ename mow to mow-lawn" "$TRASH/subject" &&
	test "$(git log -1 --format=%B | sed -n 3,4p)" = "delete  tasks/clean-gutters.md
rename  tasks/mow.md → tasks/mow-lawn.md" &&
	after_sync
'

test_expect_success 'many edits are summed up in the subject' '
	for i in 1 2 3 4; do
		printf -- "---\ntitle: Chore $i\nurgent: no\nimportant: no\n---\n" >tasks/chore-$i.md || exit 1
	done &&
	printf -- "---\nname: Bob\nkind: team\n---\n" >people/bob.md &&
	dlg sync >"$TRASH/out" &&
	test "$(git log -1 --format=%s HEAD~1)" = "Add 4 tasks and 1 person" &&
	test "$(git log -1 --format=%s)" = "Decide 4 tasks" &&
	git log -1 --format=%B >"$TRASH/msg" &&
	test_grep "^chore-3: inbox → drop (unimportant: it is neither urgent nor important)$" "$TRASH/msg" &&
	after_sync
'

test_expect_success 'the identity comes from git config when the environment has none' '
	git config user.name "Grace Hopper" &&
	git config user.email grace@example.org &&
	printf -- "---\ntitle: Grace s task\nenjoy: yes\n---\n" >tasks/grace.md &&
	env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL \
		dlg sync >"$TRASH/out" &&
	git log -2 --format="%an <%ae>|%cn <%ce>" >"$TRASH/who" &&
	printf "%s\n%s\n" "Grace Hopper <grace@example.org>|Grace Hopper <grace@example.org>" \
		"Grace Hopper <grace@example.org>|Grace Hopper <grace@example.org>" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/who" &&
	after_sync
'

test_expect_success 'author and committer from the environment, each apart' '
	printf -- "---\ntitle: Alan s task\nenjoy: yes\n---\n" >tasks/alan.md &&
	GIT_AUTHOR_NAME="Alan Turing" GIT_AUTHOR_EMAIL=alan@example.org \
	GIT_AUTHOR_DATE="2026-11-21T09:30:00+01:00" dlg sync >"$TRASH/out" &&
	git log -1 --format="%an <%ae> %ad|%cn <%ce>" --date=iso-strict >"$TRASH/who" &&
	echo "Alan Turing <alan@example.org> 2026-11-21T09:30:00+01:00|Ada Lovelace <ada@example.org>" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/who"
'

test_expect_success 'sync commits on the current branch only' '
	git switch -q -c feature &&
	main=$(git rev-parse main) &&
	printf -- "---\ntitle: Feature\nenjoy: yes\n---\n" >tasks/feature.md &&
	dlg sync >/dev/null &&
	test "$(git rev-parse main)" = "$main" &&
	test "$(git rev-list --count main..feature)" = 2 &&
	test "$(git symbolic-ref HEAD)" = refs/heads/feature &&
	after_sync
'

test_expect_success 'sync in a linked worktree commits on its branch, with its own index' '
	git worktree add -q "$TRASH/wt" -b wt-branch &&
	cd "$TRASH/wt" &&
	feature=$(git rev-parse feature) &&
	printf -- "---\ntitle: In the worktree\nenjoy: yes\n---\n" >tasks/wt.md &&
	dlg sync >"$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Add wt · [0-9a-f]\{7\} Decide 1 task$" "$TRASH/out" &&
	test "$(git rev-list --count feature..wt-branch)" = 2 &&
	test "$(git rev-parse feature)" = "$feature" &&
	test ! -e "$TRASH/wt/.git/dlg.lock" &&
	after_sync &&
	cd "$TRASH/repo" &&
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	test ! -e tasks/wt.md
'

test_done
