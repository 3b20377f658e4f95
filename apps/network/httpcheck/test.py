"""httpcheck (apps/network/httpcheck): URLs on a Python http.server of
the test's own (granted to a copy of the app), each line compared with
the status, reason and Location that Python's http.client gets for the
same URL; a closed port, a server that does not speak HTTP and
malformed URLs fail, and the exit status says whether any failed."""
import http.client
import http.server
import os
import shutil
import socket
import tempfile
import threading

import harness
from command import run_command
from harness import check
from netapps import granted_apps



class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        routes = {"/ok": (200, None), "/moved": (301, "/ok"),
                  "/found?x=1": (302, "http://example.org/elsewhere"),
                  "/missing": (404, None), "/boom": (500, None),
                  "/teapot": (418, None)}
        code, loc = routes.get(self.path, (404, None))
        self.send_response(code)
        if loc:
            self.send_header("Location", loc)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"abc")


def expect(url):
    """What http.client gets for url, as httpcheck's line should say."""
    host, path = url[7:].split("/", 1)
    c = http.client.HTTPConnection(host, timeout=10)
    c.request("GET", "/" + path)
    r = c.getresponse()
    line = f"{url}: {r.status} {r.reason}"
    if 300 <= r.status < 400:
        line += " -> " + r.getheader("Location")
    c.close()
    return line + "\n", r.status >= 400


def test_httpcheck_reports_statuses_like_http_client():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    junk = socket.socket()     # speaks something else, then closes
    junk.bind(("127.0.0.1", 0))
    junk.listen(4)
    jport = junk.getsockname()[1]

    def babble():
        while True:
            try:
                c, _ = junk.accept()
            except OSError:
                return
            c.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
            c.close()

    threading.Thread(target=babble, daemon=True).start()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    cport = closed.getsockname()[1]
    closed.close()
    tmp = tempfile.mkdtemp(prefix="httpcheck-")
    base = f"http://127.0.0.1:{port}"
    try:
        apps = granted_apps(tmp, "httpcheck", "127.0.0.1:*")
        good = [f"{base}/ok", f"{base}/moved", f"{base}/found?x=1"]
        rc, out, err = run_command("httpcheck " + " ".join(good), apps=apps)
        want = "".join(expect(u)[0] for u in good) + "3 checked, 0 failed\n"
        check(rc == 0 and out.decode() == want,
              "2xx and 3xx pass; a redirect shows where it goes",
              (rc, out, err))
        bad = [f"{base}/missing", f"{base}/boom", f"{base}/teapot"]
        lines = [expect(u) for u in bad]
        check(all(failed for _, failed in lines), "all of those fail", lines)
        stdin = "\n".join(bad + [
            f"http://127.0.0.1:{cport}/", f"http://127.0.0.1:{jport}/",
            "ftp://example.org/", "http://:80/", "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/", f"http://127.0.0.1:{port}x/",
            "", f"{base}/ok\r"]).encode()
        rc, out, err = run_command("httpcheck", apps=apps, stdin=stdin)
        want = "".join(line for line, _ in lines) + (
            f"http://127.0.0.1:{cport}/: Connection refused\n"
            f"http://127.0.0.1:{jport}/: not an HTTP response\n"
            "ftp://example.org/: malformed URL\n"
            "http://:80/: malformed URL\n"
            "http://127.0.0.1:0/: malformed URL\n"
            "http://127.0.0.1:99999/: malformed URL\n"
            f"http://127.0.0.1:{port}x/: malformed URL\n" +
            expect(f"{base}/ok")[0] + "11 checked, 10 failed\n")
        check(rc == 1 and out.decode() == want,
              "4xx and 5xx, a closed port, a server that is not HTTP and "
              "malformed URLs fail; blank lines skipped, CRLF taken",
              (rc, out.decode(), err))
        rc, out, err = run_command(f"httpcheck {base}/ok",
                                   apps=os.path.join(harness.BUILD, "apps"))
        check(rc == 1 and b"Permission denied (not granted)" in out,
              "loopback is not in the shipped grant", out)
        rc, out, err = run_command("httpcheck -v", apps=apps)
        check(rc == 1 and b"invalid option" in err, "a bad option", err)
        rc, out, err = run_command("httpcheck --help", apps=apps)
        check(rc == 0 and out.startswith(b"Usage: httpcheck"), "--help", out)
    finally:
        srv.shutdown()
        srv.server_close()
        junk.close()
        shutil.rmtree(tmp, ignore_errors=True)
