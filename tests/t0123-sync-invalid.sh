#!/bin/sh
# dlg sync and invalid files: committed as written, never modified, reported
# with path:line:col on stderr, exit 1; every other task is still decided.
. "$(dirname "$0")/lib.sh"

after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

new_repo repo
cd repo
git add dlg.ini && git commit -q -m "Start"

write_file tasks/dup.md <<'X'
---
title: One
hours: 2
title: Two
enjoy: yes
---
Both titles stay.
X
write_file tasks/open.md <<'X'
---
title: Never closed
enjoy: yes
X
printf -- '---\r\ntitle: crlf\r\nhours: [1, 2\r\n---\r\n' >tasks/crlf.md
write_file tasks/rake.md <<'X'
---
title: Rake the leaves
enjoy: yes
---
X
write_file tasks/chores/dust.md <<'X'
---
title: Dust
urgent: no
important: no
---
X
write_file people/ghost.md <<'X'
---
name: Ghost
name: Spectre
---
X
mkdir "$TRASH/orig"
for f in dup open crlf; do cp tasks/$f.md "$TRASH/orig/"; done
cp people/ghost.md "$TRASH/orig/ghost.md"

test_expect_success 'sync with invalid files: exit 1, the others decided' '
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^decided  *rake  *keep  *I enjoy it (enjoy)$" "$TRASH/out" &&
	test_grep "^decided  *chores/dust  *drop" "$TRASH/out" &&
	grep -q "^decision: keep$" tasks/rake.md &&
	grep -q "^decision: drop$" tasks/chores/dust.md &&
	test_grep "^2 commits: " "$TRASH/out" &&
	after_sync
'

test_expect_success 'each invalid file is reported on stderr with path:line:col' '
	test_grep "^invalid  *tasks/dup.md:4:1: duplicate key .title. (first at line 2)$" "$TRASH/err" &&
	test_grep "^invalid  *tasks/open.md:1:1: unclosed front-matter" "$TRASH/err" &&
	test_grep "^invalid  *tasks/crlf.md:4:1: " "$TRASH/err" &&
	test_grep "^invalid  *people/ghost.md:3:1: duplicate key .name." "$TRASH/err" &&
	! grep -q "dup\|open\|crlf\|ghost" "$TRASH/out"
'

test_expect_success 'invalid files are committed as written in the first commit' '
	git show --name-status --format= HEAD~1 >"$TRASH/files" &&
	cat >"$TRASH/expect" <<-\EOF &&
	A	people/ghost.md
	A	tasks/chores/dust.md
	A	tasks/crlf.md
	A	tasks/dup.md
	A	tasks/open.md
	A	tasks/rake.md
	EOF
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	for f in dup open crlf; do
		git cat-file blob HEAD~1:tasks/$f.md | cmp - "$TRASH/orig/$f.md" || exit 1
	done &&
	git cat-file blob HEAD~1:people/ghost.md | cmp - "$TRASH/orig/ghost.md"
'

test_expect_success 'invalid files are never modified, nor in dlg s commit' '
	for f in dup open crlf; do
		cmp tasks/$f.md "$TRASH/orig/$f.md" || exit 1
	done &&
	cmp people/ghost.md "$TRASH/orig/ghost.md" &&
	git show --name-only --format= HEAD >"$TRASH/files" &&
	printf "tasks/chores/dust.md\ntasks/rake.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files"
'

test_expect_success 'still invalid on the next sync: reported again, nothing committed' '
	head=$(git rev-parse HEAD) &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^invalid  *tasks/dup.md:4:1: " "$TRASH/err" &&
	test_grep "^nothing to commit$" "$TRASH/out" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	cmp tasks/dup.md "$TRASH/orig/dup.md"
'

test_expect_success 'once fixed, the task is committed as fixed and decided' '
	rm tasks/open.md tasks/crlf.md people/ghost.md &&
	sed "4d" tasks/dup.md >"$TRASH/tmp" && cat "$TRASH/tmp" >tasks/dup.md &&
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	git log -1 --format=%s HEAD~1 >"$TRASH/subject" &&
	test_grep "^Edit .*, delete " "$TRASH/subject" &&
	git show --name-status --format= HEAD~1 >"$TRASH/files" &&
	printf "D\tpeople/ghost.md\nD\ttasks/crlf.md\nM\ttasks/dup.md\nD\ttasks/open.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git show HEAD~1:tasks/dup.md >"$TRASH/committed" &&
	test_cmp "$TRASH/tmp" "$TRASH/committed" &&
	grep -q "^decision: keep$" tasks/dup.md &&
	test "$(tail -n 1 tasks/dup.md)" = "Both titles stay." &&
	after_sync
'

test_expect_success 'a valid file edited into an invalid one is committed, not touched' '
	printf -- "---\ntitle: Rake the leaves\nenjoy: yes\nstatus: done\nstatus: open\n---\n" >tasks/rake.md &&
	cp tasks/rake.md "$TRASH/rake" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^invalid  *tasks/rake.md:5:1: duplicate key .status. (first at line 4)$" "$TRASH/err" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Edit rake$" "$TRASH/out" &&
	git show HEAD:tasks/rake.md | cmp - "$TRASH/rake" &&
	cmp tasks/rake.md "$TRASH/rake" &&
	after_sync
'

test_expect_success 'a bad dlg.ini: exit 2 before anything changes' '
	git checkout -q HEAD~1 -- tasks/rake.md && git reset -q tasks/rake.md &&
	printf -- "---\ntitle: Sweep\nenjoy: yes\n---\n" >tasks/sweep.md &&
	cp dlg.ini "$TRASH/ini" &&
	printf "\n[rule broken]\nif = (enjoy\nthen = keep\n" >>dlg.ini &&
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^dlg.ini:[0-9]*: " "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test "$(cat tasks/sweep.md)" = "$(printf -- "---\ntitle: Sweep\nenjoy: yes\n---")" &&
	cp "$TRASH/ini" dlg.ini &&
	dlg sync >/dev/null &&
	after_sync
'

test_expect_success 'a rule type error: reported with task and rule, task left undecided' '
	cp dlg.ini "$TRASH/ini" &&
	{ printf "[me]\nhourly_rate = 60\n\n[rule typeerr]\nif = title * 2\nthen = keep\n\n"; sed 1,/^follow_up_days/d "$TRASH/ini"; } >dlg.ini &&
	printf -- "---\ntitle: Odd one\nenjoy: yes\n---\n" >tasks/odd.md &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "tasks/odd.md.*typeerr" "$TRASH/err" &&
	! grep -q "^decision" tasks/odd.md &&
	test "$(git show HEAD:tasks/odd.md)" = "$(cat tasks/odd.md)" &&
	after_sync
'

test_done
