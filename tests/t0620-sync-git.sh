#!/bin/sh
# dlg sync next to git: sparse checkouts and skip-worktree entries are not
# deletions, submodules are never managed, the index is written under git's
# index.lock in git's order (a git commit made meanwhile never reverts dlg's
# work), a kill at any step leaves a repository git finds sound, a dry run
# writes nothing in .git, and a full disk is named as such.
. "$(dirname "$0")/lib.sh"

task() { # task PATH [TITLE]: a task the default rules keep (enjoy: yes)
	write_file "$1" <<-X
	---
	title: ${2:-$(basename "$1" .md)}
	enjoy: yes
	---
	X
}

# the paths of HEAD's tree under tasks/
head_tasks() {
	git ls-tree -r --name-only HEAD -- tasks
}

# every commit whose subject starts with "notes" changed NOTES.txt only
notes_commits_clean() {
	git log --format=%H --grep='^notes' | while read -r c; do
		git diff --name-only "$c^" "$c" | grep -v '^NOTES.txt$' && echo "in $c"
	done | { ! grep .; }
}

# managed paths agree between the work tree, the index and HEAD
managed_clean() {
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	test -z "$(git diff HEAD --stat -- dlg.ini tasks people)"
}

# fresh NAME: cd into a new repository of 35 settled tasks and a person
fresh() {
	cd "$TRASH" && new_repo "$1" && cd "$1" &&
	i=1 &&
	while [ $i -le 35 ]; do
		task tasks/area/t$i.md
		i=$((i + 1))
	done &&
	write_file people/bob.md <<-\X &&
	---
	name: Bob
	kind: team
	---
	X
	git add -A && git commit -q -m Start && dlg sync >/dev/null
}

fresh sparse
test_expect_success 'a sparse checkout (cone: people) commits no deletion' '
	head_tasks >"$TRASH/before" &&
	test "$(wc -l <"$TRASH/before")" = 35 &&
	git sparse-checkout set --cone people &&
	test ! -e tasks/area/t1.md &&
	before=$(git rev-parse HEAD) &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	head_tasks >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	test -z "$(git status --porcelain)"
'

test_expect_success 'an edit in the sparse checkout is committed, the rest of HEAD kept' '
	printf "rating: 5\n" >>people/bob.md &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^1 commit: .* Edit person bob" "$TRASH/out" &&
	test "$(git diff --name-only HEAD~1 HEAD)" = people/bob.md &&
	head_tasks >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after" &&
	git sparse-checkout disable &&
	test -e tasks/area/t1.md &&
	managed_clean
'

fresh skip
test_expect_success 'a skip-worktree entry whose file is gone is no deletion' '
	git update-index --skip-worktree tasks/area/t7.md &&
	rm tasks/area/t7.md &&
	task tasks/new.md &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	git cat-file -e HEAD:tasks/area/t7.md &&
	! git log --format=%s HEAD~2..HEAD | grep -i delet &&
	git cat-file -e HEAD:tasks/new.md &&
	git update-index --no-skip-worktree tasks/area/t7.md &&
	git checkout -- tasks/area/t7.md &&
	managed_clean
'

fresh sub
test_expect_success 'a submodule at tasks/vendor: its gitlink and files are left alone' '
	git init -q "$TRASH/vendor" &&
	task "$TRASH/vendor/v.md" &&
	git -C "$TRASH/vendor" add -A && git -C "$TRASH/vendor" commit -q -m v &&
	git -c protocol.file.allow=always submodule add -q "$TRASH/vendor" tasks/vendor &&
	git commit -q -m "Add the vendor submodule" &&
	link=$(git ls-tree HEAD tasks/vendor) &&
	test "${link%% *}" = 160000 &&
	printf "note: mine\n" >>tasks/vendor/v.md &&
	task tasks/vendor/w.md &&
	task tasks/mine.md &&
	(cd tasks/vendor && sha1sum v.md w.md) >"$TRASH/sub.before" &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	git cat-file -e HEAD:tasks/mine.md &&
	test "$(git ls-tree HEAD tasks/vendor)" = "$link" &&
	! git ls-tree -r --name-only HEAD | grep "^tasks/vendor/" &&
	(cd tasks/vendor && sha1sum v.md w.md) >"$TRASH/sub.after" &&
	test_cmp "$TRASH/sub.before" "$TRASH/sub.after" &&
	test "$(git ls-files -s tasks/vendor | cut -c1-6)" = 160000
'

test_expect_success 'a submodule not checked out: a file put in its folder is not committed' '
	git clone -q . "$TRASH/clone" && cd "$TRASH/clone" &&
	link=$(git ls-tree HEAD tasks/vendor) &&
	test -d tasks/vendor && test ! -e tasks/vendor/.git &&
	task tasks/vendor/y.md &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err";
	test "$(git ls-tree HEAD tasks/vendor)" = "$link" &&
	! git ls-tree -r --name-only HEAD | grep "^tasks/vendor/"
'

fresh lock
test_expect_success 'git holds index.lock: exit 2 naming it, nothing committed' '
	task tasks/locked.md &&
	before=$(git rev-parse HEAD) &&
	touch .git/index.lock &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	rm .git/index.lock &&
	test_grep "\.git/index\.lock" "$TRASH/err" &&
	test_grep "git" "$TRASH/err" &&
	test_grep "remove it" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	git cat-file -e HEAD:tasks/locked.md &&
	managed_clean
'

test_expect_success 'a git commit made while dlg holds index.lock takes nothing of dlg'"'"'s' '
	echo notes >NOTES.txt &&
	task tasks/race.md &&
	DLG_FAULT=index-locked:1:run \
	DLG_FAULT_RUN="touch \"$TRASH/ran\"; git add NOTES.txt && git commit -qm notes || true" \
		dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test -e "$TRASH/ran" && rm "$TRASH/ran" &&
	git cat-file -e HEAD:tasks/race.md &&
	grep -q "^status: open" tasks/race.md &&
	notes_commits_clean &&
	managed_clean &&
	git add NOTES.txt && git commit -q -m "notes, after" &&
	notes_commits_clean &&
	managed_clean
'

# notes_swept: how many "notes" commits changed more than NOTES.txt
notes_swept() {
	git log --format=%H --grep='^notes' | while read -r c; do
		git diff --name-only "$c^" "$c" | grep -qv '^NOTES.txt$' && echo "$c"
	done | wc -l
}

# git commit reads the index before it takes index.lock: one whose read falls
# between dlg moving the branch and renaming index.lock (two renames apart,
# the order git's own commit -a keeps) commits the index it read. That window
# is git's against its own commands too; before dlg held index.lock it swept
# reverts into one commit in six. What dlg guarantees: the next sync commits
# the decision again, and nothing on disk is lost.
fresh race
test_expect_success 'git commits racing many syncs: what dlg decided ends in HEAD' '
	(
		n=0
		while [ $n -lt 150 ] && [ ! -e "$TRASH/stop" ]; do
			echo "$n" >>NOTES.txt
			{ git add NOTES.txt && git commit -q -m "notes $n"; } 2>/dev/null
			n=$((n + 1))
		done
	) &
	bg=$! &&
	k=0 &&
	while [ $k -lt 25 ]; do
		task tasks/race-$k.md
		dlg sync >/dev/null 2>&1
		k=$((k + 1))
	done
	touch "$TRASH/stop" && wait $bg && rm -f "$TRASH/stop" &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" || { cat "$TRASH/err"; false; } &&
	swept=$(notes_swept) &&
	echo "# notes commits that swept in dlg paths: $swept" &&
	test "$swept" -le 2 &&
	k=0 && while [ $k -lt 25 ]; do
		git show HEAD:tasks/race-$k.md | grep -q "^status: open" || exit 1
		k=$((k + 1))
	done &&
	{ git add NOTES.txt && git commit -q -m "notes, last" || :; } &&
	managed_clean &&
	git fsck --strict --no-progress --no-dangling
'

fresh kill
# kill dlg at point:N; then index.lock is gone or the one dlg recorded, the
# repository is sound, and (with a dlg lock removed as the next sync's
# recovery does) a sync converges
for point in index-locked:1 commit-written:1 ref-updated:1 index-written:1 \
	index-locked:2 commit-written:2 ref-updated:2 index-written:2; do
	test_expect_success "killed at $point: git finds the repository sound" '
		task tasks/kill-${point%%:*}-${point##*:}.md &&
		test_expect_code 137 env DLG_FAULT=$point dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
		git fsck --strict --no-progress --no-dangling &&
		if [ -e .git/index.lock ]; then
			test -e .git/dlg/index-lock &&
			test "$(cut -d" " -f4 .git/dlg/index-lock)" = "$(stat -c %i .git/index.lock)" &&
			rm .git/index.lock
		fi &&
		{ dlg sync >"$TRASH/out" 2>"$TRASH/err" || { cat "$TRASH/err"; false; }; } &&
		git cat-file -e HEAD:tasks/kill-${point%%:*}-${point##*:}.md &&
		managed_clean &&
		git fsck --strict --no-progress --no-dangling
	'
done

fresh dry
test_expect_success 'a dry run writes nothing in .git, also when stat data is stale' '
	touch dlg.ini && find tasks people -name "*.md" -exec touch {} + &&
	task tasks/dry.md &&
	(cd .git && find . -path ./objects -prune -o -type f -printf "%p %T@ %s\n" | sort) >"$TRASH/git.before" &&
	dlg sync --dry-run >"$TRASH/out" 2>"$TRASH/err" &&
	(cd .git && find . -path ./objects -prune -o -type f -printf "%p %T@ %s\n" | sort) >"$TRASH/git.after" &&
	test_cmp "$TRASH/git.before" "$TRASH/git.after" &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	managed_clean
'

fresh full
test_expect_success 'a full disk while storing objects says so, and names the file' '
	task tasks/full.md &&
	before=$(git rev-parse HEAD) &&
	test_expect_code 2 env DLG_FAULT=odb-write:1:fail dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "No space left on device" "$TRASH/err" &&
	! grep -q "unknown libgit2 error" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test ! -e .git/index.lock &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	git cat-file -e HEAD:tasks/full.md &&
	managed_clean
'

test_expect_success 'a full disk while writing the index: nothing moved, the lock removed' '
	task tasks/full-index.md &&
	before=$(git rev-parse HEAD) &&
	test_expect_code 2 env DLG_FAULT=index-write:1:fail dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "index.*No space left on device" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$before" &&
	test ! -e .git/index.lock &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	managed_clean
'

test_done
