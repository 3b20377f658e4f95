"""The chat window (issue 14): a line-based TCP chat that talks to any
line-oriented peer, here a socket of the test's own standing in for
`nc` on the host.

The hosted supervisor listens on loopback, and a port is only reachable
when the manifest grants it, so each run installs chat under a manifest
of its own (the installed one grants 7070 and names no loopback
address) and moves the listener with the typed command `/listen PORT`,
the way a person would. Each run waits for what it needs: a log line
(chat prints each transcript line once it is on the screen), or bytes
on the test's socket.

Transcript rows are 16 px tall and stacked up from 8 px above the input
field (docs/ui.md's layout: a 32 px header bar, 8 px of padding, the
transcript, the 24 px field, 8 px, the 24 px status row), so row i from
the bottom of a 480x320 window spans content y 256-16(i+1) to 256-16i,
and the transcript, from y 40, holds 13 whole rows.
"""
import os
import re
import socket
import threading

from harness import check, scripted, window_of

# Only the tests join run.py's namespace, not the helpers.
__all__ = ["test_chat_talks_with_a_host_socket",
           "test_chat_between_two_instances",
           "test_chat_connect_refused_without_a_grant",
           "test_chat_answers_while_a_call_rings"]

# sdk/vyoma_ui.h's palette, which chat's transcript and status row use.
YOU = 0x3B82F6          # "you:" lines: VY_UI_ACCENT
PEER = 0xE6E9EF         # "peer:" lines: VY_UI_TEXT
ERROR = 0xE5484D        # refusals, on the status row and in the transcript
TOP = 32 + 8            # the transcript's top edge in the window
BOTTOM = 320 - 24 - 8 - 24 - 8  # and its bottom edge
ROW = 16
STATUS = 24             # the status row along the window's bottom


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chat_manifest(hosts, listen):
    quoted = ", ".join(f'"{h}"' for h in hosts)
    ports = ", ".join(str(p) for p in listen)
    return ('[app]\nname = "chat"\nversion = "1"\nentry = "chat.wasm"\n\n'
            '[capabilities]\nstdio = true\n'
            'display = { title = "Chat", width = 480, height = 320 }\n\n'
            f'[capabilities.network]\nhosts = [{quoted}]\nlisten = [{ports}]\n')


def chat_running(hosts, listen, script, until, timeout=60):
    """chat under a manifest granting hosts and listen ports, typed into
    by script (an input script's lines after `focus chat`)."""
    def prepare(run):
        with open(os.path.join(run.apps_dir, "chat", "vyoma.toml"), "w") as f:
            f.write(chat_manifest(hosts, listen))

    return scripted(["chat"], "100 focus chat\n" + script, until,
                    size="640x480", prepare=prepare, timeout=timeout)


def content_origin(r):
    """(x, y, w, h) of the chat window's content."""
    return window_of(r, "chat") or (0, 0, 0, 0)


def rows_in(r, rgb):
    """Which transcript rows (0 = the bottom one) hold pixels of rgb."""
    if not r.rows:
        return []
    x, y, w, _ = content_origin(r)
    return [i for i in range((BOTTOM - TOP) // ROW)
            if r.count(rgb, (x, y + BOTTOM - ROW * (i + 1), x + w,
                             y + BOTTOM - ROW * i))]


class Host:
    """The test's side of the conversation, driven from Run's until=:
    called with the transcript so far, it acts on what has appeared
    and never waits itself."""

    LONG = " ".join(["wrapping"] * 14)      # 125 characters: three rows
    GARBAGE = b"bad \xff\xfe \x1b[31m red\x07 \xc0\xaf end\r\n"

    def __init__(self, port):
        self.port = port
        self.waiting = f"[chat] waiting for a peer on port {port}"
        self.first = self.second = None
        self.done_first = False
        self.got = b""

    def _connect(self, data):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        s.sendall(data)
        s.setblocking(False)
        return s

    def __call__(self, lines):
        listening = sum(self.waiting in line for line in lines)
        if self.first is None:
            if listening:
                self.first = self._connect(b"hello from host\n" +
                                           self.LONG.encode() + b"\n" +
                                           self.GARBAGE)
            return False
        if self.second is None:
            if not self.done_first:
                try:
                    while True:
                        data = self.first.recv(4096)
                        if not data:
                            break
                        self.got += data
                except BlockingIOError:
                    pass
                heard = any("[chat] peer: bad " in line for line in lines)
                if b"hi back\n" in self.got and heard:
                    self.first.close()
                    self.done_first = True
            # chat listens again once the first peer has gone.
            if not self.done_first or listening < 2:
                return False
            self.second = self._connect(b"second\n")
        return any(line == "[chat] peer: second" for line in lines)

    def close(self):
        for s in (self.first, self.second):
            if s is not None:
                s.close()


def test_chat_talks_with_a_host_socket():
    """A socket on the host connects to chat listening on a granted port:
    its lines appear in the peer's colour (a long one wrapped, bytes that
    are not text made safe), the line typed into chat arrives on the
    socket as "hi back\\n", and when the socket closes chat listens
    again and takes the next caller."""
    port = free_port()
    host = Host(port)
    r = chat_running(["127.0.0.1:%d" % port], [port], f"""
200 type /listen {port}
250 key Enter
400 type hi back
450 key Enter
""", until=host)
    host.close()
    check(r.has("[chat] refused: port 7070 not granted"),
          "the default port, not granted here, is refused on the screen",
          r.out[-1500:])
    check(r.has(host.waiting), "/listen moved the listener to the granted port")
    check(re.search(r"^\[chat\] connected to 127\.0\.0\.1:\d+$", r.out, re.M),
          "the peer's address is shown once it connects", r.out[-1500:])
    check(r.has("[chat] peer: hello from host"), "the host's line is shown")
    check(r.has("[chat] peer: " + Host.LONG), "a long line arrives whole")
    check(r.has("[chat] peer: bad ?? ?[31m red? ?? end"),
          "malformed UTF-8 and control characters are shown as '?'",
          [line for line in r.lines if "bad" in line])
    check(r.has("[chat] you: hi back"), "the typed line is in the transcript")
    check(host.got == b"hi back\n",
          "the host received exactly the typed line and its newline",
          repr(host.got))
    check(re.search(r"^\[chat\] 127\.0\.0\.1:\d+ left$", r.out, re.M) and
          sum(host.waiting in line for line in r.lines) == 2,
          "when the peer left, chat said so and listened again", r.out[-1500:])
    check(r.has("[chat] peer: second"), "and the next caller got through")
    # hello (1 row), the long line (3), the garbage (1), second (1).
    peer_rows = rows_in(r, PEER)
    check(len(peer_rows) == 6,
          "six rows in the peer's colour: the long line wrapped to three",
          peer_rows)
    check(len(rows_in(r, YOU)) == 1, "one row in your colour", rows_in(r, YOU))
    check(re.search(r"vyoma: chat: stopped;.* lines rejected 0;", r.out),
          "every line chat printed was well formed", r.out[-800:])
    r.cleanup()


def test_chat_between_two_instances():
    """Two supervisors, each with chat: A listens, B (granted A's
    loopback port as a literal address) calls it with /connect once A
    says it is waiting. What A typed before anyone came is delivered when
    B connects; what B types reaches A."""
    port = free_port()
    listening = threading.Event()
    runs = {}

    def a_until(lines):
        if any(f"[chat] waiting for a peer on port {port}" in line
               for line in lines):
            listening.set()
        return any(line == "[chat] peer: hello from b" for line in lines)

    def run_a():
        runs["a"] = chat_running([], [port], f"""
200 type /listen {port}
250 key Enter
300 type hello from a
350 key Enter
""", until=a_until)
        listening.set()     # whatever happened, B need not wait

    a = threading.Thread(target=run_a)
    a.start()
    listening.wait(90)
    b = chat_running([f"127.0.0.1:{port}"], [port], f"""
200 type /connect 127.0.0.1:{port}
250 key Enter
300 type hello from b
350 key Enter
""", until=["[chat] peer: hello from a", "[chat] you: hello from b"])
    a.join()
    a = runs["a"]
    check(b.has(f"[chat] connected to 127.0.0.1:{port}"),
          "B connected to A's port", b.out[-1500:])
    check(b.has("[chat] peer: hello from a"),
          "the line A typed while waiting reached B once it connected",
          b.out[-1500:])
    check(a.has("[chat] peer: hello from b"), "B's typed line reached A",
          a.out[-1500:])
    check(len(rows_in(a, PEER)) == 1 and len(rows_in(b, PEER)) == 1,
          "each window shows one peer line",
          (rows_in(a, PEER), rows_in(b, PEER)))
    a.cleanup()
    b.cleanup()


def test_chat_connect_refused_without_a_grant():
    """`/connect 127.0.0.1:PORT` where the manifest grants only "*:PORT":
    a name pattern never reaches loopback, so the supervisor refuses
    (EACCES, one log line), chat says so in red on its status row, and
    the test's listener on that port is never reached."""
    port = free_port()
    listener = socket.socket()
    listener.bind(("127.0.0.1", port))
    listener.listen(4)
    listener.setblocking(False)
    shown = f"[chat] refused: 127.0.0.1:{port} not granted"

    def refused_by_supervisor(line):
        # "vyoma: warning: chat: network: connect to 127.0.0.1 port N
        # refused: <why>"
        return (line.startswith("vyoma: ") and "chat: network: connect" in line
                and "127.0.0.1" in line and f"port {port} refused" in line)
    r = chat_running([f"*:{port}"], [port], f"""
200 type /connect 127.0.0.1:{port}
250 key Enter
""", until=[shown, lambda lines: any(map(refused_by_supervisor, lines))])
    try:
        listener.accept()[0].close()
        reached = True
    except BlockingIOError:
        reached = False
    listener.close()
    check(r.has(shown), "chat shows the refusal", r.out[-1500:])
    logged = [line for line in r.lines if refused_by_supervisor(line)]
    check(len(logged) == 1, "the supervisor logged one refusal line",
          r.out[-1500:])
    check(not reached, "nothing reached the listener on the host")
    x, y, w, h = content_origin(r)
    check(r.rows and r.count(ERROR, (x, y + h - STATUS, x + w, y + h)) > 50,
          "the status row shows the refusal in red")
    check(len(rows_in(r, ERROR)) >= 2,
          "the refusals (port 7070, the connect) are in the transcript",
          rows_in(r, ERROR))
    r.cleanup()


def test_chat_answers_while_a_call_rings():
    """A call to a listener whose queue is full rings (the kernel drops
    the SYNs) until chat gives up after 5 s; meanwhile the window reads
    keys and answers /help: the connect does not hold it."""
    port = free_port()
    full = socket.socket()
    full.bind(("127.0.0.1", port))
    full.listen(0)
    fillers = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(c)
    calling = f"[chat] connecting to 127.0.0.1:{port} ..."
    gave_up = f"[chat] cannot connect to 127.0.0.1:{port}: "
    helped = "/disconnect           end the conversation"
    try:
        r = chat_running([f"127.0.0.1:{port}"], [free_port()], f"""
200 type /connect 127.0.0.1:{port}
250 key Enter
900 type /help
950 key Enter
""", until=[gave_up], timeout=90)
    finally:
        for c in fillers:
            c.close()
        full.close()

    def first(text):
        return next((i for i, line in enumerate(r.lines) if text in line), -1)
    order = [first(calling), first(helped), first(gave_up)]
    check(-1 not in order and order == sorted(order),
          "connecting, then /help answered, then the call given up",
          (order, r.out[-1500:]))
    check(any(gave_up in line and "no answer" in line for line in r.lines),
          "it gave up on a timeout", r.out[-800:])
    r.cleanup()
