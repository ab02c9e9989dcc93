#!/bin/sh
# Every broken dlg.ini gets a one-line error naming its line, and stops
# every command that needs it (exit 2) before anything changes.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/bob.md <<'X'
---
name: Bob
kind: team
---
X
write_file tasks/gutters.md <<'X'
---
title: Clean the gutters
enjoy: no
---
X
git add -A && git commit -qm start

# ini_error 'description' 'expected message (a grep pattern)' <<dlg.ini
ini_error() {
	cat >dlg.ini.bad
	test_expect_success "$1" "
		cp dlg.ini.bad dlg.ini &&
		cp tasks/gutters.md before &&
		test_expect_code 2 dlg sync >out 2>err &&
		test_grep '$2' err &&
		test \$(wc -l <err) -eq 1 &&
		cmp before tasks/gutters.md &&
		test \$(git rev-list --count HEAD) -eq 1 &&
		test_expect_code 2 dlg explain gutters 2>err &&
		test_grep '$2' err &&
		test_expect_code 1 dlg check 2>err &&
		test_grep '$2' err &&
		git checkout -q dlg.ini
	"
}

ini_error 'unknown key, with did you mean' '^dlg.ini:4: unknown key .iff. in \[rule a\] (did you mean .if.?)$' <<'X'
[rule a]
if = enjoy
then = keep
iff = learn
X

ini_error 'unknown section, with did you mean' '^dlg.ini:1: unknown section \[chanel x\] (did you mean \[channel x\]?)$' <<'X'
[chanel x]
for = outsource
X

ini_error 'missing then' '^dlg.ini:2: \[rule b\] has no .then.' <<'X'

[rule b]
if = enjoy
X

ini_error 'a then that is no decision' "^dlg.ini:3: \[rule a\] then .maybe. is not keep, delegate, outsource or drop" <<'X'
[rule a]
if = enjoy
then = maybe
X

ini_error 'a to naming no person, with did you mean' "^dlg.ini:4: \[rule a\] to .bobb. names no file in people/ (did you mean .bob.?)" <<'X'
[rule a]
if = enjoy
then = delegate
to = bobb
X

ini_error 'duplicate rule name' "^dlg.ini:4: duplicate rule .a. (first at line 1)" <<'X'
[rule a]
if = enjoy
then = keep
[rule a]
if = learn
then = keep
X

ini_error 'a bad expression, with its column' "^dlg.ini:2: bad expression in \[rule a\] if, column 8: expected an operand after .>." <<'X'
[rule a]
if = cost > * 2
then = keep
X

ini_error 'a line that is not key = value' "^dlg.ini:2: expected .key = value." <<'X'
[rule a]
this is not ini
if = enjoy
then = keep
X

test_expect_success 'a missing dlg.ini stops sync with exit 2' '
	mv dlg.ini away &&
	test_expect_code 2 dlg sync 2>err &&
	test_grep "dlg.ini" err &&
	mv away dlg.ini
'

test_expect_success 'the default dlg.ini is clean' '
	dlg check >out 2>err &&
	test ! -s err
'

test_done
