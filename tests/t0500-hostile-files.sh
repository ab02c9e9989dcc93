#!/bin/sh
# Task files dlg refuses to read: an alias bomb ("billion laughs"), a
# front-matter over 1 MiB, an unresolved merge conflict, TOML front-matter.
# check, list and sync each report them as path:line:col: message, in
# little time and memory, never change them, and go on with the others.
. "$(dirname "$0")/lib.sh"

# A command with 1 GB of address space and 20 s of CPU: a runaway parse
# fails here instead of taking the machine (dlg needs a few MiB). Under
# AddressSanitizer, which maps terabytes it never uses, 1 GB of memory.
bounded() {
	if [ -n "${DLG_SAN_LOG:-}" ]; then
		(
			ulimit -t 60 && export ASAN_OPTIONS="${ASAN_OPTIONS:-}:hard_rss_limit_mb=1000" &&
			"$@"
		)
	else
		(
			ulimit -v 1000000 && ulimit -t 20 && "$@"
		)
	fi
}

new_repo repo
cd repo
git add dlg.ini && git commit -q -m "Start"

cp "$TESTS_DIR/corpus/bad/alias-bomb.md" tasks/bomb.md
cp "$TESTS_DIR/corpus/bad/toml-frontmatter.md" tasks/hugo.md
cp "$TESTS_DIR/corpus/bad/conflict-frontmatter.md" tasks/gate.md
perl -e 'print "---\ntitle: Huge\nnote: ", "x" x (1 << 20), "\n---\n"' >tasks/huge.md
write_file tasks/rake.md <<'X'
---
title: Rake the leaves
enjoy: yes
---
X
write_file tasks/sweep.md <<'X'
---
title: Sweep the yard
who: &me Ada
reviewer: *me
helpers: [*me, *me]
enjoy: yes
---
X
mkdir "$TRASH/orig"
for f in bomb hugo gate huge; do cp tasks/$f.md "$TRASH/orig/"; done

cat >"$TRASH/invalid" <<-\EOF
tasks/bomb.md:6:29: too many aliases (limit 10000): dlg reads at most 10000 values through aliases
tasks/gate.md:3:1: unresolved merge conflict: keep what you want, delete the <<<<<<<, ======= and >>>>>>> lines
tasks/huge.md:1:1: front-matter is larger than 1 MiB; dlg reads at most 1 MiB
tasks/hugo.md:1:1: TOML front-matter ('+++'): dlg reads and edits only YAML front-matter, between '---' lines
EOF

test_expect_success 'check: each file reported with its line and column, exit 1' '
	test_expect_code 1 bounded dlg check >"$TRASH/out" 2>"$TRASH/err" &&
	test_cmp "$TRASH/invalid" "$TRASH/err" &&
	test_grep "^4 problems in 7 files checked$" "$TRASH/out"
'

test_expect_success 'list: the others listed, the invalid ones on stderr, exit 1' '
	test_expect_code 1 bounded dlg list >"$TRASH/out" 2>"$TRASH/err" &&
	test_cmp "$TRASH/invalid" "$TRASH/err" &&
	test_grep "^rake  *inbox " "$TRASH/out" &&
	test_grep "^sweep  *inbox " "$TRASH/out" &&
	test "$(wc -l <"$TRASH/out")" = 3
'

test_expect_success 'sync: the others decided, the invalid ones left as they are' '
	test_expect_code 1 bounded dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	sed "s/^/invalid    /" "$TRASH/invalid" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/err" &&
	test_grep "^decided  *rake  *keep" "$TRASH/out" &&
	test_grep "^decided  *sweep  *keep" "$TRASH/out" &&
	grep -q "^reviewer: \*me$" tasks/sweep.md &&
	for f in bomb hugo gate huge; do
		cmp tasks/$f.md "$TRASH/orig/$f.md" &&
		git cat-file blob HEAD:tasks/$f.md | cmp - "$TRASH/orig/$f.md" || exit 1
	done &&
	git show --name-only --format= HEAD >"$TRASH/files" &&
	printf "tasks/rake.md\ntasks/sweep.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/files"
'

test_expect_success 'the TOML page never gets a YAML block, sync after sync' '
	test_expect_code 1 bounded dlg sync >/dev/null 2>&1 &&
	test "$(head -n 1 tasks/hugo.md)" = "+++" &&
	cmp tasks/hugo.md "$TRASH/orig/hugo.md"
'

test_expect_success 'once the conflict is resolved, the task is decided' '
	write_file tasks/gate.md <<-\EOF &&
	---
	title: Fix the garden gate
	status: open
	hours: 2
	decision: keep
	---
	The latch is loose.
	EOF
	test_expect_code 1 bounded dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	! grep -q gate.md "$TRASH/err" &&
	git show HEAD~1:tasks/gate.md | grep -q "^status: open$"
'

test_done
