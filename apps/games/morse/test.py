"""morse (apps/games/morse): text to Morse and back, checked against a
table of the ITU code written here; what has no code is refused."""
import os

import harness
from command import run_command
from harness import check

ITU = dict(zip(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,?/@",
    ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. "
    "--.- .-. ... - ..- ...- .-- -..- -.-- --.. ----- .---- ..--- ...-- "
    "....- ..... -.... --... ---.. ----. .-.-.- --..-- ..--.. -..-. "
    ".--.-.".split()))


def encode(text):
    return " / ".join(" ".join(ITU[c] for c in w.upper())
                      for w in text.split())


def test_morse_encodes_decodes_and_refuses():
    apps = os.path.join(harness.BUILD, "apps")
    text = "Hello world 73 de vyoma@os.net sos?"
    rc, out, err = run_command("morse " + text, apps=apps)
    check(rc == 0 and out.decode() == encode(text) + "\n",
          "each letter in ITU Morse, words apart by /", out + err)
    rc, out, err = run_command("morse", apps=apps,
                               stdin=b"the quick  brown fox\nJUMPS 1/2\n")
    check(rc == 0 and out.decode() == encode("the quick brown fox") + "\n" +
          encode("JUMPS 1/2") + "\n", "standard input, line by line",
          out + err)
    rc, out, err = run_command("morse -d", apps=apps,
                               stdin=(encode(text) + "\n").encode())
    check(rc == 0 and out.decode() == text.upper() + "\n",
          "-d reads it back, in capitals", out + err)
    rc, out, err = run_command("morse -d ... --- ...", apps=apps)
    check(rc == 0 and out == b"SOS\n", "-d: arguments are letters",
          out + err)
    rc, out, err = run_command("morse a~b", apps=apps)
    check(rc == 1 and out.decode() == encode("ab") + "\n" and
          b"no Morse code for: ~" in err, "no code: left out, status 1",
          out + err)
    rc, out, err = run_command("morse -d .-.-.-.- x", apps=apps)
    check(rc == 1 and b"not a Morse letter" in err and
          b"not a dot or a dash" in err, "-d: bad letters refused",
          out + err)
    rc, out, err = run_command("morse --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: morse"), "--help", out + err)
