#!/usr/bin/env python3
"""TCP through the supervisor's sockets against native sockets on the
same loopback, in the same run: throughput app -> host and host -> app
(256 MiB each way), and connect latency (p50/p99 of 2000 connects).
The servers are native (net_baseline); the client is either the
netbench app under the hosted supervisor or the same loops built
natively (bench/apps/netbench/netbench_core.h). Prints each figure and
the ratio app / native; the design budget is within 2x."""
import argparse
import os
import re
import socket
import subprocess
import sys

MIB = 256
CONNECTS = 2000
ROUNDS = 3


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def server(build, *args):
    p = subprocess.Popen([os.path.join(build, "bench", "net_baseline")] +
                         [str(a) for a in args], stdout=subprocess.PIPE)
    if p.stdout.readline() != b"ready\n":
        sys.exit("net_baseline did not start")
    return p


def client(build, app, *args):
    words = ["netbench"] + [str(a) for a in args]
    if app:
        cmd = [os.path.join(build, "bin", "vyoma-supervisor"), "--apps",
               os.path.join(build, "bench-apps"), "--run"] + words
    else:
        cmd = [os.path.join(build, "bench", "net_baseline")] + words[1:]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if out.returncode:
        sys.exit("%s failed: %s" % (cmd, out.stderr[-500:]))
    return out.stdout


def best(build, app, *args):
    """The best of ROUNDS runs: the figure least disturbed by others."""
    figures = []
    for _ in range(ROUNDS):
        out = client(build, app, *args)
        figures.append([float(x) for x in
                        re.findall(r"(?:MiB/s|_us) ([\d.]+)", out)])
    return figures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    build = ap.parse_args().build
    results = {}
    for name, mode, serve in (("app -> host", "send", "sink"),
                              ("host -> app", "recv", "source")):
        port = free_port()
        srv = server(build, serve, port, MIB)
        try:
            extra = (MIB,) if mode == "send" else ()
            app = max(f[0] for f in best(build, True, mode, port, *extra))
            native = max(f[0] for f in best(build, False, mode, port, *extra))
        finally:
            srv.kill()
            srv.wait()
        results[name] = (app, native)
        print("tcp %s: app %.0f MiB/s, native %.0f MiB/s, app/native %.2f "
              "(budget >= 0.5)" % (name, app, native, app / native))
    port = free_port()
    srv = server(build, "accept", port)
    try:
        app = min(best(build, True, "connect", port, CONNECTS))
        native = min(best(build, False, "connect", port, CONNECTS))
    finally:
        srv.kill()
        srv.wait()
    print("tcp connect: app p50 %.1f us p99 %.1f us, native p50 %.1f us "
          "p99 %.1f us, app/native p50 %.2f p99 %.2f (budget <= 2)" %
          (app[0], app[1], native[0], native[1], app[0] / native[0],
           app[1] / native[1]))


if __name__ == "__main__":
    main()
