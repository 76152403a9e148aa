#!/usr/bin/env python3
"""A throw-away RFC 3161 time-stamping authority for the CI checks: HTTP on 127.0.0.1, each
POSTed application/timestamp-query answered by `openssl ts -reply` with the TSA certificate
and key named in DIR/ts.cnf. Usage: tsa_server.py DIR PORTFILE (the chosen port is written to
PORTFILE once it listens)."""
import http.server
import os
import subprocess
import sys
import tempfile

DIR = sys.argv[1]
PORTFILE = sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with tempfile.TemporaryDirectory(dir=DIR) as tmp:
            q, r = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
            with open(q, "wb") as f:
                f.write(query)
            done = subprocess.run(
                ["openssl", "ts", "-reply", "-config", "ts.cnf", "-queryfile", q, "-out", r],
                cwd=DIR, capture_output=True)
            if done.returncode != 0:
                sys.stderr.write(done.stderr.decode(errors="replace"))
                self.send_error(500, "openssl ts -reply failed")
                return
            with open(r, "rb") as f:
                body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.replace(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
