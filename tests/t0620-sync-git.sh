#!/bin/sh
# dlg sync next to git: sparse checkouts and skip-worktree entries are not
# deletions, submodules are never managed.
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

test_done
