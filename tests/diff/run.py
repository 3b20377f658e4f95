#!/usr/bin/env python3
"""Differential tests: VyomaOS's shell and tools against the real ones.

Every case in tests/diff/cases/*.txt is one shell command line. It runs
twice, each time in a fresh copy of tests/diff/fixtures/ as the working
directory, with stdin empty, HOME=/home/user, LC_ALL=C and TZ=UTC:

  host:   dash -c LINE, with Debian's GNU coreutils, grep, sed and gawk;
  vyoma:  vyoma-supervisor --run sh -c LINE: our sh and our tools, the
          copy mounted as /home/user.

A case passes when stdout is byte for byte the same, the exit status is
the same, stderr is empty on both sides or on neither, and the files left
in the working directory are the same (names, kinds, contents). A case
after a comment line "#differs: REASON" is a difference on purpose: it is
run, must not crash (status 134) or time out, and is counted apart.

--host-shell runs the vyoma side with the host's dash instead of our sh,
every installed command app reached through a wrapper script (dash's own
builtins, such as echo and test, still win): for testing tools before
the shell can run them.
"""
import argparse
import concurrent.futures
import glob
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 30
ENV = {"HOME": "/home/user", "LC_ALL": "C", "TZ": "UTC", "USER": "user",
       "LOGNAME": "user"}


def load_cases(paths, keyword):
    cases = []
    for path in paths:
        why = None
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for no, raw in enumerate(f, 1):
                line = raw.rstrip("\n")
                if not line.strip():
                    continue
                if line.startswith("#"):
                    if line.startswith("#differs:"):
                        why = line[len("#differs:"):].strip() or "?"
                    continue
                if keyword is None or keyword in line:
                    cases.append({"file": os.path.basename(path), "line": no,
                                  "cmd": line, "differs": why})
                why = None
    return cases


def snapshot(root):
    """The tree under root: relative path -> ('d',) | ('l', target) | ('f', bytes)."""
    tree = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                tree[rel] = ("l", os.readlink(full))
            elif stat.S_ISDIR(st.st_mode):
                tree[rel] = ("d",)
            else:
                with open(full, "rb") as f:
                    tree[rel] = ("f", f.read())
    return tree


class Sides:
    def __init__(self, build, host_shell, work):
        self.build = os.path.abspath(build)
        self.sup = os.path.join(self.build, "bin", "vyoma-supervisor")
        self.apps = os.path.join(self.build, "apps")
        self.host_shell = host_shell
        self.cache = os.path.join(work, "modules")
        os.makedirs(self.cache)
        self.wrappers = os.path.join(work, "wrappers")
        # The reference awk is gawk, whatever /usr/bin/awk points to.
        self.host_bin = os.path.join(work, "host-bin")
        os.makedirs(self.host_bin)
        os.symlink(shutil.which("gawk") or "/usr/bin/gawk",
                   os.path.join(self.host_bin, "awk"))
        if host_shell:
            self.make_wrappers()

    def vyoma_argv(self, home, pwd, argv):
        return [self.sup, "--apps", self.apps, "--home", home,
                "--cache", self.cache] + \
            [f"--env={k}={v}" for k, v in ENV.items()] + \
            [f"--env=PWD={pwd}", "--run"] + argv

    def make_wrappers(self):
        os.makedirs(self.wrappers)
        for toml in glob.glob(os.path.join(self.apps, "*", "vyoma.toml")):
            with open(toml) as f:
                if 'kind = "command"' not in f.read():
                    continue
            name = os.path.basename(os.path.dirname(toml))
            if name == "sh":
                continue
            path = os.path.join(self.wrappers, name)
            # The guest's working directory is the host's, below $VYOMA_HOME.
            with open(path, "w") as f:
                f.write('#!/bin/sh\n'
                        'case "$PWD" in "$VYOMA_HOME"*) ;; *) exit 126;; esac\n'
                        f'exec {self.sup} --apps {self.apps} --home "$VYOMA_HOME" '
                        f'--cache {self.cache} ' +
                        " ".join(f"--env={k}={v}" for k, v in ENV.items()) +
                        f' "--env=PWD=/home/user${{PWD#$VYOMA_HOME}}" --run {name} "$@"\n')
            os.chmod(path, 0o755)

    def run_host(self, cmd, cwd):
        env = dict(ENV, PATH=self.host_bin + ":/usr/bin:/bin", PWD=cwd)
        return subprocess.run(["dash", "-c", cmd], cwd=cwd, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=TIMEOUT)

    def run_vyoma(self, cmd, cwd):
        if self.host_shell:
            env = dict(ENV, PATH=self.wrappers + ":/usr/bin:/bin", PWD=cwd,
                       VYOMA_HOME=cwd)
            return subprocess.run(["dash", "-c", cmd], cwd=cwd, env=env,
                                  stdin=subprocess.DEVNULL,
                                  capture_output=True, timeout=TIMEOUT)
        argv = self.vyoma_argv(cwd, "/home/user", ["sh", "-c", cmd])
        return subprocess.run(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=TIMEOUT)


def run_case(sides, case, work):
    base = tempfile.mkdtemp(dir=work)
    fixtures = os.path.join(HERE, "fixtures")
    result = dict(case)
    try:
        outs = {}
        for side in ("host", "vyoma"):
            cwd = os.path.join(base, side)
            shutil.copytree(fixtures, cwd, symlinks=True)
            runner = sides.run_host if side == "host" else sides.run_vyoma
            try:
                p = runner(case["cmd"], cwd)
                outs[side] = (p.returncode, p.stdout, p.stderr, snapshot(cwd))
            except subprocess.TimeoutExpired:
                outs[side] = None
        result["outs"] = outs
        result["problems"] = compare(outs, case["differs"] is not None)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return result


def compare(outs, on_purpose):
    host, vy = outs["host"], outs["vyoma"]
    if vy is None:
        return ["vyoma side timed out"]
    if vy[0] == 134:
        return ["vyoma side trapped (status 134)"]
    if on_purpose:
        return []
    if host is None:
        return ["host side timed out"]
    problems = []
    if host[0] != vy[0]:
        problems.append(f"status: host {host[0]}, vyoma {vy[0]}")
    if host[1] != vy[1]:
        problems.append("stdout differs")
    if bool(host[2]) != bool(vy[2]):
        problems.append("stderr: host %s, vyoma %s" %
                        ("non-empty" if host[2] else "empty",
                         "non-empty" if vy[2] else "empty"))
    if host[3] != vy[3]:
        a, b = host[3], vy[3]
        names = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        problems.append("files differ: " + ", ".join(names[:5]))
    return problems


def show(data, limit=300):
    text = data.decode("utf-8", "backslashreplace")
    return text if len(text) <= limit else text[:limit] + "..."


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--cases", nargs="*",
                    help="case files (default: tests/diff/cases/*.txt)")
    ap.add_argument("-k", dest="keyword", help="only cases containing this")
    ap.add_argument("--host-shell", action="store_true",
                    help="the host's dash runs each line, with our tools")
    ap.add_argument("-j", type=int, default=3, help="cases at once")
    ap.add_argument("-v", action="store_true", help="show every failure in full")
    args = ap.parse_args()
    paths = args.cases or sorted(glob.glob(os.path.join(HERE, "cases", "*.txt")))
    cases = load_cases(paths, args.keyword)
    if shutil.which("dash") is None:
        sys.exit("diff: dash is not installed (tools/setup.sh installs it)")
    work = tempfile.mkdtemp(prefix="vyoma-diff-")
    try:
        sides = Sides(args.build, args.host_shell, work)
        with concurrent.futures.ThreadPoolExecutor(args.j) as pool:
            results = list(pool.map(lambda c: run_case(sides, c, work), cases))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = [r for r in results if r["problems"]]
    on_purpose = [r for r in results if r["differs"] and not r["problems"]]
    for r in failed:
        print(f"FAIL {r['file']}:{r['line']}: {r['cmd']}")
        print("     " + "; ".join(r["problems"]))
        for side in ("host", "vyoma"):
            o = r["outs"].get(side)
            if o:
                print(f"     {side:5}: status {o[0]} stdout {show(o[1])!r}"
                      f" stderr {show(o[2], 160)!r}")
    per_file = {}
    for r in results:
        n = per_file.setdefault(r["file"], [0, 0])
        n[0] += 1
        n[1] += bool(r["problems"])
    for name, (n, bad) in sorted(per_file.items()):
        print(f"  {name}: {n} cases, {bad} failed")
    print(f"diff: {len(results)} cases, {len(results) - len(failed)} passed "
          f"({len(on_purpose)} of them differences on purpose), "
          f"{len(failed)} failed")
    sys.exit(1 if failed or not results else 0)


if __name__ == "__main__":
    main()
