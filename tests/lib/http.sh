# tests/lib/http.sh: sourced by the tests that sync with a git server over
# http or https (t0820, t0830): tests/lib/git-http.py started on 127.0.0.1
# in $H (root/ holds the bare repositories; port, pid, log and err beside),
# Basic authentication as ada / s3cret. HTTP_TLS, when set, is the
# certificate and key for its TLS mode.

BACKEND=/usr/lib/git-core/git-http-backend
H=$TRASH/http
mkdir -p "$H/root" && : >"$H/log"

# stop: the server down, its process gone (the pid is in a file: a test's
# commands run in a subshell, so a variable would not outlive them)
stop() {
	[ -s "$H/pid" ] || return 0
	kill "$(cat "$H/pid")" 2>/dev/null
	for try in $(seq 50); do
		kill -0 "$(cat "$H/pid")" 2>/dev/null || break
		sleep 0.1
	done
	rm -f "$H/pid"
}
trap 'stop; cd /; rm -rf "$TRASH"' EXIT

# start_server [PORT]: the server, on PORT or a free port; 0 once it
# listens, with $PORT set
start_server() {
	rm -f "$H/port"
	# shellcheck disable=SC2086
	python3 "$TESTS_DIR/lib/git-http.py" ${HTTP_TLS:+--tls $HTTP_TLS} "$H/root" ada s3cret \
		"$H/port" "$H/log" ${1:-} 2>>"$H/err" &
	echo $! >"$H/pid"
	for try in $(seq 100); do
		[ -s "$H/port" ] && PORT=$(cat "$H/port") && return 0
		kill -0 "$(cat "$H/pid")" 2>/dev/null || break
		sleep 0.1
	done
	stop
	return 1
}

on() { # on CLONE CMD...
	_c=$1
	shift
	(cd "$TRASH/$_c" && GIT_AUTHOR_NAME=$_c GIT_COMMITTER_NAME=$_c "$@")
}

# sync_in CLONE: dlg sync there, with no terminal, stopped should it hang
sync_in() {
	on "$1" timeout 20 dlg sync >out 2>err </dev/null
}

# requests: the server's log from line $1 on (see git-http.py)
requests() {
	tail -n +"$1" "$H/log"
}
