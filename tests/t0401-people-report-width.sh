#!/bin/sh
# dlg people and dlg report fit the terminal's width (COLUMNS): names are
# cut first, then the columns least needed are left out; ids, people and
# numbers are never cut in people, and report wraps what it can't cut.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
cat >>dlg.ini <<'X'

[channel a-channel-with-a-long-name-for-tests]
for = outsource
if = "long" in tags
X

write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X
write_file people/bartholomew-fitzgerald.md <<'X'
---
name: Bartholomew Fitzgerald-Montgomery
kind: professional
---
X
write_file tasks/o1.md <<'X'
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
rating: 4
---
X
write_file tasks/o2.md <<'X'
---
decision: outsource
rule: the-rule-with-a-very-long-name
decided: 2026-11-02
status: done
completed: 2026-11-15
hours: 1
cost: 900
channel: a-channel-with-a-long-name-for-tests
to: bartholomew-fitzgerald
---
X
write_file tasks/o3.md <<'X'
---
decision: outsource
rule: dislike
decided: 2026-11-03
status: waiting
to: bartholomew-fitzgerald
follow_up: 2026-11-20
---
X

# fits COLS FILE: no line of FILE is wider than COLS characters
fits() {
	perl -CSD -ne "chomp; die \"wider than $1: [\$_]\n\" if length > $1" "$2"
}

test_expect_success 'people: no width, every column, nothing cut' '
	dlg people >out &&
	test_grep "^id  *name  *kind  *handed  *done  *on time  *late  *open  *follow-ups  *rating  *spent$" out &&
	test_grep "^bartholomew-fitzgerald  Bartholomew Fitzgerald-Montgomery  professional " out
'

test_expect_success 'people at COLUMNS=80: names cut, kind left out, ids whole' '
	COLUMNS=80 dlg people >out &&
	fits 80 out &&
	cat >expect <<-\X &&
	id                      name    handed  done  on time  late  open  rating  spent
	bartholomew-fitzgerald  Barth…       2     1        1     0     1       -    900
	carol                   Carol…       1     1        1     0     0     4.0    120
	X
	test_cmp expect out
'

test_expect_success 'people at COLUMNS=60: the counts that matter stay' '
	COLUMNS=60 dlg people >out &&
	fits 60 out &&
	cat >expect <<-\X &&
	id                      handed  done  late  rating  spent
	bartholomew-fitzgerald       2     1     0       -    900
	carol                        1     1     0     4.0    120
	X
	test_cmp expect out
'

test_expect_success 'report at COLUMNS=60 and 80: every line fits' '
	for cols in 60 80; do
		COLUMNS=$cols dlg report >out &&
		fits $cols out || exit 1
	done
'

test_expect_success 'report at COLUMNS=60: long names cut, rules and notes wrapped' '
	COLUMNS=60 dlg report >out &&
	test_grep "^  outsource    3  bad-at 1, dislike 1,$" out &&
	test_grep "^                  the-rule-with-a-very-long-name 1$" out &&
	test_grep "^  net value            -780 (handing off cost more than my$" out &&
	test_grep "^                       time was worth)$" out &&
	test_grep "^  a-channel-with-a-long-nam…      1      1    900       -840$" out &&
	test_grep "^  bartholomew-fitzgerald      1      1    900       -840$" out
'

test_done
