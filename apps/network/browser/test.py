"""browser (apps/network/browser): a Python http.server on loopback
serves two pages (browser's grant gains that address, as a user would
add it). The address is typed, a link followed by its number, the page
scrolled; an https:// address, a 404 and a link number out of range are
each told apart; script, style and comment contents are no links."""
import functools
import http.server
import os
import re
import tempfile
import textwrap
import threading

from harness import Run, check, said, window_of

TEXT = 0xE6E9EF     # VY_UI_TEXT: the page's words
ACCENT = 0x3B82F6   # VY_UI_ACCENT: a link's words

INDEX = """<!DOCTYPE html><html><head><title>Home &amp; Away</title>
<style>body { color: red } a:hover { }</style>
<script>var s = "<a href='script.html'>no</a>";</script></head>
<body><h1>Welcome</h1><p>Tom &amp; Jerry &lt;3 caf&#233; &#x41;</p>
<!-- <a href="hidden.html">hidden</a> -->
<p><a href="second.html">Second page</a> and <a href='/missing.html'>a
missing one</a> and <A HREF="http://127.0.0.1:{port}/second.html#top">the
same</A>.</p><ul><li>one</li><li>two</li></ul></body></html>
"""
SECOND = ("<html><head><title>Second</title></head><body>" +
          "".join(f"<p>Paragraph {i}: some words to fill the line, and "
                  f"<a href=index.html>home {i}</a>.</p>" for i in range(40)) +
          "</body></html>")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_browser_loads_follows_links_and_scrolls():
    site = tempfile.mkdtemp(prefix="browser-site-")
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    port = srv.server_address[1]
    with open(os.path.join(site, "index.html"), "w") as f:
        f.write(INDEX.replace("{port}", str(port)))
    with open(os.path.join(site, "second.html"), "w") as f:
        f.write(SECOND)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}"

    def prepare(run):
        path = os.path.join(run.apps_dir, "browser", "vyoma.toml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace('hosts = ["*:*"]',
                                 'hosts = ["*:*", "127.0.0.1:*"]'))

    steps = ["focus browser", "type https://example.org/", "key Enter",
             "key Ctrl+l"] + ["key Backspace"] * 20 + [
             f"type {base}/missing.html", "key Enter", "key Ctrl+l"] + \
            ["key Backspace"] * 12 + ["type index.html", "key Enter",
                                      "type 9", "key Enter", "type 1",
                                      "key Enter", "key PageDown"]
    script = "".join(f"{400 + 40 * i} {s}\n" for i, s in enumerate(steps))
    r = Run(["browser"], script=script, started=True, prepare=prepare,
            until=["[browser] browser: top "])
    srv.shutdown()
    srv.server_close()
    try:
        check(not r.timed_out, "the script ran to the scroll", r.out[-2000:])
        got = said(r, "browser", "browser: ")
        check(got[0] == "ready", "it starts ready", got)
        check(got[1] == "error only http:// pages: https://example.org/",
              "https:// is refused and said so", got)
        check(re.fullmatch(re.escape(f"loaded {base}/missing.html") +
                           r" status 404 links 0 lines \d+ title .*",
                           got[2]) is not None, "a 404 is loaded as such",
              got)
        # Welcome, Tom & Jerry <3 caf? A, the links, * one, * two: five
        # lines and the blank ones between blocks.
        check(got[3] == f"loaded {base}/index.html status 200 links 3 "
              "lines 8 title Home & Away",
              "the home page: its title with the entity decoded, three "
              "links (none from the script or the comment), its lines",
              got)
        check(got[4] == "error no such link", "link 9 does not exist", got)
        # Its text, wrapped as textwrap wraps it to the 57 columns of a
        # 480-pixel window (8 px a column, padding and scroll bar off).
        paras = [f"Paragraph {i}: some words to fill the line, and "
                 f"home {i}[{i + 1}]." for i in range(40)]
        lines = sum(len(textwrap.wrap(p, 57)) for p in paras) + 39
        check(got[5] == f"loaded {base}/second.html status 200 links 40 "
              f"lines {lines} title Second",
              "link 1 followed to the second page, wrapped by words", got)
        # 360 - 24 status - 72 above the text: 16 rows; a page is 15.
        check(got[6] == "top 15", "PageDown scrolls a page less a line",
              got)
        x, y, w, h = window_of(r, "browser")
        body = (x, y + 72, x + w, y + h - 24)
        check(r.count(TEXT, body) > 2000 and r.count(ACCENT, body) > 500,
              "the page's words and its links' words are drawn",
              (r.count(TEXT, body), r.count(ACCENT, body)))
    finally:
        r.cleanup()
