#!/bin/sh
# dlg list: filters, sort order, columns, width fitting, colour, JSON,
# and exit statuses.
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
write_file people/dana.md <<'X'
---
name: Dana
kind: professional
---
X
write_file tasks/gutters.md <<'X'
---
title: Clean the gutters
enjoy: no
tags: [home, seasonal]
due: 2026-12-01
---
## Brief
- [ ] Front gutters
- [ ] Back gutters
X
write_file tasks/post.md <<'X'
---
title: Write the post
status: open
decision: keep
rule: enjoy
tags: [blog]
hours: 3
due: 2026-11-25
---
- [x] Outline
- [ ] Draft
- [ ] Edit
X
write_file tasks/podcast/transcribe.md <<'X'
---
title: Transcribe the interviews
status: waiting
decision: outsource
channel: upwork
to: carol
given: 2026-11-13
follow_up: 2026-11-20
due: 2026-11-30
cost: 75
tags: [podcast]
---
X
write_file tasks/taxes.md <<'X'
---
title: File the taxes
status: done
decision: outsource
channel: professional
to: bob
due: 2026-10-15
completed: 2026-10-10
rating: 5
tags: [pro, money]
---
X
write_file tasks/blog-theme.md <<'X'
---
title: Re-theme the blog
status: dropped
decision: drop
---
X
write_file tasks/site.md <<'X'
---
title: Code and design the new site
status: open
decision: outsource
channel: upwork
due: 2026-12-20
tags: podcast
---
X
write_file tasks/photos.md <<'X'
# Sort the photos

By year, then by trip.
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

# The DATE column says which date it shows, and the table is sorted by it
# (before, a waiting task showed its follow-up but sorted by its due date).
test_expect_success 'default: done and dropped hidden, by the date shown then id' '
	cat >expect <<-\X &&
	ID                  STATUS   DECISION   TO      DATE                  CHECKS  TITLE
	podcast/transcribe  waiting  outsource  carol   2026-11-20 follow-up  -       Transcribe the interviews
	support             waiting  delegate   bob     2026-11-22 follow-up  -       Answer support email
	post                open     keep       -       2026-11-25 due        1/3     Write the post
	gutters             inbox    -          -       2026-12-01 due        0/2     Clean the gutters
	site                open     outsource  upwork  2026-12-20 due        -       Code and design the new site
	photos              inbox    -          -       -                     -       Sort the photos
	X
	dlg list >out 2>err &&
	test_cmp expect out &&
	test ! -s err
'

test_expect_success '--all shows done and dropped in their place' '
	dlg list --all >out &&
	awk "NR > 1 { print \$1 }" out >ids &&
	printf "%s\n" taxes podcast/transcribe support post gutters site blog-theme photos >expect &&
	test_cmp expect ids &&
	test_grep "^taxes  *done  *outsource  *bob  *2026-10-15 due  *-  *File the taxes$" out &&
	test_grep "^blog-theme  *dropped  *drop  *-  *-  *-  *Re-theme the blog$" out
'

# ids of what `dlg list ARGS` shows, one a line
list_ids() {
	dlg list "$@" >out && awk "NR > 1 { print \$1 }" out
}

test_expect_success '--status, one or several; done shows without --all' '
	test "$(list_ids --status open | tr "\n" " ")" = "post site " &&
	test "$(list_ids --status open,waiting | tr "\n" " ")" = "podcast/transcribe support post site " &&
	test "$(list_ids -s "waiting, inbox" | tr "\n" " ")" = "podcast/transcribe support gutters photos " &&
	test "$(list_ids --status done)" = taxes &&
	test "$(list_ids --status Dropped)" = blog-theme
'

test_expect_success '--decision' '
	test "$(list_ids --decision outsource | tr "\n" " ")" = "podcast/transcribe site " &&
	test "$(list_ids --decision keep,delegate | tr "\n" " ")" = "support post " &&
	test "$(list_ids --decision drop)" = "" &&
	test "$(list_ids --decision drop --all)" = blog-theme
'

test_expect_success '--to and --channel' '
	test "$(list_ids --to carol)" = podcast/transcribe &&
	test "$(list_ids --to bob --all | tr "\n" " ")" = "taxes support " &&
	test "$(list_ids -t carol,bob | tr "\n" " ")" = "podcast/transcribe support " &&
	test "$(list_ids --channel upwork | tr "\n" " ")" = "podcast/transcribe site " &&
	test "$(list_ids --channel professional --all)" = taxes
'

test_expect_success '--tag: lists and single values' '
	test "$(list_ids --tag home)" = gutters &&
	test "$(list_ids --tag podcast | tr "\n" " ")" = "podcast/transcribe site " &&
	test "$(list_ids --tag blog,seasonal | tr "\n" " ")" = "post gutters " &&
	test "$(list_ids --tag money --all)" = taxes
'

test_expect_success '--due-before: strictly before; today; tasks without due left out' '
	test "$(list_ids --due-before 2026-12-01 | tr "\n" " ")" = "podcast/transcribe post " &&
	test "$(list_ids --due-before 2026-12-02 --all | tr "\n" " ")" = "taxes podcast/transcribe post gutters " &&
	test "$(list_ids --due-before today)" = "" &&
	test "$(dlg --today 2026-11-26 list --due-before=today | awk "NR > 1 { print \$1 }")" = post
'

test_expect_success 'filters combine' '
	test "$(list_ids --status open --decision outsource)" = site &&
	test "$(list_ids --tag podcast --to carol)" = podcast/transcribe &&
	test "$(list_ids --tag home,blog --due-before 2026-11-30)" = post &&
	test "$(list_ids --channel upwork --status waiting,open --due-before 2026-12-01)" = podcast/transcribe
'

# An empty table used to print nothing at all.
test_expect_success 'nothing matches: says so, exit 0; JSON []' '
	dlg list --to dana >out 2>err &&
	echo "no tasks match" >expect &&
	test_cmp expect out &&
	test ! -s err &&
	dlg list --to dana --json >out &&
	test "$(cat out)" = "[]"
'

test_expect_success 'a value that cannot match is an error with a suggestion' '
	test_expect_code 2 dlg list --status wating >out 2>err &&
	test ! -s out &&
	test_grep "^dlg: --status: .wating. is not inbox, open, waiting, done or dropped (did you mean .waiting.?)" err &&
	test_expect_code 2 dlg list --status open,wating 2>err &&
	test_grep "did you mean .waiting." err &&
	test_expect_code 2 dlg list --decision kep 2>err &&
	test_grep "did you mean .keep." err &&
	test_expect_code 2 dlg list --to carl 2>err &&
	test_grep "^dlg: --to: no one called .carl. in people/ or in any task (did you mean .carol.?)" err &&
	test_expect_code 2 dlg list --channel fivrr 2>err &&
	test_grep "did you mean .fiverr.?" err &&
	test_expect_code 2 dlg list --tag hom 2>err &&
	test_grep "^dlg: --tag: no task is tagged .hom. (did you mean .home.?)" err &&
	test_expect_code 2 dlg list --due-before 2026-13-01 2>err &&
	test_grep "^dlg: --due-before: .2026-13-01. is not a date" err &&
	test_expect_code 2 dlg list --status , 2>err &&
	test_grep "^dlg: --status: no value given" err
'

test_expect_success 'bad usage: unknown options; --help' '
	test_expect_code 2 dlg list --stat open 2>err &&
	test_grep "unknown option .--stat." err &&
	dlg list --help >out &&
	test_grep "^usage: dlg list" out &&
	test_grep "^  --due-before DATE" out &&
	test_grep "^  --json" out
'

test_expect_success 'no colour escapes when piped, with NO_COLOR or --no-color' '
	dlg list --all >out &&
	NO_COLOR=1 dlg list --all >>out &&
	dlg --no-color list --all >>out &&
	! grep -q "$(printf "\033")" out
'

if have_tty; then
	test_expect_success 'colour on a terminal: bold header, coloured status; off with --no-color' '
		TERM=xterm script -qec "dlg list" /dev/null >out &&
		test_grep "$(printf "\033")\[1mID" out &&
		test_grep "$(printf "\033")\[33mwaiting" out &&
		TERM=xterm NO_COLOR=1 script -qec "dlg list" /dev/null >out &&
		! grep -q "$(printf "\033")" out &&
		TERM=xterm script -qec "dlg --no-color list" /dev/null >out &&
		! grep -q "$(printf "\033")" out
	'
else
	test_skip 'colour on a terminal: bold header, coloured status; off with --no-color' 'no pseudo-terminal here'
fi

test_expect_success 'JSON: every task object with stable, typed fields' '
	dlg list --all --json >out &&
	json_check out <<-\X
	my @keys = qw(id path title status decision rule because decided channel to
	    given follow_up due completed rating hours cost tags checks_done
	    checks_total fields);
	is([map { $_->{id} } @$d], [qw(taxes podcast/transcribe support post gutters
	    site blog-theme photos)]);
	is([keys_at("/$_")], \@keys) for 0 .. $#$d;
	my %by = map { $_->{id} => $_ } @$d;
	my $p = $by{post};
	is($p->{path}, "tasks/post.md");
	is($p->{status}, "open"); is($p->{decision}, "keep"); is($p->{rule}, "enjoy");
	is($p->{due}, "2026-11-25"); is($p->{hours}, 3); is($p->{cost}, undef);
	is($p->{checks_done}, 1); is($p->{checks_total}, 3);
	is($p->{tags}, ["blog"]);
	is([keys_at("/3/fields")], [qw(title status decision rule tags hours due)]);
	is($p->{fields}{hours}, 3); is($p->{fields}{due}, "2026-11-25");
	my $g = $by{gutters};
	is($g->{status}, "inbox"); is($g->{decision}, undef); is($g->{due}, "2026-12-01");
	is($g->{fields}{enjoy}, false); ok(!exists $g->{fields}{status}, $g->{fields});
	is($g->{tags}, ["home", "seasonal"]);
	is($by{site}{tags}, ["podcast"]); is($by{site}{fields}{tags}, "podcast");
	my $ph = $by{photos};
	is($ph->{title}, "Sort the photos"); is($ph->{fields}, {}); is($ph->{tags}, []);
	is($ph->{status}, "inbox"); is($ph->{checks_total}, 0);
	my $tx = $by{taxes};
	is($tx->{rating}, 5); is($tx->{completed}, "2026-10-10"); is($tx->{to}, "bob");
	my $tr = $by{"podcast/transcribe"};
	is($tr->{follow_up}, "2026-11-20"); is($tr->{given}, "2026-11-13");
	is($tr->{channel}, "upwork"); is($tr->{cost}, 75);
	X
'

test_expect_success 'JSON follows the filters and the sort' '
	dlg list --status waiting --json >out &&
	json_check out <<-\X >ids &&
	print join(" ", map { $_->{id} } @$d), "\n";
	X
	echo "podcast/transcribe support" >expect &&
	test_cmp expect ids
'

# json_check (tests/lib.sh) must be able to fail: wrong types, values, keys,
# key order, and documents that are not JSON.
test_expect_success 'the JSON check rejects what differs' '
	dlg list --all --json >out &&
	json_check out <<-\X &&
	is($d->[3]{hours}, 3); is($d->[3]{cost}, undef); is($d->[3]{tags}, ["blog"]);
	X
	for code in "is(\$d->[3]{hours}, \"3\")" "is(\$d->[3]{hours}, 4)" \
		"is(\$d->[3]{cost}, 0)" "is(\$d->[3]{tags}, [\"blog\", \"x\"])" \
		"is(\$d->[3]{tags}, \"blog\")" "is(\$d->[3]{nope}, undef)" \
		"is(\$d->[99]{id}, undef)" "is(\$d->[4]{fields}{enjoy}, 0)" \
		"is([keys_at(\"/3/fields\")], [sort keys %{\$d->[3]{fields}}])" \
		"ok(@\$d == 7, scalar @\$d)" "die"; do
		test_must_fail json_check out "$code" 2>err &&
		test -s err || exit 1
	done &&
	printf "[1, 2" >bad.json &&
	test_must_fail json_check bad.json "1" 2>err &&
	test_grep "not JSON" err &&
	printf "[1] [2]" >bad.json &&
	test_must_fail json_check bad.json "1"
'

write_file tasks/odd.md <<'X'
---
title: "Tab	and
  fold"
status: open
due: 2026-12-01T09:30
hours: 2.5
tags: [1, yes, 2026-01-02]
nested: {a: 1}
---
X
test_expect_success 'odd values: JSON typed as written, table on one line' '
	dlg list --json >out &&
	json_check out <<-\X &&
	my ($t) = grep { $_->{id} eq "odd" } @$d;
	ok($t, $d);
	is($t->{due}, "2026-12-01"); is($t->{fields}{due}, "2026-12-01T09:30");
	is($t->{hours}, 2.5);
	is($t->{tags}, [1, true, "2026-01-02"]);
	ok(exists $t->{fields}{nested}, $t->{fields}); is($t->{fields}{nested}, undef);
	X
	dlg list >out &&
	test_grep "^odd  *open  *-  *-  *2026-12-01 due  *-  *Tab and fold$" out &&
	test $(grep -c . out) = 8
'
rm tasks/odd.md

write_file tasks/broken.md <<'X'
---
title: One
title: Two
---
X
test_expect_success 'an invalid file: listed on stderr, exit 1, the rest still listed' '
	test_expect_code 1 dlg list >out 2>err &&
	test_grep "^tasks/broken.md:3:1: duplicate key .title." err &&
	test_grep "^post " out &&
	test_expect_code 1 dlg list --json >out 2>err &&
	test_grep "^tasks/broken.md:3:1: " err &&
	json_check out <<-\X
	ok(ref $d eq "ARRAY" && @$d == 6, $d);
	X
'
rm tasks/broken.md

cd ..
new_repo wide
cd wide
write_file tasks/long.md <<'X'
---
title: Write the long post about handing work off to other people
status: open
decision: keep
due: 2026-11-25
---
X
write_file "tasks/crème-brûlée.md" <<'X'
---
title: Crème brûlée für Zoë — señor niño’s café recipe, with notes ☕
status: open
decision: keep
due: 2026-11-24
---
X

# The longest line of FILE in characters, with a check that FILE is UTF-8.
max_width() {
	perl -e '
		use Encode ();
		open my $fh, "<:raw", $ARGV[0] or die "$ARGV[0]: $!\n";
		my $s = Encode::decode("UTF-8", do { local $/; <$fh> }, Encode::FB_CROAK);
		my @l = split /\R/, $s;
		@l or die "$ARGV[0]: empty\n";
		my $m = 0;
		for (@l) { $m = length if length > $m }
		print "$m\n";
	' "$1"
}

# Ids used to be cut from the left (…-brûlée): now they are never cut, as
# they are what the next command takes; columns are left out instead.
test_expect_success 'COLUMNS=60: lines fit, titles cut with …, ids whole' '
	COLUMNS=60 dlg list >out &&
	test "$(max_width out)" -le 60 &&
	test_grep "^ID            STATUS  TO  DATE            TITLE$" out &&
	test_grep "^crème-brûlée  open    -   2026-11-24 due  Crème brûlée für …$" out &&
	test_grep "^long          open    -   2026-11-25 due  Write the long po…$" out
'

test_expect_success 'wide enough: nothing cut; COLUMNS=1 still valid UTF-8' '
	COLUMNS=200 dlg list >out &&
	test_grep "Write the long post about handing work off to other people$" out &&
	test_grep "^crème-brûlée  " out &&
	! grep -q "…" out &&
	COLUMNS=1 dlg list >out &&
	max_width out >/dev/null &&
	COLUMNS=72 dlg list >out &&
	test "$(max_width out)" -le 72 &&
	test_grep "^crème-brûlée  open    keep      -   2026-11-24 due  -       Crème brûlé…$" out
'

test_done
