"""Writes a valid WebAssembly module built to be expensive to compile:
functions that push thousands of values before adding them up, so every
value is live at once and the register allocator does the most work it
can per byte. A few megabytes of it cost Cranelift seconds of CPU and
a lot of memory: the hostile module of the hardening issue, finding 6.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
from wasm_sections import uleb  # noqa: E402


def section(sid, body):
    return bytes([sid]) + uleb(len(body)) + body


def module(functions=64, depth=12000):
    body = bytearray([0])                      # no locals
    body += b"\x41\x01" * depth               # i32.const 1, depth times
    body += b"\x6a" * (depth - 1)             # i32.add, depth - 1 times
    body += b"\x0b"                           # end
    code = uleb(len(body)) + bytes(body)
    types = section(1, uleb(1) + b"\x60\x00\x01\x7f")       # () -> i32
    funcs = section(3, uleb(functions) + b"\x00" * functions)
    exports = section(7, uleb(1) + uleb(6) + b"_start" + b"\x00" + uleb(0))
    codes = section(10, uleb(functions) + code * functions)
    return b"\x00asm\x01\x00\x00\x00" + types + funcs + exports + codes


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(module(int(sys.argv[2]) if len(sys.argv) > 2 else 64))
