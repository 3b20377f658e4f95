"""Packages (issue 17, docs/packages.md): the pkg command against a
repository served over HTTP on this machine, with its own keys; the
supervisor checks every signature, length, hash, version and
capability, and installs atomically. Each scenario's runs share one
--data directory: a run is a boot.

Hostile cases serve what an attacker would (a flipped byte, another
package's bytes, an index signed by an unknown key, an old index, an
expired one, an endless download) and check that the refusal says why
and that nothing under the trust store or the installed-apps tree
changed. The power-cut cases end the supervisor at each step of an
install and an upgrade (VYOMA_PKG_CUT_AT, hosted only); the next boot
finds the old version or the new one, whole.
"""
import hashlib
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import time

from harness import check
import harness

__all__ = ["test_pkg_installs_runs_upgrades_and_removes",
           "test_pkg_refuses_tampered_replayed_and_expired_data",
           "test_pkg_power_cut_at_every_step",
           "test_apps_cannot_reach_the_installed_apps_or_the_trust_store",
           "test_packages_are_reproducible_ustar"]

DAY = 86400
MANIFEST = """[app]
name = "{name}"
version = "{version}"
entry = "{name}.wasm"
description = "{description}"
category = "tools"
kind = "command"

[capabilities]
stdio = true
{extra}"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Repo:
    """Keys, a served repository directory, and a data directory."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="vyoma-pkg-")
        self.keys = os.path.join(self.tmp, "keys")
        self.www = os.path.join(self.tmp, "www")
        self.built = os.path.join(self.tmp, "built")
        self.data = os.path.join(self.tmp, "data")
        self.apps = os.path.join(self.tmp, "apps")
        for d in (self.built, os.path.join(self.www, "packages"),
                  os.path.join(self.www, "keys"), self.apps):
            os.makedirs(d)
        for k in ("root", "repository", "stranger"):
            self.tool("keygen", self.keys, k)
        # pkg, granted this machine's loopback (its own manifest names
        # only the QEMU host's address).
        pkg = os.path.join(self.apps, "pkg")
        shutil.copytree(os.path.join(harness.BUILD, "apps", "pkg"), pkg)
        path = os.path.join(pkg, "vyoma.toml")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace('hosts = ["10.0.2.2:8765"]',
                                 'hosts = ["127.0.0.1:*"]'))
        handler = lambda *a, **k: Quiet(*a, directory=self.www, **k)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def tool(self, *args):
        p = subprocess.run([os.path.join(harness.BUILD, "bin", "vyoma-repo")] +
                           list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        if p.returncode:
            raise RuntimeError(p.stderr.decode())

    def package(self, name, version, module, extra="", key="repository"):
        """Packs build/apps/<module>'s module as app name; its .vpk path."""
        src = os.path.join(self.tmp, "src", f"{name}-{version}-{key}", name)
        os.makedirs(src)
        shutil.copy(os.path.join(harness.BUILD, "apps", module, module + ".wasm"),
                    os.path.join(src, name + ".wasm"))
        with open(os.path.join(src, "vyoma.toml"), "w") as f:
            f.write(MANIFEST.format(name=name, version=version, extra=extra,
                                    description=f"{name} for the tests"))
        out = os.path.join(self.built, key)
        os.makedirs(out, exist_ok=True)
        self.tool("pack", src, self.keys, key, out)
        return os.path.join(out, f"{name}-{version}.vpk")

    def publish(self, vpks, version, expires=DAY, key="repository", serial=1,
                cert_key=None):
        """Serves these packages under an index of that version."""
        now = int(time.time())
        pkgs = os.path.join(self.www, "packages")
        shutil.rmtree(pkgs)
        os.makedirs(pkgs)
        for v in vpks:
            shutil.copy(v, pkgs)
        self.tool("certify", self.keys, "root", cert_key or key, str(serial),
                  str(now + DAY), os.path.join(self.www, "keys", "repository.cert"))
        self.tool("index", self.keys, key, str(version), str(now + expires),
                  os.path.join(self.www, "index"),
                  *[os.path.join(pkgs, os.path.basename(v)) for v in vpks])

    def run(self, line, cut_at=None):
        """(status, stdout, stderr) of one boot running line."""
        env = dict(os.environ)
        if cut_at:
            env["VYOMA_PKG_CUT_AT"] = str(cut_at)
        cmd = [harness.supervisor_binary(), "--apps", self.apps, "--data",
               self.data, "--trust-root", os.path.join(self.keys, "root.pub"),
               "--env", f"VYOMA_REPO=http://127.0.0.1:{self.port}",
               "--run", line]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60, env=env)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def state(self):
        """A digest of every file under the trust store and the tree."""
        h = hashlib.sha256()
        for sub in ("trust", "packages"):
            root = os.path.join(self.data, ".vyoma", sub)
            for dirpath, dirs, files in sorted(os.walk(root)):
                dirs.sort()
                for name in sorted(files + [d for d in dirs if os.path.islink(
                        os.path.join(dirpath, d))]):
                    p = os.path.join(dirpath, name)
                    h.update(p.encode())
                    if os.path.islink(p):
                        h.update(os.readlink(p).encode())
                    else:
                        with open(p, "rb") as f:
                            h.update(f.read())
        return h.hexdigest()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def test_pkg_installs_runs_upgrades_and_removes():
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    two = r.package("memo", "2.0", "basename",
                    '[capabilities.network]\nhosts = ["example.org:80"]\n')
    r.publish([one], 1)
    rc, out, err = r.run("pkg update")
    check(rc == 0 and "updated version=1 packages=1" in out,
          "pkg update fetches the index, the supervisor trusts it", out + err)
    rc, out, err = r.run("pkg search memo")
    check(rc == 0 and "memo 1.0 - memo for the tests" in out, "search", out + err)
    rc, out, err = r.run("pkg info memo")
    check(rc == 0 and "installed: no" in out and "It may:" in out,
          "info says what the app may do, in words", out + err)
    rc, out, err = r.run("memo a/b")
    check(rc == 127, "not installed yet: no such command", err)
    rc, out, err = r.run("pkg install memo")
    check(rc == 0 and "installed memo 1.0" in out, "install", out + err)
    rc, out, err = r.run("memo a/b")
    check(rc == 0 and out == "a/b\n", "the installed app runs, after a reboot",
          out + err)
    rc, out, err = r.run("pkg list")
    check("memo 1.0" in out, "list", out)
    rc, out, err = r.run("pkg verify")
    check(rc == 0 and "memo ok" in out and "damaged=0" in out, "verify", out)

    # 2.0 may also connect to example.org: not without approval.
    r.publish([two], 2)
    check(r.run("pkg update")[0] == 0, "the new index")
    before = r.state()
    rc, out, err = r.run("pkg upgrade")
    check(rc != 0 and "connect to example.org:80" in err,
          "an upgrade that asks for more says what, in words, and stops",
          out + err)
    check(r.state() == before, "nothing changed on disk")
    check(r.run("memo a/b")[1] == "a/b\n", "still 1.0")
    rc, out, err = r.run("pkg -y upgrade")
    check(rc == 0 and "upgraded memo 2.0" in out, "approved, it upgrades",
          out + err)
    rc, out, err = r.run("memo a/b")
    check(out == "b\n", "2.0 runs", out + err)
    rc, out, err = r.run("pkg remove memo")
    check(rc == 0 and "removed memo" in out, "remove", out + err)
    check(r.run("memo a/b")[0] == 127, "removed: no such command")
    store = os.path.join(r.data, ".vyoma", "packages", "store")
    check(os.listdir(store) == [], "nothing of it is left", os.listdir(store))
    r.close()


def refused(r, line, why, what):
    before = r.state()
    rc, out, err = r.run(line)
    check(rc != 0 and why in err, what, out + err)
    check(r.state() == before, f"{what}: nothing changed on disk")


def test_pkg_refuses_tampered_replayed_and_expired_data():
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    other = r.package("other", "1.0", "true")
    r.publish([one, other], 5)
    check(r.run("pkg update")[0] == 0, "a good index first")
    served = os.path.join(r.www, "packages", "memo-1.0.vpk")

    with open(one, "rb") as f:
        good = f.read()
    flipped = bytearray(good)
    flipped[2000] ^= 1
    with open(served, "wb") as f:
        f.write(flipped)
    refused(r, "pkg install memo", "does not match the index's SHA-256",
            "a flipped byte in a package")
    # Another package's bytes, validly signed: the index's hash says no.
    shutil.copy(other, served)
    refused(r, "pkg install memo", "the index says", "another package's bytes")
    with open(served, "wb") as f:
        f.write(good + b"\0" * 4096)
    refused(r, "pkg install memo", "longer than the index says",
            "a package longer than its declared length")
    with open(served, "wb") as f:
        f.write(good)

    # An index naming other's bytes as memo's: signature and hash hold,
    # the manifest inside does not.
    with open(os.path.join(r.www, "index")) as f:
        index = f.read()
    body = index[:index.rindex("signature ")]
    other_hash = hashlib.sha256(open(other, "rb").read()).hexdigest()
    lines = body.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("package memo "):
            lines[i] = (f"package memo 1.0 tools {os.path.getsize(other)} "
                        f"{other_hash}\n")
    forged = "".join(lines).replace("version 5\n", "version 6\n")
    body_path = os.path.join(r.tmp, "body")
    with open(body_path, "w") as f:
        f.write(forged)
    r.tool("sign-index", r.keys, "repository", body_path,
           os.path.join(r.www, "index"))
    check(r.run("pkg update")[0] == 0, "the swapped index is signed")
    shutil.copy(other, served)
    refused(r, "pkg install memo", "holds other 1.0, not the index's memo",
            "a package swapped for another one's (valid signature, wrong name)")

    # Indexes the supervisor must not trust.
    r.tool("sign-index", r.keys, "stranger", body_path,
           os.path.join(r.www, "index"))
    refused(r, "pkg update", "does not match the repository key",
            "an index re-signed by an untrusted key")
    r.publish([one, other], 3)
    refused(r, "pkg update", "replayed", "an old index replayed")
    r.publish([one, other], 7, expires=-60)
    refused(r, "pkg update", "expired", "an expired index")
    r.publish([one, other], 8)
    r.tool("certify", r.keys, "stranger", "repository", "9",
           str(int(time.time()) + DAY),
           os.path.join(r.www, "keys", "repository.cert"))
    refused(r, "pkg update", "certificate", "a certificate not signed by the root")

    # A local package signed by a key the root never certified.
    local = r.package("memo", "1.0", "echo", key="stranger")
    home = os.path.join(r.tmp, "home")
    os.makedirs(home)
    shutil.copy(local, home)
    before = r.state()
    cmd_home = ["--home", home]
    p = subprocess.run([harness.supervisor_binary(), "--apps", r.apps, "--data",
                        r.data, "--trust-root", os.path.join(r.keys, "root.pub")] +
                       cmd_home + ["--run", "pkg install /home/user/memo-1.0.vpk"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    check(p.returncode != 0 and b"signed by another key" in p.stderr,
          "a local package signed by an untrusted key", p.stderr)
    check(r.state() == before, "nothing changed on disk")
    r.close()


def test_pkg_power_cut_at_every_step():
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    two = r.package("memo", "2.0", "basename")
    for step in range(1, 6):
        for upgrade in (False, True):
            name = "upgrade" if upgrade else "install"
            # A fresh machine each time: no trust, nothing installed.
            shutil.rmtree(os.path.join(r.data, ".vyoma"), ignore_errors=True)
            r.publish([one], 1)
            check(r.run("pkg update")[0] == 0, "the index")
            if upgrade:
                check(r.run("pkg install memo")[0] == 0, "1.0 first")
                r.publish([two], 2)
                check(r.run("pkg update")[0] == 0, "the index with 2.0")
            rc, out, err = r.run("pkg install memo", cut_at=step)
            check(rc == 137, f"{name}: cut at step {step}", out + err)
            rc, out, err = r.run("pkg verify")
            check(rc == 0 and "damaged=0" in out,
                  f"{name} cut at {step}: pkg verify agrees", out + err)
            rc, out, _ = r.run("memo a/b")
            old = "a/b\n" if upgrade else ""
            new = "b\n" if upgrade else "a/b\n"
            check(out == (new if step == 5 else old),
                  f"{name} cut at {step}: the {'new' if step == 5 else 'old'} "
                  "version, whole", out)
            leftovers = [n for n in os.listdir(os.path.join(
                r.data, ".vyoma", "packages", "store")) if n.startswith(".")]
            check(not leftovers, f"{name} cut at {step}: nothing half-made "
                  "is left", leftovers)
    r.close()


def test_apps_cannot_reach_the_installed_apps_or_the_trust_store():
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkg install memo")[0] != 0, "no index yet: nothing to install")
    check(r.run("pkg update")[0] == 0 and r.run("pkg install memo")[0] == 0,
          "installed")
    before = r.state()
    # An app whose manifest grants the supervisor's own tree.
    for target in (".vyoma/packages", ".vyoma/trust", ".vyoma"):
        d = os.path.join(r.apps, "thief")
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        shutil.copy(os.path.join(harness.BUILD, "apps", "cp", "cp.wasm"),
                    os.path.join(d, "thief.wasm"))
        with open(os.path.join(d, "vyoma.toml"), "w") as f:
            f.write(f'[app]\nname = "thief"\nversion = "1"\nentry = "thief.wasm"\n'
                    f'kind = "command"\n\n[capabilities]\nstdio = true\n'
                    f'filesystem = {{ grant = ["{r.data}/{target}:/x:rw"] }}\n')
        rc, out, err = r.run("thief /x/trusted /x/copy")
        check(rc != 0, f"a grant of {target} is refused", out + err)
    shutil.rmtree(os.path.join(r.apps, "thief"))
    # pkg asked to read outside its /data.
    for name in ("../../.vyoma/trust/trusted", "/etc/passwd", ".hidden"):
        p = subprocess.run([harness.supervisor_binary(), "--apps", r.apps,
                            "--data", r.data, "--trust-root",
                            os.path.join(r.keys, "root.pub"), "--run",
                            f"pkg install memo {name}"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60)
        check(p.returncode != 0, f"pkg install from {name!r} is refused",
              p.stderr)
    check(r.state() == before, "nothing changed on disk")
    r.close()


def test_packages_are_reproducible_ustar():
    r = Repo()
    a = r.package("memo", "1.0", "echo")
    first = open(a, "rb").read()
    os.unlink(a)
    shutil.rmtree(os.path.join(r.tmp, "src"))
    b = r.package("memo", "1.0", "echo")
    check(open(b, "rb").read() == first,
          "the same sources and key give the same bytes")
    p = subprocess.run(["tar", "tvf", b], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    names = [line.split()[-1] for line in p.stdout.decode().splitlines()]
    check(p.returncode == 0 and names == ["vyoma.toml", "memo.wasm", ".signature"],
          "GNU tar reads it: the manifest, the module, the signature", p.stdout + p.stderr)
    check(" 0/0 " in p.stdout.decode() and "1970-01-01" in p.stdout.decode(),
          "no build machine's owner or time in it", p.stdout)
    r.close()


if __name__ == "__main__":
    import sys
    sys.exit(harness.run_alone("packages", __all__, globals()))
