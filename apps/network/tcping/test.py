"""tcping (apps/network/tcping): times connects to a listener of the
test's own on loopback (granted to a copy of the app, as a user would
add it), and reports a closed port as failed with status 1."""
import os
import re
import shutil
import tempfile

import harness
from command import run_command
from harness import check
from netapps import granted_apps, loopback_listener


def test_tcping_times_connects_and_counts_failures():
    srv, port = loopback_listener(8)
    # The kernel completes each handshake into the backlog: no accept.
    tmp = tempfile.mkdtemp(prefix="tcping-")
    where = f"127.0.0.1:{port}"
    try:
        apps = granted_apps(tmp, "tcping", "127.0.0.1:*")
        rc, out, err = run_command(f"tcping -c 3 -i 0 127.0.0.1 {port}",
                                   apps=apps)
        lines = out.decode().splitlines()
        check(rc == 0 and len(lines) == 6, "three attempts and a summary",
              (rc, out, err))
        times = []
        for seq, line in enumerate(lines[:3], 1):
            m = re.fullmatch(re.escape(where) + rf": seq={seq} "
                             r"time=(\d+)\.(\d{3}) ms", line)
            check(m is not None, f"attempt {seq} connected and timed", line)
            times.append(int(m.group(1)) * 1000 + int(m.group(2)))
        check(lines[3] == f"--- {where} ---" and
              lines[4] == "3 tried, 3 connected, 0% failed",
              "the summary counts them", lines[3:5])
        m = re.fullmatch(r"min/avg/max = (\d+)\.(\d{3})/(\d+)\.(\d{3})/"
                         r"(\d+)\.(\d{3}) ms", lines[5])
        check(m is not None, "min/avg/max line", lines[5])
        mn, avg, mx = (int(m.group(i)) * 1000 + int(m.group(i + 1))
                       for i in (1, 3, 5))
        check(mn == min(times) and mx == max(times) and
              avg == sum(times) // 3, "min, avg and max of the times",
              (times, mn, avg, mx))
        srv.close()
        rc, out, err = run_command(f"tcping -c 2 -i 0 127.0.0.1 {port}",
                                   apps=apps)
        check(rc == 1 and out.decode() ==
              f"{where}: seq=1 Connection refused\n"
              f"{where}: seq=2 Connection refused\n--- {where} ---\n"
              "2 tried, 0 connected, 100% failed\n",
              "a closed port: each attempt refused, status 1", (rc, out, err))
        rc, out, err = run_command(f"tcping -c 1 127.0.0.1 {port}",
                                   apps=os.path.join(harness.BUILD, "apps"))
        check(rc == 1 and b"Permission denied (not granted)" in out,
              "loopback is not in the shipped grant", out + err)
        for bad, why in (("tcping 127.0.0.1", b"HOST and PORT"),
                         ("tcping -c 0 a 1", b"-c takes a count"),
                         ("tcping -c x a 1", b"-c takes a count"),
                         ("tcping -i -5 a 1", b"-i takes milliseconds"),
                         ("tcping a 99999", b"port must be"),
                         ("tcping -q a 1", b"invalid option")):
            rc, out, err = run_command(bad, apps=apps)
            check(rc == 1 and why in err and out == b"", f"{bad!r} refused",
                  (rc, err))
        rc, out, err = run_command("tcping --help", apps=apps)
        check(rc == 0 and out.startswith(b"Usage: tcping"), "--help", out)
    finally:
        srv.close()
        shutil.rmtree(tmp, ignore_errors=True)
