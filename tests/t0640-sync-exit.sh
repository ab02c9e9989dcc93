#!/bin/sh
# The exit status tells the truth: 2 only when nothing was changed; once a
# commit is made, a later failure is 1, saying what was done and that the
# next sync finishes the rest (which it does, in a Dlg-Sync: commit).
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
git add -A && git commit -q -m Start
printf -- "---\ntitle: Write\nenjoy: yes\n---\n" >tasks/write.md

test_expect_success 'dlg commit fails after the person'"'"'s commit: exit 1, said so' '
	DLG_FAULT=ref-write:2:fail test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^1 commit: [0-9a-f]* Add write$" out &&
	test_grep "^dlg: cannot update refs/heads/[a-z]*: No space left on device; the next sync finishes what this one could not$" err &&
	test "$(git log --format=%s -1)" = "Add write"
'

test_expect_success 'the next sync finishes it with the reasons' '
	dlg sync >out 2>err &&
	test_grep "(finishing an interrupted sync)" out &&
	git log -1 --format=%B >msg &&
	test_grep "^write: inbox → keep (enjoy: I enjoy it)$" msg &&
	test_grep "^Dlg-Sync: " msg &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'a failure before anything is changed is still 2' '
	printf -- "---\ntitle: Read\nenjoy: yes\n---\n" >tasks/read.md &&
	DLG_FAULT=ref-write:1:fail test_expect_code 2 dlg sync >out 2>err &&
	test "$(git log --format=%s -1)" != "Add read"
'

test_done
