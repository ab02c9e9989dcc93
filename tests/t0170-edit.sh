#!/bin/sh
# dlg edit ID: the task (or person) file in $VISUAL, else $EDITOR, else vi;
# once saved it is checked (a broken file is said where, re-opened on a
# terminal when asked, and never loses what was typed) and synced, printing
# that task's events.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X
write_file tasks/blog/write-post.md <<'X'
---
title: Write the post
---
X
write_file tasks/other.md <<'X'
---
title: Something else
---
X
git add . && git commit -q -m "Start"

# fake editors: each edits the file named last, as a real one would
mkdir -p "$HOME/bin"
write_file "$HOME/bin/enjoy" <<'X'
#!/bin/sh
for f; do :; done
sed -i 's/^title: \(.*\)$/title: \1\nenjoy: yes/' "$f"
echo "edited $f" >>"$HOME/editor.log"
X
write_file "$HOME/bin/args" <<'X'
#!/bin/sh
echo "args: $*" >>"$HOME/editor.log"
X
write_file "$HOME/bin/brk" <<'X'
#!/bin/sh
for f; do :; done
printf -- '---\ntitle: Half typed\ntitle: twice\n---\nmy notes\n' >"$f"
X
# broken the first time, fixed the second: what a person does when asked
write_file "$HOME/bin/break-then-fix" <<'X'
#!/bin/sh
for f; do :; done
n=$(cat "$HOME/count" 2>/dev/null || echo 0)
echo $((n + 1)) >"$HOME/count"
if [ "$n" = 0 ]; then
	printf -- '---\ntitle: Pay rent\ndue: 12/01/2026\n---\nmy notes\n' >"$f"
else
	sed -i 's|^due: .*|due: 2026-12-01\nenjoy: yes|' "$f"
fi
X
write_file "$HOME/bin/fail" <<'X'
#!/bin/sh
exit 3
X
chmod +x "$HOME"/bin/*
PATH=$HOME/bin:$PATH

test_expect_success 'edit: $EDITOR opens the file; it is synced, with the task s events' '
	EDITOR=enjoy dlg edit write-post >out 2>err &&
	test_grep "^edited $TRASH/repo/tasks/blog/write-post.md$" "$HOME/editor.log" &&
	test_grep "^decided    blog/write-post  keep  *I enjoy it (enjoy)$" out &&
	test_grep "^2 commits: [0-9a-f]\{7\} Edit blog/write-post · [0-9a-f]\{7\} Decide 1 task$" out &&
	echo "dlg: 1 other task needs a look: run dlg sync" >expect &&
	test_cmp expect err &&
	grep -q "^status: open$" tasks/blog/write-post.md &&
	git diff --quiet HEAD &&
	test_grep "^enjoy: yes$" tasks/blog/write-post.md
'

test_expect_success 'edit: $VISUAL before $EDITOR; the setting may hold arguments' '
	: >"$HOME/editor.log" &&
	VISUAL="args --wait" EDITOR=enjoy dlg edit other >out &&
	echo "args: --wait $TRASH/repo/tasks/other.md" >expect &&
	test_cmp expect "$HOME/editor.log" &&
	echo "tasks/other.md: no change" >expect &&
	test_cmp expect out
'

test_expect_success 'edit: vi when neither is set' '
	write_file "$HOME/bin/vi" <<-\X &&
	#!/bin/sh
	echo "vi $*" >"$HOME/editor.log"
	X
	chmod +x "$HOME/bin/vi" &&
	env -u VISUAL -u EDITOR dlg edit other >out &&
	echo "vi $TRASH/repo/tasks/other.md" >expect &&
	test_cmp expect "$HOME/editor.log"
'

test_expect_success 'edit: a file saved unchanged is not synced' '
	git rev-parse HEAD >before &&
	EDITOR=true dlg edit tasks/other.md >out &&
	git rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success 'edit: a broken file without a terminal: where, exit 1, what was typed kept' '
	git rev-parse HEAD >before &&
	test_expect_code 1 env EDITOR=brk dlg edit other </dev/null >out 2>err &&
	test_grep "^dlg: tasks/other.md:3:1: duplicate key .title. (first at line 2)$" err &&
	test_grep "^dlg: tasks/other.md is kept as you wrote it, and left out until it is fixed: dlg edit other$" err &&
	test_grep "^my notes$" tasks/other.md &&
	git rev-parse HEAD >after &&
	test_cmp before after &&
	git checkout -q tasks/other.md
'

if have_tty; then
	test_expect_success 'edit: a broken file on a terminal is re-opened when asked' '
		rm -f "$HOME/count" &&
		printf "\n" | EDITOR=break-then-fix script -qec "dlg --no-color edit other" /dev/null >out &&
		test_grep "^dlg: tasks/other.md:3:6: .due. must be a date (YYYY-MM-DD), not .12/01/2026." out &&
		test_grep "re-open tasks/other.md in the editor? \[Y/n\]" out &&
		test "$(cat "$HOME/count")" = 2 &&
		test_grep "decided    other  keep" out &&
		test_grep "^due: 2026-12-01" tasks/other.md &&
		test_grep "^my notes" tasks/other.md
	'

	test_expect_success 'edit: answering no leaves the file as typed, exit 1' '
		git rev-parse HEAD >before &&
		printf "n\n" | EDITOR=brk script -qec "dlg edit other; echo status=\$?" /dev/null >out &&
		test_grep "re-open tasks/other.md in the editor?" out &&
		test_grep "status=1" out &&
		test_grep "^my notes$" tasks/other.md &&
		git rev-parse HEAD >after &&
		test_cmp before after &&
		git checkout -q tasks/other.md
	'
else
	test_skip 'edit: a broken file on a terminal is re-opened when asked' 'no pseudo-terminal'
fi

test_expect_success 'edit: a person id opens the person file' '
	: >"$HOME/editor.log" &&
	write_file "$HOME/bin/rate" <<-\X &&
	#!/bin/sh
	for f; do :; done
	echo "edited $f" >>"$HOME/editor.log"
	sed -i "s/^kind: contractor$/kind: contractor\nrate: 30/" "$f"
	X
	chmod +x "$HOME/bin/rate" &&
	EDITOR=rate dlg edit carol >out 2>err &&
	test_grep "^edited $TRASH/repo/people/carol.md$" "$HOME/editor.log" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Edit person carol$" out &&
	test_grep "^rate: 30$" people/carol.md &&
	EDITOR=true dlg edit people/carol.md >out &&
	test_grep "^people/carol.md: no change$" out
'

test_expect_success 'edit: a broken person file is said where' '
	test_expect_code 1 env EDITOR=brk dlg edit carol </dev/null >out 2>err &&
	test_grep "^dlg: people/carol.md:3:1: duplicate key .title." err &&
	test_grep "dlg edit carol$" err &&
	git checkout -q people/carol.md
'

test_expect_success 'edit: the editor failing, or no such task: exit 2' '
	test_expect_code 2 env EDITOR=fail dlg edit other 2>err &&
	test_grep "^dlg: the editor .fail. failed; the file is kept: " err &&
	test_expect_code 2 env EDITOR=true dlg edit no-such 2>err &&
	test_grep "^dlg: no task .no-such." err &&
	test_expect_code 2 dlg edit 2>err &&
	test_grep "^usage: dlg edit ID" err
'

test_done
