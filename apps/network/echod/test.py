"""echod (apps/network/echod): a TCP echo server run in the background
on a free loopback port; clients of the test's own connect at once and
get their bytes back, one floods it with 4 MiB, one sends without ever
reading, and it goes on serving the others."""
import os
import socket
import threading

import harness
from harness import check
from netapps import Background, free_port


def echo_round(port, data, out, key):
    """Sends data while reading it back, on two threads: TCP's buffers
    are far smaller than a flood."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        def send():
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        t = threading.Thread(target=send)
        t.start()
        got = bytearray()
        while True:
            more = s.recv(65536)
            if not more:
                break
            got += more
        t.join(30)
    out[key] = bytes(got)


def test_echod_echoes_many_clients_and_survives_a_flood():
    port = free_port()
    bg = Background([harness.supervisor_binary(), "--apps",
                     os.path.join(harness.BUILD, "apps"), "--run",
                     f"echod -p {port}"])
    stuck = None
    try:
        ready = bg.wait_for(r"^echod: ")
        check(ready == f"echod: listening on port {port}\n",
              "it says where it listens", bg.lines())
        # A client that sends 2 MiB and never reads: it fills its own
        # buffers and waits, and must hold up nobody else.
        stuck = socket.create_connection(("127.0.0.1", port), timeout=30)
        stuck.setblocking(False)
        try:
            stuck.send(os.urandom(2 << 20))
        except BlockingIOError:
            pass
        datas = {i: os.urandom(1000 + 37 * i) for i in range(8)}
        datas["flood"] = os.urandom(4 << 20)
        datas["empty"] = b""
        out = {}
        threads = [threading.Thread(target=echo_round,
                                    args=(port, d, out, k))
                   for k, d in datas.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        for k, d in datas.items():
            check(out.get(k) == d, f"client {k}: its {len(d)} bytes back, "
                  "in order", len(out.get(k) or b""))
        # Still alive after all that: one more round.
        out = {}
        echo_round(port, b"still here\r\n", out, 0)
        check(out[0] == b"still here\r\n", "it serves on after the flood",
              out)
        check(bg.p.poll() is None, "echod is still running", bg.lines())
    finally:
        if stuck:
            stuck.close()
        bg.stop()
    # A port outside its grant, and usage errors.
    for line, why in ((f"echod -p 80", b"port:80: Permission denied"),
                      ("echod -p 0", b"-p takes a port"),
                      ("echod x", b"no operands"),
                      ("echod -x", b"invalid option")):
        bg = Background([harness.supervisor_binary(), "--apps",
                         os.path.join(harness.BUILD, "apps"), "--run", line])
        rc = bg.wait(30)
        err = "".join(bg.lines()).encode()
        check(rc == 1 and why in err, f"{line!r} refused", (rc, err))
