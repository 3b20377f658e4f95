"""guess (apps/games/guess): played by a binary search from Python over
stdin and stdout, a line at a time, which must find the number within
floor(log2(MAX)) + 1 guesses; the same seed picks the same number;
lines that are not guesses, and bad options, are refused."""
import os
import subprocess

import harness
from command import run_command
from harness import check


def play(args):
    """A binary search against guess ARGS: (guesses, number, lines)."""
    cmd = [harness.supervisor_binary(), "--apps",
           os.path.join(harness.BUILD, "apps"), "--run", "guess " + args]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    lines = [p.stdout.readline()]
    top = int(lines[0].split()[-1].rstrip("."))
    lo, hi, n = 1, top, 0
    while lo <= hi and n <= 64:
        mid = (lo + hi) // 2
        p.stdin.write(f"{mid}\n")
        p.stdin.flush()
        n += 1
        lines.append(p.stdout.readline().strip())
        if lines[-1] == "higher":
            lo = mid + 1
        elif lines[-1] == "lower":
            hi = mid - 1
        else:
            break
    p.stdin.close()
    p.wait(10)
    return n, mid, lines, p.returncode


def test_guess_binary_search_finds_it():
    for top, seed in ((100, 7), (1000, 12345), (1000000000, 99)):
        n, mid, lines, rc = play(f"-n {top} -s {seed}")
        want = "correct in 1 guess" if n == 1 else f"correct in {n} guesses"
        check(rc == 0 and lines[-1] == want and
              n <= top.bit_length(),
              f"found 1..{top} within log2(MAX)+1 guesses", lines)
        again = play(f"-n {top} -s {seed}")
        check(again[1] == mid, "the same seed, the same number",
              (mid, again[1]))
    rc, out, err = run_command("guess -s 7", stdin=b"50\nabc\n0\n101\n 5x\n",
                               apps=os.path.join(harness.BUILD, "apps"))
    lines = out.decode().splitlines()
    check(rc == 1 and lines[2:6] == ["a number from 1 to 100, please"] * 4
          and lines[-1].startswith("It was "),
          "non-numbers and numbers out of range are not guesses; end of "
          "input gives up with status 1", out + err)
    rc, out, _ = run_command("guess -s 7", stdin=lines[-1].split()[-1]
                             .rstrip(".").encode() + b"\n",
                             apps=os.path.join(harness.BUILD, "apps"))
    check(rc == 0 and out.endswith(b"correct in 1 guess\n"),
          "the number it gave up is the number", out)


def test_guess_options():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("guess --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: guess"), "--help", out + err)
    for bad in ("-n 0", "-n abc", "-n", "-x", "-s -3", "extra"):
        rc, out, err = run_command(f"guess {bad}", apps=apps)
        check(rc == 1 and err.startswith(b"guess: ") and out == b"",
              f"guess {bad} is refused", err)
