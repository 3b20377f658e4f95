#!/usr/bin/env python3
"""make catalogue: docs/apps.md, the app catalogue, from the manifests
(apps/<category>/<app>/vyoma.toml) and the build (each .wasm's size),
and docs/apps.png, a contact sheet of the window apps, each started
alone in the hosted supervisor (headless) and photographed.

Generated; edit the manifests, not the page. tests/integration/
workflow.py checks that the page lists every app there is."""
import argparse
import os
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import tomllib
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
from pngread import read_png  # noqa: E402

# The six categories, in the order the catalogue, the store and the
# launcher show them, each with what belongs in it. `vyoma new` offers
# the directories under apps/; tests/integration/catalogue.py holds
# this table and the tree to each other.
CATEGORIES = [
    ("system", "System",
     "What runs and administers the machine: the session (login, desktop, "
     "terminal, settings, files), the driver apps and their clients, the "
     "package manager and the store, updates, and the commands that ask "
     "the supervisor (ps, kill, start, su, useradd...)."),
    ("productivity", "Productivity",
     "Everyday work: the editor, notes, lists, calendars and clocks, "
     "calculators, a spreadsheet, contacts, converters."),
    ("creative", "Media and creative",
     "Pictures, drawing, sound files and toys to look at: the image "
     "viewer, paint, pixel art, fractals, plots, media file inspectors."),
    ("games", "Games",
     "Games played with the keyboard (and the mouse where it helps): "
     "puzzles, board and card games, arcade games."),
    ("network", "Network",
     "Clients and servers over TCP/IP and DNS: fetching, serving, chat, "
     "diagnostics (ip, host, tcping), classic protocols."),
    ("tools", "Development and command line",
     "The POSIX shell and its standard tools (GNU coreutils, grep, sed, "
     "awk work-alikes), and tools for developers: hex and JSON tools, "
     "a programmer's calculator, an assembler and an emulator."),
]

# Issue 20's budget: every app at most 10 KB of .wasm, but four
# documented exceptions (the interpreters and the two biggest window
# apps) at most 48 KB; the median at most 4 KB; all of them at most
# 1 MB.
LIMIT = 10 * 1024
EXCEPTIONS = {
    "sh": "a POSIX shell: parser, expansions, job control",
    "awk": "an interpreter for the whole awk language",
    "editor": "the text editor: undo, selection, search, files",
    "terminal": "a VT100/xterm screen model and its scrollback",
}
EXCEPTION_LIMIT = 48 * 1024
MEDIAN_LIMIT = 4 * 1024
TOTAL_LIMIT = 1024 * 1024

SHOT = (640, 480)       # each app's screen
SCALE = 2               # thumbnails are half that
COLUMNS = 4
GAP = 8
BACKGROUND = 0x0E1118


def manifests():
    """[(category, name, manifest dict)] for every app, sorted."""
    apps = []
    for cat in sorted(os.listdir(os.path.join(ROOT, "apps"))):
        d = os.path.join(ROOT, "apps", cat)
        if not os.path.isdir(d) or cat != cat.lower():
            continue
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name, "vyoma.toml")
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    apps.append((cat, name, tomllib.load(f)))
    return apps


def kind_of(m):
    return m["app"].get("kind", "window")


def grants(m):
    """The capabilities, as `caps` words: stdio display shell(ps,kill)."""
    words = []
    for key, value in m.get("capabilities", {}).items():
        if value is False:
            continue
        if isinstance(value, list):
            words.append(f"{key}({','.join(str(v) for v in value)})")
        else:
            words.append(key)
    return " ".join(words)


def kb(n):
    return f"{n / 1024:.1f} KB"


def shoot(build, name, out):
    """name alone, headless: its screen as a PNG at out; False if none."""
    tmp = tempfile.mkdtemp(prefix="vyoma-catalogue-")
    try:
        app = os.path.join(tmp, "apps", name)
        shutil.copytree(os.path.join(build, "apps", name), app)
        path = os.path.join(app, "vyoma.toml")
        with open(path) as f:
            text = f.read().replace("autostart = false", "autostart = true")
        with open(path, "w") as f:
            f.write(text)
        subprocess.run([os.path.join(build, "bin", "vyoma-supervisor"),
                        "--apps", os.path.join(tmp, "apps"),
                        "--data", os.path.join(tmp, "data"),
                        "--display", "headless",
                        "--size", "%dx%d" % SHOT, "--screenshot", out,
                        "--exit-after", "2500"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=120)
        return os.path.exists(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_png(path, width, height, pixels):
    """pixels[y][x] = 0xRRGGBB, as 8-bit RGB."""
    raw = bytearray()
    for row in pixels:
        raw.append(0)
        for p in row:
            raw += bytes(((p >> 16) & 255, (p >> 8) & 255, p & 255))

    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                           8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(raw), 9)))
        f.write(chunk(b"IEND", b""))


def contact_sheet(build, names, out):
    """The window apps' screens, COLUMNS across; the names shown, in
    order."""
    tw, th = SHOT[0] // SCALE, SHOT[1] // SCALE
    shots = []
    tmp = tempfile.mkdtemp(prefix="vyoma-sheet-")
    try:
        for name in names:
            png = os.path.join(tmp, name + ".png")
            if shoot(build, name, png):
                shots.append((name, read_png(png)[2]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows_n = (len(shots) + COLUMNS - 1) // COLUMNS
    width = COLUMNS * tw + (COLUMNS + 1) * GAP
    height = rows_n * th + (rows_n + 1) * GAP
    sheet = [[BACKGROUND] * width for _ in range(height)]
    for i, (_, rows) in enumerate(shots):
        x0 = GAP + (i % COLUMNS) * (tw + GAP)
        y0 = GAP + (i // COLUMNS) * (th + GAP)
        for y in range(th):
            src = rows[y * SCALE]
            sheet[y0 + y][x0:x0 + tw] = src[::SCALE][:tw]
    write_png(out, width, height, sheet)
    return [name for name, _ in shots]


def sizes_of(apps, build):
    """{name: bytes of its .wasm in the build}, 0 when not built."""
    sizes = {}
    for _, name, m in apps:
        wasm = os.path.join(build, "apps", name, m["app"]["entry"])
        sizes[name] = os.path.getsize(wasm) if os.path.exists(wasm) else 0
    return sizes


def library_sizes(build):
    """{name: bytes} of the shared libraries (docs/libraries.md) in the
    build: not apps, but their bytes count in the total."""
    d = os.path.join(build, "apps", ".lib")
    if not os.path.isdir(d):
        return {}
    return {f[:-5]: os.path.getsize(os.path.join(d, f))
            for f in sorted(os.listdir(d)) if f.endswith(".wasm")}


def over_budget(sizes):
    """{name: bytes} of the apps over their limit (10 KB, or 48 KB for
    the four exceptions)."""
    return {n: s for n, s in sizes.items()
            if s > (EXCEPTION_LIMIT if n in EXCEPTIONS else LIMIT)}


def optional_apps():
    """apps/REPOSITORY: the apps packed for the repository, not the
    image."""
    with open(os.path.join(ROOT, "apps", "REPOSITORY")) as f:
        return {line.split("#")[0].strip() for line in f} - {""}


def page(apps, build, shown):
    sizes = sizes_of(apps, build)
    libs = library_sizes(build)
    all_sizes = sorted(sizes.values())
    total = sum(all_sizes) + sum(libs.values())
    median = statistics.median(all_sizes)
    optional = optional_apps()
    lines = ["# The app catalogue", "",
             "Generated by `make catalogue` (tools/catalogue.py) from every "
             "`apps/<category>/<app>/vyoma.toml` and the size of its "
             "`.wasm` in the build; edit the manifests, not this page. "
             "Sizes are after `wasm-opt -Oz`.", "",
             f"**{len(apps)} apps**, {kb(total)} of `.wasm` in all "
             f"(with the shared libraries, "
             f"{', '.join(f'lib_{n} {kb(s)}' for n, s in libs.items())}"
             f", docs/libraries.md); "
             f"median {kb(median)}, largest {kb(all_sizes[-1])} "
             f"({max(sizes, key=sizes.get)}). "
             f"{len(apps) - len(optional)} are in the base image; the other "
             f"{len(optional)} (apps/REPOSITORY) are packages in the signed "
             "repository, installed with `pkg install` or the store "
             "(docs/packages.md). Marked *repo* below.", "",
             "| category | apps | window / command / service | median | "
             "largest |", "|---|---|---|---|---|"]
    for cat, title, _ in CATEGORIES:
        here = [(n, m) for c, n, m in apps if c == cat]
        if not here:
            continue
        s = sorted(sizes[n] for n, _ in here)
        kinds = [sum(kind_of(m) == k for _, m in here)
                 for k in ("window", "command", "service")]
        lines.append(f"| [{title}](#{cat}) | {len(here)} | "
                     f"{' / '.join(map(str, kinds))} | "
                     f"{kb(statistics.median(s))} | {kb(s[-1])} |")
    over = over_budget(sizes)
    lines += ["", "## The budget", "",
              f"Every app at most {LIMIT // 1024} KB, the median at most "
              f"{MEDIAN_LIMIT // 1024} KB (now {kb(median)}), all together "
              f"at most {TOTAL_LIMIT // 1024} KB (now "
              f"{kb(total)}, the shared libraries included). Four "
              f"exceptions may take up to "
              f"{EXCEPTION_LIMIT // 1024} KB:", ""]
    lines += [f"- `{n}` ({kb(sizes.get(n, 0))}): {why}"
              for n, why in EXCEPTIONS.items()]
    if over:
        lines += ["", "Over the budget, not yet brought under it: " +
                  ", ".join(f"`{n}` ({kb(s)})"
                            for n, s in sorted(over.items(),
                                               key=lambda x: x[1])) + "."]
    lines += ["", "## The window apps", "",
              "![The window apps, each alone on a 640x480 screen]"
              "(apps.png)", "",
              "Left to right, top to bottom: " +
              ", ".join(f"`{n}`" for n in shown) + ".", ""]
    for cat, title, what in CATEGORIES:
        lines += [f"<a id=\"{cat}\"></a>", "",
                  f"## {title} (`apps/{cat}/`)", "", what, "",
                  "| app | kind | size | what it does | capabilities |",
                  "|---|---|---|---|---|"]
        for c, n, m in apps:
            if c != cat:
                continue
            desc = m["app"].get("description", "").replace("|", "\\|")
            where = " *repo*" if n in optional else ""
            lines.append(f"| `{n}`{where} | {kind_of(m)} | {sizes[n]:,} B | "
                         f"{desc} | {grants(m).replace('|', '/')} |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs"))
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    apps = manifests()
    windows = [n for _, n, m in apps if kind_of(m) == "window" and
               "login" not in m.get("capabilities", {})]
    print(f"  CATALOGUE {len(apps)} apps; photographing {len(windows)} "
          "window apps", flush=True)
    shown = contact_sheet(build, windows, os.path.join(args.out, "apps.png"))
    with open(os.path.join(args.out, "apps.md"), "w") as f:
        f.write(page(apps, build, shown))
    print(f"  CATALOGUE {os.path.relpath(args.out)}/apps.md, apps.png "
          f"({len(shown)} screens)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
