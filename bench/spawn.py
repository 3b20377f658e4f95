#!/usr/bin/env python3
"""Processes: spawn to exit, pipe throughput, memory per idle instance.

Spawn to exit: `spawner many N` spawns `cmdprobe exit 0` N times inside
one supervisor, each waited for before the next, and reports p50/p99 of
spawn-to-wait-return. Baseline, same run: the same module run as a fresh
OS process per command (bench/start_baseline, given the precompiled
artifact, with the same argv), timed from fork to exit.

Pipe throughput: `cmdprobe zeros N | cmdprobe count` through one of the
supervisor's pipes, against the host's `head -c N /dev/zero | cat | wc -c`
in the same run.

Memory per idle instance: the supervisor's RSS with 64 instances blocked
reading a pipe, against its RSS with none.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "integration"))
from harness import rss_kib  # noqa: E402


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


def supervisor(build, line, cache):
    return [os.path.join(build, "bin", "vyoma-supervisor"), "--apps",
            os.path.join(build, "test-apps"), "--cache", cache, "--run", line]


def spawns(build, cache, n):
    out = subprocess.run(supervisor(build, f"spawner many {n}", cache),
                         capture_output=True, text=True, check=True).stdout
    words = out.split()
    return int(words[words.index("p50") + 1]), int(words[words.index("p99") + 1]), out


def fresh_processes(build, n):
    wasm = os.path.join(build, "test-apps", "cmdprobe", "cmdprobe.wasm")
    tmp = tempfile.mkdtemp(prefix="vyoma-spawnbase-")
    artifact = os.path.join(tmp, "cmdprobe.cwasm")
    runner = os.path.join(build, "bench", "start_baseline")
    argv = [runner, wasm, artifact, "cmdprobe", "exit", "0"]
    subprocess.run(argv, check=True)  # compiles and saves the artifact
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(argv, check=True)
        times.append((time.perf_counter() - t0) * 1e6)
    shutil.rmtree(tmp, ignore_errors=True)
    return times


def throughput(build, cache, n):
    t0 = time.perf_counter()
    out = subprocess.run(supervisor(build, f"spawner throughput {n}", cache),
                         capture_output=True, text=True, check=True).stdout
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    host = subprocess.run(f"head -c {n} /dev/zero | cat | wc -c", shell=True,
                          capture_output=True, text=True, check=True).stdout
    theirs = time.perf_counter() - t0
    assert out.split()[0] == str(n) and host.strip() == str(n), (out, host)
    return n / ours / 1e6, n / theirs / 1e6


def idle_memory(build, cache, n):
    def rss_with(children):
        p = subprocess.Popen(supervisor(build, f"spawner idle {children}", cache),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        assert line.startswith("ready"), line
        time.sleep(0.3)  # settle: the children are blocked
        rss = rss_kib(p.pid)
        p.stdin.close()
        p.wait()
        return rss
    base = rss_with(0)
    full = rss_with(n)
    return base, full, (full - base) / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    a = ap.parse_args()
    cache = tempfile.mkdtemp(prefix="vyoma-spawncache-")
    spawns(a.build, cache, 10)  # compiles cmdprobe and spawner into the cache
    p50, p99, _ = spawns(a.build, cache, 2000)
    base = fresh_processes(a.build, 50)
    b50, b99 = percentile(base, 50), percentile(base, 99)
    print("Spawn to exit of a trivial command (cmdprobe exit 0)")
    print(f"  spawned by an app in the supervisor (2000, one at a time): p50 {p50} us, p99 {p99} us")
    print(f"  fresh process per command (50, precompiled module): p50 {b50:.0f} us, p99 {b99:.0f} us")
    print(f"  ratio at p50: {b50 / p50:.1f}x   target >= 20x")
    mb = 1000 * 1000 * 1000
    ours, host = throughput(a.build, cache, mb)
    print("Pipe throughput, 1 GB: zeros | count")
    print(f"  supervisor pipe: {ours:.0f} MB/s; host head | cat | wc -c: {host:.0f} MB/s;"
          f" ratio {ours / host:.2f}")
    base_rss, full_rss, per = idle_memory(a.build, cache, 64)
    print("Memory per idle instance (64 blocked on a pipe)")
    print(f"  supervisor RSS {base_rss} KiB with none, {full_rss} KiB with 64: {per:.0f} KiB each")
    shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
