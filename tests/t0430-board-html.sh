#!/bin/sh
# dlg board --html on the examples: a well-formed page with every piece of
# user text escaped and nothing to load; then in a real browser (headless
# Chromium, tests/lib/browser.py): a card per task in the column of its
# state, late follow-ups marked, no request but the file itself, no error,
# dark and print styles; screenshots kept in build/test-output/.
. "$(dirname "$0")/lib.sh"

SHOTS=$DLG_BUILD_DIR/build/test-output
PY=/usr/bin/python3

test_expect_success 'set-up: the examples, synced, and a title out to break the page' '
	new_repo repo &&
	cd repo &&
	cp -R "$DLG_BUILD_DIR/examples/tasks" "$DLG_BUILD_DIR/examples/people" . &&
	write_file tasks/hostile.md <<-\X &&
	---
	title: "<script>alert(1)</script> & <img src=https://example.org/x.png> \"quoted\" '"'"'too'"'"'"
	decision: keep
	due: 2026-11-20
	---
	X
	git add . && git commit -q -m start &&
	test_expect_code 1 dlg sync >/dev/null 2>&1
'

test_expect_success 'board needs --html (the only form for now)' '
	cd repo &&
	test_expect_code 2 dlg board 2>err &&
	test_grep "dlg board --html" err
'

test_expect_success 'board --html: a well-formed page, the same on stdout and with -o' '
	cd repo &&
	dlg board --html -o "$TRASH/board.html" &&
	dlg board --html >"$TRASH/stdout.html" &&
	cmp "$TRASH/board.html" "$TRASH/stdout.html" &&
	html_check "$TRASH/board.html" "h1" "h2=Follow up today" "h2=Track record" \
		"h3=Clean the gutters" "svg" "table" "meter"
'

test_expect_success 'user text is escaped; the page loads nothing and runs nothing' '
	cd "$TRASH" &&
	html_check board.html "h3=<script>alert(1)</script> & <img src=https://example.org/x.png>" &&
	! grep -i "<script" board.html &&
	! grep -i "<img" board.html &&
	grep -o "<[a-zA-Z][^>]*>" board.html >tags &&
	! grep -i -E " (src|href|srcset|action|data|poster)=" tags &&
	! grep -i "@import\|url(" board.html &&
	grep -q "Content-Security-Policy\" content=\"default-src '"'"'none'"'"'" board.html &&
	grep -q "prefers-color-scheme:dark" board.html &&
	grep -q "@media print" board.html
'

test_expect_success 'an invalid task is left out and said, exit 1' '
	cd repo &&
	printf -- "---\ntitle: [broken\n---\n" >tasks/broken.md &&
	test_expect_code 1 dlg board --html -o "$TRASH/partial.html" 2>err &&
	test_grep "tasks/broken.md" err &&
	grep -q "1 left out" "$TRASH/partial.html" &&
	rm tasks/broken.md
'

# The column each task is in, from dlg list --json, by the rules of dlg(1):
# the answer the browser's DOM must give.
expected_columns() {
	dlg list --all --json >"$TRASH/list.json" &&
	json_check "$TRASH/list.json" <<-\X
	my (%col, @late);
	my ($today, $recent) = ("2026-11-22", "2026-10-23");
	for my $t (@$d) {
		my $s = (exists $t->{status} ? $t->{status} : undef) // "inbox";
		my $dec = (exists $t->{decision} ? $t->{decision} : undef) // "";
		my $c;
		if ($s eq "done") {
			my $when = (exists $t->{completed} ? $t->{completed} : undef) // "";
			$c = $when ge $recent ? "done" : undef;
		} elsif ($s eq "waiting") {
			$c = "waiting";
			my $f = (exists $t->{follow_up} ? $t->{follow_up} : undef) // "9999";
			push @late, $t->{id} if $f lt $today;
		} elsif ($s ne "dropped") {
			$c = { "" => $s eq "inbox" ? "inbox" : "keep", keep => "keep",
			       delegate => "delegated", outsource => "outsourced" }->{$dec};
		}
		push @{$col{$c}}, $t->{id} if defined $c;
	}
	print "$_ ", join(" ", sort @{$col{$_} || []}), "\n"
		for qw(inbox keep delegated outsourced waiting done);
	print "late ", join(" ", sort @late), "\n";
	X
}

if ! test -x "${CHROMIUM:-/usr/bin/chromium}" || ! test -x $PY; then
	test_skip 'in Chromium: columns, late follow-ups, no network, no errors' \
		'chromium or python3 is not installed (scripts/deps.sh installs them)'
	test_done
fi

test_expect_success 'in Chromium: the page loads with no request but itself and no error' '
	cd repo &&
	$PY "$TESTS_DIR/lib/browser.py" "$TRASH/board.html" "$SHOTS" board >"$TRASH/seen.json" &&
	json_check "$TRASH/seen.json" <<-\X
	is($d->{requests}, [$d->{url}]);
	is($d->{errors}, []);
	is($d->{dom}{loads}, []);
	is($d->{dom}{scripts}, 0);
	is($d->{dom}{title}, "dlg board");
	X
'

test_expect_success 'in Chromium: a card per task in the column of its state' '
	cd repo &&
	expected_columns >"$TRASH/expect" &&
	json_check "$TRASH/seen.json" >"$TRASH/actual" <<-\X &&
	my $c = $d->{dom}{columns};
	for my $k (qw(inbox keep delegated outsourced waiting done)) {
		ok($c->{$k}{count} == @{$c->{$k}{cards}}, $k, $c->{$k});
		print "$k ", join(" ", sort @{$c->{$k}{cards}}), "\n";
	}
	print "late ", join(" ", sort @{$d->{dom}{late_follow_ups}}), "\n";
	X
	test_cmp "$TRASH/expect" "$TRASH/actual" &&
	grep -q "^waiting .*admin/support-email" "$TRASH/actual" &&
	grep -q "^late admin/support-email blog/edit-recruiter-post$" "$TRASH/actual"
'

test_expect_success 'in Chromium: late and today follow-ups in the strip on top, latest first' '
	json_check "$TRASH/seen.json" <<-\X
	is($d->{dom}{strip}, ["admin/support-email", "blog/edit-recruiter-post",
	                      "podcast/transcribe-interviews-3-4"]);
	is($d->{dom}{today_follow_ups}, ["podcast/transcribe-interviews-3-4"]);
	ok($d->{dom}{late_color} ne $d->{dom}{body_fg}, "late is not marked", $d->{dom});
	is($d->{dom}{people}, 13);
	ok($d->{dom}{bars} >= 2, $d->{dom}{bars});
	X
'

test_expect_success 'in Chromium: dark mode and print change the colours' '
	json_check "$TRASH/seen.json" <<-\X
	ok($d->{dark}{body_bg} ne $d->{dom}{body_bg}, "dark", $d->{dark}{body_bg});
	is($d->{print}{body_bg}, "rgb(255, 255, 255)");
	is($d->{print}{body_fg}, "rgb(0, 0, 0)");
	X
'

test_expect_success 'in Chromium: the screenshots are kept under build/test-output' '
	for f in board.png board-dark.png; do
		test -s "$SHOTS/$f" &&
		test "$(head -c 8 "$SHOTS/$f" | od -An -c | tr -d " ")" = "211PNG\r\n032\n" ||
		return 1
	done
'

test_done
