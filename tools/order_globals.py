#!/usr/bin/env python3
"""order_globals.py IN.ll OUT.ll - lay out an app's static data by use.

An app's statics live at fixed addresses in its linear memory, from
1024 up, in the order clang emitted them, which is the order the code
first used them. Every instruction that names one carries its address
as a LEB128 number: two bytes below 8192 (one 13-bit signed group
plus sign), three from there to 1 MiB. A tool's 8 KiB output buffer
emitted early pushes the hundred counters and pointers after it past
8192, and each of their uses pays a byte. sed: 382 bytes.

So between clang's optimisation and its code generation the module's
global definitions are reordered, most uses per byte first: the
scalars that every function touches, then strings and tables, the big
buffers last. wasm-ld keeps the order within each of .rodata, .data and
.bss. The order of definitions means nothing else in LLVM IR, so the
program is the same; only its addresses move.

The IR is LLVM's own text: a global is one line, "@name = ..."; what
is not recognised (a type this does not size) counts as four bytes,
which at worst places it less well.
"""
import re
import sys

DEFINITION = re.compile(r'@("[^"]*"|[-\w.$]+) = ')
ARRAY = re.compile(r'(?:global|constant) \[(\d+) x (i8|i16|i32|i64|ptr|i8\*)')
WIDTH = {"i8": 1, "i16": 2, "i32": 4, "i64": 8}


def size_of(line):
    """Bytes a definition takes: an array's from its type, else 4."""
    m = ARRAY.search(line)
    if not m:
        return 4
    return max(1, int(m.group(1)) * WIDTH.get(m.group(2), 4))


def order(text):
    """The module with its global definitions in the new order."""
    lines = text.split("\n")
    slots = [i for i, line in enumerate(lines) if DEFINITION.match(line)]
    if not slots:
        return text
    defs = [lines[i] for i in slots]
    names = [DEFINITION.match(d).group(0)[:-3] for d in defs]
    rest = "\n".join(lines[slots[-1] + 1:])
    uses = {}
    for n in re.findall(r'@(?:"[^"]*"|[-\w.$]+)', rest):
        uses[n] = uses.get(n, 0) + 1
    # sorted() is stable: equal densities keep clang's order
    ranked = sorted(range(len(defs)),
                    key=lambda k: -uses.get(names[k], 0) / size_of(defs[k]))
    for slot, k in zip(slots, ranked):
        lines[slot] = defs[k]
    return "\n".join(lines)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: order_globals.py IN.ll OUT.ll")
    with open(sys.argv[1]) as f:
        text = f.read()
    with open(sys.argv[2], "w") as f:
        f.write(order(text))


if __name__ == "__main__":
    main()
