#!/bin/sh
# Lossless editing on the whole front-matter corpus: a sync changes only the
# lines of the fields dlg writes, keeps line endings, BOMs and modes, and does
# not rewrite a file it has nothing to change in.
. "$(dirname "$0")/lib.sh"

CORPUS=$TESTS_DIR/corpus/good

# has_front_matter FILE: its first line (after a BOM, before a CR) is ---
has_front_matter() {
	test "$(head -n 1 "$1" | LC_ALL=C sed 's/^\xef\xbb\xbf//' | tr -d '\r')" = "---"
}

# stamps: inode and modification time of every task file
stamps() {
	find tasks -type f -printf '%p %i %T@\n' | sort
}

# check_lossless: the diff between HEAD~1 and HEAD only adds or changes lines
# of dlg's fields, and only where the same key comes back (a value replaced);
# a changed file keeps every other byte of the corpus's; a file not in the
# diff is the corpus's file, not even rewritten (same inode and time).
check_lossless() {
	fail=0
	git diff --name-only HEAD~1 HEAD -- tasks | sort >"$TRASH/changed"
	git diff -U0 HEAD~1 HEAD -- tasks | awk -v keys="^[-+]$DLG_KEYS:( |\r?\$)" '
		/^diff --git / { file = $3; next }
		/^(--- a\/|\+\+\+ b\/|--- \/dev\/null|\+\+\+ \/dev\/null)/ { next }
		/^[-+]/ {
			if ($0 !~ keys) { print file ": not a field of dlg'\''s: " $0; bad = 1 }
			k = substr($0, 2); sub(/:.*/, "", k)
			if (substr($0, 1, 1) == "-") removed[file " " k] = 1; else added[file " " k] = 1
		}
		END {
			for (r in removed) if (!(r in added)) { print r " removed"; bad = 1 }
			exit bad
		}' || fail=1
	while read -r f; do
		grep -v -E "^$DLG_KEYS:" "$CORPUS/${f#tasks/}" >"$TRASH/a"
		grep -v -E "^$DLG_KEYS:" "$f" | cmp -s "$TRASH/a" - ||
			{ echo "$f: other bytes changed"; fail=1; }
	done <"$TRASH/changed"
	ls tasks/*.md | sort | comm -23 - "$TRASH/changed" >"$TRASH/same"
	test -s "$TRASH/same" || { echo "every file changed"; fail=1; }
	while read -r f; do
		cmp -s "$f" "$CORPUS/${f#tasks/}" || { echo "$f: changed outside a commit"; fail=1; }
	done <"$TRASH/same"
	sed 's/$/ /' "$TRASH/same" >"$TRASH/same.pat"
	grep -F -f "$TRASH/same.pat" "$TRASH/stamps.before" >"$TRASH/same.before"
	grep -F -f "$TRASH/same.pat" "$TRASH/stamps.after" >"$TRASH/same.after"
	test "$(wc -l <"$TRASH/same.before")" = "$(wc -l <"$TRASH/same")" &&
	cmp -s "$TRASH/same.before" "$TRASH/same.after" ||
		{ echo "rewritten with nothing to change:"; diff "$TRASH/same.before" "$TRASH/same.after"; fail=1; }
	return $fail
}
CR=$(printf '\r')
DLG_KEYS='"?(status|decision|rule|because|decided|channel|to|given|follow_up|completed)"?'

# the corpus in a repository, with the example rules (some files decided)
setup() {
	git init -q "$1" && mkdir "$1/tasks" "$1/people" &&
	for f in "$CORPUS"/*.md; do
		has_front_matter "$f" && cp "$f" "$1/tasks/"
	done
	write_file "$1/people/carol.md" <<-\X
	---
	name: Carol Diaz
	kind: contractor
	follow_up_days: 3
	---
	X
}

setup repo
cd repo
cp "$DLG_BUILD_DIR/examples/dlg.ini" dlg.ini
chmod 755 tasks/dlg-gutters.md
git add -A && git commit -q -m "The corpus"

test_expect_success 'the corpus is there, with the files dlg must handle' '
	test "$(ls tasks | wc -l)" -ge 30 &&
	test -f tasks/dlg-crlf.md && test -f tasks/dlg-bom.md && test -f tasks/dlg-bom-crlf.md &&
	test ! -f tasks/no-frontmatter.md
'

test_expect_success 'sync with the example rules' '
	stamps >"$TRASH/stamps.before" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	stamps >"$TRASH/stamps.after" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Decide " "$TRASH/out" &&
	test "$(git rev-list --count HEAD)" = 2
'

test_expect_success 'only dlg s fields changed; untouched files not rewritten' '
	check_lossless
'

test_expect_success 'some files were changed, and a value was replaced in place' '
	git diff --name-only HEAD~1 HEAD >"$TRASH/changed" &&
	test "$(wc -l <"$TRASH/changed")" -ge 5 &&
	test_grep "^tasks/dlg-crlf.md$" "$TRASH/changed" &&
	test_grep "^tasks/dlg-gutters.md$" "$TRASH/changed" &&
	grep -q "^status: open                 # new task$" tasks/dlg-comments-everywhere.md &&
	grep -q "^status: '\''open'\''$" tasks/dlg-quoted-status.md
'

test_expect_success 'CRLF files keep CRLF on every line, added ones included' '
	! LC_ALL=C grep -v "$(printf "\r")\$" tasks/dlg-crlf.md &&
	git diff HEAD~1 HEAD -- tasks/dlg-crlf.md | grep "^+[^+]" >"$TRASH/added" &&
	test -s "$TRASH/added" &&
	! LC_ALL=C grep -v "$(printf "\r")\$" "$TRASH/added"
'

test_expect_success 'a file s mode is kept' '
	test -x tasks/dlg-gutters.md &&
	git ls-tree HEAD tasks/dlg-gutters.md | grep -q "^100755 "
'

test_expect_success 'managed paths clean, repository sound' '
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	git fsck --no-progress --no-dangling
'

test_expect_success 'a second sync changes nothing at all' '
	stamps >"$TRASH/s1" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>/dev/null &&
	stamps >"$TRASH/s2" &&
	test_cmp "$TRASH/s1" "$TRASH/s2" &&
	test_grep "^nothing to commit$" "$TRASH/out"
'

# Every inbox task decided and handed to carol: dlg adds every field it can
# to every file it can, including BOM, CRLF, comment-only and empty ones.
cd "$TRASH"
setup all
cd all
cat >dlg.ini <<'X'
[me]
follow_up_days = 5

[rule everything]
if = yes
then = outsource
to = carol
because = it all goes to Carol
X
# a BOM and CRLF file, and one without a final newline, both decided
printf '\357\273\277---\r\ntitle: BOM and CRLF\r\nenjoy: yes  # yes\r\n---\r\nBody\r\n' >tasks/x-bom-crlf.md
printf -- '---\ntitle: No final newline\n---' >tasks/x-no-newline.md
printf -- '---\ntitle: Dots close it\n...\nBody\n' >tasks/x-dots.md
mkdir "$TRASH/corpus"
cp "$CORPUS"/*.md "$TRASH/corpus/"
cp tasks/x-*.md "$TRASH/corpus/"
CORPUS=$TRASH/corpus
git add -A && git commit -q -m "The corpus"

test_expect_success 'sync with a rule that decides everything' '
	stamps >"$TRASH/stamps.before" &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	stamps >"$TRASH/stamps.after" &&
	test_grep "^1 commit: [0-9a-f]\{7\} Decide [0-9]* tasks, hand off [0-9]*$" "$TRASH/out" &&
	git diff --name-only HEAD~1 HEAD >"$TRASH/changed" &&
	test "$(wc -l <"$TRASH/changed")" -ge 30
'

test_expect_success 'only dlg s fields changed; untouched files not rewritten' '
	check_lossless
'

test_expect_success 'the added lines follow each file s line endings, BOM kept' '
	for f in tasks/dlg-crlf.md tasks/x-bom-crlf.md; do
		! LC_ALL=C grep -v "$(printf "\r")\$" "$f" || { echo "$f: a line without CR"; exit 1; }
	done &&
	test "$(head -c 3 tasks/x-bom-crlf.md | od -An -tx1 | tr -d " ")" = efbbbf &&
	test "$(head -c 3 tasks/dlg-bom.md | od -An -tx1 | tr -d " ")" = efbbbf &&
	grep -q "^to: carol$(printf "\r")\$" tasks/x-bom-crlf.md &&
	! LC_ALL=C grep -q "$(printf "\r")" tasks/dlg-bom.md
'

test_expect_success 'the fields go just before the closing line, which stays as it was' '
	test "$(tail -c 4 tasks/x-no-newline.md)" = "
---" &&
	test "$(tail -n 2 tasks/x-no-newline.md | head -n 1)" = "follow_up: 2026-11-25" &&
	grep -B1 -x "\.\.\." tasks/x-dots.md | head -n 1 | grep -q "^follow_up: 2026-11-25$" &&
	test "$(tail -n 1 tasks/x-dots.md)" = Body
'

test_expect_success 'every decided file now reads back as waiting with carol' '
	for f in $(git diff --name-only HEAD~1 HEAD); do
		grep -q "^\"\{0,1\}status\"\{0,1\}: .\{0,1\}waiting" "$f" || { echo "$f: not waiting"; exit 1; }
		grep -q "^to: carol" "$f" || { echo "$f: not to carol"; exit 1; }
	done &&
	dlg check >"$TRASH/out" 2>"$TRASH/err";
	! grep -q "x-\|dlg-crlf\|dlg-bom" "$TRASH/err"
'

test_expect_success 'managed paths clean, repository sound' '
	test -z "$(git status --porcelain -- dlg.ini tasks people)" &&
	git fsck --no-progress --no-dangling
'

test_done
