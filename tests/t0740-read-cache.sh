#!/bin/sh
# The read commands (list, agenda, people, report, board) are served from the
# cache a sync left, reading only files that changed since, and give exactly
# the answer a full parse gives; they never write anything.
. "$(dirname "$0")/lib.sh"

# answers DIR OUT: every read command's output (and exit status) in DIR
answers() {
	(
		cd "$1" &&
		for c in "list" "list --all" "list --status waiting" "list --tag podcast" \
			"list --due-before 2026-12-01" "agenda" "people" "report" \
			"report --since 2026-10-01" "list --all --json" "agenda --json" \
			"people --json"; do
			echo "== dlg $c"
			COLUMNS=200 dlg $c 2>&1
			echo "exit $?"
		done
	) >"$2"
}

# both DIR: the answers through the cache equal those of a full parse
both() {
	answers "$1" "$TRASH/cached" &&
	cache=$1/.git/dlg/cache &&
	cp "$cache" "$TRASH/cache.saved" &&
	(cd "$1" && git status --porcelain) >"$TRASH/status.before" &&
	answers "$1" "$TRASH/cached2" &&
	cmp -s "$cache" "$TRASH/cache.saved" || { echo "a read command wrote the cache"; return 1; }
	(cd "$1" && git status --porcelain) >"$TRASH/status.after" &&
	test_cmp "$TRASH/status.before" "$TRASH/status.after" &&
	mv "$cache" "$TRASH/cache.away" &&
	answers "$1" "$TRASH/parsed" &&
	mv "$TRASH/cache.away" "$cache" &&
	test_cmp "$TRASH/parsed" "$TRASH/cached" &&
	test_cmp "$TRASH/cached" "$TRASH/cached2"
}

cp -R "$DLG_BUILD_DIR/examples" ex && (cd ex && git init -q && git add -A && git commit -q -m examples)
(cd ex && dlg sync >/dev/null 2>&1)

test_expect_success 'examples: through the cache, the same answers as a full parse' '
	test -f ex/.git/dlg/cache &&
	both ex
'

test_expect_success 'examples, with files edited since the sync: still the same' '
	(cd ex && printf "\nA note.\n" >>tasks/home/clean-gutters.md &&
	 sed -i "s/^title: .*/title: A new title/" tasks/blog/november-newsletter.md &&
	 printf -- "---\ntitle: Fresh\nenjoy: no\n---\n- [ ] one\n- [x] two\n" >tasks/fresh.md &&
	 printf -- "---\ndue: 12/01/2026\n---\n" >tasks/bad-date.md) &&
	both ex
'

# a generated repository: all kinds of tasks
new_repo gen
(
	cd gen &&
	printf -- "---\nname: Ann\nkind: contractor\nfollow_up_days: 3\n---\n" >people/ann.md &&
	printf -- "---\nname: Tom\nkind: team\n---\n" >people/tom.md &&
	i=0
	while [ $i -lt 300 ]; do
		case $((i % 10)) in
		0) extra="enjoy: yes" ;;
		1) extra="enjoy: no\nskill: low\nlearn: no\nto: ann\ndue: 2026-11-2$((i % 9))" ;;
		2) extra="enjoy: no\ntags: [admin, email]\nto: tom" ;;
		3) extra="status: done\ndecision: outsource\nto: ann\ngiven: 2026-10-01\ncompleted: 2026-10-0$((1 + i % 9))\nrating: $((1 + i % 5))\nhours: 2\ncost: 30\nchannel: fiverr" ;;
		4) extra="title: no rule decides me" ;;
		5) extra="due: tomorrow" ;;
		6) extra="tags: blog, guide\nenjoy: yes\nhours: 1.5" ;;
		7) extra="Status: Waiting\ndecision: delegate\nto: tom\nfollow_up: 2026-11-1$((i % 9))" ;;
		8) extra="urgent: no\nimportant: no" ;;
		9) extra="to: nobody\ndecision: outsource" ;;
		esac
		mkdir -p tasks/g$((i % 7))
		printf -- "---\ntitle: Task %d\n$extra\n---\nBody %d.\n\n- [ ] a\n- [x] b\n" $i $i >tasks/g$((i % 7))/t$i.md
		i=$((i + 1))
	done &&
	git add -A && git commit -q -m generated &&
	dlg sync >/dev/null 2>&1
	true
)

test_expect_success 'a generated repository: the same answers as a full parse' '
	both gen
'

test_expect_success 'another day: follow-ups come due the same way both ways' '
	DLG_TODAY=2026-12-03 both gen
'

# "a-" sorts before "a" as a path (tasks/a-.md < tasks/a.md) and after it as
# an id: the commands that read tasks as the walk finds them still tell the
# problems in id order, as the commands that keep every task do
test_expect_success 'problems are told in the order of ids, not of paths' '
	new_repo order &&
	(
		cd order &&
		printf -- "---\ndue: 12/01/2026\n---\n" >tasks/a.md &&
		printf -- "---\ndue: 13/01/2026\n---\n" >tasks/a-.md &&
		git add -A && git commit -q -m two &&
		dlg sync >/dev/null 2>&1
		for c in list agenda people report; do
			dlg $c >/dev/null 2>"$TRASH/$c.err"
			grep -o "tasks/a-*\.md" "$TRASH/$c.err" | uniq >"$TRASH/$c.order" || return 1
			printf "tasks/a.md\ntasks/a-.md\n" >"$TRASH/expect" &&
			test_cmp "$TRASH/expect" "$TRASH/$c.order" || return 1
		done
	) &&
	both order
'

test_done
