#!/bin/sh
# Delegate or outsource follows the person: giving a task to a kind: team
# person delegates it, to anyone else outsources it, from any status, and
# the channel follows (the person's own, else cleared). The default rules
# delegate the day's admin to the assistant.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
printf -- "---\nname: Gary\nkind: team\n---\n" >people/gary.md
printf -- "---\nname: Carol\nkind: contractor\nchannel: upwork\n---\n" >people/carol.md
printf -- "---\ntitle: Proofread\nenjoy: no\ncost: 20\nhours: 1\n---\n" >tasks/proof.md
printf -- "---\ntitle: Write\nenjoy: yes\n---\n" >tasks/write.md
printf -- "---\ntitle: Inbox zero\ntags: [email]\n---\n" >tasks/mail.md
git add -A && git commit -q -m Start

field() { sed -n "s/^$2: //p" "$1"; }

test_expect_success 'the default rules delegate the day'"'"'s admin, via the assistant' '
	dlg sync >out 2>err &&
	test_grep "^decided  *mail  *delegate → assistant  *the day.s admin eats up my time; my assistant takes it (day-eaters)" out &&
	test_grep "^needs  *mail  *delegate via assistant, no one named yet" out &&
	test "$(field tasks/proof.md channel)" = fiverr
'

test_expect_success 'an outsourced task given to a team member is delegated, channel cleared' '
	dlg give proof gary >out 2>err &&
	test "$(field tasks/proof.md decision)" = delegate &&
	test "$(field tasks/proof.md rule)" = manual &&
	test -z "$(field tasks/proof.md channel)" &&
	test "$(field tasks/proof.md to)" = gary &&
	test "$(field tasks/proof.md status)" = waiting
'

test_expect_success 'given on to a contractor: outsourced again, through their channel' '
	dlg give proof carol >out 2>err &&
	test "$(field tasks/proof.md decision)" = outsource &&
	test "$(field tasks/proof.md channel)" = upwork &&
	test "$(field tasks/proof.md to)" = carol &&
	test "$(field tasks/proof.md status)" = waiting
'

test_expect_success 'a kept task given to a team member is delegated too' '
	dlg give write gary >out 2>err &&
	test "$(field tasks/write.md decision)" = delegate &&
	test "$(field tasks/write.md rule)" = manual &&
	test "$(field tasks/write.md status)" = waiting
'

test_expect_success 'report counts each under what it is now' '
	dlg done proof >/dev/null 2>&1 &&
	dlg report --json >json &&
	json_check json "my @c = map { \$_->{channel} } @{\$d->{by_channel}}; ok(!grep({ defined \$_ && \$_ eq q(fiverr) } @c), \$d->{by_channel});"
'

test_expect_success 'give --follow-up takes the words people type, capped by the due date' '
	printf -- "---\ntitle: Flyers\nenjoy: no\ndue: 2026-12-01\n---\n" >tasks/flyers.md &&
	printf -- "---\ntitle: Posters\nenjoy: no\n---\n" >tasks/posters.md &&
	dlg give posters carol --follow-up friday >out 2>err &&
	test "$(field tasks/posters.md follow_up)" = 2026-11-27 &&
	dlg give flyers carol --follow-up +2w >out 2>err &&
	test "$(field tasks/flyers.md follow_up)" = 2026-11-30 &&
	test_expect_code 2 dlg give flyers gary --follow-up someday 2>err &&
	test_grep "is not a date" err
'

test_done
