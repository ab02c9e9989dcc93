#!/bin/sh
# The sync cache in .git/dlg/: a sync with nothing to do parses nothing, but
# an edit, a new dlg.ini, a changed person or a broken cache is always seen.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/carol.md <<'X'
---
name: Carol
kind: contractor
follow_up_days: 3
---
X
write_file tasks/waiting.md <<'X'
---
title: Transcribe
status: waiting
decision: outsource
to: carol
given: 2026-11-10
follow_up: 2026-11-25
---
X
write_file tasks/kept.md <<'X'
---
title: Write
enjoy: yes
---
X
# make every file older than the racy window, as an editor's save long ago
touch -d '2026-01-01 00:00:00' people/carol.md tasks/*.md dlg.ini

test_expect_success 'first sync decides and leaves a cache' '
	dlg sync >out &&
	test_grep "decided    kept" out &&
	test -f .git/dlg/cache
'

test_expect_success 'a settled, unchanged task is not parsed again' '
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	test_grep "^dlg: trace: 0 task files read, [1-9][0-9]* from the cache, edits found from the cache$" err
'

test_expect_success 'a stale cache hides no edit: same size, same time, same inode' '
	cp -p tasks/waiting.md "$TRASH/saved" &&
	size=$(wc -c <tasks/waiting.md) &&
	head -c "$size" /dev/zero | tr "\\0" "x" | dd of=tasks/waiting.md conv=notrunc 2>/dev/null &&
	touch -r "$TRASH/saved" tasks/waiting.md &&
	test "$(wc -c <tasks/waiting.md)" = "$size" &&
	DLG_TRACE=1 dlg sync >out 2>err;
	test_grep "^dlg: trace: 1 task files read" err &&
	test_grep "Edit waiting" out &&
	cp -p "$TRASH/saved" tasks/waiting.md &&
	dlg sync >out 2>err &&
	test_grep "Edit waiting" out
'

test_expect_success 'a file touched with the same bytes is hashed, not parsed, not committed' '
	touch tasks/waiting.md &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	test_grep "^dlg: trace: 0 task files read" err
'

test_expect_success 'a follow-up coming due is reported from the cache' '
	DLG_TODAY=2026-11-26 dlg sync >out &&
	test_grep "due        waiting  follow up with carol, 1 day late" out
'

test_expect_success 'an edit to a cached file is seen (size and time change)' '
	sed "s/^status: waiting/status: done/" tasks/waiting.md >tmp &&
	mv tmp tasks/waiting.md &&
	dlg sync >out &&
	test_grep "completed  waiting" out &&
	grep -q "^completed: 2026-11-22" tasks/waiting.md
'

test_expect_success 'a changed dlg.ini makes every task be looked at again' '
	write_file tasks/inbox.md <<-X &&
	---
	title: Mystery
	colour: blue
	---
	X
	touch -d "2026-01-01 00:00:00" tasks/inbox.md &&
	test_expect_code 1 dlg sync >out 2>err &&
	test_grep "undecided  inbox" err &&
	printf "\n[rule blue]\nif = colour == \"blue\"\nthen = drop\nbecause = blue things can wait forever\n" >>dlg.ini &&
	dlg sync >out &&
	test_grep "decided    inbox  *drop" out
'

test_expect_success 'a broken cache is ignored and rebuilt' '
	printf "dlg-cache 1 0000\ngarbage\n" >.git/dlg/cache &&
	dlg sync >out &&
	test_grep "nothing to commit" out &&
	test "$(head -c 8 .git/dlg/cache)" = DLGCACHE &&
	! grep -q -e garbage .git/dlg/cache
'

test_expect_success 'git rewriting its index with the same entries keeps the cache vouching' '
	dlg sync >out &&
	cp .git/index "$TRASH/index.before" &&
	# another second: git compares whole seconds, and would see no change
	# in a touch within the second dlg wrote the file in
	touch -t 202001020304 tasks/kept.md &&
	git update-index -q --really-refresh && git status --porcelain >/dev/null &&
	! cmp -s .git/index "$TRASH/index.before" &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	test_grep "edits found from the cache$" err &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read.*edits found from the cache$" err
'

test_expect_success 'the same entries in index versions 4, 3 and 2 keep it vouching' '
	for v in 4 3 2; do
		git update-index --index-version $v &&
		DLG_TRACE=1 dlg sync >out 2>err &&
		test_grep "edits found from the cache$" err || return 1
	done
'

test_expect_success 'a task taken out of the index is seen, though the file is as it was' '
	git rm -q --cached tasks/kept.md &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	! test_grep "edits found from the cache" err &&
	git ls-files --error-unmatch tasks/kept.md >/dev/null &&
	git cat-file -e HEAD:tasks/kept.md &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'a task marked skip-worktree makes the cache check git again' '
	dlg sync >out &&
	git update-index --skip-worktree tasks/kept.md &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	! test_grep "edits found from the cache" err &&
	git update-index --no-skip-worktree tasks/kept.md &&
	dlg sync >out
'

test_expect_success 'a cache from another version is not trusted, and rebuilt' '
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read" err &&
	printf "\\377" | dd of=.git/dlg/cache bs=1 seek=8 conv=notrunc 2>/dev/null &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	test_grep "^dlg: trace: [1-9][0-9]* task files read, 0 from the cache" err &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read" err
'

test_expect_success 'a cache with one byte changed fails its checksum and is rebuilt' '
	perl -e '"'"'open(my $f, "+<", $ARGV[0]) or die; my $at = (-s $f) >> 1;
		seek($f, $at, 0); read($f, my $c, 1); seek($f, $at, 0); print $f chr(ord($c) ^ 0xff)'"'"' \
		.git/dlg/cache &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	test_grep "^dlg: trace: [1-9][0-9]* task files read, 0 from the cache" err &&
	dlg list >list-out 2>&1 &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read" err
'

test_expect_success 'a cache that cannot be written: said, the sync done, the next one rebuilds' '
	printf "\nMore.\n" >>tasks/kept.md &&
	DLG_FAULT=cache-write:1:fail dlg sync >out 2>err &&
	test_grep "cannot write .*cache.*the next sync will be slower" err &&
	test_grep "1 commit" out &&
	! test -e .git/dlg/cache.new &&
	test -z "$(git status --porcelain -- tasks)" &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "nothing to commit" out &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read" err
'

test_expect_success 'a cache.new left by a killed sync is written over' '
	printf "half a cache" >.git/dlg/cache.new &&
	printf "\nMore again.\n" >>tasks/kept.md &&
	dlg sync >out 2>err &&
	! test -e .git/dlg/cache.new &&
	test "$(head -c 8 .git/dlg/cache)" = DLGCACHE &&
	DLG_TRACE=1 dlg sync >out 2>err &&
	test_grep "^dlg: trace: 0 task files read" err
'

test_expect_success 'no cache at all is fine' '
	rm -rf .git/dlg &&
	DLG_TODAY=2026-11-26 dlg sync >out 2>err &&
	test_grep "nothing to commit" out
'

test_expect_success 'the managed paths are clean after all of it' '
	test -z "$(git status --porcelain -- dlg.ini tasks people)"
'

test_done
