#!/bin/sh
# fuzz.sh SECONDS BIN...: make fuzz. For each libFuzzer target
# build/fuzz/bin/fuzz_NAME (frontmatter, expr, config):
#   1. its seeds, taken from the tests and examples by scripts/fuzz-seeds.pl,
#      go into build/fuzz/corpus/NAME (scratch: kept between runs, and grown
#      by what the fuzzer finds) and its pathological inputs (an alias bomb,
#      deep nesting, 100,000 keys...) into build/fuzz/pathological/NAME;
#   2. each pathological input runs once and must finish within FUZZ_TIMEOUT
#      seconds (default 10) and FUZZ_RSS_MB megabytes (default 2048); those
#      that pass join the corpus;
#   3. the fuzzer runs for SECONDS on the corpus, under the same limits for
#      each input.
# A crash, a sanitizer report, a leak, a timeout or running out of memory is
# reported with its input (libFuzzer keeps it under build/fuzz/artifacts/NAME)
# and the top frames of its stack, and makes the run exit 1. Logs are in
# build/fuzz/logs. Run from the source tree; nothing is written into tests/.
set -u
[ $# -ge 2 ] || { echo "usage: fuzz.sh SECONDS BIN..." >&2; exit 2; }
secs=$1
shift
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
root=$(pwd)
out=$root/build/fuzz
status=0
summary=$out/logs/summary
mkdir -p "$out/logs" && : >"$summary" || exit 2
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# what went wrong, from a libFuzzer log
kind() {
	if grep -q 'ERROR: libFuzzer: timeout' "$1"; then
		echo "timeout (over $timeout s)"
	elif grep -q 'ERROR: libFuzzer: out-of-memory' "$1"; then
		echo "out of memory (over $rss MB): $(sed -n 's/.*out-of-memory (\(.*\))$/\1/p' "$1" | head -n 1)"
	elif grep -q 'ERROR: LeakSanitizer' "$1"; then
		echo "memory leak"
	elif grep -q 'ERROR: AddressSanitizer' "$1"; then
		sed -n 's/.*ERROR: \(AddressSanitizer: [a-z-]*\).*/\1/p' "$1" | head -n 1
	elif grep -q 'runtime error: ' "$1"; then
		sed -n 's/.*runtime error: /UndefinedBehaviorSanitizer: /p' "$1" | head -n 1
	elif grep -q 'ERROR: libFuzzer: deadly signal' "$1"; then
		echo "crash (deadly signal)"
	else
		echo "failed, see $1"
	fi
}

# the first stack's frames in the source tree, top first, up to the target's
# entry; a run of one function (recursion) shown once with its count
frames() {
	awk -v root="$root/" '
	/^ *#0 / && seen++ { exit }
	/^ *#[0-9]+ 0x[0-9a-f]+ in / && index($5, root) == 1 {
		fn = $4
		where = $5
		sub(root, "", where)
		sub(/:[0-9]+$/, "", where)
		if (fn == last) { count++; next }
		flush()
		last = fn; at = where; count = 1
		if (fn == "LLVMFuzzerTestOneInput") exit
	}
	function flush() {
		if (last == "") return
		printf "      %s %s%s\n", last, at, (count > 1 ? " (x" count ")" : "")
		last = ""
		if (++shown >= 8) exit
	}
	END { flush() }
	' "$1"
}

# the failing input: where libFuzzer wrote it, its size and its start
show_input() {
	art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -n 1)
	[ -n "$art" ] || art=${2:-}
	[ -n "$art" ] && [ -f "$art" ] || return 0
	echo "    input: ${art#"$root"/} ($(wc -c <"$art") bytes), starting:"
	head -c 160 "$art" | tr -c '[:print:]\n' '.' | head -n 4 | awk '{ print "      | " $0 }'
}

for bin in "$@"; do
	name=${bin##*/fuzz_}
	corpus=$out/corpus/$name
	patho=$out/pathological/$name
	art=$out/artifacts/$name
	logs=$out/logs/$name
	rm -rf "$patho" "$logs"
	mkdir -p "$corpus" "$patho" "$art" "$logs" || exit 2
	nseeds=$(perl scripts/fuzz-seeds.pl "$name" "$corpus" "$patho") || exit 2
	echo "== $name: $nseeds seeds, $(ls "$corpus" | wc -l) inputs in build/fuzz/corpus/$name"

	for input in "$patho"/*; do
		[ -f "$input" ] || continue
		p=${input##*/}
		log=$logs/pathological-$p.log
		if "$bin" -timeout="$timeout" -rss_limit_mb="$rss" -artifact_prefix="$art/" "$input" >"$log" 2>&1; then
			ms=$(sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p' "$log")
			echo "   ok   pathological $p ($(wc -c <"$input") bytes, $ms ms)"
			[ "$(wc -c <"$input")" -gt 4096 ] || cp "$input" "$corpus/"
		else
			k=$(kind "$log")
			echo "   FAIL pathological $p ($(wc -c <"$input") bytes): $k"
			frames "$log"
			echo "    input: build/fuzz/pathological/$name/$p"
			echo "$name: pathological $p: $k" >>"$summary"
			status=1
		fi
	done

	log=$logs/fuzz.log
	echo "   fuzzing for $secs s (log: ${log#"$root"/})"
	"$bin" -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb="$rss" \
		-artifact_prefix="$art/" -print_final_stats=1 "$corpus" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
	cov=$(sed -n 's/^#[0-9]*[[:space:]].*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, ft \2/p' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		echo "   ok   ${execs:-0} runs, $cov"
		echo "$name: ${execs:-0} runs in $secs s, $cov: ok" >>"$summary"
	else
		k=$(kind "$log")
		echo "   FAIL after ${execs:-0} runs: $k"
		frames "$log"
		show_input "$log"
		echo "$name: ${execs:-0} runs: $k" >>"$summary"
		status=1
	fi
done

echo "== fuzz summary (FUZZ_S=$secs per target)"
cat "$summary"
exit $status
