#!/bin/sh
# bench.sh DLG: dlg at scale. Makes a task repository of BENCH_N task files
# (default 100000, about 600 bytes each, in 100 folders), commits it with git,
# then times: the first dlg sync (decides every task), a sync with nothing to
# do next to `git status`, and a sync after editing 100 files. Prints wall
# time and peak memory of each; fails when a no-op sync costs more than
# BENCH_MAX_RATIO (default 4) times `git status --porcelain`.
set -eu
dlg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
n=${BENCH_N:-100000}
max_ratio=${BENCH_MAX_RATIO:-4}
dir=$(mktemp -d "${TMPDIR:-/tmp}/dlg-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
export DLG_TODAY=2026-11-22 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org

# seconds and peak kB of a command, via GNU time when present
measure() {
	label=$1
	shift
	start=$(date +%s.%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%M' -o "$dir/.mem" "$@" >"$dir/.out" 2>&1 || true
		mem="$(cat "$dir/.mem" | tail -n 1) kB"
	else
		"$@" >"$dir/.out" 2>&1 || true
		mem="?"
	fi
	end=$(date +%s.%N)
	secs=$(echo "$start $end" | awk '{ printf "%.3f", $2 - $1 }')
	printf '%-40s %8s s  %12s\n' "$label" "$secs" "$mem"
	eval "t_$2=\$secs" 2>/dev/null || true
	last=$secs
}

cd "$dir"
git init -q repo
cd repo
cp "$(dirname "$dlg")/examples/dlg.ini" dlg.ini 2>/dev/null || "$dlg" init >/dev/null
mkdir -p tasks people
echo "making $n task files..."
awk -v n="$n" 'BEGIN {
	srand(42)
	for (i = 0; i < n; i++) {
		d = sprintf("tasks/area-%02d", i % 100)
		if (i < 100) system("mkdir -p " d)
		f = sprintf("%s/task-%06d.md", d, i)
		print "---" > f
		printf "title: Task number %d, written by hand\n", i > f
		printf "enjoy: %s\n", (i % 3 ? "no" : "yes") > f
		printf "skill: %s\n", (i % 5 ? "medium" : "low") > f
		printf "learn: no\nhours: %d\ncost: %d\n", 1 + i % 7, 20 + i % 300 > f
		printf "urgent: %s\nimportant: %s\n", (i % 2 ? "yes" : "no"), (i % 4 ? "yes" : "no") > f
		printf "tags: [bench, area-%02d]\ndue: 2026-12-%02d\n", i % 100, 1 + i % 28 > f
		print "---" > f
		print "Some notes about this task, as a person would write them in an editor." > f
		print "" > f
		print "## Brief" > f
		print "- [ ] the first thing to do" > f
		print "- [x] the second thing, done already" > f
		print "- [ ] the third thing, with a [link](https://example.org/)" > f
		close(f)
	}
}'
git add -A && git commit -qm "bench: $n tasks"
echo
printf '%-40s %10s  %12s\n' "operation" "wall" "peak memory"
measure "git status --porcelain (clean)" git status --porcelain
gs=$last
measure "dlg sync (first: decides every task)" "$dlg" sync
measure "git status --porcelain (after sync)" git status --porcelain
gs2=$last
measure "dlg sync (nothing to do)" "$dlg" sync
noop=$last
measure "dlg sync (nothing to do, again)" "$dlg" sync
noop2=$last
for i in $(seq 0 99); do
	printf 'extra: %d\n' "$i" >>"tasks/area-$(printf %02d $((i % 100)))/task-$(printf %06d "$i").md"
done
measure "dlg sync (100 files edited)" "$dlg" sync
measure "dlg list --all (every task)" "$dlg" list --all
measure "dlg check" "$dlg" check
git fsck --no-progress >/dev/null 2>&1 && echo "git fsck: clean" || echo "git fsck: PROBLEMS"
[ -z "$(git status --porcelain -- dlg.ini tasks people)" ] && echo "git status: clean for managed paths" || echo "git status: NOT clean"
ratio=$(echo "$noop2 $gs2" | awk '{ printf "%.1f", ($2 > 0 ? $1 / $2 : 0) }')
echo
echo "no-op sync / git status: $ratio (limit $max_ratio)"
awk -v r="$ratio" -v m="$max_ratio" 'BEGIN { exit !(r <= m) }' || { echo "bench: FAIL: a sync with nothing to do is too slow"; exit 1; }
echo "bench: ok"
