#!/bin/sh
# bench.sh DLG: dlg at scale, side by side with git, in one run.
#
# For each N in BENCH_N (default "10000 100000") it makes a task repository
# of N files (about 600 bytes each, in 100 folders; a quarter of them say
# too little to be decided), commits it with git, and times every row below,
# each dlg command paired with its reference and the two run in turn
# (BENCH_RUNS times, default 5; the first-sync rows BENCH_SLOW_RUNS times,
# default 3 at 10,000 and 1 above), alternating which goes first. It prints
# the median, min and max wall time of each side, the ratio of the medians
# and the peak memory (RSS) of each side, checks the targets and writes the
# table with a description of the machine to bench/results/.
#
#   first sync             rewrite every file with one line + git add + commit
#   the sync right after   git status --porcelain
#   no-op, 25% undecided   git status --porcelain
#   no-op                  git status --porcelain
#   1 file edited          the same edit to another file + git add -A + commit
#   100 files edited       the same, 100 files
#   every file touched     touch every file, then git status --porcelain
#   list/agenda/people/report   git status --porcelain
#   check                  grep -rl (read every file)
#
# Exits 1 when a target is missed (after writing the results). BENCH_KEEP=1
# keeps the last repository (its path is printed).
set -eu
dlg=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$(dirname "$0")/.." && pwd)
sizes=${BENCH_N:-10000 100000}
runs=${BENCH_RUNS:-5}
out_dir=${BENCH_RESULTS:-$src/bench/results}
dir=$(mktemp -d "${TMPDIR:-/tmp}/dlg-bench.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$dir"' EXIT
export DLG_TODAY=2026-11-22 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=$dir/gitconfig LC_ALL=C
git config --global init.defaultBranch main
git config --global gc.auto 0

if [ ! -x /usr/bin/time ]; then
	echo "bench: GNU time (/usr/bin/time) is missing; make bench installs it" >&2
	exit 2
fi

# run ROW SIDE CMD...: run CMD once, append "seconds peak-kB" to ROW.SIDE
run() {
	f=$dir/res/$1.$2
	shift 2
	start=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$dir/.mem" "$@" >"$dir/.out" 2>&1 || {
		st=$?
		# dlg's 1 is "done, but"; anything else is a broken row
		if [ "$st" -ne 1 ]; then
			echo "bench: '$*' failed with status $st:" >&2
			tail -n 5 "$dir/.out" >&2
			exit 1
		fi
	}
	end=$(date +%s.%N)
	echo "$start $end $(tail -n 1 "$dir/.mem")" |
		awk '{ printf "%.4f %d\n", $2 - $1, $3 }' >>"$f"
}

# the task files; every fourth one says only its title, tags and due date
make_tasks() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++) {
			d = sprintf("tasks/area-%02d", i % 100)
			if (i < 100) system("mkdir -p " d)
			f = sprintf("%s/task-%06d.md", d, i)
			print "---" > f
			printf "title: Task number %d, written by hand\n", i > f
			if (i % 4 == 3) {
				print "note: says too little" > f
			} else {
				printf "enjoy: %s\nskill: %s\n", (i % 3 ? "no" : "yes"), (i % 5 ? "medium" : "low") > f
				printf "learn: no\nhours: %d\ncost: %d\n", 1 + i % 7, 20 + i % 300 > f
				printf "urgent: %s\nimportant: %s\n", (i % 2 ? "yes" : "no"), (i % 4 ? "yes" : "no") > f
			}
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
}

task_path() { printf 'tasks/area-%02d/task-%06d.md' $(($1 % 100)) "$1"; }

# edit K files starting at task FROM (a line added to the body)
edit_files() {
	i=$2
	while [ "$i" -lt $(($2 + $1)) ]; do
		echo "A line added in run $seq." >>"$(task_path "$i")"
		i=$((i + 1))
	done
}

# the references that are more than one command, as scripts to time
mkdir -p "$dir/bin"
printf '#!/bin/sh\ngit add -A && git commit -q -m "bench: edits"\n' >"$dir/bin/commit-all"
printf '#!/bin/sh\nfind tasks -name "*.md" -exec sed -i "2i added: yes" {} + &&\n%s\n' \
	"$dir/bin/commit-all" >"$dir/bin/rewrite-all"
chmod +x "$dir/bin/commit-all" "$dir/bin/rewrite-all"
commit_all=$dir/bin/commit-all
touch_all() { find tasks -name '*.md' -exec touch {} +; }

# untimed: what a person's last sync and git status leave behind, so that
# no row pays for the state the row before it left
settle() {
	"$dlg" sync >/dev/null 2>&1 || :
	git status --porcelain >/dev/null
}

# pair ROW N 'DLG-SETUP' 'DLG-CMD' 'REF-SETUP' 'REF-CMD' [AFTER]: N turns
pair() {
	row=$1 count=$2 k=1
	settle
	while [ "$k" -le "$count" ]; do
		seq=$((seq + 1))
		if [ $((k % 2)) -eq 1 ]; then
			eval "$3" && run "$row" dlg $4 && eval "$5" && run "$row" ref $6
		else
			eval "$5" && run "$row" ref $6 && eval "$3" && run "$row" dlg $4
		fi
		[ -z "${7:-}" ] || eval "$7"
		k=$((k + 1))
	done
}

# stats FILE: median min max peak-kB
stats() {
	sort -n "$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
		END { med = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
		      printf "%.3f %.3f %.3f %d\n", med, t[1], t[NR], m }'
}

machine() {
	echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "machine:  $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)," \
		"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
	echo "system:   $(uname -sr), $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
	echo "disk:     $(df -T "$dir" | awk 'NR == 2 { print $2 }') under $(dirname "$dir")"
	echo "versions: $("$dlg" --version), $(git --version), libgit2 $(pkg-config --modversion libgit2 2>/dev/null || echo '?')"
	echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
}

# report N: the table of one size, and the targets
report() {
	n=$1 missed=0
	printf '%-30s %-21s %-21s %6s %9s %9s  %s\n' row "dlg median (min-max)" \
		"reference" ratio "dlg peak" "ref peak" target
	for row in first right-after noop-undecided noop edit-1 edit-100 touch-all \
		list agenda people report check; do
		[ -f "$dir/res/$row.dlg" ] || continue
		set -- $(stats "$dir/res/$row.dlg")
		dm=$1 dmin=$2 dmax=$3 dkb=$4
		set -- $(stats "$dir/res/$row.ref")
		rm_=$1 rmin=$2 rmax=$3 rkb=$4
		ratio=$(awk -v a="$dm" -v b="$rm_" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		case $row in
		first) limit=2.0 ;;
		check) limit= ;;
		*) limit=1.0 ;;
		esac
		verdict=
		if [ -n "$limit" ]; then
			if awk -v r="$ratio" -v l="$limit" 'BEGIN { exit !(r <= l) }'; then
				verdict="<= $limit ok"
			else
				verdict="<= $limit MISSED"
				missed=$((missed + 1))
			fi
		fi
		if [ "$dkb" -gt $((150 * 1024)) ]; then
			verdict="$verdict; memory > 150 MiB MISSED"
			missed=$((missed + 1))
		fi
		printf '%-30s %-21s %-21s %6s %5d MiB %5d MiB  %s\n' \
			"$(label "$row")" "$(printf '%.3f (%.3f-%.3f)' "$dm" "$dmin" "$dmax")" \
			"$(printf '%.3f (%.3f-%.3f)' "$rm_" "$rmin" "$rmax")" "$ratio" \
			$((dkb / 1024)) $((rkb / 1024)) "${verdict#; }"
	done
	echo
	echo "targets missed at N = $n: $missed"
	[ "$missed" -eq 0 ]
}

label() {
	case $1 in
	first) echo "first sync (vs rewrite+commit)" ;;
	right-after) echo "sync right after the first" ;;
	noop-undecided) echo "no-op sync, 25% undecided" ;;
	noop) echo "no-op sync" ;;
	edit-1) echo "1 file edited (vs add+commit)" ;;
	edit-100) echo "100 files edited" ;;
	touch-all) echo "every file touched" ;;
	check) echo "check (vs grep -rl)" ;;
	*) echo "$1 (vs git status)" ;;
	esac
}

bench_one() {
	n=$1
	slow=${BENCH_SLOW_RUNS:-$([ "$n" -le 10000 ] && echo 3 || echo 1)}
	rm -rf "$dir/repo" "$dir/res"
	mkdir -p "$dir/res"
	git init -q "$dir/repo"
	cd "$dir/repo"
	cp "$src/examples/dlg.ini" dlg.ini
	mkdir -p tasks people
	cp "$src"/examples/people/*.md people/
	echo "bench: making $n task files..." >&2
	make_tasks "$n"
	git add -A && git commit -q -m "bench: $n tasks"
	base=$(git rev-parse HEAD)
	seq=0

	# first sync and the one right after, against rewriting every file
	k=1
	while [ "$k" -le "$slow" ]; do
		echo "bench: first sync, turn $k of $slow..." >&2
		run first ref "$dir/bin/rewrite-all"
		git reset -q --hard "$base"
		rm -rf .git/dlg
		run first dlg "$dlg" sync
		run right-after dlg "$dlg" sync
		run right-after ref git status --porcelain
		if [ "$k" -lt "$slow" ]; then
			git reset -q --hard "$base"
		fi
		k=$((k + 1))
	done

	echo "bench: no-op syncs, edits, reads..." >&2
	pair noop-undecided "$runs" : "$dlg sync" : "git status --porcelain"
	# give the quarter that said too little what the rules need (the next
	# pair's settle decides them)
	find tasks -name '*.md' -exec sed -i 's/^note: says too little$/enjoy: no\nskill: low\nlearn: no\nurgent: yes\nimportant: yes/' {} +
	pair noop "$runs" : "$dlg sync" : "git status --porcelain"
	pair edit-1 "$runs" 'edit_files 1 $((seq * 2))' "$dlg sync" \
		'edit_files 1 $((seq * 2 + 1))' "$commit_all" settle
	pair edit-100 "$runs" 'edit_files 100 $((seq * 200 % (n - 200)))' "$dlg sync" \
		'edit_files 100 $((seq * 200 % (n - 200) + 100))' "$commit_all" settle
	pair touch-all "$runs" touch_all "$dlg sync" touch_all "git status --porcelain"
	for c in list agenda people report; do
		pair "$c" "$runs" : "$dlg $c" : "git status --porcelain"
	done
	pair check "$(( (runs + 1) / 2 ))" : "$dlg check" : "grep -rl title: tasks"

	git fsck --no-progress >/dev/null 2>&1 && echo "git fsck: clean" || echo "git fsck: PROBLEMS"
	if [ -z "$(git status --porcelain -- dlg.ini tasks people)" ]; then
		echo "git status: clean for dlg's paths"
	else
		echo "git status: NOT clean for dlg's paths"
	fi
	echo
	cd "$src"
}

mkdir -p "$out_dir"
status=0
for n in $sizes; do
	stamp=$(date -u +%Y-%m-%dT%H%M)
	file=$out_dir/$stamp-$n.txt
	{
		echo "dlg bench, N = $n tasks, $runs runs per row (medians; seconds of wall time)"
		machine
		echo
		bench_one "$n"
		report "$n" || :
		echo "load:     $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	} 2>&1 | tee "$file.tmp"
	mv "$file.tmp" "$file"
	grep -q "^targets missed at N = $n: 0$" "$file" || status=1
	grep -q "NOT clean\|PROBLEMS" "$file" && status=1
	echo "bench: wrote ${file#"$src"/}" >&2
	[ -z "${BENCH_KEEP:-}" ] || echo "bench: kept $dir/repo" >&2
done
exit "$status"
