#!/bin/sh
# dlg report: decisions by rule, hours bought back, money, value at my rate,
# by channel, person and month, the chart, and the period.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
grep -q "^hourly_rate = 60" dlg.ini || { echo "Bail out! dlg.ini has no hourly_rate = 60"; exit 1; }

task() {
	write_file "tasks/$1.md"
}
# Worked by hand, all time (hourly_rate 60):
#   decisions: keep 4 (enjoy 3, core-purpose 1; k4 has no decided date and
#   counts only when the period is open), delegate 2 (manual 2: d2's decision
#   was written by hand and not synced yet, which sync marks manual),
#   outsource 3 (bad-at 2, dislike 1), drop 1 (unimportant 1).
#   bought back = done delegated/outsourced: o1, o2, o3 (d1 is still waiting,
#   k3 was kept): hours 3+2+5 = 10, cost 120+40+200 = 360,
#   value 10*60 = 600, net 600-360 = 240, 360/10 = 36 per hour.
#   by channel: upwork o1+o3: 2 tasks, 8 h, 320, net 480-320 = 160;
#               fiverr o2: 1 task, 2 h, 40, net 120-40 = 80.
#   by person: carol as upwork; jen as fiverr.
#   by month: 2026-10 o1: 3 h, 120; 2026-11 o2+o3: 7 h, 240.
task o1 <<'X'
---
decision: outsource
rule: bad-at
decided: 2026-10-05
status: done
completed: 2026-10-20
hours: 3
cost: 120
channel: upwork
to: carol
---
X
task o2 <<'X'
---
decision: outsource
rule: dislike
decided: 2026-11-01
status: done
completed: 2026-11-10
hours: 2
cost: 40
channel: fiverr
to: jen
---
X
task o3 <<'X'
---
decision: outsource
rule: bad-at
decided: 2026-11-02
status: done
completed: 2026-11-15
hours: 5
cost: 200
channel: upwork
to: carol
---
X
task d1 <<'X'
---
decision: delegate
rule: manual
decided: 2026-11-03
status: waiting
to: bob
hours: 4
cost: 10
---
X
task d2 <<'X'
---
decision: delegate
to: bob
---
X
task k1 <<'X'
---
decision: keep
rule: enjoy
decided: 2026-11-04
status: open
---
X
task k2 <<'X'
---
decision: keep
rule: enjoy
decided: 2026-09-30
status: open
---
X
task k3 <<'X'
---
decision: keep
rule: core-purpose
decided: 2026-11-05
status: done
completed: 2026-11-06
hours: 6
cost: 300
---
X
task k4 <<'X'
---
decision: keep
rule: enjoy
status: open
---
X
task x1 <<'X'
---
decision: drop
rule: unimportant
decided: 2026-11-06
status: dropped
---
X
task inbox <<'X'
---
title: Not decided yet
hours: 1
---
X
for p in carol jen bob; do printf -- '---\nname: %s\n---\n' "$p" >people/$p.md; done

test_expect_success 'all time: decisions with their rules' '
	dlg report >out 2>err &&
	test ! -s err &&
	test_grep "^Report of all time$" out &&
	test_grep "^Decisions: 10$" out &&
	test_grep "^  keep         4  enjoy 3, core-purpose 1$" out &&
	test_grep "^  delegate     2  manual 2$" out &&
	test_grep "^  outsource    3  bad-at 2, dislike 1$" out &&
	test_grep "^  drop         1  unimportant 1$" out
'

test_expect_success 'all time: hours, money, value against my rate' '
	sed -n "/^Handed off/,/^$/p" out >money &&
	cat >expect <<-\X &&
	Handed off and done: 3 tasks
	  hours bought back    10
	  money spent          360
	  cost per hour        36
	  my hourly rate       60
	  value of the hours   600 (10 h × 60)
	  net value            240 (handing off paid)

	X
	test_cmp expect money
'

test_expect_success 'by channel and by person' '
	sed -n "/^By channel/,/^$/p" out >channel &&
	cat >expect <<-\X &&
	By channel
	  channel  tasks  hours  spent  net value
	  upwork       2      8    320        160
	  fiverr       1      2     40         80

	X
	test_cmp expect channel &&
	sed -n "/^By person/,/^$/p" out >person &&
	cat >expect <<-\X &&
	By person
	  person  tasks  hours  spent  net value
	  carol       2      8    320        160
	  jen         1      2     40         80

	X
	test_cmp expect person
'

# The chart at 80 columns: hours 3 and 7 need 1 column, spent 3; the bar gets
# 80 - (2+7+2 + 2+1+2 + 2+3+6) = 53 columns. 2026-11 (7 h, the most) fills
# them; 2026-10 gets 3/7*53 = 22.7 columns: 23 "#", or in eighths
# round(22.71*8) = 182 = 22 full blocks and a 6/8 block.
test_expect_success 'chart with Unicode blocks in a UTF-8 locale' '
	LC_ALL=C.UTF-8 COLUMNS=80 dlg report >out &&
	test_grep "^Hours bought back by month$" out &&
	perl - out <<-\X
	use strict; use warnings; use Encode ();
	open my $fh, "<:raw", $ARGV[0] or die "$ARGV[0]: $!\n";
	my @l = split /\R/, Encode::decode("UTF-8", do { local $/; <$fh> }, Encode::FB_CROAK);
	binmode STDERR, ":encoding(UTF-8)";
	my ($oct) = grep { /^  2026-10  / } @l;
	my ($nov) = grep { /^  2026-11  / } @l;
	defined $oct && defined $nov or die "no 2026-10 or 2026-11 line\n";
	$oct eq "  2026-10  " . "\x{2588}" x 22 . "\x{258a}" . " " x 30 . "  3 h  120 spent"
		or die "[$oct]\n";
	$nov eq "  2026-11  " . "\x{2588}" x 53 . "  7 h  240 spent" or die "[$nov]\n";
	length($oct) == 80 && length($nov) == 80 or die "not 80 characters\n";
	X
'

test_expect_success 'chart falls back to # without UTF-8' '
	LC_ALL=C COLUMNS=80 dlg report >out &&
	oct=$(grep "^  2026-10  " out) &&
	test "$oct" = "  2026-10  $(printf "%023d" 0 | tr 0 "#")$(printf "%30s" "")  3 h  120 spent" &&
	nov=$(grep "^  2026-11  " out) &&
	test "$nov" = "  2026-11  $(printf "%053d" 0 | tr 0 "#")  7 h  240 spent" &&
	! grep -q "█" out
'

test_expect_success 'chart fits a narrow terminal' '
	LC_ALL=C COLUMNS=50 dlg report >out &&
	test "$(grep "^  2026-11  " out | awk "{ print length(\$0) }")" = 50
'

test_expect_success 'months with nothing show as empty bars' '
	task o0 <<-\X &&
	---
	decision: outsource
	rule: dislike
	decided: 2026-07-01
	status: done
	completed: 2026-08-03
	hours: 1
	cost: 10
	channel: fiverr
	to: jen
	---
	X
	LC_ALL=C dlg report >out &&
	grep "^  2026-" out | cut -c3-9 >months &&
	printf "2026-08\n2026-09\n2026-10\n2026-11\n" >expect &&
	test_cmp expect months &&
	test_grep "^  2026-09   *0 h   *0 spent$" out &&
	rm tasks/o0.md
'

test_expect_success '--json: the same numbers' '
	dlg report --json >out &&
	json_check out <<-\X
	is($d->{since}, undef); is($d->{until}, undef);
	is($d->{spent}, 360); is($d->{hours_bought_back}, 10);
	is($d->{cost_per_hour}, 36); is($d->{hourly_rate}, 60);
	is($d->{value}, 600); is($d->{net_value}, 240);
	my $k = $d->{decisions};
	is($k->{keep}, {count => 4, rules => {enjoy => 3, "core-purpose" => 1}});
	is($k->{delegate}, {count => 2, rules => {manual => 2}});
	is($k->{drop}{rules}, {unimportant => 1});
	is($k->{outsource}, {count => 3, rules => {"bad-at" => 2, dislike => 1}});
	is($d->{by_channel}, [
	    {channel => "upwork", tasks => 2, hours => 8, spent => 320, net_value => 160},
	    {channel => "fiverr", tasks => 1, hours => 2, spent => 40, net_value => 80}]);
	is([map { [$_->{person}, $_->{name}, $_->{net_value}] } @{$d->{by_person}}],
	    [["carol", "carol", 160], ["jen", "jen", 80]]);
	is($d->{by_month}, [{month => "2026-10", hours => 3, spent => 120},
	    {month => "2026-11", hours => 7, spent => 240}]);
	X
'

# --since 2026-11-01: decided k1 k3 d1 o2 o3 x1 (k2 and o1 are earlier, k4
# has no date); bought back o2+o3: 7 h, 240, value 420, net 180,
# 240/7 = 34.285... per hour.
test_expect_success '--since' '
	dlg report --since 2026-11-01 >out &&
	test_grep "^Report since 2026-11-01$" out &&
	test_grep "^  keep         2  core-purpose 1, enjoy 1$" out &&
	test_grep "^  delegate     1  manual 1$" out &&
	test_grep "^  outsource    2  bad-at 1, dislike 1$" out &&
	test_grep "^  hours bought back    7$" out &&
	test_grep "^  money spent          240$" out &&
	test_grep "^  cost per hour        34.29$" out &&
	test_grep "^  net value            180 (handing off paid)$" out &&
	dlg report --since 2026-11-01 --json >out &&
	json_check out <<-\X
	is($d->{since}, "2026-11-01"); is($d->{until}, undef);
	is($d->{hours_bought_back}, 7); is($d->{spent}, 240); is($d->{net_value}, 180);
	ok(abs($d->{cost_per_hour} - 240 / 7) < 1e-9, $d->{cost_per_hour});
	is($d->{decisions}{keep}{count}, 2);
	X
'

# --until 2026-10-31: decided k2 (enjoy), o1 (bad-at); bought back o1: 3 h,
# 120, value 180, net 60, 40 per hour.
test_expect_success '--until' '
	dlg report --until 2026-10-31 --json >out &&
	json_check out <<-\X
	is($d->{until}, "2026-10-31");
	my $k = $d->{decisions};
	is({map { $_ => $k->{$_}{count} } keys %$k}, {keep => 1, delegate => 0, outsource => 1, drop => 0});
	is($k->{delegate}{rules}, {});
	is($d->{hours_bought_back}, 3); is($d->{spent}, 120);
	is($d->{cost_per_hour}, 40); is($d->{net_value}, 60);
	is($d->{by_month}, [{month => "2026-10", hours => 3, spent => 120}]);
	X
'

# 2026-11-01..2026-11-12, both included: bought back o2 only (o3 completed on
# the 15th): 2 h, 40, net 80, 20 per hour.
test_expect_success '--since and --until together, inclusive' '
	dlg report --since 2026-11-01 --until 2026-11-10 >out &&
	test_grep "^Report from 2026-11-01 to 2026-11-10$" out &&
	test_grep "^Handed off and done: 1 task$" out &&
	test_grep "^  cost per hour        20$" out &&
	test_grep "^  net value            80 (handing off paid)$" out &&
	dlg report --since 2026-11-11 --until 2026-11-12 >out &&
	test_grep "^Handed off and done: 0 tasks$" out &&
	test_grep "^  cost per hour        -$" out &&
	! grep -q "By channel" out
'

test_expect_success 'nothing bought back: JSON nulls where nothing is computable' '
	dlg report --since 2026-11-11 --until 2026-11-12 --json >out &&
	json_check out <<-\X
	is($d->{hours_bought_back}, 0); is($d->{spent}, 0);
	ok(exists $d->{cost_per_hour}, $d); is($d->{cost_per_hour}, undef);
	is($d->{by_channel}, []); is($d->{by_person}, []); is($d->{by_month}, []);
	X
'

test_expect_success 'without hourly_rate: no value, no net' '
	cp dlg.ini dlg.ini.orig &&
	sed "/^hourly_rate/d; /^\[rule too-dear\]/,/^because/d; /^\[rule low-return\]/,/^because/d" dlg.ini.orig >dlg.ini &&
	dlg report >out &&
	test_grep "^  my hourly rate       - (set hourly_rate in \[me\] of dlg.ini" out &&
	! grep -q "net value  " out &&
	dlg report --json >out &&
	json_check out <<-\X &&
	ok(exists $d->{$_}, $_) for qw(hourly_rate value net_value);
	is($d->{hourly_rate}, undef); is($d->{value}, undef); is($d->{net_value}, undef);
	ok(@{$d->{by_channel}} && exists $d->{by_channel}[0]{net_value}, $d->{by_channel});
	is($d->{by_channel}[0]{net_value}, undef);
	is($d->{spent}, 360); is($d->{cost_per_hour}, 36);
	X
	mv dlg.ini.orig dlg.ini
'

test_expect_success 'handing off that cost more than it saved' '
	task o4 <<-\X &&
	---
	decision: outsource
	rule: dislike
	decided: 2026-11-20
	status: done
	completed: 2026-11-21
	hours: 1
	cost: 500
	channel: upwork
	to: carol
	---
	X
	dlg report --since 2026-11-20 >out &&
	test_grep "^  net value            -440 (handing off cost more than my time was worth)$" out &&
	rm tasks/o4.md
'

test_expect_success 'bad dates and an empty period exit 2' '
	test_expect_code 2 dlg report --since 2026-13-01 >out 2>err &&
	test_grep "^dlg: --since: .2026-13-01. is not a date (YYYY-MM-DD, or today, tomorrow, +3d, 2w, friday, next week)$" err &&
	test ! -s out &&
	test_expect_code 2 dlg report --until someday 2>err &&
	test_grep "^dlg: --until: .someday. is not a date" err &&
	test_expect_code 2 dlg report --since 2026-12-01 --until 2026-11-01 2>err &&
	test_grep "^dlg: --since 2026-12-01 is after --until 2026-11-01" err &&
	test_expect_code 2 dlg report --since 2>err &&
	test_grep "needs a value" err
'

test_expect_success '--until today takes the fixed date' '
	dlg report --until today --json >out &&
	json_check out <<-\X
	is($d->{until}, "2026-11-22");
	X
'

test_done
