#!/usr/bin/env python3
"""Adds an export of memory 0 named "memory" to a module that imports its
memory, in place. A shared library (docs/libraries.md) imports its
caller's memory and must export it again, since the WASI functions it
calls find the caller's memory by that export, as they do an app's;
wasm-ld 14 has no --export-memory, and exports only a memory it
defines. A module that exports a "memory" already is left as it is.

usage: export_memory.py MODULE.wasm
"""
import sys

from wasm_sections import Malformed, imports, leb, sections, uleb

EXPORT = 7
KIND_MEMORY = 2


def with_memory_export(buf):
    if not any(kind == KIND_MEMORY for sid, _, body in sections(buf)
               if sid == 2 for _, _, kind, _ in imports(body)):
        raise Malformed("it imports no memory to export")
    out, done = bytearray(buf[:8]), False
    entry = uleb(6) + b"memory" + bytes([KIND_MEMORY, 0])
    for sid, _, body in sections(buf):
        if sid > EXPORT and not done:
            # no export section: one holding only the memory, in order
            out += bytes([EXPORT]) + uleb(len(entry) + 1) + b"\1" + entry
            done = True
        if sid == EXPORT:
            count, pos = leb(body, 0)
            names, p = [], pos
            for _ in range(count):
                n, p = leb(body, p)
                names.append(body[p:p + n])
                p += n + 1
                _, p = leb(body, p)
            if b"memory" not in names:
                body = uleb(count + 1) + body[pos:] + entry
            done = True
        out += bytes([sid]) + uleb(len(body)) + body
    if not done:
        raise Malformed("no section after where the exports go")
    return bytes(out)


if __name__ == "__main__":
    try:
        with open(sys.argv[1], "rb") as f:
            data = with_memory_export(f.read())
        with open(sys.argv[1], "wb") as f:
            f.write(data)
    except (Malformed, IndexError, OSError) as e:
        sys.exit(f"{sys.argv[-1]}: {e}")
