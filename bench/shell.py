#!/usr/bin/env python3
"""The shell benchmark of issue 13: the same scripts run by our sh with
our tools (vyoma-supervisor --run sh -c ...) and by the host's dash with
GNU coreutils, in the same run; the figure is the ratio of the two.

  startup  true                                         (starting the shell: for
                                                       ours, the supervisor too)
  loop     for i in $(seq 1000); do true; done         (a builtin, 1000 times)
  spawns   for i in $(seq 1000); do expr 1 + 1 >/dev/null; done
                                                      (1000 commands started)
  pipeline seq 1 1000000 | sort -n | tail -1           (a million lines)

Each is run REPEAT times on each side; the median wall time is kept.
Prints one line per script and the ratios; exits 1 if a side fails or
the outputs differ."""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

SCRIPTS = [
    ("startup", "true"),
    ("loop", "for i in $(seq 1000); do true; done; echo done"),
    ("spawns", "for i in $(seq 1000); do expr 1 + 1 >/dev/null; done; echo done"),
    ("pipeline", "seq 1 1000000 | sort -n | tail -1"),
]
REPEAT = 3


def timed(argv, cwd):
    start = time.monotonic()
    p = subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                       capture_output=True, timeout=600)
    return time.monotonic() - start, p


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    home = tempfile.mkdtemp(prefix="vyoma-bench-sh-")
    cache = tempfile.mkdtemp(prefix="vyoma-bench-sh-cache-")
    sup = [os.path.join(build, "bin", "vyoma-supervisor"), "--apps",
           os.path.join(build, "apps"), "--home", home, "--cache", cache,
           "--env=HOME=/home/user", "--env=PWD=/home/user", "--run", "sh", "-c"]
    env_host = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": home}
    failed = False
    print("shell benchmark: our sh + tools vs dash + GNU coreutils, median of %d"
          % REPEAT)
    for name, script in SCRIPTS:
        # A first run of ours compiles the modules into the cache.
        timed(sup + [script], home)
        ours, theirs = [], []
        for _ in range(REPEAT):
            t, p = timed(sup + [script], home)
            ours.append(t)
            t2, h = subprocess.run, None
            start = time.monotonic()
            h = subprocess.run(["dash", "-c", script], cwd=home, env=env_host,
                               stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=600)
            theirs.append(time.monotonic() - start)
            if p.returncode != 0 or p.stdout != h.stdout:
                failed = True
                print("  %s: outputs differ: ours %r (status %d, %r), dash %r" %
                      (name, p.stdout[-80:], p.returncode, p.stderr[-200:],
                       h.stdout[-80:]))
        a, b = statistics.median(ours), statistics.median(theirs)
        print("  %-9s ours %7.3f s   dash %7.3f s   ratio %6.1fx   (%s)" %
              (name, a, b, a / b if b else float("inf"), script))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
