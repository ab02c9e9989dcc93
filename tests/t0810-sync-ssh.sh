#!/bin/sh
# dlg sync with [sync] remote over ssh, to an sshd this test starts on
# 127.0.0.1 with its own config, a generated host key and user key, and
# ssh-agent holding the key: fetch, merge key by key, push; a key in
# ~/.ssh without the agent; no key at all, an unknown host, the server down.
. "$(dirname "$0")/lib.sh"

# libgit2 1.5.1's ssh transport leaks libssh2's known_hosts list (see there)
LSAN_OPTIONS="suppressions=$TESTS_DIR/lib/lsan-ssh.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
SSHD=/usr/sbin/sshd
S=$TRASH/ssh
mkdir -p "$S" "$HOME/.ssh"
agent_pid=

stop() {
	[ -f "$S/sshd.pid" ] && kill "$(cat "$S/sshd.pid")" 2>/dev/null
	[ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
	rm -f "$S/sshd.pid"
}
trap 'stop; cd /; rm -rf "$TRASH"' EXIT

# start_sshd: on the first free high port of a few; 0 when it listens
start_sshd() {
	ssh-keygen -q -t ed25519 -N "" -C host -f "$S/host_key" &&
	ssh-keygen -q -t ed25519 -N "" -C user -f "$S/user_key" &&
	cp "$S/user_key.pub" "$S/authorized_keys" || return 1
	# as root, sshd wants its privilege separation folder
	if [ "$(id -u)" = 0 ] && [ ! -d /run/sshd ]; then
		mkdir -p /run/sshd && chmod 755 /run/sshd
	fi
	for try in 1 2 3 4 5; do
		PORT=$((20000 + ($$ * 7 + try * 131) % 20000))
		cat >"$S/sshd_config" <<-X
		Port $PORT
		ListenAddress 127.0.0.1
		HostKey $S/host_key
		PidFile $S/sshd.pid
		AuthorizedKeysFile $S/authorized_keys
		StrictModes no
		UsePAM no
		PasswordAuthentication no
		KbdInteractiveAuthentication no
		PubkeyAuthentication yes
		PermitRootLogin prohibit-password
		LogLevel ERROR
		X
		"$SSHD" -f "$S/sshd_config" -E "$S/log" 2>>"$S/log" || continue
		for wait in 1 2 3 4 5 6 7 8 9 10; do
			[ -s "$S/sshd.pid" ] && return 0
			sleep 0.2
		done
	done
	return 1
}

why=
if [ ! -x "$SSHD" ] || ! command -v ssh-agent >/dev/null 2>&1; then
	why="openssh-server or openssh-client is not installed (scripts/deps.sh installs them)"
elif ! start_sshd; then
	why="sshd would not start here: $(tail -n 2 "$S/log" 2>/dev/null | tr '\n' ' ')"
fi
if [ -n "$why" ]; then
	test_skip 'dlg sync over ssh' "$why"
	test_done
fi

eval "$(ssh-agent -s -a "$S/agent.sock")" >/dev/null
agent_pid=$SSH_AGENT_PID
ssh-add -q "$S/user_key" 2>/dev/null
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$S/host_key.pub")" >"$HOME/.ssh/known_hosts"
URL=ssh://$(id -un)@127.0.0.1:$PORT$TRASH/remote.git

on() { # on CLONE CMD...
	_c=$1
	shift
	(cd "$TRASH/$_c" && GIT_AUTHOR_NAME=$_c GIT_COMMITTER_NAME=$_c "$@")
}

converged() {
	want=$(git -C "$TRASH/remote.git" rev-parse main^{tree}) &&
	for _c in "$@"; do
		test "$(git -C "$TRASH/$_c" rev-parse HEAD^{tree})" = "$want" &&
		git -C "$TRASH/$_c" fsck --strict >/dev/null 2>&1 &&
		test -z "$(git -C "$TRASH/$_c" status --porcelain -- dlg.ini tasks people)" ||
		{ echo "$_c has not converged"; return 1; }
	done
}

test_expect_success 'two clones sharing a repository over ssh, key in ssh-agent' '
	dlg init seed >/dev/null &&
	printf "\n[sync]\nremote = origin\n" >>seed/dlg.ini &&
	git -C seed commit -q -am "Share it" &&
	git clone -q --bare seed remote.git &&
	git clone -q remote.git a && git clone -q remote.git b &&
	git -C a remote set-url origin "$URL" && git -C b remote set-url origin "$URL" &&
	printf -- "---\ntitle: Gutters\nenjoy: yes\nhours: 3\n---\n" >a/tasks/gutters.md &&
	on a dlg sync >out 2>err &&
	test_grep "^pushed *to origin/main" out &&
	on b dlg sync >out 2>err &&
	test_grep "^merged .*1 task from origin (fast-forward)" out &&
	converged a b
'

test_expect_success 'edits of different keys on both sides, merged per field over ssh' '
	sed -i "s/^hours: 3/hours: 4/" a/tasks/gutters.md &&
	sed -i "s/^title: Gutters/title: Clean the gutters/" b/tasks/gutters.md &&
	on a dlg sync >out 2>err &&
	on b dlg sync >out 2>err &&
	test_grep "merged per field" out &&
	on a dlg sync >out 2>err &&
	converged a b &&
	test_grep "^hours: 4" a/tasks/gutters.md && test_grep "^title: Clean the gutters" a/tasks/gutters.md
'

test_expect_success 'a key in ~/.ssh serves without the agent' '
	cp "$S/user_key" "$HOME/.ssh/id_ed25519" && cp "$S/user_key.pub" "$HOME/.ssh/id_ed25519.pub" &&
	sed -i "s/^hours: 4/hours: 5/" a/tasks/gutters.md &&
	(unset SSH_AUTH_SOCK; on a dlg sync >out 2>err) &&
	test_grep "^pushed" out &&
	rm "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.pub"
'

test_expect_success 'no key the server knows: authentication failed, said clearly' '
	sed -i "s/^hours: 5/hours: 6/" a/tasks/gutters.md &&
	(unset SSH_AUTH_SOCK; test_expect_code 1 on a dlg sync >out 2>err) &&
	test_grep "authentication failed" err &&
	test_grep "ssh-add" err &&
	test_grep "^1 commit: .* Edit gutters" out
'

test_expect_success 'a host key known_hosts does not know is refused, said so' '
	mv "$HOME/.ssh/known_hosts" "$HOME/.ssh/kh" &&
	test_expect_code 1 on a dlg sync >out 2>err &&
	test_grep "host key" err &&
	mv "$HOME/.ssh/kh" "$HOME/.ssh/known_hosts" &&
	on a dlg sync >out 2>err &&
	test_grep "^pushed" out
'

test_expect_success 'the server down: the work is committed here, exit 1' '
	stop &&
	sed -i "s/^hours: 6/hours: 7/" a/tasks/gutters.md &&
	test_expect_code 1 on a dlg sync >out 2>err &&
	test_grep "cannot fetch from origin" err &&
	test_grep "^1 commit: .* Edit gutters" out &&
	test -z "$(git -C a status --porcelain -- tasks)"
'

test_done
