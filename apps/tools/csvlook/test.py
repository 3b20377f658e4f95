"""csvlook (apps/tools/csvlook): CSV with quotes, embedded commas, quotes
and newlines, parsed by Python's csv module and laid out here the same
way, compared byte for byte; malformed quoting refused with its line."""
import csv
import io
import os
import shutil
import tempfile

import harness
from command import run_command
from harness import check


def look(text, header=True, delim=","):
    rows = [r for r in csv.reader(io.StringIO(text, newline=""),
                                  delimiter=delim) if r]
    rows = [[c.replace("\r", "").replace("\n", " ") for c in r]
            for r in rows]
    cols = max(len(r) for r in rows)
    rows = [r + [""] * (cols - len(r)) for r in rows]
    w = [max([3] + [len(r[c]) for r in rows]) for c in range(cols)]
    out = ["| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(r)) +
           " |\n" for r in rows]
    if header:
        out.insert(1, "| " + " | ".join("-" * x for x in w) + " |\n")
    return "".join(out).encode()


DOCS = [
    "name,qty,note\napple,3,fresh\nbanana,12,\"ripe, yellow\"\n",
    'a,b\r\n"say ""hi""",2\r\n"multi\r\nline",x\r\n\r\nlast,row,extra\r\n',
    'h1,h2\n"",\nünïcödé,✓\nshort\n"x,y,z","q""q"',
    "only\n",
]


def test_csvlook_matches_python_csv():
    apps = os.path.join(harness.BUILD, "apps")
    for doc in DOCS:
        rc, out, err = run_command("csvlook", apps=apps,
                                   stdin=doc.encode())
        check(rc == 0 and out == look(doc), f"table of {doc[:20]!r}",
              out + err)
    rc, out, err = run_command("csvlook -H -d ;", apps=apps,
                               stdin=b'a;"b;c"\n1;2\n')
    check(rc == 0 and out == look('a;"b;c"\n1;2\n', False, ";"),
          "-H and -d", out + err)
    home = tempfile.mkdtemp(prefix="vyoma-csvlook-")
    with open(os.path.join(home, "t.csv"), "w") as f:
        f.write(DOCS[0])
    rc, out, err = run_command("csvlook /home/user/t.csv", apps=apps,
                               extra=["--home", home])
    check(rc == 0 and out == look(DOCS[0]), "a file", out + err)
    shutil.rmtree(home)
    rc, out, err = run_command("csvlook --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: csvlook"), "--help",
          out + err)
    rc, out, err = run_command("csvlook -z", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", out + err)


def test_csvlook_refuses_malformed_quotes():
    apps = os.path.join(harness.BUILD, "apps")
    for doc, line, why in [
            ('a,b\n1,2"3\n', 2, "quote inside an unquoted field"),
            ('a,b\n"12"x,3\n', 2, "text after a closing quote"),
            ('a,b\n"1\n2\n3,4\n', 2, "quoted field not closed"),
            ('a,"b\nc"d\n', 2, "text after a closing quote")]:
        rc, out, err = run_command("csvlook", apps=apps, stdin=doc.encode())
        check(rc == 1 and out == b"" and
              err == f"csvlook: line {line}: {why}\n".encode(),
              f"{doc!r} refused", out + err)
