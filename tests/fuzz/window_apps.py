#!/usr/bin/env python3
"""Fuzzing the parsers inside the window apps, through the keyboard.

tests/fuzz/apps.py feeds the command apps' parsers on stdin. The window
apps that parse what a person types (sheet's formulas, plot's
expressions, turtle's commands) or a file they open (mdview's Markdown)
take no stdin, so they are fuzzed as a person would break them: the
hosted supervisor runs the app headless, an input script types a batch
of mutated lines (each submitted with Enter), or the file opener hands
it a batch of mutated files, and the app must answer every one.

A batch fails when the app traps, the supervisor dies by a signal, or
the app stops answering (fewer answers than inputs by the deadline);
its script or files are kept in OUT/<app>-<n>/. The mutations are
apps.py's, kept to what a US keyboard types for the typed apps. A batch
costs a supervisor start (about a second), so a run is a few hundred
inputs a minute: shallow bugs, which is what it is for.

  window_apps.py --build build [--seconds S] [--seed N] [APP...]
"""
import argparse
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)

import harness  # noqa: E402
from apps import mutate  # noqa: E402

BATCH = 24          # typed lines (or files) a supervisor run
TIMEOUT = 90        # seconds a batch may take before it counts as a hang


def typed(line):
    """What of a mutated line a US keyboard types: printable ASCII."""
    text = "".join(chr(b) for b in line if 0x20 <= b < 0x7F)
    return text.strip() or "x"


def plot_steps(rng, line):
    return [f"type {line}", "key Enter", "key Escape"]


def turtle_steps(rng, line):
    return [f"type {line}", "key Enter", "key Escape"]


def sheet_steps(rng, line):
    """A random walk to some cell, then the line entered there: formulas
    then refer to cells that hold earlier fuzz."""
    moves = [rng.choice(["key Up", "key Down", "key Left", "key Right"])
             for _ in range(rng.randrange(4))]
    if rng.randrange(8) == 0:
        moves.insert(0, "key Home")
    return moves + [f"type {line}", "key Enter"]


# app: (seed lines, the keys for one line, an answer's pattern in the
# app's log). The answers are the lines the apps' own tests read.
TYPED = {
    "plot": (["x*x", "3*sin(x)", "(x+2)^2/(x-1)", "-x^-2+abs(x)*2.5e1",
              "sqrt(cos(x)*tan(x))"],
             plot_steps, re.compile(r"\[plot\] plot: (y = |error )")),
    "turtle": (["repeat 4 [fd 100 rt 90]", "pu bk 50 pd rt 90 fd 30",
                "repeat 3 [repeat 2 [fd 10 lt 120] rt 45]"],
               turtle_steps, re.compile(r"\[turtle\] turtle: "
                                        r"(segments |error )")),
    "sheet": (["10", "=A1*2", "=SUM(A1:B3)+0.5", "=(A1 + 2)*3-a2/4--1.25",
               "=2/3*3", "apples", "=B2+1", "=A1/0", "-7.5"],
              sheet_steps, re.compile(r"\[sheet\] sheet: [A-Z]+\d+ =")),
}

MARKDOWN = [
    b"# Title\n\nSome *emphasis*, **strong** and `code`.\n\n"
    b"- a list\n- of items\n  1. nested\n\n> a quote\n\n"
    b"```\nfenced\n  code\n```\n\n## Second\n[a link](http://x/) ok\n",
    b"Setext\n======\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    b"***\n\n    indented code\n\n\xc3\xa9t\xc3\xa9 \xe2\x9c\x93\n",
]


def trapped(app):
    """A line saying app trapped: "app: trapped: ..." for the instance
    started at boot, "app: app#7 trapped: ..." for one started later
    (mdview's, one a file), in the supervisor's own lines (an app's
    line could echo typed text)."""
    return re.compile(r"^vyoma: .*\b%s(#\d+)?:? trapped" % re.escape(app))


def until_done(app, answered, want):
    """The run's end: every input answered, or the app trapped."""
    trap = trapped(app)
    return [lambda ls: sum(map(answered, ls)) >= want or
            any(trap.search(x) for x in ls)]


def failed(r, app, answered, want):
    """Why a batch failed, or None. A batch that ended without every
    input answered failed too, whatever the reason: a run that tested
    less than it says is not a pass."""
    hit = [x for x in r.lines if trapped(app).search(x)]
    if hit:
        return "trapped: " + hit[0][-200:]
    if r.rc is not None and r.rc < 0 and r.rc != -15:
        return f"the supervisor died by signal {-r.rc}"
    if r.rc not in (None, 0, -15):
        return f"the supervisor ended with status {r.rc}: {r.err[-300:]}"
    got = sum(map(answered, r.lines))
    if got < want:
        return f"{got} of {want} inputs answered" + \
            (f" in {TIMEOUT} s" if r.timed_out else "")
    return None


def typed_batch(app, rng, seeds):
    """One supervisor run typing BATCH lines; (why or None, script)."""
    _, steps_of, answer = TYPED[app]
    script, t = "", 600
    for _ in range(BATCH):
        # The fields hold about 40 characters; what is typed past that
        # would be dropped unread.
        line = typed(mutate(rng, rng.choice(seeds), seeds)[:40])
        for step in steps_of(rng, line):
            script += f"{t} {step}\n"
            t += 20

    def answered(line):
        return bool(answer.search(line))
    r = harness.Run([app], script=script, started=True, size="800x600",
                    timeout=TIMEOUT, until=until_done(app, answered, BATCH))
    why = failed(r, app, answered, BATCH)
    r.cleanup()
    return why, {"input.txt": script.encode()}


def mdview_batch(app, rng, seeds):
    """One run opening BATCH mutated Markdown files, each in its own
    mdview instance; each must say how many lines it laid out."""
    files = {f"f{i}.markdown": mutate(rng, rng.choice(seeds), seeds)
             for i in range(BATCH)}

    def prepare(run):
        home = harness.home_of(run)
        os.makedirs(home, exist_ok=True)
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        for name, data in files.items():
            with open(os.path.join(home, name), "wb") as f:
                f.write(data)
        with open(run.app_data("open-file", "open.txt"), "w") as f:
            f.write("".join(f"/home/user/{n}\n" for n in files))

    def answered(line):
        return line.startswith("[mdview") and " lines, " in line
    r = harness.Run(["mdview", "open-file"], size="800x600",
                    prepare=prepare, timeout=TIMEOUT,
                    until=until_done("mdview", answered, BATCH))
    why = failed(r, "mdview", answered, BATCH)
    r.cleanup()
    return why, files


TARGETS = {app: (seeds, typed_batch) for app, (seeds, _, _) in TYPED.items()}
TARGETS["mdview"] = (MARKDOWN, mdview_batch)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--seconds", type=float, default=5,
                    help="per app (FUZZ_SECONDS); at least one batch runs")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("apps", nargs="*")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    harness.set_build(build)
    out = os.path.join(build, "fuzz", "window-apps")
    os.makedirs(out, exist_ok=True)
    bad = 0
    for app in args.apps or sorted(TARGETS):
        seeds, batch = TARGETS[app]
        seeds = [s.encode() if isinstance(s, str) else s for s in seeds]
        rng = random.Random(f"{args.seed}:{app}")
        end = time.monotonic() + args.seconds
        runs, found = 0, 0
        while True:
            why, inputs = batch(app, rng, seeds)
            runs += 1
            if why:
                keep = os.path.join(out, f"{app}-{found}")
                shutil.rmtree(keep, ignore_errors=True)
                os.makedirs(keep)
                for name, data in inputs.items():
                    with open(os.path.join(keep, name), "wb") as f:
                        f.write(data)
                print(f"  FAIL {app}: {why} (inputs: {keep})")
                found += 1
            if time.monotonic() >= end or found >= 3:
                break
        print(f"  fuzz-window-apps {app}: {runs * BATCH} inputs, "
              f"{'%d failures' % found if found else 'no failure'}",
              flush=True)
        bad += bool(found)
    print(f"fuzz-window-apps: {len(args.apps or TARGETS)} apps, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
