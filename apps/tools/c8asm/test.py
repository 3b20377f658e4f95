"""c8asm (apps/tools/c8asm): every mnemonic assembled to the encoding of
Cowgod's reference (each computed here from its fields), labels before and
after their definition, DB, comments; a ROM file written with -o; bad
lines refused with their line number and nothing written."""
import os
import shutil
import tempfile

import harness
from command import run_command
from harness import check


def enc(hi, x=0, y=0, lo=0):
    return hi << 12 | x << 8 | y << 4 | lo


def program():
    """(source lines, expected ROM bytes); 'end' is the last word."""
    lab = {"start": 0x200}
    rows = [
        ("start:  CLS            ; clear", enc(0, 0, 0xE, 0)),
        ("        RET", 0x00EE),
        ("        SYS 0x123", 0x0123),
        ("        jp end", None),               # filled in below
        ("        JP V0, $2F0", 0xB2F0),
        ("loop:   CALL start", 0x2200),
        ("        SE vA, 0x42", enc(3, 0xA) | 0x42),
        ("        SE V1, V2", enc(5, 1, 2, 0)),
        ("        SNE V3, 255", enc(4, 3) | 255),
        ("        SNE V4, VF", enc(9, 4, 0xF, 0)),
        ("        LD V5, 0b1010", enc(6, 5) | 10),
        ("        LD V6, V7", enc(8, 6, 7, 0)),
        ("        LD I, sprite", None),
        ("        LD V8, DT", enc(0xF, 8) | 0x07),
        ("        LD V9, K", enc(0xF, 9) | 0x0A),
        ("        LD DT, VB", enc(0xF, 0xB) | 0x15),
        ("        LD ST, VC", enc(0xF, 0xC) | 0x18),
        ("        LD F, VD", enc(0xF, 0xD) | 0x29),
        ("        LD B, VE", enc(0xF, 0xE) | 0x33),
        ("        LD [I], V3", enc(0xF, 3) | 0x55),
        ("        ld v4, [i]", enc(0xF, 4) | 0x65),
        ("        ADD V1, 1", enc(7, 1) | 1),
        ("        ADD V1, V2", enc(8, 1, 2, 4)),
        ("        ADD I, V0", enc(0xF, 0) | 0x1E),
        ("        OR V1, V2", enc(8, 1, 2, 1)),
        ("        AND V1, V2", enc(8, 1, 2, 2)),
        ("        XOR V1, V2", enc(8, 1, 2, 3)),
        ("        SUB V1, V2", enc(8, 1, 2, 5)),
        ("        SHR V1", enc(8, 1, 0, 6)),
        ("        SHR V1, V2", enc(8, 1, 2, 6)),
        ("        SUBN V1, V2", enc(8, 1, 2, 7)),
        ("        SHL V1", enc(8, 1, 0, 0xE)),
        ("        SHL V1 , V2", enc(8, 1, 2, 0xE)),
        ("        RND V2, 0x0F", enc(0xC, 2) | 0x0F),
        ("        DRW V0, V1, 5", enc(0xD, 0, 1, 5)),
        ("        SKP V2", enc(0xE, 2) | 0x9E),
        ("        SKNP V2", enc(0xE, 2) | 0xA1),
        ("end:    JP loop", None),
        ("", None),
        ("; a comment line", None),
        ("sprite: DB 0xF0, 0x90, 255, 0", None),
    ]
    addr, out = 0x200, []
    for text, _ in rows:
        if text.startswith("loop:"):
            lab["loop"] = addr
        if text.startswith("end:"):
            lab["end"] = addr
        if text.strip() and not text.startswith(";") and "DB" not in text:
            addr += 2
    lab["sprite"] = addr
    for text, word in rows:
        if "jp end" in text:
            word = 0x1000 | lab["end"]
        elif "LD I, sprite" in text:
            word = 0xA000 | lab["sprite"]
        elif text.startswith("end:"):
            word = 0x1000 | lab["loop"]
        if word is not None:
            out.append(word.to_bytes(2, "big"))
    out.append(bytes([0xF0, 0x90, 255, 0]))
    return "\n".join(t for t, _ in rows) + "\n", b"".join(out)


def test_c8asm_assembles_every_instruction():
    apps = os.path.join(harness.BUILD, "apps")
    src, want = program()
    rc, out, err = run_command("c8asm", apps=apps, stdin=src.encode())
    check(rc == 0 and out == want, "every mnemonic encoded",
          (out.hex(), want.hex(), err))
    home = tempfile.mkdtemp(prefix="vyoma-c8asm-")
    with open(os.path.join(home, "p.s"), "w") as f:
        f.write(src)
    rc, out, err = run_command("c8asm -o /home/user/p.ch8 /home/user/p.s",
                               apps=apps, extra=["--home", home])
    with open(os.path.join(home, "p.ch8"), "rb") as f:
        rom = f.read()
    check(rc == 0 and out == b"" and rom == want, "a ROM file written",
          err)
    shutil.rmtree(home)
    rc, out, err = run_command("c8asm --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: c8asm"), "--help", out + err)
    rc, out, err = run_command("c8asm -x", apps=apps)
    check(rc == 1 and b"invalid option" in err, "a bad option", out + err)


def test_c8asm_refuses_bad_lines():
    apps = os.path.join(harness.BUILD, "apps")
    bad = [
        ("MOV V1, V2", "unknown instruction 'MOV'"),
        ("LD V1, 256", "byte out of range"),
        ("LD VG, 1", "bad operands for 'LD'"),
        ("DB", "DB needs bytes"),
        ("JP nowhere", "undefined label 'nowhere'"),
        ("JP 0x1000", "address out of range"),
        ("DRW V0, V1, 16", "nibble out of range"),
        ("ADD V1", "bad operands for 'ADD'"),
        ("LD DT, 5", "bad operands for 'LD'"),
        ("CLS V1", "bad operands for 'CLS'"),
        ("SE V1,", "missing operand"),
        ("x: CLS\nx: RET", "duplicate label 'x'"),
        ("DB 1, 300", "DB takes bytes"),
        ("LD V1, 0x1G", "bad operand '0x1G'"),
        ("JP V1, 0x300", "bad operands for 'JP'"),
        ("CLS!", "syntax error"),
        ("DB " + ", ".join(["1"] * 3585), "program too big"),
    ]
    for text, why in bad:
        src = "start: CLS\n" + text + "\nRET\n"
        lineno = 2 + text.count("\n")
        rc, out, err = run_command("c8asm", apps=apps, stdin=src.encode())
        check(rc == 1 and out == b"" and
              err.startswith(f"c8asm: line {lineno}: {why}".encode()),
              f"{text[:30]!r} refused on line {lineno}", out + err)
