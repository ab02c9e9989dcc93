#!/bin/sh
# The README's tour, run as a stranger would follow it (scripts/tour.pl):
# in a fresh folder, every command it shows prints what it shows, commit ids
# and the home folder aside. After a change of output, `make tour` rewrites
# the README's outputs; read the diff before committing it.
. "$(dirname "$0")/lib.sh"

test_expect_success 'every command of the README tour prints what the README shows' '
	perl "$DLG_BUILD_DIR/scripts/tour.pl" --check "$DLG_BUILD_DIR/README.md" >out 2>&1 ||
	{ cat out; echo "(make tour rewrites the README outputs that changed)"; false; }
'

test_expect_success 'the tour makes every file it uses: a person before give' '
	sed -n "/^<!-- tour -->$/,/^<!-- end of tour -->$/p" "$DLG_BUILD_DIR/README.md" >tour &&
	test_grep "^\$ dlg init$" tour &&
	test_grep "^\$ cat >people/luis.md <<EOF$" tour &&
	test $(grep -n "^\$ cat >people/luis.md" tour | cut -d: -f1) -lt \
		$(grep -n "^\$ dlg give clean-the-gutters luis" tour | cut -d: -f1)
'

test_expect_success 'the README says how dlg gets on the PATH from a fresh clone' '
	test_grep "^make install PREFIX=\"\$HOME/.local\"" "$DLG_BUILD_DIR/README.md" &&
	test_grep "export PATH=\"\$HOME/.local/bin:\$PATH\"" "$DLG_BUILD_DIR/README.md"
'

test_expect_success 'the check fails when an output differs, and names the command' '
	cp "$DLG_BUILD_DIR/README.md" README.md &&
	sed -i "s/^tasks\/write-the-newsletter.md$/tasks\/write-a-newsletter.md/" README.md &&
	test_must_fail perl "$DLG_BUILD_DIR/scripts/tour.pl" --check README.md >out 2>&1 &&
	test_grep "^\$ dlg new \"Write the newsletter\"" out &&
	test_grep "1 of [0-9]* outputs differ" out &&
	perl "$DLG_BUILD_DIR/scripts/tour.pl" --update README.md >/dev/null &&
	cmp README.md "$DLG_BUILD_DIR/README.md"
'

test_done
