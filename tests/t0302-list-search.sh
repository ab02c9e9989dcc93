#!/bin/sh
# dlg list TEXT...: the tasks holding every word, without regard to case,
# in their id, title, field values or body; combined with the filters.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/carol.md <<'X'
---
name: Carol Diaz
---
X
write_file tasks/home/clean-gutters.md <<'X'
---
title: Clean the gutters
status: open
decision: keep
tags: [home, seasonal]
---
Leaves block the DOWNSPOUT every autumn.
X
write_file tasks/home/fix-tap.md <<'X'
---
title: Fix the kitchen tap
status: waiting
decision: outsource
to: carol
purpose: Household
---
It drips at night.
X
write_file tasks/taxes.md <<'X'
---
title: File the taxes
status: done
decision: outsource
---
Ask about the home office.
X
write_file tasks/notes.md <<'X'
---
title: Notes
# downspout in a comment is not a value
---
X

# a sync first, so that list reads the tasks through the cache, which keeps
# only some of their fields
git add . && git commit -q -m Start && dlg sync >/dev/null 2>&1

ids() {
	dlg list "$@" >out && sed 1d out | awk "{print \$1}"
}

test_expect_success 'a word of the title, any case' '
	ids GUTTERS >got &&
	echo home/clean-gutters >expect &&
	test_cmp expect got
'

test_expect_success 'a word of the body; not of a comment' '
	ids downspout >got &&
	echo home/clean-gutters >expect &&
	test_cmp expect got
'

test_expect_success 'a field value: a tag, a person, a purpose' '
	ids seasonal >got &&
	echo home/clean-gutters >expect &&
	test_cmp expect got &&
	ids carol >got &&
	echo home/fix-tap >expect &&
	test_cmp expect got &&
	ids household >got &&
	test_cmp expect got
'

test_expect_success 'every word must be there' '
	ids drips night >got &&
	echo home/fix-tap >expect &&
	test_cmp expect got &&
	dlg list drips gutters >out &&
	echo "no tasks match" >expect &&
	test_cmp expect out
'

test_expect_success 'combined with the filters; done tasks only with --all' '
	ids home >got &&
	printf "home/clean-gutters\nhome/fix-tap\n" >expect &&
	test_cmp expect got &&
	ids home --status waiting >got &&
	echo home/fix-tap >expect &&
	test_cmp expect got &&
	ids office >got &&
	test ! -s got &&
	ids office --all >got &&
	echo taxes >expect &&
	test_cmp expect got &&
	ids --tag home --all office >got &&
	test ! -s got
'

test_expect_success 'with --json too' '
	dlg list --json tap >out &&
	json_check out "is(scalar @\$d, 1); is(\$d->[0]{id}, \"home/fix-tap\")"
'

test_done
