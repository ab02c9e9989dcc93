#!/bin/sh
# dlg sync: whatever else the person staged stays staged and out of dlg's
# commits; staged edits to managed paths are committed like any other edit.
. "$(dirname "$0")/lib.sh"

after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

new_repo repo
cd repo
echo "# My tasks" >README.md
write_file tasks/mow.md <<'X'
---
title: Mow the lawn
---
X
git add . && git commit -q -m "Start"

# staged: a README.md change and an unrelated new file; also a task edit
# staged, then edited again; a new task never staged
echo "More about them." >>README.md
git add README.md
echo "some notes" >notes.txt
git add notes.txt
printf -- '---\ntitle: Mow the lawn\nenjoy: no\n---\n' >tasks/mow.md
git add tasks/mow.md
printf -- '---\ntitle: Mow the lawn\nenjoy: yes\n---\n' >tasks/mow.md
write_file tasks/wash.md <<'X'
---
title: Wash the car
enjoy: yes
---
X
git ls-files -s README.md notes.txt >"$TRASH/staged.before"
# an untracked file, and a file in a folder dlg does not manage
echo scratch >scratch.txt
mkdir -p other && echo x >other/thing.md

test_expect_success 'sync commits the managed paths only' '
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit mow, add wash · [0-9a-f]\{7\} Decide 2 tasks$" "$TRASH/out" &&
	git show --name-status --format= HEAD~1 >"$TRASH/files" &&
	printf "M\ttasks/mow.md\nA\ttasks/wash.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git show --name-status --format= HEAD >"$TRASH/files" &&
	printf "M\ttasks/mow.md\nM\ttasks/wash.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	after_sync
'

test_expect_success 'a staged task edit is committed as it is in the work tree' '
	git show HEAD~1:tasks/mow.md >"$TRASH/mow" &&
	grep -q "^enjoy: yes$" "$TRASH/mow" &&
	grep -q "^decision: keep$" tasks/mow.md
'

test_expect_success 'what else was staged stays staged, exactly as it was' '
	git status --porcelain >"$TRASH/status" &&
	cat >"$TRASH/expect" <<-\EOF &&
	M  README.md
	A  notes.txt
	?? other/
	?? scratch.txt
	EOF
	test_cmp "$TRASH/expect" "$TRASH/status" &&
	git ls-files -s README.md notes.txt >"$TRASH/staged.after" &&
	test_cmp "$TRASH/staged.before" "$TRASH/staged.after" &&
	git diff --cached --name-only >"$TRASH/cached" &&
	printf "README.md\nnotes.txt\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/cached" &&
	test "$(git show HEAD:README.md)" = "# My tasks" &&
	! git cat-file -e HEAD:notes.txt 2>/dev/null &&
	! git cat-file -e HEAD:other/thing.md 2>/dev/null
'

test_expect_success 'a git commit afterwards commits just what was staged' '
	git commit -q -m "Notes" &&
	git show --name-status --format= HEAD >"$TRASH/files" &&
	printf "M\tREADME.md\nA\tnotes.txt\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git status --porcelain >"$TRASH/status" &&
	printf "?? other/\n?? scratch.txt\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status"
'

test_expect_success 'a staged deletion of something else stays staged' '
	git rm -q --cached README.md &&
	printf -- "---\ntitle: Rake\nenjoy: yes\n---\n" >tasks/rake.md &&
	dlg sync >/dev/null &&
	git cat-file -e HEAD:README.md &&
	git status --porcelain -- README.md >"$TRASH/status" &&
	printf "D  README.md\n?? README.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status" &&
	git reset -q README.md &&
	after_sync
'

test_expect_success 'files under tasks/ and people/ that are not managed are left alone' '
	echo png >tasks/photo.png &&
	printf -- "---\nname: Old\n---\n" | write_file people/old/former.md &&
	ln -s rake.md tasks/link.md &&
	printf -- "---\ntitle: Sweep\nenjoy: yes\n---\n" >tasks/sweep.md &&
	dlg sync >"$TRASH/out" &&
	test_grep "^2 commits: [0-9a-f]\{7\} Add sweep · " "$TRASH/out" &&
	git status --porcelain -- tasks people >"$TRASH/status" &&
	printf "?? people/\n?? tasks/link.md\n?? tasks/photo.png\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status" &&
	test "$(cat tasks/photo.png)" = png &&
	test -L tasks/link.md &&
	rm -r tasks/photo.png tasks/link.md people/old
'

test_expect_success 'staged changes on an unborn branch stay staged too' '
	git init -q "$TRASH/unborn" && cd "$TRASH/unborn" &&
	cp "$DLG_BUILD_DIR/examples/dlg.ini" . &&
	echo hi >README.md && git add README.md &&
	mkdir tasks && printf -- "---\ntitle: V\nenjoy: yes\n---\n" >tasks/v.md &&
	dlg sync >/dev/null &&
	git ls-tree -r --name-only HEAD >"$TRASH/files" &&
	printf "dlg.ini\ntasks/v.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files" &&
	git status --porcelain >"$TRASH/status" &&
	printf "A  README.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/status" &&
	after_sync
'

test_done
