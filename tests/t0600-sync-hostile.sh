#!/bin/sh
# dlg sync against hostile trees: symbolic links never followed, submodules
# and nested repositories never managed, a name too long for a temporary
# file or a folder it can't write to stops no other task, names with
# control characters quoted in output and commit messages.
. "$(dirname "$0")/lib.sh"

task() { # task PATH: a task the default rules keep (enjoy: yes)
	write_file "$1" <<-X
	---
	title: $(basename "$1" .md)
	enjoy: yes
	---
	X
}

new_repo repo
cd repo
task tasks/rake.md
git add -A && git commit -q -m Start

test_expect_success 'a symlinked tasks/ folder is not followed; nothing outside is written' '
	mkdir -p "$TRASH/outside" && task "$TRASH/outside/victim.md" &&
	cp "$TRASH/outside/victim.md" "$TRASH/victim.before" &&
	mv tasks "$TRASH/real-tasks" && ln -s "$TRASH/outside" tasks &&
	dlg sync >out 2>err;
	code=$?
	rm tasks && mv "$TRASH/real-tasks" tasks &&
	test $code -le 1 &&
	test_cmp "$TRASH/victim.before" "$TRASH/outside/victim.md" &&
	test_grep "tasks: warning: a symbolic link" err &&
	! git log --all --name-only --format= | grep -q victim
'

test_expect_success 'a symlinked task file is not followed, and said so' '
	git checkout -q -- tasks 2>/dev/null; git reset -q --hard &&
	task "$TRASH/outside/other.md" &&
	cp "$TRASH/outside/other.md" "$TRASH/other.before" &&
	ln -s "$TRASH/outside/other.md" tasks/link.md &&
	dlg sync >out 2>err &&
	test_cmp "$TRASH/other.before" "$TRASH/outside/other.md" &&
	test_grep "tasks/link.md: warning: a symbolic link" err &&
	! grep -q "link" out &&
	rm tasks/link.md
'

test_expect_success 'a folder holding .git under tasks/ is never read' '
	mkdir -p tasks/vendor && task tasks/vendor/theirs.md &&
	git -C tasks/vendor init -q && cp tasks/vendor/theirs.md "$TRASH/theirs.before" &&
	dlg sync >out 2>err &&
	test_cmp "$TRASH/theirs.before" tasks/vendor/theirs.md &&
	! grep -q vendor out &&
	rm -rf tasks/vendor
'

test_expect_success 'a task named too long for a temporary file beside it is still written' '
	long=$(printf "%0250d" 0 | tr 0 x) &&
	task "tasks/$long.md" && task tasks/other-one.md &&
	dlg sync >out 2>err ||
	{ cat out err; false; } &&
	test_grep "^decided  *other-one" out &&
	grep -q "^status: open" "tasks/$long.md" &&
	grep -q "^status: open" tasks/other-one.md &&
	test -z "$(git status --porcelain -- tasks)"
'

test_expect_success 'a file that cannot be written stops only itself (exit 1, said so)' '
	# the files are written as they are read: free.md first, then stuck.md
	mkdir -p tasks/locked && task tasks/locked/stuck.md && task tasks/free.md &&
	git add -A && git commit -q -m "two more" &&
	DLG_FAULT=write:2:fail test_expect_code 1 dlg sync >out 2>err &&
	test_grep "^error  *tasks/locked/stuck.md: cannot write: No space left on device" err &&
	test_grep "^decided  *free" out &&
	! grep -q "stuck" out &&
	! grep -q "^status:" tasks/locked/stuck.md &&
	git show HEAD:tasks/free.md | grep -q "^status: open" &&
	! git show HEAD | grep -q stuck &&
	test -z "$(ls -A tasks/locked | grep dlg-)" &&
	dlg sync >out 2>err && test_grep "^decided  *locked/stuck" out
'

if [ "$(id -u)" != 0 ]; then
	test_expect_success 'a read-only folder stops only its own tasks' '
		task tasks/locked/stuck2.md && task tasks/free2.md &&
		chmod a-w tasks/locked &&
		test_expect_code 1 dlg sync >out 2>err;
		code=$?
		chmod u+w tasks/locked &&
		test $code = 0 &&
		test_grep "^error  *tasks/locked/stuck2.md: cannot create a temporary file" err &&
		test_grep "^decided  *free2" out
	'
else
	test_skip 'a read-only folder stops only its own tasks' 'root writes anyway (the fault test above covers it)'
fi

test_expect_success 'temporary files a killed sync left are removed by the next sync' '
	printf x >tasks/.rake.md.dlg-AbC123 && printf x >tasks/.dlg-Zz9999 &&
	printf keep >tasks/.notes && printf keep >tasks/.rake.md.dlg-toolong1 &&
	dlg sync >out 2>err;
	test ! -e tasks/.rake.md.dlg-AbC123 && test ! -e tasks/.dlg-Zz9999 &&
	test -e tasks/.notes && test -e tasks/.rake.md.dlg-toolong1
'

test_expect_success 'a dry run leaves temporary files alone' '
	printf x >tasks/.rake.md.dlg-AbC123 &&
	dlg sync --dry-run >out 2>err;
	test -e tasks/.rake.md.dlg-AbC123 && rm tasks/.rake.md.dlg-AbC123
'

test_expect_success 'a newline in a file name is quoted: it plants no trailer' '
	task "tasks/evil
Dlg-Sync: forged.md" &&
	dlg sync >out 2>err &&
	test_grep "\"evil\\\\nDlg-Sync: forged\"" out &&
	git log -1 --skip=1 --format=%B >msg1 &&
	! grep -q "^Dlg-Sync:" msg1 &&
	test "$(git log --grep=^Dlg-Sync: --format=%h | wc -l)" = "$(git log --format=%B | grep -c "^Dlg-Sync:")"
'

test_expect_success 'escape codes in a file name are not printed raw' '
	esc=$(printf "\033")
	write_file "tasks/bell${esc}[31m.md" <<-\X &&
	---
	title: Bell
	enjoy: yes
	---
	X
	dlg sync >out 2>err ||
	{ cat out err; false; } &&
	! grep -q "$esc" out && ! grep -q "$esc" err &&
	test_grep "bell\\\\033\\[31m" out
'

test_expect_success 'dlg new --in a symlinked folder writes nothing outside' '
	mkdir -p "$TRASH/elsewhere" && ln -s "$TRASH/elsewhere" tasks/away &&
	test_expect_code 2 dlg new --in away "Escape" >out 2>err &&
	test_grep "tasks/away is not a folder (a symbolic link?)" err &&
	test -z "$(ls -A "$TRASH/elsewhere")" &&
	test_expect_code 2 dlg new --in away/deeper "Escape" >out 2>err &&
	test ! -e "$TRASH/elsewhere/deeper" &&
	rm tasks/away
'

test_expect_success 'dlg new with a title that is not UTF-8: exit 2, nothing written' '
	ls tasks >before &&
	test_expect_code 2 dlg new "$(printf "caf\351")" >out 2>err &&
	test_grep "is not valid UTF-8" err &&
	ls tasks >after && test_cmp before after
'

test_done
