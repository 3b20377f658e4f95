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

The hostile app, pkgprobe, holds the packages capability and asks
whatever it likes: files in its /data that are links, FIFOs or endless,
names that leave it, packages that would be a base app or hold a system
capability, a start in the middle of an upgrade (VYOMA_PKG_LOAD_AT), a
full disk. It needs build/test-apps/pkgprobe (make test-apps).
"""
import hashlib
import http.server
import os
import re
import resource
import shutil
import signal
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
           "test_packages_are_reproducible_ustar",
           "test_pkg_reads_only_regular_files_in_its_own_data",
           "test_pkg_refuses_packages_that_would_be_more_than_an_app",
           "test_pkg_changes_are_for_admins",
           "test_pkg_remove_leaves_base_apps_loaded",
           "test_pkg_reinstalling_the_same_package_keeps_the_loaded_app",
           "test_pkg_no_start_during_an_install_loads_the_old_version",
           "test_pkg_local_install_needs_an_unexpired_certificate",
           "test_pkg_upgrade_that_opens_more_file_types_needs_approval",
           "test_pkg_disk_full_during_an_install_changes_nothing",
           "test_a_package_cannot_take_a_file_type_from_a_base_app",
           "test_pkg_verify_finds_files_rewritten_with_their_record",
           "test_an_installed_app_cannot_approve_an_upgrade_through_pkg"]

DAY = 86400
GRANT = """[[capabilities.filesystem.grant]]
path = "{path}"
mount = "/x"
mode = "rw"
"""
MANIFEST = """[app]
name = "{name}"
version = "{version}"
entry = "{name}.wasm"
description = "{description}"
category = "tools"
kind = "{kind}"
{app_extra}
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
        # The hostile app: the packages capability, and anything it asks.
        shutil.copytree(os.path.join(harness.BUILD, "test-apps", "pkgprobe"),
                        os.path.join(self.apps, "pkgprobe"))
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

    def package(self, name, version, module, extra="", key="repository",
                kind="command", app_extra="", assets=None):
        """Packs build/apps/<module>'s module as app name, with assets
        (file name: bytes); its .vpk path."""
        src = os.path.join(self.tmp, "src", f"{name}-{version}-{key}", name)
        os.makedirs(src)
        shutil.copy(os.path.join(harness.BUILD, "apps", module, module + ".wasm"),
                    os.path.join(src, name + ".wasm"))
        with open(os.path.join(src, "vyoma.toml"), "w") as f:
            f.write(MANIFEST.format(name=name, version=version, extra=extra,
                                    description=f"{name} for the tests",
                                    kind=kind, app_extra=app_extra))
        for asset, data in (assets or {}).items():
            with open(os.path.join(src, asset), "wb") as f:
                f.write(data)
        out = os.path.join(self.built, key)
        os.makedirs(out, exist_ok=True)
        self.tool("pack", src, self.keys, key, out)
        return os.path.join(out, f"{name}-{version}.vpk")

    def publish(self, vpks, version, expires=DAY, key="repository", serial=1,
                cert_key=None, cert_expires=DAY):
        """Serves these packages under an index of that version."""
        now = int(time.time())
        pkgs = os.path.join(self.www, "packages")
        shutil.rmtree(pkgs)
        os.makedirs(pkgs)
        for v in vpks:
            shutil.copy(v, pkgs)
        self.tool("certify", self.keys, "root", cert_key or key, str(serial),
                  str(now + cert_expires),
                  os.path.join(self.www, "keys", "repository.cert"))
        self.tool("index", self.keys, key, str(version), str(now + expires),
                  os.path.join(self.www, "index"),
                  *[os.path.join(pkgs, os.path.basename(v)) for v in vpks])

    def run(self, *line, cut_at=None, user=None, env=None, fsize=None):
        """(status, stdout, stderr) of one boot running line (one string
        split at blanks, or the words); as user, with more of the
        environment, with files written at most fsize bytes long."""
        environ = dict(os.environ, **(env or {}))
        if cut_at:
            environ["VYOMA_PKG_CUT_AT"] = str(cut_at)
        cmd = [harness.supervisor_binary(), "--apps", self.apps, "--data",
               self.data, "--trust-root", os.path.join(self.keys, "root.pub")]
        cmd += ["--user", user] if user else []
        cmd += ["--env", f"VYOMA_REPO=http://127.0.0.1:{self.port}",
                "--run"] + list(line)

        def limit():
            # A full disk, as a write sees it: EFBIG, not a signal.
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=60, env=environ,
                           preexec_fn=limit if fsize else None)
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def probe(self, *lines, user=None, env=None, fsize=None,
              app="pkgprobe"):
        """pkgprobe (or app, its module under another manifest) asking
        each line; its answers, one list of lines (what followed "| ")
        per line asked, and the run's stderr."""
        rc, out, err = self.run(app, *lines, user=user, env=env,
                                fsize=fsize)
        answers = []
        for line in out.splitlines():
            if line.startswith("answer "):
                answers.append([] if line == "answer 0" else [line])
            elif line.startswith("| ") and answers:
                answers[-1].append(line[2:])
        return answers, out + err

    def probe_data(self, user="user"):
        """pkgprobe's /data on the host, made if missing."""
        d = os.path.join(self.data, ".vyoma", "appdata", user, "pkgprobe")
        os.makedirs(d, exist_ok=True)
        return d

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
    rc, out, err = r.run("pkg info memo")
    check(rc == 0 and "It may:\n  - connect to example.org:80\n" in out,
          "info says the new version's permissions in the supervisor's "
          "words", out + err)
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
    refused(r, "pkg install memo", "longer than expected",
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
                    + GRANT.format(path=os.path.join(r.data, target)))
        rc, out, err = r.run("thief /x/trusted /x/copy")
        check(rc != 0 and "supervisor's own" in err,
              f"a grant of {target} is refused", out + err)
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


def error_of(answer):
    """The text after "error " of an answer's error line (its first line
    but the rows saying a refused upgrade's permissions), or None."""
    rows = [a for a in answer or () if not a.startswith("pkg wider ")]
    return rows[0][6:] if rows and rows[0].startswith("error ") else None


def test_pkg_reads_only_regular_files_in_its_own_data():
    """What the supervisor reads is a regular file in the caller's own
    /data, opened without following a link and without blocking, read
    once and at most as long as it may be: links (to a package, to the
    trust store), a FIFO, a directory, an endless (sparse) file, names
    with '/', '..' or a leading dot, and lines with too many words are
    each refused, and nothing changes."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0, "the index")
    data = r.probe_data()
    outside = os.path.join(r.tmp, "outside.vpk")
    shutil.copy(one, outside)
    os.symlink(outside, os.path.join(data, "link.vpk"))
    os.symlink(os.path.join(r.data, ".vyoma", "trust", "trusted"),
               os.path.join(data, "trusted"))
    os.mkfifo(os.path.join(data, "fifo.vpk"))
    os.mkdir(os.path.join(data, "dir.vpk"))
    with open(os.path.join(data, "huge.vpk"), "wb") as f:
        f.truncate(1 << 40)
    shutil.copy(one, os.path.join(data, "memo.vpk"))
    before = r.state()
    cases = [
        ("pkg install-file link.vpk", "symbolic links"),
        ("pkg install memo link.vpk", "symbolic links"),
        ("pkg update trusted trusted", "symbolic links"),
        ("pkg install-file fifo.vpk", "not a regular file"),
        ("pkg install memo fifo.vpk", "not a regular file"),
        ("pkg update fifo.vpk fifo.vpk", "not a regular file"),
        ("pkg install-file dir.vpk", "not a regular file"),
        ("pkg install-file huge.vpk", "larger than 8388608 bytes"),
        ("pkg install memo huge.vpk", "larger than the index says"),
        ("pkg update huge.vpk huge.vpk", "larger than"),
        ("pkg install-file ../pkgprobe/memo.vpk", "not a file name"),
        ("pkg install-file ..", "not a file name"),
        ("pkg install-file .hidden", "not a file name"),
        ("pkg install memo /etc/passwd", "not a file name"),
        ("pkg install-file memo.vpk approve more", "usage"),
        ("pkg install memo memo.vpk approve more", "usage"),
        ("pkg install memo memo.vpk please", "usage"),
        ("pkg remove memo memo", "usage"),
        ("pkg", "usage"),
        ("pkg frobnicate", "unknown subcommand"),
        ("pkg install ../memo memo.vpk", "no package '../memo'"),
        ("pkg install-file memo.vpk\tapprove", "No such file"),
        ("pkg remove ../memo", "not installed"),
        ("pkg verify ../memo", "not installed"),
    ]
    answers, out = r.probe(*[line for line, _ in cases])
    check(len(answers) == len(cases), "every line is answered (no hang)", out)
    for (line, why), answer in zip(cases, answers):
        check(error_of(answer) and why in error_of(answer),
              f"{line!r} is refused: {why}", answer)
    check(r.state() == before, "nothing changed on disk")
    answers, out = r.probe("pkg  install-file   memo.vpk", "pkg list")
    check(answers and answers[0] == ["pkg installed memo 1.0"] and
          answers[1] == ["pkg installed memo 1.0", "pkg end 1"],
          "control: the same package, from a regular file, installs",
          out)
    r.close()


def test_pkg_refuses_packages_that_would_be_more_than_an_app():
    """A package cannot take a base app's name or a capability only the
    base system's apps have; one whose filesystem grants reach the
    supervisor's own tree or the whole machine installs as any app
    would, but never runs: the same rules hold for it as for a base
    app."""
    r = Repo()
    base = r.package("pkgprobe", "1.0", "echo")
    packages = r.package("sneaky", "1.0", "echo", "packages = true\n")
    desktop = r.package("shell", "1.0", "echo",
                        "display = true\ndesktop = true\n", kind="window")
    login = r.package("login", "1.0", "echo",
                      "display = true\nlogin = true\n", kind="window")
    grants = [r.data, os.path.join(r.data, ".vyoma"),
              os.path.join(r.data, ".vyoma", "packages"),
              os.path.join(r.data, ".vyoma", "home"), "/proc", "/etc"]
    grabs = [r.package(f"grab{i}", "1.0", "cp", GRANT.format(path=g))
             for i, g in enumerate(grants)]
    everyone = r.package("server", "1.0", "echo", kind="service",
                         app_extra='serves = "everyone"\n')
    r.publish([base, packages, desktop, login, everyone] + grabs, 1)
    check(r.run("pkg update")[0] == 0, "the index")
    before = r.state()
    for name, why in (("pkgprobe", "the name of an app in the base system"),
                      ("sneaky", "the packages capability"),
                      ("shell", "the desktop capability"),
                      ("login", "the login capability")):
        rc, out, err = r.run(f"pkg install {name}")
        check(rc != 0 and why in err, f"{name}: {why}", out + err)
    check(r.state() == before, "nothing changed on disk")
    for i in range(len(grabs)):
        rc, out, err = r.run(f"pkg install grab{i}")
        check(rc == 0, f"grab{i} installs (its grants are checked as it "
              "loads)", out + err)
        rc, out, err = r.run(f"grab{i}", "/x/.vyoma/trust/trusted",
                             "/x/copy")
        check(rc != 0 and ("no app may be granted that" in err or
                           "outside the directories grants may name" in err),
              f"grab{i}: its grant is refused as a base app's would be",
              out + err)
    check(not any(os.path.exists(os.path.join(g, "copy")) for g in grants),
          "nothing was copied")
    # Serving everyone is the manifest's to declare, as for a base app:
    # it installs, and only as a service (the parser's rule).
    rc, out, err = r.run("pkg install server")
    check(rc == 0 and "installed server 1.0" in out,
          "a service for everyone installs", out + err)
    r.close()


def test_pkg_changes_are_for_admins():
    """Only an admin's app may change what is installed or trusted;
    anyone may look."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkgprobe", user="alice")[0] == 0,
          "alice, the first user, is an admin")
    check(r.run("pkg update", user="alice")[0] == 0 and
          r.run("pkg install memo", user="alice")[0] == 0, "alice installs")
    shutil.copy(one, os.path.join(r.probe_data("bob"), "memo.vpk"))
    for f in ("repository.cert", "index"):
        shutil.copy(os.path.join(r.www, "keys", f) if f.endswith(".cert")
                    else os.path.join(r.www, f),
                    os.path.join(r.probe_data("bob"), f))
    before = r.state()
    answers, out = r.probe("pkg update repository.cert index",
                           "pkg install memo memo.vpk",
                           "pkg install-file memo.vpk approve",
                           "pkg remove memo", "pkg list", "pkg verify",
                           "pkg info memo", user="bob")
    for answer in answers[:4]:
        check(error_of(answer) and "for admins" in error_of(answer),
              "bob, not an admin, may not change what is installed",
              answer)
    check(answers[4:] and answers[4][0] == "pkg installed memo 1.0" and
          "pkg verify memo ok" in answers[5] and
          answers[6][0].startswith("pkg info memo 1.0"),
          "bob may look", out)
    check(r.state() == before, "nothing changed on disk")
    rc, out, err = r.run("pkg remove memo", user="bob")
    check(rc != 0 and "for admins" in err, "nor with pkg itself", out + err)
    r.close()


def ps_id(answer, name):
    """The id ps gives the app called name, or None if it is not loaded."""
    for line in answer:
        m = re.match(rf"ps {name} .* id=(\d+) ", line)
        if m:
            return m.group(1)
    return None


def test_pkg_remove_leaves_base_apps_loaded():
    """`pkg remove` of a base app's name is refused without retiring the
    base app's loaded copy (it is no package)."""
    r = Repo()
    shutil.copytree(os.path.join(harness.BUILD, "apps", "echo"),
                    os.path.join(r.apps, "echo"))
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0, "the index")
    answers, out = r.probe("spawn echo", "ps", "pkg remove echo", "ps")
    first = ps_id(answers[0], "echo") if answers else None
    check(first, "echo is loaded", out)
    check(len(answers) == 3 and error_of(answers[1]) ==
          "'echo' is not installed", "removing a base app is refused", out)
    check(len(answers) == 3 and ps_id(answers[2], "echo") == first,
          "and echo is still loaded, as it was", out)
    r.close()


def test_pkg_reinstalling_the_same_package_keeps_the_loaded_app():
    """Installing the package that is installed changes nothing: the
    loaded app is kept (not retired and loaded again, each time taking
    one of the registry's slots for good), even while it runs."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0, "the index")
    shutil.copy(one, os.path.join(r.probe_data(), "memo.vpk"))
    answers, out = r.probe("pkg install-file memo.vpk", "ps",
                           "pkg install-file memo.vpk", "ps",
                           "pkg install memo memo.vpk", "ps")
    check(len(answers) == 6 and answers[0] == ["pkg installed memo 1.0"],
          "installed", out)
    first = ps_id(answers[1], "memo") if answers else None
    check(first, "and loaded", out)
    for i in (2, 4):
        check(len(answers) == 6 and answers[i] == ["pkg same memo 1.0"] and
              ps_id(answers[i + 1], "memo") == first,
              f"again ({i // 2}): the same, and the same loaded app", out)
    r.close()


def test_pkg_no_start_during_an_install_loads_the_old_version():
    """A start of the app being upgraded, while its files change (here
    at each step of the install, VYOMA_PKG_LOAD_AT), loads neither
    version: what is loaded afterwards is the new version's manifest,
    not a copy of the old one kept until the next boot."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    two = r.package("memo", "2.0", "basename",
                    '[capabilities.network]\nhosts = ["example.org:80"]\n')
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0, "the index")
    shutil.copy(two, os.path.join(r.probe_data(), "memo2.vpk"))
    for step in range(1, 6):
        check(r.run("pkg remove memo")[0] in (0, 1) and
              r.run("pkg install memo")[0] == 0, f"step {step}: 1.0 first")
        answers, out = r.probe("pkg install-file memo2.vpk approve",
                               "caps memo",
                               env={"VYOMA_PKG_LOAD_AT": f"{step} memo"})
        check(len(answers) == 2 and answers[0] == ["pkg upgraded memo 2.0"],
              f"step {step}: upgraded", out)
        check(len(answers) == 2 and "example.org:80" in " ".join(answers[1]),
              f"a start at step {step}: what is loaded is 2.0", out)
    r.close()


def test_pkg_local_install_needs_an_unexpired_certificate():
    """A local package is trusted as signed by the repository key only
    while the certificate of that key has not expired (a freeze: a
    machine kept from updates would trust a rotated-out key for
    ever)."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    expires = int(time.time()) + 3
    r.publish([one], 1, cert_expires=3)
    check(r.run("pkg update")[0] == 0, "the index, under a certificate "
          "about to expire")
    shutil.copy(one, os.path.join(r.probe_data(), "memo.vpk"))
    while time.time() <= expires + 1:
        time.sleep(0.2)
    before = r.state()
    answers, out = r.probe("pkg install-file memo.vpk", "pkg install memo "
                           "memo.vpk")
    check(len(answers) == 2 and error_of(answers[0]) and
          "expired" in error_of(answers[0]),
          "a local package under an expired certificate is refused", out)
    check(len(answers) == 2 and error_of(answers[1]) and
          "expired" in error_of(answers[1]),
          "so is one from the index", out)
    check(r.state() == before, "nothing changed on disk")
    r.close()


def test_pkg_upgrade_that_opens_more_file_types_needs_approval():
    """An upgrade that opens a new file type (it would be started on, and
    given, files the user opens) is a wider permission: approval."""
    r = Repo()
    one = r.package("viewer2", "1.0", "echo", kind="service",
                    app_extra='opens = ["png"]\n')
    two = r.package("viewer2", "2.0", "echo", kind="service",
                    app_extra='opens = ["png", "txt"]\n')
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0 and
          r.run("pkg install viewer2")[0] == 0, "1.0, which opens png")
    shutil.copy(two, os.path.join(r.probe_data(), "two.vpk"))
    before = r.state()
    answers, out = r.probe("pkg install-file two.vpk")
    check(answers and error_of(answers[0]) and
          "approval needed" in error_of(answers[0]) and
          "opens=txt" in error_of(answers[0]) and
          "png" not in error_of(answers[0]) and
          answers[0][0] == "pkg wider open files of type txt",
          "2.0 also opens txt: approval needed, and it says for what, in "
          "words too", out)
    check(r.state() == before, "nothing changed on disk")
    answers, out = r.probe("pkg install-file two.vpk approve")
    check(answers and answers[0] == ["pkg upgraded viewer2 2.0"],
          "approved, it upgrades", out)
    r.close()


def test_a_package_cannot_take_a_file_type_from_a_base_app():
    """A package that opens .txt, named to sort before the editor, does
    not get the files the user opens: a base app that opens the type is
    chosen before any installed package."""
    r = Repo()
    for base in ("editor", "open"):
        shutil.copytree(os.path.join(harness.BUILD, "apps", base),
                        os.path.join(r.apps, base))
    aaa = r.package("aaa", "1.0", "echo", kind="service",
                    app_extra='opens = ["txt", "zzz"]\n')
    r.publish([aaa], 1)
    check(r.run("pkg update")[0] == 0 and r.run("pkg install aaa")[0] == 0,
          "a package that opens txt is installed")
    home = os.path.join(r.data, ".vyoma", "home", "user")
    os.makedirs(home, exist_ok=True)
    for name in ("a.txt", "b.zzz"):
        with open(os.path.join(home, name), "w") as f:
            f.write("hello\n")
    rc, out, err = r.run("open /home/user/a.txt")
    check(rc == 0 and "editor#" in out and "aaa" not in out,
          "a .txt still opens in the base editor", out + err)
    rc, out, err = r.run("open /home/user/b.zzz")
    check(rc == 0 and "aaa#" in out,
          "a type no base app opens goes to the package", out + err)
    r.close()


def test_pkg_verify_finds_files_rewritten_with_their_record():
    """Someone who rewrites an installed module and its line in the
    record together fools a check of the files against the record; pkg
    verify also makes the package again from the files and checks it
    against the trusted index and key."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0 and r.run("pkg install memo")[0] == 0,
          "installed")
    rc, out, err = r.run("pkg verify memo")
    check(rc == 0 and "memo ok" in out and "damaged=0 unverified=0" in out,
          "a whole install verifies", out + err)
    d = os.path.realpath(os.path.join(r.data, ".vyoma", "packages", "apps",
                                      "memo"))
    module = os.path.join(d, "memo.wasm")
    with open(module, "rb") as f:
        data = bytearray(f.read())
    data[-1] ^= 1
    with open(module, "wb") as f:
        f.write(data)
    record = os.path.join(d, ".package")
    with open(record) as f:
        lines = f.read().splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("file memo.wasm "):
            lines[i] = "file memo.wasm %d %s\n" % (
                len(data), hashlib.sha256(data).hexdigest())
    with open(record, "w") as f:
        f.write("".join(lines))
    rc, out, err = r.run("pkg verify memo")
    check(rc != 0 and "memo damaged" in out and "damaged=1" in out,
          "the module and its record rewritten together: damaged", out + err)
    r.close()


def test_an_installed_app_cannot_approve_an_upgrade_through_pkg():
    """An installed app that may spawn (here a shell, packaged) runs
    `pkg -y upgrade`: the child pkg descends from a package, so it holds
    no packages capability and cannot approve another app's wider
    upgrade behind the person's back; the same from the base image's sh
    is the person's own command and works."""
    r = Repo()
    shutil.copytree(os.path.join(harness.BUILD, "apps", "sh"),
                    os.path.join(r.apps, "sh"))
    one = r.package("memo", "1.0", "echo")
    two = r.package("memo", "2.0", "basename",
                    '[capabilities.network]\nhosts = ["example.org:80"]\n')
    psh = r.package("psh", "1.0", "sh", "spawn = true\nshell = true\n"
                    'filesystem = { user = "rw" }\n\n[resources]\n'
                    'memory = "256MiB"\n')
    r.publish([one, psh], 1)
    check(r.run("pkg update")[0] == 0 and r.run("pkg install memo")[0] == 0
          and r.run("pkg install psh")[0] == 0, "memo 1.0 and psh installed")
    r.publish([two, psh], 2)
    check(r.run("pkg update")[0] == 0, "memo 2.0, which asks for more")
    before = r.state()
    rc, out, err = r.run("psh", "-c", "pkg -y upgrade memo")
    check(rc != 0 and "upgraded" not in out, "pkg run by an installed app "
          "cannot approve an upgrade", out + err)
    check(r.state() == before, "nothing changed on disk")
    check(r.run("memo a/b")[1] == "a/b\n", "memo is still 1.0")
    rc, out, err = r.run("sh", "-c", "pkg -y upgrade memo")
    check(rc == 0 and "upgraded memo 2.0" in out,
          "the base system's sh runs pkg as the person's command", out + err)
    r.close()


def test_pkg_disk_full_during_an_install_changes_nothing():
    """A write that fails while a package is unpacked (a full disk)
    leaves the installed version as it was, and nothing half-made."""
    r = Repo()
    one = r.package("memo", "1.0", "echo")
    two = r.package("memo", "2.0", "basename",
                    assets={"picture.png": b"\x89PNG" * (32 << 10)})
    r.publish([one], 1)
    check(r.run("pkg update")[0] == 0 and
          r.run("pkg install memo")[0] == 0, "1.0")
    shutil.copy(two, os.path.join(r.probe_data(), "memo2.vpk"))
    before = r.state()
    # No file may grow past 64 KiB: the 128 KiB picture's write fails.
    answers, out = r.probe("pkg install-file memo2.vpk", fsize=64 << 10)
    check(answers and error_of(answers[0]) and
          "cannot install memo" in error_of(answers[0]),
          "the install fails, saying why", out)
    check(r.state() == before, "nothing changed on disk")
    rc, out, err = r.run("memo a/b")
    check(rc == 0 and out == "a/b\n", "1.0 still runs", out + err)
    r.close()


if __name__ == "__main__":
    import sys
    sys.exit(harness.run_alone("packages", __all__, globals()))
