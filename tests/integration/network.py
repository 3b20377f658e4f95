"""The socket layer (issue 14): grants enforced at connect, listen and
lookup time, blocking calls that a stop ends, the per-app socket limit,
and hostile arguments to every new call. The apps are netprobe and its
variants (tests/apps/netprobe*), which differ only in their network
grant; the servers are the test's own, on loopback."""
import hashlib
import http.server
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading

import harness
from harness import check
from command import run_command


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class FileServer:
    """A threaded HTTP server on a free loopback port serving a temporary
    directory holding `blob` (1 MiB of random bytes)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="vyoma-net-")
        self.blob = os.urandom(1 << 20)
        with open(os.path.join(self.dir, "blob"), "wb") as f:
            f.write(self.blob)
        handler = lambda *a, **k: _Quiet(*a, directory=self.dir, **k)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)


def body_of(response):
    head, _, body = response.partition(b"\r\n\r\n")
    return head, body


def free_port(lo=20000, hi=29999):
    """A port in netprobe's listen grant that nothing holds now."""
    for port in range(lo + os.getpid() % 5000, hi):
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError("no free port")


def probe(app, *args, timeout=60):
    return run_command(" ".join([app] + [str(a) for a in args]),
                       extra=["--verbose"], timeout=timeout)


def test_connect_is_checked_against_the_grant():
    srv = FileServer()
    try:
        rc, out, err = probe("netprobe", "get", "127.0.0.1", srv.port, "/blob")
        head, body = body_of(out)
        check(rc == 0 and head.startswith(b"HTTP/1.0 200"),
              "granted 127.0.0.1:*: the request goes through", err[-400:])
        check(hashlib.sha256(body).hexdigest() ==
              hashlib.sha256(srv.blob).hexdigest(),
              "1 MiB arrives intact (sha256)", len(body))
        rc, out, err = probe("netprobe-range", "get", "127.0.0.1", srv.port,
                             "/blob")
        check(rc == 0 and body_of(out)[1] == srv.blob,
              "a range grant (127.0.0.0/8:*) covers it too", err[-300:])

        refusals = [
            ("netprobe-none", "127.0.0.1",
             "the network capability is not granted"),
            ("netprobe-port", "127.0.0.1", "no grant names that port"),
            ("netprobe", "localhost", "no grant names that host"),
            ("netprobe-name", "localhost",
             "connect to localhost (127.0.0.1, loopback) port %d refused: "
             "a name grant reaches public addresses only" % srv.port),
            ("netprobe-any", "localhost", "a name grant reaches public "
             "addresses only"),
            ("netprobe-any", "127.0.0.1", "connect to 127.0.0.1 port %d "
             "refused: a name grant reaches public addresses only" % srv.port),
        ]
        for app, host, why in refusals:
            rc, out, err = probe(app, "get", host, srv.port, "/blob")
            text = err.decode(errors="replace")
            check(rc == 2 and out == b"", f"{app} to {host}: EACCES (2), "
                  "nothing sent or received", (rc, out[:80]))
            check(f"vyoma: warning: {app}: network: " in text and why in text,
                  f"{app} to {host}: one log line says why ({why})", text[-500:])
            check(text.count("network: ") == 1, "one line per refusal",
                  text.count("network: "))
    finally:
        srv.close()


def test_a_name_nobody_granted_is_never_looked_up():
    """The grant is checked before DNS: a lookup is itself a message to
    the network (and a channel out of the sandbox)."""
    rc, _, err = probe("netprobe", "get", "exfiltrate.example.invalid", 80, "/")
    check(rc == 2 and b"no grant names that host" in err,
          "refused before any lookup", err[-300:])
    rc, out, err = probe("netprobe", "resolve", "localhost")
    check(rc == 0 and out == b"127.0.0.1\n", "a granted lookup answers",
          (out, err[-300:]))
    rc, out, err = probe("netprobe", "resolve", "example.invalid")
    check(rc == 2 and b"lookup of example.invalid refused" in err,
          "an ungranted lookup is refused and logged", err[-300:])
    rc, out, err = probe("netprobe-none", "resolve", "localhost")
    check(rc == 2, "no network capability: no lookups either", rc)


def test_listen_is_checked_against_the_grant():
    port = free_port()
    p = subprocess.Popen([harness.supervisor_binary(), "--verbose", "--apps",
                          os.path.join(harness.BUILD, "test-apps"), "--run",
                          "netprobe", "echo", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline()
        check(line == b"listening\n", "a granted port is listened on", line)
        with socket.create_connection(("127.0.0.1", port), timeout=30) as c:
            data = os.urandom(300000)
            got = bytearray()
            c.sendall(data)
            c.shutdown(socket.SHUT_WR)
            while True:
                chunk = c.recv(65536)
                if not chunk:
                    break
                got += chunk
        check(bytes(got) == data, "300 KB echoed back through accept, recv "
              "and send", len(got))
        check(p.wait(timeout=30) == 0, "the echo ends when its client does")
    finally:
        if p.poll() is None:
            p.kill()
        p.communicate()
    rc, _, err = probe("netprobe", "echo", 30001)
    check(rc == 2 and b"listen on port 30001 refused: no listen grant names "
          b"that port" in err, "a port outside the grant: EACCES, logged",
          err[-300:])
    rc, _, err = probe("netprobe-any", "echo", port)
    check(rc == 2, "no listen grant at all: EACCES", rc)


def test_a_client_blocked_in_recv_is_stopped_promptly():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    port = srv.getsockname()[1]
    p = subprocess.Popen([harness.supervisor_binary(), "--verbose", "--apps",
                          os.path.join(harness.BUILD, "test-apps"), "--run",
                          "netprobe", "recv", "127.0.0.1", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    conn, _ = srv.accept()
    try:
        check(p.stdout.readline() == b"connected\n", "connected, now in recv")
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=30)
        # The server still holds the connection open and never wrote:
        # only the stop can have ended the recv.
        conn.setblocking(False)
        try:
            eof = conn.recv(1) == b""
        except BlockingIOError:
            eof = False
        check(b"recv returned" not in out, "recv did not return: the app "
              "was stopped inside it", out)
        check(b"netprobe: stopped" in err, "the supervisor stopped it",
              err[-300:])
        check(eof, "and its socket was closed with it")
    finally:
        conn.close()
        srv.close()
        if p.poll() is None:
            p.kill()


def test_an_app_that_hoards_sockets_hits_its_limit_alone():
    """netprobe may hold 40 sockets ([resources] sockets = 40): the 41st
    connect is EMFILE, and another app connects meanwhile."""
    srv = FileServer()
    apps = ["--apps", os.path.join(harness.BUILD, "apps"),
            "--apps", os.path.join(harness.BUILD, "test-apps")]
    line = (f"netprobe hog 127.0.0.1 {srv.port} | "
            f"netprobe wait-get 127.0.0.1 {srv.port} /blob")
    p = subprocess.Popen([harness.supervisor_binary(), "--verbose"] + apps +
                         ["--run", "sh", "-c", line], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            head += chunk
        got = head
        length = len(srv.blob)
        while len(body_of(got)[1]) < length:
            chunk = p.stdout.read1(65536)
            if not chunk:
                break
            got += chunk
        # Only now may the hoarder let go (its stdin ends).
        out, err = p.communicate(input=b"", timeout=60)
        text = err.decode(errors="replace")
        check("netprobe: held 40 errno 33" in text,
              "the hoarder got 40 sockets, then EMFILE", text[-600:])
        check("socket refused: it holds 40 sockets, its limit" in text,
              "and the refusal is logged", text[-600:])
        check(body_of(got)[1] == srv.blob,
              "another app connected and fetched 1 MiB while it held them",
              len(body_of(got)[1]))
        check(p.returncode == 0, "both ended well", p.returncode)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
        srv.close()


def test_hostile_arguments_to_every_socket_call():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    port = srv.getsockname()[1]
    stop = threading.Event()

    def accept_all():
        held = []
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(srv.accept()[0])
            except OSError:
                pass
        for c in held:
            c.close()
    t = threading.Thread(target=accept_all, daemon=True)
    t.start()
    try:
        rc, out, err = probe("netprobe", "hostile", "127.0.0.1", port)
    finally:
        stop.set()
        t.join()
        srv.close()
    lines = out.decode().split("\n")
    results = dict(line.rsplit(" ", 1) for line in lines if " " in line)
    check(rc == 0 and "survived" in lines, "the app lives through it and "
          "can still connect", (rc, err[-400:]))
    check(len(results) >= 30, "every call was tried", len(results))
    wrong = {k: v for k, v in results.items()
             if (v == "0") != (k == "close-twice-first")}
    check(not wrong, "each bad call got an error, none succeeded", wrong)
    expect = {"connect-name-out-of-memory": "21", "connect-name-wraps": "28",
              "connect-fd-out-of-memory": "21", "resolve-cap-huge": "28",
              "recv-iovec-out-of-memory": "21", "accept-on-stdout": "57",
              "accept-on-nothing": "8", "close-twice-second": "8",
              "renumber-a-socket": "58"}
    off = {k: (results.get(k), v) for k, v in expect.items()
           if results.get(k) != v}
    check(not off, "EFAULT for memory it does not have, EINVAL for sizes, "
          "ENOTSOCK/EBADF for descriptors", off)
    check(b"trapped" not in err, "no trap, no crash", err[-300:])
