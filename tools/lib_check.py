#!/usr/bin/env python3
"""A shared library's shape (docs/libraries.md), checked as it is built:
it imports its caller's memory ("env" "memory") and may import WASI
functions, nothing else; it exports that memory again; it has no table;
and its data and stack (up to __heap_base) end within the bytes an app
that imports it leaves it (LIBRARIES_REGION, supervisor/
libraries.h). The supervisor checks the same when it loads and links
one; this says so at build time, with the numbers.

An app that imports a library must leave it those bytes: with --app,
each of the app's data segments must start at LIBRARIES_REGION or above
when it imports from a lib_ module (the Makefile links such apps with
--global-base there, finding them by their #include; this catches an
app it missed).

usage: lib_check.py LIBRARY.wasm
       lib_check.py --app APP.wasm
"""
import os
import re
import sys

from export_memory import exported_memory
from wasm_sections import Malformed, data_segments, imports, leb, sections

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def region():
    with open(os.path.join(ROOT, "supervisor", "libraries.h")) as f:
        return int(re.search(r"#define LIBRARIES_REGION (\d+)", f.read())[1])


def heap_base(parts):
    """__heap_base's value: the global the export names, its i32.const."""
    exports = parts.get(7, b"")
    count, pos = leb(exports, 0)
    index = None
    for _ in range(count):
        n, pos = leb(exports, pos)
        name = exports[pos:pos + n]
        kind, (idx, pos) = exports[pos + n], leb(exports, pos + n + 1)
        if name == b"__heap_base" and kind == 3:
            index = idx
    if index is None:
        raise Malformed("it exports no __heap_base")
    globals_ = parts.get(6, b"")
    count, pos = leb(globals_, 0)
    for i in range(count):
        pos += 2                        # its type and mutability
        if globals_[pos] != 0x41:
            raise Malformed("a global's value is not an i32.const")
        value, pos = leb(globals_, pos + 1, signed=True)
        pos += 1                        # end
        if i == index:
            return value
    raise Malformed("__heap_base names no global")


def parts_of(path):
    """{section id: contents} of the module at path."""
    with open(path, "rb") as f:
        return {sid: body for sid, _, body in sections(f.read())}


def check_app(path):
    parts = parts_of(path)
    libs = {m for m, _, _, _ in imports(parts.get(2, b"\0"))
            if m.startswith("lib_")}
    low = [start for start, _ in data_segments(parts.get(11, b"\0"))
           if start is not None and start < region()]
    if libs and low:
        raise Malformed(f"it imports {', '.join(sorted(libs))} but has "
                        f"data at {min(low)}, in the {region()} bytes a "
                        f"library owns (link it with --global-base="
                        f"{region()})")


def main(path):
    parts = parts_of(path)
    got = [(m, n, kind) for m, n, kind, _ in imports(parts.get(2, b"\0"))]
    other = [i for i in got if i != ("env", "memory", 2) and
             not (i[0] == "wasi_snapshot_preview1" and i[2] == 0)]
    if other or got.count(("env", "memory", 2)) != 1:
        raise Malformed(f"it must import env memory, and may import WASI "
                        f"functions, nothing else: not {other or got}")
    if not exported_memory(parts.get(7, b"\0")):
        raise Malformed("it must export its memory as \"memory\" "
                        "(tools/export_memory.py)")
    if 4 in parts:
        raise Malformed("it has a table: a library may not take "
                        "function pointers")
    end, limit = heap_base(parts), region()
    if not 0 < end <= limit:
        raise Malformed(f"its data and stack end at {end}, past the "
                        f"{limit} bytes apps leave a library")


if __name__ == "__main__":
    try:
        if sys.argv[1] == "--app":
            check_app(sys.argv[2])
        else:
            main(sys.argv[1])
    except (Malformed, IndexError, OSError) as e:
        sys.exit(f"{sys.argv[-1]}: {e}")
