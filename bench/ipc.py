#!/usr/bin/env python3
"""IPC benchmark: routed messages per second and one-way latency between
two WASM apps through the supervisor, and broadcast to 200 apps, each
beside the same payload through a plain pipe between two threads measured
in the same run (bench/pipe_baseline.c). Prints the figures and ratios.

The apps are one module (bench/apps/ipcbench) run under several names.
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from run import install_app  # noqa: E402

BUILD = "build"


def manifest(name, extra=""):
    return (f'[app]\nname = "{name}"\nversion = "1"\nentry = "ipcbench.wasm"\n\n'
            f'[capabilities]\nstdio = true\n{extra}')


def run_apps(apps, done_marker, timeout=120):
    """Runs the supervisor on apps {name: manifest}; stops it once every
    marker in done_marker has appeared. Returns its output lines."""
    tmp = tempfile.mkdtemp(prefix="vyoma-bench-")
    module = os.path.join(BUILD, "bench-apps", "ipcbench", "ipcbench.wasm")
    for name, text in apps.items():
        install_app(os.path.join(tmp, "apps"), name, module, text)
    cmd = [os.path.join(BUILD, "bin", "vyoma-supervisor"), "--apps", os.path.join(tmp, "apps"),
           "--data", os.path.join(tmp, "data"), "--exit-after", str(timeout * 1000)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, errors="replace")
    lines, pending = [], set(done_marker)
    for line in p.stdout:
        lines.append(line.rstrip("\n"))
        pending = {m for m in pending if m not in line}
        if not pending:
            p.send_signal(signal.SIGTERM)
            break
    p.stdout.close()
    p.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    if pending:
        sys.exit(f"bench: never saw {pending}; last output:\n" + "\n".join(lines[-20:]))
    return lines


def field(lines, prefix):
    """The numbers after prefix on the first line that has it."""
    for line in lines:
        if prefix in line:
            return [int(x) for x in line.split(prefix, 1)[1].split()]
    sys.exit(f"bench: no '{prefix}' in output")


def throughput():
    lines = run_apps({
        "tput-send": manifest("tput-send"),
        "tput-recv": manifest("tput-recv", '\n[resources]\nqueue = "4MiB"\n'
                              'queue_messages = 65536\n'),
    }, ["tput done"])
    start = field(lines, "tput start ")[0]
    count, end = field(lines, "tput done ")
    return count / ((end - start) / 1e9)


def latency():
    lines = run_apps({"lat-send": manifest("lat-send"), "lat-recv": manifest("lat-recv")},
                     ["lat max count"])
    p50, p99 = field(lines, "lat p50 p99 ")
    return p50, p99


def broadcast(receivers=200):
    apps = {f"bc-{i:03d}": manifest(f"bc-{i:03d}") for i in range(receivers)}
    apps["bc-send"] = manifest("bc-send", 'shell = ["stats"]\n')
    lines = run_apps(apps, ["bc deliveries ns"])
    deliveries, ns = field(lines, "bc deliveries ns ")
    return deliveries, deliveries / (ns / 1e9)


def baseline():
    out = subprocess.run([os.path.join(BUILD, "bench", "pipe_baseline")], capture_output=True,
                         text=True, check=True).stdout.split("\n")
    tput = float(field(out, "pipe tput ")[0])
    p50, p99 = field(out, "pipe lat ")
    return tput, p50, p99


def main():
    global BUILD
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    BUILD = ap.parse_args().build

    rate = throughput()
    p50, p99 = latency()
    deliveries, bc_rate = broadcast()
    base_rate, base_p50, base_p99 = baseline()

    print("IPC benchmark (routed through the supervisor vs a plain pipe between threads)")
    print(f"  unicast throughput   {rate / 1e6:8.2f} M msg/s   pipe {base_rate / 1e6:8.2f} M msg/s"
          f"   ratio {rate / base_rate:.3f}   target >= 1.00 M msg/s")
    print(f"  one-way latency p50  {p50 / 1e3:8.1f} us        pipe {base_p50 / 1e3:8.1f} us"
          f"        ratio {p50 / base_p50:.1f}")
    print(f"  one-way latency p99  {p99 / 1e3:8.1f} us        pipe {base_p99 / 1e3:8.1f} us"
          f"        ratio {p99 / base_p99:.1f}   target < 100 us")
    print(f"  broadcast to 200     {bc_rate / 1e6:8.2f} M deliveries/s ({deliveries} deliveries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
