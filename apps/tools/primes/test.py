"""primes (apps/tools/primes): ranges checked against a sieve of
Eratosthenes and a Miller-Rabin test written here; stops when its
reader does; bad numbers refused."""
import os
import subprocess

import harness
from command import run_command
from harness import check


def sieve(n):
    is_p = bytearray([1]) * n
    is_p[:2] = b"\0\0"
    for i in range(2, int(n ** 0.5) + 1):
        if is_p[i]:
            is_p[i * i::i] = bytearray(len(is_p[i * i::i]))
    return [i for i in range(n) if is_p[i]]


def miller_rabin(n):
    if n < 2:
        return False
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if a % n == 0:
            continue
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        if all(pow(x, 2 << r, n) != n - 1 for r in range(s - 1)):
            return False
    return True


def test_primes_lists_ranges_like_a_sieve():
    apps = os.path.join(harness.BUILD, "apps")
    rc, out, err = run_command("primes 0 20000", apps=apps)
    check(rc == 0 and out == "".join(f"{p}\n" for p in sieve(20000)).encode(),
          "0 to 20000: the sieve's primes", out[-100:] + err)
    lo = 10 ** 12
    rc, out, err = run_command(f"primes {lo} {lo + 400}", apps=apps)
    want = [n for n in range(lo, lo + 400) if miller_rabin(n)]
    check(rc == 0 and out == "".join(f"{p}\n" for p in want).encode(),
          "near 10^12, as Miller-Rabin says", out + err)
    rc, out, err = run_command("primes 7 8", apps=apps)
    check(rc == 0 and out == b"7\n", "LOW included, HIGH not", out + err)
    rc, out, err = run_command("primes 8 7", apps=apps)
    check(rc == 0 and out == b"", "an empty range", out + err)
    # With no HIGH it goes on until its reader stops reading.
    sup = subprocess.Popen([harness.supervisor_binary(), "--apps", apps,
                            "--run", "primes 1000000"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = sup.stdout.read(8000).decode().split("\n")[:500]
    sup.stdout.close()
    sup.wait(timeout=60)
    check(first == [str(p) for p in range(1000000, 1010000)
                    if miller_rabin(p)][:500],
          "with no HIGH: on and on, and it stops with its reader", first[:3])
    for bad in ("x", "-5", "18446744073709551616", "1 2 3", "1 2x"):
        rc, out, err = run_command("primes " + bad, apps=apps)
        check(rc == 1 and out == b"", f"{bad!r} refused", out + err)
    rc, out, err = run_command("primes --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: primes"), "--help", out + err)
