#!/usr/bin/env python3
"""App start to first frame, and a thousand apps.

In the supervisor: N copies of a module that draws one frame at once
("green"), started together; each app's start-to-first-flush time comes
from `ps` (first_frame_us), read by an app with the shell capability.
Baseline, same run: the same module started as a fresh OS process per app
(bench/start_baseline.c, timed from fork to its first flush), given the
precompiled artifact so it does not even pay for compilation.
Then 10000 start/stop cycles (RSS after 1000 and 10000), and 1000 apps
with one broadcast (RSS per app).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from run import Run, manifest  # noqa: E402
import run as runmod  # noqa: E402


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def supervisor_starts(n, cache):
    """n apps started one at a time by the starter app, through the shell."""
    caps = "stdio = true\ndisplay = true\n"
    clones = {f"g-{i:03d}": ("green", manifest(f"g-{i:03d}", "green", caps) +
                             "\n[lifecycle]\nautostart = false\n") for i in range(n)}
    r = Run(["starter"], exit_after=n * 25 + 3000, clones=clones, size="1280x800",
            extra=["--cache", cache])
    times = []
    for line in r.lines:
        if line.startswith("[starter] first frames us "):
            times += [int(x) for x in line.split()[4:]]
    r.cleanup()
    return [t for t in times if t > 0]


def process_starts(build, n, precompiled=True):
    """n fresh processes, each loading green precompiled by a first run,
    or (precompiled=False) compiling it every time."""
    wasm = os.path.join(build, "test-apps", "green", "green.wasm")
    tmp = tempfile.mkdtemp(prefix="vyoma-baseline-")
    artifact = os.path.join(tmp, "green.cwasm") if precompiled else "/nonexistent/green.cwasm"
    runner = os.path.join(build, "bench", "start_baseline")
    subprocess.run([runner, wasm, artifact], capture_output=True, check=True)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run([runner, wasm, artifact], capture_output=True, check=True)
        times.append((time.perf_counter() - t0) * 1e6)
    shutil.rmtree(tmp, ignore_errors=True)
    return times


def thousand():
    clones = {f"echo-{i:04d}": ("echoer", manifest(f"echo-{i:04d}", "echoer"))
              for i in range(1000)}
    r = Run(["broadcaster"], exit_after=6000, clones=clones, sample_rss=True)
    r.cleanup()
    return max(r.rss_kib), r.has("[broadcaster] answers 1000")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    a = ap.parse_args()
    runmod.BUILD = a.build
    cache = tempfile.mkdtemp(prefix="vyoma-startcache-")
    # Warm the cache with green, as a booted system's cache would be.
    Run(["green"], exit_after=200, extra=["--cache", cache]).cleanup()
    ours = supervisor_starts(200, cache)
    base = process_starts(a.build, 30)
    compiling = process_starts(a.build, 30, precompiled=False)
    shutil.rmtree(cache, ignore_errors=True)
    p50, p99, b50, b99 = (percentile(ours, 50), percentile(ours, 99),
                          percentile(base, 50), percentile(base, 99))
    print("App start to first flushed frame")
    print(f"  in the supervisor ({len(ours)} apps, one at a time): p50 {p50} us, p99 {p99} us")
    print(f"  fresh process per app ({len(base)} runs, precompiled module):"
          f" p50 {b50:.0f} us, p99 {b99:.0f} us")
    c50 = percentile(compiling, 50)
    print(f"  fresh process per app ({len(compiling)} runs, compiling each time, as"
          f" `wasmtime run` without a cache): p50 {c50:.0f} us")
    print(f"  ratio at p50: {b50 / p50:.1f}x (precompiled), {c50 / p50:.1f}x (compiling)"
          f"   target >= 20x, p50 <= 1 ms")
    clones = {"cycler-10k": ("cycler", manifest("cycler-10k", "cycler",
                                                'stdio = true\nshell = ["start", "stats", "ps"]\n'))}
    t0 = time.perf_counter()
    r = Run(["blink"], exit_after=60000, clones=clones)
    rss = [int(line.split()[-1]) for line in r.lines if line.startswith("[cycler-10k] rss ")]
    runs = [line for line in r.lines if "blink: started again (9999)" in line]
    r.cleanup()
    print("10000 start/stop cycles (an app that exits at once, restarted through the shell)")
    print(f"  supervisor RSS after 1000: {rss[0] if rss else '?'} KiB, after 10000:"
          f" {rss[-1] if rss else '?'} KiB; all 10000 ran: {bool(runs)}")
    peak, answered = thousand()
    print("1000 concurrent apps (and one broadcaster)")
    print(f"  supervisor RSS peak {peak} KiB = {peak / 1001:.0f} KiB per app   target <= 256 MiB"
          f"; broadcast answered by all 1000: {answered}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
