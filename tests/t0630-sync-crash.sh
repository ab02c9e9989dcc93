#!/bin/sh
# A sync killed at any step loses nothing: each file is either as the
# person left it or as dlg wrote it, the repository stays sound, the next
# sync finishes the work, every change dlg made lands in a Dlg-Sync: commit
# with its reasons, and the index agrees with HEAD. The kills come from
# DLG_FAULT=POINT:N (SIGKILL at the N-th time the sync reaches POINT).
. "$(dirname "$0")/lib.sh"

# The base: a committed repository, then the person's own edits (one task
# edited, three new), not committed yet.
new_repo base
(
	cd base &&
	write_file people/carol.md <<-\X &&
	---
	name: Carol
	kind: contractor
	---
	X
	for t in alpha beta; do
		printf -- "---\ntitle: %s\nenjoy: yes\n---\n" $t >tasks/$t.md
	done &&
	git add -A && git commit -q -m Start &&
	printf -- "---\ntitle: alpha, edited by hand\nenjoy: yes\n---\nMy note.\n" >tasks/alpha.md &&
	printf -- "---\ntitle: gamma\nenjoy: no\nskill: low\nlearn: no\nto: carol\n---\n" >tasks/gamma.md &&
	printf -- "---\ntitle: delta\nenjoy: yes\nstatus: done\n---\n" >tasks/delta.md &&
	printf -- "---\ntitle: epsilon\nurgent: no\nimportant: no\n---\n" >tasks/epsilon.md
) || exit 1

# What a sync that is never interrupted leaves.
cp -a base ref && (cd ref && dlg sync >/dev/null 2>&1)
status=$?
[ $status -le 1 ] || { echo "Bail out! the reference sync failed"; exit 1; }

# fsck_clean DIR
fsck_clean() {
	git -C "$1" fsck --strict --no-progress >"$TRASH/fsck" 2>&1 ||
		{ echo "git fsck:"; cat "$TRASH/fsck"; return 1; }
}

# check_sound DIR: fsck clean, the index agrees with HEAD for managed paths
# (right after a kill between the branch and the index, as with git's own
# commit, the index is behind: the next sync puts it in step)
check_sound() {
	fsck_clean "$1" &&
	git -C "$1" diff --cached --quiet HEAD -- tasks people dlg.ini ||
		{ echo "index differs from HEAD:"; git -C "$1" diff --cached --stat HEAD; return 1; }
}

# old_or_new DIR: every task file is as in base or as in ref
old_or_new() {
	for f in base/tasks/*.md; do
		n=tasks/$(basename "$f")
		cmp -s "$1/$n" "base/$n" || cmp -s "$1/$n" "ref/$n" ||
			{ echo "$n is neither old nor new:"; cat "$1/$n"; return 1; }
	done
}

# dlg_fields_only_in_dlg_commits DIR: every commit after Start without the
# trailer holds each file it touches exactly as the person wrote it
dlg_fields_only_in_dlg_commits() {
	for c in $(git -C "$1" rev-list HEAD~0 --not "$(git -C "$1" rev-list --max-parents=0 HEAD)"); do
		git -C "$1" log -1 --format=%B "$c" | grep -q "^Dlg-Sync: " && continue
		for f in $(git -C "$1" show --format= --name-only "$c" -- tasks); do
			git -C "$1" show "$c:$f" | cmp -s - "base/$f" || {
				echo "commit $c ($(git -C "$1" log -1 --format=%s "$c")) holds $f not as written:"
				git -C "$1" show "$c:$f"
				return 1
			}
		done
	done
}

# same_tasks DIR: the tasks end as in ref, and nothing is left to commit
same_tasks() {
	for f in ref/tasks/*.md; do
		n=tasks/$(basename "$f")
		cmp -s "$1/$n" "ref/$n" || { echo "$n differs from an uninterrupted sync:"; diff "ref/$n" "$1/$n"; return 1; }
	done
	test -z "$(git -C "$1" status --porcelain -- tasks people dlg.ini)" ||
		{ echo "not clean:"; git -C "$1" status --porcelain; return 1; }
	test -z "$(ls -A "$1/tasks" | grep dlg-)" || { echo "temporary files left"; return 1; }
	test ! -e "$1/.git/dlg/journal" || { echo "journal left"; return 1; }
	test ! -e "$1/.git/index.lock" || { echo "index.lock left"; return 1; }
	test ! -e "$1/.git/dlg.lock" || { echo "dlg.lock left"; return 1; }
}

trial() { # trial POINT:N
	dir=$TRASH/trial-$(echo "$1" | tr : -)
	rm -rf "$dir" && cp -a base "$dir" &&
	(cd "$dir" && DLG_FAULT=$1 dlg sync >out 2>err)
	code=$?
	test $code = 137 || { echo "not killed at $1 (exit $code)"; cat "$dir/err"; return 1; }
	old_or_new "$dir" && fsck_clean "$dir" || return 1
	(cd "$dir" && dlg sync >out2 2>err2)
	code=$?
	test $code -le 1 || { echo "the next sync failed ($code):"; cat "$dir/err2"; return 1; }
	check_sound "$dir" && same_tasks "$dir" && dlg_fields_only_in_dlg_commits "$dir"
}

for point in locked:1 parsed:1 journal:1 \
	before-rename:1 before-rename:2 before-rename:4 \
	after-rename:1 after-rename:3 after-rename:4 \
	index-locked:1 index-locked:2 commit-written:1 commit-written:2 \
	ref-updated:1 ref-updated:2 index-written:1 index-written:2; do
	test_expect_success "killed at $point: nothing lost, the next sync finishes" "trial $point"
done

test_expect_success 'the reference sync itself is sound' '
	check_sound ref && dlg_fields_only_in_dlg_commits ref
'

test_done
