#!/bin/sh
# The house's floors: lib/ under formats/ under core/ under cmd/, each file
# including only from its floor and those below, always naming the header
# from the project root. scripts/check-floors.sh checks it (make lint runs
# it too); here it runs on the tree, and on small trees it must reject.
. "$(dirname "$0")/lib.sh"

CHECK="sh $DLG_BUILD_DIR/scripts/check-floors.sh"

test_expect_success 'every include of lib/, formats/, core/ and cmd/ keeps to its floor' '
	$CHECK "$DLG_BUILD_DIR"
'

# tree: a small tree whose every include is good
tree() {
	rm -rf tree && mkdir -p tree/lib tree/formats tree/core tree/cmd &&
	printf "#include <stdio.h>\n#include \"lib/a.h\"\n" >tree/lib/a.c &&
	printf "#include \"lib/a.h\"\n" >tree/lib/a.h &&
	printf "#include <yaml.h>\n#include \"formats/b.h\"\n#include \"lib/a.h\"\n" >tree/formats/b.c &&
	printf "#include \"formats/b.h\"\n#include \"lib/a.h\"\n#include \"core/c.h\"\n" >tree/core/c.c &&
	printf "#include \"cmd/d.h\"\n#include \"core/c.h\"\n#include \"formats/b.h\"\n" >tree/cmd/d.c
}

test_expect_success 'a tree that keeps its floors passes' '
	tree && $CHECK tree
'

# reject FILE 'INCLUDE LINE' 'expected message (grep pattern)'
reject() {
	test_expect_success "$1 may not have: $2" "
		tree &&
		printf '%s\n' '$2' >>tree/$1 &&
		test_must_fail \$CHECK tree 2>err &&
		test_grep '^$1:[0-9]*: $3' err &&
		test_grep 'check-floors: 1 include(s) off their floor' err
	"
}

reject lib/a.c '#include "formats/b.h"' 'include "formats/b.h" is on a floor above lib/, which may include only lib/$'
reject lib/a.h '#include "core/c.h"' 'include "core/c.h" is on a floor above lib/'
reject lib/a.c '  #  include "cmd/d.h"' 'include "cmd/d.h" is on a floor above lib/'
reject formats/b.c '#include "core/c.h"' 'include "core/c.h" is on a floor above formats/, which may include only lib/ and formats/$'
reject core/c.c '#include "cmd/d.h"' 'include "cmd/d.h" is on a floor above core/, which may include only lib/, formats/ and core/$'
reject core/c.c '#include "../lib/a.h"' 'include "../lib/a.h" is relative'
reject cmd/d.c '#include "./d.h"' 'include "./d.h" is relative'
reject core/c.c '#include "lib/../cmd/d.h"' 'include "lib/../cmd/d.h" is relative'
reject lib/a.c '#include "a.h"' 'include "a.h" names no floor'
reject cmd/d.c '#include "cmd.h"' 'include "cmd.h" names no floor'
reject core/c.c '#include "build/gen/x.h"' 'include "build/gen/x.h" is on no floor'
reject lib/a.c '#include <core/c.h>' 'include "core/c.h" is on a floor above lib/'
reject core/c.c '#include <lib/a.h>' 'include <lib/a.h> is a project header'

test_expect_success 'cmd/ may include from every floor' '
	tree &&
	printf "#include \"lib/a.h\"\n#include \"cmd/e.h\"\n" >>tree/cmd/d.c &&
	$CHECK tree
'

test_expect_success 'a copy of the tree with one include planted off its floor fails, naming it' '
	rm -rf copy && mkdir copy &&
	cp -R "$DLG_BUILD_DIR/lib" "$DLG_BUILD_DIR/formats" "$DLG_BUILD_DIR/core" \
		"$DLG_BUILD_DIR/cmd" copy/ &&
	$CHECK copy &&
	echo "#include \"core/task.h\"" >>copy/lib/strbuf.h &&
	test_must_fail $CHECK copy 2>err &&
	n=$(wc -l <copy/lib/strbuf.h) &&
	test_grep "^lib/strbuf.h:$n: include \"core/task.h\" is on a floor above lib/" err
'

test_expect_success 'a folder with none of the floors is an error, not a pass' '
	mkdir -p empty &&
	test_expect_code 2 $CHECK empty 2>err &&
	test_grep "no C files" err
'

test_done
