#!/bin/sh
# What dlg says when a command line is almost right: a global option given
# after the command, a misspelt command after help; and help that points
# at what is shipped.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

test_expect_success 'dlg help giv: did you mean give' '
	test_expect_code 2 dlg help giv >out 2>err &&
	test ! -s out &&
	echo "dlg: '"'"'giv'"'"' is not a dlg command (did you mean '"'"'give'"'"'?)" >expect &&
	test_cmp expect err
'

test_expect_success 'dlg help nothing-like-it: see dlg help' '
	test_expect_code 2 dlg help xyzzyplugh 2>err &&
	test_grep "^dlg: .xyzzyplugh. is not a dlg command; see .dlg help.$" err
'

test_expect_success '--today after the command: a global option, and how to give it' '
	test_expect_code 2 dlg agenda --today 2026-12-06 >out 2>err &&
	test ! -s out &&
	cat >expect <<-\X &&
	dlg: '"'"'--today'"'"' is a global option: give it before the command, as in: dlg --today 2026-12-06 agenda
	usage: dlg agenda [--json]
	X
	test_cmp expect err &&
	test_expect_code 2 dlg list --today=2026-12-06 2>err &&
	test_grep "^dlg: .--today. is a global option: give it before the command, as in: dlg --today 2026-12-06 list$" err &&
	test_expect_code 2 dlg report --today 2>err &&
	test_grep "as in: dlg --today DATE report$" err
'

test_expect_success 'every global option after the command says so' '
	test_expect_code 2 dlg list -C repo 2>err &&
	test_grep "^dlg: .-C. is a global option: give it before the command, as in: dlg -C repo list$" err &&
	test_expect_code 2 dlg people -Crepo 2>err &&
	test_grep "as in: dlg -C repo people$" err &&
	test_expect_code 2 dlg agenda --no-color 2>err &&
	test_grep "^dlg: .--no-color. is a global option: give it before the command, as in: dlg --no-color agenda$" err &&
	test_expect_code 2 dlg sync --version 2>err &&
	test_grep "^dlg: .--version. is a global option: give it before the command, as in: dlg --version$" err &&
	for c in agenda check done give list log new people report sync explain brief init help; do
		test_expect_code 2 dlg $c --today 2026-12-06 2>err &&
		test_grep "is a global option" err || { echo "not for $c"; exit 1; }
	done
'

test_expect_success 'what only looks like one is still unknown' '
	test_expect_code 2 dlg list --todays 2>err &&
	test_grep "^dlg: unknown option .--todays.$" err &&
	test_expect_code 2 dlg list -aC 2>err &&
	test_grep "^dlg: unknown option .-C.$" err &&
	test_expect_code 2 dlg list --no-color=yes 2>err &&
	test_grep "^dlg: unknown option .--no-color=yes.$" err
'

test_expect_success 'before the command they work' '
	dlg --today 2026-12-06 --no-color -C . agenda >out &&
	test_grep "Nothing needs you today" out
'

test_expect_success 'sync --help points at the man page, not at DESIGN.md' '
	dlg sync --help >out &&
	test_grep "man dlg" out &&
	for c in $(dlg help | sed -n "/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p"); do
		dlg help $c >out &&
		! grep -q "DESIGN" out || { echo "dlg help $c cites DESIGN"; exit 1; }
	done
'

test_done
