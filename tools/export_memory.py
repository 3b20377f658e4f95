#!/usr/bin/env python3
"""Adds an export of memory 0 named "memory" to a module that imports its
memory, in place. A shared library (docs/libraries.md) imports its
caller's memory and must export it again, since the WASI functions it
calls find the caller's memory by that export, as they do an app's;
wasm-ld 14 has no --export-memory, and exports only a memory it
defines. A module that exports its memory as "memory" already is left
as it is; one whose "memory" export is something else is refused.

usage: export_memory.py MODULE.wasm
"""
import os
import sys

from wasm_sections import Malformed, imports, leb, sections, uleb

EXPORT = 7
KIND_MEMORY = 2
# The sections' order in a module (the tag section, 13, comes before the
# globals); custom sections (0) may stand anywhere.
ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]
ENTRY = uleb(6) + b"memory" + bytes([KIND_MEMORY, 0])
# an export section holding that entry alone, for a module without one
SECTION = bytes([EXPORT]) + uleb(len(ENTRY) + 1) + b"\1" + ENTRY


def exported_memory(body):
    """Whether an export section exports memory 0 as "memory"; Malformed
    if it names something else so, or does not parse to its end."""
    count, pos = leb(body, 0)
    found = False
    for _ in range(count):
        n, pos = leb(body, pos)
        if pos + n + 1 > len(body):
            raise Malformed("an export's name runs past its section")
        name, kind = body[pos:pos + n], body[pos + n]
        index, pos = leb(body, pos + n + 1)
        if name == b"memory":
            if (kind, index) != (KIND_MEMORY, 0):
                raise Malformed('its "memory" export is not memory 0')
            found = True
    if pos != len(body):
        raise Malformed("the export section has bytes past its entries")
    return found


def with_memory_export(buf):
    parts = list(sections(buf))
    if not any(kind == KIND_MEMORY for sid, _, body in parts if sid == 2
               for _, _, kind, _ in imports(body)):
        raise Malformed("it imports no memory to export")
    out, done = bytearray(buf[:8]), False
    for sid, _, body in parts:
        if not done and sid and ORDER.index(sid) > ORDER.index(EXPORT):
            out += SECTION      # in its place in the sections' order
            done = True
        if sid == EXPORT:
            if not exported_memory(body):
                count, pos = leb(body, 0)
                body = uleb(count + 1) + body[pos:] + ENTRY
            done = True
        out += bytes([sid]) + uleb(len(body)) + body
    return bytes(out if done else out + SECTION)


if __name__ == "__main__":
    try:
        path = sys.argv[1]
        with open(path, "rb") as f:
            data = with_memory_export(f.read())
        with open(path + ".export", "wb") as f:
            f.write(data)
        os.replace(path + ".export", path)
    except (Malformed, IndexError, ValueError, OSError) as e:
        sys.exit(f"{sys.argv[-1]}: {e}")
