"""The network apps (issue 14): fetch, httpd, nc and host, run with
--run against servers and clients this file starts on 127.0.0.1.

The shipped manifests never reach loopback (a name grant reaches public
addresses only), so each test installs the apps into a temporary apps
directory and gives them literal grants for the one port it uses, as a
user would. Every wait is for an event (a log line, a connection, a
process's end); timeouts only bound a failure.
"""
import hashlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

from harness import check
import harness

NET_APPS = ("fetch", "httpd", "nc", "host")


# ---- set-up -----------------------------------------------------------------

def free_port():
    """A port nobody listens on now (the kernel's choice, released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback_listener(backlog):
    """A socket listening on 127.0.0.1, at a port the kernel chose (so
    tests never collide), and that port."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(backlog)
    return srv, srv.getsockname()[1]


def granted_apps(tmp, app, grant):
    """For an app's own test.py: a copy of app in tmp/apps whose network
    grant also has grant, as a user would add it (the shipped manifests
    never reach loopback). Returns that apps directory."""
    dst = os.path.join(tmp, "apps", app)
    shutil.copytree(os.path.join(harness.BUILD, "apps", app), dst)
    path = os.path.join(dst, "vyoma.toml")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(text.replace("hosts = [", f'hosts = ["{grant}", '))
    return os.path.join(tmp, "apps")


class Apps:
    """A temporary apps directory holding the network apps (their
    manifests edited by grant()) and a home directory for the user."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="vyoma-net-")
        self.dir = os.path.join(self.tmp, "apps")
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)
        for app in NET_APPS:
            shutil.copytree(os.path.join(harness.BUILD, "apps", app),
                            os.path.join(self.dir, app))

    def grant(self, app, hosts=None, listen=None):
        """Adds literal grants to app's [capabilities.network]."""
        path = os.path.join(self.dir, app, "vyoma.toml")
        with open(path) as f:
            text = f.read()
        for key, extra in (("hosts", hosts), ("listen", listen)):
            if extra is None:
                continue
            items = ", ".join(f'"{e}"' if isinstance(e, str) else str(e) for e in extra)
            if re.search(rf"^{key} = \[", text, re.M):
                text = re.sub(rf"^{key} = \[", f"{key} = [{items}, ", text, flags=re.M)
            else:
                text = text.replace("[capabilities.network]\n",
                                    f"[capabilities.network]\n{key} = [{items}]\n")
        with open(path, "w") as f:
            f.write(text)

    def argv(self, *words):
        return [harness.supervisor_binary(), "--apps", self.dir, "--home", self.home,
                "--data", os.path.join(self.tmp, "data"), "--run"] + list(words)

    def run(self, *words, stdin=b"", timeout=60):
        """Runs one command; returns (status, stdout, stderr)."""
        p = subprocess.run(self.argv(*words), input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def cleanup(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


class Background:
    """A command run in the background; lines of its stderr are kept and
    can be waited for."""

    def __init__(self, argv, stdin=subprocess.DEVNULL):
        self.p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.err_lines, self.cond = [], threading.Condition()
        self.out = b""
        threading.Thread(target=self._read_err, daemon=True).start()
        self.out_thread = threading.Thread(target=self._read_out, daemon=True)
        self.out_thread.start()

    def _read_err(self):
        for line in self.p.stderr:
            with self.cond:
                self.err_lines.append(line.decode(errors="replace"))
                self.cond.notify_all()
        with self.cond:
            self.err_lines.append(None)  # the end
            self.cond.notify_all()

    def _read_out(self):
        self.out = self.p.stdout.read()

    def wait_for(self, pattern, timeout=30):
        """The first stderr line matching pattern, or None at its end or
        after timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.err_lines:
                    if line is None:
                        return None
                    if re.search(pattern, line):
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def lines(self):
        with self.cond:
            return [line for line in self.err_lines if line is not None]

    def wait(self, timeout=30):
        """Waits for it to end by itself (killed after timeout): its status."""
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        self.out_thread.join(10)
        return rc

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Sends sig; the exit status, and the seconds it took."""
        start = time.monotonic()
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait()
        self.out_thread.join(10)
        return rc, time.monotonic() - start


# ---- an HTTP server of the test's own ---------------------------------------

BIG = os.urandom(1 << 20)


class Handler(http.server.BaseHTTPRequestHandler):
    """What fetch is tested against: each path a behaviour."""
    protocol_version = "HTTP/1.1"
    seen = []  # (method, path, headers, body) of every request

    def log_message(self, *args):
        pass

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        body = self._body()
        Handler.seen.append((self.command, self.path, dict(self.headers), body))
        path = self.path
        if path == "/big":
            self._send(200, BIG, [("Content-Type", "application/octet-stream")])
        elif path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for part in (b"hello, ", b"chunked ", b"x" * 70000, b" world\n"):
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        elif path == "/close":
            # No length: the body ends when the connection does.
            self.close_connection = True
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until the close\n" * 1000)
        elif path == "/redirect":
            self._send(302, b"moved", [("Location", "/big")])
        elif path == "/rel/a":
            self._send(301, b"", [("Location", "b?q=1")])
        elif path == "/rel/b?q=1":
            self._send(200, b"relative ok\n")
        elif path == "/see-other":
            self._send(303, b"", [("Location", "/echo")])
        elif path == "/keep":
            self._send(307, b"", [("Location", "/echo")])
        elif path == "/loop":
            self._send(302, b"", [("Location", "/loop")])
        elif path == "/echo":
            self._send(200, self.command.encode() + b" " + body)
        elif path == "/headers":
            text = "".join(f"{k}: {v}\n" for k, v in self.headers.items())
            self._send(200, text.encode())
        elif path == "/garbage":
            self.close_connection = True
            self.wfile.write(b"SPDY/9 what\r\n\r\n")
        elif path == "/bad-chunk":
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b"zz\r\nabc\r\n")
        elif path == "/no-chunk-size":
            # No digit before the extension: not the last chunk (0).
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             b";ext=1\r\nabc\r\n0\r\n\r\n")
        elif path == "/short":
            self.close_connection = True
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")
        else:
            self._send(404, b"no such thing\n")

    do_GET = do_POST = do_HEAD = do_PUT = _handle


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that leaves early (fetch -o /etc/nope) is no news


class TestServer:
    def __init__(self):
        Handler.seen = []
        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def sha(data):
    return hashlib.sha256(data).hexdigest()


# ---- fetch ------------------------------------------------------------------

def test_fetch_gets_bytes_from_a_granted_port():
    srv, apps = TestServer(), Apps()
    apps.grant("fetch", hosts=[f"127.0.0.1:{srv.port}"])
    rc, out, err = apps.run("fetch", f"{srv.url}/big")
    check(rc == 0 and sha(out) == sha(BIG),
          "fetch with the port granted gets 1 MiB, checksum equal",
          f"{rc} {len(out)} bytes {err[-300:]!r}")
    check(err == b"", "nothing on stderr when all is well", err[-300:])
    rc, out, err = apps.run("fetch", "-o", "got.bin", f"{srv.url}/big")
    path = os.path.join(apps.home, "got.bin")
    got = open(path, "rb").read() if os.path.exists(path) else b""
    check(rc == 0 and out == b"" and sha(got) == sha(BIG),
          "-o FILE writes the body into the user's files (relative to home)",
          f"{rc} {len(got)} {err[-300:]!r}")
    rc, out, err = apps.run("fetch", f"{srv.url}/chunked")
    want = b"hello, chunked " + b"x" * 70000 + b" world\n"
    check(rc == 0 and out == want, "a chunked body is decoded (extensions, trailers)",
          f"{rc} {len(out)} {out[:60]!r} {err[-300:]!r}")
    rc, out, err = apps.run("fetch", f"{srv.url}/close")
    check(rc == 0 and out == b"until the close\n" * 1000,
          "a body without a length is read until the close", f"{rc} {len(out)} {err!r}")
    rc, out, err = apps.run("fetch", f"{srv.url}/nothing-here")
    check(rc == 1 and out == b"no such thing\n" and
          err == f"fetch: {srv.url}/nothing-here: 404 Not Found\n".encode(),
          "a 404 is status 1, its body still written, the status said on stderr",
          f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("fetch", "-s", f"{srv.url}/nothing-here")
    check(rc == 1 and err == b"", "-s: the status alone tells", f"{rc} {err!r}")
    srv.close()
    apps.cleanup()


def test_fetch_redirects_post_and_headers():
    srv, apps = TestServer(), Apps()
    apps.grant("fetch", hosts=[f"127.0.0.1:{srv.port}"])
    rc, out, err = apps.run("fetch", f"{srv.url}/redirect")
    check(rc == 0 and sha(out) == sha(BIG), "a 302 to an absolute path is followed",
          f"{rc} {len(out)} {err[-300:]!r}")
    rc, out, err = apps.run("fetch", f"{srv.url}/rel/a")
    check(rc == 0 and out == b"relative ok\n", "a relative Location is resolved from "
          "the path's directory", f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("fetch", "--max-redirs", "0", f"{srv.url}/redirect")
    check(rc == 1 and out == b"moved" and b"302 Found" in err,
          "--max-redirs 0: the redirect is the answer, status 1", f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("fetch", f"{srv.url}/loop")
    loops = sum(1 for s in Handler.seen if s[1] == "/loop")
    check(rc == 1 and loops == 11, "a redirect loop stops after 10 redirects",
          f"{rc} {loops} {err!r}")
    Handler.seen = []
    rc, out, err = apps.run("fetch", "-d", "a=1&b=two words", f"{srv.url}/echo")
    seen = Handler.seen[-1] if Handler.seen else ("", "", {}, b"")
    check(rc == 0 and out == b"POST a=1&b=two words" and seen[0] == "POST" and
          seen[2].get("Content-Length") == "15" and
          seen[2].get("Content-Type") == "application/x-www-form-urlencoded",
          "-d sends a POST with its body and Content-Length", f"{rc} {out!r} {seen} {err!r}")
    rc, out, err = apps.run("fetch", "-X", "PUT", "-d", "x", "-d", "y",
                            "-H", "Content-Type: text/plain", f"{srv.url}/echo")
    seen = Handler.seen[-1]
    check(out == b"PUT x&y" and seen[2].get("Content-Type") == "text/plain",
          "-X sets the method; -d twice joins with &; -H replaces our header",
          f"{out!r} {seen}")
    rc, out, err = apps.run("fetch", "-d", "body", f"{srv.url}/see-other")
    check(rc == 0 and out == b"GET ", "a 303 after a POST is a GET without the body",
          f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("fetch", "-d", "body", f"{srv.url}/keep")
    check(rc == 0 and out == b"POST body", "a 307 keeps the method and the body",
          f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("fetch", "-H", "X-Test: one two", "-H", "User-Agent:",
                            f"{srv.url}/headers")
    check(rc == 0 and b"X-Test: one two\n" in out and b"User-Agent" not in out and
          f"Host: 127.0.0.1:{srv.port}\n".encode() in out and b"Connection: close\n" in out,
          "-H adds a header, 'Name:' removes ours; Host and Connection: close are sent",
          out)
    rc, out, err = apps.run("fetch", "-I", f"{srv.url}/big")
    check(rc == 0 and out.startswith(b"HTTP/1.") and b"\r\nContent-Length: 1048576\r\n"
          in out and out.endswith(b"\r\n\r\n") and Handler.seen[-1][0] == "HEAD",
          "-I sends HEAD and prints the headers only", f"{rc} {out[:300]!r}")
    rc, out, err = apps.run("fetch", "-i", f"{srv.url}/echo")
    check(rc == 0 and out.startswith(b"HTTP/1.") and out.endswith(b"\r\n\r\nGET "),
          "-i prints the headers, then the body", out[-100:])
    srv.close()
    apps.cleanup()


def test_fetch_is_refused_what_its_manifest_does_not_grant():
    """The shipped manifest grants "*:*": any public host, never
    loopback. Refusals are EACCES (status 3, said so); a grant for
    another port does not open this one; a name that resolves to
    127.0.0.1 is refused under a name grant."""
    srv, apps = TestServer(), Apps()
    rc, out, err = apps.run("fetch", f"{srv.url}/big")
    check(rc == 3 and out == b"" and
          err.startswith(f"fetch: 127.0.0.1:{srv.port}: Permission denied "
                         f"(not granted by fetch's manifest)\n".encode()),
          "without a loopback grant: refused, status 3, EACCES said", f"{rc} {err!r}")
    rc, out, err = apps.run("fetch", f"http://localhost:{srv.port}/big")
    check(rc == 3 and b"Permission denied" in err,
          "a name that resolves to 127.0.0.1 is refused under the name grant '*:*'",
          f"{rc} {err!r}")
    apps.grant("fetch", hosts=[f"127.0.0.1:{srv.port + 1 if srv.port < 65535 else 1}"])
    rc, out, err = apps.run("fetch", f"{srv.url}/big")
    check(rc == 3 and b"Permission denied" in err, "a grant of another port is refused",
          f"{rc} {err!r}")
    check(not any(s[1] == "/big" for s in Handler.seen), "no refused request arrived",
          Handler.seen)
    srv.close()
    apps.cleanup()


def test_fetch_exit_statuses():
    srv, apps = TestServer(), Apps()
    apps.grant("fetch", hosts=[f"127.0.0.1:{srv.port}", f"127.0.0.1:{free_port()}"])
    for path in ("/garbage", "/bad-chunk", "/no-chunk-size", "/short"):
        rc, out, err = apps.run("fetch", f"{srv.url}{path}")
        check(rc == 4 and b"malformed response" in err,
              f"{path}: a malformed response is status 4", f"{rc} {err!r}")
    for args in ([], ["https://example.org/"], ["-x", "http://a/"], ["a", "b"],
                 ["--max-redirs", "x", "http://a/"], ["-H", "novalue", "http://a/"]):
        rc, out, err = apps.run("fetch", *args)
        check(rc == 2 and b"Try 'fetch --help'" in err, f"usage error {args}: status 2",
              f"{rc} {err!r}")
    rc, out, err = apps.run("fetch", "https://example.org/")
    check(b"only http:// is supported" in err, "https says there is no TLS", err)
    closed = free_port()
    apps.grant("fetch", hosts=[f"127.0.0.1:{closed}"])
    rc, out, err = apps.run("fetch", f"http://127.0.0.1:{closed}/")
    check(rc == 3 and err == f"fetch: 127.0.0.1:{closed}: Connection refused\n".encode(),
          "a granted port nobody listens on: status 3, Connection refused", f"{rc} {err!r}")
    rc, out, err = apps.run("fetch", "-o", "/etc/nope", f"{srv.url}/big")
    check(rc == 5, "an output file outside the user's files: status 5", f"{rc} {err!r}")
    rc, out, err = apps.run("fetch", "--help")
    check(rc == 0 and b"no TLS" in out, "--help says there is no TLS", out)
    srv.close()
    apps.cleanup()


# ---- httpd ------------------------------------------------------------------

def raw_http(port, request, timeout=30):
    """Sends request bytes; everything the server says until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                return b"".join(chunks)
            chunks.append(data)


def split_response(data):
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/1.") else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    return status, headers, body


def curl(*args, timeout=60):
    p = subprocess.run(["curl", "-s", "--max-time", str(timeout)] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout


class Httpd:
    """httpd serving home/site on a port of its own, in the background."""

    def __init__(self, apps):
        self.site = os.path.join(apps.home, "site")
        os.makedirs(os.path.join(self.site, "sub dir"))
        self.files = {
            "index.txt": b"plain text\n", "page.html": b"<p>hi</p>\n",
            "style.css": b"p{}", "app.wasm": b"\0asm\1\0\0\0", "pic.png": b"\x89PNG",
            "data.bin": os.urandom(3 << 20), "noext": b"raw",
            "sub dir/a&b <c>.txt": b"odd name\n",
        }
        for name, data in self.files.items():
            with open(os.path.join(self.site, name), "wb") as f:
                f.write(data)
        with open(os.path.join(apps.home, "secret.txt"), "wb") as f:
            f.write(b"TOP-SECRET-OUTSIDE-THE-SITE\n")
        self.port = free_port()
        apps.grant("httpd", listen=[self.port])
        self.bg = Background(apps.argv("httpd", "-p", str(self.port), "site"))
        self.ready = self.bg.wait_for(r"^httpd: serving ")

    def stop(self):
        return self.bg.stop()


def test_httpd_serves_files_listings_and_heads():
    apps = Apps()
    h = Httpd(apps)
    check(h.ready == f"httpd: serving /home/user/site on port {h.port}\n",
          "httpd says where it serves from", f"{h.ready!r} {h.bg.lines()}")
    rc, out = curl(f"http://127.0.0.1:{h.port}/data.bin")
    check(rc == 0 and sha(out) == sha(h.files["data.bin"]),
          "curl gets a 3 MiB file, checksum equal", f"{rc} {len(out)}")
    rc, out = curl("-D", "-", "-o", "/dev/null", f"http://127.0.0.1:{h.port}/page.html")
    check(b"Content-Type: text/html; charset=utf-8\r\n" in out and
          b"Content-Length: 10\r\n" in out, "Content-Type by extension, Content-Length",
          out)
    for name, ctype in (("style.css", "text/css"), ("app.wasm", "application/wasm"),
                        ("pic.png", "image/png"), ("noext", "application/octet-stream"),
                        ("index.txt", "text/plain; charset=utf-8")):
        status, headers, body = split_response(raw_http(
            h.port, f"GET /{name} HTTP/1.0\r\n\r\n".encode()))
        check(status == 200 and headers.get("content-type") == ctype and
              body == h.files[name], f"{name} is {ctype}", f"{status} {headers}")
    data = raw_http(h.port, b"HEAD /data.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    status, headers, body = split_response(data)
    check(status == 200 and headers.get("content-length") == str(3 << 20) and body == b"",
          "HEAD: the Content-Length and no body", f"{status} {headers} {len(body)}")
    status, headers, body = split_response(raw_http(h.port, b"GET / HTTP/1.0\r\n\r\n"))
    text = body.decode(errors="replace")
    hrefs = re.findall(r'href="([^"]*)"', text)
    check(status == 200 and headers.get("content-length") == str(len(body)) and
          hrefs == ["app.wasm", "data.bin", "index.txt", "noext", "page.html",
                    "pic.png", "style.css", "sub%20dir/"],
          "a directory without index.html is an HTML listing, sorted, its length right",
          f"{status} {hrefs}")
    status, headers, body = split_response(raw_http(h.port, b"GET /sub%20dir HTTP/1.0\r\n\r\n"))
    check(status == 301 and headers.get("location") == "/sub%20dir/",
          "a directory without its '/' is redirected to it", f"{status} {headers}")
    status, headers, body = split_response(raw_http(h.port, b"GET /sub%20dir/ HTTP/1.0\r\n\r\n"))
    check(status == 200 and b'href="a%26b%20%3Cc%3E.txt"' in body and
          b"a&amp;b &lt;c&gt;.txt" in body and b"../" in body,
          "names in a listing are escaped for HTML and for the link", body)
    rc, out = curl(f"http://127.0.0.1:{h.port}/sub%20dir/a%26b%20%3Cc%3E.txt")
    check(out == b"odd name\n", "a percent-encoded path is decoded", out)
    rc, out = curl(f"http://127.0.0.1:{h.port}/index.txt?x=1&y=%2e%2e")
    check(out == b"plain text\n", "the query is not part of the path", out)
    status, _, _ = split_response(raw_http(h.port, b"GET /index.txt/ HTTP/1.0\r\n\r\n"))
    check(status == 404, "a file is not a directory (file/ is 404)", status)
    with open(os.path.join(h.site, "sub dir", "index.html"), "wb") as f:
        f.write(b"<h1>index</h1>\n")
    status, headers, body = split_response(raw_http(h.port, b"GET /sub%20dir/ HTTP/1.0\r\n\r\n"))
    check(status == 200 and body == b"<h1>index</h1>\n", "index.html stands for its directory",
          f"{status} {body!r}")
    apps.grant("fetch", hosts=[f"127.0.0.1:{h.port}"])
    rc, out, err = apps.run("fetch", f"http://127.0.0.1:{h.port}/data.bin")
    check(rc == 0 and sha(out) == sha(h.files["data.bin"]),
          "fetch gets the file from httpd, app to app", f"{rc} {len(out)} {err!r}")
    lines = h.bg.lines()
    check(f"GET /data.bin 200 {3 << 20}\n" in lines and "HEAD /data.bin 200 3145728\n" in lines,
          "one log line per request: method, path, status, length", lines[:8])
    rc, secs = h.stop()
    check(rc == 143, "httpd runs until stopped (SIGTERM: 143)", rc)
    apps.cleanup()


def test_httpd_refuses_escapes_and_bad_requests():
    apps = Apps()
    h = Httpd(apps)
    for target in ("/../secret.txt", "/%2e%2e/secret.txt", "/sub%20dir/..%2f..%2fsecret.txt",
                   "/sub%20dir/%2E%2E/%2E%2E/secret.txt", "/..", "/./../secret.txt",
                   "/%00", "/%zz", "secret.txt", "/%2fhome%2fuser%2fsecret.txt"):
        data = raw_http(h.port, f"GET {target} HTTP/1.0\r\n\r\n".encode())
        status, _, body = split_response(data)
        check(status in (400, 404) and b"TOP-SECRET" not in data,
              f"{target}: refused ({status}), nothing outside the directory", data[:200])
    rc, out = curl("--path-as-is", f"http://127.0.0.1:{h.port}/../secret.txt")
    check(b"TOP-SECRET" not in out, "curl --path-as-is with .. gets nothing outside", out)
    os.symlink(os.path.join(apps.home, "secret.txt"), os.path.join(h.site, "link.txt"))
    cases = (
        (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi", 405),
        (b"DELETE /index.txt HTTP/1.0\r\n\r\n", 405),
        (b"GET / HTTP/1.1\r\n\r\n", 400),            # 1.1 without Host
        (b"GET /\r\n\r\n", 400),                      # HTTP/0.9
        (b"GET / HTTP/2.0\r\n\r\n", 400),
        (b"GET / HTTP/1.0\r\nno colon here\r\n\r\n", 400),
        (b"GET /" + b"a" * 5000 + b" HTTP/1.0\r\n\r\n", 414),
        (b"GET / HTTP/1.0\r\n" + b"X-Long: " + b"b" * 9000 + b"\r\n\r\n", 431),
        (b"GET /nothing HTTP/1.0\r\n\r\n", 404),
    )
    for request, want in cases:
        status, headers, _ = split_response(raw_http(h.port, request))
        check(status == want, f"{request[:30]!r}: {want}", f"{status} {headers}")
    status, headers, _ = split_response(raw_http(h.port, b"PUT / HTTP/1.0\r\n\r\n"))
    check(headers.get("allow") == "GET, HEAD", "405 says what is allowed", headers)
    # The home is preopened, so a link into it is the user's own file;
    # what matters is that nothing beyond the user's files is served.
    os.symlink("/etc/hostname", os.path.join(h.site, "etc-link"))
    data = raw_http(h.port, b"GET /etc-link HTTP/1.0\r\n\r\n")
    status, _, _ = split_response(data)
    check(status in (403, 404), "a symbolic link out of the user's files is refused",
          data[:200])
    check(h.bg.p.poll() is None, "httpd is still running after all that")
    h.stop()
    apps.cleanup()


def test_httpd_keep_alive_and_pipelining():
    apps = Apps()
    h = Httpd(apps)
    with socket.create_connection(("127.0.0.1", h.port), timeout=30) as s:
        s.sendall(b"GET /index.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                  b"GET /noext HTTP/1.1\r\nHost: x\r\n\r\n")
        want = (b"plain text\n", b"raw")
        buf = b""
        while buf.count(b"plain text\n") < 1 or not buf.endswith(b"raw"):
            data = s.recv(65536)
            if not data:
                break
            buf += data
        check(buf.count(b"HTTP/1.1 200 OK") == 2 and buf.endswith(want[1]) and
              b"Connection: keep-alive" in buf,
              "two pipelined requests on one HTTP/1.1 connection, both answered", buf)
        s.sendall(b"GET /noext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        rest = b""
        while True:
            data = s.recv(65536)
            if not data:
                break
            rest += data
        check(rest.endswith(b"raw") and b"Connection: close" in rest,
              "the same connection serves a third request, then closes as asked", rest)
    data = raw_http(h.port, b"GET /noext HTTP/1.0\r\n\r\n")
    check(data.endswith(b"raw"), "HTTP/1.0 closes after the response", data)
    h.stop()
    apps.cleanup()


def test_httpd_many_clients_and_a_slow_one():
    """20 curl clients at once all get the right bytes; a client that
    asks for a big file and never reads holds only its own connection."""
    apps = Apps()
    h = Httpd(apps)
    with open(os.path.join(h.site, "huge.bin"), "wb") as f:
        f.write(os.urandom(32 << 20))
    slow = socket.create_connection(("127.0.0.1", h.port), timeout=30)
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow.sendall(b"GET /huge.bin HTTP/1.1\r\nHost: x\r\n\r\n")
    slow.recv(100)  # the response has begun; now it is never read again
    url = f"http://127.0.0.1:{h.port}/data.bin"
    procs = [subprocess.Popen(["curl", "-s", "--max-time", "60", url],
                              stdout=subprocess.PIPE) for _ in range(20)]
    outs = [p.communicate()[0] for p in procs]
    good = sum(1 for o in outs if sha(o) == sha(h.files["data.bin"]))
    check(good == 20, "20 concurrent clients each get the 3 MiB file intact",
          f"{good} of 20; sizes {[len(o) for o in outs]}")
    check(h.bg.p.poll() is None, "httpd still runs")
    slow.close()
    rc, out = curl(f"http://127.0.0.1:{h.port}/index.txt")
    check(out == b"plain text\n", "and serves on after the slow client leaves", out)
    h.stop()
    apps.cleanup()


def test_httpd_needs_its_listen_grant():
    apps = Apps()
    os.makedirs(os.path.join(apps.home, "site"))
    port = free_port()
    while 8000 <= port <= 8999:
        port = free_port()
    rc, out, err = apps.run("httpd", "-p", str(port), "site", timeout=30)
    check(rc == 1 and err == f"httpd: port:{port}: Permission denied (not granted by "
          f"httpd's manifest)\n".encode(),
          "a port outside the listen grant is refused with EACCES", f"{rc} {err!r}")
    rc, out, err = apps.run("httpd", "-p", "0", timeout=30)
    check(rc == 2, "-p 0 is a usage error", f"{rc} {err!r}")
    rc, out, err = apps.run("httpd", "-p", "8080", "nosuchdir", timeout=30)
    check(rc == 1 and b"nosuchdir" in err, "a missing directory is said", f"{rc} {err!r}")
    apps.cleanup()


# ---- nc ---------------------------------------------------------------------

def test_nc_connects_both_ways():
    """nc HOST PORT: stdin reaches the server, then the end of it (so the
    server answers after reading everything), then the answer reaches
    stdout and nc ends when the server closes."""
    apps = Apps()
    lsock, port = loopback_listener(1)
    apps.grant("nc", hosts=[f"127.0.0.1:{port}"])
    sent = os.urandom(300000)
    reply = os.urandom(200000)
    got = []

    def serve():
        conn, _ = lsock.accept()
        data = b""
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        got.append(data)
        conn.sendall(reply)
        conn.close()
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    rc, out, err = apps.run("nc", "127.0.0.1", str(port), stdin=sent)
    t.join(30)
    check(got and got[0] == sent, "stdin arrived whole, then its end (a shutdown)",
          f"{len(got[0]) if got else None} of {len(sent)}")
    check(rc == 0 and out == reply, "the server's answer is nc's stdout, then nc ends",
          f"{rc} {len(out)} {err!r}")
    lsock.close()
    rc, out, err = apps.run("nc", "127.0.0.1", str(port))
    check(rc == 1 and b"Connection refused" in err, "nobody listening: refused, status 1",
          f"{rc} {err!r}")
    rc, out, err = apps.run("nc", "127.0.0.1", str(free_port()))
    check(rc == 1 and b"not granted by nc's manifest" in err,
          "a port it is not granted: EACCES", f"{rc} {err!r}")
    apps.cleanup()


def test_nc_listens_for_one_connection():
    """nc -l PORT: its stdin reaches the client, then the end of it;
    then what the client sends is its stdout, and it ends when the
    client closes. Each side half-closes, so each end is seen."""
    apps = Apps()
    port = free_port()
    apps.grant("nc", listen=[port])
    bg = Background(apps.argv("nc", "-l", "-v", str(port)), stdin=subprocess.PIPE)
    ready = bg.wait_for(r"^nc: listening on ")
    check(ready is not None, "nc -l -v says it listens", bg.lines())
    to_nc, from_nc = os.urandom(100000), os.urandom(150000)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        bg.p.stdin.write(from_nc)
        bg.p.stdin.close()
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.sendall(to_nc)
        s.shutdown(socket.SHUT_WR)
        rc = bg.wait(timeout=30)
    check(data == from_nc, "nc's stdin reached the client, then its end",
          f"{len(data)} of {len(from_nc)}")
    check(bg.out == to_nc, "the client's bytes are nc's stdout", f"{len(bg.out)}")
    check(rc == 0, "nc ends by itself once the client has closed", rc)
    check(bg.wait_for(r"^nc: connection from 127\.0\.0\.1 ", timeout=1) is not None,
          "-v names the peer", bg.lines())
    apps.cleanup()


# ---- host -------------------------------------------------------------------

def test_host_looks_names_up():
    apps = Apps()
    rc, out, err = apps.run("host", "localhost")
    check(rc == 0 and b"localhost has address 127.0.0.1\n" in out,
          "host localhost: 127.0.0.1 (the hosted resolver reads /etc/hosts)",
          f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("host", "no-such-name.invalid")
    # .invalid never resolves (RFC 6761); a machine without a reachable
    # DNS server says so as a temporary failure instead.
    check(rc == 1 and out == b"" and
          err in (b"host: no-such-name.invalid: not found\n",
                  b"host: no-such-name.invalid: Temporary failure in name resolution\n"),
          "a name with no address: not found, status 1", f"{rc} {out!r} {err!r}")
    rc, out, err = apps.run("host")
    check(rc == 2, "no name: a usage error", f"{rc} {err!r}")
    apps.cleanup()


# ---- sizes ------------------------------------------------------------------

def test_network_apps_are_small():
    """nc and host under 12 KB of WASM each; fetch and httpd, a whole
    HTTP client and server, under 14 KB."""
    budget = {"fetch": 14, "httpd": 14}
    sizes = {app: os.path.getsize(os.path.join(harness.BUILD, "apps", app, app + ".wasm"))
             for app in NET_APPS}
    big = {a: s for a, s in sizes.items() if s > budget.get(a, 12) * 1024}
    check(not big, "the network apps fit their budget", sizes)
