"""ipcalc (apps/network/ipcalc): 300 random networks, given by prefix
and by netmask, each block compared with what Python's ipaddress module
says of it; malformed addresses, prefixes and netmasks refused (and
refused by ipaddress too), the good arguments around them still done."""
import ipaddress
import os
import random

import harness
from command import run_command
from harness import check


def expect(arg):
    i = ipaddress.ip_interface(arg)
    n = i.network
    hosts = list(n.hosts()) if n.prefixlen >= 24 else None
    if n.prefixlen < 31:
        lo, hi = n.network_address + 1, n.broadcast_address - 1
        count = n.num_addresses - 2
    else:
        lo, hi, count = n.network_address, n.broadcast_address, n.num_addresses
    if hosts is not None:   # ipaddress's own idea of the host range
        assert (hosts[0], hosts[-1], len(hosts)) == (lo, hi, count)
    return (f"Address:   {i.ip}\nNetmask:   {n.netmask} = {n.prefixlen}\n"
            f"Network:   {n.network_address}/{n.prefixlen}\n"
            f"Broadcast: {n.broadcast_address}\nHostMin:   {lo}\n"
            f"HostMax:   {hi}\nHosts:     {count}\n")


def test_ipcalc_agrees_with_python_ipaddress():
    apps = os.path.join(harness.BUILD, "apps")
    rnd = random.Random(20)
    args = ["0.0.0.0/0", "255.255.255.255/32", "10.1.2.3/31", "10.1.2.3",
            "192.168.1.10/24", "172.16.5.4/255.240.0.0"]
    for _ in range(300):
        addr = str(ipaddress.IPv4Address(rnd.getrandbits(32)))
        bits = rnd.randint(0, 32)
        if rnd.random() < 0.3:
            mask = ipaddress.IPv4Network(f"0.0.0.0/{bits}").netmask
            args.append(f"{addr}/{mask}")
        else:
            args.append(f"{addr}/{bits}")
    rc, out, err = run_command("ipcalc " + " ".join(args), apps=apps)
    want = "\n".join(expect(a) for a in args)
    check(rc == 0 and err == b"" and out.decode() == want,
          "every block as ipaddress computes it", (rc, err, out[:300]))

    bad = ["1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/33", "1.2.3.4/",
           "01.2.3.4", "1.2.3.4/08", "1..3.4", "a.b.c.d", "1.2.3.4/-1",
           "1.2.3.4/255.0.255.0", "1.2.3.4/0.0.0.255", "1.2.3.4/24x",
           "1.2.3.4/1000", "-1.2.3.4", "1.2.3.4/255.255.255.256",
           "99999999999.1.1.1"]
    for b in bad:
        try:
            ipaddress.ip_interface(b)
            python_ok = True
        except ValueError:
            python_ok = False
        # Stricter than ipaddress: a prefix with a leading zero, and a
        # host mask (Cisco's wildcard) where a netmask belongs.
        check(python_ok == (b in ("1.2.3.4/08", "1.2.3.4/0.0.0.255")),
              f"ipaddress refuses {b!r} too", b)
        rc, out, err = run_command(f"ipcalc 10.0.0.1/8 {b} 10.0.0.2/30",
                                   apps=apps)
        check(rc == 1 and out.decode() == expect("10.0.0.1/8") + "\n" +
              expect("10.0.0.2/30") and err.decode() ==
              f"ipcalc: {b}: invalid address/prefix\n",
              f"{b!r} refused, the others done", (rc, out, err))
    rc, out, err = run_command("ipcalc", apps=apps)
    check(rc == 1 and b"missing address" in err, "no argument", err)
    rc, out, err = run_command("ipcalc --help", apps=apps)
    check(rc == 0 and out.startswith(b"Usage: ipcalc"), "--help", out)
