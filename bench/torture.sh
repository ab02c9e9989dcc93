#!/bin/sh
# torture.sh DLG: nothing is lost, under kills and concurrency, measured.
#
# 1. Random kills: TORTURE_TRIALS (default 500) syncs of a repository with
#    the person's edits pending, each killed with SIGKILL, half at a random
#    step of the sync (DLG_FAULT=POINT:N), half after a random delay. After
#    each: every task file is as the person left it or as dlg writes it,
#    `git fsck --strict` is clean, the next sync completes, the index agrees
#    with HEAD, no commit without a Dlg-Sync: trailer holds dlg's fields.
# 2. A concurrency soak for TORTURE_SECONDS (default 60): three sync loops,
#    an editing loop (an editor saving by rename or in place) and a `git
#    commit` loop of an unrelated file, side by side. At the end: every edit
#    made is in HEAD, fsck is clean, and dlg's fields are only in its
#    commits.
# Prints trials, failures, edits made and edits lost; exits 1 on any loss.
set -u
dlg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
trials=${TORTURE_TRIALS:-500}
seconds=${TORTURE_SECONDS:-60}
ntasks=${TORTURE_TASKS:-60}
dir=$(mktemp -d "${TMPDIR:-/tmp}/dlg-torture.XXXXXX")
[ -n "${TORTURE_KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
export DLG_TODAY=2026-11-22 GIT_AUTHOR_NAME=torture GIT_AUTHOR_EMAIL=torture@example.org
export GIT_COMMITTER_NAME=torture GIT_COMMITTER_EMAIL=torture@example.org
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$dir/gitconfig DLG_LOCK_TIMEOUT=30
git config --global init.defaultBranch main
src=$(cd "$(dirname "$0")/.." && pwd)

points="locked parsed journal before-rename after-rename index-locked commit-written ref-updated index-written"

# make_base DIR: a committed repository, then edits the person has not
# committed: some tasks edited, some new
make_base() {
	git init -q "$1" && mkdir -p "$1/tasks" "$1/people" &&
	cp "$src/examples/dlg.ini" "$1/dlg.ini" &&
	printf -- "---\nname: Carol\nkind: contractor\n---\n" >"$1/people/carol.md" &&
	i=0
	while [ $i -lt "$ntasks" ]; do
		printf -- "---\ntitle: Task %d\nenjoy: %s\nskill: low\nlearn: no\nhours: %d\ncost: %d\n---\nNotes %d.\n" \
			$i "$([ $((i % 3)) = 0 ] && echo yes || echo no)" $((1 + i % 5)) $((10 + i * 7 % 300)) $i \
			>"$1/tasks/t$i.md"
		i=$((i + 1))
	done
	(cd "$1" && git add -A && git commit -q -m base) || return 1
	i=0
	while [ $i -lt "$ntasks" ]; do
		[ $((i % 4)) = 0 ] && printf "Edited by hand %d.\n" $i >>"$1/tasks/t$i.md"
		i=$((i + 1))
	done
	i=0
	while [ $i -lt 10 ]; do
		printf -- "---\ntitle: New %d\nenjoy: no\nskill: low\nlearn: no\nto: carol\n---\n" $i >"$1/tasks/new$i.md"
		i=$((i + 1))
	done
}

# check_trial DIR: the invariants after a kill and a completing sync
check_after() {
	d=$1
	for f in "$dir/base/tasks"/*.md; do
		n=tasks/$(basename "$f")
		cmp -s "$d/$n" "$dir/base/$n" || cmp -s "$d/$n" "$dir/ref/$n" || { echo "$n is neither old nor new"; return 1; }
	done
	git -C "$d" fsck --strict --no-progress >/dev/null 2>&1 || { echo "fsck after the kill"; return 1; }
	(cd "$d" && "$dlg" sync >/dev/null 2>&1)
	[ $? -le 1 ] || { echo "the next sync failed"; return 1; }
	git -C "$d" fsck --strict --no-progress >/dev/null 2>&1 || { echo "fsck"; return 1; }
	git -C "$d" diff --cached --quiet HEAD -- tasks people dlg.ini || { echo "index differs from HEAD"; return 1; }
	for f in "$dir/ref/tasks"/*.md; do
		cmp -s "$d/tasks/$(basename "$f")" "$f" || { echo "tasks/$(basename "$f") differs from an uninterrupted sync"; return 1; }
	done
	only_dlg_commits "$d"
}

# only_dlg_commits DIR: no commit without the trailer writes a field dlg
# writes (the person's tasks here never write them)
only_dlg_commits() {
	for c in $(git -C "$1" rev-list HEAD); do
		git -C "$1" log -1 --format=%B "$c" | grep -q "^Dlg-Sync: " && continue
		if git -C "$1" show --format= "$c" -- tasks |
			grep -qE "^\+(status|decision|rule|because|decided|channel|given|follow_up|completed):"; then
			echo "commit $c ($(git -C "$1" log -1 --format=%s "$c")) holds dlg's fields"; git -C "$1" show --format= "$c" -- tasks | grep -E "^[-+](status|decision|rule|because|decided|channel|given|follow_up|completed|to):" | head -8
			return 1
		fi
	done
}

rand() { # rand N: 0..N-1
	awk -v n="$1" -v s="$(od -An -N4 -tu4 /dev/urandom)" 'BEGIN { srand(s); print int(rand() * n) }'
}

echo "== random kills: $trials trials on $ntasks tasks"
make_base "$dir/base" || { echo "torture: cannot make the base repository"; exit 2; }
cp -a "$dir/base" "$dir/ref" && (cd "$dir/ref" && "$dlg" sync >/dev/null 2>&1)
failures=0 killed=0 t=0
while [ $t -lt "$trials" ]; do
	d=$dir/trial
	rm -rf "$d" && cp -a "$dir/base" "$d"
	if [ $((t % 2)) = 0 ]; then
		set -- $points
		shift "$(rand $#)"
		point="$1:$(($(rand 3) + 1))"
		# an inner shell takes the death notice, so none is printed here
		sh -c 'cd "$1" && DLG_FAULT=$2 "$3" sync >/dev/null 2>&1; exit $?' sh "$d" "$point" "$dlg" 2>/dev/null
		code=$?
		how="at $point"
	else
		delay=$(awk -v r="$(rand 1000)" 'BEGIN { printf "%.3f", r / 1000 * 0.25 }')
		(cd "$d" && exec "$dlg" sync >/dev/null 2>&1) &
		pid=$!
		sleep "$delay"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		code=$?
		how="after ${delay}s"
	fi
	[ $code -ge 128 ] && killed=$((killed + 1))
	if ! why=$(check_after "$d"); then
		failures=$((failures + 1))
		echo "trial $t (killed $how): $why"
	fi
	t=$((t + 1))
done
echo "trials: $trials, killed mid-sync: $killed, failures: $failures"

echo "== concurrency soak: ${seconds}s, 3 syncs, an editor, git commit"
rm -rf "$dir/soak" && make_base "$dir/soak" >/dev/null
s=$dir/soak
end=$(($(date +%s) + seconds))
edits=$dir/edits
: >"$edits"
sync_loop() {
	while [ "$(date +%s)" -lt $end ]; do (cd "$s" && "$dlg" sync -q >>"$dir/sync.log" 2>&1); done
}
edit_loop() {
	n=0
	while [ "$(date +%s)" -lt $end ]; do
		f=$s/tasks/t$(rand "$ntasks").md
		n=$((n + 1))
		if [ $((n % 2)) = 0 ]; then
			# an editor that saves by writing a new file and renaming it
			cp "$f" "$f.swp" 2>/dev/null && printf "soak edit %d\n" $n >>"$f.swp" && mv "$f.swp" "$f"
		else
			printf "soak edit %d\n" $n >>"$f"
		fi
		echo "$n" >>"$edits"
	done
}
commit_loop() {
	n=0
	while [ "$(date +%s)" -lt $end ]; do
		n=$((n + 1))
		echo "note $n" >>"$s/NOTES.txt"
		(cd "$s" && git add NOTES.txt 2>/dev/null && git commit -q -m "notes $n" -- NOTES.txt 2>/dev/null)
	done
}
sync_loop & p1=$!
sync_loop & p2=$!
sync_loop & p3=$!
edit_loop & p4=$!
commit_loop & p5=$!
wait $p1 $p2 $p3 $p4 $p5
(cd "$s" && "$dlg" sync -q >/dev/null 2>&1)
made=$(wc -l <"$edits")
lost=0
for n in $(cat "$edits"); do
	git -C "$s" grep -q -e "^soak edit $n\$" HEAD -- tasks || { lost=$((lost + 1)); echo "edit $n lost"; }
done
soak_bad=0
git -C "$s" fsck --strict --no-progress >/dev/null 2>&1 || { soak_bad=1; echo "soak: fsck not clean"; }
why=$(only_dlg_commits "$s") || { soak_bad=1; echo "soak: $why"; }
git -C "$s" diff --cached --quiet HEAD -- tasks people dlg.ini || { soak_bad=1; echo "soak: index differs from HEAD"; }
echo "soak: edits made: $made, edits lost: $lost, syncs' commits: $(git -C "$s" log --oneline --grep=^Dlg-Sync: | wc -l), git commits: $(git -C "$s" log --oneline --grep='^notes' | wc -l)"
echo "torture: $failures failed trials, $lost edits lost, $soak_bad broken soak"
[ "$failures" = 0 ] && [ "$lost" = 0 ] && [ "$soak_bad" = 0 ]
