#!/bin/sh
# check and sync read every field the same way: over the whole corpus of
# real-world-shaped files in tests/corpus (good and bad), the files and
# positions `dlg check` reports as errors are exactly those `dlg sync
# --dry-run` reports as invalid.
. "$(dirname "$0")/lib.sh"

new_repo repo
cd repo
n=0
for f in "$TESTS_DIR"/corpus/good/*.md "$TESTS_DIR"/corpus/bad/*.md; do
	[ -f "$f" ] || continue
	kind=$(basename "$(dirname "$f")")
	cp "$f" "tasks/$kind-$(basename "$f")"
	n=$((n + 1))
done
git add -A && git commit -q -m corpus

test_expect_success "the corpus is there ($n files)" '
	test $n -gt 40
'

test_expect_success 'check and sync --dry-run report the same files, lines and columns' '
	dlg check >out 2>err;
	grep -v ": warning: " err | grep "^tasks/" | sort >from-check &&
	dlg sync --dry-run >out 2>err;
	sed -n "s/^invalid  *//p" err | grep -v ": warning: " | grep "^tasks/" | sort >from-sync &&
	test -s from-check &&
	test_cmp from-check from-sync
'

test_expect_success 'and list reports the same ones' '
	dlg list --all >out 2>err;
	grep "^tasks/" err | grep -v ": warning: " | sort >from-list &&
	test_cmp from-check from-list
'

test_done
