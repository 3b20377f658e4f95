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
from run import Run, install_app, manifest, rss_kib, app_wasm  # noqa: E402
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


def thousand(build):
    """1000 echoers and a broadcaster: seconds from launch to ready (all
    loaded and started) and to 1000 answers, and the RSS peak."""
    tmp = tempfile.mkdtemp(prefix="vyoma-1000-")
    apps = {f"echo-{i:04d}": "echoer" for i in range(1000)}
    apps["broadcaster"] = "broadcaster"
    for name, module in apps.items():
        # The broadcaster waits for `stats` to show every app running.
        caps = 'stdio = true\nshell = ["stats"]\n' if module == "broadcaster" else "stdio = true\n"
        install_app(os.path.join(tmp, "apps"), name, app_wasm(module, build),
                    manifest(name, module, caps))
    t0 = time.perf_counter()
    p = subprocess.Popen([os.path.join(build, "bin", "vyoma-supervisor"), "--apps",
                          os.path.join(tmp, "apps"), "--data", os.path.join(tmp, "data"),
                          "--exit-after", "20000"], stdout=subprocess.PIPE, text=True)
    ready = answered = None
    peak = 0
    for line in p.stdout:
        peak = max(peak, rss_kib(p.pid))
        if ready is None and "ready:" in line:
            ready = time.perf_counter() - t0
        if "[broadcaster] answers" in line:
            # The broadcaster reports after a second without answers.
            answered = (time.perf_counter() - t0 - 1.0, line.split()[-1])
            break
    # Close our end first: the shutdown log must not block on a full pipe.
    p.stdout.close()
    p.terminate()
    p.wait()
    shutil.rmtree(tmp, ignore_errors=True)
    return ready, answered, peak


def fairness():
    """Two busy apps with CPU shares 1 and 2 on one CPU: their CPU split."""
    def spin(name, share):
        return ("spinner", manifest(name, "spinner") + f"\n[resources]\ncpu = {share}\n")
    r = Run([], exit_after=5000, clones={"spin-1": spin("spin-1", 1),
                                          "spin-2": spin("spin-2", 2)}, cpus="0")
    cpu = {line.split(":")[1].strip(): float(line.split("; cpu ")[1].split()[0])
           for line in r.lines if "; cpu " in line}
    r.cleanup()
    return cpu


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
    r = Run(["blink"], exit_after=60000, clones=clones)
    rss = [int(line.split()[-1]) for line in r.lines if line.startswith("[cycler-10k] rss ")]
    runs = [line for line in r.lines if "blink: started again (9999)" in line]
    r.cleanup()
    print("10000 start/stop cycles (an app that exits at once, restarted through the shell)")
    print(f"  supervisor RSS after 1000: {rss[0] if rss else '?'} KiB, after 10000:"
          f" {rss[-1] if rss else '?'} KiB; all 10000 ran: {bool(runs)}")
    ready, answered, peak = thousand(a.build)
    print("1000 concurrent apps (and one broadcaster)")
    print(f"  launch to ready (all loaded and started): {ready:.2f} s; to 1000 answers:"
          f" {answered[0]:.2f} s ({answered[1]} answered)")
    print(f"  supervisor RSS peak {peak} KiB = {peak / 1001:.0f} KiB per app   target <= 256 MiB")
    cpu = fairness()
    print("Fairness: two busy apps, CPU shares 1 and 2, one CPU, 5 s")
    print(f"  CPU seconds {cpu.get('spin-1', 0):.2f} and {cpu.get('spin-2', 0):.2f}:"
          f" ratio {cpu.get('spin-2', 0) / max(cpu.get('spin-1', 0), 1e-9):.2f}   target about 2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
