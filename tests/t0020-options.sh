#!/bin/sh
# Options, the same for every command: bundled short options, --opt=value,
# "--", the last value given winning; bad usage exits 2 with the usage line;
# -h, --help and dlg help CMD print the same help.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file tasks/open-one.md <<'X'
---
title: Open one
status: open
decision: keep
due: 2026-11-25
---
X
write_file tasks/done-one.md <<'X'
---
title: Done one
status: done
decision: keep
---
X

# ids: the ID column of dlg list, one a line
ids() {
	sed 1d | sed 's/ .*//'
}

test_expect_success 'bundled short options, and a value in the same word' '
	dlg list -a -s done | ids >expect &&
	test "$(cat expect)" = done-one &&
	dlg list -as done | ids >actual &&
	test_cmp expect actual &&
	dlg list -asdone | ids >actual &&
	test_cmp expect actual
'

test_expect_success '--opt=value and --opt value are the same' '
	dlg list --status=done | ids >actual &&
	test_cmp expect actual &&
	dlg list --status done | ids >actual &&
	test_cmp expect actual &&
	dlg list --due-before=2026-11-26 | ids >actual &&
	test "$(cat actual)" = open-one
'

test_expect_success 'the last value given counts, and only it is checked' '
	dlg list --status open --status=done | ids >actual &&
	test_cmp expect actual &&
	dlg report --since nonsense --since 2026-01-01 --json >out &&
	json_check out <<-\EOF
	is($d->{since}, "2026-01-01");
	EOF
'

test_expect_success 'a value may start with a dash; --help anywhere wins' '
	test_expect_code 2 dlg list --status --all 2>err &&
	test_grep "^dlg: --status: .--all. is not inbox" err &&
	dlg list --due-before nonsense --help >out &&
	test_grep "^usage: dlg list" out &&
	dlg list -s --help >out 2>err
	test $? = 2 && test_grep "^dlg: --status: .--help. is not inbox" err
'

test_expect_success '"-" is an argument, not an option' '
	test_expect_code 1 dlg check - >out 2>err &&
	test_grep "^-: cannot read" err
'

test_expect_success '"--" ends the options: a title may start with a dash' '
	dlg new -- "-v is not an option" >out &&
	test "$(cat out)" = tasks/v-is-not-an-option.md &&
	test_grep "^title: \"-v is not an option\"$" tasks/v-is-not-an-option.md &&
	dlg new -- --help >out &&
	test "$(cat out)" = tasks/help.md
'

test_expect_success 'an unknown option: exit 2, the option and the usage line' '
	for c in agenda brief check done explain give help init list log new people report sync; do
		test_expect_code 2 dlg $c --frobnicate >out 2>err || exit 1
		test ! -s out &&
		test_grep "^dlg: unknown option .--frobnicate.$" err &&
		test_grep "^usage: dlg $c" err || exit 1
	done &&
	test_expect_code 2 dlg list -ax 2>err &&
	test_grep "^dlg: unknown option .-x.$" err
'

test_expect_success 'a missing value, or a value for a flag: exit 2 with the usage line' '
	test_expect_code 2 dlg list --status 2>err &&
	test_grep "^dlg: option .--status. needs a value$" err &&
	test_grep "^usage: dlg list" err &&
	test_expect_code 2 dlg list -as 2>err &&
	test_grep "^dlg: option .-as. needs a value$" err &&
	test_expect_code 2 dlg list --json=yes 2>err &&
	test_grep "^dlg: option .--json=yes. takes no value$" err &&
	test_grep "^usage: dlg list" err
'

test_expect_success 'arguments a command does not take: exit 2 with the usage line' '
	test_expect_code 2 dlg sync now 2>err &&
	test_grep "^dlg: sync takes no arguments (.now.)$" err &&
	test_grep "^usage: dlg sync" err &&
	test_expect_code 2 dlg explain a b 2>err &&
	test_grep "^usage: dlg explain ID$" err &&
	git status --porcelain >status &&
	test_grep "tasks/" status
'

test_expect_success '-h, --help and dlg help CMD print the same, on stdout, exit 0' '
	for c in agenda brief check done explain give help init list log new people report sync; do
		dlg help $c >expect 2>err &&
		test ! -s err &&
		test_grep "^usage: dlg $c" expect &&
		test_grep "^  -h, --help  *show this help$" expect &&
		dlg $c --help >actual &&
		test_cmp expect actual &&
		dlg $c -h >actual &&
		test_cmp expect actual &&
		dlg $c --frobnicate --help >/dev/null 2>&1
		test $? = 2 || exit 1
	done
'

test_expect_success 'dlg CMD --help needs no task repository' '
	mkdir "$TRASH/nowhere" &&
	(cd "$TRASH/nowhere" && dlg sync --help >out && test_grep "^usage: dlg sync" out) &&
	(cd "$TRASH/nowhere" && test_expect_code 2 dlg sync 2>err &&
	 test_grep "not a dlg task repository" err)
'

test_expect_success 'dlg help with a wrong command or too many: exit 2' '
	test_expect_code 2 dlg help lsit 2>err &&
	test_grep "is not a dlg command" err &&
	test_expect_code 2 dlg help list sync 2>err &&
	test_grep "^usage: dlg help" err
'

test_done
