#!/bin/sh
# Documentation and installation: dlg(1) renders cleanly and documents every
# command and option `dlg help` knows; make install puts dlg, the man page
# and the bash, zsh and fish completions in place; each completion, loaded
# in its own shell, completes commands, options, task ids, people and
# channels, in step with the code (zsh's and fish's are generated from
# dlg's own tables by scripts/completion.pl).
. "$(dirname "$0")/lib.sh"

MAN=$DLG_BUILD_DIR/cmd/dlg.1
COMP=$DLG_BUILD_DIR/cmd/dlg.bash


# The commands `dlg help` lists.
dlg help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >commands

# The long options `dlg help CMD` lists, one a line, without --help.
long_options() {
	dlg help "$1" | sed -n '/^options:/,$p' | grep -o -e '--[a-z][a-z-]*' | grep -v -x -e '--help'
	true
}

# The short options `dlg help CMD` lists ("-q"), without -h.
short_options() {
	dlg help "$1" | sed -n '/^options:/,$p' | sed -n 's/^  \(-[a-zA-Z]\),.*/\1/p' | grep -v -x -e '-h'
	true
}

# The man page as plain text: escapes and fonts undone, one line per line.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(->/->/g' -e 's/\\&//g' "$MAN" >man.txt

# The man page's section for command $1: from ".SS dlg CMD" to the next
# .SS or .SH.
man_section() {
	awk -v cmd="$1" '
		/^\.S[SH] / { inside = ($1 == ".SS" && $2 == "dlg" && $3 == cmd) ; next }
		inside { print }
	' man.txt
}

if command -v mandoc >/dev/null 2>&1; then
	test_expect_success 'mandoc -Tlint: no warnings or errors' '
		mandoc -Tlint -W warning "$MAN" >lint 2>&1
		status=$?
		cat lint
		test $status -eq 0 && test ! -s lint
	'
else
	test_skip 'mandoc -Tlint: no warnings or errors' 'mandoc is not installed'
fi

if command -v groff >/dev/null 2>&1; then
	test_expect_success 'groff -ww -man: silent' '
		groff -ww -z -man "$MAN" >groff.out 2>&1 &&
		cat groff.out &&
		test ! -s groff.out
	'
else
	test_skip 'groff -ww -man: silent' 'groff is not installed'
fi

test_expect_success 'the man page has the sections a user looks for' '
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS FIELDS "THE LIFECYCLE" DLG.INI \
		"RULE EXPRESSIONS" "JSON OUTPUT" ENVIRONMENT FILES "EXIT STATUS" \
		"DEPARTURES FROM YAML AND COMMONMARK" EXAMPLES "SEE ALSO"; do
		grep -q -x -e ".SH $s" man.txt || { echo "no section $s"; exit 1; }
	done
'

test_expect_success 'dlg help lists commands, each with a section in the man page' '
	test $(wc -l <commands) -ge 14 &&
	for c in $(cat commands); do
		grep -q -e "^\.SS dlg $c\( \|$\)" man.txt || { echo "no .SS dlg $c"; exit 1; }
		grep -q -e "^dlg $c\( \|$\)" man.txt || { echo "dlg $c not in SYNOPSIS"; exit 1; }
	done
'

test_expect_success 'every option of every command is in its man page section' '
	for c in $(cat commands); do
		man_section $c >section &&
		test -s section || { echo "empty section for $c"; exit 1; }
		for o in $(long_options $c) $(short_options $c); do
			grep -q -e "\(^\|[^a-z-]\)$o\([^a-z-]\|$\)" section ||
				{ echo "dlg $c $o is not in its man page section"; exit 1; }
		done
	done
'

# man_has_bold NAME: NAME is set in bold (an option, a field) somewhere
man_has_bold() {
	grep -q -e "^\.\(B\|BR\|BI\|RB\|IB\) \(.* \)\?$1\( \|$\)" man.txt
}

test_expect_success 'the global options are in the man page' '
	for o in $(dlg --help | sed -n "/^global options:/,\$p" | grep -o -e "--[a-z][a-z-]*" -e "-C") \
		--version --help; do
		man_has_bold "$o" || { echo "no $o"; exit 1; }
	done
'

test_expect_success 'every JSON field name of the code is in the man page' '
	for f in $(sed -n "s/.*json_object_set_new([a-z]*, \"\([a-z_]*\)\".*/\1/p" \
			"$DLG_BUILD_DIR"/cmd/*.c "$DLG_BUILD_DIR"/formats/json.c | sort -u) \
		decision rule because given follow_up due completed rating hours cost \
		follow_up needs_someone due_soon inbox days_late days_left; do
		man_has_bold "$f" || { echo "JSON field $f is not in the man page"; exit 1; }
	done
'

if [ -f "$DLG_BUILD_DIR/Makefile" ] && command -v make >/dev/null 2>&1; then
	test_expect_success 'make install PREFIX=DIR installs dlg, dlg.1 and the completion' '
		# -o dlg: install the dlg that is built, never rebuild it under other tests
		env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
			make -C "$DLG_BUILD_DIR" -o dlg install PREFIX="$TRASH/inst" DESTDIR= \
			>make.out 2>&1 || { cat make.out; exit 1; }
		test -x "$TRASH/inst/bin/dlg" &&
		cmp "$MAN" "$TRASH/inst/share/man/man1/dlg.1" &&
		cmp "$COMP" "$TRASH/inst/share/bash-completion/completions/dlg" &&
		cmp "$DLG_BUILD_DIR/build/gen/_dlg" "$TRASH/inst/share/zsh/site-functions/_dlg" &&
		cmp "$DLG_BUILD_DIR/build/gen/dlg.fish" \
			"$TRASH/inst/share/fish/vendor_completions.d/dlg.fish" &&
		grep -q "^#compdef dlg$" "$TRASH/inst/share/zsh/site-functions/_dlg" &&
		"$TRASH/inst/bin/dlg" --version >version &&
		grep -q "^dlg [0-9]" version
	'
else
	test_skip 'make install PREFIX=DIR installs dlg, dlg.1 and the completion' 'no Makefile or make'
fi

# A repository to complete in.
new_repo repo
write_file repo/tasks/home/clean-gutters.md <<'X'
---
title: Clean the gutters
---
X
write_file repo/tasks/write-post.md <<'X'
---
enjoy: yes
---
X
write_file repo/tasks/.draft.md </dev/null
write_file repo/tasks/.hidden/secret.md </dev/null
write_file repo/tasks/notes.txt </dev/null
write_file repo/people/carol.md <<'X'
---
name: Carol Diaz
---
X
write_file repo/people/bob.md </dev/null

# completions WORD...: what _dlg offers for the command line WORD... (the last
# word is the one under the cursor), sorted, one a line.
completions() {
	bash -c '
		. "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_dlg || exit 1
		if [ ${#COMPREPLY[@]} -gt 0 ]; then printf "%s\n" "${COMPREPLY[@]}"; fi
	' completions "$COMP" "$@" | LC_ALL=C sort
}

# expect_completion 'expected words' WORD...
expect_completion() {
	want=$1
	shift
	if [ -n "$want" ]; then printf '%s\n' $want; fi | LC_ALL=C sort >expect &&
	completions "$@" >actual &&
	test_cmp expect actual
}

if command -v bash >/dev/null 2>&1; then
	test_expect_success 'completion: commands' '
		expect_completion explain dlg ex &&
		completions dlg "" >actual &&
		test_cmp commands actual &&
		expect_completion "done" dlg --no-color do
	'

	test_expect_success 'completion: each command'"'"'s options, as dlg help has them' '
		expect_completion "--dry-run" dlg sync --d &&
		completions dlg sync -- >actual &&
		grep -q -x -e --dry-run actual &&
		for c in $(cat commands); do
			{ long_options $c; short_options $c; } >want &&
			{ completions dlg $c - | grep -v -x -e --help -e -h; true; } >got &&
			LC_ALL=C sort want >expect &&
			test_cmp expect got || { echo "options of $c differ"; exit 1; }
		done
	'

	test_expect_success 'completion: task ids, found from a subfolder or with -C' '
		(cd repo/tasks/home && expect_completion "home/clean-gutters write-post" dlg explain "") &&
		(cd repo && expect_completion "write-post" dlg done w) &&
		(cd repo && expect_completion "home/clean-gutters" dlg brief home/) &&
		(cd repo && expect_completion "home/clean-gutters write-post" dlg log "") &&
		expect_completion "home/clean-gutters write-post" dlg -C repo give "" &&
		expect_completion "home/clean-gutters write-post" dlg -Crepo explain "" &&
		expect_completion "" dlg explain ""
	'

	test_expect_success 'completion: people, statuses, decisions, channels' '
		cd repo &&
		expect_completion "bob carol" dlg give write-post "" &&
		expect_completion "carol" dlg list --to c &&
		expect_completion "inbox open waiting done dropped" dlg list --status "" &&
		expect_completion "waiting" dlg list -s w &&
		expect_completion "waiting" dlg list --status = w &&
		expect_completion "open,waiting" dlg list --status open,w &&
		expect_completion "outsource" dlg list --decision out &&
		expect_completion "professional scheduling assistant uber taskrabbit fiverr upwork" dlg list --channel "" &&
		expect_completion "" dlg give write-post carol ""
	'
else
	test_skip 'completion' 'bash is not installed'
fi

# zsh and fish: their completions generated from the dlg under test, as
# make does, then asked in the shell itself what they offer.
mkdir -p zsh
perl "$DLG_BUILD_DIR/scripts/completion.pl" zsh dlg >zsh/_dlg &&
	perl "$DLG_BUILD_DIR/scripts/completion.pl" fish dlg >dlg.fish ||
	echo "Bail out! scripts/completion.pl failed"

# shell_completions SHELL LINE: what SHELL offers for LINE, sorted, unique
shell_completions() {
	case $1 in
	zsh) zsh -f "$TESTS_DIR/lib/zsh-complete.zsh" "$TRASH/zsh" "$2" | sed 1d ;;
	fish) fish --no-config -c "source $TRASH/dlg.fish; complete -C '$2'" | cut -f1 ;;
	esac | LC_ALL=C sort -u
}

# options_offered SHELL: for each command C, the file C.got: what SHELL
# offers for "dlg C -" (zsh answers for all of them in one session)
options_offered() {
	for c in $(cat commands); do echo "dlg $c -"; done >lines
	if [ $1 = zsh ]; then
		zsh -f "$TESTS_DIR/lib/zsh-complete.zsh" "$TRASH/zsh" <lines >all
	else
		while read -r l; do
			echo "== $l"
			fish --no-config -c "source $TRASH/dlg.fish; complete -C '$l'" | cut -f1
		done <lines >all
	fi &&
	for c in $(cat commands); do : >$c.got; done &&
	awk '/^== / { f = $3 ".got"; next } { print > f }' all
}

# expect_shell SHELL 'expected words' LINE
expect_shell() {
	if [ -n "$2" ]; then printf '%s\n' $2; fi | LC_ALL=C sort -u >expect &&
	shell_completions "$1" "$3" >actual &&
	test_cmp expect actual
}

for sh in zsh fish; do
	if ! command -v $sh >/dev/null 2>&1; then
		test_skip "$sh completion" "$sh is not installed"
		continue
	fi
	# zsh completes inside a pseudo-terminal of its own (zpty), which a
	# chroot without /dev/pts can't give
	if [ $sh = zsh ] && ! zsh -fc 'zmodload zsh/zpty && zpty t true' >/dev/null 2>&1; then
		test_skip "zsh completion" "zsh can't open a pseudo-terminal here (no /dev/pts)"
		continue
	fi
	test_expect_success "$sh completion: the commands, as dlg help lists them" '
		expect_shell '$sh' explain "dlg ex" &&
		shell_completions '$sh' "dlg " >actual &&
		LC_ALL=C sort -u commands >expect &&
		test_cmp expect actual &&
		expect_shell '$sh' "done" "dlg --no-color do"
	'

	test_expect_success "$sh completion: each command's options, as dlg help has them" '
		expect_shell '$sh' "--dry-run" "dlg sync --d" &&
		options_offered '$sh' &&
		for c in $(cat commands); do
			{ long_options $c; short_options $c; echo --help; echo -h; } |
				LC_ALL=C sort -u >want &&
			LC_ALL=C sort -u $c.got >got &&
			test_cmp want got || { echo "options of $c differ in '$sh'"; exit 1; }
		done
	'

	test_expect_success "$sh completion: task ids, people, statuses, channels" '
		(cd repo/tasks/home && expect_shell '$sh' "home/clean-gutters write-post" "dlg explain ") &&
		(cd repo && expect_shell '$sh' "write-post" "dlg done w") &&
		(cd repo && expect_shell '$sh' "home/clean-gutters" "dlg snooze home/") &&
		expect_shell '$sh' "home/clean-gutters write-post" "dlg -C repo give " &&
		(cd repo && expect_shell '$sh' "bob carol" "dlg give write-post ") &&
		(cd repo && expect_shell '$sh' "bob carol home/clean-gutters write-post" "dlg edit ") &&
		(cd repo && expect_shell '$sh' "carol" "dlg list --to c") &&
		expect_shell '$sh' "waiting" "dlg list --status w" &&
		expect_shell '$sh' "outsource" "dlg list -d out" &&
		(cd repo && expect_shell '$sh' "professional scheduling assistant uber taskrabbit fiverr upwork" \
			"dlg list --channel ") &&
		expect_shell '$sh' "" "dlg explain "
	'
done

test_done
