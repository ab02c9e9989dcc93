#!/bin/sh
# check-floors.sh [ROOT]: every #include of the C files in ROOT's (default:
# .) lib/, formats/, core/ and cmd/ keeps to the house's floors:
#   lib/      may include lib/
#   formats/  lib/ and formats/
#   core/     lib/, formats/ and core/
#   cmd/      any floor
# and names the project header from the root ("lib/util.h"): a relative
# "../x.h" or "./x.h", a bare "x.h" or a project header in <> fails too.
# System and library headers (<stdio.h>, <git2.h>) are free. Prints one
# path:line: message per bad include and exits 1 when there is one.
# make lint and tests/t0910-floors.sh run it.
set -u
cd "${1:-.}" || exit 2
files=$(find lib formats core cmd -name '*.[ch]' 2>/dev/null | LC_ALL=C sort)
[ -n "$files" ] || { echo "check-floors: no C files under lib/, formats/, core/, cmd/ in $(pwd)" >&2; exit 2; }

# shellcheck disable=SC2086
awk '
BEGIN {
	rank["lib"] = 0; rank["formats"] = 1; rank["core"] = 2; rank["cmd"] = 3
	may["lib"] = "lib/"
	may["formats"] = "lib/ and formats/"
	may["core"] = "lib/, formats/ and core/"
}
FNR == 1 {
	floor = FILENAME
	sub(/\/.*/, "", floor)
}
function bad(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg >"/dev/stderr"
	nbad++
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	inc = $0
	sub(/^[^"]*"/, "", inc)
	sub(/".*/, "", inc)
	check(inc, 0)
}
/^[ \t]*#[ \t]*include[ \t]*</ {
	inc = $0
	sub(/^[^<]*</, "", inc)
	sub(/>.*/, "", inc)
	top = inc
	sub(/\/.*/, "", top)
	if (top in rank && inc != top)
		check(inc, 1)
}
function check(inc, angle,    top) {
	if (inc ~ /^\.\.?\// || inc ~ /\/\.\.?\//) {
		bad("include \"" inc "\" is relative; name it from the project root (\"lib/util.h\")")
		return
	}
	if (inc !~ /\//) {
		bad("include \"" inc "\" names no floor; name it from the project root (\"lib/util.h\")")
		return
	}
	top = inc
	sub(/\/.*/, "", top)
	if (!(top in rank)) {
		bad("include \"" inc "\" is on no floor (lib/, formats/, core/, cmd/)")
		return
	}
	if (rank[top] > rank[floor]) {
		bad("include \"" inc "\" is on a floor above " floor "/, which may include only " may[floor])
		return
	}
	if (angle)
		bad("include <" inc "> is a project header; write \"" inc "\"")
}
END {
	if (nbad)
		printf "check-floors: %d include(s) off their floor\n", nbad >"/dev/stderr"
	exit nbad > 0
}
' $files
