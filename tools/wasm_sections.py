#!/usr/bin/env python3
"""Where the apps' bytes go: the sections of every .wasm, summed.

usage: wasm_sections.py FILE.wasm...

Prints each section kind's bytes over all the files (its id, size field
and contents) and its share of the total, then how many of the import
section's bytes are module names ("wasi_snapshot_preview1" is written
out again in every import). `make sizes` runs it on the built apps; the
README's "Where the bytes go" quotes it.
"""
import sys

SECTION_NAMES = {
    0: "custom", 1: "type", 2: "import", 3: "function", 4: "table",
    5: "memory", 6: "global", 7: "export", 8: "start", 9: "element",
    10: "code", 11: "data", 12: "data count",
}


class Malformed(Exception):
    pass


def leb(buf, pos, signed=False):
    """A LEB128 at pos, unsigned, or signed (an i32.const's value):
    (value, the position after it)."""
    value = shift = 0
    while True:
        if pos >= len(buf) or shift > 35:
            raise Malformed("truncated or overlong LEB128 at %d" % pos)
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, pos


def uleb(n):
    """n as an unsigned LEB128, in its shortest form."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sections(buf):
    """(id, bytes taken in the file, contents) of each section."""
    if buf[:8] != b"\0asm\1\0\0\0":
        raise Malformed("not a WebAssembly 1.0 module")
    pos = 8
    while pos < len(buf):
        start = pos
        sid = buf[pos]
        size, pos = leb(buf, pos + 1)
        if pos + size > len(buf):
            raise Malformed("section %d runs past the end" % sid)
        yield sid, pos + size - start, buf[pos:pos + size]
        pos += size


def imports(body):
    """Each import of an import section: (module, name, kind, the bytes
    its module name took)."""
    count, pos = leb(body, 0)
    out = []
    for _ in range(count):
        names = []
        for _ in range(2):
            length, after = leb(body, pos)
            if after + length > len(body):
                raise Malformed("an import's name runs past its section")
            names.append((body[after:after + length].decode(
                errors="replace"), after - pos + length))
            pos = after + length
        kind = body[pos]
        pos += 1
        if kind == 0:			# a function: its type index
            _, pos = leb(body, pos)
        elif kind in (1, 2):		# a table (its element type) or a memory
            pos += kind == 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:			# a global: type and mutability
            pos += 2
        else:
            raise Malformed("import kind %d" % kind)
        out.append((names[0][0], names[1][0], kind, names[0][1]))
    return out


def import_module_bytes(body):
    """The bytes of an import section spent on module names."""
    return sum(spent for _, _, _, spent in imports(body))


def data_segments(body):
    """Each segment of a data section: (its offset, None for a passive
    one; its bytes). Only the forms wasm-ld writes: active in memory 0
    at an i32.const offset, or passive."""
    count, pos = leb(body, 0)
    out = []
    for _ in range(count):
        flags, pos = leb(body, pos)
        offset = None
        if flags == 0:			# i32.const N; end
            if body[pos] != 0x41:
                raise Malformed("a data segment's offset is not a constant")
            offset, pos = leb(body, pos + 1, signed=True)
            if body[pos] != 0x0B:
                raise Malformed("a data segment's offset does not end")
            pos += 1
        elif flags != 1:
            raise Malformed("data segment form %d" % flags)
        length, pos = leb(body, pos)
        if pos + length > len(body):
            raise Malformed("a data segment runs past its section")
        out.append((offset, body[pos:pos + length]))
        pos += length
    return out


def data_bytes(body):
    """The bytes of a data section's segments, one after another."""
    return b"".join(seg for _, seg in data_segments(body))


def module_contents(buf):
    """A module's imports (as imports() gives them) and its data bytes."""
    found, data = [], b""
    for sid, _, body in sections(buf):
        if sid == 2:
            found = imports(body)
        elif sid == 11:
            data = data_bytes(body)
    return found, data


def main(paths):
    totals = {}
    total = module_names = 0
    for path in paths:
        with open(path, "rb") as f:
            buf = f.read()
        total += len(buf)
        totals["header"] = totals.get("header", 0) + 8
        try:
            for sid, taken, body in sections(buf):
                name = SECTION_NAMES.get(sid, "unknown")
                totals[name] = totals.get(name, 0) + taken
                if sid == 2:
                    module_names += import_module_bytes(body)
        except (Malformed, IndexError) as e:
            sys.exit("wasm_sections: %s: %s" % (path, e))
    if not total:
        sys.exit("wasm_sections: no input")
    print("  %d modules, %d bytes; by section:" % (len(paths), total))
    for name, size in sorted(totals.items(), key=lambda kv: -kv[1]):
        print("    %-10s %8d bytes  %5.1f%%" % (name, size,
                                                100.0 * size / total))
    print("    (of the imports, %d bytes are module names)" % module_names)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    main(sys.argv[1:])
