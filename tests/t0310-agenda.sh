#!/bin/sh
# dlg agenda: its sections, their order and contents, the empty agenda,
# JSON, colour and exit statuses.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X
write_file people/bob.md <<'X'
---
name: Bob
kind: team
---
X
write_file tasks/support.md <<'X'
---
title: Answer support email
status: waiting
decision: delegate
to: bob
follow_up: 2026-11-22
---
X
write_file tasks/podcast/transcribe.md <<'X'
---
title: Transcribe the interviews
status: waiting
decision: outsource
channel: upwork
to: carol
follow_up: 2026-11-19
---
X
write_file tasks/mix.md <<'X'
---
title: Mix episode 5
status: waiting
decision: outsource
to: carol
follow_up: 2026-11-25
---
X
write_file tasks/site.md <<'X'
---
title: Code and design the new site
status: open
decision: outsource
channel: upwork
---
X
write_file tasks/errands.md <<'X'
---
title: Run the errands
status: open
decision: delegate
---
X
write_file tasks/post.md <<'X'
---
title: Write the post
status: open
decision: keep
due: 2026-11-25
---
X
write_file tasks/taxes-prep.md <<'X'
---
title: Gather the tax papers
status: open
decision: keep
due: 2026-11-20
---
X
write_file tasks/newsletter.md <<'X'
---
title: Send the newsletter
status: open
decision: keep
due: 2026-11-22
---
X
write_file tasks/week.md <<'X'
---
title: Plan the week after
status: open
decision: keep
due: 2026-11-29
---
X
write_file tasks/far.md <<'X'
---
title: Far away
status: open
decision: keep
due: 2026-11-30
---
X
write_file tasks/undated.md <<'X'
---
title: Kept, no date
status: open
decision: keep
---
X
write_file tasks/gutters.md <<'X'
---
title: Clean the gutters
due: 2026-12-01
---
X
write_file tasks/photos.md <<'X'
---
status: inbox
---
# Sort the photos
X
write_file tasks/manual.md <<'X'
---
title: Decided by hand, not synced yet
status: inbox
decision: keep
---
X
write_file tasks/finished.md <<'X'
---
title: Finished
status: done
decision: keep
due: 2026-11-21
---
X

test_expect_success 'sections in order, each sorted, with how late or how soon' '
	cat >expect <<-\X &&
	Follow up
	  podcast/transcribe  carol  3 days late  Transcribe the interviews
	  support             bob    today        Answer support email

	Needs someone
	  errands              Run the errands
	  site     via upwork  Code and design the new site
	  hand one over with: dlg give ID PERSON

	Due soon
	  taxes-prep  2 days overdue  Gather the tax papers
	  newsletter  today           Send the newsletter
	  post        in 3 days       Write the post
	  week        in 7 days       Plan the week after

	Inbox
	  gutters  Clean the gutters
	  photos   Sort the photos
	X
	dlg agenda >out 2>err &&
	test_cmp expect out &&
	test ! -s err
'

test_expect_success 'another day: follow-ups come due, one day late, tomorrow' '
	dlg --today 2026-11-26 agenda >out &&
	test_grep "^  mix                 carol  1 day late   Mix episode 5$" out &&
	test_grep "^  support             bob    4 days late  Answer support email$" out &&
	test_grep "^  newsletter  4 days overdue  Send the newsletter$" out &&
	test_grep "^  post        1 day overdue   Write the post$" out &&
	test_grep "^  far         in 4 days       Far away$" out &&
	dlg --today 2026-11-28 agenda >out &&
	test_grep "^  week        tomorrow        Plan the week after$" out
'

mkdir ../aside
mv tasks/gutters.md tasks/photos.md tasks/site.md tasks/errands.md ../aside/
test_expect_success 'empty sections are left out' '
	dlg agenda >out &&
	test "$(grep "^[A-Z]" out | tr "\n" ,)" = "Follow up,Due soon,"
'
mv ../aside/* tasks/

test_expect_success 'JSON: the sections as arrays of task objects' '
	dlg agenda --json >out &&
	json_check out <<-\X
	is([keys_at("")], [qw(today follow_up needs_someone due_soon inbox)]);
	is($d->{today}, "2026-11-22");
	sub ids { [map { $_->{id} } @{$d->{$_[0]}}] }
	is(ids("follow_up"), ["podcast/transcribe", "support"]);
	is([map { $_->{days_late} } @{$d->{follow_up}}], [3, 0]);
	is($d->{follow_up}[0]{to}, "carol");
	is($d->{follow_up}[0]{follow_up}, "2026-11-19");
	is(ids("due_soon"), ["taxes-prep", "newsletter", "post", "week"]);
	is([map { $_->{days_left} } @{$d->{due_soon}}], [-2, 0, 3, 7]);
	ok(!exists $d->{due_soon}[0]{days_late}, $d->{due_soon}[0]);
	ok(@{$d->{needs_someone}} && @{$d->{inbox}}, $d);
	ok(!exists $d->{needs_someone}[0]{days_left}, $d->{needs_someone}[0]);
	ok(!exists $d->{inbox}[0]{days_late}, $d->{inbox}[0]);
	for my $k (qw(follow_up needs_someone due_soon inbox)) {
		for my $t (@{$d->{$k}}) {
			is($t->{path}, "tasks/$t->{id}.md");
			ok(exists $t->{fields} && exists $t->{checks_total} && exists $t->{tags}, $t);
		}
	}
	X
'

test_expect_success 'no colour escapes when piped, with NO_COLOR or --no-color' '
	dlg agenda >out &&
	NO_COLOR=1 dlg agenda >>out &&
	dlg --no-color agenda >>out &&
	! grep -q "$(printf "\033")" out
'

if have_tty; then
	test_expect_success 'colour on a terminal: bold headings' '
		TERM=xterm script -qec "dlg agenda" /dev/null >out &&
		test_grep "$(printf "\033")\[1mFollow up" out &&
		test_grep "$(printf "\033")\[1mInbox" out &&
		TERM=xterm script -qec "dlg --no-color agenda" /dev/null >out &&
		! grep -q "$(printf "\033")" out
	'
else
	test_skip 'colour on a terminal: bold headings' 'no pseudo-terminal here'
fi

test_expect_success 'a long title is cut to the terminal width, down to 12 characters' '
	COLUMNS=60 dlg agenda >out &&
	test_grep "^  podcast/transcribe  carol  3 days late  Transcribe the in…$" out &&
	test_grep "^  taxes-prep  2 days overdue  Gather the tax papers$" out &&
	COLUMNS=50 dlg agenda >out &&
	test_grep "^  podcast/transcribe  carol  3 days late  Transcribe …$" out &&
	test_grep "^  taxes-prep  2 days overdue  Gather the tax pape…$" out
'

write_file tasks/broken.md <<'X'
---
title: [unclosed
---
X
test_expect_success 'an invalid file: on stderr, exit 1, the agenda still shown' '
	test_expect_code 1 dlg agenda >out 2>err &&
	test_grep "^tasks/broken.md:3:1: " err &&
	test_grep "^Follow up$" out &&
	test_expect_code 1 dlg agenda --json >out 2>err &&
	test_grep "^tasks/broken.md:3:1: " err &&
	json_check out </dev/null
'
rm tasks/broken.md

test_expect_success 'bad usage exits 2; --help' '
	test_expect_code 2 dlg agenda today 2>err &&
	test_grep "usage: dlg agenda" err &&
	test_expect_code 2 dlg agenda --jsn 2>err &&
	test_grep "unknown option" err &&
	dlg agenda --help >out &&
	test_grep "^usage: dlg agenda \[--json\]" out
'

cd ..
new_repo calm
cd calm
printf -- "---\nname: Bob\nkind: team\n---\n" >people/bob.md
write_file tasks/finished.md <<'X'
---
title: Finished
status: done
decision: keep
due: 2026-11-21
---
X
write_file tasks/later.md <<'X'
---
title: Later
status: waiting
decision: delegate
to: bob
follow_up: 2026-11-23
---
X

test_expect_success 'nothing to do: one line; JSON with empty sections' '
	echo "Nothing needs you today." >expect &&
	dlg agenda >out &&
	test_cmp expect out &&
	dlg agenda --json >out &&
	json_check out <<-\X
	is($d, {today => "2026-11-22", follow_up => [], needs_someone => [], due_soon => [],
	    inbox => []});
	X
'

test_done
