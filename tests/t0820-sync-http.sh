#!/bin/sh
# dlg sync with [sync] remote over git's smart HTTP, to a server this test
# starts on 127.0.0.1 (tests/lib/git-http.py: Basic authentication in front
# of git-http-backend), with the password from git's credential helpers:
# fetch, merge and push both ways; "store" told after a password worked and
# "erase" after one was refused; a wrong password, no helper at all and the
# server down each leave the work committed here, exit 1, said clearly.
. "$(dirname "$0")/lib.sh"

. "$TESTS_DIR/lib/http.sh"

why=
if ! command -v python3 >/dev/null 2>&1; then
	why="python3 is not installed (scripts/deps.sh installs it)"
elif [ ! -x "$BACKEND" ]; then
	why="git-http-backend is not at $BACKEND (Debian's git package has it)"
elif ! start_server; then
	why="the HTTP server would not start here: $(tail -n 2 "$H/err" 2>/dev/null | tr '\n' ' ')"
fi
if [ -n "$why" ]; then
	test_skip 'dlg sync over http' "$why"
	test_done
fi
URL=http://127.0.0.1:$PORT/tasks.git

# helper PASSWORD: a credential helper that answers ada and PASSWORD to
# "get" and notes each action with what it was told in $TRASH/helper.log
cat >"$TRASH/helper.sh" <<-\X
	#!/bin/sh
	echo "action=$2" >>"$TRASH/helper.log"
	cat >>"$TRASH/helper.log"
	[ "$2" = get ] && echo username=ada && echo password=$1
	exit 0
X
helper() {
	echo "!TRASH=$TRASH sh $TRASH/helper.sh $1"
}

converged() {
	want=$(git -C "$H/root/tasks.git" rev-parse main^{tree}) &&
	for _c in "$@"; do
		test "$(git -C "$TRASH/$_c" rev-parse HEAD^{tree})" = "$want" &&
		git -C "$TRASH/$_c" fsck --strict >/dev/null 2>&1 &&
		test -z "$(git -C "$TRASH/$_c" status --porcelain -- dlg.ini tasks people)" ||
		{ echo "$_c has not converged"; return 1; }
	done
}

test_expect_success 'a helper that knows the password: fetched, merged and pushed over http' '
	dlg init seed >/dev/null &&
	printf "\n[sync]\nremote = origin\n" >>seed/dlg.ini &&
	git -C seed commit -q -am "Share it" &&
	git clone -q --bare seed "$H/root/tasks.git" &&
	git -C "$H/root/tasks.git" config http.receivepack true &&
	git clone -q "$H/root/tasks.git" a && git clone -q "$H/root/tasks.git" b &&
	git -C a remote set-url origin "$URL" && git -C b remote set-url origin "$URL" &&
	git -C a config credential.helper "!f() { echo username=ada; echo password=s3cret; }; f" &&
	printf -- "---\ntitle: Gutters\nenjoy: yes\nhours: 3\n---\n" >a/tasks/gutters.md &&
	from=$(($(wc -l <"$H/log") + 1)) &&
	sync_in a &&
	test_grep "^pushed *to origin/main" out &&
	test "$(git -C "$H/root/tasks.git" rev-parse main)" = "$(git -C a rev-parse HEAD)" &&
	git -C "$H/root/tasks.git" show main:tasks/gutters.md >shown &&
	test_grep "^decision: keep" shown &&
	requests $from >log &&
	test_grep "^GET /tasks.git/info/refs?service=git-upload-pack 401 -" log &&
	test_grep "^GET /tasks.git/info/refs?service=git-upload-pack 200 ada" log &&
	test_grep "^POST /tasks.git/git-receive-pack 200 ada" log
'

test_expect_success 'a second clone, its password in git credential-store, shares both ways' '
	git -C b config credential.helper store &&
	echo "http://ada:s3cret@127.0.0.1:$PORT" >"$HOME/.git-credentials" &&
	from=$(($(wc -l <"$H/log") + 1)) &&
	sync_in b &&
	test_grep "^merged .*1 task from origin (fast-forward)" out &&
	requests $from >log &&
	test_grep "^POST /tasks.git/git-upload-pack 200 ada" log &&
	test_grep "^decision: keep" b/tasks/gutters.md &&
	sed -i "s/^hours: 3/hours: 4/" b/tasks/gutters.md &&
	sync_in b &&
	test_grep "^pushed *to origin/main" out &&
	sync_in a &&
	test_grep "^merged .*1 task from origin (fast-forward)" out &&
	test_grep "^hours: 4" a/tasks/gutters.md &&
	converged a b
'

test_expect_success 'helpers asked in config order; "store" told to all once it worked' '
	git -C a config credential.helper "store --file=$TRASH/creds-a" &&
	git -C a config --add credential.helper "$(helper s3cret)" &&
	rm -f helper.log &&
	sed -i "s/^hours: 4/hours: 5/" a/tasks/gutters.md &&
	sync_in a &&
	test_grep "^pushed" out &&
	test_grep "^action=get" helper.log &&
	test_grep "^action=store" helper.log &&
	! grep "^action=erase" helper.log &&
	sed -n "/^action=store/,/^$/p" helper.log >told &&
	test_grep "^protocol=http$" told &&
	test_grep "^host=127.0.0.1:$PORT$" told &&
	test_grep "^username=ada$" told &&
	test_grep "^password=s3cret$" told &&
	echo "http://ada:s3cret@127.0.0.1%3a$PORT" >expect &&
	test_cmp expect "$TRASH/creds-a" &&
	rm helper.log &&
	sed -i "s/^hours: 5/hours: 6/" a/tasks/gutters.md &&
	sync_in a &&
	test_grep "^pushed" out &&
	! grep "^action=get" helper.log
'

test_expect_success 'a wrong password: "erase" told, the work committed here, exit 1, said so' '
	git -C a config --unset-all credential.helper &&
	git -C a config credential.helper "$(helper wrong)" &&
	rm -f helper.log &&
	sed -i "s/^hours: 6/hours: 7/" a/tasks/gutters.md &&
	from=$(($(wc -l <"$H/log") + 1)) &&
	test_expect_code 1 sync_in a &&
	test_grep "cannot fetch from origin (http://127.0.0.1:$PORT/tasks.git): authentication failed" err &&
	test_grep "the server refused user .ada. with the password git.s credential helper gave" err &&
	test_grep "check the password and type it once with: git fetch origin" err &&
	test_grep "committed here, not pushed" err &&
	test_grep "^1 commit: .* Edit gutters" out &&
	test -z "$(git -C a status --porcelain -- tasks)" &&
	test "$(grep -c "^action=get" helper.log)" = 1 &&
	test "$(grep -c "^action=erase" helper.log)" = 1 &&
	! grep "^action=store" helper.log &&
	sed -n "/^action=erase/,/^$/p" helper.log >told &&
	test_grep "^password=wrong$" told &&
	requests $from >log &&
	test "$(grep -c " 401 " log)" -le 2 &&
	! grep " 200 " log
'

test_expect_success 'a wrong password git credential-store keeps is erased from it' '
	git -C a config credential.helper "store --file=$TRASH/creds-a" &&
	echo "http://ada:wrong@127.0.0.1%3a$PORT" >"$TRASH/creds-a" &&
	test_expect_code 1 sync_in a &&
	test_grep "the server refused user .ada." err &&
	test -f "$TRASH/creds-a" && ! test -s "$TRASH/creds-a"
'

test_expect_success 'no helper at all: said what to set up, the work committed here, exit 1' '
	git -C a config --unset-all credential.helper &&
	sed -i "s/^hours: 7/hours: 8/" a/tasks/gutters.md &&
	test_expect_code 1 sync_in a &&
	test_grep "cannot fetch from origin (http://127.0.0.1:$PORT/tasks.git): authentication failed" err &&
	test_grep "no credential helper gave one (dlg does not ask)" err &&
	test_grep "git config credential.helper store && git fetch origin" err &&
	test_grep "committed here, not pushed" err &&
	test_grep "^1 commit: .* Edit gutters" out &&
	test -z "$(git -C a status --porcelain -- tasks)"
'

test_expect_success 'doing what it says (git asks once, the helper keeps it) makes the next sync push' '
	rm -f "$HOME/.git-credentials" &&
	printf "#!/bin/sh\ncase \$1 in Username*) echo ada ;; *) echo s3cret ;; esac\n" >askpass &&
	chmod +x askpass &&
	(cd a && git config credential.helper store &&
		GIT_ASKPASS=$TRASH/askpass git fetch -q origin </dev/null) &&
	test_grep "^http://ada:s3cret@127.0.0.1%3a$PORT$" "$HOME/.git-credentials" &&
	sync_in a &&
	test_grep "^pushed *to origin/main" out
'

test_expect_success '[sync] remote set to the URL itself: told to name a git remote' '
	git clone -q "$H/root/tasks.git" u &&
	sed -i "s|^remote = origin|remote = $URL|" u/dlg.ini &&
	test_expect_code 1 sync_in u &&
	test_grep "\[sync\] remote in dlg.ini is .$URL., a URL, where it names a git remote" err &&
	test_grep "git remote add origin $URL, then set remote = origin" err &&
	test_grep "^1 commit: .* Edit dlg.ini" out
'

test_expect_success 'the server down: the work committed here, exit 1; pushed once it is back' '
	git -C a config credential.helper "$(helper s3cret)" &&
	stop &&
	sed -i "s/^hours: 8/hours: 9/" a/tasks/gutters.md &&
	test_expect_code 1 sync_in a &&
	test_grep "cannot fetch from origin (http://127.0.0.1:$PORT/tasks.git): failed to connect" err &&
	test_grep "committed here, not pushed: the next dlg sync pushes it" err &&
	test_grep "^1 commit: .* Edit gutters" out &&
	test -z "$(git -C a status --porcelain -- tasks)" &&
	start_server $PORT &&
	sync_in a &&
	test_grep "^pushed *to origin/main" out &&
	sync_in b &&
	converged a b &&
	test_grep "^hours: 9" b/tasks/gutters.md
'

test_done
