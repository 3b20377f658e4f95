#!/usr/bin/env python3
"""Input-to-pixel latency, hosted: an input script presses a key every
40 ms for the focused app (reflex), which repaints its whole window and
flushes; the supervisor times each press to the end of the first frame
that shows the new paint (supervisor/latency.c). Run alone at 1280x800,
then with 49 more windows (green test apps) on the screen. The frame
pacing interval (16 ms: the compositor composes at most 60 times a
second) is the figure to compare with."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from run import install_app  # noqa: E402

PRESSES = 200


def measure(build, extra_windows):
    tmp = tempfile.mkdtemp(prefix="vyoma-latency-")
    try:
        apps = os.path.join(tmp, "apps")
        os.makedirs(apps)
        shutil.copytree(os.path.join(build, "bench-apps", "reflex"),
                        os.path.join(apps, "reflex"))
        green = os.path.join(build, "test-apps", "green", "green.wasm")
        with open(os.path.join(build, "test-apps", "green",
                               "vyoma.toml")) as f:
            manifest = f.read()
        for i in range(extra_windows):
            name = "green%02d" % i
            install_app(apps, name, green,
                        manifest.replace('name = "green"',
                                         'name = "%s"' % name))
        script = os.path.join(tmp, "keys.txt")
        with open(script, "w") as f:
            f.write("100 focus reflex\n")
            for i in range(PRESSES):
                f.write("%d key a\n" % (300 + 40 * i))
        out = subprocess.run(
            [os.path.join(build, "bin", "vyoma-supervisor"), "--apps", apps,
             "--display", "headless", "--size", "1280x800", "--input",
             script, "--exit-after", str(600 + 40 * PRESSES)],
            capture_output=True, text=True, timeout=120).stdout
        m = re.search(r"input to frame: (\d+) samples, p50 ([\d.]+) ms, "
                      r"p99 ([\d.]+) ms", out)
        if not m:
            sys.exit("latency: no measurement in the supervisor's log:\n" +
                     out[-2000:])
        return int(m.group(1)), float(m.group(2)), float(m.group(3))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    build = os.path.abspath(ap.parse_args().build)
    print("input to pixel, hosted, 1280x800, a key every 40 ms "
          "(frame pacing: 16 ms):")
    for extra in (0, 49):
        n, p50, p99 = measure(build, extra)
        print("  %2d windows: %d samples, p50 %.2f ms, p99 %.2f ms "
              "(p50 %.2f of a frame interval)" % (extra + 1, n, p50, p99,
                                                  p50 / 16.0))


if __name__ == "__main__":
    main()
