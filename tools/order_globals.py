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

The IR is LLVM's own text: a global is one line, "@name = ...", its
size that of its type (wasm32: pointers are four bytes); a type this
cannot read counts as four bytes, which at worst places it less well.
"""
import re
import sys

DEFINITION = re.compile(r'@("[^"]*"|[-\w.$]+) = ')
# after the linkage words: "global" or "constant", then the type
GLOBAL_TYPE = re.compile(r'(?:^|\s)(?:global|constant) ')
NAMED_TYPE = re.compile(r'^(%[-\w.$"]+) = type (.*)$', re.M)
SCALARS = {"i1": 1, "i8": 1, "i16": 2, "i32": 4, "i64": 8, "i128": 16,
           "float": 4, "double": 8, "fp128": 16}

class Types:
    """Sizes and alignments of LLVM IR types on wasm32 (4-byte
    pointers), for the named types a module defines."""

    def __init__(self, text):
        self.named = dict(NAMED_TYPE.findall(text))
        self.done = {}

    def parse(self, s, i=0):
        """(size, align, end) of the type that starts at s[i]."""
        if s.startswith("<{", i) or s[i] == "{":
            packed = s[i] == "<"
            i += 2 if packed else 1
            size, align = 0, 1
            while True:
                while s[i] == " " or s[i] == ",":
                    i += 1
                if s[i] == "}":
                    i += 2 if packed else 1
                    break
                fs, fa, i = self.parse(s, i)
                fa = 1 if packed else fa
                size = (size + fa - 1) // fa * fa + fs
                align = max(align, fa)
            size = (size + align - 1) // align * align
        elif s[i] == "[":
            m = re.match(r"\[(\d+) x ", s[i:])
            es, ea, i = self.parse(s, i + m.end())
            size, align = int(m.group(1)) * es, ea
            i += 1                         # the "]"
        else:
            m = re.match(r'%[-\w.$"]+|\w+', s[i:])
            name = m.group(0)
            i += m.end()
            if name == "opaque":
                size, align = 0, 1
            elif name.startswith("%"):
                if name not in self.done:
                    self.done[name] = (4, 4)    # a cycle: only by pointer
                    self.done[name] = self.parse(self.named[name])[:2]
                size, align = self.done[name]
            else:
                size = SCALARS.get(name, 4)
                align = size if size in (1, 2, 4, 8) else 4
        if s.startswith("*", i):
            while s.startswith("*", i):
                i += 1
            size, align = 4, 4
        return size, align, i

    def size_of(self, definition):
        """Bytes a global definition takes; 4 if it cannot be read."""
        m = GLOBAL_TYPE.search(definition)
        if not m:
            return 4
        try:
            return max(1, self.parse(definition, m.end())[0])
        except (AttributeError, IndexError, KeyError, TypeError):
            return 4

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
    types = Types(text)
    ranked = sorted(range(len(defs)), key=lambda k:
                    -uses.get(names[k], 0) / types.size_of(defs[k]))
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
