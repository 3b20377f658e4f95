"""System updates (issue 18, docs/updates.md), hosted: the supervisor's
`update` command checks a bundle the way PID 1 does before it writes a
slot. Without the A/B disk (hosted) nothing can be applied, so these are
the checks and the refusals; tests/boot/ota.py applies updates in
QEMU.

The hostile app, updprobe (pkgprobe's module under a manifest with the
updates capability), asks whatever it likes: bundles that were changed,
signed by the packages' key, under an expired certificate, older than
the running system; files in its /data that are links, FIFOs, too large
or outside it; applying as a user who is not an admin.
"""
import os
import shutil

from harness import check
import harness
from packages import Repo, error_of

__all__ = ["test_update_checks_bundles_like_pid1",
           "test_update_reads_only_regular_files_in_its_own_data",
           "test_update_is_for_the_capability_and_applying_for_admins"]

DAY = 86400


class Updates(Repo):
    """Repo's keys and apps, with a system key and updprobe; the running
    system is 0.18.0 (VYOMA_OS_RELEASE)."""

    def __init__(self):
        super().__init__()
        self.tool("keygen", self.keys, "system")
        shutil.copytree(os.path.join(harness.BUILD, "test-apps", "updprobe"),
                        os.path.join(self.apps, "updprobe"))
        self.release = os.path.join(self.tmp, "os-release")
        with open(self.release, "w") as f:
            f.write('NAME="VyomaOS"\nVERSION_ID=0.18.0\n')
        self.image = os.path.join(self.tmp, "slot.img")
        with open(self.image, "wb") as f:
            f.write(os.urandom(70000))

    def bundle(self, version, key="system", role="system", expires=DAY,
               name=None):
        """A bundle in updprobe's /data; its file name."""
        import time
        cert = os.path.join(self.tmp, "%s-%s.cert" % (key, role))
        self.tool("certify", self.keys, "root", key, "1",
                  str(int(time.time()) + expires), cert, role)
        name = name or "%s-%s-%s.bundle" % (version, key, role)
        self.tool("bundle", self.keys, key, cert, version, "notes for " +
                  version, self.image, os.path.join(self.data_dir(), name))
        return name

    def data_dir(self, user="user"):
        d = os.path.join(self.data, ".vyoma", "appdata", user, "updprobe")
        os.makedirs(d, exist_ok=True)
        return d

    def ask(self, *lines, user=None):
        return self.probe(*lines, user=user, app="updprobe",
                          env={"VYOMA_OS_RELEASE": self.release})


def test_update_checks_bundles_like_pid1():
    u = Updates()
    good = u.bundle("0.18.1")
    tampered = u.bundle("0.18.2", name="tampered.bundle")
    path = os.path.join(u.data_dir(), tampered)
    with open(path, "r+b") as f:
        f.seek(-100, os.SEEK_END)
        b = f.read(1)
        f.seek(-100, os.SEEK_END)
        f.write(bytes([b[0] ^ 0x40]))
    cut = u.bundle("0.18.3", name="cut.bundle")
    with open(os.path.join(u.data_dir(), cut), "r+b") as f:
        f.truncate(os.path.getsize(os.path.join(u.data_dir(), cut)) - 1)
    repo_key = u.bundle("0.18.4", key="repository", role="repository")
    uncertified = u.bundle("0.18.5", key="stranger", role="system")
    with open(os.path.join(u.tmp, "stranger-system.cert"), "rb") as f:
        stranger_cert = f.read()
    # The stranger's manifest under the system key's certificate.
    u.bundle("0.18.5", name="sys.bundle")
    data = open(os.path.join(u.data_dir(), uncertified), "rb").read()
    syscert = open(os.path.join(u.tmp, "system-system.cert"), "rb").read()
    swapped = data.replace(stranger_cert, syscert)
    with open(os.path.join(u.data_dir(), "swapped.bundle"), "wb") as f:
        f.write(swapped)
    expired = u.bundle("0.18.6", expires=-10, name="expired.bundle")
    same = u.bundle("0.18.0")
    older = u.bundle("0.17.9")
    answers, out = u.ask("update check " + good, "update check " + tampered,
                         "update check " + cut, "update check " + repo_key,
                         "update check swapped.bundle",
                         "update check " + expired, "update check " + same,
                         "update check " + older, "update status",
                         "update apply " + good)
    check(answers and answers[0] and
          answers[0][0] == "update ok 0.18.1 70000 notes for 0.18.1",
          "a good bundle checks: version, image size, notes", out)
    for i, why, what in (
            (1, "SHA-256", "a changed byte in the image"),
            (2, "the manifest says", "a bundle cut short"),
            (3, "not the \"system\" key",
             "the packages' key signing a system"),
            (4, "manifest", "a manifest not by the certified key"),
            (5, "expired", "an expired certificate"),
            (6, "not newer", "the running version"),
            (7, "not newer", "an older version"),
            (8, "A/B disk", "status without the A/B disk"),
            (9, "A/B disk", "applying without the A/B disk")):
        answer = answers[i] if i < len(answers) else None
        err = error_of(answer)
        check(err and why in err, "refused: " + what, answer or out)
    u.close()


def test_update_reads_only_regular_files_in_its_own_data():
    u = Updates()
    d = u.data_dir()
    good = u.bundle("0.18.1")
    os.symlink(os.path.join(d, good), os.path.join(d, "link.bundle"))
    os.mkfifo(os.path.join(d, "fifo.bundle"))
    os.mkdir(os.path.join(d, "dir.bundle"))
    with open(os.path.join(d, "huge.bundle"), "wb") as f:
        f.truncate(41 << 20)
    shutil.copy(os.path.join(d, good), os.path.join(u.data, "outside.bundle"))
    answers, out = u.ask("update check link.bundle",
                         "update check fifo.bundle", "update check dir.bundle",
                         "update check huge.bundle",
                         "update check ../outside.bundle",
                         "update check .hidden", "update check",
                         "update check " + "x" * 300)
    for answer, what in zip(answers, (
            "a symlink", "a FIFO (and no hang)", "a directory",
            "a file larger than a slot", "a name leaving /data",
            "a hidden name", "no name", "a line too long")):
        check(answer and error_of(answer), "refused: " + what,
              answer or out)
    check(len(answers) == 8, "every question answered", out)
    u.close()


def test_update_is_for_the_capability_and_applying_for_admins():
    u = Updates()
    check(u.run("updprobe", user="alice")[0] == 0,
          "alice, the first user, is an admin")
    good = u.bundle("0.18.1")
    shutil.copy(os.path.join(u.data_dir(), good),
                os.path.join(u.data_dir("bob"), good))
    answers, out = u.ask("update apply " + good, "update check " + good,
                         user="bob")
    check(answers and error_of(answers[0]) and
          "for admins" in error_of(answers[0]),
          "bob, not an admin, may not apply an update", out)
    check(len(answers) > 1 and answers[1][0].startswith("update ok"),
          "but may check one", out)
    # pkgprobe holds packages, not updates.
    rc, out, err = u.run("pkgprobe", "update status")
    check("the updates capability is not granted" in out + err,
          "an app without the capability is refused", out + err)
    u.close()


if __name__ == "__main__":
    import sys
    sys.exit(harness.run_alone("updates", __all__, globals()))
