#!/usr/bin/env python3
"""The apps' short import names (supervisor/importnames.h): the build's
last step writes each import the supervisor knows as two one-character
names, the module's letter and the function's place in its list; the
supervisor's compile helper expands them again. The lists are read from
supervisor/importnames.c, so the two cannot disagree.

usage: import_names.py shorten|expand IN.wasm OUT.wasm
       import_names.py dump
"""
import os
import re
import sys

import wasm_sections
from wasm_sections import Malformed, leb, uleb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "supervisor", "importnames.c")
PLACES = ("abcdefghijklmnopqrstuvwxyz"
          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def lists(path=SOURCE):
    """{(letter, function's place): (module, function)} from the C
    source's lists."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    arrays = {name: re.findall(r'"(\w+)"', body) for name, body in
              re.findall(r'static const char \*const (\w+)\[\] = '
                         r'\{(.*?)\};', src, re.S)}
    rows = re.findall(r'\{ "(\w)", "(\w+)", (\w+), COUNT\(\3\) \}', src)
    if not rows or any(a not in arrays for _, _, a in rows):
        raise SystemExit(f"{path}: cannot read the short import names")
    return {(letter, PLACES[i]): (module, func)
            for letter, module, array in rows
            for i, func in enumerate(arrays[array])}


def name(s):
    raw = s.encode()
    return uleb(len(raw)) + raw


def rename_imports(body, mapping):
    """An import section's body with each function import (module, func)
    found in mapping renamed to mapping's value."""
    count, pos = leb(body, 0)
    out = bytearray(uleb(count))
    for _ in range(count):
        names = []
        for _ in range(2):
            n, pos = leb(body, pos)
            names.append(body[pos:pos + n].decode())
            pos += n
        if body[pos] != 0:
            raise Malformed("imports something not a function")
        _, end = leb(body, pos + 1)
        module, func = mapping.get(tuple(names), names)
        out += name(module) + name(func) + body[pos:end]
        pos = end
    return bytes(out)


def rename(buf, mapping):
    """buf with its imports renamed (rename_imports); the import
    section's numbers in their shortest form, every other byte as it
    was."""
    out = bytearray(buf[:8])
    start = 8
    for sid, taken, body in wasm_sections.sections(buf):
        raw, start = buf[start:start + taken], start + taken
        if sid == 2:
            body = rename_imports(body, mapping)
            raw = bytes([sid]) + uleb(len(body)) + body
        out += raw
    return bytes(out)


def shorten(buf, table=None):
    table = table or lists()
    return rename(buf, {full: short for short, full in table.items()})


def expand(buf, table=None):
    return rename(buf, table or lists())


def main(argv):
    if argv[1:] == ["dump"]:	# for tests/unit/test_importnames.c
        for (letter, place), (module, func) in sorted(lists().items()):
            print(letter, place, module, func)
        return
    if len(argv) != 4 or argv[1] not in ("shorten", "expand"):
        raise SystemExit(__doc__.rsplit("\n\n", 1)[-1].strip())
    with open(argv[2], "rb") as f:
        buf = f.read()
    out = shorten(buf) if argv[1] == "shorten" else expand(buf)
    with open(argv[3], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main(sys.argv)
