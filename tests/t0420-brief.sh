#!/bin/sh
# dlg brief: the Brief section under the title and due date, as Markdown or
# as a standalone HTML page.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file tasks/home/clean-gutters.md <<'X'
---
title: Clean the gutters
due: 2026-12-01
to: carol
---
Leaves block the downspout every autumn. (Not for the contractor.)

## Brief
The ladder is in the garage; the side gate code is 1234.

- [ ] Clear front and back gutters
- [x] Buy gloves
- [ ] Flush the *downspouts*

## Notes
Carol charged 120 last year.
X
write_file tasks/transcribe.md <<'X'
---
hours: 4
---
# Transcribe <episode 5> & notes

## brief
Plain text, speaker names in **bold**.
<script>alert(1)</script>
X
write_file tasks/no-brief.md <<'X'
---
title: Nothing to send
---
Just notes.
## Briefing
Not a brief.
X

test_expect_success 'brief as Markdown: title, due date, the section as written' '
	dlg brief clean-gutters >out 2>err &&
	cat >expect <<-\X &&
	# Clean the gutters

	Due: 2026-12-01

	The ladder is in the garage; the side gate code is 1234.

	- [ ] Clear front and back gutters
	- [x] Buy gloves
	- [ ] Flush the *downspouts*
	X
	test_cmp expect out &&
	test ! -s err
'

test_expect_success 'by whole id and by path; title from the heading; no due line' '
	dlg brief home/clean-gutters >out2 &&
	test_cmp out out2 &&
	dlg brief tasks/home/clean-gutters.md >out2 &&
	test_cmp out out2 &&
	(cd tasks/home && dlg brief ./clean-gutters.md >../../out2) &&
	test_cmp out out2 &&
	dlg brief transcribe >out &&
	cat >expect <<-\X &&
	# Transcribe <episode 5> & notes

	Plain text, speaker names in **bold**.
	<script>alert(1)</script>
	X
	test_cmp expect out
'

test_expect_success 'brief --html: a well-formed standalone page' '
	dlg brief clean-gutters --html >page.html &&
	html_check page.html html head body style ul li em \
		"title=Clean the gutters" "h1=Clean the gutters" "p=Due: 2026-12-01" \
		"li=Clear front and back gutters" "li=Buy gloves" input &&
	test_grep "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Buy gloves</li>" page.html &&
	test_grep "<li><input type=\"checkbox\" disabled=\"\" /> Clear front" page.html &&
	test_grep "<meta charset=\"utf-8\">" page.html &&
	! grep -q "Carol charged" page.html &&
	! grep -q "Not for the contractor" page.html
'

test_expect_success 'brief --html escapes the title and leaves raw HTML out' '
	dlg brief --html transcribe >page.html &&
	html_check page.html "title=Transcribe <episode 5> & notes" \
		"h1=Transcribe <episode 5> & notes" strong &&
	test_grep "<h1>Transcribe &lt;episode 5&gt; &amp; notes</h1>" page.html &&
	! grep -q "<script>" page.html &&
	! grep -q "<p>Due:" page.html
'

# html_check (tests/lib.sh) must be able to fail: each page below breaks one
# rule, or lacks what is asked of it.
test_expect_success 'the page check rejects broken pages' '
	dlg brief clean-gutters --html >page.html &&
	html_check page.html &&
	for edit in "s/<\/em>//" "s/<!DOCTYPE html>//" "s/<\/ul>/<\/ul><\/li>/" \
		"s/<ul>/<ul\/>/" "s/Buy gloves/Buy < gloves/" "s/Buy gloves/Buy \& gloves/" \
		"s/<\/html>//" "s/Buy gloves/Buy \&glov;/"; do
		sed "$edit" page.html >bad.html &&
		! cmp -s page.html bad.html &&
		test_must_fail html_check bad.html 2>err &&
		test_grep "^html_check: bad.html" err || exit 1
	done &&
	test_must_fail html_check page.html blockquote 2>err &&
	test_grep "no <blockquote>" err &&
	test_must_fail html_check page.html "li=Buy mittens" 2>err &&
	test_grep "no <li> with" err &&
	test_must_fail html_check page.html "title=Clean the gutters and roof"
'

test_expect_success 'a task with no Brief section: exit 1 and what to do' '
	test_expect_code 1 dlg brief no-brief >out 2>err &&
	test ! -s out &&
	echo "dlg: tasks/no-brief.md has no '\''## Brief'\'' section; add one with what whoever takes it needs to know" >expect &&
	test_cmp expect err &&
	test_expect_code 1 dlg brief --html no-brief >out 2>/dev/null &&
	test ! -s out
'

test_expect_success 'an empty Brief section prints with a warning' '
	printf -- "---\ntitle: Empty\n---\n## Brief\n\n## Later\n" >tasks/empty.md &&
	dlg brief empty >out 2>err &&
	printf "# Empty\n\n" >expect &&
	test_cmp expect out &&
	test_grep "warning: the .## Brief. section of tasks/empty.md is empty" err &&
	rm tasks/empty.md
'

test_expect_success 'unknown id: exit 2 with the closest match' '
	test_expect_code 2 dlg brief clean-guters >out 2>err &&
	test ! -s out &&
	test_grep "^dlg: no task .clean-guters. (did you mean .clean-gutters.?)" err
'

test_expect_success 'an invalid task file is reported with its line' '
	printf -- "---\ntitle: a\ntitle: b\n---\n## Brief\nx\n" >tasks/broken.md &&
	test_expect_code 1 dlg brief broken 2>err &&
	test_grep "^dlg: tasks/broken.md:3:1: duplicate key .title." err &&
	rm tasks/broken.md
'

test_expect_success 'usage: one id' '
	test_expect_code 2 dlg brief 2>err &&
	test_grep "usage: dlg brief ID" err &&
	test_expect_code 2 dlg brief a b 2>err &&
	test_grep "usage: dlg brief ID" err
'

test_expect_success 'brief works with a dlg.ini that does not parse' '
	cp dlg.ini ../dlg.ini.away &&
	echo "[rule broken" >>dlg.ini &&
	dlg brief clean-gutters >out &&
	test_grep "^# Clean the gutters$" out &&
	mv ../dlg.ini.away dlg.ini
'

test_expect_success 'without dlg.ini this is no task repository, for brief too' '
	mv dlg.ini ../dlg.ini.away &&
	test_expect_code 2 dlg brief clean-gutters >out 2>err &&
	mv ../dlg.ini.away dlg.ini &&
	test_grep "not a dlg task repository (no dlg.ini): run dlg init" err &&
	test ! -s out
'

test_done
