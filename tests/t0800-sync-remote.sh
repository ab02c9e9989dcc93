#!/bin/sh
# dlg sync with [sync] remote, three clones of one bare repository over a
# file path: edits of different keys and of the same key, bodies, tasks
# added twice, a delete against an edit, the same decision made twice, a
# push race, the remote gone, and git pull through dlg's merge driver.
# After each: every clone has the remote's tree, nobody's edit is lost,
# git fsck --strict is clean and git status is clean for managed paths.
. "$(dirname "$0")/lib.sh"

# in CLONE CMD...: run CMD in CLONE as that clone's person
on() {
	_c=$1
	shift
	case $_c in
	a) _n=Ada ;;
	b) _n=Bob ;;
	*) _n=Cy ;;
	esac
	(cd "$TRASH/$_c" && GIT_AUTHOR_NAME=$_n GIT_COMMITTER_NAME=$_n \
		GIT_AUTHOR_EMAIL=$_c@example.org GIT_COMMITTER_EMAIL=$_c@example.org "$@")
}

# sync_all CLONE...: dlg sync in each, in order, each must succeed
sync_all() {
	for _c in "$@"; do
		on "$_c" dlg sync >"$TRASH/sync.$_c" 2>&1 || { cat "$TRASH/sync.$_c"; return 1; }
	done
}

# converged CLONE...: each has the remote's tree, fsck and status clean
converged() {
	want=$(git -C "$TRASH/remote.git" rev-parse main^{tree}) &&
	for _c in "$@"; do
		got=$(git -C "$TRASH/$_c" rev-parse HEAD^{tree}) &&
		if [ "$got" != "$want" ]; then
			echo "$_c has another tree than the remote"
			git -C "$TRASH/$_c" log --oneline --graph -5
			return 1
		fi
		git -C "$TRASH/$_c" fsck --strict >"$TRASH/fsck" 2>&1 || { cat "$TRASH/fsck"; return 1; }
		if [ -n "$(git -C "$TRASH/$_c" status --porcelain -- dlg.ini tasks people)" ]; then
			git -C "$TRASH/$_c" status
			return 1
		fi
	done
}

task() { # task CLONE ID [FIELD...]: a task the default rules keep
	_c=$1 _id=$2
	shift 2
	{
		echo ---
		echo "title: $_id"
		echo "enjoy: yes"
		for f in "$@"; do echo "$f"; done
		echo ---
		echo "The first line of the body."
		echo
		echo "Some words in the middle."
		echo
		echo "The last line of the body."
	} >"$TRASH/$_c/tasks/$_id.md"
}

test_expect_success 'three clones of one shared task repository' '
	dlg init seed >/dev/null &&
	printf "\n[sync]\nremote = origin\n" >>seed/dlg.ini &&
	git -C seed commit -q -am "Share it" &&
	git clone -q --bare seed remote.git &&
	git clone -q remote.git a && git clone -q remote.git b && git clone -q remote.git c &&
	task a gutters hours=3 &&
	sed -i "s/hours=3/hours: 3/" a/tasks/gutters.md &&
	sync_all a b c &&
	converged a b c &&
	test -f c/tasks/gutters.md
'

test_expect_success 'a clone registers the merge driver, as git-lfs does' '
	git -C c config merge.dlg.driver >driver &&
	echo "dlg merge-file %O %A %B %P" >expect &&
	test_cmp expect driver &&
	git -C c check-attr merge tasks/gutters.md >attr &&
	test_grep "merge: dlg" attr
'

test_expect_success 'edits of different keys of one task both win' '
	sed -i "s/^hours: 3/hours: 4/" a/tasks/gutters.md &&
	sed -i "s/^title: gutters/title: Clean the gutters/" b/tasks/gutters.md &&
	sync_all a b &&
	test_grep "^merged .*1 task from origin: 1 edited by both sides, merged per field" sync.b &&
	sync_all a c &&
	converged a b c &&
	test_grep "^hours: 4" a/tasks/gutters.md &&
	test_grep "^title: Clean the gutters" a/tasks/gutters.md &&
	test "$(git -C b log -1 --format=%p | wc -w)" = 2
'

test_expect_success 'keys added on both sides go in, in the file'"'"'s own order' '
	printf "cost: 50\n" >add && sed -i "/^hours:/r add" a/tasks/gutters.md &&
	printf "due: 2026-12-01\n" >add && sed -i "/^title:/r add" b/tasks/gutters.md &&
	sync_all a b a &&
	converged a b &&
	sed -n "2,5p" a/tasks/gutters.md >got &&
	printf "title: Clean the gutters\ndue: 2026-12-01\nenjoy: yes\nhours: 4\n" >expect &&
	test_cmp expect got &&
	test_grep "^cost: 50" a/tasks/gutters.md
'

test_expect_success 'the same change on both sides is no conflict' '
	sed -i "s/^cost: 50/cost: 90/" a/tasks/gutters.md &&
	sed -i "s/^cost: 50/cost: 90/" b/tasks/gutters.md &&
	sync_all a b a &&
	converged a b &&
	test "$(grep -c "^cost: 90" b/tasks/gutters.md)" = 1
'

test_expect_success 'one key, two values: markers in that file alone, exit 1' '
	task a other &&
	sync_all a b &&
	sed -i "s/^cost: 90/cost: 100/" a/tasks/gutters.md &&
	sed -i "s/^cost: 90/cost: 200/" b/tasks/gutters.md &&
	sed -i "s/^title: other/title: Other task/" a/tasks/other.md &&
	sync_all a &&
	test_expect_code 1 on b dlg sync >out 2>err &&
	test_grep "tasks/gutters.md:[0-9]*: .cost. is 200 here, 100 on origin/main" err &&
	test_grep "^<<<<<<< HEAD" b/tasks/gutters.md &&
	test_grep "^>>>>>>> origin/main" b/tasks/gutters.md &&
	test_grep "^title: Other task" b/tasks/other.md &&
	! grep "^<<<<<<<" b/tasks/other.md &&
	test -f b/.git/dlg/merge &&
	test_expect_code 1 on b dlg check >check 2>&1 &&
	test_grep "tasks/gutters.md:[0-9]*:1: unresolved merge conflict" check
'

test_expect_success 'the next sync waits while the markers are there' '
	before=$(git -C b rev-parse HEAD) &&
	test_expect_code 1 on b dlg sync >out 2>err &&
	test_grep "unresolved merge conflict with origin/main" err &&
	test "$(git -C b rev-parse HEAD)" = "$before"
'

test_expect_success 'fixed by hand, the next sync finishes the merge commit' '
	sed -i -e "/^<<<<<<< /d" -e "/^=======/d" -e "/^>>>>>>> /d" -e "/^cost: 100/d" \
		b/tasks/gutters.md &&
	on b dlg sync >out 2>err &&
	test_grep "(finishing a merge)" out &&
	test "$(git -C b log -1 --format=%p | wc -w)" = 2 &&
	git -C b log -1 --format=%B >msg &&
	test_grep "gutters: conflict in .cost. (200 here, 100 on origin/main), fixed by hand" msg &&
	test ! -f b/.git/dlg/merge &&
	sync_all a c &&
	converged a b c &&
	test_grep "^cost: 200" c/tasks/gutters.md &&
	test_grep "^title: Other task" c/tasks/other.md
'

test_expect_success 'dlg log shows the changes of both sides' '
	on c dlg log gutters >log &&
	test_grep "hours: 3 → 4" log &&
	test_grep "title: gutters → Clean the gutters" log &&
	test_grep "cost: 90 → 200" log
'

test_expect_success 'edits of the body far apart are merged like git merges text' '
	sed -i "s/^The first line of the body./The first line, edited by Ada./" a/tasks/gutters.md &&
	sed -i "s/^The last line of the body./The last line, edited by Bob./" b/tasks/gutters.md &&
	sync_all a b a &&
	converged a b &&
	test_grep "edited by Ada" a/tasks/gutters.md &&
	test_grep "edited by Bob" a/tasks/gutters.md
'

test_expect_success 'edits of the same lines of the body are a conflict there' '
	sed -i "s/^Some words in the middle./Ada words./" a/tasks/gutters.md &&
	sed -i "s/^Some words in the middle./Bob words./" b/tasks/gutters.md &&
	sync_all a &&
	test_expect_code 1 on b dlg sync >out 2>err &&
	test_grep "tasks/gutters.md:[0-9]*: the body was edited the same lines" err &&
	sed -i -e "/^<<<<<<< /d" -e "/^=======/d" -e "/^>>>>>>> /d" b/tasks/gutters.md &&
	sync_all b a &&
	converged a b &&
	test_grep "^Ada words" a/tasks/gutters.md && test_grep "^Bob words" a/tasks/gutters.md
'

test_expect_success 'a task added on both sides with the same id: conflict on what differs' '
	task a milk "cost: 5" &&
	task b milk "cost: 7" &&
	sync_all a &&
	test_expect_code 1 on b dlg sync >out 2>err &&
	test_grep "tasks/milk.md:[0-9]*: .cost. is 7 here, 5 on origin/main" err &&
	test "$(grep -c "^title: milk" b/tasks/milk.md)" = 1 &&
	sed -i -e "/^<<<<<<< /d" -e "/^=======/d" -e "/^>>>>>>> /d" -e "/^cost: 5/d" \
		b/tasks/milk.md &&
	sync_all b a &&
	converged a b
'

test_expect_success 'a task added on both sides the same is no conflict' '
	task a bread &&
	task b bread &&
	sync_all a b a &&
	converged a b
'

test_expect_success 'deleted on one side, edited on the other: git'"'"'s conflict, kept' '
	git -C a rm -q tasks/other.md &&
	sed -i "s/^title: Other task/title: Other task, edited/" b/tasks/other.md &&
	sync_all a &&
	test_expect_code 1 on b dlg sync >out 2>err &&
	test_grep "tasks/other.md:1: deleted on origin/main, edited here" err &&
	test_grep "^title: Other task, edited" b/tasks/other.md &&
	rm b/tasks/other.md &&
	sync_all b a &&
	converged a b &&
	test ! -e a/tasks/other.md
'

test_expect_success 'two clones deciding the same new task write the same bytes' '
	sync_all c &&
	printf -- "---\ntitle: Write the post\nenjoy: yes\n---\n" >c/tasks/post.md &&
	git -C c add tasks/post.md && on c git commit -q -m "Add post" &&
	on c git push -q origin main &&
	on a dlg sync --no-push >out.a 2>&1 &&
	on b dlg sync --no-push >out.b 2>&1 &&
	test_grep "decided *post *keep" out.a &&
	test_grep "decided *post *keep" out.b &&
	sync_all a b &&
	git -C b log -1 --format=%B >msg &&
	test_grep "post: the same change on both sides" msg &&
	sync_all a c &&
	converged a b c
'

test_expect_success 'a push race: refused, fetched, merged and pushed again' '
	sed -i "s/^hours: 4/hours: 5/" a/tasks/gutters.md &&
	sed -i "s/^title: bread/title: Bread/" b/tasks/bread.md &&
	DLG_FAULT=push:1:run DLG_FAULT_RUN="cd $TRASH/b && env -u DLG_FAULT dlg sync -q" \
		on a dlg sync >out 2>err &&
	test_grep "^pushed .*someone pushed meanwhile" out &&
	sync_all b c &&
	converged a b c &&
	test_grep "^hours: 5" c/tasks/gutters.md && test_grep "^title: Bread" c/tasks/bread.md
'

test_expect_success 'two syncs at once in two clones both land' '
	sed -i "s/^hours: 5/hours: 6/" a/tasks/gutters.md &&
	sed -i "s/^title: Bread/title: Bake bread/" b/tasks/bread.md &&
	{ on a dlg sync >out.a 2>&1 & } &&
	{ on b dlg sync >out.b 2>&1 & } &&
	wait &&
	sync_all a b a c &&
	converged a b c &&
	test_grep "^hours: 6" c/tasks/gutters.md && test_grep "^title: Bake bread" c/tasks/bread.md
'

test_expect_success 'the remote gone: the work is committed here, exit 1, pushed later' '
	mv remote.git gone.git &&
	sed -i "s/^hours: 6/hours: 7/" a/tasks/gutters.md &&
	test_expect_code 1 on a dlg sync >out 2>err &&
	test_grep "cannot fetch from origin" err &&
	test_grep "committed here, not pushed" err &&
	test_grep "^1 commit: .* Edit gutters" out &&
	test -z "$(git -C a status --porcelain -- tasks)" &&
	on a dlg sync --offline >out 2>err &&
	mv gone.git remote.git &&
	sync_all a b &&
	converged a b &&
	test_grep "^hours: 7" b/tasks/gutters.md
'

test_expect_success 'git pull merges task files key by key through the driver' '
	sed -i "s/^hours: 7/hours: 8/" a/tasks/gutters.md &&
	sed -i "s/^cost: 200/cost: 210/" b/tasks/gutters.md &&
	sync_all a &&
	on b git commit -q -am "Cost by hand" &&
	on b git pull -q --no-rebase --no-edit origin main >pull 2>&1 &&
	test_grep "^hours: 8" b/tasks/gutters.md &&
	test_grep "^cost: 210" b/tasks/gutters.md &&
	! grep "^<<<<<<<" b/tasks/gutters.md &&
	sync_all b a &&
	converged a b
'

test_expect_success 'dlg merge-file: clean exit 0, a conflict exit 1 with markers' '
	printf -- "---\na: 1\nb: 1\n---\n" >base &&
	printf -- "---\na: 2\nb: 1\n---\n" >ours &&
	printf -- "---\na: 1\nb: 2\n---\n" >theirs &&
	dlg merge-file base ours theirs &&
	printf -- "---\na: 2\nb: 2\n---\n" >expect && test_cmp expect ours &&
	printf -- "---\na: 3\nb: 2\n---\n" >theirs &&
	test_expect_code 1 dlg merge-file base ours theirs tasks/x.md 2>err &&
	test_grep "tasks/x.md:2: conflict in .a.: 2 (ours), 3 (theirs)" err &&
	test_grep "^<<<<<<< ours" ours
'

test_done
