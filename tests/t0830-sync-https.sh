#!/bin/sh
# dlg sync with [sync] remote over https, to tests/lib/git-http.py in its
# TLS mode on 127.0.0.1 with a certificate from a CA this test makes (as a
# company's git server has): untrusted without a setting, said so with what
# to set; trusted through git's http.sslCAInfo (and http.<url>.sslCAInfo),
# GIT_SSL_CAINFO and GIT_SSL_CAPATH, the environment over the config; not
# checked with http.sslVerify=false or GIT_SSL_NO_VERIFY; a wrong password.
. "$(dirname "$0")/lib.sh"

T=$TRASH/tls
mkdir -p "$T"
HTTP_TLS="$T/server.pem $T/server.key"
. "$TESTS_DIR/lib/http.sh"

# ca NAME: a throwaway CA, $T/NAME.pem and its key
ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$T/$1.key" -out "$T/$1.pem" -days 2 -subj "/CN=dlg test $1" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>>"$T/err"
}

# certs: the CA, the server's certificate for 127.0.0.1 it signs, and a
# second CA that signed nothing. mbedTLS 2.28 (libgit2's TLS on Debian 12)
# matches a host against DNS names only, curl against IP addresses only:
# the certificate names 127.0.0.1 both ways.
certs() {
	ca ca && ca other &&
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$T/server.key" -out "$T/server.csr" -subj "/CN=127.0.0.1" 2>>"$T/err" &&
	printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1" "basicConstraints=CA:FALSE" \
		"extendedKeyUsage=serverAuth" >"$T/ext" &&
	openssl x509 -req -in "$T/server.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
		-CAcreateserial -out "$T/server.pem" -days 2 -extfile "$T/ext" 2>>"$T/err"
}

why=
if ! command -v openssl >/dev/null 2>&1; then
	why="openssl is not installed (scripts/deps.sh installs it)"
elif ! command -v python3 >/dev/null 2>&1; then
	why="python3 is not installed (scripts/deps.sh installs it)"
elif [ ! -x "$BACKEND" ]; then
	why="git-http-backend is not at $BACKEND (Debian's git package has it)"
elif ! certs; then
	why="openssl would not make the certificates: $(tail -n 2 "$T/err" | tr '\n' ' ')"
elif ! start_server; then
	why="the HTTPS server would not start here: $(tail -n 2 "$H/err" 2>/dev/null | tr '\n' ' ')"
fi
if [ -n "$why" ]; then
	test_skip 'dlg sync over https' "$why"
	test_done
fi
URL=https://127.0.0.1:$PORT/tasks.git
CA=$T/ca.pem
BARE=$H/root/tasks.git

# edit CLONE HOURS: a change to push
edit() {
	sed -i "s/^hours: .*/hours: $2/" "$TRASH/$1/tasks/gutters.md"
}

# pushed CLONE: the bare repository's main is CLONE's commit
pushed() {
	test_grep "^pushed *to origin/main" out &&
	test "$(git -C "$BARE" rev-parse main)" = "$(git -C "$TRASH/$1" rev-parse HEAD)"
}

# untrusted CLONE: the sync said the certificate is not trusted, committed
# the work here, pushed nothing (the server heard no request)
untrusted() {
	before=$(git -C "$BARE" rev-parse main) &&
	from=$(($(wc -l <"$H/log") + 1)) &&
	test_expect_code 1 sync_in "$1" &&
	test_grep "cannot fetch from origin ($URL): the server's certificate is not trusted" err &&
	test_grep "committed here, not pushed" err &&
	test_grep "^[0-9]* commits*: .*Edit gutters" out &&
	test -z "$(git -C "$TRASH/$1" status --porcelain -- tasks)" &&
	test "$(git -C "$BARE" rev-parse main)" = "$before" &&
	test -z "$(requests $from)"
}

test_expect_success 'no CA setting: the certificate is not trusted, said what to set, exit 1' '
	dlg init seed >/dev/null &&
	printf "\n[sync]\nremote = origin\n" >>seed/dlg.ini &&
	printf -- "---\ntitle: Gutters\nenjoy: yes\nhours: 3\n---\n" >seed/tasks/gutters.md &&
	git -C seed add -A && git -C seed commit -q -m "Share it" &&
	git clone -q --bare seed "$BARE" &&
	git -C "$BARE" config http.receivepack true &&
	git clone -q "$BARE" a && git clone -q "$BARE" b &&
	git -C a remote set-url origin "$URL" && git -C b remote set-url origin "$URL" &&
	git -C a config credential.helper "!f() { echo username=ada; echo password=s3cret; }; f" &&
	git -C b config credential.helper "!f() { echo username=ada; echo password=s3cret; }; f" &&
	edit a 4 &&
	untrusted a &&
	test_grep "The certificate is not correctly signed by the trusted CA" err &&
	test_grep "set http.sslCAInfo to its certificate with: git config http.sslCAInfo /path/to/ca.pem (or GIT_SSL_CAINFO)" err
'

test_expect_success 'git config http.sslCAInfo: fetched, merged and pushed over https' '
	git -C a config http.sslCAInfo "$CA" &&
	from=$(($(wc -l <"$H/log") + 1)) &&
	sync_in a &&
	pushed a &&
	git -C "$BARE" show main:tasks/gutters.md >shown &&
	test_grep "^hours: 4" shown &&
	requests $from >log &&
	test_grep "^GET /tasks.git/info/refs?service=git-upload-pack 200 ada" log &&
	test_grep "^POST /tasks.git/git-receive-pack 200 ada" log
'

test_expect_success 'http.sslCAInfo naming another CA: not trusted by it, said which file' '
	git -C a config http.sslCAInfo "$T/other.pem" &&
	edit a 5 &&
	untrusted a &&
	test_grep "not trusted by the CA certificates in .$T/other.pem. (http.sslCAInfo)" err
'

test_expect_success 'GIT_SSL_CAINFO in the environment, over http.sslCAInfo' '
	(GIT_SSL_CAINFO=$CA && export GIT_SSL_CAINFO && sync_in a) &&
	pushed a &&
	edit a 6 &&
	git -C a config http.sslCAInfo "$CA" &&
	(GIT_SSL_CAINFO=$T/other.pem && export GIT_SSL_CAINFO && untrusted a) &&
	test_grep "in .$T/other.pem. (GIT_SSL_CAINFO)" err
'

test_expect_success 'GIT_SSL_CAPATH, a folder of CA certificates' '
	git -C a config --unset http.sslCAInfo &&
	mkdir cas && cp "$CA" cas/ca.pem &&
	(GIT_SSL_CAPATH=$TRASH/cas && export GIT_SSL_CAPATH && sync_in a) &&
	pushed a
'

test_expect_success 'http.<url>.sslCAInfo: the most specific URL that matches wins' '
	git -C a config http.sslCAInfo "$T/other.pem" &&
	git -C a config "http.https://127.0.0.1:$PORT/.sslCAInfo" "$CA" &&
	git -C a config "http.https://example.org/.sslCAInfo" "$T/other.pem" &&
	git -C a config "http.https://127.0.0.1:$PORT/tasks.git/no.sslCAInfo" "$T/other.pem" &&
	edit a 7 &&
	sync_in a &&
	pushed a &&
	git -C a config "http.$URL.sslCAInfo" "$T/other.pem" &&
	edit a 8 &&
	untrusted a &&
	git -C a config --unset "http.$URL.sslCAInfo" &&
	sync_in a &&
	pushed a
'

test_expect_success 'a CA file that is not there: said so, the work committed here, exit 1' '
	git -C b config http.sslCAInfo "$T/missing.pem" &&
	printf -- "---\ntitle: Roof\nenjoy: yes\nhours: 2\n---\n" >b/tasks/roof.md &&
	test_expect_code 1 sync_in b &&
	test_grep "cannot fetch from origin ($URL): cannot use the CA certificates in .$T/missing.pem. (http.sslCAInfo)" err &&
	test_grep "committed here, not pushed" err &&
	test_grep "^[0-9]* commits*: .*Add roof" out
'

test_expect_success 'a second clone over https sees the first one'"'"'s work, and shares back' '
	git -C b config http.sslCAInfo "$CA" &&
	sync_in b &&
	test_grep "^merged .* from origin" out &&
	pushed b &&
	test_grep "^hours: 8" b/tasks/gutters.md &&
	sync_in a &&
	test_grep "^merged .*1 task from origin (fast-forward)" out &&
	test_grep "^title: Roof" a/tasks/roof.md &&
	test "$(git -C a rev-parse HEAD)" = "$(git -C "$BARE" rev-parse main)"
'

test_expect_success 'a wrong password over https: exit 1, the work committed here, said so' '
	git -C a config --unset-all credential.helper &&
	git -C a config credential.helper "!f() { echo username=ada; echo password=wrong; }; f" &&
	edit a 10 &&
	before=$(git -C "$BARE" rev-parse main) &&
	test_expect_code 1 sync_in a &&
	test_grep "cannot fetch from origin ($URL): authentication failed" err &&
	test_grep "the server refused user .ada. with the password git.s credential helper gave" err &&
	test_grep "committed here, not pushed" err &&
	test "$(git -C "$BARE" rev-parse main)" = "$before"
'

test_expect_success 'http.sslVerify=false and GIT_SSL_NO_VERIFY: the certificate is not checked' '
	git -C a config --unset-all credential.helper &&
	git -C a config credential.helper "!f() { echo username=ada; echo password=s3cret; }; f" &&
	git -C a config --remove-section "http.https://127.0.0.1:$PORT/" &&
	git -C a config --unset http.sslCAInfo &&
	git -C a config http.sslVerify false &&
	sync_in a &&
	pushed a &&
	git -C a config --unset http.sslVerify &&
	edit a 11 &&
	untrusted a &&
	(GIT_SSL_NO_VERIFY=1 && export GIT_SSL_NO_VERIFY && sync_in a) &&
	pushed a &&
	git -C a config "http.$URL.sslVerify" false &&
	git -C a config http.sslVerify true &&
	edit a 12 &&
	sync_in a &&
	pushed a
'

test_done
