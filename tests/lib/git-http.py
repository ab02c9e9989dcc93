#!/usr/bin/env python3
# git-http.py [--tls CERT KEY] ROOT USER PASSWORD PORTFILE LOG [PORT]: git's
# smart HTTP on 127.0.0.1 for tests/t0820-sync-http.sh, with Basic
# authentication; with --tls, over TLS with the certificate chain in CERT
# and its private key in KEY (PEM files), for tests/t0830-sync-https.sh.
#
# Every request must carry "Authorization: Basic" with USER and PASSWORD,
# else it is answered 401 with WWW-Authenticate, as a git server does. An
# authenticated one runs /usr/lib/git-core/git-http-backend as a CGI over
# the repositories under ROOT. The server listens on PORT (default: a free
# one the system picks) and writes the port it has to PORTFILE once it
# listens. LOG gets one line a request: "METHOD PATH STATUS USER", and
# "chunked" after it when the request's body came so.
# Standard library only.
import base64
import os
import ssl
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BACKEND = "/usr/lib/git-core/git-http-backend"
ARGS = sys.argv[1:]
TLS = None
if ARGS[:1] == ["--tls"]:
    TLS, ARGS = ARGS[1:3], ARGS[3:]
ROOT, USER, PASSWORD, PORTFILE, LOG = ARGS[0:5]
PORT = int(ARGS[5]) if len(ARGS) > 5 else 0


def log(line):
    with open(LOG, "a") as f:
        f.write(line + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def body(self):
        """The request's body, chunked or with a Content-Length."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after a chunk
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def user(self):
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            return None
        return user if (user, password) == (USER, PASSWORD) else None

    def reply(self, status, headers, data):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def serve(self):
        data = self.body()
        user = self.user()
        if user is None:
            log("%s %s 401 -" % (self.command, self.path))
            self.reply(401, [("WWW-Authenticate", 'Basic realm="dlg test"'),
                             ("Content-Type", "text/plain")], b"authentication required\n")
            return
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_USER": user,
            "REMOTE_ADDR": self.client_address[0],
        }
        for h in ("Content-Encoding", "Git-Protocol"):
            if self.headers.get(h):
                env["HTTP_" + h.upper().replace("-", "_")] = self.headers[h]
        out = subprocess.run([BACKEND], input=data, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL).stdout
        # the CGI's headers end at its first empty line, CRLF or LF
        ends = [(i, n) for i, n in ((out.find(b"\r\n\r\n"), 4), (out.find(b"\n\n"), 2))
                if i >= 0]
        i, n = min(ends) if ends else (len(out), 0)
        head, rest = out[:i], out[i + n:]
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.split()[0])
            elif k:
                headers.append((k, v.strip()))
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        log("%s %s %d %s%s" % (self.command, self.path, status, user,
                               " chunked" if chunked else ""))
        self.reply(status, headers, rest)

    do_GET = serve
    do_POST = serve


server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
if TLS:
    # the handshake happens on each accepted connection, in its own thread,
    # so a client that gives up on the certificate does not stop the server
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS[0], TLS[1])
    server.socket = context.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)
with open(PORTFILE + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
