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


def page(apps, build, shown):
    sizes = {}
    for _, name, m in apps:
        wasm = os.path.join(build, "apps", name, m["app"]["entry"])
        sizes[name] = os.path.getsize(wasm) if os.path.exists(wasm) else 0
    all_sizes = sorted(sizes.values())
    lines = ["# The app catalogue", "",
             "Generated by `make catalogue` (tools/catalogue.py) from every "
             "`apps/<category>/<app>/vyoma.toml` and the size of its "
             "`.wasm` in the build; edit the manifests, not this page. "
             "Sizes are after `wasm-opt -Oz`.", "",
             f"**{len(apps)} apps**, {kb(sum(all_sizes))} of `.wasm` in all; "
             f"median {kb(statistics.median(all_sizes))}, largest "
             f"{kb(all_sizes[-1])} "
             f"({max(sizes, key=sizes.get)}).", "",
             "| category | apps | window / command / service | median | "
             "largest |", "|---|---|---|---|---|"]
    cats = sorted({c for c, _, _ in apps})
    for cat in cats:
        here = [(n, m) for c, n, m in apps if c == cat]
        s = sorted(sizes[n] for n, _ in here)
        kinds = [sum(kind_of(m) == k for _, m in here)
                 for k in ("window", "command", "service")]
        lines.append(f"| [{cat}](#{cat}) | {len(here)} | "
                     f"{' / '.join(map(str, kinds))} | "
                     f"{kb(statistics.median(s))} | {kb(s[-1])} |")
    lines += ["", "## The window apps", "",
              "![The window apps, each alone on a 640x480 screen]"
              "(apps.png)", "",
              "Left to right, top to bottom: " +
              ", ".join(f"`{n}`" for n in shown) + ".", ""]
    for cat in cats:
        lines += [f"## {cat}", "", "| app | kind | size | what it does | "
                  "capabilities |", "|---|---|---|---|---|"]
        for c, n, m in apps:
            if c != cat:
                continue
            desc = m["app"].get("description", "").replace("|", "\\|")
            lines.append(f"| `{n}` | {kind_of(m)} | {sizes[n]:,} B | "
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
