#!/bin/sh
# dlg report --html: the numbers of dlg report --json as one well-formed,
# self-contained page, with the months as bar charts; in Chromium it loads
# nothing but itself.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3

test_expect_success 'set-up: the examples, synced' '
	new_repo repo &&
	cd repo &&
	cp -R "$DLG_BUILD_DIR/examples/tasks" "$DLG_BUILD_DIR/examples/people" . &&
	git add . && git commit -q -m start &&
	test_expect_code 1 dlg sync >/dev/null 2>&1
'

test_expect_success 'report --html: a well-formed page with the report'"'"'s numbers' '
	cd repo &&
	dlg report --html >"$TRASH/report.html" &&
	dlg report --json >"$TRASH/report.json" &&
	json_check "$TRASH/report.json" >"$TRASH/want" <<-\X &&
	printf "h1=Report of all time\nstrong=%s\nstrong=%s\nh2=By channel\nh2=By person\n",
		$d->{hours_bought_back}, $d->{spent};
	print "td=$_->{channel}\n" for grep { defined $_->{channel} } @{$d->{by_channel}};
	print "text=$_->{month}\n" for @{$d->{by_month}};
	X
	tr "\n" "\0" <"$TRASH/want" |
	xargs -0 perl "$TESTS_DIR/lib/html-check.pl" "$TRASH/report.html" svg table
'

test_expect_success 'report --html: two bars a month, and the period in the title' '
	cd repo &&
	months=$(json_check "$TRASH/report.json" "print scalar @{\$d->{by_month}}") &&
	test "$(grep -c "<rect class=\"bar" "$TRASH/report.html")" = $((2 * months)) &&
	dlg report --html --since 2026-11-01 >"$TRASH/since.html" &&
	html_check "$TRASH/since.html" "title=Report from 2026-11-01" "h1=Report from 2026-11-01"
'

test_expect_success 'report --html escapes what the files say' '
	cd repo &&
	write_file tasks/x.md <<-\X &&
	---
	title: X
	status: done
	decision: outsource
	rule: "<b>odd</b> & co"
	decided: 2026-11-19
	channel: upwork
	to: carol
	hours: 1
	cost: 5
	completed: 2026-11-20
	---
	X
	dlg report --html >"$TRASH/odd.html" 2>/dev/null
	html_check "$TRASH/odd.html" "td=<b>odd</b> & co 1" &&
	! grep -q "<b>" "$TRASH/odd.html" &&
	rm tasks/x.md
'

if ! test -x "${CHROMIUM:-/usr/bin/chromium}" || ! test -x $PY; then
	test_skip 'in Chromium: no request, no error' \
		'chromium or python3 is not installed (scripts/deps.sh installs them)'
	test_done
fi

test_expect_success 'in Chromium: no request but the page itself, no error' '
	$PY "$TESTS_DIR/lib/browser.py" "$TRASH/report.html" "$DLG_BUILD_DIR/build/test-output" \
		report >"$TRASH/seen.json" &&
	json_check "$TRASH/seen.json" <<-\X
	is($d->{requests}, [$d->{url}]);
	is($d->{errors}, []);
	is($d->{dom}{loads}, []);
	ok($d->{dom}{bars} >= 2, $d->{dom}{bars});
	ok($d->{dark}{body_bg} ne $d->{dom}{body_bg}, $d->{dark});
	X
'

test_done
