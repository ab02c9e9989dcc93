#!/bin/sh
# dlg undo takes back the last sync (dlg's Dlg-Sync: commit and the commit
# of the person's edits the same sync made) with one new commit: files,
# index and branch back as before that sync, history kept. It refuses,
# changing nothing, when the sync is not the last thing on the branch, was
# pushed, or a file it would change has edits not committed. Run again, it
# takes back the sync before.
. "$(dirname "$0")/lib.sh"

# check_sound: fsck --strict clean, git status clean
check_sound() {
	git fsck --strict --no-progress >"$TRASH/fsck" 2>&1 ||
		{ echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "not clean:"; cat "$TRASH/status"; return 1; }
}

# state: what must not change when undo refuses
state() {
	git rev-parse -q --verify HEAD || echo unborn
	git status --porcelain; git ls-files -s
	git reflog -n 3 --format=%H%gs 2>/dev/null
	cat tasks/*.md people/*.md dlg.ini 2>/dev/null
	true
}

# refuses MESSAGE: dlg undo exits 2 with MESSAGE and changes nothing
refuses() {
	state >"$TRASH/state.before" &&
	test_expect_code 2 dlg undo >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/out" &&
	test_grep "$1" "$TRASH/err" &&
	state >"$TRASH/state.after" &&
	test_cmp "$TRASH/state.before" "$TRASH/state.after" &&
	test ! -e .git/dlg.lock
}

# A repository with two tasks committed by hand.
start_repo() {
	new_repo "$1" &&
	cd "$1" &&
	write_file tasks/gutters.md <<-\X &&
	---
	title: Clean the gutters
	enjoy: no   # never
	skill: low
	learn: no
	in_person: yes
	---
	Leaves again.
	X
	write_file tasks/post.md <<-\X &&
	---
	title: Write a post
	enjoy: yes
	---
	X
	write_file people/luis.md <<-\X &&
	---
	name: Luis
	kind: contractor
	---
	X
	git add -A && git commit -q -m "Start"
}

test_expect_success 'undo after a sync that decided tasks: files, index, branch as before' '
	start_repo one &&
	cp tasks/gutters.md "$TRASH/gutters.before" &&
	cp tasks/post.md "$TRASH/post.before" &&
	base=$(git rev-parse HEAD) &&
	dlg sync >/dev/null &&
	test "$(git rev-list --count $base..HEAD)" = 1 &&
	sync=$(git rev-parse --short HEAD) &&
	dlg undo >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	cat >"$TRASH/expect" <<-EOF &&
	undone     $sync Decide 2 tasks
	restored   tasks/gutters.md
	restored   tasks/post.md
	1 commit: $(git rev-parse --short HEAD) Undo the sync of 2026-11-22: Decide 2 tasks
	EOF
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	cmp tasks/gutters.md "$TRASH/gutters.before" &&
	cmp tasks/post.md "$TRASH/post.before" &&
	test "$(git rev-list --count $base..HEAD)" = 2 &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse $base^{tree})" &&
	test "$(git rev-parse HEAD~1)" = "$(git rev-parse $sync)" &&
	check_sound &&
	git diff --cached --quiet HEAD
'

test_expect_success 'the undo commit says what it took back, for git log' '
	cd one &&
	git log -1 --format=%B >"$TRASH/msg" &&
	cat >"$TRASH/expect" <<-EOF &&
	Undo the sync of 2026-11-22: Decide 2 tasks

	Takes back the commit of one dlg sync with this new commit; history
	is not rewritten, and git revert of this commit has it again:

	    $(git rev-parse --short HEAD~1) Decide 2 tasks

	Each file is as it was before that sync:

	    restore  tasks/gutters.md
	    restore  tasks/post.md

	Dlg-Undo: $(git rev-parse HEAD~1)

	EOF
	test_cmp "$TRASH/expect" "$TRASH/msg" &&
	test "$(git log -1 --format="%an <%ae>" )" = "Ada Lovelace <ada@example.org>" &&
	git log -g -1 --format=%gs >"$TRASH/reflog" &&
	test_grep "^commit: Undo the sync of 2026-11-22: Decide 2 tasks$" "$TRASH/reflog" &&
	test "$(git log --grep=^Dlg-Sync: --format=%s)" = "Decide 2 tasks"
'

test_expect_success 'the sync that committed your edits: both commits are taken back in one' '
	cd one &&
	before=$(git rev-parse HEAD) &&
	dlg new "Buy a ladder" enjoy=no skill=low learn=no >/dev/null &&
	printf "More leaves.\n" >>tasks/gutters.md &&
	dlg sync >/dev/null &&
	edits=$(git rev-parse --short HEAD~1) && sync=$(git rev-parse --short HEAD) &&
	dlg undo >"$TRASH/out" &&
	cat >"$TRASH/expect" <<-EOF &&
	undone     $sync Decide 3 tasks
	undone     $edits Edit gutters, add buy-a-ladder (your edits, committed by that sync)
	deleted    tasks/buy-a-ladder.md
	restored   tasks/gutters.md
	restored   tasks/post.md
	(your edits stay in $edits: git checkout $edits -- PATH gives a file back as you wrote it)
	1 commit: $(git rev-parse --short HEAD) Undo the sync of 2026-11-22: Decide 3 tasks
	EOF
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse $before^{tree})" &&
	test "$(git rev-parse HEAD~2)" = "$(git rev-parse $edits)" &&
	test ! -e tasks/buy-a-ladder.md &&
	cmp tasks/gutters.md "$TRASH/gutters.before" &&
	git log -1 --format=%B >"$TRASH/msg" &&
	test_grep "^Dlg-Undo: $(git rev-parse $sync)$" "$TRASH/msg" &&
	test_grep "^Dlg-Undo: $(git rev-parse $edits)$" "$TRASH/msg" &&
	test_grep "^    delete   tasks/buy-a-ladder.md$" "$TRASH/msg" &&
	check_sound &&
	git checkout -q $edits -- tasks/buy-a-ladder.md &&
	test_grep "^title: Buy a ladder$" tasks/buy-a-ladder.md &&
	git rm -q --cached tasks/buy-a-ladder.md && rm tasks/buy-a-ladder.md
'

test_expect_success 'undo twice takes back the sync before; then nothing is left' '
	start_repo twice &&
	start=$(git rev-parse HEAD) &&
	dlg sync >/dev/null &&
	first=$(git rev-parse HEAD) &&
	printf "More leaves.\n" >>tasks/gutters.md &&
	dlg new "Buy a ladder" enjoy=no skill=low learn=no >/dev/null &&
	dlg sync >/dev/null &&
	dlg undo >"$TRASH/out" &&
	test "$(grep -c "^undone" "$TRASH/out")" = 2 &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse $first^{tree})" &&
	dlg undo >"$TRASH/out" &&
	cat >"$TRASH/expect" <<-EOF &&
	undone     $(git rev-parse --short $first) Decide 2 tasks
	restored   tasks/gutters.md
	restored   tasks/post.md
	1 commit: $(git rev-parse --short HEAD) Undo the sync of 2026-11-22: Decide 2 tasks
	EOF
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse $start^{tree})" &&
	test "$(git rev-list --count $start..HEAD)" = 5 &&
	check_sound &&
	refuses "^dlg: nothing left to undo: the syncs after [0-9a-f]\{7\} Start were all taken back already$"
'

test_expect_success 'a sync after undo decides again, and git revert brings an undo back' '
	cd one &&
	dlg sync >"$TRASH/out" &&
	test_grep "^decided    gutters" "$TRASH/out" &&
	dlg undo >/dev/null &&
	git revert --no-edit HEAD >/dev/null &&
	test_grep "^decision: outsource" tasks/gutters.md &&
	check_sound &&
	refuses "^dlg: 2 commits were made after the last sync ([0-9a-f]\{7\} Decide 2 tasks), the newest [0-9a-f]\{7\} Revert \"Undo the sync of 2026-11-22: Decide 2 tasks\": dlg undo takes back"
'

test_expect_success 'refused when HEAD is not a sync: right after init' '
	mkdir fresh && cd fresh && dlg init >/dev/null &&
	refuses "^dlg: nothing to undo: the last commit, [0-9a-f]\{7\} Start a dlg task repository, is not one dlg sync made$"
'

test_expect_success 'refused when the branch has no commit' '
	new_repo unborn && cd unborn &&
	refuses "^dlg: nothing to undo: the branch has no commit yet$"
'

test_expect_success 'refused when something was committed on top of the sync' '
	start_repo on-top &&
	dlg sync >/dev/null &&
	sync=$(git rev-parse --short HEAD) &&
	echo notes >notes.txt && git add notes.txt && git commit -q -m "My notes" &&
	refuses "^dlg: [0-9a-f]\{7\} My notes was committed after the last sync ($sync Decide 2 tasks): dlg undo takes back a sync only while it is the last commit on the branch; take it back by hand with: git revert $sync$" &&
	echo more >>notes.txt && git commit -q -a -m "More notes" &&
	refuses "^dlg: 2 commits were made after the last sync ($sync Decide 2 tasks), the newest [0-9a-f]\{7\} More notes"
'

test_expect_success 'refused when the sync was pushed (the upstream has it)' '
	start_repo pushed &&
	git init -q --bare "$TRASH/remote.git" &&
	git remote add origin "$TRASH/remote.git" &&
	dlg sync >/dev/null &&
	git push -q -u origin main 2>/dev/null &&
	refuses "^dlg: the last sync ([0-9a-f]\{7\} Decide 2 tasks) is on origin/main already, pushed: dlg undo takes back only what is not; take it back by hand with: git revert [0-9a-f]\{7\}, and push$"
'

test_expect_success 'refused when pushed to any remote-tracking branch, upstream or not' '
	start_repo pushed-other &&
	git init -q --bare "$TRASH/other.git" &&
	git remote add backup "$TRASH/other.git" &&
	dlg sync >/dev/null &&
	git push -q backup main:elsewhere 2>/dev/null &&
	refuses "is on backup/elsewhere already, pushed"
'

test_expect_success 'refused while a file it would change has edits not committed' '
	start_repo dirty &&
	dlg sync >/dev/null &&
	echo "my edit" >>tasks/post.md &&
	refuses "^dlg: tasks/post.md has changes not committed, which undo would overwrite: put them aside with git stash first (git stash pop brings them back)$" &&
	git add tasks/post.md &&
	refuses "^dlg: tasks/post.md has changes not committed" &&
	echo "theirs" >tasks/gutters.md &&
	refuses "^dlg: tasks/gutters.md, tasks/post.md have changes not committed" &&
	git reset -q && git checkout -q -- tasks
'

test_expect_success 'refused when a file the sync deleted is back, untracked' '
	cd dirty &&
	git rm -q tasks/post.md && dlg sync >/dev/null &&
	test "$(git log -1 --format=%s)" = "Delete post" &&
	echo "a new one" >tasks/post.md &&
	refuses "^dlg: tasks/post.md has changes not committed" &&
	rm tasks/post.md &&
	dlg undo >"$TRASH/out" &&
	test_grep "^re-added   tasks/post.md$" "$TRASH/out" &&
	test_grep "^title: Write a post$" tasks/post.md &&
	check_sound
'

test_expect_success 'edits to other files stay as they were, staged or not' '
	start_repo others &&
	dlg sync >/dev/null &&
	echo "x: 1" >>dlg.ini && echo "staged" >staged.txt && git add staged.txt &&
	echo "loose" >loose.txt &&
	git status --porcelain >"$TRASH/status.before" &&
	dlg undo >/dev/null &&
	git status --porcelain >"$TRASH/status.after" &&
	test_cmp "$TRASH/status.before" "$TRASH/status.after" &&
	test_grep "^x: 1$" dlg.ini
'

test_expect_success 'undo --dry-run says what it would do and changes nothing' '
	start_repo dry &&
	dlg sync >/dev/null &&
	state >"$TRASH/state.before" &&
	dlg undo --dry-run >"$TRASH/out" &&
	cat >"$TRASH/expect" <<-EOF &&
	would undo $(git rev-parse --short HEAD) Decide 2 tasks
	restores   tasks/gutters.md
	restores   tasks/post.md
	would commit: Undo the sync of 2026-11-22: Decide 2 tasks
	dry run: nothing written
	EOF
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	state >"$TRASH/state.after" &&
	test_cmp "$TRASH/state.before" "$TRASH/state.after"
'

test_expect_success 'undo takes back a dlg give: the task is no longer handed off' '
	cd dry &&
	cp tasks/gutters.md "$TRASH/gutters.open" &&
	dlg give gutters luis >/dev/null &&
	test_grep "^status: waiting" tasks/gutters.md &&
	dlg undo >"$TRASH/out" &&
	test_grep "^undone     [0-9a-f]\{7\} Hand off 1 task$" "$TRASH/out" &&
	test_grep "^undone     [0-9a-f]\{7\} Edit gutters (your edits" "$TRASH/out" &&
	cmp tasks/gutters.md "$TRASH/gutters.open" &&
	check_sound
'

test_expect_success 'the edits of an earlier sync that decided nothing are not taken back' '
	start_repo days &&
	dlg sync >/dev/null &&
	write_file tasks/ring.md <<-\X &&
	---
	title: Ring the plumber
	due: 2026-12-01
	---
	X
	cat >>dlg.ini <<-\X &&

	[rule soon]
	if = due - today <= 3
	then = keep
	because = it is due soon
	X
	test_expect_code 1 env GIT_COMMITTER_DATE=2026-11-22T10:00:00+00:00 dlg sync \
		>/dev/null 2>&1 &&
	test "$(git log -1 --format=%s)" = "Edit dlg.ini, add ring" &&
	edits=$(git rev-parse HEAD) &&
	GIT_COMMITTER_DATE=2026-11-29T10:00:00+00:00 dlg --today 2026-11-29 sync >"$TRASH/out" &&
	test_grep "^decided    ring" "$TRASH/out" &&
	test "$(git rev-parse HEAD~1)" = "$edits" &&
	dlg undo >"$TRASH/out" &&
	test "$(grep -c "^undone" "$TRASH/out")" = 1 &&
	test_grep "Undo the sync of 2026-11-29: Decide 1 task$" "$TRASH/out" &&
	test "$(git rev-parse HEAD^{tree})" = "$(git rev-parse $edits^{tree})"
'

test_expect_success 'a detached HEAD, a held lock, an unfinished sync: refused' '
	start_repo states &&
	dlg sync >/dev/null &&
	git checkout -q --detach &&
	refuses "^dlg: HEAD is detached" &&
	git checkout -q main &&
	printf "%s %s\n" $$ "$(hostname)" >.git/dlg.lock &&
	state >"$TRASH/state.before" &&
	test_expect_code 2 dlg undo 2>"$TRASH/err" &&
	test_grep "another dlg holds" "$TRASH/err" &&
	rm .git/dlg.lock &&
	state >"$TRASH/state.after" &&
	test_cmp "$TRASH/state.before" "$TRASH/state.after" &&
	printf -- "---\ntitle: New\nenjoy: yes\n---\n" >tasks/new.md &&
	(DLG_FAULT=journal:1 dlg sync >/dev/null 2>&1; true) &&
	test -e .git/dlg/journal &&
	refuses "^dlg: a sync was interrupted and is not finished yet: run dlg sync to finish it, then dlg undo$" &&
	dlg sync >/dev/null 2>&1 &&
	dlg undo >"$TRASH/out" &&
	test_grep "^undone" "$TRASH/out" &&
	check_sound
'

test_expect_success 'when the commit fails, the files are put back as they were' '
	start_repo fails &&
	dlg sync >/dev/null &&
	state >"$TRASH/state.before" &&
	test_expect_code 2 env DLG_FAULT=undo-written:1:fail dlg undo 2>"$TRASH/err" &&
	test_grep "cannot commit" "$TRASH/err" &&
	state >"$TRASH/state.after" &&
	test_cmp "$TRASH/state.before" "$TRASH/state.after" &&
	check_sound
'

test_expect_success 'undo needs a task repository and takes no arguments' '
	test_expect_code 2 dlg undo 2>err &&
	test_grep "not a dlg task repository" err &&
	(cd one && test_expect_code 2 dlg undo now 2>"$TRASH/err") &&
	test_grep "usage: dlg undo" err
'

test_done
