#!/bin/sh
# dlg check: verdicts with line numbers on valid and broken files.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo

write_file tasks/gutters.md <<'X'
---
title: Clean the gutters
enjoy: no           # do I like doing it?
hours: 3
due: 2026-12-01
---
Leaves block the downspout every autumn.
X
write_file people/carol.md <<'X'
---
name: Carol Diaz
kind: contractor
---
X

test_expect_success 'valid repository: exit 0, summary on stdout' '
	dlg check >out 2>err &&
	test_grep "all valid" out &&
	test ! -s err
'

test_expect_success '--version and --help' '
	dlg --version | grep -q "^dlg [0-9]" &&
	dlg --help | grep -q "check" &&
	dlg help check | grep -q "usage: dlg check" &&
	dlg check --help | grep -q "usage: dlg check"
'

test_expect_success 'unknown command suggests the closest' '
	test_expect_code 2 dlg chek 2>err &&
	test_grep "did you mean .check." err
'

write_file tasks/dup.md <<'X'
---
title: One
hours: 2
title: Two
---
X
test_expect_success 'duplicate key: path:line:col and exit 1' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/dup.md:4:1: duplicate key .title. (first at line 2)" err
'
rm tasks/dup.md

write_file tasks/open.md <<'X'
---
title: Never closed
hours: 2
X
test_expect_success 'unclosed front-matter' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/open.md:1:1: unclosed front-matter" err
'
rm tasks/open.md

printf -- '---\r\ntitle: crlf\r\nhours: [1, 2\r\n---\r\n' >tasks/crlf.md
test_expect_success 'YAML syntax error in a CRLF file has its line' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/crlf.md:4:1: " err
'
rm tasks/crlf.md

printf -- '---\n- a\n- b\n---\n' >tasks/list.md
test_expect_success 'top level that is not a mapping' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/list.md:2:1: front-matter is not a mapping" err
'
rm tasks/list.md

write_file tasks/bad-values.md <<'X'
---
status: wating
due: tomorrow
rating: 9
to: carl
---
X
test_expect_success 'bad field values with did-you-mean' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/bad-values.md:2:9: status .wating. is not inbox, open, waiting, done or dropped (did you mean .waiting.?)" err &&
	test_grep "^tasks/bad-values.md:3:6: .due. must be a date" err &&
	test_grep "^tasks/bad-values.md:4:9: .rating. must be a whole number from 1 to 5" err &&
	test_grep "^tasks/bad-values.md:5:5: to .carl. names no file in people/ (did you mean .carol.?)" err
'

test_expect_success 'check PATH checks only that file' '
	dlg check tasks/gutters.md >out 2>err &&
	test_grep "1 file checked, all valid" out &&
	test_expect_code 1 dlg check tasks/bad-values.md 2>err &&
	test_grep "bad-values.md" err
'
rm tasks/bad-values.md

test_expect_success 'a missing path is a problem' '
	test_expect_code 1 dlg check tasks/nope.md 2>err &&
	test_grep "tasks/nope.md: cannot read" err
'

printf '\000\001binary' >tasks/binary.md
test_expect_success 'a binary file is reported, not a crash' '
	test_expect_code 1 dlg check 2>err &&
	test_grep "^tasks/binary.md:1:1: not a text file" err
'
rm tasks/binary.md

test_expect_success 'check works from a subfolder and with -C' '
	(cd tasks && dlg check >../out) &&
	test_grep "all valid" out &&
	cd .. && dlg -C repo check >out && cd repo &&
	test_grep "all valid" out
'

test_expect_success 'a rule reading a name no task sets is a warning' '
	cp dlg.ini dlg.ini.orig &&
	cat >>dlg.ini <<-X &&
	[rule typo]
	if = skill == low
	then = outsource
	X
	dlg check >out 2>err &&
	test_grep "warning: rule .typo. reads a field named .low., which no task sets" err &&
	mv dlg.ini.orig dlg.ini
'

test_expect_success 'a rule comparing with a bare word some task uses as a value: did you mean "low"?' '
	cp dlg.ini dlg.ini.orig &&
	write_file tasks/lowskill.md <<-X &&
	---
	skill: low
	---
	X
	cat >>dlg.ini <<-X &&
	[rule typo]
	if = skill == low
	then = outsource
	X
	dlg check >out 2>err &&
	test_grep "warning: rule .typo. reads a field named .low., which no task sets (did you mean \"low\"?)" err &&
	mv dlg.ini.orig dlg.ini &&
	rm tasks/lowskill.md
'

test_expect_success 'check dlg.ini reports each of its problems once' '
	cp dlg.ini dlg.ini.orig &&
	printf "\n[rule x]\nif = enjoy\nthen = delegate\nto = bobb\n" >>dlg.ini &&
	test_expect_code 1 dlg check dlg.ini 2>err &&
	test $(grep -c "to .bobb. names no file in people/" err) -eq 1 &&
	mv dlg.ini.orig dlg.ini
'

test_expect_success 'files dlg check never modifies' '
	cp tasks/gutters.md before &&
	dlg check >/dev/null &&
	cmp before tasks/gutters.md
'

test_done
