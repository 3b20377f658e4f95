"""json (apps/tools/json): documents printed again as Python's json.dumps
prints them (indent=2, and compact with -c), from stdin and from a file;
malformed and hostile documents refused with their line and column."""
import json
import os
import shutil
import tempfile

import harness
from command import run_command
from harness import check

DOCS = [
    '{"a": 1, "b": [true, false, null], "c": {"d": "e\\n\\"q\\""}}',
    '[]',
    '{}',
    '  [1, -2, 3.25, -0.5, 0, [[], {}], {"x": [1, {"y": null}]}]  \n',
    '"just a string with ünïcode ✓"',
    '{\n\t"nested": {"deep": {"deeper": [1, 2, [3, [4]]]}},\r\n "e": ""}',
]


def test_json_prints_as_python_does():
    apps = os.path.join(harness.BUILD, "apps")
    for doc in DOCS:
        obj = json.loads(doc)
        want = json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
        rc, out, err = run_command("json", apps=apps, stdin=doc.encode())
        check(rc == 0 and out == want.encode(), f"pretty {doc[:30]!r}",
              out + err)
        want = json.dumps(obj, separators=(",", ":"),
                          ensure_ascii=False) + "\n"
        rc, out, err = run_command("json -c", apps=apps, stdin=doc.encode())
        check(rc == 0 and out == want.encode(), f"compact {doc[:30]!r}",
              out + err)
    rc, out, err = run_command("json -c", apps=apps,
                               stdin=b'[1e5, "\\u00e9\\/"]')
    check(rc == 0 and out == b'[1e5,"\\u00e9\\/"]\n',
          "numbers and escapes copied as written", out + err)
    home = tempfile.mkdtemp(prefix="vyoma-json-")
    with open(os.path.join(home, "in.json"), "w") as f:
        f.write(DOCS[0])
    rc, out, err = run_command("json /home/user/in.json", apps=apps,
                               extra=["--home", home])
    check(rc == 0 and out == (json.dumps(json.loads(DOCS[0]), indent=2) +
                              "\n").encode(), "a file", out + err)
    rc, out, err = run_command("json /home/user/nope.json", apps=apps,
                               extra=["--home", home])
    check(rc == 1 and b"No such file" in err, "a missing file", out + err)
    shutil.rmtree(home)
    rc, out, err = run_command("json --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: json"), "--help", out + err)
    rc, out, err = run_command("json -x", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", out + err)


def test_json_refuses_malformed_input():
    apps = os.path.join(harness.BUILD, "apps")
    bad = [
        ('[1, 2,]', 1, 7), ('{"a": 1,}', 1, 9), ('{"a" 1}', 1, 6),
        ('["\\x"]', 1, 4), ('["\\u12g4"]', 1, 7), ('[1,\n 2\n', 3, 1),
        ('{"a": tru}', 1, 7), ('[01]', 1, 3), ('[1.]', 1, 4),
        ('[-]', 1, 3), ('"tab\there"', 1, 5), ('', 1, 1), ('[1] 2', 1, 5),
        ('{1: 2}', 1, 2), ('"unterminated', 1, 14), ("['x']", 1, 2),
        ('[1 2]', 1, 4),
    ]
    for doc, line, col in bad:
        try:
            json.loads(doc)
            check(False, f"Python accepts {doc!r}?")
        except ValueError:
            pass
        rc, out, err = run_command("json", apps=apps, stdin=doc.encode())
        check(rc == 1 and out == b"" and
              err.startswith(f"json: line {line} column {col}: ".encode()),
              f"{doc!r} refused at {line}:{col}", out + err)
    for raw, col in ((b'["a\xff"]', 4), (b'["\xc3"]', 3),
                     (b'["\xed\xa0\x80"]', 3), (b'["\xe0\x80\xaf"]', 3),
                     (b'["\xf4\x90\x80\x80"]', 3), (b'[\xc3\xa9]', 2)):
        # Python lets an encoded surrogate (ED A0 80) through; RFC 3629
        # does not.
        if b"\xed" not in raw:
            try:
                json.loads(raw)
                check(False, f"Python accepts {raw!r}?")
            except ValueError:
                pass
        rc, out, err = run_command("json", apps=apps, stdin=raw)
        check(rc == 1 and out == b"" and
              err.startswith(f"json: line 1 column {col}: ".encode()),
              f"{raw!r}: not UTF-8, refused", out + err)
    deep = b"[" * 10000 + b"]" * 10000
    rc, out, err = run_command("json", apps=apps, stdin=deep)
    check(rc == 1 and out == b"" and b"nesting too deep" in err,
          "10000 levels refused", out + err[:200])
    ok = b"[" * 512 + b"]" * 512
    rc, out, err = run_command("json -c", apps=apps, stdin=ok)
    check(rc == 0 and out == ok + b"\n", "512 levels allowed", err[:200])
    big = json.dumps([{"k%d" % i: list(range(i % 7))} for i in range(3000)])
    rc, out, err = run_command("json", apps=apps, stdin=big.encode())
    check(rc == 0 and out == (json.dumps(json.loads(big), indent=2) +
                              "\n").encode(), "a 100 KB document", err)
