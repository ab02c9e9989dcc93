#!/bin/sh
# An edit made while a sync runs is never lost: dlg writes a file only if
# it still holds what dlg read (the edit is kept, reported, and taken by
# the next sync), and done and give read their task under the lock. The
# edits are injected at the sync's own steps (DLG_FAULT ...:run).
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
for t in a b c; do
	write_file tasks/$t.md <<-X
	---
	title: Task $t
	enjoy: yes
	---
	X
done
write_file people/carol.md <<'X'
---
name: Carol
kind: contractor
---
X
git add -A && git commit -q -m Start

test_expect_success 'an edit saved between parse and write is kept, and reported' '
	DLG_FAULT=before-rename:2:run DLG_FAULT_RUN="printf \"my words\\n\" >>tasks/b.md" \
		test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^skipped  *tasks/b.md: changed while dlg was syncing" err &&
	tail -n 1 tasks/b.md | grep -q "^my words$" &&
	! grep -q "^status:" tasks/b.md &&
	! grep -q "^decided  *b " out &&
	grep -q "^status: open" tasks/a.md && grep -q "^status: open" tasks/c.md &&
	! git show HEAD -- tasks/b.md | grep -q .
'

test_expect_success 'the next sync takes the edit as yours, then decides the task' '
	dlg sync >out 2>err &&
	git show HEAD~1:tasks/b.md | grep -q "^my words$" &&
	git show HEAD:tasks/b.md | grep -q "^status: open" &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'a file deleted during the sync is not brought back' '
	write_file tasks/d.md <<-\X &&
	---
	title: Task d
	enjoy: yes
	---
	X
	DLG_FAULT=before-rename:1:run DLG_FAULT_RUN="rm tasks/d.md" \
		test_expect_code 1 dlg sync >out 2>err &&
	test ! -e tasks/d.md &&
	test_grep "^skipped  *tasks/d.md" err
'

test_expect_success 'the next sync commits that deletion (the cache did not know the file)' '
	dlg sync >out 2>err &&
	test_must_fail git cat-file -e HEAD:tasks/d.md &&
	test -z "$(git status --porcelain -- tasks/d.md)"
'

test_expect_success 'a file replaced during the sync (an editor saving by rename) is kept' '
	write_file tasks/e.md <<-\X &&
	---
	title: Task e
	enjoy: yes
	---
	X
	printf -- "---\ntitle: Task e, renamed in\nenjoy: yes\n---\n" >"$TRASH/e.new" &&
	DLG_FAULT=before-rename:1:run DLG_FAULT_RUN="mv \"$TRASH/e.new\" tasks/e.md" \
		test_expect_code 1 dlg sync >out 2>err &&
	grep -q "renamed in" tasks/e.md && ! grep -q "^status:" tasks/e.md
'

test_expect_success 'dlg done reads its task under the lock: an edit just before is kept' '
	dlg sync >/dev/null 2>&1;
	DLG_FAULT=locked:1:run DLG_FAULT_RUN="printf \"note from my editor\\n\" >>tasks/c.md" \
		dlg done c >out 2>err &&
	grep -q "^note from my editor$" tasks/c.md &&
	grep -q "^status: done" tasks/c.md &&
	grep -q "^completed: 2026-11-22" tasks/c.md
'

test_expect_success 'dlg give reads its task under the lock: an edit just before is kept' '
	DLG_FAULT=locked:1:run DLG_FAULT_RUN="sed -i \"s/^title: Task a$/title: Task a, retitled/\" tasks/a.md" \
		dlg give a carol >out 2>err &&
	grep -q "^title: Task a, retitled$" tasks/a.md &&
	grep -q "^to: carol" tasks/a.md &&
	grep -q "^status: waiting" tasks/a.md
'

test_expect_success 'a file an editor writes just as the commit reads it again: the commit lands' '
	printf -- "---\ntitle: Paint\nenjoy: yes\n---\n" >tasks/paint.md &&
	DLG_FAULT=index-add:2:fail DLG_FAULT_RUN="printf \"painted half\\n\" >>tasks/paint.md" \
		dlg sync >out 2>err &&
	git show HEAD:tasks/paint.md >committed &&
	test_grep "^decision: keep" committed &&
	! grep -q "painted half" committed &&
	git log -1 --format=%B | grep -q "^Dlg-Sync: " &&
	git diff --cached --quiet HEAD -- tasks/paint.md &&
	test "$(git status --porcelain -- tasks/paint.md)" = " M tasks/paint.md" &&
	dlg sync >out 2>err &&
	git show HEAD:tasks/paint.md | grep -q "painted half" &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'an edit saved just as the index is patched: the commit lands, the edit stays' '
	dlg sync >/dev/null 2>&1 && git status --porcelain >/dev/null &&
	test -z "$(git status --porcelain -- tasks)" &&
	printf "a line of mine\n" >>tasks/c.md &&
	DLG_FAULT=index-patch:1:run DLG_FAULT_RUN="printf \"and one more\\n\" >>tasks/c.md" \
		dlg sync >out 2>err &&
	git show HEAD:tasks/c.md >committed &&
	grep -q "^a line of mine$" committed &&
	! grep -q "and one more" committed &&
	tail -n 1 tasks/c.md | grep -q "^and one more$" &&
	git diff --quiet -- tasks/c.md &&
	test "$(git status --porcelain -- tasks)" = "M  tasks/c.md" &&
	dlg sync >out 2>err &&
	git show HEAD:tasks/c.md | grep -q "^and one more$" &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'a one-file sync leaves the index as git would: diff-files and fsck clean' '
	printf "one more line\n" >>tasks/a.md &&
	dlg sync >out 2>err &&
	git show HEAD:tasks/a.md | grep -q "^one more line$" &&
	test -z "$(git diff-files --name-only)" &&
	test -z "$(git status --porcelain -- tasks)" &&
	git ls-files -s tasks/a.md | grep -q "$(git rev-parse HEAD:tasks/a.md)" &&
	git fsck --strict --no-progress 2>&1 | { ! grep -v "^dangling"; }
'

test_done
