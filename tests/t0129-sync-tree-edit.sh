#!/bin/sh
# dlg sync builds a small commit by editing HEAD's tree in place, and a
# commit that removes a path, or puts a file where HEAD has a folder, through
# the whole tree: each gives the tree git would write for the same work tree.
. "$(dirname "$0")/lib.sh"

# the tree git writes for the work tree's managed paths, in a scratch index
git_tree() {
	rm -f "$TRASH/index" &&
	GIT_INDEX_FILE=$TRASH/index git read-tree HEAD &&
	GIT_INDEX_FILE=$TRASH/index git add -A -- tasks people dlg.ini &&
	GIT_INDEX_FILE=$TRASH/index git write-tree
}

same_as_git() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { cat "$TRASH/fsck"; return 1; }
	want=$(git_tree) && got=$(git rev-parse HEAD^{tree}) &&
	test "$want" = "$got" || { echo "tree $got, git writes $want"; return 1; }
	test -z "$(git status --porcelain -- dlg.ini tasks people)"
}

new_repo repo
cd repo
mkdir -p tasks/home tasks/work/deep
for t in home/mow home/wash work/deep/report work/call; do
	printf -- '---\ntitle: %s\nenjoy: yes\n---\nNotes.\n' "$t" >"tasks/$t.md"
done
printf -- '---\ntitle: odd\nenjoy: yes\n---\n' >tasks/script.md
chmod +x tasks/script.md
mkdir -p tasks/was-a-folder.md
printf -- '---\ntitle: inside\nenjoy: yes\n---\n' >tasks/was-a-folder.md/inner.md
git add -A && git commit -q -m "Start"
dlg sync >/dev/null

test_expect_success 'one edited task: only it changes, the tree is git'"'"'s' '
	echo "More notes." >>tasks/work/deep/report.md &&
	dlg sync >out &&
	git show --name-status --format= HEAD >changed &&
	printf "M\ttasks/work/deep/report.md\n" >expect &&
	test_cmp expect changed &&
	same_as_git
'

test_expect_success 'a new task in a new folder is added as git adds it' '
	mkdir -p tasks/garden/beds &&
	printf -- "---\ntitle: Weed\nenjoy: yes\n---\n" >tasks/garden/beds/weed.md &&
	echo "Again." >>tasks/home/mow.md &&
	dlg sync >out &&
	git show --name-status --format= HEAD~1 HEAD >changed &&
	test_grep "^A	tasks/garden/beds/weed.md$" changed &&
	test_grep "^M	tasks/home/mow.md$" changed &&
	same_as_git
'

test_expect_success 'a removed task with an edit: both committed' '
	git rm -q --cached tasks/home/wash.md && rm tasks/home/wash.md &&
	git commit -q -m "Remove by git" && git reset -q --soft HEAD~1 &&
	git reset -q HEAD tasks/home/wash.md &&
	echo "Call them." >>tasks/work/call.md &&
	dlg sync >out &&
	test_must_fail git cat-file -e HEAD:tasks/home/wash.md &&
	git show HEAD:tasks/work/call.md | grep -q "Call them." &&
	same_as_git
'

test_expect_success 'a file where HEAD has a folder of the same name' '
	rm -r tasks/was-a-folder.md &&
	printf -- "---\ntitle: now a file\nenjoy: yes\n---\n" >tasks/was-a-folder.md &&
	dlg sync >out &&
	test "$(git cat-file -t HEAD:tasks/was-a-folder.md)" = blob &&
	test_must_fail git cat-file -e HEAD:tasks/was-a-folder.md/inner.md &&
	git show HEAD:tasks/was-a-folder.md | grep -q "^decision: keep" &&
	same_as_git
'

test_expect_success 'with core.fileMode off, the executable bit in HEAD stays' '
	git config core.fileMode false &&
	chmod -x tasks/script.md &&
	echo "Edited." >>tasks/script.md &&
	dlg sync >out &&
	git ls-tree HEAD tasks/script.md >mode &&
	test_grep "^100755 " mode &&
	git config core.fileMode true && chmod +x tasks/script.md
'

test_expect_success 'a task next to a submodule HEAD has and the index no longer' '
	sub=$(git rev-parse HEAD) &&
	git update-index --add --cacheinfo 160000,$sub,tasks/vendor &&
	git commit -q -m "A submodule" &&
	git rm -q --cached tasks/vendor &&
	mkdir -p tasks/vendor &&
	printf -- "---\ntitle: not ours\n---\n" >tasks/vendor/theirs.md &&
	echo "More." >>tasks/home/mow.md &&
	dlg sync >out 2>err;
	test "$(git cat-file -t HEAD:tasks/vendor)" = commit &&
	test_must_fail git cat-file -e HEAD:tasks/vendor/theirs.md &&
	git show HEAD:tasks/home/mow.md | grep -q "More." &&
	rm -r tasks/vendor
'

test_done
