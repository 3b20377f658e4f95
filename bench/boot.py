#!/usr/bin/env python3
"""Boot time: VyomaOS against an ordinary small Linux, in the same run.

VyomaOS: QEMU start -> the supervisor's first flushed frame (its "first
frame" line on the serial console), and the kernel's own clock when PID 1
started. The first boot on a fresh /data disk compiles every app (cold);
later boots load the compiled modules from /data (warm).

Baseline: Debian's own kernel (linux-image-amd64, unpacked from the
Debian package, not installed) with a static busybox /init that prints
the uptime and powers off: what a user would compare with. Same QEMU
machine, same devices, same accelerator.

Prints medians of several boots, both and the ratio, and whether KVM or
TCG ran them. Timings are figures, never assertions.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import qemu  # noqa: E402

CACHE = os.environ.get("VYOMA_CACHE",
                       os.path.expanduser("~/.cache/vyoma"))
TIMEOUT = 300

BASELINE_INIT = """#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
read up idle < /proc/uptime
echo "baseline: init at uptime $up"
/bin/busybox poweroff -f
"""


def debian_kernel():
    """vmlinuz from Debian's current linux-image package, cached."""
    deps = subprocess.run(["apt-cache", "depends", "linux-image-amd64"],
                          capture_output=True, text=True, check=True).stdout
    pkg = re.search(r"Depends: (linux-image-\S+-amd64)", deps).group(1)
    version = subprocess.run(
        ["apt-cache", "policy", pkg], capture_output=True, text=True,
        check=True).stdout
    version = re.search(r"Candidate: (\S+)", version).group(1)
    cached = os.path.join(CACHE, "baseline", "%s_%s" % (pkg, version))
    vmlinuz = os.path.join(cached, "vmlinuz")
    if not os.path.exists(vmlinuz):
        print("  BENCH   fetching %s %s (Debian package, unpacked only)" %
              (pkg, version), flush=True)
        tmp = tempfile.mkdtemp()
        try:
            subprocess.run(["apt-get", "download", "-q", pkg], cwd=tmp,
                           check=True, stdout=subprocess.DEVNULL)
            deb = [f for f in os.listdir(tmp) if f.endswith(".deb")][0]
            subprocess.run(["dpkg-deb", "-x", deb, "x"], cwd=tmp,
                           check=True)
            boot = os.path.join(tmp, "x", "boot")
            image = [f for f in os.listdir(boot)
                     if f.startswith("vmlinuz")][0]
            os.makedirs(cached, exist_ok=True)
            shutil.copy(os.path.join(boot, image), vmlinuz + ".tmp")
            os.rename(vmlinuz + ".tmp", vmlinuz)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return vmlinuz, "%s %s" % (pkg, version)


def busybox_initramfs(build, work):
    """A gzip cpio with static busybox and an /init that prints uptime."""
    init = os.path.join(work, "init")
    with open(init, "w") as f:
        f.write(BASELINE_INIT)
    spec = os.path.join(work, "baseline.list")
    with open(spec, "w") as f:
        f.write("dir /bin 0755 0 0\ndir /dev 0755 0 0\n"
                "nod /dev/console 0600 0 0 c 5 1\ndir /proc 0755 0 0\n"
                "file /bin/busybox /bin/busybox 0755 0 0\n"
                "file /init %s 0755 0 0\n" % init)
    out = os.path.join(work, "baseline.cpio.gz")
    cpio = subprocess.run([os.path.join(build, "images", "gen_init_cpio"),
                           "-t", "0", spec], capture_output=True,
                          check=True).stdout
    with open(out, "wb") as f:
        f.write(subprocess.run(["gzip", "-n", "-9"], input=cpio,
                               capture_output=True, check=True).stdout)
    return out


def boot_vyoma(build, disk, work):
    m = qemu.Machine(build, disk, work)
    try:
        wall, _ = m.wait_for(r"vyoma: first frame", TIMEOUT)
        _, pid1 = m.wait_for(r"PID 1 started at uptime ([\d.]+)", 5)
        _, frame = m.wait_for(r"first frame: .* uptime ([\d.]+)", 5)
        m.power_off(120)
        return wall, float(pid1.group(1)), float(frame.group(1))
    finally:
        m.kill()


def boot_baseline(build, kernel, initrd, work):
    m = qemu.Machine(build, None, work, kernel=kernel, initrd=initrd)
    try:
        wall, up = m.wait_for(r"baseline: init at uptime ([\d.]+)",
                              TIMEOUT)
        m.wait_exit(120)
        return wall, float(up.group(1))
    finally:
        m.kill()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--boots", type=int, default=5)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    work = tempfile.mkdtemp(prefix="vyoma-bench-boot-")
    try:
        kernel, kernel_name = debian_kernel()
        initrd = busybox_initramfs(build, work)
        accel, why = qemu.accel(os.path.join(build, "images", "bzImage"))
        disk = os.path.join(work, "data.img")
        qemu.make_data_disk(disk)
        vy, base = [], []
        for _ in range(args.boots):
            vy.append(boot_vyoma(build, disk, work))
            base.append(boot_baseline(build, kernel, initrd, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def med(rows, i):
        return statistics.median(r[i] for r in rows)
    cold, warm = vy[0], vy[1:] or vy
    print("boot time under %s (%s), %d boots each, medians:" %
          (accel.upper(), why, args.boots))
    print("  VyomaOS  QEMU start -> first frame: %.2f s warm, %.2f s cold "
          "(first boot compiles the apps)" % (med(warm, 0), cold[0]))
    print("  VyomaOS  kernel clock at PID 1: %.3f s; at first frame: "
          "%.3f s" % (med(warm, 1), med(warm, 2)))
    print("  baseline QEMU start -> init's line: %.2f s; kernel clock at "
          "PID 1: %.3f s (%s + busybox)" % (med(base, 0), med(base, 1),
                                            kernel_name))
    print("  ratio VyomaOS / baseline: wall %.2f, kernel to PID 1 %.2f" %
          (med(warm, 0) / med(base, 0), med(warm, 1) / med(base, 1)))


if __name__ == "__main__":
    main()
