"""daytime (apps/network/daytime): a Daytime server run in the
background on a free loopback port; each client reads one line, parsed
by Python as a UTC date close to now, and the connection closes."""
import datetime
import os
import socket

import harness
from harness import check
from netapps import Background, free_port


def read_all(port):
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        data = b""
        while True:
            more = s.recv(4096)
            if not more:
                return data
            data += more


def test_daytime_tells_each_client_the_time():
    port = free_port()
    bg = Background([harness.supervisor_binary(), "--apps",
                     os.path.join(harness.BUILD, "apps"), "--run",
                     f"daytime -p {port}"])
    try:
        check(bg.wait_for(r"^daytime: ") ==
              f"daytime: listening on port {port}\n",
              "it says where it listens", bg.lines())
        for i in range(3):
            line = read_all(port)
            now = datetime.datetime.now(datetime.timezone.utc)
            check(line.endswith(b" UTC\r\n") and len(line) == 30,
                  "one CRLF line, then the close", line)
            told = datetime.datetime.strptime(
                line.decode(), "%a %b %d %H:%M:%S %Y UTC\r\n").replace(
                tzinfo=datetime.timezone.utc)
            check(abs((now - told).total_seconds()) < 5 and
                  line[:3].decode() == told.strftime("%a") and
                  line[8:10] == ("%2d" % told.day).encode(),
                  "the time now, its weekday right, the day padded "
                  "as asctime pads it", (line, now))
        check(bg.wait_for(r"^daytime: told 127\.0\.0\.1\n") is not None,
              "each client logged", bg.lines())
    finally:
        rc, _ = bg.stop()
    check(len([x for x in bg.lines() if x.startswith("daytime: told")]) == 3,
          "three clients told", bg.lines())
    for line, why in (("daytime -p 80", b"port:80: Permission denied"),
                      ("daytime -p x", b"-p takes a port"),
                      ("daytime 13", b"no operands")):
        bg = Background([harness.supervisor_binary(), "--apps",
                         os.path.join(harness.BUILD, "apps"), "--run", line])
        rc = bg.wait(30)
        err = "".join(bg.lines()).encode()
        check(rc == 1 and why in err, f"{line!r} refused", (rc, err))
