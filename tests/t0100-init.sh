#!/bin/sh
# dlg init: a new task repository, with or without a git repository already,
# in one commit; refuses when dlg.ini exists.
. "$(dirname "$0")/lib.sh"

# the work tree is clean and the history is exactly one root commit
one_clean_commit() {
	test "$(git rev-list --count HEAD)" = 1 || { echo "not one commit:"; git log --oneline; return 1; }
	git status --porcelain >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "not clean:"; cat "$TRASH/status"; return 1; }
}

test_expect_success 'init in an empty folder makes a git repository on main' '
	mkdir empty && cd empty &&
	dlg init >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	test_grep "^Made a dlg task repository in $TRASH/empty/ (commit [0-9a-f]\{7\})" "$TRASH/out" &&
	test -d .git &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	test -f dlg.ini && test -d tasks && test -d people &&
	one_clean_commit
'

test_expect_success 'the first commit holds what init wrote, by the git identity' '
	cd empty &&
	git ls-tree -r --name-only HEAD >"$TRASH/files" &&
	printf ".gitattributes\nREADME.md\ndlg.ini\npeople/.gitkeep\ntasks/.gitkeep\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	test "$(git log -1 --format="%an <%ae>|%cn <%ce>")" = "Ada Lovelace <ada@example.org>|Ada Lovelace <ada@example.org>" &&
	test "$(git log -1 --format=%s)" = "Start a dlg task repository" &&
	git log -g --format=%gs main >"$TRASH/reflog" &&
	test_grep "^commit (initial): Start a dlg task repository" "$TRASH/reflog" &&
	git fsck --no-progress
'

test_expect_success 'the written dlg.ini is valid and holds the seeds rules in order' '
	cd empty &&
	dlg check >"$TRASH/out" &&
	test_grep "all valid" "$TRASH/out" &&
	sed -n "s/^then *= *//p" dlg.ini >"$TRASH/thens" &&
	printf "%s\n" keep keep keep keep drop delegate outsource outsource outsource outsource \
		>"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/thens" &&
	grep -q "^\[channel " dlg.ini &&
	grep -q "\"pro\" in tags" dlg.ini &&
	grep -q "^if *= *in_person" dlg.ini
'

test_expect_success 'a sync right after init has nothing to do' '
	cd empty &&
	head=$(git rev-parse HEAD) &&
	dlg sync >"$TRASH/out" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'init refuses when dlg.ini exists: exit 2, nothing changed' '
	cd empty &&
	head=$(git rev-parse HEAD) &&
	cp dlg.ini "$TRASH/ini.before" &&
	test_expect_code 2 dlg init >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "dlg.ini already exists" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp dlg.ini "$TRASH/ini.before" &&
	test_expect_code 2 dlg init "$TRASH/empty" 2>"$TRASH/err" &&
	test_grep "dlg.ini already exists" "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'init refuses a folder with a dlg.ini but no git repository' '
	mkdir ini-only && cd ini-only &&
	echo "[me]" >dlg.ini &&
	test_expect_code 2 dlg init 2>"$TRASH/err" &&
	test_grep "dlg.ini already exists" "$TRASH/err" &&
	test "$(cat dlg.ini)" = "[me]" &&
	# exit 2 means nothing done: no git repository left behind either
	test ! -e .git
'

test_expect_success 'init in a folder with files but no git repository' '
	mkdir notes && cd notes &&
	echo "my notes" >notes.txt &&
	echo "# Mine" >README.md &&
	dlg init >/dev/null &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git rev-list --count HEAD)" = 1 &&
	# what was there before is not dlg s: neither committed nor changed
	test "$(cat README.md)" = "# Mine" &&
	git ls-tree -r --name-only HEAD >"$TRASH/files" &&
	printf ".gitattributes\ndlg.ini\npeople/.gitkeep\ntasks/.gitkeep\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git status --porcelain >"$TRASH/status" &&
	printf "?? README.md\n?? notes.txt\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status"
'

test_expect_success 'init in an existing repository adds one commit and leaves the index alone' '
	git init -q existing && cd existing &&
	echo one >file.txt && git add file.txt && git commit -q -m one &&
	echo staged >staged.txt && git add staged.txt &&
	dlg init >/dev/null &&
	test "$(git rev-list --count HEAD)" = 2 &&
	test "$(git log -1 --format=%s)" = "Start a dlg task repository" &&
	git show --name-only --format= HEAD >"$TRASH/files" &&
	printf ".gitattributes\nREADME.md\ndlg.ini\npeople/.gitkeep\ntasks/.gitkeep\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git status --porcelain >"$TRASH/status" &&
	printf "A  staged.txt\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status"
'

test_expect_success 'dlg init DIR makes DIR (and its parents) and works there' '
	dlg init deep/new/tasks-repo >"$TRASH/out" &&
	test_grep "in $TRASH/deep/new/tasks-repo/" "$TRASH/out" &&
	test ! -e "$TRASH/.git" && test ! -e "$TRASH/dlg.ini" &&
	cd deep/new/tasks-repo &&
	test "$(git rev-parse --show-toplevel)" = "$TRASH/deep/new/tasks-repo" &&
	test "$(git symbolic-ref HEAD)" = refs/heads/main &&
	test -f dlg.ini &&
	one_clean_commit
'

test_expect_success 'dlg init DIR on an existing empty folder' '
	mkdir there &&
	dlg init there >/dev/null &&
	cd there && one_clean_commit
'

test_expect_success 'init honours init.defaultBranch' '
	git config --global init.defaultBranch trunk &&
	dlg init trunk-repo >/dev/null &&
	git config --global init.defaultBranch main &&
	test "$(git -C trunk-repo symbolic-ref HEAD)" = refs/heads/trunk
'

test_expect_success 'without init.defaultBranch: the branch git itself would pick' '
	git config --global --unset init.defaultBranch &&
	dlg init plain-default >/dev/null &&
	git init -q git-default &&
	git config --global init.defaultBranch main &&
	test "$(git -C plain-default symbolic-ref HEAD)" = \
		"$(git -C git-default symbolic-ref HEAD)" &&
	test "$(git -C plain-default symbolic-ref HEAD)" = refs/heads/master
'

# anonymous CMD...: CMD with no git identity at all
anonymous() {
	env -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL -u GIT_COMMITTER_NAME \
		-u GIT_COMMITTER_EMAIL -u EMAIL "$@"
}

test_expect_success 'without a git identity init says how to set one and leaves nothing' '
	mkdir anon && cd anon &&
	test_expect_code 2 anonymous dlg init 2>"$TRASH/err" &&
	test_grep "user.name" "$TRASH/err" &&
	test -z "$(ls -A)"
'

test_expect_success 'without a git identity init DIR removes the folders it made' '
	mkdir keep &&
	test_expect_code 2 anonymous dlg init keep/made/here 2>"$TRASH/err" &&
	test_grep "user.name" "$TRASH/err" &&
	test -d keep && test -z "$(ls -A keep)"
'

test_expect_success 'without a git identity in an existing repository: only what init made goes' '
	git init -q anon-repo && cd anon-repo &&
	mkdir tasks && echo "# Mine" >README.md &&
	git config user.name "Repo Only" &&
	test_expect_code 2 anonymous env -u HOME dlg init 2>"$TRASH/err" &&
	test_grep "user.email" "$TRASH/err" &&
	test -d .git && test -d tasks && test "$(cat README.md)" = "# Mine" &&
	ls -A >"$TRASH/files" &&
	printf ".git\nREADME.md\ntasks\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	test -z "$(ls -A tasks)" &&
	test_must_fail git rev-parse -q --verify HEAD
'

test_expect_success 'init refuses inside another repository'"'"'s work tree: exit 2, nothing made' '
	git init -q code && mkdir code/sub &&
	echo "int x;" >code/sub/x.c &&
	(cd code/sub && test_expect_code 2 dlg init >"$TRASH/out" 2>"$TRASH/err") &&
	test ! -s out &&
	test_grep "^dlg: this folder is inside the git repository $TRASH/code/: make that a task repository with: dlg init $TRASH/code/; or make a separate repository nested in it with: dlg init --nested$" err &&
	test_expect_code 2 dlg init code/sub/deeper/new 2>err &&
	test_grep "code/sub/deeper/new is inside the git repository $TRASH/code/" err &&
	test_grep "with: dlg init --nested code/sub/deeper/new$" err &&
	ls -A code/sub >files && echo x.c >expect && test_cmp expect files &&
	ls -A code >files && printf ".git\nsub\n" >expect && test_cmp expect files
'

test_expect_success 'init refuses inside a task repository, and says so' '
	(cd empty/tasks && test_expect_code 2 dlg init 2>"$TRASH/err") &&
	test_grep "this folder is inside the task repository $TRASH/empty/: run dlg there" err &&
	test ! -e empty/tasks/.git && test ! -e empty/tasks/dlg.ini
'

test_expect_success 'init --nested makes a repository of its own inside another' '
	(cd code/sub && dlg init --nested >"$TRASH/out") &&
	test_grep "^Made a dlg task repository in $TRASH/code/sub/" out &&
	test "$(git -C code/sub rev-parse --show-toplevel)" = "$TRASH/code/sub" &&
	test "$(git -C code/sub rev-list --count HEAD)" = 1 &&
	test_must_fail git -C code rev-parse -q --verify HEAD
'

test_expect_success 'init at the top of a repository needs no --nested' '
	dlg init code >/dev/null &&
	test -f code/dlg.ini &&
	test "$(git -C code log -1 --format=%s)" = "Start a dlg task repository"
'

test_expect_success 'the README init writes points at the manual, not at a made-up site' '
	! grep -q "example\.org\|example\.com\|http" empty/README.md &&
	grep -q "man dlg" empty/README.md
'

test_expect_success 'too many arguments is a usage error' '
	test_expect_code 2 dlg init a b 2>"$TRASH/err" &&
	test_grep "usage: dlg init" "$TRASH/err" &&
	test ! -e a && test ! -e b
'

test_done
