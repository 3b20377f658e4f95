"""urlenc (apps/network/urlenc): 500 lines of random bytes encoded as
Python's urllib.parse.quote(safe='-_.~') encodes them, decoded back as
unquote_to_bytes decodes them (escapes in either case, '+' left alone),
and malformed %-escapes refused with nothing printed for them."""
import os
import random
import re
from urllib.parse import quote, unquote_to_bytes

import harness
from command import run_command
from harness import check


def test_urlenc_matches_python_and_refuses_bad_escapes():
    apps = os.path.join(harness.BUILD, "apps")
    rnd = random.Random(6)
    lines = [bytes(rnd.choice([b for b in range(256) if b != 10])
                   for _ in range(rnd.randint(0, 40))) for _ in range(500)]
    lines += ["héllo wörld/?&=+#%".encode(), b"-_.~AZaz09", b""]
    stdin = b"\n".join(lines) + b"\n"
    rc, out, err = run_command("urlenc", apps=apps, stdin=stdin)
    want = b"".join(quote(x, safe="-_.~").encode() + b"\n" for x in lines)
    check(rc == 0 and out == want, "each line encoded as quote() does",
          (rc, err, out[:200]))
    # Decoding: Python's encodings, some escapes in small letters, '+'.
    enc = [quote(x, safe="-_.~") for x in lines]
    enc = [re.sub("%..", lambda m: m.group().lower(), e) if i % 3 == 0
           else e for i, e in enumerate(enc)]
    enc += ["a+b%20c", "%2b%2B", "%00x", "100%25"]
    rc, out, err = run_command("urlenc -d", apps=apps,
                               stdin="\n".join(enc).encode())
    want = b"".join(unquote_to_bytes(e) + b"\n" for e in enc)
    check(rc == 0 and out == want, "each line decoded as "
          "unquote_to_bytes() does, the last one without a newline too",
          (rc, err, out[:200]))
    check(unquote_to_bytes(enc[0]) == lines[0],
          "and that is the bytes we started from", enc[0])
    # Arguments, one result a line.
    rc, out, err = run_command("urlenc a/b?c=d&e=f é~ 100%", apps=apps)
    check(rc == 0 and out == b"a%2Fb%3Fc%3Dd%26e%3Df\n%C3%A9~\n100%25\n",
          "arguments encoded", out + err)
    for bad in ("%", "%4", "%zz", "%4g", "abc%", "%%41", "x%41%g1"):
        rc, out, err = run_command(f"urlenc -d ok%41 {bad} %7E", apps=apps)
        check(rc == 1 and out == b"okA\n~\n" and
              err == f"urlenc: {bad}: malformed %-escape\n".encode(),
              f"{bad!r} refused, the others decoded", (rc, out, err))
    rc, out, err = run_command("urlenc -d", apps=apps,
                               stdin=b"good%21\nbad%2\nlast%ZZ")
    check(rc == 1 and out == b"good!\n" and err ==
          b"urlenc: bad%2: malformed %-escape\n"
          b"urlenc: last%ZZ: malformed %-escape\n",
          "bad lines of standard input refused", (rc, out, err))
    rc, out, err = run_command("urlenc -x", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", err)
    rc, out, err = run_command("urlenc --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: urlenc"), "--help", out)
