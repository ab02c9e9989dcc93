#!/bin/sh
# Outside a task repository (no dlg.ini up to the first .git), every command
# but help and init says so, exits 2 and changes nothing: not in a code
# repository, not in a plain folder.
. "$(dirname "$0")/lib.sh"

echo "dlg: not a dlg task repository (no dlg.ini): run dlg init" >expect.err

# The commands `dlg help` lists that need a task repository.
dlg help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' |
	grep -v -x -e help -e init >commands

# args CMD: plausible arguments for it
args() {
	case $1 in
	new) echo '"Clean the gutters" enjoy=no hours=3' ;;
	explain | done | brief | log) echo clean-the-gutters ;;
	give) echo 'clean-the-gutters luis' ;;
	*) echo '' ;;
	esac
}

# snapshot DIR: every file under DIR with its content's hash, and git's view
snapshot() {
	(cd "$1" && find . -path ./.git/index -prune -o -print | LC_ALL=C sort | while read -r f; do
		if [ -f "$f" ]; then echo "$f $(cksum <"$f")"; else echo "$f"; fi
	done
	if [ -d .git ]; then git rev-parse HEAD; git status --porcelain; git ls-files -s; fi)
}

# refuses_all DIR: run every command in DIR; each fails with the message
refuses_all() {
	for c in $(cat "$TRASH/commands"); do
		eval "set -- $(args $c)"
		(cd "$DIR" && test_expect_code 2 dlg $c "$@" \
			>"$TRASH/out" 2>"$TRASH/err") || { echo "dlg $c: wrong exit status"; return 1; }
		test ! -s "$TRASH/out" || { echo "dlg $c printed:"; cat "$TRASH/out"; return 1; }
		test_cmp "$TRASH/expect.err" "$TRASH/err" || { echo "dlg $c: wrong message"; return 1; }
	done
}

test_expect_success 'every command but help and init is here' '
	test $(wc -l <commands) -ge 12 &&
	grep -q -x new commands && grep -q -x sync commands && grep -q -x list commands
'

test_expect_success 'in a code repository: every command refuses, nothing changes' '
	git init -q code &&
	echo "int main(void) { return 0; }" >code/main.c &&
	mkdir code/src && echo "x" >code/src/lib.c &&
	git -C code add main.c && git -C code commit -q -m "the code" &&
	echo staged >code/staged.txt && git -C code add staged.txt &&
	echo untracked >code/notes.txt &&
	snapshot code >before &&
	DIR=$TRASH/code refuses_all &&
	DIR=$TRASH/code/src refuses_all &&
	snapshot code >after &&
	test_cmp before after &&
	test ! -e code/tasks && test ! -e code/.git/dlg.lock && test ! -e code/.git/dlg
'

test_expect_success 'with -C pointing into a code repository: the same' '
	snapshot code >before &&
	test_expect_code 2 dlg -C code new "Clean the gutters" 2>err &&
	test_cmp expect.err err &&
	test_expect_code 2 dlg -C code/src sync 2>err &&
	test_cmp expect.err err &&
	snapshot code >after &&
	test_cmp before after
'

test_expect_success 'in a plain folder: every command refuses, nothing is made' '
	mkdir plain && echo "my notes" >plain/notes.txt &&
	snapshot plain >before &&
	DIR=$TRASH/plain refuses_all &&
	snapshot plain >after &&
	test_cmp before after
'

test_expect_success 'a dlg.ini above the code repository does not count' '
	mkdir outer && cp "$DLG_BUILD_DIR/examples/dlg.ini" outer/dlg.ini &&
	git init -q outer/code &&
	(cd outer/code && test_expect_code 2 dlg list 2>"$TRASH/err") &&
	test_cmp expect.err err
'

test_expect_success 'help, --version and init need no task repository' '
	(cd code && dlg help >"$TRASH/out") &&
	test_grep "^commands:" out &&
	(cd code && dlg --version >"$TRASH/out") &&
	test_grep "^dlg [0-9]" out &&
	(cd code && dlg help sync >"$TRASH/out" && dlg list --help >>"$TRASH/out") &&
	test_grep "^usage: dlg sync" out &&
	test_grep "^usage: dlg list" out &&
	(cd plain && dlg init >"$TRASH/out") &&
	test -f plain/dlg.ini
'

test_expect_success 'inside a task repository, from a subfolder, commands work' '
	mkdir -p plain/tasks/home &&
	(cd plain/tasks/home && dlg new "Clean the gutters" enjoy=no >"$TRASH/out") &&
	test_grep "^tasks/clean-the-gutters.md$" out &&
	(cd plain/people && dlg list >"$TRASH/out") &&
	test_grep "clean-the-gutters" out
'

test_done
