#!/bin/sh
# dlg explain: every rule tried, the values it saw, which held, the outcome,
# then the routing, in words a newcomer can follow.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
write_file people/luis.md <<'X'
---
name: Luis
kind: contractor
---
X
write_file tasks/home/gutters.md <<'X'
---
title: Clean the gutters
enjoy: no
skill: low
learn: no
hours: 3
cost: 120
urgent: yes
important: no
in_person: yes
tags: [home, seasonal]
---
X
write_file tasks/vague.md <<'X'
---
title: Something vague
---
X
write_file tasks/bad-type.md <<'X'
---
title: Type trouble
enjoy: no
learn: no
hours: lots
cost: 10
---
X

test_expect_success 'explain shows each rule, the values it saw, and the outcome' '
	dlg --no-color explain home/gutters >out &&
	cat >expect <<-\X &&
	home/gutters: Clean the gutters

	Rules, in order; the first that holds decides:
	   1. enjoy  if enjoy
	      saw enjoy=no
	      → does not hold
	   2. learning  if learn
	      saw learn=no
	      → does not hold
	   3. core-purpose  if purpose in me.core
	      saw purpose=(not set) me.core=[writing, coaching]
	      → unknown: a name it needs is not set, so it does not fire
	   4. too-dear  if cost > hours * me.hourly_rate
	      saw cost=120 hours=3 me.hourly_rate=60
	      → does not hold
	   5. unimportant  if not urgent and not important
	      saw urgent=yes important=no
	      → does not hold
	   6. day-eaters  if "admin" in tags or "email" in tags or "meeting" in tags or "scheduling" in tags
	      saw tags=[home, seasonal]
	      → does not hold
	   7. bad-at  if skill == "low" and not learn
	      saw skill="low" learn=no
	      → holds
	      = outsource, because I'"'"'m bad at it and won'"'"'t learn it
	  The 3 rules after it are not tried.

	Routing the outsource decision:
	   1. professional  if "pro" in tags
	      saw tags=[home, seasonal]
	      → does not hold
	   2. scheduling  if "meeting" in tags
	      saw tags=[home, seasonal]
	      → does not hold
	   3. uber  if "ride" in tags or "delivery" in tags or "food" in tags
	      saw tags=[home, seasonal]
	      → does not hold
	   4. taskrabbit  if in_person
	      saw in_person=yes
	      → holds
	  = channel taskrabbit (in-person help)
	  no one named yet

	What dlg sync would do:
	  status     (not set) → open
	  decision   (not set) → outsource
	  rule       (not set) → bad-at
	  because    (not set) → I'"'"'m bad at it and won'"'"'t learn it
	  decided    (not set) → 2026-11-22
	  channel    (not set) → taskrabbit
	  then it needs someone: add to: PERSON (or dlg give home/gutters PERSON)
	X
	test_cmp expect out
'

test_expect_success 'the last part of an id is enough when it is unique' '
	dlg --no-color explain gutters >out2 &&
	test_cmp out out2
'

test_expect_success 'a task that says too little stays in the inbox, and says what to add' '
	dlg --no-color explain vague >out &&
	test_grep "No rule holds." out &&
	test_grep "leave it in the inbox (no rule decided: add enjoy, learn, purpose or cost)" out
'

test_expect_success 'a type error names the rule and stops the decision' '
	test_expect_code 1 dlg --no-color explain bad-type >out &&
	test_grep "error: cannot multiply text by number" out &&
	test_grep "too-dear" out
'

test_expect_success 'unknown id: exit 2 and the closest match' '
	test_expect_code 2 dlg explain gutter 2>err &&
	test_grep "no task .gutter. (did you mean .gutters.?)" err
'

test_expect_success 'explain changes nothing' '
	test -z "$(git status --porcelain 2>/dev/null | grep -v "^??")" &&
	dlg explain gutters >/dev/null &&
	! grep -q "^status:" tasks/home/gutters.md
'

test_done
