"""The socket layer (issue 14): grants enforced at connect, listen and
lookup time, blocking calls that a stop ends, the per-app socket limit,
and hostile arguments to every new call. The apps are netprobe and its
variants (tests/apps/netprobe*), which differ only in their network
grant; the servers are the test's own, on loopback."""
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


class Holder:
    """A loopback server that accepts every connection and holds it until
    the client closes; counts the ones still open."""

    def __init__(self):
        self.srv = socket.socket()
        self.srv.bind(("127.0.0.1", 0))
        self.srv.listen(64)
        self.port = self.srv.getsockname()[1]
        self.open = 0
        self.lock = threading.Lock()
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self):
        while True:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            with self.lock:
                self.open += 1
            threading.Thread(target=self._hold, args=(c,), daemon=True).start()

    def _hold(self, c):
        try:
            while c.recv(4096):
                pass
        except OSError:
            pass
        c.close()
        with self.lock:
            self.open -= 1

    def close(self):
        # A thread blocked in accept() is not woken by close(): it would
        # go on accepting on whatever socket reuses the descriptor (a
        # later test's server, whose clients it would hold unanswered).
        # shutdown() wakes it.
        try:
            self.srv.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.acceptor.join(10)
        self.srv.close()


def _descriptors(pid):
    """How many descriptors of each kind (socket, pipe, anon_inode:[eventfd],
    file) the process holds."""
    kinds = {}
    for n in os.listdir(f"/proc/{pid}/fd"):
        kind = os.readlink(f"/proc/{pid}/fd/{n}").split(":[")[0]
        kind = "file" if kind.startswith("/") else kind
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def _held_after(rounds, holder):
    """The supervisor's descriptors and the server's open connections
    while the last of `rounds` x (exit, trap, return) with 5 sockets and
    a listener each blocks in recv."""
    cmds = []
    for _ in range(rounds):
        for how in ("exit", "trap", "return"):
            cmds.append(f"netprobe hold 127.0.0.1 {holder.port} 5 {how}")
    cmds.append(f"netprobe recv 127.0.0.1 {holder.port}")
    apps = ["--apps", os.path.join(harness.BUILD, "apps"),
            "--apps", os.path.join(harness.BUILD, "test-apps")]
    p = subprocess.Popen([harness.supervisor_binary()] + apps +
                         ["--run", "sh", "-c", "; ".join(cmds)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline()
        check(line == b"connected\n", f"{rounds} rounds ran", line)
        time.sleep(0.5)
        fds = _descriptors(p.pid)
        with holder.lock:
            still = holder.open
    finally:
        p.kill()
        p.communicate()
    return fds, still


def test_sockets_and_eventfds_are_closed_however_a_run_ends():
    """Runs that exit, trap or return holding sockets, in instances the
    supervisor reuses: no socket stays open and the supervisor holds no
    more descriptors after 20 rounds than after one."""
    holder = Holder()
    try:
        one, open_one = _held_after(1, holder)
        many, open_many = _held_after(20, holder)
    finally:
        holder.close()
    check(open_one == 1 and open_many == 1, "only the blocked run's "
          "connection is still open", (open_one, open_many))
    check(all(many[k] <= one.get(k, 0) for k in many),
          "no descriptor leaks per run", (one, many))


def test_a_poll_on_more_sockets_than_the_fd_limit_sleeps():
    """4096 read subscriptions on a socket: with RLIMIT_NOFILE 4096 (a
    developer's machine) poll(2) cannot take them and the queue's eventfd
    at once. The poll must still wait asleep for the bytes, not spin a
    CPU that the scheduler, seeing a wait, never charges to the app."""
    wrap = [shutil.which("prlimit")]
    if not wrap[0]:
        return
    wrap += ["--nofile=4096:4096"]
    if os.geteuid() == 0:
        # Root would raise the limit again (main.c).
        if not shutil.which("setpriv"):
            return
        wrap += [shutil.which("setpriv"), "--bounding-set", "-sys_resource"]
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    p = subprocess.Popen(wrap + [harness.supervisor_binary(), "--apps",
                                 os.path.join(harness.BUILD, "test-apps"),
                                 "--run", "netprobe", "pollmany",
                                 "127.0.0.1", str(port)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        conn, _ = srv.accept()
        check(p.stdout.readline() == b"polling\n", "4096 subscriptions")
        time.sleep(1)
        conn.sendall(b"hi")
        out, err = p.communicate(timeout=30)
        words = out.split()
        # At least one: the subscriptions are looked at one by one, so
        # bytes arriving during a pass are seen by the later ones only.
        check(words[:3] == [b"poll", b"0", b"events"] and
              1 <= int(words[3]) <= 4096,
              "the bytes end the poll", out)
        check(int(words[-1]) < 500, "and it slept meanwhile (CPU ms)",
              (out, err[-300:]))
        conn.close()
    finally:
        srv.close()
        if p.poll() is None:
            p.kill()
            p.communicate()


def test_spellings_of_loopback_do_not_pass_a_grant():
    """netprobe may reach 127.0.0.1 by number, netprobe-any any public
    address, netprobe-name the name localhost (public answers only):
    no other spelling of the machine itself gets through."""
    holder = Holder()
    try:
        for app in ("netprobe", "netprobe-any", "netprobe-name"):
            rc, out, err = probe(app, "names", holder.port, timeout=120)
            got = dict(line.rsplit("|", 1)
                       for line in out.decode(errors="replace").splitlines())
            check(rc == 0 and len(got) >= 20, f"{app}: every spelling tried",
                  (rc, err[-300:]))
            through = {k: v for k, v in got.items() if v not in ("2", "44")}
            check(not through, f"{app}: each refused (EACCES) or no such "
                  "name (ENOENT)", through)
    finally:
        holder.close()


def test_aliased_iovecs_over_all_of_memory():
    """1024 iovecs each covering the app's memory: a send moves 16 MiB
    and returns, a recv with MSG_WAITALL lands in the iovec array
    itself and ends when the peer does."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    got = []

    def sink():
        c, _ = srv.accept()
        n = 0
        while n < 16 << 20:
            chunk = c.recv(1 << 20)
            if not chunk:
                break
            n += len(chunk)
        c.sendall(b"x" * 100)
        c.shutdown(socket.SHUT_WR)
        while True:
            chunk = c.recv(1 << 20)
            if not chunk:
                break
            n += len(chunk)
        got.append(n)
        c.close()
    t = threading.Thread(target=sink, daemon=True)
    t.start()
    try:
        rc, out, err = probe("netprobe", "aliased", "127.0.0.1", port)
    finally:
        t.join(30)
        srv.close()
    lines = out.decode().split("\n")
    check(rc == 0 and lines[0].startswith("send 0 ") and
          int(lines[0].split()[2]) == 16 << 20,
          "the send is cut short at 16 MiB, however fast the peer reads",
          (out, err[-300:]))
    check(got and got[0] == int(lines[0].split()[2]),
          "and the peer got exactly that", (got, lines[0]))
    check(lines[1] == "recv 0 100", "the recv lands in the iovec array and "
          "ends with the peer", lines)


def test_a_child_has_its_own_grant_whatever_its_parent_holds():
    """From the shell (which has no network at all), each command reaches
    exactly what its own manifest names: netprobe its loopback grant,
    netprobe-none nothing, fetch only public hosts."""
    srv = FileServer()
    try:
        line = (f"netprobe-none get 127.0.0.1 {srv.port} /blob; echo none=$?; "
                f"netprobe get 127.0.0.1 {srv.port} /blob | wc -c; "
                f"fetch -s http://127.0.0.1:{srv.port}/blob; echo fetch=$?")
        p = subprocess.run([harness.supervisor_binary(), "--verbose",
                            "--apps", os.path.join(harness.BUILD, "apps"),
                            "--apps", os.path.join(harness.BUILD, "test-apps"),
                            "--run", "sh", "-c", line],
                           capture_output=True, timeout=120)
        out = p.stdout.decode()
        err = p.stderr.decode(errors="replace")
        check("none=2" in out, "netprobe-none, started by the shell, is "
              "refused", out)
        size = [w for w in out.split() if w.isdigit()]
        check(size and int(size[0]) > len(srv.blob),
              "netprobe, started by the same shell, connects", out)
        check("fetch=3" in out and re.search(
                  r"fetch#\d+: network: connect to 127.0.0.1 port %d refused"
                  % srv.port, err),
              "fetch's own grant (public hosts) holds under the shell too",
              (out, err[-400:]))
    finally:
        srv.close()


def test_a_connect_that_does_not_wait():
    """VY_CONNECT_NOWAIT: the call returns EINPROGRESS once the connect
    has begun; poll says when it ended and vy_connect_status how (0, or
    ECONNREFUSED once and ENOTCONN after). The grant is checked first,
    as for any connect."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    port = srv.getsockname()[1]
    dead = socket.socket()
    dead.bind(("127.0.0.1", 0))
    closed = dead.getsockname()[1]
    dead.close()
    try:
        rc, out, err = probe("netprobe", "async", "127.0.0.1", port)
        check(out == b"start 26\npoll 1\nstatus 0\nagain 0\nnot-a-socket 8\n",
              "to a listener: EINPROGRESS, then writable, then connected",
              (out, err[-300:]))
        rc, out, err = probe("netprobe", "async", "127.0.0.1", closed)
        check(out == b"start 26\npoll 1\nstatus 14\nagain 53\nnot-a-socket 8\n",
              "to a closed port: ECONNREFUSED once, then ENOTCONN",
              (out, err[-300:]))
        rc, out, err = probe("netprobe-port", "async", "127.0.0.1", port)
        check(out == b"start 2\n" and b"no grant names that port" in err,
              "not granted: EACCES at once, logged, no socket",
              (out, err[-300:]))
    finally:
        srv.close()


def test_an_app_waiting_on_a_name_lookup_is_stopped_promptly():
    """The resolver cannot be interrupted, so it runs beside the app: a
    lookup whose DNS server never answers (a UDP socket of the test's,
    made the supervisor's only nameserver in a mount namespace of its
    own) is waited for like a socket, and a stop ends the wait before
    the resolver tries the server a second time."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return
    work = tempfile.mkdtemp(prefix="vyoma-dns-")
    dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        dns.bind(("127.0.0.77", 53))
    except OSError:
        shutil.rmtree(work)
        return
    conf = os.path.join(work, "resolv.conf")
    with open(conf, "w") as f:
        f.write("nameserver 127.0.0.77\noptions timeout:5 attempts:2\n")
    hosts = os.path.join(work, "hosts")
    with open(hosts, "w") as f:
        f.write("127.0.0.1 localhost\n")
    inner = (f"mount --bind {conf} /etc/resolv.conf && "
             f"mount --bind {hosts} /etc/hosts && exec \"$@\"")
    p = subprocess.Popen(["unshare", "-m", "sh", "-c", inner, "sh",
                          harness.supervisor_binary(), "--verbose", "--apps",
                          os.path.join(harness.BUILD, "test-apps"), "--run",
                          "netprobe-any", "get", "unanswered.example", "80",
                          "/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    queries = []
    try:
        dns.settimeout(60)
        queries.append(dns.recvfrom(512)[0])
        # The app is in its lookup now: stop it.
        p.send_signal(signal.SIGTERM)
        out, err = p.communicate(timeout=60)
        dns.settimeout(0)
        try:
            while True:
                queries.append(dns.recvfrom(512)[0])
        except (BlockingIOError, socket.timeout):
            pass
        check(b"netprobe-any: stopped" in err,
              "the app waiting on the lookup was stopped", err[-400:])
        # glibc asks the same question again after its 5 s timeout: the
        # supervisor must be gone before that.
        questions = [q[12:] for q in queries]
        check(len(questions) == len(set(questions)),
              "before the resolver asked a second time", queries)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
        dns.close()
        shutil.rmtree(work, ignore_errors=True)
