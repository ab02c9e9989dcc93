#!/bin/sh
# dlg new: safe, unique ids from titles, typed KEY=VALUE fields, --in, -e.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
rm -rf tasks

# front-matter of a file: the lines between the first two --- lines
front_matter() {
	sed -n '2,/^---$/p' "$1" | sed '$d'
}

test_expect_success 'a title becomes a safe id; tasks/ is made when missing' '
	dlg new "Clean the gutters!" >"$TRASH/out" 2>"$TRASH/err" &&
	test ! -s "$TRASH/err" &&
	echo tasks/clean-the-gutters.md >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	head -n 1 tasks/clean-the-gutters.md | grep -qx -e "---" &&
	front_matter tasks/clean-the-gutters.md >"$TRASH/fm" &&
	echo "title: Clean the gutters!" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	dlg check tasks/clean-the-gutters.md >/dev/null
'

test_expect_success 'a taken id gets -2, then -3' '
	dlg new "Clean the gutters" >"$TRASH/out" &&
	dlg new "clean  the   GUTTERS" >>"$TRASH/out" &&
	printf "tasks/clean-the-gutters-2.md\ntasks/clean-the-gutters-3.md\n" >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/out" &&
	grep -q "^title: Clean the gutters$" tasks/clean-the-gutters-2.md &&
	grep -q "^title: clean  the   GUTTERS$" tasks/clean-the-gutters-3.md &&
	grep -q "^title: Clean the gutters!$" tasks/clean-the-gutters.md
'

test_expect_success 'slashes, dots and .. never make a path outside tasks/ or a dot file' '
	git init -q "$TRASH/box/r" && cp dlg.ini "$TRASH/box/r/" && cd "$TRASH/box/r" &&
	for title in "../../etc/.passwd" ".hidden" "a/b/c" "/abs/path" "..." "." "-" "  "; do
		dlg new -- "$title" >>"$TRASH/paths" || { echo "failed on [$title]"; exit 1; }
	done &&
	test "$(wc -l <"$TRASH/paths")" = 8 &&
	! grep -v "^tasks/[^./][^/]*\.md$" "$TRASH/paths" &&
	while read -r p; do test -f "$p" || exit 1; done <"$TRASH/paths" &&
	grep -q "^title: \.\./\.\./etc/\.passwd$" "$(sed -n 1p "$TRASH/paths")" &&
	# nothing else anywhere: only dlg.ini and the eight files under tasks/
	find "$TRASH/box" -path "$TRASH/box/r/.git" -prune -o -type f -print | sort >"$TRASH/made" &&
	{ echo "$TRASH/box/r/dlg.ini"; sed "s|^|$TRASH/box/r/|" "$TRASH/paths"; } | sort >"$TRASH/expect" &&
	test_cmp "$TRASH/expect" "$TRASH/made" &&
	test ! -e /abs/path.md && test ! -e /etc/.passwd.md && test ! -e /etc/passwd.md
'

test_expect_success 'KEY=VALUE fields are typed like front-matter' '
	dlg new "Typed" hours=3 enjoy=no due=2026-12-01 tags=home,seasonal cost=12.5 \
		in_person=Yes "note=a: b" "hash=#1" skill=low >"$TRASH/out" &&
	test "$(cat "$TRASH/out")" = tasks/typed.md &&
	front_matter tasks/typed.md >"$TRASH/fm" &&
	sed -n "1,6p;7s/: .*//p;8,10p" "$TRASH/fm" >"$TRASH/fm.head" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Typed
	hours: 3
	enjoy: no
	due: 2026-12-01
	tags: [home, seasonal]
	cost: 12.5
	in_person
	note: "a: b"
	hash: "#1"
	skill: low
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm.head" &&
	grep -qi "^in_person: yes$" tasks/typed.md &&
	dlg check tasks/typed.md >/dev/null
'

test_expect_success 'the typed values read back as typed (list --json)' '
	dlg list --all --json >"$TRASH/json" &&
	sed -n "/\"id\": \"typed\"/,/^  }/p" "$TRASH/json" >"$TRASH/typed.json" &&
	test_grep "\"hours\": 3," "$TRASH/typed.json" &&
	test_grep "\"enjoy\": false," "$TRASH/typed.json" &&
	test_grep "\"in_person\": true," "$TRASH/typed.json" &&
	test_grep "\"due\": \"2026-12-01\"," "$TRASH/typed.json" &&
	test_grep "\"note\": \"a: b\"," "$TRASH/typed.json" &&
	test_grep "\"hash\": \"#1\"," "$TRASH/typed.json"
'

test_expect_success 'a title or value that YAML would read as something else is quoted' '
	dlg new yes >"$TRASH/out" &&
	dlg new 2026-12-01 >>"$TRASH/out" &&
	dlg new "Fix: the tap" >>"$TRASH/out" &&
	dlg new "Say \"hi\"" >>"$TRASH/out" &&
	dlg new "Plain" "who=@me" "quote=[a" >>"$TRASH/out" &&
	test_grep "^title: \"yes\"$" tasks/yes.md &&
	test_grep "^title: \"2026-12-01\"$" tasks/2026-12-01.md &&
	test_grep "^title: \"Fix: the tap\"$" tasks/fix-the-tap.md &&
	dlg check $(cat "$TRASH/out") >"$TRASH/check" &&
	test_grep "5 files checked, all valid" "$TRASH/check" &&
	dlg list --all --json >"$TRASH/json" &&
	test_grep "\"title\": \"yes\"" "$TRASH/json" &&
	test_grep "\"title\": \"2026-12-01\"" "$TRASH/json" &&
	test_grep "\"title\": \"Say \\\\\"hi\\\\\"\"" "$TRASH/json" &&
	test_grep "\"who\": \"@me\"" "$TRASH/json"
'

test_expect_success 'an empty value is kept to fill in; a key read as yes or null is quoted' '
	dlg new "Fill in" to= due= yes=1 null=2 >"$TRASH/out" &&
	front_matter tasks/fill-in.md >"$TRASH/fm" &&
	cat >"$TRASH/expect" <<-\EOF &&
	title: Fill in
	to:
	due:
	"yes": 1
	"null": 2
	EOF
	test_cmp "$TRASH/expect" "$TRASH/fm" &&
	dlg check tasks/fill-in.md >/dev/null
'

test_expect_success '--in FOLDER puts it in tasks/FOLDER/, made when missing' '
	dlg new --in home/garden "Prune the roses" >"$TRASH/out" &&
	test "$(cat "$TRASH/out")" = tasks/home/garden/prune-the-roses.md &&
	test -f tasks/home/garden/prune-the-roses.md &&
	dlg list --all --json >"$TRASH/json" &&
	test_grep "\"id\": \"home/garden/prune-the-roses\"" "$TRASH/json"
'

test_expect_success '--in refuses a folder outside tasks/ or a dot folder' '
	for f in ../escaped /tmp .git a/../../b x/.y ""; do
		test_expect_code 2 dlg new --in "$f" "Escape" 2>"$TRASH/err" || exit 1
		test_grep "is not a folder name under tasks/" "$TRASH/err" || exit 1
	done &&
	test ! -e ../escaped && test ! -e ../escaped.md && test ! -e ../b &&
	find tasks -name "escape*" >"$TRASH/found" && test ! -s "$TRASH/found"
'

test_expect_success 'a bad KEY=VALUE exits 2 and writes nothing' '
	for kv in novalue "bad key=1" "=3" "1x=2" "a.b=c"; do
		test_expect_code 2 dlg new "Bad one" "$kv" 2>"$TRASH/err" || exit 1
		test_grep "is not KEY=VALUE" "$TRASH/err" || exit 1
	done &&
	test ! -e tasks/bad-one.md
'

test_expect_success 'no title is a usage error' '
	test_expect_code 2 dlg new 2>"$TRASH/err" &&
	test_grep "usage: dlg new" "$TRASH/err" &&
	test_expect_code 2 dlg new "" 2>"$TRASH/err" &&
	test_grep "title" "$TRASH/err"
'

cat >"$TRASH/editor" <<\X
#!/bin/sh
# a small editor: note the file it was given and add a line to it
echo "$1" >"$TRASH/edited"
printf 'Added by the editor.\n' >>"$1"
X
chmod +x "$TRASH/editor"
export TRASH

test_expect_success '-e opens $EDITOR on the new file' '
	EDITOR="$TRASH/editor" dlg new -e "Edit me" hours=2 >"$TRASH/out" &&
	test "$(cat "$TRASH/out")" = tasks/edit-me.md &&
	test "$(cat "$TRASH/edited")" = "$TRASH/repo/tasks/edit-me.md" &&
	test "$(tail -n 1 tasks/edit-me.md)" = "Added by the editor." &&
	grep -q "^hours: 2$" tasks/edit-me.md
'

test_expect_success '$VISUAL wins over $EDITOR, and the editor may take arguments' '
	rm -f "$TRASH/edited" &&
	VISUAL="$TRASH/editor" EDITOR=false dlg new "Visual" -e >/dev/null &&
	test "$(cat "$TRASH/edited")" = "$TRASH/repo/tasks/visual.md" &&
	EDITOR="sh $TRASH/editor" dlg new -e "With args" >/dev/null &&
	test "$(tail -n 1 tasks/with-args.md)" = "Added by the editor."
'

test_expect_success 'a failing editor: exit 2, the file is kept' '
	test_expect_code 2 env EDITOR=false dlg new -e "Editor fails" >/dev/null 2>"$TRASH/err" &&
	test_grep "editor" "$TRASH/err" &&
	test -f tasks/editor-fails.md
'

cat >"$TRASH/breaker" <<\X
#!/bin/sh
printf -- '---\ntitle: One\ntitle: Two\n---\n' >"$1"
X
chmod +x "$TRASH/breaker"

test_expect_success 'an editor leaving broken front-matter: exit 1 with path:line:col' '
	test_expect_code 1 env EDITOR="$TRASH/breaker" dlg new -e "Broken" >/dev/null 2>"$TRASH/err" &&
	test_grep "tasks/broken.md:3:1: duplicate key .title." "$TRASH/err"
'

test_expect_success 'the next sync commits the new files' '
	rm tasks/broken.md &&
	test_expect_code 1 dlg sync >"$TRASH/out" 2>"$TRASH/err" &&
	git ls-files tasks >"$TRASH/tracked" &&
	test_grep "^tasks/clean-the-gutters.md$" "$TRASH/tracked" &&
	test_grep "^tasks/home/garden/prune-the-roses.md$" "$TRASH/tracked" &&
	test -z "$(git status --porcelain -- dlg.ini tasks people)"
'

test_expect_success 'outside a task repository: exit 2' '
	mkdir "$TRASH/elsewhere" && cd "$TRASH/elsewhere" &&
	test_expect_code 2 dlg new "Lost" 2>"$TRASH/err" &&
	test -s "$TRASH/err" &&
	test ! -e tasks
'

test_done
