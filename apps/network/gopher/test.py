"""gopher (apps/network/gopher): a Gopher server of the test's own on
loopback (granted to a copy of the app); its menu rendered as numbered
items with their links, a text item fetched and unstuffed, a search
sent with its query, hostile menu bytes neutralised, bad URLs refused."""
import shutil
import socket
import socketserver
import tempfile
import threading

from command import run_command
from harness import check
from netapps import granted_apps

ABOUT = b"About this hole.\r\n..dotted line\r\nlast line\r\n.\r\n"



class Handler(socketserver.StreamRequestHandler):
    seen = []

    def handle(self):
        sel = self.rfile.readline()
        Handler.seen.append(sel)
        port = self.server.server_address[1]
        if sel == b"\r\n":
            self.wfile.write(
                b"iWelcome to the test hole\tfake\t(NULL)\t0\r\n"
                b"i\tfake\t(NULL)\t0\r\n"
                b"0About this hole\t/about.txt\t127.0.0.1\t%d\r\n"
                b"1Documents\t/docs\tother.example\t70\r\n"
                b"7Search\t/search\t127.0.0.1\t%d\r\n"
                b"hWeb page\tURL:http://example.org/\t127.0.0.1\t%d\r\n"
                b"9A file with spaces\t/a b%%.bin\t127.0.0.1\t%d\r\n"
                b"1Evil \x1b[2Jclear\t/e\t127.0.0.1\t%d\r\n"
                b"a line that is no item\r\n"
                b".\r\n"
                b"iafter the end\tx\ty\t1\r\n" % ((port,) * 5))
        elif sel == b"/about.txt\r\n":
            self.wfile.write(ABOUT)
        elif sel == b"/search\tcats\r\n":
            self.wfile.write(b"0Cats\t/cats\t127.0.0.1\t%d\r\n.\r\n" % port)
        elif sel == b"/bin\r\n":
            self.wfile.write(bytes(range(256)))
        else:
            self.wfile.write(b"3Not found\terror\terror.host\t1\r\n.\r\n")


def test_gopher_renders_menus_and_fetches_text():
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    tmp = tempfile.mkdtemp(prefix="gopher-")
    base = f"gopher://127.0.0.1:{port}"
    try:
        apps = granted_apps(tmp, "gopher", "127.0.0.1:*")
        rc, out, err = run_command(f"gopher 127.0.0.1:{port}", apps=apps)
        want = (
            "    Welcome to the test hole\n"
            "    \n"
            "[1] TXT About this hole\n"
            "[2] DIR Documents\n"
            "[3] ASK Search\n"
            "[4] HTM Web page\n"
            "[5] BIN A file with spaces\n"
            "[6] DIR Evil ?[2Jclear\n"
            "    a line that is no item\n"
            "\nLinks:\n"
            f"[1] {base}/0/about.txt\n"
            "[2] gopher://other.example/1/docs\n"
            f"[3] {base}/7/search\n"
            "[4] http://example.org/\n"
            f"[5] {base}/9/a%20b%25.bin\n"
            f"[6] {base}/1/e\n")
        check(rc == 0 and out.decode() == want and
              Handler.seen[-1] == b"\r\n",
              "the root menu: info lines, numbered items, links; nothing "
              "after the '.'; no escape byte reaches the terminal",
              (rc, out.decode(), err))
        rc, out, err = run_command(f"gopher {base}/0/about.txt", apps=apps)
        check(rc == 0 and out == b"About this hole.\r\n.dotted line\r\n"
              b"last line\r\n" and Handler.seen[-1] == b"/about.txt\r\n",
              "a text item: '..' unstuffed, the closing '.' gone", out + err)
        rc, out, err = run_command(f"gopher {base}/7/search cats",
                                   apps=apps)
        check(rc == 0 and out == b"[1] TXT Cats\n\nLinks:\n"
              + f"[1] {base}/0/cats\n".encode() and
              Handler.seen[-1] == b"/search\tcats\r\n",
              "a search: the query after a tab, the answer a menu", out + err)
        rc, out, err = run_command(f"gopher {base}/7/search a b", apps=apps)
        check(rc == 1 and b"a URL and perhaps a QUERY" in err,
              "one QUERY only", err)
        rc, out, err = run_command(f"gopher {base}/9/bin", apps=apps)
        check(rc == 0 and out == bytes(range(256)),
              "a binary item byte for byte", len(out))
        rc, out, err = run_command(f"gopher {base}/1/nothing", apps=apps)
        check(rc == 0 and out == b"[1] ERR Not found\n\nLinks:\n"
              b"[1] gopher://error.host:1/3error\n", "an error item", out)
        rc, out, err = run_command(f"gopher {base}/1/a%0Db", apps=apps)
        check(rc == 1 and b"malformed Gopher URL" in err and
              Handler.seen[-1] == b"/nothing\r\n",
              "a CR in the selector is refused before it is sent", err)
        for bad in ("gopher://", "host:0", "host:70000", "host:7x/1",
                    ":70/1"):
            rc, out, err = run_command(f"gopher {bad}", apps=apps)
            check(rc == 1 and err == f"gopher: {bad}: malformed Gopher "
                  "URL\n".encode(), f"{bad!r} refused", err)
        srv.shutdown()
        srv.server_close()
        rc, out, err = run_command(f"gopher {base}/", apps=apps)
        check(rc == 1 and err == f"gopher: 127.0.0.1:{port}: Connection "
              "refused\n".encode(), "a server that is gone", err)
        rc, out, err = run_command("gopher --help", apps=apps)
        check(rc == 0 and out.startswith(b"Usage: gopher"), "--help", out)
    finally:
        srv.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
