"""mdview (apps/tools/mdview): a Markdown file opened as Files opens it;
its headings and code lines counted as Python counts them, headings drawn
in the accent colour, code on a panel; PageDown and Home scroll."""
import os
import re

from harness import Run, check, home_of

ACCENT = 0x3B82F6
SURFACE = 0x202736
TEXT = 0xE6E9EF

DOC = """# Notes on VyomaOS

VyomaOS runs every app as a *WASI module*, confined to the capabilities
its manifest declares. This paragraph is long enough that it has to be
wrapped over several lines of the window, **whatever** its width is.

## A list

- first item with `inline code`
- second item, long enough to wrap onto a second line of the window at
  the viewer's width, continued here
1. ordered
2. also ordered

> a quoted line

```
int main(void)
{
	return 0;
}
```

---

### Last heading #3
""" + "\n".join(f"Paragraph {i}.\n" for i in range(40))


def expected():
    heads = codes = 0
    in_code = False
    for line in DOC.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        elif in_code:
            codes += 1
        elif re.match(r"#{1,6}( |$)", line):
            heads += 1
    return heads, codes


BAD = (b"# \x01\x1b[31m\xff\xfe\xc3 head \xe2\x9c\x93\n" +
       b"\xed\xa0\x80 " * 30 + b"\xf0\x9f\x98" + b"x" * 70000 +
       b"\n```\nunclosed")


def test_mdview_renders_and_scrolls():
    """A hostile file (control characters, bytes that are not UTF-8, a
    line longer than the 64 KiB read) opened first, then DOC."""
    def prepare(run):
        home = home_of(run)
        os.makedirs(home, exist_ok=True)
        os.makedirs(run.app_data("open-file"), exist_ok=True)
        with open(os.path.join(home, "bad.markdown"), "wb") as f:
            f.write(BAD)
        with open(os.path.join(home, "notes.markdown"), "w") as f:
            f.write(DOC)
        with open(run.app_data("open-file", "open.txt"), "w") as f:
            f.write("/home/user/bad.markdown\n/home/user/notes.markdown\n")

    script = "1500 key PageDown\n1700 key Home\n"
    r = Run(["mdview", "open-file"], size="800x600", prepare=prepare,
            script=script, timeout=30,
            until=[re.compile(r"mdview: top 0$"),
                   lambda lines: sum(" lines, " in x for x in lines) == 2])
    check(not r.timed_out, "mdview opened both files and scrolled",
          r.out[-1500:])
    inst = dict(re.findall(r"reply: open /home/user/(\w+).markdown "
                           r"(mdview#\d+)", r.out))
    check(len(inst) == 2, "two instances started", r.out[-1500:])

    def said(name):
        tag = f"[{inst[name]}] mdview: "
        return [x[len(tag):] for x in r.lines if x.startswith(tag)]

    check(said("bad") and said("bad")[0].endswith(
        "lines, 1 headings, 0 code lines"), "the hostile file laid out",
        said("bad"))
    check("invalid UTF-8" not in r.out and
          not re.search(r"lines rejected [1-9]", r.out),
          "every draw line well-formed", r.out[-1500:])
    m = re.match(r"(\d+) lines, (\d+) headings, (\d+) code lines$",
                 said("notes")[0])
    check(m is not None, "the layout logged", said("notes"))
    heads, codes = expected()
    n = int(m.group(1))
    check((int(m.group(2)), int(m.group(3))) == (heads, codes),
          f"{heads} headings and {codes} code lines", said("notes"))
    check(n >= 40 + 2 * heads + codes, "every line laid out, wrapped",
          said("notes"))
    tops = [int(x[4:]) for x in said("notes") if x.startswith("top ")]
    check(len(tops) == 2 and tops[0] > 10 and tops[1] == 0,
          "PageDown scrolled a page, Home went back", tops)
    win = re.search(inst["notes"] + r": (\d+),(\d+) (\d+)x(\d+)", r.out)
    check(win is not None, "the window is in the transcript", r.out[-800:])
    x, y, w, h = map(int, win.groups())
    first = (x, y + 40, x + w, y + 56)    # the first line: "# Notes..."
    check(r.count(ACCENT, first) > 150, "the heading in the accent colour",
          r.count(ACCENT, first))
    check(r.count(TEXT, first) == 0, "and in nothing else",
          r.count(TEXT, first))
    body = (x, y + 56, x + w, y + h)
    check(r.count(SURFACE, body) > 4 * 16 * 100,
          "the code block on a panel", r.count(SURFACE, body))
    check(r.count(TEXT, body) > 2000, "the paragraphs drawn",
          r.count(TEXT, body))
    r.cleanup()
