#!/usr/bin/env python3
"""Supervisor memory while one app floods another that never reads.

Runs the supervisor for SECONDS with flooder-forever sending to sink as
fast as it can, sampling the supervisor's RSS every second; the baseline is
the same pair of apps idle (the flooder replaced by one that sends
nothing), in the same run. Prints both and the ratio of the peaks.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from run import install_app, manifest, rss_kib, app_wasm  # noqa: E402


def sample(build, apps, seconds):
    tmp = tempfile.mkdtemp(prefix="vyoma-rss-")
    for name, (module, text) in apps.items():
        install_app(os.path.join(tmp, "apps"), name, app_wasm(module, build), text)
    cmd = [os.path.join(build, "bin", "vyoma-supervisor"), "--apps", os.path.join(tmp, "apps"),
           "--data", os.path.join(tmp, "data"), "--exit-after", str(seconds * 1000 + 500)]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    samples = []
    for _ in range(seconds):
        time.sleep(1)
        samples.append(rss_kib(p.pid))
    out = p.communicate()[0]
    shutil.rmtree(tmp, ignore_errors=True)
    return samples, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--seconds", type=int, default=60)
    a = ap.parse_args()
    flood, out = sample(a.build, {
        "flooder-forever": ("flooder", manifest("flooder-forever", "flooder")),
        "sink": ("sink", manifest("sink", "sink")),
    }, a.seconds)
    idle, _ = sample(a.build, {
        "green": ("green", manifest("green", "green", "stdio = true\ndisplay = true\n")),
        "sink": ("sink", manifest("sink", "sink")),
    }, min(a.seconds, 10))
    dropped = [line for line in out.splitlines() if line.startswith("vyoma: sink: ")]
    print(f"Supervisor RSS while flooder-forever floods a sink that never reads, {a.seconds} s")
    print(f"  flood: first {flood[0]} KiB, after 10 s {flood[min(9, len(flood) - 1)]} KiB, "
          f"last {flood[-1]} KiB, peak {max(flood)} KiB, "
          f"growth after 10 s {flood[-1] - flood[min(9, len(flood) - 1)]} KiB")
    print(f"  idle baseline: peak {max(idle)} KiB   ratio of peaks {max(flood) / max(idle):.2f}")
    if dropped:
        print("  " + dropped[-1].replace("vyoma: ", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
