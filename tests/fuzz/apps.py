#!/usr/bin/env python3
"""Fuzzing the parsers inside the command apps, as the apps themselves.

libFuzzer's targets (tests/fuzz/fuzz_*.c) cover the supervisor's
parsers, compiled natively. The catalogue's apps parse files too (JSON,
CSV, PNG and WAV headers, PGM/PPM, CHIP-8 assembly, numbers, URLs,
Morse, hex dumps, base64, checksum lists), grep, sed and awk compile
patterns and programs (given on stdin with "-f -"), and others parse
their arguments (csplit's patterns, expr's and test's expressions, tr's
sets, printf's, date's and stat's formats, field lists, counts and
sizes with their suffixes). They are built only for WASM, so they are
fuzzed as they run: each mutated input is given to the real .wasm under
the hosted supervisor (`--run`; stdin the input, or one argument of the
command line, the rest as seeded), and any trap (status 134: an
out-of-bounds access, a division by zero, unreachable), any death by a
signal or any hang past TIMEOUT is a failure, its input kept in
OUT/<app>-<n>.

The mutations are libFuzzer's simplest, seeded so a run repeats: bit
flips, interesting bytes and numbers overwritten or inserted, chunks
deleted, duplicated or spliced from another seed, truncation. A run is
slow beside libFuzzer (an app start per input, about 20 ms with the
compiled modules cached), so it finds shallow bugs, which is what a
parser written in an afternoon has.

  apps.py --build build [--seconds S] [--seed N] [APP...]
"""
import argparse
import io
import os
import random
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import wave
import zlib

TIMEOUT = 10
# Apps whose input may rightly ask for endless output, stopped after
# this much and passed: xxd -r fills a gap in the offsets with zeros, as
# vim's xxd does on a pipe, so "ffffffffff: 41" is a terabyte.
# seq counts as far as its arguments say, and pr pads each page to its
# length (-l 4000000000 is four billion lines a page). (primes is not
# fuzzed: from near 2^64 it rightly trial-divides for minutes.)
OUTPUT_CAP = {"xxd": 16 << 20, "seq": 16 << 20, "pr": 16 << 20}
INTERESTING = [b"\0", b"\xff", b"\x7f", b"\x80", b"-", b"\"", b"\\", b"%",
               b"\n", b"\r\n", b",", b"{", b"[", b"]", b"}", b"0", b"9" * 25,
               b"-1", b"4294967296", b"18446744073709551616", b"1e999",
               b"\xc3\xa9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"]


def png():
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body)))
    raw = b"".join(b"\0" + bytes(range(12)) for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
            chunk(b"tEXt", b"Title\0fuzz") +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def wav(channels, width, rate):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(bytes(range(48)))
    return buf.getvalue()


# app: (its words, seed inputs). Only apps that read standard input.
TARGETS = {
    "json": ("", [b'{"a": [1, -2.5e3, "x\\u00e9\\n", true, null, {}]}',
                  b"[[[[[[[[[[[]]]]]]]]]]]", b'"\\ud83d\\ude00"']),
    "csvlook": ("", [b'a,b,c\n"q,""x""",2,3\n"multi\nline",,\n',
                     b"x\r\ny\r\n"]),
    "pnginfo": ("", [png()]),
    "wavinfo": ("", [wav(1, 1, 8000), wav(2, 2, 44100)]),
    "img2txt": ("-w 8", [b"P5\n4 2\n255\n" + bytes(range(0, 256, 32)),
                         b"P6\n# c\n2 1\n255\n" + bytes(6)]),
    "c8asm": ("", [b"start: CLS\n LD V0, 0x12\n ADD V0, V1\n"
                   b" DRW V0, V1, 5\n JP start\n DB 1, 2, 0xff ; x\n"]),
    "tsort": ("", [b"a b\nb c\nc a\nd d\n"]),
    "factor": ("", [b"0 1 2 97 18446744073709551615\n600851475143\n"]),
    "numfmt": ("--to=iec", [b"1023\n1024\n123456789\n-5\n"]),
    "urlenc": ("-d", [b"a%20b%2Fc%zz%\n~._-\n"]),
    "morse": ("-d", [b"... --- ... / .-.-.-\n"]),
    "csplit": ("- /x/ {*}", [b"a\nx\nb\nx\n"]),
    "cowsay": ("-W 7", [b"hello world\n\n\tthere\n"]),
    "expand": ("-t 3,7", [b"a\tb\tc\n\t\tx\n"]),
    "column": ("-t", [b"a b c\nlonger x\n"]),
    "strings": ("-n 2", [bytes(range(256))]),
    # UTF-8 found from each character's end: stray continuation bytes,
    # cut-off and overlong sequences, lead bytes that want too many.
    "rev": ("", ["a\u00e9\u20ac\U0001f600b\n".encode() +
                 b"\x80\xc3\xe2\x82\xf0\x9f\x98\xc0\xaf\xff\n\r\n"]),
    # Programs and patterns read from stdin ("-f -"): the regular
    # expression compilers and awk's lexer and parser. No seed calls
    # system(), a pipe or a loop, so no mutation is a step from running
    # a command or from a program that rightly never ends.
    "grep": ("-E -f -", [b"a(b|c)*d{2,3}\n^[[:alpha:]_][[:alnum:]_]*$\n"
                         b"(x+x+)+y\n[^]a-z]\\.\\\\\n\\<w\\>|^$\n"]),
    "sed": ("-E -f -", [b"s/a(b|c)*d{2,3}/<\\1>/g\n/^#/d\n2,5{y/abc/xyz/;p}\n"
                        b"$!N\n/x/,+2s/[[:space:]]+$//2\n"]),
    "awk": ("-f -", [b'BEGIN { FS = ","; n = split("a,b,c", v); '
                     b'printf "%s:%s%s", v[n], v[2], (n > 1 ? ":" : "\\n"); '
                     b's = sprintf("%5.2f|%-4d|%x", '
                     b'3.14159, 42, 255); gsub(/[0-9]+/, "<&>", s); '
                     b'print s, length(s), substr(s, 2, 3), index(s, "|"), '
                     b'toupper(s) ~ /^<3>/, 2 ^ 10 % 7, -"1e3" }\n']),
    "xxd": ("-r", [b"00000000: 6865 6c6c 6f0a 00ff                 hello...\n"
                   b"00000010: 41                                       A\n"]),
    "base64": ("-d", [b"aGVsbG8gd29ybGQK\nAAEC/w==\n"]),
    "sha256sum": ("-c", [b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4"
                         b"95991b7852b855  missing\n"]),
}


# app: (its standard input, seed command lines). One argument of a seed
# is mutated per run (NULs dropped: an argument cannot hold one). None
# writes outside its own scratch home, which is emptied after each run.
TEXT = b"alpha 3 x\nbeta 1 y\n\tgamma 22 z\nx\ndelta 4 w\n"
ARG_TARGETS = {
    "csplit": (TEXT, [["-", "/x/", "{*}"], ["-s", "-", "%a%+1", "/^d/-1", "3"],
                      ["-k", "-f", "p", "-n", "3", "-", "2", "{2}"]]),
    "expr": (b"", [["abc", ":", "a\\(b*\\)c"], ["(", "3", "+", "4", ")", "*", "-2"],
                   ["length", "xyz", "|", "0", "&", "substr", "abc", "2", "9"],
                   ["9223372036854775807", "+", "1"]]),
    "tr": (TEXT, [["a-z", "A-Z"], ["-d", "[:digit:]\\n"], ["-cs", "[:alpha:]", "[\\n*]"],
                  ["[=a=]x-z", "[.*3]b"]]),
    "printf": (b"", [["%5.2f|%-4d|%x|%o|%c|%s|%b|%q\\n", "3.14", "42", "255", "8",
                      "xy", "s", "a\\tb\\0101", "z"], ["%*.*d %%\\x41\\u00e9", "6", "3", "7"]]),
    "date": (b"", [["-u", "-d", "@1234567890", "+%Y-%m-%d %H:%M:%S %j %a %b %s %%"],
                   ["-u", "-d", "2024-02-29 23:59:60", "+%-d %_m %e %I%p %Z %z"]]),
    "seq": (b"", [["-w", "-s", ",", "0.5", "0.25", "3"], ["-f", "%08.3g", "1e3", "-7", "-20"]]),
    "cut": (TEXT, [["-d", " ", "-f", "1,3-", "-s"], ["-c", "2-4,-1,9-"],
                   ["-b", "1-3", "--output-delimiter=::"]]),
    "sort": (TEXT, [["-t", " ", "-k", "2n,2", "-k1,1r"], ["-k", "3.2b,3.3", "-u"],
                    ["-s", "-k2,2g", "-r"]]),
    "test": (b"", [["(", "abc", "=", "abc", ")", "-a", "!", "-z", ""],
                   ["12", "-lt", "9", "-o", "-n", "x"]]),
    "head": (TEXT, [["-n", "-2"], ["-c", "1kB"], ["-qn", "+3", "-", "-"]]),
    "tail": (TEXT, [["-n", "+2"], ["-c", "-3b"], ["-zn", "1"]]),
    "numfmt": (b"", [["--from=auto", "--to=iec-i", "--suffix=B", "--padding=-9",
                      "2Ki", "1.5M", "-3G"], ["--to=si", "--round=down", "999999"]]),
    "od": (TEXT, [["-A", "x", "-t", "x2z", "-j", "2", "-N", "8"],
                  ["-t", "d4", "-t", "c", "-w6", "-v"], ["-An", "-t", "f8", "-t", "u1"]]),
    "nl": (TEXT, [["-b", "a", "-v", "5", "-i", "2", "-w", "3", "-s", "|"],
                  ["-d", "xy", "-n", "rz", "-h", "t"]]),
    "pr": (TEXT, [["-h", "T", "-l", "15", "-w", "40"], ["-t", "-o", "3", "-n"]]),
    "shuf": (TEXT, [["-i", "1-5", "-n", "3"], ["-e", "a", "b", "-n", "1"]]),
    "stat": (b"", [["-c", "%n %s %F %a %A %U %i %y %%", "."],
                   ["--printf=%N\\t%b\\n", "."]]),
    "base": (b"", [["0x1_f", "0o17", "0b101", "-9"], ["-x", "18446744073709551615"]]),
    "join": (TEXT, [["-o", "1.1,2.2,0", "-t", " ", "-", "-"],
                    ["-1", "2", "-2", "1", "-a", "1", "-e", "?", "-", "-"]]),
    "paste": (TEXT, [["-d", "\\t,\\n\\0", "-", "-"], ["-s", "-d", ":", "-"]]),
    "split": (TEXT, [["-b", "7", "-", "p"], ["-l", "2", "-a", "3", "-d", "-", "q"]]),
    "truncate": (b"", [["-s", "+1K", "f"], ["-c", "-s", "%4", "f"]]),
}
ARG_MAX = 4096


def mutate(rng, data, seeds):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        pos = rng.randint(0, len(data))
        if op == 0 and data:
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[pos:pos] = rng.choice(INTERESTING)
        elif op == 2 and data:
            tok = rng.choice(INTERESTING)
            data[pos:pos + len(tok)] = tok
        elif op == 3 and data:
            del data[pos:pos + rng.randint(1, 16)]
        elif op == 4 and data:
            n = rng.randint(1, 64)
            data[pos:pos] = data[pos:pos + n] * rng.randint(1, 50)
        elif op == 5:
            other = rng.choice(seeds)
            i = rng.randint(0, len(other))
            data[pos:] = other[i:]
        elif op == 6:
            del data[pos:]
    return bytes(data[:1 << 20])


def run_app(cmd, data, cap=None):
    """cmd on data, its output read and dropped: (status, stderr's end),
    the status None when it hung and "capped" when it wrote past cap."""
    with tempfile.TemporaryFile() as stdin:
        stdin.write(data)
        stdin.seek(0)
        p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    out_fd, err_fd = p.stdout.fileno(), p.stderr.fileno()
    open_fds = {out_fd, err_fd}
    written, err, status = 0, b"", None
    end = time.monotonic() + TIMEOUT
    while open_fds and (cap is None or written <= cap):
        ready = select.select(list(open_fds), [], [],
                              max(0, end - time.monotonic()))[0]
        if not ready:
            break
        for fd in ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                open_fds.discard(fd)
            elif fd == out_fd:
                written += len(chunk)
            else:
                err = (err + chunk)[-200:]
    if cap is not None and written > cap:
        status = "capped"
    elif not open_fds:
        try:
            status = p.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    p.kill()
    p.wait()
    p.stdout.close()
    p.stderr.close()
    return status, err


def run_one(sup, apps, cache, app, args, data, home=None):
    """args a string of words and data its stdin, or (home given) args
    the command line as a list."""
    cmd = [sup, "--apps", apps, "--cache", cache]
    if home is None:
        cmd += ["--run", f"{app} {args}".strip()]
    else:
        cmd += ["--home", home, "--run", app] + args
    status, err = run_app(cmd, data, OUTPUT_CAP.get(app))
    if home is not None:
        shutil.rmtree(home)
        os.mkdir(home)
    if status == "capped":
        return None
    if status is None:
        return "hung"
    if status == 134 or status < 0:
        return f"status {status}: " + err.decode(errors="replace")[-200:]
    return None


def mutate_args(rng, argvs):
    """A seed command line with one of its arguments mutated, the other
    arguments of all seeds its splicing material."""
    argv = list(rng.choice(argvs))
    pool = [a.encode() for line in argvs for a in line]
    i = rng.randrange(len(argv))
    word = mutate(rng, argv[i].encode(), pool).replace(b"\0", b"")
    argv[i] = word[:ARG_MAX].decode("utf-8", "surrogateescape")
    return argv


def fuzz(seeds, mutated, run, seconds):
    """Every seed, then mutated() inputs for seconds (or until three
    fail): (inputs run, failures), each failure (input, why)."""
    runs, found = 0, []
    end = time.monotonic() + seconds
    for data in seeds:                  # the seeds themselves must pass
        why = run(data)
        runs += 1
        if why:
            found.append((data, why))
    while time.monotonic() < end and len(found) < 3:
        data = mutated()
        why = run(data)
        runs += 1
        if why:
            found.append((data, why))
    return runs, found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--seconds", type=float, default=5,
                    help="per app (FUZZ_SECONDS)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("apps", nargs="*")
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    sup = os.path.join(build, "bin", "vyoma-supervisor")
    apps = os.path.join(build, "apps")
    out = os.path.join(build, "fuzz", "apps")
    os.makedirs(out, exist_ok=True)
    cache = tempfile.mkdtemp(prefix="vyoma-fuzzapps-")
    home = tempfile.mkdtemp(prefix="vyoma-fuzzhome-")
    chosen = args.apps or sorted(TARGETS) + sorted(ARG_TARGETS)
    failed = 0
    for app in chosen:
        rng = random.Random(f"{args.seed}:{app}")
        if app in TARGETS:
            words, seeds = TARGETS[app]
            runs, found = fuzz(
                seeds, lambda: mutate(rng, rng.choice(seeds), seeds),
                lambda data: run_one(sup, apps, cache, app, words, data),
                args.seconds)
            found = [(data, f"{words}: {why}") for data, why in found]
        else:
            stdin, argvs = ARG_TARGETS[app]
            runs, found = fuzz(
                argvs, lambda: mutate_args(rng, argvs),
                lambda argv: run_one(sup, apps, cache, app, argv, stdin,
                                     home),
                args.seconds)
            # Kept as the command line, one argument per line.
            found = [("\n".join(argv).encode("utf-8", "surrogateescape"),
                      f"(arguments): {why}") for argv, why in found]
        for n, (data, why) in enumerate(found):
            path = os.path.join(out, f"{app}-{n}")
            with open(path, "wb") as f:
                f.write(data)
            print(f"  FAIL {app} {why.strip()} (input: {path})")
        print(f"  fuzz-apps {app}: {runs} inputs, "
              f"{'%d failures' % len(found) if found else 'no failure'}",
              flush=True)
        failed += bool(found)
    shutil.rmtree(home, ignore_errors=True)
    print(f"fuzz-apps: {len(chosen)} apps, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
