#!/bin/sh
# dlg sync routes delegated and outsourced work: the rule's own to/channel,
# else the first matching [channel] (which may name who takes it); with
# someone → waiting with a follow-up (the person's days, else [me]'s, else 7);
# without → open, "needs someone". What you wrote yourself is never overridden.
. "$(dirname "$0")/lib.sh"

after_sync() {
	git fsck --no-progress --no-dangling >"$TRASH/fsck" 2>&1 &&
	test ! -s "$TRASH/fsck" || { echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
	git status --porcelain -- dlg.ini tasks people >"$TRASH/status" &&
	test ! -s "$TRASH/status" || { echo "managed paths not clean:"; cat "$TRASH/status"; return 1; }
}

# field FILE KEY: the value of a top-level key
field() {
	sed -n "s/^$2: //p" "$1"
}

git init -q repo
cd repo
write_file dlg.ini <<'X'
[me]
hourly_rate = 60
follow_up_days = 4

[rule support-is-bob]
if = purpose == "support"
then = delegate
to = bob
because = customer service is Bob's whole purpose

[rule admin]
if = "admin" in tags
then = delegate
because = admin is not my job

[rule pro]
if = "pro" in tags
then = outsource
channel = accountant
because = a professional does it better

[rule ship]
if = "ship" in tags
then = outsource
because = shipping is a service

[rule manual-work]
if = "garden" in tags
then = outsource
because = someone with tools

[channel assistant]
for = delegate
if = "admin" in tags
to = gary
about = my assistant

[channel accountant]
for = outsource
if = "pro" in tags
to = dana
about = my accountant

[channel couriers]
for = outsource
if = "ship" in tags
to = uber
about = a courier service

[channel taskrabbit]
for = outsource
about = in-person help

[channel neighbours]
for = outsource
if = "never" in tags
about = the people next door, only when I say so
X
printf -- '---\nname: Bob\nkind: team\nfollow_up_days: 2\n---\n' | write_file people/bob.md
printf -- '---\nname: Gary\nkind: team\n---\n' | write_file people/gary.md
printf -- '---\nname: Dana\nkind: professional\nfollow_up_days: 10\n---\n' | write_file people/dana.md
printf -- '---\nname: Uber\nkind: service\n---\n' | write_file people/uber.md
printf -- '---\ntitle: Answer tickets\npurpose: support\n---\n' | write_file tasks/tickets.md
printf -- '---\ntitle: Book travel\ntags: [admin]\n---\n' | write_file tasks/travel.md
printf -- '---\ntitle: File taxes\ntags: [pro]\n---\n' | write_file tasks/taxes.md
printf -- '---\ntitle: Send the parcel\ntags: [ship]\n---\n' | write_file tasks/parcel.md
printf -- '---\ntitle: Dig the bed\ntags: [garden]\n---\n' | write_file tasks/dig.md
printf -- '---\ntitle: More tickets\npurpose: support\nto: gary\n---\n' | write_file tasks/tickets-2.md
printf -- '---\ntitle: Weed the bed\ntags: [garden]\nchannel: neighbours\ndecided: 2026-01-01\n---\n' | write_file tasks/weed.md

test_expect_success 'sync routes every task' '
	dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	after_sync
'

test_expect_success 'a rule s own to: handed to that person, their follow-up days' '
	test "$(field tasks/tickets.md decision)" = delegate &&
	test "$(field tasks/tickets.md to)" = bob &&
	test "$(field tasks/tickets.md status)" = waiting &&
	test "$(field tasks/tickets.md given)" = 2026-11-22 &&
	test "$(field tasks/tickets.md follow_up)" = 2026-11-24 &&
	test -z "$(field tasks/tickets.md channel)" &&
	test_grep "^decided  *tickets  *delegate → bob  *customer service is Bob.s whole purpose (support-is-bob)$" "$TRASH/out" &&
	test_grep "^handed  *tickets  *to bob, follow up 2026-11-24$" "$TRASH/out"
'

test_expect_success 'a rule s own channel, and the channel names who takes it' '
	test "$(field tasks/taxes.md channel)" = accountant &&
	test "$(field tasks/taxes.md to)" = dana &&
	test "$(field tasks/taxes.md status)" = waiting &&
	test "$(field tasks/taxes.md follow_up)" = 2026-12-02
'

test_expect_success 'no route in the rule: the first channel for the decision whose if holds' '
	test "$(field tasks/travel.md channel)" = assistant &&
	test "$(field tasks/travel.md to)" = gary &&
	test "$(field tasks/travel.md follow_up)" = 2026-11-26 &&
	test "$(field tasks/parcel.md channel)" = couriers &&
	test "$(field tasks/parcel.md to)" = uber &&
	test "$(field tasks/parcel.md status)" = waiting
'

test_expect_success 'a channel with no one: open, and sync says it needs someone' '
	test "$(field tasks/dig.md channel)" = taskrabbit &&
	test -z "$(field tasks/dig.md to)" &&
	test "$(field tasks/dig.md status)" = open &&
	test -z "$(field tasks/dig.md given)" &&
	test -z "$(field tasks/dig.md follow_up)" &&
	test_grep "^needs  *dig  *outsource via taskrabbit" "$TRASH/out" &&
	test_grep "dlg give ID PERSON" "$TRASH/out"
'

test_expect_success 'what you wrote yourself wins: your to, your channel, your date' '
	test "$(field tasks/tickets-2.md to)" = gary &&
	test "$(grep -c "^to:" tasks/tickets-2.md)" = 1 &&
	test "$(field tasks/tickets-2.md follow_up)" = 2026-11-26 &&
	test "$(field tasks/weed.md channel)" = neighbours &&
	test "$(grep -c "^channel:" tasks/weed.md)" = 1 &&
	test "$(field tasks/weed.md decided)" = 2026-01-01 &&
	test "$(grep -c "^decided:" tasks/weed.md)" = 1 &&
	test "$(field tasks/weed.md decision)" = outsource
'

test_expect_success 'the commit message says where each went' '
	git log -1 --format=%B >"$TRASH/msg" &&
	test_grep "^Decide 7 tasks, hand off 5$" "$TRASH/msg" &&
	test_grep "^taxes: inbox → outsource via accountant to dana, follow up 2026-12-02 (pro: a professional does it better)$" "$TRASH/msg" &&
	test_grep "^tickets: inbox → delegate to bob, follow up 2026-11-24 (support-is-bob: customer service is Bob.s whole purpose)$" "$TRASH/msg" &&
	test_grep "^dig: inbox → outsource via taskrabbit (manual-work: someone with tools)$" "$TRASH/msg"
'

test_expect_success 'a channel naming no [channel]: invalid, left as it is, as check says' '
	printf -- "---\ntitle: Hedge\ndecision: outsource\nchannel: nieghbours\n---\n" >tasks/hedge.md &&
	cp tasks/hedge.md "$TRASH/hedge.before" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^invalid  *tasks/hedge.md:4:10: channel .nieghbours. is not a \[channel\] of dlg.ini (did you mean .neighbours.?)" "$TRASH/err" &&
	test_cmp "$TRASH/hedge.before" tasks/hedge.md &&
	test_expect_code 1 dlg check tasks/hedge.md 2>"$TRASH/err2" &&
	test_grep "^tasks/hedge.md:4:10: channel .nieghbours. is not a \[channel\] of dlg.ini" "$TRASH/err2" &&
	rm tasks/hedge.md
'

test_expect_success 'a decision written by hand: rule manual, then the lifecycle' '
	printf -- "---\ntitle: Old books\ndecision: drop\n---\n" >tasks/books.md &&
	printf -- "---\ntitle: Write\ndecision: keep\n---\n" >tasks/write.md &&
	printf -- "---\ntitle: Print\ndecision: outsource\nto: uber\n---\n" >tasks/print.md &&
	dlg sync >"$TRASH/out" &&
	test "$(field tasks/books.md status)" = dropped &&
	test "$(field tasks/books.md rule)" = manual &&
	test "$(field tasks/books.md decided)" = 2026-11-22 &&
	test "$(field tasks/write.md status)" = open &&
	test "$(field tasks/write.md rule)" = manual &&
	test "$(field tasks/print.md status)" = waiting &&
	test "$(field tasks/print.md follow_up)" = 2026-11-26 &&
	test_grep "^decided  *books  *drop  *(manual)$" "$TRASH/out" &&
	after_sync
'

test_expect_success 'to added later on an open outsourced task: waiting, handed' '
	sed "s/^channel: taskrabbit$/&\nto: uber/" tasks/dig.md >"$TRASH/tmp" &&
	cat "$TRASH/tmp" >tasks/dig.md &&
	DLG_TODAY=2026-11-23 dlg sync >"$TRASH/out" &&
	test_grep "^handed  *dig  *to uber, follow up 2026-11-27$" "$TRASH/out" &&
	test "$(field tasks/dig.md status)" = waiting &&
	test "$(field tasks/dig.md given)" = 2026-11-23 &&
	! grep -q "^needs  *dig" "$TRASH/out" &&
	after_sync
'

test_expect_success 'with no follow_up_days anywhere: 7 days' '
	git init -q "$TRASH/seven" && cd "$TRASH/seven" &&
	printf "[me]\nhourly_rate = 60\n\n[rule all]\nif = yes\nthen = delegate\nto = bob\n" >dlg.ini &&
	printf -- "---\nname: Bob\nkind: team\n---\n" | write_file people/bob.md &&
	printf -- "---\ntitle: Anything\n---\n" | write_file tasks/anything.md &&
	dlg sync >"$TRASH/out" &&
	test "$(field tasks/anything.md follow_up)" = 2026-11-29 &&
	after_sync
'

test_expect_success 'a rule naming someone with no file in people/: refused before anything' '
	cd "$TRASH/seven" &&
	sed -i "s/^to = bob$/to = bobby/" dlg.ini &&
	printf -- "---\ntitle: Another\n---\n" >tasks/another.md &&
	head=$(git rev-parse HEAD) &&
	test_expect_code 2 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	test_grep "^dlg.ini:[0-9]*:.*bobby" "$TRASH/err" &&
	test_grep "did you mean .bob." "$TRASH/err" &&
	test "$(git rev-parse HEAD)" = "$head" &&
	test "$(cat tasks/another.md)" = "$(printf -- "---\ntitle: Another\n---")"
'

test_done
