#!/bin/sh
# deps.sh [fuzz] [lint] [bench]: install the Debian packages dlg needs to build and
# test, and only those that are missing; with fuzz, also clang and the
# libFuzzer runtime (make fuzz); with lint, also clang-format (make lint);
# with bench, GNU time for peak memory (make bench).
# make test and make demo need neither. Runs apt-get (as root, or through
# sudo) only when something is missing; says clearly what to do when it
# cannot. openssh-server and openssh-client are for the test that syncs over
# ssh with an sshd of its own (tests/t0810-sync-ssh.sh); python3 also serves
# git's smart HTTP, through git's git-http-backend, to the test that syncs
# over http (tests/t0820-sync-http.sh), and over https; openssl makes that
# test's throwaway CA and certificate (tests/t0830-sync-https.sh).
set -u

need="gcc libc6-dev make pkg-config perl git libgit2-dev libcmark-gfm-dev \
libcmark-gfm-extensions-dev libinih-dev libyaml-dev libjansson-dev libical-dev libcmocka-dev \
groff-base openssh-client openssh-server"
# the tests only: a real browser for the HTML pages, a second iCalendar
# parser, the shells whose completion is tested, and openssl for the https
# test's certificates
need="$need chromium python3 openssl python3-icalendar zsh fish"
for extra in "$@"; do
	case $extra in
	# libclang-rt-14-dev holds libclang_rt.fuzzer-x86_64.a for clang 14
	fuzz) need="$need clang-14 libclang-rt-14-dev" ;;
	lint) need="$need clang-format-14" ;;
	bench) need="$need time" ;;
	*) echo "deps.sh: unknown set '$extra' (fuzz, lint or bench)" >&2; exit 2 ;;
	esac
done

missing=
for p in $need; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed'; then
		missing="$missing $p"
	fi
done
# prove comes with perl; check it is really there
command -v prove >/dev/null 2>&1 || case " $missing " in *" perl "*) ;; *) missing="$missing perl" ;; esac

if [ -z "$missing" ]; then
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "dlg: these Debian packages are missing:$missing" >&2
	echo "dlg: this is not a Debian system (no apt-get); install the equivalents by hand" >&2
	exit 2
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=
elif command -v sudo >/dev/null 2>&1; then
	sudo=sudo
else
	echo "dlg: these Debian packages are missing:$missing" >&2
	echo "dlg: run as root: apt-get install -y$missing" >&2
	exit 2
fi

echo "dlg: installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# refresh the package lists when they are missing or older than a day
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -n 1)" ]; then
	$sudo apt-get update -q || { echo "dlg: apt-get update failed; check the network and apt sources" >&2; exit 2; }
fi
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q --no-install-recommends $missing; then
	echo "dlg: apt-get install failed for:$missing" >&2
	exit 2
fi
